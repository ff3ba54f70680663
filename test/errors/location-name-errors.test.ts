/**
 * Values that end up in IDs, locations and names (issue 9, defect 6): references
 * that must be complete, locations that must agree, names unique in their scope.
 */
import { TerraformVariable } from 'cdktf';
import { ModelBucket } from '../../lib/gcp/model-bucket';
import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GpuNodePool } from '../../lib/gke/gpu-node-pool';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SliceControllerCluster } from '../../lib/gke/slice-controller-cluster';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { HelmChartRelease } from '../../lib/k8s/helm-chart-release';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { ManifestRelease } from '../../lib/k8s/manifest-release';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resources, synth, testStack, withCluster } from '../helpers/synth';

describe('reservation references', () => {
  test('a block without a project is refused (it was written as projects/undefined/reservations/...)', () => {
    expect(errorOf(() => ReservationAffinity.specific({ name: 'ironwood', block: 'block-0' }))).toBe(
      'Reservation "ironwood" block "block-0" has no project, so its path would read projects/undefined/reservations/.... '
      + 'Allowed: a `project` with every reservation block: projects/<project>/reservations/<name>/reservationBlocks/<block>. '
      + 'Fix: pass `project`: the node pool\'s project, or the project that shares the reservation');
  });

  test('a sub-block without its block is refused (it was silently dropped)', () => {
    expect(errorOf(() => ReservationAffinity.specific({ project: 'my-project', name: 'ironwood', subBlock: 'sub-block-1' }))).toBe(
      'Reservation "ironwood" sub-block "sub-block-1" has no block, so it would be dropped. '
      + 'Allowed: a sub-block only inside a block (`block` and `subBlock` together). Fix: pass the `block` that holds the sub-block, or remove `subBlock`');
  });

  test('a project that is not a project ID is refused', () => {
    expect(errorOf(() => ReservationAffinity.specific({ project: 'My Project', name: 'ironwood', block: 'block-0' }))).toBe(
      'Reservation "ironwood" names project "My Project", which is not a project ID. '
      + 'Allowed: a project ID: 6-30 lowercase letters, digits and hyphens, starting with a letter (e.g. "my-project"). '
      + 'Fix: pass the ID (not the name or number) of the project that owns the reservation');
  });

  test('reservation and block names follow the Compute Engine rules', () => {
    expect(errorOf(() => ReservationAffinity.specific({ name: 'Ironwood_1' }))).toBe(
      'Reservation name "Ironwood_1" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "ironwood-1"');
    expect(errorOf(() => ReservationAffinity.specific({ project: 'my-project', name: 'ironwood', block: 'Block 0' }))).toContain(
      'Reservation "ironwood" block name "Block 0" would be rejected by GKE.');
  });

  test('complete references are written in full; variables pass through to plan time', () => {
    expect(ReservationAffinity.specific({ project: 'my-project', name: 'ironwood', block: 'block-0', subBlock: 'sub-1' }).reservation)
      .toBe('projects/my-project/reservations/ironwood/reservationBlocks/block-0/reservationSubBlocks/sub-1');
    expect(ReservationAffinity.specific({ project: 'example.com:my-project', name: 'r' }).reservation).toBe('projects/example.com:my-project/reservations/r');
    const stack = testStack();
    const project = new TerraformVariable(stack, 'reservation_project', { type: 'string' });
    expect(ReservationAffinity.specific({ project: project.stringValue, name: 'r', block: 'block-0' }).reservation).toContain('/reservations/r/reservationBlocks/block-0');
  });
});

describe('locations that must agree', () => {
  test('a node pool zone outside the cluster region is refused', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-east5-b' }))).toBe(
      'Node pool "v6e" zone "us-east5-b" is not in the location of cluster "test-cluster" "us-central1". '
      + 'Allowed: a zone of us-central1 (e.g. "us-central1-a"). Fix: use a zone of the cluster\'s region (or the zone of a zonal cluster)');
    expect(errorOf(() => new GpuNodePool(stack, 'Gpu', { cluster, name: 'l4', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1' }))).toBe(
      'Node pool "l4" zone "us-central1" is not in the location of cluster "test-cluster" "us-central1". '
      + 'Allowed: a zone of us-central1 (e.g. "us-central1-a"). Fix: use a zone of the cluster\'s region (or the zone of a zonal cluster)');
    new TpuNodePool(stack, 'Ok', { cluster, name: 'v6e-ok', machineType: 'ct6e-standard-4t', zone: 'us-central1-ai1a' });
  });

  test('a node pool of a zonal cluster must use the cluster zone', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { location: 'us-central1-b' });
    expect(errorOf(() => new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-c' }))).toBe(
      'Node pool "v6e" zone "us-central1-c" is not in the location of cluster "test-cluster" "us-central1-b". '
      + 'Allowed: "us-central1-b". Fix: use a zone of the cluster\'s region (or the zone of a zonal cluster)');
  });

  test('a superslice zone outside the workload policy region is refused', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new SuperslicePool(stack, 'S', {
      cluster, region: 'us-central1', zone: 'us-east5-a', reservation: ReservationAffinity.specific({ name: 'r' }),
    }))).toBe('SuperslicePool zone "us-east5-a" is not in the region of the workload policy "us-central1". '
      + 'Allowed: a zone of us-central1 (e.g. "us-central1-a"). Fix: use a zone of the region (the workload policy and the pools must be in the same region)');
  });

  test('a slice controller cluster in another region than its network is refused', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const network = new TpuNetwork(stack, 'Network', { region: 'us-east5' });
    expect(errorOf(() => new SliceControllerCluster(stack, 'C', { project: 'my-project', region: 'us-central1', network, name: 'tpu-serving-cluster' }))).toBe(
      'Cluster "tpu-serving-cluster" region "us-central1" is not in the region of network "network-main" subnets "us-east5". '
      + 'Allowed: "us-east5". Fix: create the TpuNetwork in the cluster\'s region (its subnets are regional)');
  });

  test('an Anywhere Cache outside the region of a regional bucket is refused; multi-regions are not checked', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-east5' });
    expect(errorOf(() => new ModelBucket(stack, 'B', { name: 'my-weights', location: 'us-east5', cacheZones: ['us-central1-b'] }))).toBe(
      'Anywhere Cache zone "us-central1-b" is not in the region of bucket location "us-east5". Allowed: a zone of us-east5 (e.g. "us-east5-a"). '
      + 'Fix: cache in a zone of the bucket\'s region, or create the bucket in the accelerators\' region');
    new ModelBucket(stack, 'Multi', { name: 'my-weights-us', location: 'US', cacheZones: ['us-central1-b'] });
    expect(resources(synth(stack), 'google_storage_anywhere_cache').map(([, c]) => c.zone)).toEqual(['us-central1-b']);
  });
});

