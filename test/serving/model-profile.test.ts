import { TerraformVariable } from 'cdktf';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { KueueStack, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { Seed000, Seed002, Seed003 } from '../../lib/presets/seeds';
import { ModelProfile } from '../../lib/serving/model-profile';
import { PdLeaderWorkerSets, PdLeaderWorkerSetsProps } from '../../lib/serving/pd/pd-leader-worker-sets';
import { mergeVllmFlags, parseVllmFlags, vllmArgv, vllmShellWords } from '../../lib/serving/vllm-flags';
import { KvConnector } from '../../lib/serving/vllm-tpu';
import { errorOf, Json, objectNamed, synth, testStack, withCluster } from '../helpers/synth';

const LAUNCHER = '/workspace/vllm/examples/online_serving/multi-node-serving.sh';

function lws(props: Partial<PdLeaderWorkerSetsProps> & Pick<PdLeaderWorkerSetsProps, 'model'>): { json: Json; servers: PdLeaderWorkerSets } {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion: '1.36.0-gke.3712000' });
  const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
  const hfToken = new TokenSecret(stack, 'Token', { namespace, name: 'hf', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
  const platform = new SuperslicePool(stack, 'Superslice', {
    cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: 2, reservation: ReservationAffinity.specific({ name: 'r' }),
  });
  const kueue = new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace: namespace, sliceController: recipeSliceController('5'.repeat(64)) });
  const servers = new PdLeaderWorkerSets(stack, 'Servers', { kueue, hfToken, bucket: 'weights', image: 'vllm/vllm-tpu:v0.13.2', ...props });
  return { json: synth(stack), servers };
}

function leader(json: Json, name: string): Json {
  return objectNamed(json, 'LeaderWorkerSet', name).spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0];
}

