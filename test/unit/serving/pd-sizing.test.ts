/**
 * Unit tests of lib/serving/pd/pd-sizing.ts (prefill/decode sizing and selectors).
 *
 * Sources: vLLM tensor parallelism shards a model over JAX devices, which on TPU are TensorCores
 * (Cloud TPU pages: 1 TensorCore per v5e/v6e chip, 2 per v5p/tpu7x chip); GKE TPU node labels
 * `cloud.google.com/gke-tpu-accelerator` and `cloud.google.com/gke-tpu-topology` ("Plan TPUs in GKE");
 * GAIE InferencePool `selector` matches model server pod labels.
 */
import type { ITpuPlatform } from '../../../lib/gke/tpu-platform';
import { checkNodeSelector, checkPoolSelector, claimPdCapacity, platformNodeSelector, PdRoleSizing } from '../../../lib/serving/pd/pd-sizing';
import { PdRole } from '../../../lib/serving/vllm-tpu';
import { TpuCapacityLedger } from '../../../lib/tpu/tpu-capacity';
import { TpuGeneration } from '../../../lib/tpu/tpu-generation';
import { TpuMachineType } from '../../../lib/tpu/tpu-machine-type';
import { codeOf, errorOf } from '../helpers';

function platform(chips = 64, machineType = TpuMachineType.TPU7X_STANDARD_4T, extra: object = {}): ITpuPlatform {
  const capacity = { generation: machineType.generation, chips, vms: chips / machineType.chipsPerVm };
  return { capacity, machineType, ledger: new TpuCapacityLedger('the pool', capacity), dependables: [], ...extra };
}

const prefill = (over: Partial<PdRoleSizing> = {}): PdRoleSizing =>
  ({ role: PdRole.PREFILL, workload: 'ms-prefill', replicas: 2, chipsPerReplica: 8, tensorParallelSize: 16, ...over });
const decode = (over: Partial<PdRoleSizing> = {}): PdRoleSizing =>
  ({ role: PdRole.DECODE, workload: 'ms-decode', replicas: 1, chipsPerReplica: 16, tensorParallelSize: 32, ...over });

describe('claimPdCapacity', () => {
  test('claims replicas x chips per replica for every role, in order', () => {
    const p = platform(64);
    claimPdCapacity(p, [prefill(), decode()]);
    expect(p.ledger.claims).toEqual([{ name: 'ms-prefill', chips: 16 }, { name: 'ms-decode', chips: 16 }]);
    expect(p.ledger.remaining).toBe(32);
  });

  test('zero replicas claim nothing', () => {
    const p = platform(16);
    claimPdCapacity(p, [prefill({ replicas: 0 }), decode()]);
    expect(p.ledger.claims).toEqual([{ name: 'ms-prefill', chips: 0 }, { name: 'ms-decode', chips: 16 }]);
  });

  test.each([-1, 1.5, Number.NaN])('%d replicas are rejected before anything is claimed', (replicas) => {
    const p = platform(64);
    expect(errorOf(() => claimPdCapacity(p, [decode(), prefill({ replicas })]))).toBe(
      `prefill replicas of "ms-prefill" ${replicas} is out of range. Allowed: an integer >= 0. Fix: set the number of model replicas`);
    expect(p.ledger.claims).toEqual([]);
  });

  test('negative replicas cannot free chips for another role', () => {
    const p = platform(16);
    expect(() => claimPdCapacity(p, [prefill({ replicas: -1 }), decode({ replicas: 2 })])).toThrow('is out of range');
    expect(p.ledger.remaining).toBe(16);
  });

  test('tensor parallelism must use exactly the TensorCores of a replica (2 per tpu7x chip)', () => {
    expect(errorOf(() => claimPdCapacity(platform(), [prefill({ tensorParallelSize: 8 })]))).toBe(
      'Tensor parallel size 8 of "ms-prefill" does not match its 8 tpu7x chips per replica (16 TensorCores). '
      + 'Allowed: 16 (chips per replica x TensorCores per chip). Fix: set the tensor parallel size to 16, or give each replica 8 TensorCores');
    expect(codeOf(() => claimPdCapacity(platform(), [decode({ tensorParallelSize: 33 })]))).toBe('TENSOR_PARALLEL_NOT_TENSOR_CORES');
  });

  test('1 TensorCore per v6e chip', () => {
    const p = platform(16, TpuMachineType.CT6E_STANDARD_4T);
    claimPdCapacity(p, [prefill({ chipsPerReplica: 4, tensorParallelSize: 4 })]);
    expect(p.ledger.claimed).toBe(8);
    expect(codeOf(() => claimPdCapacity(platform(16, TpuMachineType.CT6E_STANDARD_4T), [prefill({ chipsPerReplica: 4, tensorParallelSize: 8 })])))
      .toBe('TENSOR_PARALLEL_NOT_TENSOR_CORES');
  });

  test('all roles are checked before any claim; the ledger rejects what does not fit', () => {
    const p = platform(16);
    expect(codeOf(() => claimPdCapacity(p, [decode(), prefill({ tensorParallelSize: 1 })]))).toBe('TENSOR_PARALLEL_NOT_TENSOR_CORES');
    expect(p.ledger.claims).toEqual([]);
    expect(codeOf(() => claimPdCapacity(p, [decode({ replicas: 2 })]))).toBe('CAPACITY_EXCEEDED');
  });

  test('roles claim in the platform generation', () => {
    const p = platform(64);
    claimPdCapacity(p, [decode()]);
    expect(p.capacity.generation).toBe(TpuGeneration.TPU7X);
  });
});

