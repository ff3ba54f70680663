/**
 * GkeCluster.fromClusterAttributes: an existing cluster, read through
 * data.google_container_cluster, receives providers, releases, Workload Identity
 * grants and node pools; what it cannot do fails with coded messages.
 */
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GkeFeatureVersions } from '../../lib/gke/gke-version';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { HelmChartRelease } from '../../lib/k8s/helm-chart-release';
import { KueueStack } from '../../lib/kueue/kueue-stack';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { checkStack } from '../../scripts/verify/tf-schema';
import { errorOf, Json, resourceNamed, resources, synth, testStack } from '../helpers/synth';

function existing(attrs: Partial<Parameters<typeof GkeCluster.fromClusterAttributes>[2]> = {}) {
  const stack = testStack('existing');
  GoogleProviders.configure(stack, { project: 'svc-project', region: 'europe-west4' });
  const cluster = GkeCluster.fromClusterAttributes(stack, 'Shared', {
    name: 'platform-cluster', location: 'europe-west4', project: 'svc-project', ...attrs,
  });
  return { stack, cluster };
}

const DATA = 'data.google_container_cluster.Shared_Cluster_';

function dataAddress(json: Json): string {
  const ids = Object.keys(json.data.google_container_cluster);
  expect(ids).toHaveLength(1);
  return `data.google_container_cluster.${ids[0]}`;
}

