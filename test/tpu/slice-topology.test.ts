import { DynamicSliceTopology, SliceKind } from '../../lib/tpu/slice-topology';
import { TpuCapacityLedger } from '../../lib/tpu/tpu-capacity';
import { TpuGeneration } from '../../lib/tpu/tpu-generation';
import { errorOf } from '../helpers/synth';

describe('DynamicSliceTopology', () => {
  test.each([
    ['2x2x1', SliceKind.SUB_SLICE, 4, 1, 8, 1],
    ['2x2x2', SliceKind.SUB_SLICE, 8, 2, 16, 1],
    ['2x2x4', SliceKind.SUB_SLICE, 16, 4, 32, 1],
    ['2x4x4', SliceKind.SUB_SLICE, 32, 8, 64, 1],
    ['4x4x4', SliceKind.SUPER_SLICE, 64, 16, 128, 1],
    ['4x4x8', SliceKind.SUPER_SLICE, 128, 32, 256, 2],
  ])('%s is a %s of %d chips, %d VMs, %d TensorCores, %d sub-block(s)', (text, kind, chips, vms, cores, blocks) => {
    const s = DynamicSliceTopology.parse(text);
    expect(s.kind).toBe(kind);
    expect(s.chips).toBe(chips);
    expect(s.vms).toBe(vms);
    expect(s.tensorCores).toBe(cores);
    expect(s.subBlocks).toBe(blocks);
  });
});

describe('TpuCapacityLedger', () => {
  test('claims accumulate and the overflow names earlier claims', () => {
    const ledger = new TpuCapacityLedger('two cubes', { generation: TpuGeneration.TPU7X, chips: 128, vms: 32 });
    ledger.claim('sub', 48);
    ledger.claim('pd', 64);
    expect(ledger.remaining).toBe(16);
    expect(errorOf(() => ledger.claim('big', 32))).toBe(
      'Workload "big" on two cubes (128 chips) needs 32 TPU chips but only 16 remain (already claimed: sub: 48, pd: 64). ' +
      'Allowed: at most 16 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('a claim for another generation is rejected', () => {
    const ledger = new TpuCapacityLedger('v6e pools', { generation: TpuGeneration.V6E, chips: 32, vms: 8 });
    expect(errorOf(() => ledger.claim('jax', 8, TpuGeneration.TPU7X))).toBe(
      'Workload "jax" needs tpu7x TPUs but the platform provides v6e. Allowed: "v6e". Fix: schedule it on a platform of the matching TPU generation');
  });
});