describe('platformNodeSelector and checkNodeSelector', () => {
  test('without its own selector: accelerator label and the single-host topology', () => {
    expect(platformNodeSelector(platform())).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu7x', 'cloud.google.com/gke-tpu-topology': '2x2x1' });
    expect(platformNodeSelector(platform(16, TpuMachineType.CT6E_STANDARD_8T)))
      .toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '2x4' });
  });

  test('a platform that has its own selector keeps it', () => {
    const own = { 'cloud.google.com/gke-tpu-accelerator': 'tpu7x', 'cloud.google.com/gke-tpu-topology': '4x4x4' };
    expect(platformNodeSelector(platform(64, TpuMachineType.TPU7X_STANDARD_4T, { nodeSelector: own }))).toBe(own);
  });

  test('a TPU label the nodes do not carry is rejected; other labels and matching ones pass', () => {
    const p = platform();
    expect(() => checkNodeSelector('w', { 'cloud.google.com/gke-tpu-accelerator': 'tpu7x', team: 'a' }, p)).not.toThrow();
    expect(() => checkNodeSelector('w', {}, p)).not.toThrow();
    expect(errorOf(() => checkNodeSelector('w', { 'cloud.google.com/gke-tpu-topology': '2x2x2' }, p))).toBe(
      'Node selector cloud.google.com/gke-tpu-topology="2x2x2" of "w" matches no node pool of the platform. Allowed: "2x2x1". '
      + 'Fix: select "2x2x1", or add node pools with cloud.google.com/gke-tpu-topology="2x2x2"');
  });
});

describe('checkPoolSelector', () => {
  const pods = { app: 'qwen', 'llm-d.ai/role': 'decode' };

  test('every selector label must be on the model server pods', () => {
    expect(() => checkPoolSelector('pool', { app: 'qwen' }, pods)).not.toThrow();
    expect(() => checkPoolSelector('pool', {}, pods)).not.toThrow();
    expect(errorOf(() => checkPoolSelector('pool', { app: 'llama' }, pods))).toBe(
      'InferencePool "pool" selector app="llama" matches none of the model server pods. '
      + 'Allowed: labels the model servers carry: app="qwen", llm-d.ai/role="decode". Fix: add the label to the model servers, or select a label they carry');
  });

  test('a selector that also matches idle pods (LWS workers) is rejected', () => {
    const worker = { app: 'qwen', 'llm-d.ai/role': 'decode', 'leaderworkerset.sigs.k8s.io/worker-index': '1' };
    expect(errorOf(() => checkPoolSelector('pool', { app: 'qwen' }, pods, [worker]))).toBe(
      'InferencePool "pool" selector app="qwen" also matches model server pods that serve nothing '
      + '(app="qwen", llm-d.ai/role="decode", leaderworkerset.sigs.k8s.io/worker-index="1"). Allowed: a selector that matches only the serving pods. '
      + 'Fix: add a label only the serving pods carry (for LeaderWorkerSets: leaderworkerset.sigs.k8s.io/worker-index="0"), or omit the selector to use the model servers\' own');
    const leader = { ...pods, 'leaderworkerset.sigs.k8s.io/worker-index': '0' };
    expect(() => checkPoolSelector('pool', { app: 'qwen', 'leaderworkerset.sigs.k8s.io/worker-index': '0' }, leader, [worker])).not.toThrow();
  });
});
