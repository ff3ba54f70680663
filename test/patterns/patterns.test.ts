import { TerraformVariable } from 'cdktf';
import { GkeCluster, ReleaseChannel } from '../../lib/gke/gke-cluster';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { KueueStack } from '../../lib/kueue/kueue-stack';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { DynamicSlicingPlatform, DynamicSlicingPlatformProps } from '../../lib/patterns/dynamic-slicing-platform';
import { LlmdGuideCluster, LlmdGuideServing, LlmdGuideServingProps } from '../../lib/patterns/llmd-guide-serving';
import { Seed000, Seed002 } from '../../lib/presets/seeds';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { ModelProfile } from '../../lib/serving/model-profile';
import { GatewayBenchmarkJob } from '../../lib/serving/pd/gateway-benchmark';
import { errorOf, helmValues, Json, objectNamed, resourceNamed, resources, synth, testStack, withCluster } from '../helpers/synth';

const SHA = '5'.repeat(64);

describe('L2 defaults are neutral', () => {
  test('GkeCluster: GKE\'s default release channel (REGULAR)', () => {
    const stack = testStack();
    withCluster(stack);
    expect(resources(synth(stack), 'google_container_cluster')[0][1].release_channel).toEqual({ channel: ReleaseChannel.REGULAR });
  });

  test('TpuNetwork, SuperslicePool, KueueStack: names from the construct path, one cube, dynamic slicing only with a slice controller', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { minVersion: '1.36.0-gke.3712000' });
    const pool = new SuperslicePool(stack, 'Cubes', { cluster, region: 'us-central1', zone: 'us-central1-ai1a', reservation: ReservationAffinity.specific({ name: 'r' }) });
    const ns = new K8sNamespace(stack, 'Ns', { name: 'team' });
    const plain = new KueueStack(stack, 'Queue', { cluster, platform: pool, workloadNamespace: ns });
    const json = synth(stack);
    expect(resourceNamed(json, 'google_compute_network', 'network-main')).toBeDefined();
    expect(resources(json, 'google_container_node_pool').map(([, r]) => r.name).filter((n) => n.startsWith('cubes'))).toEqual(['cubes-1']);
    expect(pool.capacity.chips).toBe(64);
    expect(resourceNamed(json, 'google_compute_resource_policy', 'cubes')).toBeDefined();
    expect(plain.dynamicSlicing).toBe(false);
    expect([plain.clusterQueueName, plain.localQueueName]).toEqual(['queue', 'queue']);
    expect(objectNamed(json, 'ResourceFlavor', 'queue-flavor').spec.topologyName).toBeUndefined();
    expect(objectNamed(json, 'LocalQueue', 'queue').spec).toEqual({ clusterQueue: 'queue' });
  });

  test('fails on a KueueStack namePrefix that is not a DNS label', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const pool = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b' });
    const ns = new K8sNamespace(stack, 'Ns', { name: 'team' });
    expect(errorOf(() => new KueueStack(stack, 'Queue', { cluster, platform: pool, workloadNamespace: ns, namePrefix: 'Team_A' }))).toBe(
      'KueueStack namePrefix name "Team_A" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; starts and ends with a letter or digit. Fix: use a name such as "team-a"');
  });

  test('GatewayBenchmarkJob: the Job name comes from the construct path', () => {
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'team' });
    const job = new GatewayBenchmarkJob(stack, 'LoadTest', { namespace: ns, gatewayName: 'gw', model: 'org/m' });
    expect(job.jobName).toBe('load-test');
  });
});

function platformProps(o: Partial<DynamicSlicingPlatformProps> = {}): DynamicSlicingPlatformProps {
  return {
    project: 'my-project', region: 'us-central1', zone: 'us-central1-ai1a', reservation: ReservationAffinity.specific({ project: 'my-project', name: 'r', block: 'block-0' }),
    sliceController: Seed000.sliceController(SHA), ...o,
  };
}

describe('DynamicSlicingPlatform', () => {
  test('two platforms in one stack do not collide: every name comes from the construct path', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const a = new DynamicSlicingPlatform(stack, 'Blue', platformProps());
    const b = new DynamicSlicingPlatform(stack, 'Green', platformProps({ region: 'us-east5', zone: 'us-east5-b' }));
    const json = synth(stack);
    expect(resources(json, 'google_container_cluster').map(([, r]) => r.name).sort()).toEqual(['blue', 'green']);
    expect(resources(json, 'google_compute_network').map(([, r]) => r.name).sort()).toEqual(['blue-main', 'green-main']);
    expect(resources(json, 'google_container_node_pool').map(([, r]) => r.name).filter((n) => n.includes('superslice')).sort())
      .toEqual(['blue-superslice-1', 'green-superslice-1']);
    expect([a.namespace.name, b.namespace.name]).toEqual(['blue', 'green']);
    expect([a.kueue.localQueueName, b.kueue.localQueueName]).toEqual(['blue-kueue', 'green-kueue']);
    expect(a.kueue.dynamicSlicing && b.kueue.dynamicSlicing).toBe(true);
  });

  test('the seed\'s names are presets a stack passes (Seed000)', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const p = new DynamicSlicingPlatform(stack, 'Platform', platformProps({
      clusterName: Seed000.CLUSTER_NAME, networkPrefix: Seed000.NETWORK_PREFIX, cubes: Seed000.CUBES, poolNamePrefix: Seed000.POOL_NAME_PREFIX,
      workloadPolicyName: Seed000.WORKLOAD_POLICY_NAME, kueueNames: Seed000.KUEUE_NAMES, namespace: Seed000.NAMESPACE,
    }));
    const json = synth(stack);
    expect(p.cluster.name).toBe('tpu-serving-cluster');
    expect(resources(json, 'google_container_node_pool').map(([, r]) => r.name).filter((n) => n.startsWith('tpu7'))).toEqual(['tpu7-pool-1', 'tpu7-pool-2']);
    expect(objectNamed(json, 'ClusterQueue', 'cq').spec.admissionChecksStrategy.admissionChecks[0].name).toBe('ac');
  });
});

