/**
 * TpuNetwork.fromNetworkAttributes: an existing network, including a Shared VPC
 * of a host project, referenced by ID; the cluster uses its subnetwork and its
 * secondary ranges.
 */
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { SliceControllerCluster } from '../../lib/gke/slice-controller-cluster';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { checkProxySubnet, GkeGatewayClass } from '../../lib/serving/pd/inference-gateway';
import { errorOf, resources, synth, testStack } from '../helpers/synth';

describe('TpuNetwork.fromNetworkAttributes', () => {
  test('Shared VPC: the cluster in the service project uses the host project\'s network, subnetwork and secondary ranges', () => {
    const stack = testStack('shared');
    GoogleProviders.configure(stack, { project: 'svc-project', region: 'us-central1' });
    const network = TpuNetwork.fromNetworkAttributes(stack, 'SharedVpc', {
      project: 'host-project', networkName: 'shared-net', region: 'us-central1', subnetworkName: 'tpu-subnet',
      podsRangeName: 'tpu-pods', servicesRangeName: 'tpu-services', proxySubnetCidr: '10.129.0.0/23',
    });
    expect(network.networkId).toBe('projects/host-project/global/networks/shared-net');
    expect(network.subnetworkId).toBe('projects/host-project/regions/us-central1/subnetworks/tpu-subnet');
    expect(network.proxySubnetCidr).toBe('10.129.0.0/23');
    new SliceControllerCluster(stack, 'Cluster', { name: 'tpu-serving', project: 'svc-project', region: 'us-central1', network });
    const json = synth(stack);
    const [, cluster] = resources(json, 'google_container_cluster')[0];
    expect(cluster).toMatchObject({
      network: 'projects/host-project/global/networks/shared-net',
      subnetwork: 'projects/host-project/regions/us-central1/subnetworks/tpu-subnet',
      ip_allocation_policy: { cluster_secondary_range_name: 'tpu-pods', services_secondary_range_name: 'tpu-services' },
    });
    // Nothing of the network is created or read: it belongs to the host project.
    for (const type of ['google_compute_network', 'google_compute_subnetwork', 'google_compute_firewall']) expect(resources(json, type)).toEqual([]);
    expect(json.data?.google_compute_network).toBeUndefined();
    expect(json.data?.google_compute_subnetwork).toBeUndefined();
  });

  test('without secondary range names the cluster keeps GKE-managed ranges (an empty ip_allocation_policy)', () => {
    const stack = testStack('plain');
    GoogleProviders.configure(stack, { project: 'p', region: 'europe-west4' });
    const network = TpuNetwork.fromNetworkAttributes(stack, 'Vpc', { project: 'p', networkName: 'vpc', region: 'europe-west4', subnetworkName: 'nodes' });
    expect(network.podsRangeName).toBeUndefined();
    expect(network.proxySubnetCidr).toBeUndefined();
    new GkeCluster(stack, 'Cluster', { name: 'c', project: 'p', location: 'europe-west4', network: network.networkId, subnetwork: network.subnetworkId });
    const [, cluster] = resources(synth(stack), 'google_container_cluster')[0];
    expect(cluster.ip_allocation_policy).toEqual({});
    expect(cluster.subnetwork).toBe('projects/p/regions/europe-west4/subnetworks/nodes');
  });

  test('regional Gateway classes need the proxy-only subnet the attributes name; global classes do not', () => {
    const stack = testStack('gw');
    const attrs = { project: 'host', networkName: 'vpc', region: 'us-central1', subnetworkName: 'nodes' };
    const without = TpuNetwork.fromNetworkAttributes(stack, 'Without', attrs);
    const withProxy = TpuNetwork.fromNetworkAttributes(stack, 'With', { ...attrs, proxySubnetCidr: '10.129.0.0/23' });
    expect(errorOf(() => checkProxySubnet(GkeGatewayClass.L7_RILB, without))).toBe(
      'Gateway class "gke-l7-rilb" needs a proxy-only subnet in the region, but the network has none. Allowed: a TpuNetwork with `proxySubnetCidr` set. '
      + 'Fix: keep the TpuNetwork default proxy-only subnet (172.16.0.0/26) or pick a global Gateway class');
    expect(() => checkProxySubnet(GkeGatewayClass.L7_RILB, withProxy)).not.toThrow();
    expect(() => checkProxySubnet(GkeGatewayClass.L7_GLOBAL_EXTERNAL_MANAGED, without)).not.toThrow();
  });

  test('errors: names Compute Engine rejects, a malformed proxy range, a subnetwork in another region than the cluster', () => {
    const stack = testStack('bad');
    const attrs = { project: 'host', networkName: 'vpc', region: 'us-central1', subnetworkName: 'nodes' };
    expect(errorOf(() => TpuNetwork.fromNetworkAttributes(stack, 'A', { ...attrs, subnetworkName: 'Nodes_1' }))).toBe(
      'Subnetwork name "Nodes_1" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "nodes-1"');
    expect(errorOf(() => TpuNetwork.fromNetworkAttributes(stack, 'B', { ...attrs, podsRangeName: '-pods' }))).toMatch(/^Pod secondary range name "-pods"/);
    expect(errorOf(() => TpuNetwork.fromNetworkAttributes(stack, 'C', { ...attrs, proxySubnetCidr: '10.0.0.0/33' }))).toMatch(/^Proxy-only subnet range "10\.0\.0\.0\/33"/);
    const network = TpuNetwork.fromNetworkAttributes(stack, 'D', attrs);
    expect(errorOf(() => new SliceControllerCluster(stack, 'Cluster', { name: 'tpu-serving', project: 'p', region: 'europe-west4', network }))).toBe(
      'Cluster "tpu-serving" region "europe-west4" is not in the region of network "vpc" subnets "us-central1". '
      + 'Allowed: "us-central1". Fix: create the TpuNetwork in the cluster\'s region (its subnets are regional)');
  });
});
