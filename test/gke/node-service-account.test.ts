import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GpuNodePool } from '../../lib/gke/gpu-node-pool';
import { NODE_SERVICE_ACCOUNT_ROLES, NodeServiceAccount, nodeServiceAccountId } from '../../lib/gke/node-service-account';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, Json, resources, synth, testStack, withCluster } from '../helpers/synth';

const only = (json: Json, type: string): [string, Json] => {
  const all = resources(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};

describe('dedicated node service account (GKE "Configure GKE node service accounts")', () => {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  new TpuNodePool(stack, 'Tpu', { cluster, name: 'v6e', machineType: 'ct6e-standard-1t', zone: 'us-central1-b' });
  new GpuNodePool(stack, 'Gpu', { cluster, name: 'l4', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1-b' });
  const json = synth(stack);
  const [accountId, account] = only(json, 'google_service_account');
  const email = `\${google_service_account.${accountId}.email}`;

  test('one account <cluster>-nodes with exactly the least-privilege node role, granted before the cluster', () => {
    expect(account).toMatchObject({ account_id: 'test-cluster-nodes', project: 'my-project', display_name: 'GKE nodes (test-cluster-nodes)' });
    const grants = resources(json, 'google_project_iam_member').map(([, m]) => [m.project, m.role, m.member]);
    expect(grants).toEqual([['my-project', 'roles/container.defaultNodeServiceAccount', `\${google_service_account.${accountId}.member}`]]);
    expect(NODE_SERVICE_ACCOUNT_ROLES).toEqual(['roles/container.defaultNodeServiceAccount']);
    const [, c] = only(json, 'google_container_cluster');
    expect(c.depends_on).toEqual([`google_project_iam_member.${resources(json, 'google_project_iam_member')[0][0]}`]);
    expect(cluster.nodeServiceAccountEmail).toBe(cluster.nodeServiceAccount!.email);
  });

  test('system, TPU and GPU pools run as it, with the GKE metadata server and Shielded VM integrity monitoring', () => {
    const pools: Record<string, Json> = Object.fromEntries(resources(json, 'google_container_node_pool').map(([, p]) => [p.name, p.node_config]));
    expect(Object.keys(pools).sort()).toEqual(['l4', 'system-pool', 'v6e']);
    for (const nc of Object.values(pools)) {
      expect([nc.service_account, nc.workload_metadata_config]).toEqual([email, { mode: 'GKE_METADATA' }]);
    }
    // Secure Boot on the general-purpose system nodes; off on accelerator pools unless asked for.
    expect(pools['system-pool'].shielded_instance_config).toEqual({ enable_secure_boot: true, enable_integrity_monitoring: true });
    expect(pools.v6e.shielded_instance_config).toEqual({ enable_secure_boot: false, enable_integrity_monitoring: true });
    expect(pools.l4.shielded_instance_config).toEqual({ enable_secure_boot: false, enable_integrity_monitoring: true });
  });

  test('Dataplane V2 by default; no cluster-level node_config (it would replace the cluster on every apply)', () => {
    const [, c] = only(json, 'google_container_cluster');
    expect(c.datapath_provider).toBe('ADVANCED_DATAPATH');
    expect(c.node_config).toBeUndefined();
  });
});

describe('node service account options', () => {
  test('an existing account replaces the dedicated one; Secure Boot can be turned on for an accelerator pool', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    const cluster = new GkeCluster(stack, 'Cluster', { name: 'c1', project: 'p', location: 'us-central1', nodeServiceAccount: 'nodes@p.iam.gserviceaccount.com', dataplaneV2: false });
    new TpuNodePool(stack, 'Tpu', { cluster, name: 'v6e', machineType: 'ct6e-standard-1t', zone: 'us-central1-b', secureBoot: true });
    const json = synth(stack);
    expect(json.resource.google_service_account).toBeUndefined();
    expect(json.resource.google_project_iam_member).toBeUndefined();
    const pools = resources(json, 'google_container_node_pool').map(([, p]) => [p.name, p.node_config.service_account, p.node_config.shielded_instance_config.enable_secure_boot]);
    expect(pools).toEqual([['system-pool', 'nodes@p.iam.gserviceaccount.com', true], ['v6e', 'nodes@p.iam.gserviceaccount.com', true]]);
    expect(only(json, 'google_container_cluster')[1].datapath_provider).toBeUndefined();
  });

  test('Autopilot provisions its nodes as the dedicated account (cluster_autoscaling.auto_provisioning_defaults)', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
    new AutopilotCluster(stack, 'Cluster', { name: 'ray-llm-cluster', project: 'p', region: 'us-east5' });
    const json = synth(stack);
    const [accountId, account] = only(json, 'google_service_account');
    expect(account.account_id).toBe('ray-llm-cluster-nodes');
    expect(only(json, 'google_container_cluster')[1].cluster_autoscaling).toEqual({
      auto_provisioning_defaults: { service_account: `\${google_service_account.${accountId}.email}` },
    });
    expect(resources(json, 'google_project_iam_member').map(([, m]) => m.role)).toEqual(['roles/container.defaultNodeServiceAccount']);
  });

  test('account IDs: derived from the cluster name within 30 characters; invalid IDs are rejected', () => {
    expect(nodeServiceAccountId('tpu-gpu-fungibility')).toBe('tpu-gpu-fungibility-nodes');
    expect(nodeServiceAccountId('a-very-long-cluster-name-for-tpu-serving')).toBe('a-very-long-cluster-name-nodes');
    expect(nodeServiceAccountId('abcdefghijklmnopqrstuvw-xyz')).toBe('abcdefghijklmnopqrstuvw-nodes');
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    expect(errorOf(() => new NodeServiceAccount(stack, 'Bad', { project: 'p', accountId: 'gke' }))).toBe(
      'Node service account ID "gke" is not supported. '
      + 'Allowed: "6-30 characters: a lowercase letter, then lowercase letters, digits or hyphens, not ending in a hyphen". Fix: pass a shorter or valid accountId');
  });
});

describe('cluster hardening options (off by default)', () => {
  test('defaults: public nodes, no NAT, control plane not restricted', () => {
    const stack = testStack();
    withCluster(stack);
    const json = synth(stack);
    const [, c] = only(json, 'google_container_cluster');
    expect([c.private_cluster_config, c.master_authorized_networks_config]).toEqual([undefined, undefined]);
    expect(json.resource.google_compute_router_nat).toBeUndefined();
  });

  test('private nodes come with a Cloud Router and NAT in the cluster region; authorized networks restrict the control plane', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    new GkeCluster(stack, 'Cluster', {
      name: 'c1', project: 'p', location: 'us-central1-b', network: 'vpc', privateNodes: true, masterAuthorizedNetworks: ['203.0.113.0/24'],
    });
    const json = synth(stack);
    const [, c] = only(json, 'google_container_cluster');
    expect(c.private_cluster_config).toEqual({ enable_private_nodes: true });
    expect(c.master_authorized_networks_config).toEqual({ cidr_blocks: [{ cidr_block: '203.0.113.0/24' }] });
    const [routerId, router] = only(json, 'google_compute_router');
    expect(router).toMatchObject({ name: 'c1-router', network: 'vpc', region: 'us-central1' });
    expect(only(json, 'google_compute_router_nat')[1]).toMatchObject({
      name: 'c1-nat', router: `\${google_compute_router.${routerId}.name}`, region: 'us-central1',
      nat_ip_allocate_option: 'AUTO_ONLY', source_subnetwork_ip_ranges_to_nat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
    });
  });

  test('a malformed authorized network is rejected', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    expect(errorOf(() => new GkeCluster(stack, 'Cluster', { name: 'c1', project: 'p', location: 'us-central1', masterAuthorizedNetworks: ['203.0.113.0'] })))
      .toMatch(/^Master authorized network "203\.0\.113\.0" is not an IPv4 CIDR range\./);
  });
});
