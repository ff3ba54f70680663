/**
 * Estimated hourly list price of a stack's accelerator pools, per capacity mode
 * (issue 12 §3): TPU pools as chip-hours per hour, GPU pools as VM-hours per
 * hour, times a list price by accelerator, region and mode. Prices come from a
 * dated table with the public source of each row, which the user extends or
 * overrides with a JSON file (`TPU_GKE_PRICES=prices.json` or `--prices`); a
 * pool without a price prints "n/a", never a guess.
 *
 * Table date: 2026-12-01. Sources read that day, through the copies available to
 * the project: Cloud TPU pricing (https://cloud.google.com/tpu/pricing) and GPU /
 * VM instance pricing (https://cloud.google.com/compute/gpus-pricing,
 * https://cloud.google.com/compute/vm-instance-pricing). The readable text of
 * those pages lists no per-chip price for v5e, v5p, v6e or TPU7x and no
 * g2-standard price (the price tables are rendered by script), so the built-in
 * table has no rows and every price is "n/a" until a user supplies one.
 */
import * as fs from 'fs';
import { PoolSummary, Range, StackSummary } from './model';
import { Json, one } from './synth-tree';
import { resolveString } from './tf-expr';

/** How a pool obtains its VMs, read from its arguments (the library's CapacityKind values, plus `preemptible`). */
export type PoolCapacityMode = 'reservation' | 'any-reservation' | 'on-demand' | 'spot' | 'preemptible' | 'flex-start' | 'queued-provisioning';

/** One list price. */
export interface PriceEntry {
  /** `tpu` (priced per chip-hour) or `gpu` (priced per VM-hour of the machine type, GPUs included). */
  readonly kind: 'tpu' | 'gpu';
  /** TPU generation (`v6e`, `tpu7x`) or GPU machine type (`g2-standard-4`). */
  readonly type: string;
  /** Region, e.g. `us-central1`, or `*` for every region. */
  readonly region: string;
  /** Capacity mode the price applies to. */
  readonly mode: PoolCapacityMode;
  /** USD per chip-hour (TPU) or per VM-hour (GPU). */
  readonly usdPerHour: number;
  /** Public source of the price (URL). */
  readonly source: string;
  /** Date the price was read (YYYY-MM-DD). */
  readonly asOf: string;
}

/** Date of the built-in table. */
export const PRICE_TABLE_DATE = '2026-12-01';

/** Pages the built-in table was read from (see the module comment: they showed no readable per-chip prices). */
export const PRICE_SOURCES: readonly string[] = [
  'https://cloud.google.com/tpu/pricing',
  'https://cloud.google.com/compute/gpus-pricing',
  'https://cloud.google.com/compute/vm-instance-pricing',
];

/** Built-in list prices: only prices read from a public source, each with its URL and date. None were readable on PRICE_TABLE_DATE. */
export const LIST_PRICES: readonly PriceEntry[] = [];

/** Environment variable naming a JSON file of {@link PriceEntry} rows that extend or override the built-in table. */
export const PRICES_ENV = 'TPU_GKE_PRICES';

const MODES: readonly PoolCapacityMode[] = ['reservation', 'any-reservation', 'on-demand', 'spot', 'preemptible', 'flex-start', 'queued-provisioning'];

