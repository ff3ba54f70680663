/**
 * Per-cluster wiring: every in-cluster construct deploys into the cluster it is
 * given (or its namespace's cluster). Two clusters in one stack get their own
 * kubernetes and helm providers; unwired, ambiguous and mismatched targets fail.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { ClusterCredentials, ClusterProviders } from '../../lib/k8s/cluster-providers';
import { HelmChartRelease } from '../../lib/k8s/helm-chart-release';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { ManifestRelease } from '../../lib/k8s/manifest-release';
import { NamespaceNetworkPolicy } from '../../lib/k8s/namespace-network-policy';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { KueueStack, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { FungibleComputeClass } from '../../lib/serving/fungible/fungible-compute-class';
import { seedTiers, vllmServer } from '../serving/fungibility-fixture';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, Json, resources, synth, testStack } from '../helpers/synth';

interface Region {
  readonly network: TpuNetwork;
  readonly cluster: GkeCluster;
}

function region(stack: TerraformStack, id: string, location: string): Region {
  const network = new TpuNetwork(stack, `${id}Network`, { region: location, namePrefix: `${id.toLowerCase()}-net` });
  const cluster = new GkeCluster(stack, id, {
    name: `${id.toLowerCase()}-cluster`, project: 'my-project', location, network: network.networkId, subnetwork: network.subnetworkId,
  });
  return { network, cluster };
}

/** Two regional clusters, each wired explicitly, each with a namespace, a chart, carrier objects and a secret. */
function twoRegions(): { stack: TerraformStack; us: Region; eu: Region } {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
  const us = region(stack, 'Us', 'us-central1');
  const eu = region(stack, 'Europe', 'europe-west4');
  ClusterProviders.configure(stack, { cluster: us.cluster, baseDependencies: [us.cluster.systemNodePool] });
  ClusterProviders.configure(stack, { cluster: eu.cluster, baseDependencies: [eu.cluster.systemNodePool] });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
  for (const [id, r] of [['Us', us], ['Eu', eu]] as const) {
    const ns = new K8sNamespace(stack, `${id}Ns`, { name: 'serving', cluster: r.cluster });
    new HelmChartRelease(stack, `${id}Lws`, {
      cluster: r.cluster, releaseName: 'lws', chart: 'lws', repository: 'oci://registry.k8s.io/lws/charts', version: 'v0.8.0', namespace: 'lws-system',
    });
    new ManifestRelease(stack, `${id}Objects`, {
      cluster: ns.cluster, releaseName: 'objects', namespace: 'serving',
      objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'serving' }, data: { region: id } }],
    });
    new TokenSecret(stack, `${id}Token`, { namespace: ns, name: 'hf-token', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
    new NamespaceNetworkPolicy(stack, `${id}Policy`, { namespace: ns });
  }
  return { stack, us, eu };
}

