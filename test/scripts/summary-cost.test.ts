/**
 * Cost in review (issue 12 §3): hourly list price per pool and capacity mode, the
 * PR delta in money, "n/a" for an unknown price, user price files checked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  costDelta, costSection, formatUsdPerHour, LIST_PRICES, loadPrices, parsePrices, poolCapacityMode, poolCosts, PriceEntry, PRICE_TABLE_DATE,
} from '../../scripts/summary/cost';
import { diffStack, headline, renderDiff } from '../../scripts/summary/diff';
import { summarizeStack } from '../../scripts/summary/model';
import { servingStack } from './fixtures';

const SRC = 'https://example.com/price-sheet';
const prices: PriceEntry[] = [
  { kind: 'tpu', type: 'v6e', region: 'us-east5', mode: 'reservation', usdPerHour: 2, source: SRC, asOf: '2026-12-01' },
  { kind: 'tpu', type: 'v6e', region: '*', mode: 'any-reservation', usdPerHour: 3, source: SRC, asOf: '2026-12-01' },
  { kind: 'gpu', type: 'g2-standard-4', region: 'us-east5', mode: 'spot', usdPerHour: 0.5, source: SRC, asOf: '2026-12-01' },
];

test('the built-in table is dated and holds only sourced rows (none were readable: every price is n/a)', () => {
  expect(PRICE_TABLE_DATE).toBe('2026-12-01');
  expect(LIST_PRICES).toEqual([]);
  expect(loadPrices(undefined)).toEqual([]);
});

test('capacity mode of a pool from its arguments', () => {
  expect(poolCapacityMode({ node_config: { reservation_affinity: { consume_reservation_type: 'SPECIFIC_RESERVATION' } } })).toBe('reservation');
  expect(poolCapacityMode({ node_config: { reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' } } })).toBe('on-demand');
  expect(poolCapacityMode({ node_config: {} })).toBe('any-reservation');
  expect(poolCapacityMode({ node_config: { spot: true } })).toBe('spot');
  expect(poolCapacityMode({ node_config: { preemptible: true } })).toBe('preemptible');
  expect(poolCapacityMode({ node_config: { flex_start: true } })).toBe('flex-start');
  expect(poolCapacityMode({ queued_provisioning: { enabled: true }, node_config: { flex_start: true } })).toBe('queued-provisioning');
});

test('per pool: chip-hours (TPU) or VM-hours (GPU) times the price of its generation/machine type, region and mode', () => {
  const costs = poolCosts(summarizeStack('serving', servingStack()), prices);
  expect(costs.map((c) => [c.pool, c.mode, c.region, c.units, c.usdPerHour])).toEqual([
    ['l4-spot', 'spot', 'us-east5', { min: 0, max: 2 }, { min: 0, max: 1 }],
    ['v6e-single', 'any-reservation', 'us-east5', { min: 1, max: 2 }, { min: 3, max: 6 }],
    ['v6e-slice', 'reservation', 'us-east5', { min: 16, max: 16 }, { min: 32, max: 32 }],
  ]);
});

test('stack section: total and per mode; without prices every cost is n/a', () => {
  const s = summarizeStack('serving', servingStack());
  expect(costSection(s, prices).slice(0, 3)).toEqual(['### Estimated hourly cost', '',
    '**$35.00–$39.00/h** list price (spot $0.00–$1.00/h, any-reservation $3.00–$6.00/h, reservation $32.00/h); an unknown price is n/a. '
    + 'Prices: built-in table of 2026-12-01 plus `$TPU_GKE_PRICES` (docs/review.md, "Cost in review").']);
  const none = costSection(s, []);
  expect(none[2]).toBe('**n/a** list price (spot n/a, any-reservation n/a, reservation n/a); an unknown price is n/a. '
    + 'Prices: built-in table of 2026-12-01 plus `$TPU_GKE_PRICES` (docs/review.md, "Cost in review").');
  expect(none).toContain('| `v6e-slice` | reservation | 16 v6e chip-hours/h | n/a |');
  expect(costSection(s, prices)).toContain(`| \`v6e-slice\` | reservation | 16 v6e chip-hours/h | $32.00/h at $2/chip-hour ([2026-12-01](${SRC})) |`);
});

test('formatting', () => {
  expect(formatUsdPerHour(undefined)).toBe('n/a');
  expect(formatUsdPerHour({ min: 1.5, max: 1.5 })).toBe('$1.50/h');
  expect(formatUsdPerHour({ min: 0, max: 2 })).toBe('$0.00–$2.00/h');
});

test('PR delta in money: a second v6e slice (any reservation, 16 chips) adds $48/h; unknown prices say n/a and why', () => {
  const a = summarizeStack('serving', servingStack());
  const b = summarizeStack('serving', servingStack({ secondSlice: true }));
  expect(costDelta(a, b, prices)).toBe('≈ +$48.00/h (v6e any-reservation)');
  expect(costDelta(a, b, [])).toBe('≈ n/a (no price for v6e any-reservation in us-east5)');
  expect(costDelta(a, a, prices)).toBe('');
});

test('headline and diff carry the money when every price is known (TPU_GKE_PRICES)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prices-'));
  const file = path.join(dir, 'prices.json');
  fs.writeFileSync(file, JSON.stringify(prices));
  const saved = process.env.TPU_GKE_PRICES;
  process.env.TPU_GKE_PRICES = file;
  try {
    const d = diffStack('serving', servingStack(), servingStack({ secondSlice: true }));
    expect(headline(d)).toBe('this PR adds 16 TPU v6e chips (4 VMs) ≈ +$48.00/h (v6e any-reservation)');
    expect(renderDiff([d])).toContain('- Estimated cost (list price): ≈ +$48.00/h (v6e any-reservation)');
  } finally {
    if (saved === undefined) delete process.env.TPU_GKE_PRICES; else process.env.TPU_GKE_PRICES = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('switching a TPU pool\'s capacity mode is disruptive (reservation_affinity / spot force a new pool)', () => {
  const spot = servingStack();
  const slice = spot.resource.google_container_node_pool.Slice_0A1B2C3D;
  slice.node_config = { machine_type: 'ct6e-standard-4t', spot: true };
  const d = diffStack('serving', servingStack(), spot);
  expect(d.changed.find((c) => c.name === 'v6e-slice')?.disruptive).toBe(
    'replaces the TPU pool (forces a new pool: `node_config.reservation_affinity`, `node_config.spot`): its slice is deleted and created again');
  expect(d.cost).toBe('≈ n/a (no price for v6e spot in us-east5)');
  expect(costDelta(summarizeStack('s', servingStack()), summarizeStack('s', spot), [...prices,
    { kind: 'tpu', type: 'v6e', region: 'us-east5', mode: 'spot', usdPerHour: 0.75, source: SRC, asOf: '2026-12-01' }])).toBe('≈ -$20.00/h (v6e spot, v6e reservation)');
});

test('a user price file is checked row by row', () => {
  expect(() => parsePrices([{ kind: 'tpu', type: 'v6e', region: '*', mode: 'cheap', usdPerHour: 1, source: SRC, asOf: '2026-12-01' }], 'p.json')).toThrow(
    'p.json: row 0 mode "cheap" is not allowed. Allowed: reservation, any-reservation, on-demand, spot, preemptible, flex-start, queued-provisioning. Fix: correct row 0.');
  expect(() => parsePrices([{ kind: 'tpu', type: 'v6e', region: '*', mode: 'spot', usdPerHour: 1, source: 'a guess', asOf: '2026-12-01' }], 'p.json')).toThrow(
    'p.json: row 0 source "a guess" is not allowed. Allowed: the URL the price was read from. Fix: correct row 0.');
  expect(() => parsePrices({}, 'p.json')).toThrow('p.json: expected a JSON array of price rows ({kind, type, region, mode, usdPerHour, source, asOf}).');
});
