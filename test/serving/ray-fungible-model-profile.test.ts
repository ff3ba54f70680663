/**
 * RayLlmService and FungibleVllmServer take a model profile: another model never
 * keeps the seed model's settings (Ray: MAX_MODEL_LEN / MAX_NUM_BATCHED_TOKENS;
 * fungibility: the TPU container's --max-model-len), and names default to the
 * construct path, not to the recipe's.
 */
import { parse } from 'yaml';
import { Testing } from 'cdktf';
import { ModelProfile } from '../../lib/serving/model-profile';
import { Seed001, Seed004 } from '../../lib/presets/seeds';
import { FungibilityStack } from '../../stacks/fungibility';
import { RayLlmStack } from '../../stacks/ray-llm';
import { errorOf, Json, objectNamed, synth } from '../helpers/synth';
import { fungibilityFixture, fungibleClass, GPU_IMAGE, TPU_IMAGE } from './fungibility-fixture';
import { FungibleVllmServer } from '../../lib/serving/fungible/fungible-vllm-server';
import { rayLlm, servingFixture } from './fixture';

const serveEnv = (rs: Json) => parse(rs.spec.serveConfigV2).applications[0].runtime_env.env_vars;
const containerArgs = (server: FungibleVllmServer) => Object.fromEntries(
  (server.deployment as any).spec.template.spec.containers.map((c: any) => [c.name, c.args]));

describe('RayLlmService model profile and neutral defaults', () => {
  test('a generic model writes no length or batch limit (the Serve script\'s own defaults apply), TP from the slice', () => {
    const f = servingFixture();
    const svc = rayLlm(f, { model: 'google/gemma-3-27b-it', name: undefined }, 'Chat');
    const rs = objectNamed(synth(f.stack), 'RayService', 'chat');
    expect(serveEnv(rs)).toEqual({
      MODEL_ID: 'google/gemma-3-27b-it', MODEL_SOURCE: '/data/google/gemma-3-27b-it', ACCELERATOR_TYPE: 'TPU-V6E',
      TPU_TOPOLOGY: '4x4', TENSOR_PARALLEL_SIZE: '16', VLLM_XLA_CACHE_PATH: '/tmp/vllm_xla_cache',
    });
    expect([svc.name, svc.headService, svc.serveService, svc.profile.modelId]).toEqual(['chat', 'chat-head-svc', 'chat-serve-svc', 'google/gemma-3-27b-it']);
  });

  test('the seed preset carries the limits the recipe runs with: 8192 tokens, 4096 batched tokens', () => {
    const f = servingFixture();
    rayLlm(f, { model: Seed001.GEMMA_4_31B_IT });
    const env = serveEnv(objectNamed(synth(f.stack), 'RayService', 'vllm-tpu-multihost'));
    expect([env.MAX_MODEL_LEN, env.MAX_NUM_BATCHED_TOKENS]).toEqual(['8192', '4096']);
  });

  test('props override the profile: maxModelLen 4096 and 2048 batched tokens on the seed model', () => {
    const f = servingFixture();
    rayLlm(f, { maxModelLen: 4096, maxNumBatchedTokens: 2048 });
    const env = serveEnv(objectNamed(synth(f.stack), 'RayService', 'vllm-tpu-multihost'));
    expect([env.MAX_MODEL_LEN, env.MAX_NUM_BATCHED_TOKENS]).toEqual(['4096', '2048']);
  });

  test('a profile whose tensor parallel size is not the slice is refused', () => {
    const f = servingFixture();
    expect(errorOf(() => rayLlm(f, { model: ModelProfile.custom({ modelId: 'org/m', tensorParallelSize: 8 }) }))).toBe(
      'Tensor parallel size 8 of "vllm-tpu-multihost" does not use the 4x4 slice of 16 chips. Allowed: 16 (one shard per chip in the slice). Fix: set tensorParallelSize to 16, or pick a topology with 8 chips');
  });

  test('neither model nor download: the error names the prop', () => {
    const f = servingFixture();
    expect(errorOf(() => rayLlm(f, { model: undefined }))).toBe(
      'RayService "vllm-tpu-multihost" needs `model` (the served model has no default; pass `model`, or `download` to serve the model it stages). Allowed: a value for `model`. Fix: pass `model`');
  });
});