describe('GkeCluster.fromClusterAttributes', () => {
  test('reads the cluster with a data source; providers, releases and namespaces go to it', () => {
    const { stack, cluster } = existing({ nodeServiceAccountEmail: 'nodes@svc-project.iam.gserviceaccount.com' });
    ClusterProviders.configure(stack, { cluster });
    const ns = new K8sNamespace(stack, 'Ns', { name: 'serving', cluster });
    new HelmChartRelease(stack, 'Lws', { cluster, releaseName: 'lws', chart: 'lws', repository: 'oci://registry.k8s.io/lws/charts', version: 'v0.8.0', namespace: 'lws-system' });
    const json = synth(stack);
    const data = dataAddress(json);
    expect(data.startsWith(DATA)).toBe(true);
    expect(Object.values(json.data.google_container_cluster)[0]).toMatchObject({ name: 'platform-cluster', location: 'europe-west4', project: 'svc-project' });
    expect(json.resource.google_container_cluster).toBeUndefined();
    expect(json.provider.kubernetes).toEqual([expect.objectContaining({
      host: `https://\${${data}.endpoint}`, cluster_ca_certificate: `\${base64decode(${data}.master_auth[0].cluster_ca_certificate)}`,
    })]);
    expect(json.provider.helm[0].kubernetes.host).toBe(`https://\${${data}.endpoint}`);
    expect(resourceNamed(json, 'helm_release', 'lws').provider).toBe('helm');
    expect(resourceNamed(json, 'kubernetes_namespace_v1', 'serving').provider).toBe('kubernetes');
    expect(ns.cluster).toBe(cluster);
    expect(cluster.clusterId).toMatch(/^\$\{TfToken\[/);
  });

  test('postconditions check at plan time what the attributes claim: Autopilot or not, the Workload Identity pool, feature versions', () => {
    const { stack, cluster } = existing();
    cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
    cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
    const json = synth(stack);
    const post = (Object.values(json.data.google_container_cluster)[0] as Json).lifecycle.postcondition;
    expect(post.map((p: Json) => p.condition)).toEqual([
      '${self.enable_autopilot == false}',
      '${length(self.workload_identity_config) > 0 && self.workload_identity_config[0].workload_pool == "svc-project.svc.id.goog"}',
      expect.stringContaining('self.master_version'),
    ]);
    expect(post[0].error_message).toBe('Cluster "platform-cluster" is an Autopilot cluster. Fix: set `autopilot: true` in GkeCluster.fromClusterAttributes().');
    expect(post[1].error_message).toBe('Cluster "platform-cluster" does not run Workload Identity with pool svc-project.svc.id.goog. '
      + 'Fix: enable Workload Identity on the cluster, or set `workloadIdentity: false` in GkeCluster.fromClusterAttributes().');
    expect(post[2].error_message).toMatch(/^dynamic super-slicing needs GKE 1\.35\.2-gke\.1842000 or later, but the control plane of cluster "platform-cluster" runs/);
    expect(cluster.workloadPool).toBe('svc-project.svc.id.goog');
    expect(cluster.autopilot).toBe(false);
  });

  test('Autopilot and no Workload Identity: the conditions follow the attributes', () => {
    const { stack, cluster } = existing({ autopilot: true, workloadIdentity: false });
    const json = synth(stack);
    const post = (Object.values(json.data.google_container_cluster)[0] as Json).lifecycle.postcondition;
    expect(post).toEqual([{
      condition: '${self.enable_autopilot == true}',
      error_message: 'Cluster "platform-cluster" is not an Autopilot cluster. Fix: set `autopilot: false` in GkeCluster.fromClusterAttributes().',
    }]);
    expect(cluster.workloadPool).toBeUndefined();
  });

  test('a known minVersion below a feature minimum fails at synth time', () => {
    const { cluster } = existing({ minVersion: '1.34.1-gke.1000000' });
    expect(errorOf(() => cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING))).toBe(
      'GKE version "1.34.1-gke.1000000" is too old for dynamic super-slicing. Allowed: "1.35.2-gke.1842000" or later. '
      + 'Fix: upgrade the control plane of cluster "platform-cluster" to 1.35.2-gke.1842000 or later (gcloud container clusters upgrade --master), '
      + 'then raise `minVersion` in GkeCluster.fromClusterAttributes()');
    const newer = existing({ minVersion: '1.36.0-gke.3712000' }).cluster;
    expect(() => newer.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING)).not.toThrow();
    expect(cluster.minVersion?.text).toBe('1.34.1-gke.1000000');
  });

  test('node pools are added to the existing cluster by its ID and run as the given node service account', () => {
    const { stack, cluster } = existing({ nodeServiceAccountEmail: 'nodes@svc-project.iam.gserviceaccount.com' });
    new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'europe-west4-a' });
    const json = synth(stack);
    const pool = resourceNamed(json, 'google_container_node_pool', 'v6e');
    expect(pool.cluster).toBe(`\${${dataAddress(json)}.id}`);
    expect(pool.location).toBe('europe-west4');
    expect(pool.node_config.service_account).toBe('nodes@svc-project.iam.gserviceaccount.com');
  });

  test('controllers and queues install into the existing cluster next to a cluster this stack creates', () => {
    const { stack, cluster } = existing({ nodeServiceAccountEmail: 'nodes@svc-project.iam.gserviceaccount.com' });
    const own = new GkeCluster(stack, 'Own', { name: 'own-cluster', project: 'svc-project', location: 'us-central1' });
    ClusterProviders.configure(stack, { cluster: own });
    ClusterProviders.configure(stack, { cluster, alias: 'shared' });
    const platform = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'europe-west4-a' });
    const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'training', cluster });
    new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, dynamicSlicing: false });
    const json = synth(stack);
    const data = dataAddress(json);
    expect(json.provider.helm.map((p: Json) => [p.alias, p.kubernetes.host])).toEqual([
      [undefined, expect.stringMatching(/^https:\/\/\$\{google_container_cluster\.Own_Cluster_[0-9A-F]+\.endpoint\}$/)],
      ['shared', `https://\${${data}.endpoint}`],
    ]);
    expect(resources(json, 'helm_release').map(([, r]) => `${r.name} ${r.provider}`).sort()).toEqual([
      'jobset helm.shared', 'kueue helm.shared', 'kueue-objects helm.shared', 'lws helm.shared',
    ]);
    expect(resourceNamed(json, 'kubernetes_namespace_v1', 'training').provider).toBe('kubernetes.shared');
    // The data source and its arguments are in the google 7.x schema the project verifies against.
    expect(checkStack('existing', json).findings).toEqual([]);
  });

  test('Workload Identity grants wait for the data source (no cluster resource to wait for)', () => {
    const { stack, cluster } = existing();
    new WorkloadIdentityAccount(stack, 'Reader', { cluster, accountId: 'reader', namespace: 'serving', kubernetesServiceAccount: 'reader' });
    const json = synth(stack);
    const bindings = resources(json, 'google_service_account_iam_member');
    expect(bindings).toHaveLength(1);
    expect(bindings[0][1].depends_on).toEqual([dataAddress(json)]);
  });

  test('errors: no node service account to add a pool with, no L1 resource, an invalid name', () => {
    const { stack, cluster } = existing();
    expect(errorOf(() => new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'europe-west4-a' }))).toBe(
      'Imported GKE cluster existing/Shared has no `nodeServiceAccountEmail` (it was not given when importing). '
      + 'Allowed: attributes passed to GkeCluster.fromClusterAttributes(). Fix: pass `nodeServiceAccountEmail` to GkeCluster.fromClusterAttributes()');
    expect(errorOf(() => cluster.resource)).toBe(
      'Imported GKE cluster existing/Shared does not support the `resource` attribute (this stack does not manage it). '
      + 'Allowed: GKE clusters this stack creates. Fix: use `clusterId`, `endpoint`, `clusterCaCertificate` or `dependable`, which imported clusters provide');
    expect(errorOf(() => existing({ name: 'Platform_Cluster' }))).toMatch(/^GKE cluster name "Platform_Cluster" would be rejected by GKE/);
  });
});