/** The logical ID of the only resource of `type` whose ID starts with `part`. */
function byIdKey(json: Json, type: string, part: string): string {
  const found = resources(json, type).filter(([id]) => id.startsWith(part));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${part}, found ${found.length}`);
  return found[0][0];
}

/** The resource of `type` whose logical ID starts with `part`. */
function byId(json: Json, type: string, part: string): Json {
  const found = resources(json, type).filter(([id]) => id.startsWith(part));
  if (found.length !== 1) throw new Error(`expected one ${type} starting with ${part}, found ${found.length}`);
  return found[0][1];
}

describe('two clusters in one stack', () => {
  const { stack, us, eu } = twoRegions();
  const json = synth(stack);
  const address = (type: string, prefix: string): string => `${type}.${byIdKey(json, type, prefix)}`;
  const US = address('google_container_cluster', 'Us_');
  const EU = address('google_container_cluster', 'Europe_');

  test('each cluster gets its own kubernetes and helm provider: the first un-aliased, the second aliased after its construct path', () => {
    expect(Object.keys(json.resource.google_container_cluster).map((id) => `google_container_cluster.${id}`).sort()).toEqual([EU, US]);
    expect(json.provider.kubernetes.map((p: Json) => [p.alias, p.host])).toEqual([
      [undefined, `https://\${${US}.endpoint}`],
      ['europe', `https://\${${EU}.endpoint}`],
    ]);
    expect(json.provider.helm.map((p: Json) => [p.alias, p.kubernetes.host, p.kubernetes.cluster_ca_certificate])).toEqual([
      [undefined, `https://\${${US}.endpoint}`, `\${base64decode(${US}.master_auth[0].cluster_ca_certificate)}`],
      ['europe', `https://\${${EU}.endpoint}`, `\${base64decode(${EU}.master_auth[0].cluster_ca_certificate)}`],
    ]);
    expect(ClusterProviders.of(stack, us.cluster).alias).toBeUndefined();
    expect(ClusterProviders.of(stack, eu.cluster).alias).toBe('europe');
    expect(ClusterProviders.all(stack).map((p) => p.node.id)).toEqual(['ClusterProviders', 'ClusterProviders-europe']);
  });

  test.each([
    ['helm_release', 'UsLws', 'helm'], ['helm_release', 'EuLws', 'helm.europe'],
    ['helm_release', 'UsObjects', 'helm'], ['helm_release', 'EuObjects', 'helm.europe'],
    ['helm_release', 'UsPolicy', 'helm'], ['helm_release', 'EuPolicy', 'helm.europe'],
    ['kubernetes_namespace_v1', 'UsNs', 'kubernetes'], ['kubernetes_namespace_v1', 'EuNs', 'kubernetes.europe'],
    ['kubernetes_secret_v1', 'UsToken', 'kubernetes'], ['kubernetes_secret_v1', 'EuToken', 'kubernetes.europe'],
  ])('%s %s goes through provider %s', (type, id, provider) => {
    expect(byId(json, type, id).provider).toBe(provider);
  });

  test('every in-cluster resource names a provider and waits for its own cluster\'s system pool only', () => {
    const inCluster = [...resources(json, 'helm_release'), ...resources(json, 'kubernetes_namespace_v1')];
    expect(inCluster).toHaveLength(8);
    for (const [id, r] of inCluster) {
      const eu = id.startsWith('Eu');
      expect(r.provider).toBe(eu ? (id.includes('Ns') ? 'kubernetes.europe' : 'helm.europe') : (id.includes('Ns') ? 'kubernetes' : 'helm'));
      const pools = (r.depends_on ?? []).filter((d: string) => d.startsWith('google_container_node_pool.'));
      expect(pools).toEqual([address('google_container_node_pool', eu ? 'Europe_' : 'Us_')]);
    }
  });

  test('the same release and namespace names are fine on two clusters (names are unique per cluster)', () => {
    expect(resources(json, 'helm_release').filter(([, r]) => r.name === 'lws')).toHaveLength(2);
    expect(resources(json, 'kubernetes_namespace_v1').map(([, r]) => r.metadata.name)).toEqual(['serving', 'serving']);
  });

  test('namespaces, releases and secrets know their cluster', () => {
    const euNs = stack.node.findChild('EuNs') as K8sNamespace;
    expect(euNs.cluster).toBe(eu.cluster);
    expect((stack.node.findChild('UsObjects') as ManifestRelease).cluster).toBe(us.cluster);
    expect((stack.node.findChild('EuLws') as HelmChartRelease).cluster).toBe(eu.cluster);
  });

  test('a release that names no cluster is ambiguous in a stack with two', () => {
    expect(errorOf(() => new HelmChartRelease(stack, 'Anywhere', { releaseName: 'x', chart: './chart', namespace: 'default' }))).toBe(
      'Helm release "x" (test/Anywhere) names no cluster, and stack test has providers for several. '
      + 'Allowed: cluster "us-cluster" (test/Us), cluster "europe-cluster" (test/Europe). '
      + 'Fix: pass `cluster` (or a namespace created on the target cluster)');
    expect(errorOf(() => ClusterProviders.of(stack))).toBe(
      'Construct test names no cluster, and stack test has providers for several. '
      + 'Allowed: cluster "us-cluster" (test/Us), cluster "europe-cluster" (test/Europe). '
      + 'Fix: pass `cluster` (or a namespace created on the target cluster)');
  });
});