describe('ModelProfile in P/D LeaderWorkerSets', () => {
  test('the seed profile renders the seed command: limits, tensor parallelism, MoE features, the hybrid-KV connector', () => {
    const { json } = lws({ model: Seed000.QWEN3_5_397B_A17B_FP8, names: { prefill: 'p', decode: 'd' } });
    const serve = leader(json, 'p').command[2].split('\n')[2];
    expect(serve).toBe('vllm serve --model=gs://weights/models--Qwen--Qwen3.5-397B-A17B-FP8/snapshots/ea5b4f81096f3901c91dea97f81324302495781d'
      + ' --load-format=runai_streamer --served-model-name=Qwen/Qwen3.5-397B-A17B-FP8'
      + ' --max-model-len=9216 --max-num-batched-tokens=8192 --max-num-seqs=512 --tensor-parallel-size=16'
      + ` --language-model-only --limit-mm-per-prompt '{"image": 0, "video": 0}' --kv-cache-dtype=fp8 --enable-expert-parallel --no-disable-hybrid-kv-cache-manager`
      + ` --kv-transfer-config '{"kv_connector":"TPUConnectorHMA","kv_connector_module_path":"tpu_inference.distributed.tpu_connector_hma","kv_role":"kv_producer"}'`
      + ' --port=8000 --disable-access-log-for-endpoints=/health,/metrics,/v1/models');
  });

  test('changing the model of a P/D deployment keeps no argument, env or connector of the other model', () => {
    const { json, servers } = lws({ model: ModelProfile.generic('meta-llama/Llama-3.1-8B-Instruct', { revision: 'abc123' }), names: { prefill: 'p', decode: 'd' } });
    const container = leader(json, 'p');
    expect(container.command).toEqual(['sh', '-c', [
      `chmod +x ${LAUNCHER}`,
      `bash ${LAUNCHER} leader --ray_cluster_size=$(LWS_GROUP_SIZE) --ray_init_timeout=1800`,
      'vllm serve --model=gs://weights/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/abc123 --load-format=runai_streamer'
        + ' --served-model-name=meta-llama/Llama-3.1-8B-Instruct --tensor-parallel-size=16'
        + ` --kv-transfer-config '{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"kv_producer"}'`
        + ' --port=8000 --disable-access-log-for-endpoints=/health,/metrics,/v1/models',
      '',
    ].join('\n')]);
    expect(container.env.map((e: Json) => e.name)).toEqual(['HF_TOKEN', 'HF_HOME', 'TPU_MULTIHOST_BACKEND', 'TPU_NODE_ID', 'TPU_SIDE_CHANNEL_PORT',
      'TPU_KV_TRANSFER_PORT', 'VLLM_XLA_CACHE_PATH']);
    // Neutral sizing: no CPU or memory request, one group per role, the model's label.
    expect(container.resources).toEqual({ limits: { 'google.com/tpu': '4' }, requests: { 'google.com/tpu': '4' } });
    expect(servers.sizing.map((s) => s.replicas)).toEqual([1, 1]);
    expect(objectNamed(json, 'LeaderWorkerSet', 'p').metadata.labels['llm-d.ai/model']).toBe('Llama-3.1-8B-Instruct');
  });

  test('profile.with another model id starts from nothing; the same model keeps its settings', () => {
    const other = Seed000.QWEN3_5_397B_A17B_FP8.with({ modelId: 'Qwen/Qwen3-32B' });
    expect([other.limitArgs, other.modelArgs, other.env, other.revision, other.kvConnector]).toEqual([[], [], [], undefined, KvConnector.TPU]);
    const shorter = Seed000.QWEN3_5_397B_A17B_FP8.with({ maxModelLen: 4096 });
    expect(shorter.limitArgs).toEqual(['--max-model-len=4096', '--max-num-batched-tokens=8192', '--max-num-seqs=512']);
    expect(shorter.maxModelLen).toBe(4096);
    expect(shorter.expertParallel).toBe(true);
    expect(shorter.revision).toBe('ea5b4f81096f3901c91dea97f81324302495781d');
  });

  test('a bare model id gets the generic profile, which has no revision for the bucket cache path', () => {
    expect(errorOf(() => lws({ model: 'meta-llama/Llama-3.1-8B-Instruct' }))).toBe(
      'PdLeaderWorkerSets model "meta-llama/Llama-3.1-8B-Instruct" needs `revision` (the weights are read from the bucket\'s Hugging Face cache at '
      + 'models--meta-llama--Llama-3.1-8B-Instruct/snapshots/<revision>; use ModelProfile.generic("meta-llama/Llama-3.1-8B-Instruct", { revision })). '
      + 'Allowed: a value for `revision`. Fix: pass `revision`');
  });

  test('fails when a flag is given twice: in a profile, between the profile and extraArgs, or against the construct\'s own', () => {
    expect(errorOf(() => ModelProfile.custom({ modelId: 'org/m', maxModelLen: 9216, limitArgs: ['--max-model-len 8192'] }))).toBe(
      'vLLM flag "--max-model-len" is given twice ("--max-model-len=9216" from the model profile of "org/m", "--max-model-len 8192" from the model profile of "org/m"; '
      + 'vLLM would silently keep the last). Allowed: each flag once. '
      + 'Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
    expect(errorOf(() => lws({ model: Seed000.QWEN3_5_397B_A17B_FP8, extraArgs: ['--max-model-len=32000'] }))).toBe(
      'vLLM flag "--max-model-len" is given twice ("--max-model-len=9216" from Seed000.QWEN3_5_397B_A17B_FP8, "--max-model-len=32000" from extraArgs; '
      + 'vLLM would silently keep the last). Allowed: each flag once. '
      + 'Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
    expect(errorOf(() => lws({ model: ModelProfile.custom({ modelId: 'org/m', revision: 'r', modelArgs: ['--tensor-parallel-size=8'] }) }))).toBe(
      'vLLM flag "--tensor-parallel-size" is given twice ("--tensor-parallel-size" from PdLeaderWorkerSets, "--tensor-parallel-size=8" from the model profile of "org/m"; '
      + 'vLLM would silently keep the last). Allowed: each flag once. '
      + 'Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
  });

  test('fails when an env var is set twice by the profile and extraEnv', () => {
    expect(errorOf(() => lws({ model: Seed000.QWEN3_5_397B_A17B_FP8, extraEnv: [{ name: 'VLLM_LOGGING_LEVEL', value: 'INFO' }] }))).toBe(
      'Environment variable "VLLM_LOGGING_LEVEL" is set twice (by Seed000.QWEN3_5_397B_A17B_FP8 and by extraEnv). Allowed: each variable once. Fix: remove one of them');
  });

  test('extraArgs follow the model flags; a profile\'s tensor parallel size is checked against the slice', () => {
    const { json } = lws({ model: ModelProfile.generic('org/m', { revision: 'r' }), extraArgs: ['--enable-chunked-prefill'], names: { prefill: 'p', decode: 'd' } });
    expect(leader(json, 'p').command[2]).toContain('--tensor-parallel-size=16 --enable-chunked-prefill --kv-transfer-config');
    expect(errorOf(() => lws({ model: ModelProfile.custom({ modelId: 'org/m', revision: 'r', tensorParallelSize: 8 }), names: { prefill: 'p', decode: 'd' } }))).toBe(
      'Tensor parallel size 8 of "p" does not match its 8 tpu7x chips per replica (16 TensorCores). Allowed: 16 (chips per replica x TensorCores per chip). '
      + 'Fix: set the tensor parallel size to 16, or give each replica 8 TensorCores');
  });

  test('the seeds\' presets carry their models\' settings', () => {
    expect(Seed002.LLAMA_3_3_70B_INSTRUCT.maxModelLen).toBe(32000);
    expect(vllmArgv(Seed002.LLAMA_3_3_70B_INSTRUCT.limitFlags)).toEqual(['--max-model-len', '32000']);
    expect(vllmShellWords(Seed003.QWEN3_32B.limitFlags, ' ')).toEqual(['--block-size 128', '--gpu-memory-utilization 0.90', '--max-model-len 8192']);
    expect(Seed003.QWEN3_32B.maxModelLen).toBe(8192);
    expect(Seed003.QWEN3_32B.tensorParallelSizeFor(4)).toBe(4);
  });

  test('fails on a model id that is not a Hugging Face repository id', () => {
    expect(errorOf(() => ModelProfile.generic('Qwen3-32B'))).toBe(
      'Model id "Qwen3-32B" is not supported. Allowed: "<owner>/<name> (a Hugging Face repository id)". Fix: write the Hugging Face repository id, e.g. "Qwen/Qwen3-32B"');
  });
});

describe('vLLM flags', () => {
  test('parse the three forms the recipes write and render them back', () => {
    const flags = parseVllmFlags('s', ['--a=1', "--b '{\"x\": 0}'", '--c', '--d', '4', '--e 5']);
    expect(flags.map((f) => [f.name, f.value])).toEqual([['--a', '1'], ['--b', '{"x": 0}'], ['--c', undefined], ['--d', '4'], ['--e', '5']]);
    expect(vllmShellWords(flags)).toEqual(['--a=1', `--b '{"x": 0}'`, '--c', '--d=4', '--e=5']);
    expect(vllmShellWords(flags, ' ')).toEqual(['--a 1', `--b '{"x": 0}'`, '--c', '--d 4', '--e 5']);
    expect(vllmArgv(flags)).toEqual(['--a', '1', '--b', '{"x": 0}', '--c', '--d', '4', '--e', '5']);
  });

  test('quotes values with single quotes for the shell', () => {
    expect(vllmShellWords(parseVllmFlags('s', ['--chat-template=it\'s here']))).toEqual([`--chat-template 'it'\\''s here'`]);
  });

  test('fails on a value without a flag and on a repeated flag across sources', () => {
    expect(errorOf(() => parseVllmFlags('extraArgs', ['8192']))).toBe(
      'vLLM argument from extraArgs "8192" is not supported. Allowed: "--name", "--name=value", "--name value". '
      + 'Fix: write each flag with its leading "--", its value after "=" or a space (or as the next element)');
    expect(errorOf(() => mergeVllmFlags([{ source: 'a', args: ['--x'] }, { source: 'b', args: ['--y', '--x=1'] }]))).toBe(
      'vLLM flag "--x" is given twice ("--x" from a, "--x=1" from b; vLLM would silently keep the last). Allowed: each flag once. '
      + 'Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
  });
});

describe('ModelProfile with Terraform references', () => {
  test('a model id or revision from a variable is not checked at synth time', () => {
    const stack = testStack();
    const id = new TerraformVariable(stack, 'model_id', { type: 'string' }).stringValue;
    const profile = ModelProfile.generic(id, { revision: 'abc' });
    expect(profile.modelId).toBe(id);
    expect(errorOf(() => ModelProfile.generic('no-owner'))).toBe(
      'Model id "no-owner" is not supported. Allowed: "<owner>/<name> (a Hugging Face repository id)". Fix: write the Hugging Face repository id, e.g. "Qwen/Qwen3-32B"');
  });
});
