import { Testing } from 'cdktf';
import { Seed000 } from '../../lib/presets/seeds';
import { ModelProfile } from '../../lib/serving/model-profile';
import { LlmdPdStack } from '../../stacks/llm-d-pd';
import { QwenPdStack } from '../../stacks/qwen-pd';
import { SubslicingStack } from '../../stacks/subslicing';
import { errorOf, helmValues, objectNamed, synth } from '../helpers/synth';

const TPU_KV = (role: string) =>
  `{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"${role}","kv_ip":"$(POD_IP)"}`;

describe('changing the model of a seed P/D stack keeps none of the seed model\'s settings', () => {
  test('llm-d-pd: another model gets the generic profile (no --max-model-len 32000)', () => {
    const ms = helmValues(synth(new LlmdPdStack(Testing.app(), 'llm-d-pd', { model: 'mistralai/Mistral-7B-Instruct-v0.3' })), 'ms-pd');
    expect(ms.modelArtifacts.name).toBe('mistralai/Mistral-7B-Instruct-v0.3');
    expect(ms.modelArtifacts.labels['llm-d.ai/model']).toBe('Mistral-7B-Instruct-v0.3');
    expect(ms.prefill.containers[0].args).toEqual(['--tensor-parallel-size', '8', '--kv-transfer-config', TPU_KV('kv_producer'), '--disable-uvicorn-access-log']);
    expect(ms.decode.containers[0].args).toEqual(['--tensor-parallel-size', '8', '--kv-transfer-config', TPU_KV('kv_both'), '--disable-uvicorn-access-log']);
  });

  test('llm-d-pd: maxModelLen replaces the profile\'s; the seed default keeps 32000 last', () => {
    const seed = helmValues(synth(new LlmdPdStack(Testing.app(), 'llm-d-pd')), 'ms-pd');
    expect(seed.prefill.containers[0].args.slice(-3)).toEqual(['--disable-uvicorn-access-log', '--max-model-len', '32000']);
    const shorter = helmValues(synth(new LlmdPdStack(Testing.app(), 'llm-d-pd', { maxModelLen: 8192 })), 'ms-pd');
    expect(shorter.prefill.containers[0].args.slice(-2)).toEqual(['--max-model-len', '8192']);
  });

  test('qwen-pd: another model drops Qwen3-32B\'s block size, memory utilisation and length', () => {
    const json = synth(new QwenPdStack(Testing.app(), 'qwen-pd', { model: 'org/Small-Model' }));
    const script: string = helmValues(json, 'ms-pd').decode.containers[0].command[2];
    expect(script.split('\n').slice(3)).toEqual([
      'python3 -m vllm.entrypoints.openai.api_server \\',
      '  --model "org/Small-Model" \\',
      '  --port 8200 \\',
      '  --tensor-parallel-size 4 \\',
      '  --kv-transfer-config "$KV_CONFIG" \\',
      '  --disable-uvicorn-access-log \\',
      '  --max-num-seqs 256',
      '',
    ]);
  });

  test('subslicing: a generic profile with a revision serves without the seed\'s MoE flags and env', () => {
    const model = ModelProfile.generic('meta-llama/Llama-3.1-8B-Instruct', { revision: 'abc' });
    const json = synth(new SubslicingStack(Testing.app(), 'subslicing', { pdServing: { model } }));
    const leader = objectNamed(json, 'LeaderWorkerSet', Seed000.PD_SERVERS.names.prefill).spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0];
    expect(leader.command[2]).not.toMatch(/--enable-expert-parallel|--max-model-len|TPUConnectorHMA|--kv-cache-dtype/);
    expect(leader.env.map((e: { name: string }) => e.name)).toEqual(['HF_TOKEN', 'HF_HOME', 'TPU_MULTIHOST_BACKEND', 'TPU_NODE_ID', 'TPU_SIDE_CHANNEL_PORT',
      'TPU_KV_TRANSFER_PORT', 'VLLM_XLA_CACHE_PATH']);
  });

  test('fails when a role flag repeats one of the model profile\'s', () => {
    expect(errorOf(() => new QwenPdStack(Testing.app(), 'qwen-pd', {
      model: ModelProfile.custom({ modelId: 'org/m', limitArgs: ['--max-num-seqs 128'] }),
    }))).toBe('vLLM flag "--max-num-seqs" is given twice ("--max-num-seqs 256" from the decode role, "--max-num-seqs 128" from the model profile of "org/m"; '
      + 'vLLM would silently keep the last). Allowed: each flag once. Fix: remove one of them (change a model profile\'s flags with ModelProfile.custom or profile.with)');
  });
});
