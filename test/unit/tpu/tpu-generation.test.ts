/**
 * Unit tests of lib/tpu/tpu-generation.ts, the generation catalog.
 *
 * Sources: GKE "Plan TPUs in GKE" / "About TPUs in GKE" (node labels, the complete v5e and v6e
 * multi-host lists 2x4 ... 16x16, the 3D rule: 2x2x2, 2x2x4, 2x4x4, then AxBxC with sides multiples of 4,
 * A <= B <= C); Cloud TPU v5p page (largest slice 16x16x24 = 6144 chips in the GKE list);
 * Cloud TPU TPU7x page ("9,216-chip footprint per Pod", 2 TensorCores per chip);
 * GKE "About Ironwood (TPU7x)" (multi-host pools use a workload policy, not COMPACT placement).
 */
import { isCubeMultiple, MultiHostPlacement, TpuGeneration } from '../../../lib/tpu/tpu-generation';
import { TpuTopology } from '../../../lib/tpu/tpu-topology';
import { errorOf } from '../helpers';

const multi = (g: TpuGeneration, t: string) => g.isMultiHostTopology(TpuTopology.parse(t));

describe('TpuGeneration.of', () => {
  test('by name and by node label', () => {
    expect(TpuGeneration.of('v5e')).toBe(TpuGeneration.V5E);
    expect(TpuGeneration.of('tpu-v5-lite-podslice')).toBe(TpuGeneration.V5E);
    expect(TpuGeneration.of('v5p')).toBe(TpuGeneration.V5P);
    expect(TpuGeneration.of('tpu-v5p-slice')).toBe(TpuGeneration.V5P);
    expect(TpuGeneration.of('v6e')).toBe(TpuGeneration.V6E);
    expect(TpuGeneration.of('tpu-v6e-slice')).toBe(TpuGeneration.V6E);
    expect(TpuGeneration.of('tpu7x')).toBe(TpuGeneration.TPU7X);
    expect(TpuGeneration.ALL.map(String)).toEqual(['v5e', 'v5p', 'v6e', 'tpu7x']);
  });

  test('an unknown generation names the closest ones', () => {
    expect(errorOf(() => TpuGeneration.of('v6'))).toBe(
      'TPU generation "v6" is not in the catalog (did you mean "v6e", "v5e", "v5p"?). Allowed: "v5e", "v5p", "v6e", "tpu7x". Fix: use one of the listed generations');
    expect(errorOf(() => TpuGeneration.of('V6E'))).toMatch(/^TPU generation "V6E" is not in the catalog \(did you mean "v6e"/);
  });
});

describe('2D generations: the complete GKE list', () => {
  const listed = ['2x4', '4x4', '4x8', '8x8', '8x16', '16x16'];
  test.each([TpuGeneration.V5E, TpuGeneration.V6E])('%s lists exactly 2x4 ... 16x16', (g) => {
    expect(g.listedMultiHostTopologies).toEqual(listed);
    for (const t of listed) expect({ t, ok: multi(g, t) }).toEqual({ t, ok: true });
    for (const t of ['1x1', '2x2', '4x2', '8x4', '16x8', '16x32', '32x32', '4x12', '2x2x2']) expect({ t, ok: multi(g, t) }).toEqual({ t, ok: false });
    expect(g.describeMultiHostTopologies()).toBe('"2x4", "4x4", "4x8", "8x8", "8x16", "16x16"');
  });
});

describe('3D generations: listed small slices, then ordered multiples of 4 up to a chip cap', () => {
  test('v5p: cap 6144 chips (16x16x24)', () => {
    for (const t of ['2x2x2', '2x2x4', '2x4x4', '4x4x4', '4x4x8', '16x16x24', '4x4x384']) expect({ t, ok: multi(TpuGeneration.V5P, t) }).toEqual({ t, ok: true });
    for (const t of ['2x2x1', '4x4x388', '16x24x24', '4x4', '4x4x6']) expect({ t, ok: multi(TpuGeneration.V5P, t) }).toEqual({ t, ok: false });
  });

  test('tpu7x: cap 9216 chips (one pod), so 4x4x576 fits and 4x4x580 does not', () => {
    for (const t of ['2x2x2', '2x2x4', '2x4x4', '4x4x4', '8x8x8', '16x24x24', '4x4x576']) expect({ t, ok: multi(TpuGeneration.TPU7X, t) }).toEqual({ t, ok: true });
    expect(multi(TpuGeneration.TPU7X, '12x12x12')).toBe(true);
    for (const t of ['2x2x1', '4x4x580', '24x24x24', '2x2', '4x2x2', '2x4x2', '4x8x4', '8x4x4', '4x4x6', '6x8x8']) expect({ t, ok: multi(TpuGeneration.TPU7X, t) }).toEqual({ t, ok: false });
  });

  test('describe names the listed slices and the cube rule', () => {
    expect(TpuGeneration.TPU7X.describeMultiHostTopologies()).toBe(
      '"2x2x2", "2x2x4", "2x4x4", then AxBxC with every side a multiple of 4, A <= B <= C and at most 9216 chips (e.g. "4x4x4", "4x4x8")');
    expect(TpuGeneration.V5P.describeMultiHostTopologies()).toMatch(/at most 6144 chips/);
  });
});

describe('isCubeMultiple', () => {
  const cube = (t: string, max = 9216) => isCubeMultiple(TpuTopology.parse(t), max);
  test('every side a multiple of 4, non-decreasing, chips at most the cap (inclusive)', () => {
    expect(cube('4x4x4', 64)).toBe(true);
    expect(cube('4x4x4', 63)).toBe(false);
    expect(cube('4x4x8')).toBe(true);
    expect(cube('4x8x8')).toBe(true);
    expect(cube('8x4x8')).toBe(false);
    expect(cube('4x8x4')).toBe(false);
    expect(cube('8x8x4')).toBe(false);
    expect(cube('2x4x4')).toBe(false);
    expect(cube('4x2x4')).toBe(false);
    expect(cube('4x4x2')).toBe(false);
    expect(cube('4x4x6')).toBe(false);
    expect(cube('4x4')).toBe(false);
  });
});

describe('generation properties', () => {
  test.each([
    [TpuGeneration.V5E, 'v5e', 'tpu-v5-lite-podslice', 2, 1, MultiHostPlacement.COMPACT],
    [TpuGeneration.V5P, 'v5p', 'tpu-v5p-slice', 3, 2, MultiHostPlacement.COMPACT],
    [TpuGeneration.V6E, 'v6e', 'tpu-v6e-slice', 2, 1, MultiHostPlacement.COMPACT],
    [TpuGeneration.TPU7X, 'tpu7x', 'tpu7x', 3, 2, MultiHostPlacement.WORKLOAD_POLICY],
  ])('%s', (g, name, label, rank, cores, placement) => {
    expect([g.name, g.acceleratorLabel, g.rank, g.tensorCoresPerChip, g.multiHostPlacement, g.toString()])
      .toEqual([name, label, rank, cores, placement, name]);
  });
});

describe('parseTopology checks the rank', () => {
  test('2D generations take AxB, 3D ones AxBxC', () => {
    expect(TpuGeneration.V6E.parseTopology('4x4').chips).toBe(16);
    expect(TpuGeneration.TPU7X.parseTopology('2x2x1').chips).toBe(4);
    expect(errorOf(() => TpuGeneration.V6E.parseTopology('2x2x2'))).toBe(
      'TPU topology "2x2x2" has the wrong number of dimensions for v6e. Allowed: 2-dimensional topologies. Fix: write a AxB (e.g. "4x4") topology');
    expect(errorOf(() => TpuGeneration.TPU7X.parseTopology('4x4'))).toBe(
      'TPU topology "4x4" has the wrong number of dimensions for tpu7x. Allowed: 3-dimensional topologies. Fix: write a AxBxC (e.g. "2x2x2") topology');
    expect(() => TpuGeneration.TPU7X.parseTopology('4x4x')).toThrow('is not of the form AxB or AxBxC');
  });
});
