import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, TerraformVariable } from 'cdktf';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { WorkloadIdentityBucketAccess, workloadIdentityPrincipal } from '../../lib/gcp/workload-identity-bucket-access';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { KueueStack, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { LLMD_ROUTER_PD_PICKER } from '../../lib/serving/pd/endpoint-picker-config';
import { GaieCrdBundle, GaieCrds, VENDORED_GAIE_CRDS, vendoredGaieCrds } from '../../lib/serving/pd/gaie-crds';
import { GkeGatewayClass, InferenceGateway } from '../../lib/serving/pd/inference-gateway';
import { LlmdInfraGateway } from '../../lib/serving/pd/llmd-infra-gateway';
import { LlmdModelServiceProps, ModelServiceRoleProps } from '../../lib/serving/pd/llmd-model-service';
import { PdDisaggregation, PdDisaggregationProps, PdGateway, PdModelServers, PdRouter } from '../../lib/serving/pd/pd-disaggregation';
import { KvConnector, PdRole, tpuKvEnv } from '../../lib/serving/vllm-tpu';
import { Seed000 } from '../../lib/presets/seeds';
import { errorOf, helmValues, Json, objectNamed, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

interface Parts {
  readonly stack: TerraformStack;
  readonly cluster: GkeCluster;
  readonly network: TpuNetwork;
  readonly namespace: K8sNamespace;
  readonly hfToken: TokenSecret;
}

function parts(minVersion?: string): Parts {
  const stack = testStack();
  const { cluster, network } = withCluster(stack, { minVersion });
  const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
  const hfToken = new TokenSecret(stack, 'Token', { namespace, name: 'llm-d-hf-token', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
  return { stack, cluster, network, namespace, hfToken };
}

function role(o: Partial<ModelServiceRoleProps> = {}): ModelServiceRoleProps {
  return {
    replicas: 1,
    tensorParallelSize: 4,
    nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '2x2' },
    containers: [{ name: 'vllm', image: 'vllm/vllm-tpu:v0.13.2', modelCommand: 'vllmServe', resources: { limits: { 'google.com/tpu': '4' } } }],
    ...o,
  };
}

const LABELS = { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/guide': 'pd-disaggregation' };

function modelService(p: Parts, o: Partial<LlmdModelServiceProps> = {}, pd: Partial<PdDisaggregationProps> = {}): { json: Json; pd: PdDisaggregation; pool: TpuNodePool } {
  const pool = new TpuNodePool(p.stack, 'Pool', { cluster: p.cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-a', nodeCount: 2 });
  const serving = new PdDisaggregation(p.stack, 'Pd', {
    namespace: p.namespace,
    platform: pool,
    hfToken: p.hfToken,
    gateway: PdGateway.llmdInfra({ network: p.network }),
    router: PdRouter.inferencePool(),
    modelServers: PdModelServers.modelService({
      modelArtifacts: { name: 'Qwen/Qwen3-32B', size: '80Gi', labels: LABELS },
      routingProxy: { image: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.5.0' },
      prefill: role(),
      decode: role(),
      ...o,
    }),
    route: { name: 'route' },
    ...pd,
  });
  return { json: synth(p.stack), pd: serving, pool };
}

describe('PdDisaggregation with llm-d-modelservice', () => {
  test('claims prefill and decode chips on the platform and routes gateway -> pool', () => {
    const p = parts();
    const { json, pd, pool } = modelService(p);
    expect(pool.ledger.claims).toEqual([{ name: 'pd-model-servers-prefill', chips: 4 }, { name: 'pd-model-servers-decode', chips: 4 }]);
    expect(pd.gatewayName).toBe('pd-gateway-inference-gateway');
    expect(pd.poolName).toBe('pd-router');
    expect(pd.routeName).toBe('route');
    expect(objectNamed(json, 'HTTPRoute', 'route').spec.rules[0].backendRefs).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pd-router', weight: 1 }]);
    expect(helmValues(json, 'pd-model-servers').prefill.containers[0].resources).toEqual({ limits: { 'google.com/tpu': '4' } });
  });

  test('without explicit TPU limits the chart derives the chips from tensor parallelism', () => {
    const p = parts();
    const { pool } = modelService(p, { prefill: role({ containers: [{ name: 'vllm', image: 'i' }] }) });
    expect(pool.ledger.claims[0]).toEqual({ name: 'pd-model-servers-prefill', chips: 4 });
  });

  test('a pod larger than a VM is rejected', () => {
    expect(errorOf(() => modelService(parts(), { decode: role({ tensorParallelSize: 8, containers: [{ name: 'vllm', image: 'i', resources: { limits: { 'google.com/tpu': '8' } } }] }) }))).toBe(
      'Workload "pd-model-servers-decode" asks for 8 TPU chips per pod but a ct6e-standard-4t node has 4. Allowed: a divisor of 4. '
      + 'Fix: request at most 4 chips per pod, or use a machine type with more chips per VM');
  });

  test('a node selector for another accelerator matches no pool', () => {
    expect(errorOf(() => modelService(parts(), { prefill: role({ nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v5-lite-podslice' } }) }))).toBe(
      'Node selector cloud.google.com/gke-tpu-accelerator="tpu-v5-lite-podslice" of "pd-model-servers-prefill" matches no node pool of the platform. '
      + 'Allowed: "tpu-v6e-slice". Fix: select "tpu-v6e-slice", or add node pools with cloud.google.com/gke-tpu-accelerator="tpu-v5-lite-podslice"');
  });

  test('the InferencePool must select the model servers', () => {
    expect(errorOf(() => modelService(parts(), { modelArtifacts: { name: 'm', size: '1Gi', labels: { 'llm-d.ai/guide': 'pd-disaggregation' } } }))).toBe(
      'InferencePool "pd-router" selector llm-d.ai/inference-serving="true" matches none of the model server pods. '
      + 'Allowed: labels the model servers carry: llm-d.ai/guide="pd-disaggregation". Fix: add the label to the model servers, or select a label they carry');
  });

  test('a router without its own HTTPRoute needs `route`', () => {
    expect(errorOf(() => modelService(parts(), {}, { route: undefined }))).toBe(
      'PdDisaggregation needs `route` (the router creates no HTTPRoute, so nothing would reach the InferencePool). Allowed: a value for `route`. Fix: pass `route`');
  });

  test('a router that makes its HTTPRoute rejects `route`', () => {
    expect(errorOf(() => modelService(parts(), {}, { router: PdRouter.llmdRouter() }))).toBe(
      'HTTPRoute "route" would duplicate HTTPRoute "pd-router", which the router\'s chart creates. '
      + 'Allowed: no `route` with a router that creates its own HTTPRoute. '
      + 'Fix: remove `route`, or use a router whose chart creates no HTTPRoute (PdRouter.inferencePool)');
  });

  test('a regional gateway class needs the proxy-only subnet', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const network = new TpuNetwork(stack, 'NoProxy', { region: 'us-central1', namePrefix: 'np', proxySubnetCidr: false });
    const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
    expect(cluster.name).toBe('test-cluster');
    expect(errorOf(() => new InferenceGateway(stack, 'Gw', { namespace, network }))).toBe(
      'Gateway class "gke-l7-rilb" needs a proxy-only subnet in the region, but the network has none. '
      + 'Allowed: a TpuNetwork with `proxySubnetCidr` set. Fix: keep the TpuNetwork default proxy-only subnet (172.16.0.0/26) or pick a global Gateway class');
    new InferenceGateway(stack, 'Global', { namespace, network, gatewayClass: GkeGatewayClass.L7_GLOBAL_EXTERNAL_MANAGED, name: 'global' });
    expect(objectNamed(synth(stack), 'Gateway', 'global').spec.gatewayClassName).toBe('gke-l7-global-external-managed');
  });

  test('llm-d-infra gateway: internal class and same-namespace routes by default; the external class and All only when asked', () => {
    const stack = testStack();
    const { network } = withCluster(stack);
    const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
    const internal = new LlmdInfraGateway(stack, 'Internal', { namespace, network });
    const external = new LlmdInfraGateway(stack, 'External', {
      namespace, network, releaseName: 'ext', gatewayClass: GkeGatewayClass.L7_REGIONAL_EXTERNAL_MANAGED, allowRoutesFrom: 'All',
    });
    const json = synth(stack);
    expect([internal.gatewayClass.name, internal.gatewayClass.internal, external.gatewayClass.internal]).toEqual(['gke-l7-rilb', true, false]);
    expect(helmValues(json, 'internal').gateway).toEqual({
      provider: 'gke-l7-regional-external-managed', gatewayClassName: 'gke-l7-rilb',
      listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(helmValues(json, 'ext').gateway).toEqual({
      provider: 'gke-l7-regional-external-managed', gatewayClassName: 'gke-l7-regional-external-managed',
      listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
    });
  });

  test('a picker config without a decode profile is rejected', () => {
    const broken = { ...LLMD_ROUTER_PD_PICKER, schedulingProfiles: LLMD_ROUTER_PD_PICKER.schedulingProfiles.slice(0, 1) };
    expect(errorOf(() => modelService(parts(), {}, { router: PdRouter.llmdRouter({ pickerConfig: broken, selector: LABELS }), route: undefined }))).toBe(
      'Endpoint picker config of llm-d router "pd-router" cannot schedule prefill/decode: no "decode" scheduling profile. '
      + 'Allowed: prefill and decode profiles, prefill-filter and decode-filter plugins, references to declared plugins only. '
      + 'Fix: declare every plugin a profile refers to and keep both P/D profiles');
  });
});

/** The seed's model and image with the seed's sizes, as the subslicing stack passes them. */
const SEED_SERVERS = { ...Seed000.PD_SERVERS, model: Seed000.QWEN3_5_397B_A17B_FP8, image: Seed000.VLLM_TPU_IMAGE };

describe('PdDisaggregation with LeaderWorkerSets', () => {
  function lwsParts() {
    const p = parts('1.36.0-gke.3712000');
    const platform = new SuperslicePool(p.stack, 'Superslice', { cluster: p.cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: 2, reservation: ReservationAffinity.specific({ name: 'r' }) });
    const kueue = new KueueStack(p.stack, 'Kueue', {
      cluster: p.cluster, platform, workloadNamespace: p.namespace, sliceController: recipeSliceController('5'.repeat(64)), names: Seed000.KUEUE_NAMES,
      priorities: Seed000.WORKLOAD_PRIORITIES,
    });
    return { ...p, platform, kueue };
  }

  test('the platform must be the Kueue stack\'s', () => {
    const p = lwsParts();
    const other = new TpuNodePool(p.stack, 'Other', { cluster: p.cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-ai1a' });
    expect(errorOf(() => new PdDisaggregation(p.stack, 'Pd', {
      namespace: p.namespace, platform: other, hfToken: p.hfToken,
      gateway: PdGateway.gatewayObject(), router: PdRouter.llmdRouter(),
      modelServers: PdModelServers.leaderWorkerSets({ ...SEED_SERVERS, kueue: p.kueue, bucket: 'b' }),
    }))).toBe('PdModelServers.leaderWorkerSets platform "another platform" is not supported. Allowed: "the Kueue stack\'s platform". '
      + 'Fix: pass the KueueStack platform as the PdDisaggregation platform');
  });

  test('the namespace must be the Kueue workload namespace', () => {
    const p = lwsParts();
    const other = new K8sNamespace(p.stack, 'Other', { name: 'other' });
    expect(errorOf(() => new PdDisaggregation(p.stack, 'Pd', {
      namespace: other, platform: p.platform, hfToken: p.hfToken,
      gateway: PdGateway.gatewayObject(), router: PdRouter.llmdRouter(),
      modelServers: PdModelServers.leaderWorkerSets({ ...SEED_SERVERS, kueue: p.kueue, bucket: 'b' }),
    }))).toBe('PdDisaggregation namespace "other" is not supported. Allowed: "serving". '
      + 'Fix: create the P/D deployment in the Kueue workload namespace "serving", whose LocalQueue "lq" admits the LeaderWorkerSets');
  });

  test('custom sizes: 2 groups per role, a release name, the router reads the guide label', () => {
    const p = lwsParts();
    new PdDisaggregation(p.stack, 'Pd', {
      namespace: p.namespace, platform: p.platform, hfToken: p.hfToken,
      gateway: PdGateway.gatewayObject({ name: 'gw' }), router: PdRouter.llmdRouter({ releaseName: 'router' }),
      modelServers: PdModelServers.leaderWorkerSets({ model: Seed000.QWEN3_5_397B_A17B_FP8, image: 'img', kueue: p.kueue, bucket: 'b', prefillReplicas: 2, decodeReplicas: 1, releaseName: 'servers' }),
    });
    const json = synth(p.stack);
    expect(objectNamed(json, 'LeaderWorkerSet', 'servers-prefill').spec.replicas).toBe(2);
    expect(objectNamed(json, 'LeaderWorkerSet', 'servers-decode').spec.replicas).toBe(1);
    expect(helmValues(json, 'router').httpRoute.inferenceGatewayName).toBe('gw');
    expect(resourceNamed(json, 'helm_release', 'servers')).toBeDefined();
    expect(p.platform.ledger.claims).toEqual([{ name: 'servers-prefill', chips: 16 }, { name: 'servers-decode', chips: 8 }]);
  });

  test('the router selects only the leaders by default; a selector that also matches the workers is rejected', () => {
    const p = lwsParts();
    const pd = new PdDisaggregation(p.stack, 'Pd', {
      namespace: p.namespace, platform: p.platform, hfToken: p.hfToken,
      gateway: PdGateway.gatewayObject(), router: PdRouter.llmdRouter({ releaseName: 'router' }),
      modelServers: PdModelServers.leaderWorkerSets({ ...SEED_SERVERS, kueue: p.kueue, bucket: 'b', guide: 'g' }),
    });
    expect(pd.router.selector).toEqual({ 'llm-d.ai/guide': 'g', 'leaderworkerset.sigs.k8s.io/worker-index': '0' });

    const q = lwsParts();
    expect(errorOf(() => new PdDisaggregation(q.stack, 'Pd', {
      namespace: q.namespace, platform: q.platform, hfToken: q.hfToken,
      gateway: PdGateway.gatewayObject(), router: PdRouter.llmdRouter({ selector: { 'llm-d.ai/guide': 'pd-disaggregation' } }),
      modelServers: PdModelServers.leaderWorkerSets({ ...SEED_SERVERS, kueue: q.kueue, bucket: 'b' }),
    }))).toBe('InferencePool "pd-router" selector llm-d.ai/guide="pd-disaggregation" also matches model server pods that serve nothing '
      + '(llm-d.ai/guide="pd-disaggregation", llm-d.ai/model="Qwen3.5-397B-A17B-FP8", leaderworkerset.sigs.k8s.io/worker-index="1"). '
      + 'Allowed: a selector that matches only the serving pods. Fix: add a label only the serving pods carry '
      + '(for LeaderWorkerSets: leaderworkerset.sigs.k8s.io/worker-index="0"), or omit the selector to use the model servers\' own');
  });

  test('sub-slices need GKE 1.36.0-gke.3712000', () => {
    const p = parts('1.35.2-gke.1842000');
    const platform = new SuperslicePool(p.stack, 'Superslice', { cluster: p.cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: 2, reservation: ReservationAffinity.specific({ name: 'r' }) });
    const kueue = new KueueStack(p.stack, 'Kueue', { cluster: p.cluster, platform, workloadNamespace: p.namespace, sliceController: recipeSliceController('5'.repeat(64)), priorities: Seed000.WORKLOAD_PRIORITIES });
    expect(errorOf(() => new PdDisaggregation(p.stack, 'Pd', {
      namespace: p.namespace, platform, hfToken: p.hfToken,
      gateway: PdGateway.gatewayObject(), router: PdRouter.llmdRouter(),
      modelServers: PdModelServers.leaderWorkerSets({ ...SEED_SERVERS, kueue, bucket: 'b' }),
    }))).toBe('GKE version "1.35.2-gke.1842000" is too old for dynamic sub-slicing. Allowed: "1.36.0-gke.3712000" or later. '
      + 'Fix: choose a newer GKE version: GkeVersionSelection.pin("1.36.0-gke.3712000") or later, a newer prefix, or channelLatest()');
  });
});

describe('GaieCrds', () => {
  const crdNames = (json: Json) => helmValues(json, 'gaie-crds').manifests.map((m: string) => /\n  name: (\S+)\n/.exec(m)![1]);

  test('older or unknown GKE versions get every CRD, from the vendored v1.5.0 files: nothing is downloaded', () => {
    const p = parts();
    const crds = new GaieCrds(p.stack, 'Crds', { cluster: p.cluster });
    const json = synth(p.stack);
    expect([crds.bundle, crds.vendored]).toEqual([GaieCrdBundle.ALL, true]);
    expect(json.data?.http).toBeUndefined();
    expect(crdNames(json)).toEqual([
      'inferencemodelrewrites.inference.networking.x-k8s.io', 'inferenceobjectives.inference.networking.x-k8s.io',
      'inferencepoolimports.inference.networking.x-k8s.io', 'inferencepools.inference.networking.k8s.io',
    ]);
    expect(helmValues(json, 'gaie-crds').manifests[0]).toContain('inference.networking.k8s.io/bundle-version: v1.5.0');
  });

  test('GKE that manages the InferencePool CRD gets the alpha CRDs only', () => {
    const p = parts('1.34.0-gke.1626000');
    new GaieCrds(p.stack, 'Crds', { cluster: p.cluster });
    expect(crdNames(synth(p.stack))).toEqual([
      'inferencemodelrewrites.inference.networking.x-k8s.io', 'inferenceobjectives.inference.networking.x-k8s.io',
      'inferencepoolimports.inference.networking.x-k8s.io',
    ]);
  });

  test('the vendored files match their pinned SHA-256', () => {
    for (const [version, files] of Object.entries(VENDORED_GAIE_CRDS)) {
      for (const [file, sha256] of Object.entries(files)) {
        const text = fs.readFileSync(path.join(__dirname, '../../vendor/gateway-api-inference-extension', version, file), 'utf8');
        expect(crypto.createHash('sha256').update(text).digest('hex')).toBe(sha256);
      }
    }
    expect(vendoredGaieCrds('v1.5.0', GaieCrdBundle.V1)).toHaveLength(1);
  });

  test('a version that is not vendored is downloaded at plan time and needs a sha256, checked by a postcondition', () => {
    const p = parts('1.34.0-gke.1626000');
    expect(errorOf(() => new GaieCrds(p.stack, 'NoPin', { cluster: p.cluster, version: 'v1.4.0' }))).toBe(
      'GaieCrds needs `sha256` (v1.4.0 is not vendored (only v1.5.0), so '
      + 'https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.4.0/experimental-manifests.yaml '
      + 'is downloaded at plan time and must be pinned). Allowed: a value for `sha256`. Fix: pass `sha256`');
    new GaieCrds(p.stack, 'Crds', { cluster: p.cluster, version: 'v1.4.0', sha256: 'a'.repeat(64) });
    const data = Object.values(synth(p.stack).data.http)[0] as Json;
    expect(data.url).toBe('https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.4.0/experimental-manifests.yaml');
    expect(data.lifecycle.postcondition[1].condition).toBe(`\${sha256(self.response_body) == "${'a'.repeat(64)}"}`);
  });

  test('the GA InferencePool CRD on a GKE that owns it, floating versions, and a sha256 for a vendored version are rejected', () => {
    const p = parts('1.36.0-gke.3712000');
    expect(errorOf(() => new GaieCrds(p.stack, 'V1', { cluster: p.cluster, bundle: GaieCrdBundle.V1 }))).toBe(
      'GAIE CRD bundle on GKE 1.36.0-gke.3712000 "v1" is not supported. Allowed: "experimental". '
      + 'Fix: GKE 1.34.0-gke.1626000 and later install the InferencePool CRD themselves; use GaieCrdBundle.EXPERIMENTAL');
    expect(errorOf(() => new GaieCrds(p.stack, 'Main', { cluster: p.cluster, version: 'main' }))).toBe(
      'Gateway API Inference Extension version "main" is not supported. Allowed: "a release tag such as "v1.5.0"". Fix: pin the CRDs to one published release tag');
    expect(errorOf(() => new GaieCrds(p.stack, 'Pinned', { cluster: p.cluster, sha256: 'a'.repeat(64) }))).toBe(
      `GAIE CRDs v1.5.0 sha256 "${'a'.repeat(64)}" is not supported. Allowed: "no sha256 for a vendored version". `
      + 'Fix: remove sha256: the v1.5.0 CRDs ship with the package and are checked at synth');
  });
});

describe('Workload Identity bucket access', () => {
  test('principal format', () => {
    expect(workloadIdentityPrincipal('123', 'p.svc.id.goog', 'ns', 'ksa')).toBe(
      'principal://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/p.svc.id.goog/subject/ns/ns/sa/ksa');
  });

  test('a cluster without Workload Identity is rejected', () => {
    const stack = testStack();
    const { network } = withCluster(stack);
    const cluster = new GkeCluster(stack, 'NoWi', { name: 'no-wi', project: 'my-project', location: 'us-central1', network: network.network.id, workloadIdentity: false });
    expect(errorOf(() => new WorkloadIdentityBucketAccess(stack, 'A', { cluster, bucket: 'b', namespace: 'ns', serviceAccount: 'ksa' }))).toBe(
      'WorkloadIdentityBucketAccess needs `workloadIdentity` (cluster "no-wi" has no Workload Identity pool). Allowed: a value for `workloadIdentity`. Fix: pass `workloadIdentity`');
  });
});

describe('vLLM TPU vocabulary', () => {
  test('KV transfer configs and ports', () => {
    expect(PdRole.PREFILL.kvRole).toBe('kv_producer');
    expect(PdRole.DECODE.kvRole).toBe('kv_consumer');
    expect(KvConnector.TPU_HMA.transferConfig('kv_producer')).toBe(
      '{"kv_connector":"TPUConnectorHMA","kv_connector_module_path":"tpu_inference.distributed.tpu_connector_hma","kv_role":"kv_producer"}');
    expect(KvConnector.TPU.transferConfig('kv_both', '$(POD_IP)')).toBe(
      '{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"kv_both","kv_ip":"$(POD_IP)"}');
    expect(tpuKvEnv({ transfer: 1, sideChannel: 2 })).toEqual([{ name: 'TPU_SIDE_CHANNEL_PORT', value: '2' }, { name: 'TPU_KV_TRANSFER_PORT', value: '1' }]);
  });
});