interface GuideParts {
  readonly stack: ReturnType<typeof testStack>;
  readonly base: Omit<LlmdGuideServingProps, 'model' | 'decode' | 'prefill'>;
  readonly pool: TpuNodePool;
}

function guideParts(): GuideParts {
  const stack = testStack();
  const { cluster, network } = withCluster(stack);
  const pool = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', zone: 'us-central1-a', nodeCount: 4 });
  const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
  const hfToken = new TokenSecret(stack, 'Token', { namespace, name: 'hf', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
  return { stack, pool, base: { namespace, platform: pool, hfToken, network } };
}

function guide(p: GuideParts, id: string, model: ModelProfile | string, o: Partial<LlmdGuideServingProps> = {}): LlmdGuideServing {
  const profile = ModelProfile.of(model);
  const role = (kvRole: 'kv_both' | 'kv_producer') => LlmdGuideServing.vllmRole({
    replicas: 1, tensorParallelSize: 4, nodeSelector: p.pool.nodeSelector, image: 'vllm/vllm-tpu:v0.13.2', tpuChips: '4',
    start: { modelCommand: 'vllmServe', args: LlmdGuideServing.vllmServeArgs(profile, kvRole, 4, ['--disable-uvicorn-access-log']) },
  });
  return new LlmdGuideServing(p.stack, id, { ...p.base, model: profile, decode: role('kv_both'), prefill: role('kv_producer'), ...o });
}

describe('LlmdGuideServing', () => {
  test('two instances in one namespace get their own releases and routes (the route\'s carrier release is named after it)', () => {
    const p = guideParts();
    const a = guide(p, 'Chat', Seed002.LLAMA_3_3_70B_INSTRUCT);
    const b = guide(p, 'Code', ModelProfile.generic('Qwen/Qwen2.5-Coder-7B-Instruct'));
    const json = synth(p.stack);
    expect(resources(json, 'helm_release').map(([, r]) => r.name).filter((n) => /^(chat|code)/.test(n)).sort()).toEqual(
      ['chat', 'chat-gaie', 'chat-infra', 'chat-ms', 'code', 'code-gaie', 'code-infra', 'code-ms']);
    expect([a.routeName, b.routeName, a.gatewayName, b.gatewayName]).toEqual(['chat', 'code', 'chat-infra-inference-gateway', 'code-infra-inference-gateway']);
  });

  test('fails when two instances are given the same names', () => {
    const p = guideParts();
    guide(p, 'Chat', 'org/a', { namePrefix: 'pd' });
    expect(errorOf(() => guide(p, 'Code', 'org/b', { namePrefix: 'pd' }))).toBe(
      'Helm release name "pd-infra" is used twice in namespace "serving" (by test/Chat/Gateway/Release and test/Code/Gateway/Release). '
      + 'Allowed: one Helm release per name in namespace "serving". Fix: rename one of them (e.g. "pd-infra-2")');
  });

  test('another model keeps none of the preset model\'s flags: served name, labels and exact vLLM args', () => {
    const p = guideParts();
    guide(p, 'Serving', 'Qwen/Qwen2.5-Coder-7B-Instruct');
    const ms = helmValues(synth(p.stack), 'serving-ms');
    expect(ms.modelArtifacts.name).toBe('Qwen/Qwen2.5-Coder-7B-Instruct');
    expect(ms.modelArtifacts.labels['llm-d.ai/model']).toBe('Qwen2.5-Coder-7B-Instruct');
    expect(ms.decode.containers[0].args).toEqual([
      '--tensor-parallel-size', '4',
      '--kv-transfer-config', '{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"kv_both","kv_ip":"$(POD_IP)"}',
      '--disable-uvicorn-access-log',
    ]);
  });

  test('the Llama preset adds its maximum length; a duplicate from the deployment is an error', () => {
    expect(LlmdGuideServing.vllmServeArgs(Seed002.LLAMA_3_3_70B_INSTRUCT, 'kv_producer', 8).slice(4)).toEqual(['--max-model-len', '32000']);
    expect(errorOf(() => LlmdGuideServing.vllmServeArgs(Seed002.LLAMA_3_3_70B_INSTRUCT, 'kv_producer', 8, ['--max-model-len', '8192']))).toBe(
      'vLLM flag "--max-model-len" is given twice ("--max-model-len 8192" from the deployment, "--max-model-len=32000" from Seed002.LLAMA_3_3_70B_INSTRUCT; '
      + 'vLLM would silently keep the last). Allowed: each flag once. '
      + 'Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
  });
});

describe('LlmdGuideCluster', () => {
  test('Gateway API, managed Prometheus, Workload Identity on the REGULAR channel unless told', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
    const network = new TpuNetwork(stack, 'Network', { region: 'us-central1' });
    const cluster: GkeCluster = new LlmdGuideCluster(stack, 'Cluster', { project: 'my-project', region: 'us-central1', network, name: 'guide' });
    const c: Json = resourceNamed(synth(stack), 'google_container_cluster', 'guide');
    expect(cluster.name).toBe('guide');
    expect(c.release_channel).toEqual({ channel: 'REGULAR' });
    expect(c.gateway_api_config).toEqual({ channel: 'CHANNEL_STANDARD' });
    expect(c.workload_identity_config).toEqual({ workload_pool: 'my-project.svc.id.goog' });
  });
});