describe('wiring errors', () => {
  function oneWired(): { stack: TerraformStack; us: Region; eu: Region } {
    const stack = testStack('wiring');
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const us = region(stack, 'Us', 'us-central1');
    const eu = region(stack, 'Europe', 'europe-west4');
    ClusterProviders.configure(stack, { cluster: us.cluster });
    return { stack, us, eu };
  }

  test('a cluster the stack did not configure is an error, never a redirect to the configured one', () => {
    const { stack, eu } = oneWired();
    const message = 'cluster "europe-cluster" (wiring/Europe) has no kubernetes and helm providers in stack wiring. '
      + 'Allowed: the clusters configured with ClusterProviders.configure(): cluster "us-cluster" (wiring/Us). '
      + 'Fix: call ClusterProviders.configure(stack, { cluster }) for this cluster before creating constructs that deploy into it, or target a configured cluster';
    expect(errorOf(() => new K8sNamespace(stack, 'Ns', { name: 'serving', cluster: eu.cluster }))).toBe(message);
    expect(errorOf(() => new HelmChartRelease(stack, 'Rel', { cluster: eu.cluster, releaseName: 'x', chart: './c', namespace: 'default' }))).toBe(message);
    expect(errorOf(() => new ManifestRelease(stack, 'Objs', { cluster: eu.cluster, releaseName: 'x' }))).toBe(message);
  });

  test('a namespace on another cluster than the one given is a mismatch', () => {
    const { stack, us, eu } = oneWired();
    ClusterProviders.configure(stack, { cluster: eu.cluster });
    const euNs = new K8sNamespace(stack, 'EuNs', { name: 'serving', cluster: eu.cluster });
    const platform = new SuperslicePool(stack, 'Superslice', {
      cluster: us.cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: 1, reservation: ReservationAffinity.specific({ name: 'r' }),
    });
    expect(errorOf(() => new KueueStack(stack, 'Kueue', {
      cluster: us.cluster, platform, workloadNamespace: euNs, sliceController: recipeSliceController('5'.repeat(64)),
    }))).toBe('KueueStack wiring/Kueue targets cluster "us-cluster" (wiring/Us), but its namespace "serving" is on cluster "europe-cluster" (wiring/Europe). '
      + 'Allowed: a namespace of the target cluster. '
      + 'Fix: create the namespace on cluster "us-cluster" (wiring/Us), or target the namespace\'s cluster');
    expect(errorOf(() => ClusterProviders.forTarget(stack, { what: 'Thing', cluster: us.cluster, namespace: euNs }))).toMatch(/^Thing targets cluster "us-cluster"/);
  });

  test('a vLLM server whose namespace is on another cluster than its ComputeClass is a mismatch', () => {
    const { stack, us, eu } = oneWired();
    ClusterProviders.configure(stack, { cluster: eu.cluster });
    const cc = new FungibleComputeClass(stack, 'Class', { cluster: us.cluster, name: 'vllm-fallback', zone: 'us-central1-b', tiers: seedTiers() });
    const namespace = new K8sNamespace(stack, 'EuNs', { name: 'serving', cluster: eu.cluster });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
    const secret = new TokenSecret(stack, 'Hf', { namespace, name: 'hf-secret', key: 'hf_api_token', source: SecretSource.fromVariable(token) });
    expect(errorOf(() => vllmServer({ stack, cluster: us.cluster, namespace, secret }, cc))).toBe(
      'FungibleVllmServer wiring/Vllm targets cluster "us-cluster" (wiring/Us), but its namespace "serving" is on cluster "europe-cluster" (wiring/Europe). '
      + 'Allowed: a namespace of the target cluster. '
      + 'Fix: create the namespace on cluster "us-cluster" (wiring/Us), or target the namespace\'s cluster');
  });

  test('a cluster configured twice is an error; so is configuring a cluster after constructs wired it on first use', () => {
    const { stack, us } = oneWired();
    expect(errorOf(() => ClusterProviders.configure(stack, { cluster: us.cluster }))).toBe(
      'cluster "us-cluster" (wiring/Us) already has kubernetes and helm providers in stack wiring. '
      + 'Allowed: one ClusterProviders.configure() per cluster and stack, before constructs that deploy into the cluster. '
      + 'Fix: configure each cluster once, before creating constructs that deploy into it, and use ClusterProviders.of(scope, cluster) elsewhere');
  });

  test('a stack without providers still fails clearly for a construct that names no cluster', () => {
    const stack = testStack('bare');
    expect(errorOf(() => new ManifestRelease(stack, 'Objs', { releaseName: 'x' }))).toBe(
      'Stack bare has no cluster providers. Allowed: a stack that called ClusterProviders.configure(stack, { cluster }). '
      + 'Fix: call ClusterProviders.configure(stack, { cluster }) before creating constructs that need it');
  });

  test('aliases: invalid and duplicate aliases are rejected', () => {
    const { stack, eu } = oneWired();
    expect(errorOf(() => ClusterProviders.configure(stack, { cluster: eu.cluster, alias: '9eu' }))).toBe(
      'Cluster provider alias "9eu" is not a Terraform provider alias. Allowed: a letter, then letters, digits, underscores and hyphens. Fix: pick an alias such as "europe_cluster"');
    ClusterProviders.configure(stack, { cluster: eu.cluster, alias: 'eu' });
    const third = region(stack, 'Asia', 'asia-southeast1');
    expect(errorOf(() => ClusterProviders.configure(stack, { cluster: third.cluster, alias: 'eu' }))).toBe(
      'Cluster provider alias name "eu" is used twice in stack wiring (by cluster "europe-cluster" (wiring/Europe) and cluster "asia-cluster" (wiring/Asia)). '
      + 'Allowed: one Cluster provider alias per name in stack wiring. Fix: rename one of them (e.g. "eu-2")');
  });
});

describe('providers created on first use', () => {
  test('a stack that configures nothing wires each cluster when a construct first targets it; single cluster: un-aliased, as configure() writes it', () => {
    const stack = testStack('auto');
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const us = region(stack, 'Us', 'us-central1');
    const eu = region(stack, 'Europe', 'europe-west4');
    new K8sNamespace(stack, 'UsNs', { name: 'serving', cluster: us.cluster });
    new K8sNamespace(stack, 'EuNs', { name: 'serving', cluster: eu.cluster });
    const json = synth(stack);
    expect(json.provider.kubernetes.map((p: Json) => p.alias)).toEqual([undefined, 'europe']);
    expect(byId(json, 'kubernetes_namespace_v1', 'EuNs').provider).toBe('kubernetes.europe');
    expect(ClusterProviders.of(stack, eu.cluster).explicit).toBe(false);
    expect(ClusterProviders.of(stack, eu.cluster).credentials).toBe(ClusterCredentials.GKE_AUTH_PLUGIN);
    // Once a construct wired the cluster, an explicit configure() for it comes too late.
    expect(errorOf(() => ClusterProviders.configure(stack, { cluster: us.cluster }))).toMatch(/^cluster "us-cluster" \(auto\/Us\) already has kubernetes and helm providers/);
  });
});
