/**
 * Unit tests of lib/tpu/slice-topology.ts (tpu7x dynamic slicing).
 *
 * Source: GKE "Schedule dynamic slices with Kueue and TAS" (sub-slices 2x2x1, 2x2x2, 2x2x4, 2x4x4 inside one
 * 4x4x4 sub-block of 16 VMs; super-slices of whole sub-blocks, AxBxC multiples of 4, A <= B <= C) and the
 * Cloud TPU TPU7x page (9,216 chips per pod, 2 TensorCores per chip).
 */
import {
  DynamicSliceTopology, SLICE_TOPOLOGY_ANNOTATION, SliceKind, TPU7X_SUB_BLOCK, TPU7X_SUB_SLICE_TOPOLOGIES,
} from '../../../lib/tpu/slice-topology';
import { errorOf } from '../helpers';

describe('DynamicSliceTopology.parse', () => {
  test.each([
    ['2x2x1', SliceKind.SUB_SLICE, 4, 1, 8, 1],
    ['2x2x2', SliceKind.SUB_SLICE, 8, 2, 16, 1],
    ['2x2x4', SliceKind.SUB_SLICE, 16, 4, 32, 1],
    ['2x4x4', SliceKind.SUB_SLICE, 32, 8, 64, 1],
    ['4x4x8', SliceKind.SUPER_SLICE, 128, 32, 256, 2],
    ['4x4x4', SliceKind.SUPER_SLICE, 64, 16, 128, 1],
    ['8x8x8', SliceKind.SUPER_SLICE, 512, 128, 1024, 8],
    ['16x24x24', SliceKind.SUPER_SLICE, 9216, 2304, 18432, 144],
    ['4x4x576', SliceKind.SUPER_SLICE, 9216, 2304, 18432, 144],
  ])('%s: %s, %d chips, %d VMs, %d TensorCores, %d sub-blocks', (text, kind, chips, vms, cores, blocks) => {
    const s = DynamicSliceTopology.parse(text);
    expect([s.kind, s.chips, s.vms, s.tensorCores, s.subBlocks, s.toString(), s.topology.toString()]).toEqual([kind, chips, vms, cores, blocks, text, text]);
  });

  const message = (text: string, hint = '') => `Slice topology "${text}" is not a tpu7x dynamic-slicing topology${hint}. `
    + 'Allowed: "2x2x1", "2x2x2", "2x2x4", "2x4x4", "4x4x4", "4x4x8", "4x8x8", "8x8x8", "... (AxBxC, sides multiples of 4, A <= B <= C, at most 9216 chips; tpu7x)". '
    + 'Fix: request one of the sub-slice or super-slice topologies';

  test('more than one pod (9216 chips) is not a slice', () => {
    expect(errorOf(() => DynamicSliceTopology.parse('4x4x580'))).toBe(message('4x4x580', ' (did you mean "4x4x8", "4x4x4", "4x8x8"?)'));
    expect(errorOf(() => DynamicSliceTopology.parse('24x24x24'))).toMatch(/^Slice topology "24x24x24" is not a tpu7x dynamic-slicing topology/);
  });

  test('sub-slices are exactly the listed partitions of a sub-block', () => {
    expect(TPU7X_SUB_SLICE_TOPOLOGIES).toEqual(['2x2x1', '2x2x2', '2x2x4', '2x4x4']);
    for (const t of ['1x2x2', '2x1x2', '4x2x2', '2x4x2', '1x1x1', '4x4x2']) expect(() => DynamicSliceTopology.parse(t)).toThrow(`Slice topology "${t}" is not a tpu7x`);
  });

  test('malformed topologies fail before the slice rules', () => {
    expect(() => DynamicSliceTopology.parse('4x4x')).toThrow('TPU topology "4x4x" is not of the form AxB or AxBxC');
    expect(() => DynamicSliceTopology.parse('4x4x4x4')).toThrow('TPU topology "4x4x4x4" is not of the form AxB or AxBxC');
    expect(() => DynamicSliceTopology.parse('4x4')).toThrow('Slice topology "4x4" is not a tpu7x');
  });

  test('constants', () => {
    expect(TPU7X_SUB_BLOCK.chips).toBe(64);
    expect(TPU7X_SUB_BLOCK.toString()).toBe('4x4x4');
    expect(SLICE_TOPOLOGY_ANNOTATION).toBe('cloud.google.com/gke-tpu-slice-topology');
  });
});
