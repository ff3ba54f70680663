/**
 * Unit tests of lib/tpu/tpu-capacity.ts: the capacity ledger every workload claims chips on.
 */
import { TpuCapacityLedger } from '../../../lib/tpu/tpu-capacity';
import { TpuGeneration } from '../../../lib/tpu/tpu-generation';
import { codeOf, errorOf } from '../helpers';

const ledger = (chips = 64) => new TpuCapacityLedger('SuperslicePool "tpu7"', { generation: TpuGeneration.TPU7X, chips, vms: chips / 4 });

describe('TpuCapacityLedger', () => {
  test('starts empty', () => {
    const l = ledger();
    expect(l.claimed).toBe(0);
    expect(l.remaining).toBe(64);
    expect(l.claims).toEqual([]);
    expect(l.description).toBe('SuperslicePool "tpu7"');
    expect(l.capacity.chips).toBe(64);
  });

  test('an exact fit is allowed; one chip more is not', () => {
    const l = ledger();
    l.claim('a', 60);
    l.claim('b', 4, TpuGeneration.TPU7X);
    expect(l.remaining).toBe(0);
    expect(l.claimed).toBe(64);
    expect(errorOf(() => l.claim('c', 1))).toBe(
      'Workload "c" on SuperslicePool "tpu7" (64 chips) needs 1 TPU chips but only 0 remain (already claimed: a: 60, b: 4). '
      + 'Allowed: at most 0 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
    expect(l.claims).toEqual([{ name: 'a', chips: 60 }, { name: 'b', chips: 4 }]);
  });

  test('the first claim that does not fit names no earlier claims', () => {
    expect(errorOf(() => ledger(16).claim('big', 17))).toBe(
      'Workload "big" on SuperslicePool "tpu7" (16 chips) needs 17 TPU chips but only 16 remain. '
      + 'Allowed: at most 16 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('a rejected claim leaves the ledger unchanged', () => {
    const l = ledger(16);
    l.claim('a', 8);
    expect(() => l.claim('b', 9)).toThrow();
    expect(l.claims).toEqual([{ name: 'a', chips: 8 }]);
    expect(l.remaining).toBe(8);
  });

  test('zero chips is a valid claim (a role scaled to zero)', () => {
    const l = ledger(16);
    l.claim('idle', 0);
    expect(l.claims).toEqual([{ name: 'idle', chips: 0 }]);
    expect(l.remaining).toBe(16);
  });

  test.each([-1, -64, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('a claim of %d chips is rejected, so it cannot free capacity', (chips) => {
    const l = ledger(16);
    l.claim('a', 16);
    expect(errorOf(() => l.claim('neg', chips))).toBe(
      `TPU chips claimed by workload "neg" on SuperslicePool "tpu7" ${chips} is out of range. Allowed: an integer >= 0. `
      + 'Fix: claim a whole, non-negative number of chips');
    expect(l.remaining).toBe(0);
  });

  test('claims is a copy', () => {
    const l = ledger(16);
    l.claim('a', 4);
    (l.claims as { name: string; chips: number }[]).push({ name: 'x', chips: 12 });
    expect(l.remaining).toBe(12);
    expect(l.claims).toHaveLength(1);
  });

  test('a claim for another generation is rejected before the capacity check', () => {
    const l = ledger(16);
    expect(codeOf(() => l.claim('v6', 1, TpuGeneration.V6E))).toBe('GENERATION_MISMATCH');
    expect(codeOf(() => l.claim('v6', 100, TpuGeneration.V6E))).toBe('GENERATION_MISMATCH');
    expect(errorOf(() => l.claim('v6', 1, TpuGeneration.V6E))).toBe(
      'Workload "v6" needs v6e TPUs but the platform provides tpu7x. Allowed: "tpu7x". Fix: schedule it on a platform of the matching TPU generation');
    expect(l.claims).toEqual([]);
  });
});
