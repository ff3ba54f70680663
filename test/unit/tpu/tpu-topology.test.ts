/**
 * Unit tests of lib/tpu/tpu-topology.ts.
 * Source: GKE "Plan TPUs in GKE" — a topology is the chip count along each ICI dimension,
 * written AxB (v5e, v6e) or AxBxC (v5p, tpu7x), every side a positive integer.
 */
import { TpuTopology } from '../../../lib/tpu/tpu-topology';
import { errorOf } from '../helpers';

describe('TpuTopology.parse', () => {
  test.each([
    ['1x1', [1, 1], 1], ['2x4', [2, 4], 8], ['16x16', [16, 16], 256], ['2x2x1', [2, 2, 1], 4], ['4x4x4', [4, 4, 4], 64],
    ['16x24x24', [16, 24, 24], 9216], ['10x1', [10, 1], 10],
  ])('%s: dims %j, %d chips', (text, dims, chips) => {
    const t = TpuTopology.parse(text);
    expect(t.dims).toEqual(dims);
    expect(t.chips).toBe(chips);
    expect(t.rank).toBe(dims.length);
    expect(t.toString()).toBe(text);
  });

  test.each([
    '4x4x', '4x4x4x4', 'x4x4', '4x', '4', '', '0x4', '4x0', '4x4x0', '04x4', '4x04', '4X4', '4*4', ' 4x4', '4x4 ', '4x4\n',
    '-4x4', '4.0x4', '2x2x2x', '2x2xx2',
  ])('rejects %j', (text) => {
    expect(errorOf(() => TpuTopology.parse(text))).toBe(
      `TPU topology "${text}" is not of the form AxB or AxBxC with positive integers. Allowed: e.g. "2x2", "4x4", "2x2x1", "4x4x4". `
      + 'Fix: write the topology as chip counts per dimension joined by "x"');
  });
});

describe('TpuTopology.of and equals', () => {
  test('of joins the dimensions and validates them', () => {
    expect(TpuTopology.of(2, 2, 4).toString()).toBe('2x2x4');
    expect(TpuTopology.of(4, 8).chips).toBe(32);
    expect(() => TpuTopology.of(4, 0)).toThrow('TPU topology "4x0" is not of the form');
    expect(() => TpuTopology.of(4)).toThrow('TPU topology "4" is not of the form');
  });

  test('equal when every dimension matches in order', () => {
    expect(TpuTopology.parse('2x4').equals(TpuTopology.of(2, 4))).toBe(true);
    expect(TpuTopology.parse('2x4').equals(TpuTopology.parse('4x2'))).toBe(false);
    expect(TpuTopology.parse('2x2').equals(TpuTopology.parse('2x2x1'))).toBe(false);
  });
});