describe('FungibleVllmServer model profile and neutral defaults', () => {
  const server = (model: ModelProfile | string, props: Record<string, unknown> = {}, id = 'Chat') => {
    const f = fungibilityFixture();
    return new FungibleVllmServer(f.stack, id, { computeClass: fungibleClass(f), namespace: f.namespace, hfToken: f.secret, tpuImage: TPU_IMAGE, gpuImage: GPU_IMAGE, model, ...props });
  };

  test('a generic model: no --max-model-len in either container; names from the construct path', () => {
    const s = server('Qwen/Qwen2.5-0.5B');
    expect(containerArgs(s)).toEqual({
      'chat-gpu': ['--host=0.0.0.0', '--port=8000', '--tensor-parallel-size=1', '--model=Qwen/Qwen2.5-0.5B'],
      'chat-tpu': ['--host=0.0.0.0', '--port=8000', '--model=Qwen/Qwen2.5-0.5B'],
    });
    expect([s.name, s.serviceName, (s.service as any).metadata.name]).toEqual(['chat', 'chat-service', 'chat-service']);
  });

  test('the seed\'s TPU bound comes only with maxModelLen (the stack passes Seed004.TPU_MAX_MODEL_LEN for the seed model)', () => {
    expect(containerArgs(server(Seed004.QWEN2_1_5B, { maxModelLen: Seed004.TPU_MAX_MODEL_LEN }))['chat-tpu'])
      .toEqual(['--host=0.0.0.0', '--port=8000', '--max-model-len=8192', '--model=Qwen/Qwen2-1.5B']);
  });

  test('a profile\'s flags and environment go to both containers as exec-form arguments; maxModelLen replaces its length on TPU only', () => {
    const profile = ModelProfile.custom({
      modelId: 'org/m', maxModelLen: 16384, limitArgs: ['--max-num-seqs 64'], modelArgs: ['--dtype bfloat16'], env: [{ name: 'VLLM_USE_V1', value: '1' }],
    });
    const s = server(profile, { maxModelLen: 4096 });
    expect(containerArgs(s)).toEqual({
      'chat-gpu': ['--host=0.0.0.0', '--port=8000', '--tensor-parallel-size=1', '--max-model-len=16384', '--max-num-seqs=64', '--model=org/m', '--dtype=bfloat16'],
      'chat-tpu': ['--host=0.0.0.0', '--port=8000', '--max-model-len=4096', '--max-num-seqs=64', '--model=org/m', '--dtype=bfloat16'],
    });
    const envNames = (s.deployment as any).spec.template.spec.containers.map((c: any) => c.env.slice(0, 2).map((e: any) => e.name));
    expect(envNames).toEqual([['HUGGING_FACE_HUB_TOKEN', 'VLLM_USE_V1'], ['HUGGING_FACE_HUB_TOKEN', 'VLLM_USE_V1']]);
  });
});

describe('changing the model of the seed stacks keeps nothing of the seed model', () => {
  test('ray-llm with google/gemma-3-27b-it: no MAX_MODEL_LEN / MAX_NUM_BATCHED_TOKENS; the download, Serve and Gradio use the new id', () => {
    const json = synth(new RayLlmStack(Testing.app(), 'ray-llm', { model: 'google/gemma-3-27b-it' }));
    expect(serveEnv(objectNamed(json, 'RayService', 'vllm-tpu-multihost'))).toEqual({
      MODEL_ID: 'google/gemma-3-27b-it', MODEL_SOURCE: '/data/google/gemma-3-27b-it', ACCELERATOR_TYPE: 'TPU-V6E',
      TPU_TOPOLOGY: '4x4', TENSOR_PARALLEL_SIZE: '16', VLLM_XLA_CACHE_PATH: '/tmp/vllm_xla_cache',
    });
    const jobEnv = objectNamed(json, 'Job', 'model-downloader').spec.template.spec.containers[0].env;
    expect(jobEnv.find((e: any) => e.name === 'MODEL_ID').value).toBe('google/gemma-3-27b-it');
    const gradioEnv = objectNamed(json, 'Deployment', 'gradio').spec.template.spec.containers[0].env;
    expect(gradioEnv.find((e: any) => e.name === 'MODEL_ID').value).toBe('google/gemma-3-27b-it');
    expect(JSON.stringify(json)).not.toContain('gemma-4');
  });

  test('fungibility with Qwen/Qwen2.5-0.5B: the TPU container loses the seed\'s --max-model-len=8192', () => {
    const json = synth(new FungibilityStack(Testing.app(), 'fungibility', { model: 'Qwen/Qwen2.5-0.5B' }));
    const containers = objectNamed(json, 'Deployment', 'vllm').spec.template.spec.containers;
    expect(Object.fromEntries(containers.map((c: any) => [c.name, c.args]))).toEqual({
      'vllm-gpu': ['--host=0.0.0.0', '--port=8000', '--tensor-parallel-size=1', '--model=Qwen/Qwen2.5-0.5B'],
      'vllm-tpu': ['--host=0.0.0.0', '--port=8000', '--model=Qwen/Qwen2.5-0.5B'],
    });
    expect(JSON.stringify(json.resource.helm_release)).not.toContain('Qwen2-1.5B');
  });
});