describe('names unique within their scope', () => {
  test('node pool names are unique within a cluster', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    new TpuNodePool(stack, 'A', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-b' });
    expect(errorOf(() => new GpuNodePool(stack, 'B', { cluster, name: 'v6e', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1-b' }))).toBe(
      'GKE node pool name "v6e" is used twice in cluster "test-cluster" (by test/A and test/B). '
      + 'Allowed: one GKE node pool per name in cluster "test-cluster". Fix: rename one of them (e.g. "v6e-2")');
  });

  test('the same pool name in two clusters is fine', () => {
    const stack = testStack();
    const { cluster, network } = withCluster(stack);
    const other = new GkeCluster(stack, 'Other', {
      name: 'other-cluster', project: 'my-project', location: 'us-central1', network: network.network.id, subnetwork: network.tpuSubnet.id,
    });
    new TpuNodePool(stack, 'A', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-b' });
    new TpuNodePool(stack, 'B', { cluster: other, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-b' });
    expect(resources(synth(stack), 'google_container_node_pool').filter(([, p]) => p.name === 'v6e')).toHaveLength(2);
  });

  test('Helm releases are unique within a namespace', () => {
    const stack = testStack();
    withCluster(stack);
    new ManifestRelease(stack, 'Objects', { releaseName: 'infra', namespace: 'serving' });
    expect(errorOf(() => new HelmChartRelease(stack, 'Chart', { releaseName: 'infra', chart: 'oci://example.com/charts/infra', version: '1.0.0', namespace: 'serving' }))).toBe(
      'Helm release name "infra" is used twice in namespace "serving" (by test/Objects and test/Chart). '
      + 'Allowed: one Helm release per name in namespace "serving". Fix: rename one of them (e.g. "infra-2")');
    // Another namespace is another scope.
    new HelmChartRelease(stack, 'Elsewhere', { releaseName: 'infra', chart: 'oci://example.com/charts/infra', version: '1.0.0', namespace: 'other' });
  });

  test('two releases cannot ship the same object (kind, namespace, name)', () => {
    const stack = testStack();
    withCluster(stack);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'serving' }, data: { a: 'b' } };
    new ManifestRelease(stack, 'One', { releaseName: 'one', namespace: 'serving', objects: [cm] });
    expect(errorOf(() => new ManifestRelease(stack, 'Two', { releaseName: 'two', namespace: 'serving', objects: [cm] }))).toBe(
      'ConfigMap name "settings" is used twice in namespace "serving" (by release "one" (test/One) and release "two" (test/Two)). '
      + 'Allowed: one ConfigMap per name in namespace "serving". Fix: rename one of them (e.g. "settings-2")');
  });

  test('service account IDs are unique within the project', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    new WorkloadIdentityAccount(stack, 'Reader', { cluster, accountId: 'tpu-reader-sa', namespace: 'default', kubernetesServiceAccount: 'ray-ksa' });
    expect(errorOf(() => new WorkloadIdentityAccount(stack, 'Writer', { cluster, accountId: 'tpu-reader-sa', namespace: 'default', kubernetesServiceAccount: 'writer' }))).toBe(
      'Service account name "tpu-reader-sa" is used twice in project "my-project" (by test/Reader and test/Writer). '
      + 'Allowed: one Service account per name in project "my-project". Fix: rename one of them (e.g. "tpu-reader-sa-2")');
  });
});

describe('Kubernetes names created directly', () => {
  test('a namespace is created once per cluster', () => {
    const stack = testStack();
    withCluster(stack);
    new K8sNamespace(stack, 'A', { name: 'serving' });
    expect(errorOf(() => new K8sNamespace(stack, 'B', { name: 'serving' }))).toBe(
      'Kubernetes namespace name "serving" is used twice in the cluster (by test/A and test/B). '
      + 'Allowed: one Kubernetes namespace per name in the cluster. Fix: rename one of them (e.g. "serving-2")');
  });

  test('a token Secret and a shipped Secret of the same name and namespace collide', () => {
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'serving' });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
    new TokenSecret(stack, 'Hf', { namespace: ns, name: 'hf-secret', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hf-secret', namespace: 'serving' }, stringData: { a: 'b' } };
    expect(errorOf(() => new ManifestRelease(stack, 'Objects', { releaseName: 'objects', namespace: 'serving', objects: [secret] }))).toBe(
      'Secret name "hf-secret" is used twice in namespace "serving" (by test/Hf and release "objects" (test/Objects)). '
      + 'Allowed: one Secret per name in namespace "serving". Fix: rename one of them (e.g. "hf-secret-2")');
  });
});