/** Checks user price rows; throws with the row, the field and what is allowed. */
export function parsePrices(rows: unknown, origin: string): PriceEntry[] {
  if (!Array.isArray(rows)) throw new Error(`${origin}: expected a JSON array of price rows ({kind, type, region, mode, usdPerHour, source, asOf}).`);
  return rows.map((r: any, i) => {
    const bad = (field: string, allowed: string): never => {
      throw new Error(`${origin}: row ${i} ${field} ${JSON.stringify(r?.[field])} is not allowed. Allowed: ${allowed}. Fix: correct row ${i}.`);
    };
    if (r?.kind !== 'tpu' && r?.kind !== 'gpu') bad('kind', '"tpu" or "gpu"');
    if (typeof r.type !== 'string' || !r.type) bad('type', 'a TPU generation (v6e, tpu7x) or a GPU machine type (g2-standard-4)');
    if (typeof r.region !== 'string' || !r.region) bad('region', 'a region such as us-central1, or "*"');
    if (!MODES.includes(r.mode)) bad('mode', MODES.join(', '));
    if (typeof r.usdPerHour !== 'number' || !(r.usdPerHour >= 0)) bad('usdPerHour', 'a number >= 0 (USD per chip-hour or VM-hour)');
    if (typeof r.source !== 'string' || !/^https?:\/\//.test(r.source)) bad('source', 'the URL the price was read from');
    if (typeof r.asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(r.asOf)) bad('asOf', 'the date the price was read, YYYY-MM-DD');
    return { kind: r.kind, type: r.type, region: r.region, mode: r.mode, usdPerHour: r.usdPerHour, source: r.source, asOf: r.asOf };
  });
}

/** The built-in table with the rows of `file` (or `$TPU_GKE_PRICES`) added; a user row replaces a built-in one with the same kind, type, region and mode. */
export function loadPrices(file: string | undefined = process.env[PRICES_ENV]): PriceEntry[] {
  if (!file) return [...LIST_PRICES];
  const user = parsePrices(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  const key = (p: PriceEntry): string => `${p.kind}|${p.type}|${p.region}|${p.mode}`;
  const keys = new Set(user.map(key));
  return [...LIST_PRICES.filter((p) => !keys.has(key(p))), ...user];
}

/** The capacity mode of a google_container_node_pool body. */
export function poolCapacityMode(body: Json): PoolCapacityMode {
  const nc = one(body.node_config) ?? {};
  if (one(body.queued_provisioning)?.enabled === true) return 'queued-provisioning';
  if (nc.flex_start === true) return 'flex-start';
  if (nc.spot === true) return 'spot';
  if (nc.preemptible === true) return 'preemptible';
  const type = one(nc.reservation_affinity)?.consume_reservation_type;
  if (type === 'SPECIFIC_RESERVATION') return 'reservation';
  if (type === 'NO_RESERVATION') return 'on-demand';
  // ANY_RESERVATION, and no affinity at all (Compute Engine's default is to consume any matching reservation).
  return 'any-reservation';
}

/** The estimated cost of one pool. */
export interface PoolCost {
  readonly pool: string;
  readonly kind: 'tpu' | 'gpu';
  /** TPU generation or GPU machine type. */
  readonly type: string;
  readonly region?: string;
  readonly mode: PoolCapacityMode;
  /** Chips (TPU) or VMs (GPU) billed per hour, at the pool's smallest and largest size. */
  readonly units: Range;
  readonly unit: 'chip' | 'VM';
  /** USD per hour, when a price is known. */
  readonly usdPerHour?: Range;
  readonly price?: PriceEntry;
}

function regionOf(p: PoolSummary, s: StackSummary): string | undefined {
  const body = s.resources.find((r) => r.address === p.address)?.body;
  const zone = Array.isArray(body?.node_locations) ? resolveString(body!.node_locations[0], s.ctx)?.value : undefined;
  return zone ? zone.replace(/-[^-]+$/, '') : undefined;
}

function priceFor(prices: readonly PriceEntry[], kind: 'tpu' | 'gpu', type: string, region: string | undefined, mode: PoolCapacityMode): PriceEntry | undefined {
  const matches = prices.filter((p) => p.kind === kind && p.type === type && p.mode === mode);
  return matches.find((p) => region !== undefined && p.region === region) ?? matches.find((p) => p.region === '*');
}

function times(r: Range, k: number): Range {
  return { min: r.min === undefined ? undefined : r.min * k, max: r.max === undefined ? undefined : r.max * k };
}

/** Cost of every TPU and GPU pool of `s`. */
export function poolCosts(s: StackSummary, prices: readonly PriceEntry[]): PoolCost[] {
  return s.pools.filter((p) => p.kind === 'tpu' || p.kind === 'gpu').map((p) => {
    const body = s.resources.find((r) => r.address === p.address)?.body ?? {};
    const mode = poolCapacityMode(body);
    const region = regionOf(p, s);
    const kind = p.kind as 'tpu' | 'gpu';
    const type = kind === 'tpu' ? p.generation ?? '?' : p.machineType.text;
    const units = kind === 'tpu' ? p.accelerators : p.vms;
    const price = priceFor(prices, kind, type, region, mode);
    return {
      pool: p.name.text, kind, type, region, mode, units, unit: kind === 'tpu' ? 'chip' : 'VM',
      ...(price ? { usdPerHour: times(units, price.usdPerHour), price } : {}),
    } as PoolCost;
  });
}

/** Sum of ranges; undefined when any part is unknown. */
function total(costs: readonly PoolCost[]): Range | undefined {
  if (!costs.length || costs.some((c) => !c.usdPerHour || c.usdPerHour.min === undefined || c.usdPerHour.max === undefined)) return undefined;
  return { min: costs.reduce((n, c) => n + c.usdPerHour!.min!, 0), max: costs.reduce((n, c) => n + c.usdPerHour!.max!, 0) };
}

/** `$12.34/h`, `$0.00–$12.34/h`, or `n/a`. */
export function formatUsdPerHour(r: Range | undefined): string {
  if (!r || r.min === undefined || r.max === undefined) return 'n/a';
  const usd = (n: number): string => `$${n.toFixed(2)}`;
  return r.min === r.max ? `${usd(r.max)}/h` : `${usd(r.min)}–${usd(r.max)}/h`;
}

function unitsText(c: PoolCost): string {
  const r = c.units;
  const n = r.min === r.max ? `${r.max ?? '?'}` : `${r.min ?? '?'}–${r.max ?? '?'}`;
  return c.kind === 'tpu' ? `${n} ${c.type} chip-hours/h` : `${n} ${c.type} VM-hours/h`;
}

/** Markdown lines of the stack's "Estimated hourly cost" section (empty without accelerator pools). */
export function costSection(s: StackSummary, prices: readonly PriceEntry[] = loadPrices()): string[] {
  const costs = poolCosts(s, prices);
  if (!costs.length) return [];
  const rows = costs.map((c) => `| \`${c.pool}\` | ${c.mode} | ${unitsText(c)} | ${c.price ? `${formatUsdPerHour(c.usdPerHour)} at $${c.price.usdPerHour}/${c.unit}-hour ([${c.price.asOf}](${c.price.source}))` : 'n/a'} |`);
  const modes = [...new Set(costs.map((c) => c.mode))];
  const byMode = modes.map((m) => `${m} ${formatUsdPerHour(total(costs.filter((c) => c.mode === m)))}`);
  return [
    '### Estimated hourly cost', '',
    `**${formatUsdPerHour(total(costs))}** list price (${byMode.join(', ')}); an unknown price is n/a. `
      + `Prices: built-in table of ${PRICE_TABLE_DATE} plus \`$${PRICES_ENV}\` (docs/review.md, "Cost in review").`, '',
    '| Pool | Capacity mode | Billed units | Cost |', '|---|---|---|---|', ...rows, '',
  ];
}

/** Hourly cost of `s` (undefined: no accelerator pools or a price missing). */
export function stackHourlyCost(s: StackSummary | undefined, prices: readonly PriceEntry[]): Range | undefined {
  return s ? total(poolCosts(s, prices)) : { min: 0, max: 0 };
}

/**
 * The money side of a PR's capacity change: `≈ +$61.44/h (tpu7x on-demand)`, or
 * `≈ n/a (no price for tpu7x on-demand in us-central1)`. Empty when the accelerator
 * pools and their modes did not change.
 */
export function costDelta(a: StackSummary | undefined, b: StackSummary | undefined, prices: readonly PriceEntry[]): string {
  const sig = (c: PoolCost): string => `${c.pool}|${c.type}|${c.mode}|${c.units.min}|${c.units.max}|${c.region}`;
  const ca = a ? poolCosts(a, prices) : [];
  const cb = b ? poolCosts(b, prices) : [];
  // Only pools that appear, disappear or change (size, mode, type, region) count; the others cancel out.
  const sa = new Set(ca.map(sig));
  const sb = new Set(cb.map(sig));
  const gone = ca.filter((c) => !sb.has(sig(c)));
  const came = cb.filter((c) => !sa.has(sig(c)));
  if (!gone.length && !came.length) return '';
  const modes = [...new Set([...came, ...gone].map((c) => `${c.type} ${c.mode}`))].join(', ');
  const missing = [...came, ...gone].find((c) => !c.usdPerHour || c.usdPerHour.min === undefined || c.usdPerHour.max === undefined);
  if (missing) return `≈ n/a (no price for ${missing.type} ${missing.mode}${missing.region ? ` in ${missing.region}` : ''})`;
  const before = total(gone) ?? { min: 0, max: 0 };
  const after = total(came) ?? { min: 0, max: 0 };
  const d: Range = { min: after.min! - before.min!, max: after.max! - before.max! };
  const sign = (n: number): string => (n >= 0 ? `+$${n.toFixed(2)}` : `-$${Math.abs(n).toFixed(2)}`);
  const text = d.min === d.max ? `${sign(d.max!)}/h` : `${sign(d.min!)}…${sign(d.max!)}/h`;
  return `≈ ${text} (${modes})`;
}
