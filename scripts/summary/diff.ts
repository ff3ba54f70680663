/**
 * What a pull request changes, per stack, between two synthesized trees (base
 * and PR): resources added/removed/changed, accelerator capacity delta, and
 * changes to provider constraints, escape hatches, variables and images. Works
 * before any `terraform plan`, so a reviewer sees "this PR adds 64 TPU7x chips"
 * without cloud access.
 */
import { costDelta, loadPrices } from './cost';
import { CapacityTotal, ObjectSummary, Range, ReleaseSummary, StackSummary, summarizeStack } from './model';
import { code, formatRange, generationLabel } from './markdown';
import { Json, SynthStack } from './synth-tree';
import { showValue } from './tf-expr';

/** A resource in a diff. */
export interface ResourceRef {
  readonly address: string;
  readonly name?: string;
}

/** A changed resource: which top-level arguments differ, and object-level changes of carrier releases. */
export interface ResourceChange extends ResourceRef {
  readonly fields: readonly string[];
  readonly details: readonly string[];
  /** Every changed value, `path: old → new` (Markdown), `depends_on` left out. */
  readonly values: readonly string[];
  /** Why the change disrupts running work (a TPU pool replaced or its nodes recreated), when it does. */
  readonly disruptive?: string;
}

/** Capacity of one accelerator type before and after. */
export interface CapacityDelta {
  readonly kind: 'tpu' | 'gpu';
  readonly type: string;
  readonly before: { accelerators: Range; vms: Range };
  readonly after: { accelerators: Range; vms: Range };
}

/** Changes of one stack. */
export interface StackDiff {
  readonly stack: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly added: readonly ResourceRef[];
  readonly removed: readonly ResourceRef[];
  readonly changed: readonly ResourceChange[];
  readonly capacity: readonly CapacityDelta[];
  /** Other notable changes (providers, hatches, variables, images, backend). */
  readonly notes: readonly string[];
  /** Resources whose only difference is `depends_on` (install order, not what is deployed): counted, not listed. */
  readonly dependsOnOnly: number;
  /** TPU pools the PR removes (their slices and the work on them go away). */
  readonly removedTpuPools: readonly string[];
  /** The hourly cost change of the accelerator pools (`≈ +$12.00/h (v6e on-demand)` or `≈ n/a (...)`), when pools or their modes change. */
  readonly cost?: string;
}

const ZERO: CapacityTotal['accelerators'] = { min: 0, max: 0 };

/** Compares two synthesized trees stack by stack (stacks in PR order, then removed ones). */
export function diffTrees(base: readonly SynthStack[], head: readonly SynthStack[]): StackDiff[] {
  const baseByName = new Map(base.map((s) => [s.name, s]));
  const headNames = new Set(head.map((s) => s.name));
  const out = head.map((s) => diffStack(s.name, baseByName.get(s.name)?.json, s.json));
  for (const s of base) if (!headNames.has(s.name)) out.push(diffStack(s.name, s.json, undefined));
  return out;
}

/** Compares one stack; `undefined` means the stack does not exist on that side. */
export function diffStack(name: string, before: Json | undefined, after: Json | undefined): StackDiff {
  const a = before ? summarizeStack(name, before) : undefined;
  const b = after ? summarizeStack(name, after) : undefined;
  const aRes = new Map((a?.resources ?? []).map((r) => [r.address, r]));
  const bRes = new Map((b?.resources ?? []).map((r) => [r.address, r]));
  const added = [...bRes.values()].filter((r) => !aRes.has(r.address)).map((r) => ({ address: r.address, name: displayName(r, b!) }));
  const removed = [...aRes.values()].filter((r) => !bRes.has(r.address)).map((r) => ({ address: r.address, name: displayName(r, a!) }));
  const changed: ResourceChange[] = [];
  let dependsOnOnly = 0;
  for (const [address, r] of bRes) {
    const old = aRes.get(address);
    if (!old) continue;
    const all = changedFields(old.body, r.body);
    const fields = all.filter((f) => f !== 'depends_on');
    if (!fields.length) {
      if (all.length) dependsOnOnly += 1;
      continue;
    }
    const details = r.type === 'helm_release' ? releaseDetails(a!, b!, address) : [];
    const values = r.type === 'helm_release' ? releaseValueChanges(a!, b!, address, old.body, r.body) : valueChanges(old.body, r.body, '', ['depends_on']);
    const disruptive = r.type === 'google_container_node_pool' ? nodePoolDisruption(old.body, r.body, b!) : undefined;
    changed.push({ address, name: displayName(r, b!), fields, details, values, ...(disruptive ? { disruptive } : {}) });
  }
  const capacity = capacityDelta(a?.capacity ?? [], b?.capacity ?? []);
  const notes = a && b ? otherChanges(a, b) : [];
  const removedTpuPools = (a?.pools ?? []).filter((p) => p.kind === 'tpu' && !bRes.has(p.address)).map((p) => p.name.text);
  const status = !a ? 'added' : !b ? 'removed' : added.length || removed.length || changed.length || notes.length ? 'changed' : 'unchanged';
  const cost = costDelta(a, b, loadPrices());
  return { stack: name, status, added, removed, changed, capacity, notes, dependsOnOnly, removedTpuPools, ...(cost ? { cost } : {}) };
}

/** A resource's name; IAM grants (no name) as `role → member`, service accounts by account ID, others by display name. */
function displayName(r: { name?: { text: string }; type: string; body: Json }, s: StackSummary): string | undefined {
  if (r.name?.text) return r.name.text;
  if (/_iam_(member|binding)$/.test(r.type) && r.body.role !== undefined) {
    const who = r.body.member ?? r.body.members;
    return `${showValue(r.body.role, s.ctx).text} → ${showValue(who, s.ctx).text}`;
  }
  if (r.type === 'google_service_account' && r.body.account_id !== undefined) return showValue(r.body.account_id, s.ctx).text;
  // Alert policies and the like are named by their display name.
  if (r.body.display_name !== undefined) return showValue(r.body.display_name, s.ctx).text;
  return undefined;
}

// ------------------------------------------------------------------ values

/** Longest value shown in a change line (longer ones are shortened in the middle). */
export const MAX_VALUE_CHARS = 60;

function showJson(v: unknown): string {
  if (v === undefined) return 'unset';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  const short = text.length > MAX_VALUE_CHARS ? `${text.slice(0, 36)}…${text.slice(text.length - 20)}` : text;
  return code(short);
}

function parseJson(text: string): unknown {
  if (!/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The differing middle of two long strings with a little context: `…pool-2"}) == 0` → `…pool-3"}) == 0`. */
export function changedMiddle(a: string, b: string, context = 12): [string, string] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end += 1;
  const cut = (t: string): string => {
    const from = Math.max(0, start - context);
    const to = Math.min(t.length, t.length - end + context);
    const middle = t.slice(from, to);
    const short = middle.length > MAX_VALUE_CHARS ? `${middle.slice(0, MAX_VALUE_CHARS - 21)}…${middle.slice(middle.length - 20)}` : middle;
    return `${from > 0 ? '…' : ''}${short}${to < t.length ? '…' : ''}`;
  };
  return [cut(a), cut(b)];
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Every changed leaf between two values, `path: old → new`. Objects are compared
 * key by key, lists element by element (a list of scalars as one value), `//`
 * metadata and the `ignore` keys at the top level are left out.
 */
export function valueChanges(a: unknown, b: unknown, path = '', ignore: readonly string[] = []): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const label = (p: string): string => code(p || 'value');
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== '//' && !(path === '' && ignore.includes(k))).sort();
    return keys.flatMap((k) => valueChanges(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && [...a, ...b].some((x) => x !== null && typeof x === 'object')) {
    // Elements with a `name` are addressed by it (`resources[google.com/tpu]`), others by index.
    const key = (x: unknown, i: number): string => (isObject(x) && typeof x.name === 'string' ? x.name : String(i));
    return a.flatMap((x, i) => valueChanges(x, b[i], `${path}[${key(x, i) === key(b[i], i) ? key(x, i) : i}]`));
  }
  // A single block is written as an object or a one-element list: compare the element.
  if (Array.isArray(a) && a.length === 1 && isObject(b)) return valueChanges(a[0], b, path);
  if (isObject(a) && Array.isArray(b) && b.length === 1) return valueChanges(a, b[0], path);
  if (a === undefined) return [`${label(path)}: added ${showJson(b)}`];
  if (b === undefined) return [`${label(path)}: removed (was ${showJson(a)})`];
  if (typeof a === 'string' && typeof b === 'string') {
    // JSON documents in a string (dashboards, policies) are compared field by field.
    const pa = parseJson(a);
    const pb = parseJson(b);
    if (pa !== undefined && pb !== undefined) return valueChanges(pa, pb, path);
    if (a.length > MAX_VALUE_CHARS || b.length > MAX_VALUE_CHARS) {
      const [x, y] = changedMiddle(a, b);
      return [`${label(path)}: ${code(x)} → ${code(y)}`];
    }
  }
  return [`${label(path)}: ${showJson(a)} → ${showJson(b)}`];
}

/** Value changes of a release: chart values and, for carrier releases, each shipped object's fields. */
function releaseValueChanges(a: StackSummary, b: StackSummary, address: string, oldBody: Json, newBody: Json): string[] {
  const ra = a.releases.find((r) => r.address === address);
  const rb = b.releases.find((r) => r.address === address);
  const out = valueChanges(oldBody, newBody, '', ['depends_on', 'values']);
  if (!ra || !rb) return out;
  if (ra.carrier && rb.carrier) {
    const before = new Map(ra.objects.map((o) => [objectKey(o), o]));
    for (const o of rb.objects) {
      const old = before.get(objectKey(o));
      if (old) out.push(...valueChanges(old.body, o.body).map((line) => `${objectKey(o)}: ${line}`));
    }
  } else {
    out.push(...valueChanges(ra.values ?? {}, rb.values ?? {}).map((line) => `values ${line}`));
  }
  return out;
}

/**
 * google_container_node_pool arguments that force a new pool (ForceNew in the
 * provider's schema, terraform-provider-google
 * google/services/container/resource_container_node_pool.go and node_config.go):
 * a change deletes the pool and creates it again.
 */
export const NODE_POOL_FORCE_NEW: readonly string[] = [
  'name', 'name_prefix', 'location', 'cluster', 'project', 'initial_node_count', 'max_pods_per_node',
  'placement_policy.type', 'placement_policy.policy_name', 'queued_provisioning',
  'network_config.pod_range', 'network_config.create_pod_range', 'network_config.accelerator_network_profile',
  'network_config.additional_node_network_configs', 'network_config.additional_pod_network_configs',
  'node_config.reservation_affinity', 'node_config.spot', 'node_config.preemptible', 'node_config.flex_start',
  'node_config.max_run_duration', 'node_config.guest_accelerator', 'node_config.service_account', 'node_config.oauth_scopes',
  'node_config.metadata', 'node_config.min_cpu_platform', 'node_config.local_ssd_count', 'node_config.host_maintenance_policy',
  'node_config.shielded_instance_config', 'node_config.sandbox_config', 'node_config.secondary_boot_disks',
];

/**
 * Arguments the provider updates in place by recreating every node (or cannot
 * update at all: `placement_policy.tpu_topology` has no update call), which
 * restarts every VM of a TPU slice.
 */
export const NODE_POOL_RECREATES_NODES: readonly string[] = [
  'node_config.machine_type', 'node_config.disk_size_gb', 'node_config.disk_type', 'node_locations', 'placement_policy.tpu_topology',
];

function leafPaths(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const strip = (x: unknown): unknown => (Array.isArray(x) && x.length === 1 && isObject(x[0]) ? x[0] : x);
  const x = strip(a);
  const y = strip(b);
  if (isObject(x) && isObject(y)) {
    return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => k !== '//' && k !== 'depends_on')
      .flatMap((k) => leafPaths(x[k], y[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

/** Why a node-pool change disrupts a TPU pool, or undefined (not a TPU pool, or an in-place change such as node_count). */
export function nodePoolDisruption(before: Json, after: Json, b: StackSummary): string | undefined {
  const machine = String((Array.isArray(after.node_config) ? after.node_config[0] : after.node_config)?.machine_type ?? '');
  const pool = b.pools.find((p) => p.machineType.text === machine || p.name.text === after.name);
  const isTpu = /^(ct\d|tpu)/.test(machine) || pool?.kind === 'tpu';
  if (!isTpu) return undefined;
  const paths = leafPaths(before, after);
  const under = (list: readonly string[]): string[] => [...new Set(paths.filter((p) => list.some((f) => p === f || p.startsWith(`${f}.`))).map((p) => list.find((f) => p === f || p.startsWith(`${f}.`))!))];
  // A placement policy added or removed is ForceNew as a whole.
  const placementToggled = !!before.placement_policy !== !!after.placement_policy;
  const forced = [...under(NODE_POOL_FORCE_NEW), ...(placementToggled ? ['placement_policy'] : [])];
  if (forced.length) return `replaces the TPU pool (forces a new pool: ${forced.map(code).join(', ')}): its slice is deleted and created again`;
  const recreated = under(NODE_POOL_RECREATES_NODES);
  if (recreated.length) return `recreates every node of the TPU pool (${recreated.map(code).join(', ')}): the slice restarts`;
  return undefined;
}

/** How each resource of the PR tree changes, for the diagram's class styles. */
export function diffMarks(d: StackDiff): Map<string, 'added' | 'changed' | 'replaced'> {
  const out = new Map<string, 'added' | 'changed' | 'replaced'>();
  for (const r of d.added) out.set(r.address, 'added');
  for (const c of d.changed) out.set(c.address, c.disruptive?.startsWith('replaces') ? 'replaced' : 'changed');
  return out;
}

/** Top-level arguments whose values differ (the `//` metadata block is ignored). */
function changedFields(a: Json, b: Json): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== '//').sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

function objectKey(o: ObjectSummary): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function releaseDetails(a: StackSummary, b: StackSummary, address: string): string[] {
  const ra = a.releases.find((r) => r.address === address);
  const rb = b.releases.find((r) => r.address === address);
  if (!ra || !rb) return [];
  const out: string[] = [];
  if (ra.version !== rb.version) out.push(`chart version ${code(ra.version ?? 'none')} → ${code(rb.version ?? 'none')}`);
  if (ra.carrier && rb.carrier) out.push(...objectChanges(ra, rb));
  return out;
}

function objectChanges(ra: ReleaseSummary, rb: ReleaseSummary): string[] {
  const before = new Map(ra.objects.map((o) => [objectKey(o), o]));
  const after = new Map(rb.objects.map((o) => [objectKey(o), o]));
  const out: string[] = [];
  for (const [k, o] of after) {
    if (!before.has(k)) out.push(`adds ${code(k)}`);
    else if (JSON.stringify(before.get(k)!.body) !== JSON.stringify(o.body)) out.push(`changes ${code(k)}`);
  }
  for (const k of before.keys()) if (!after.has(k)) out.push(`removes ${code(k)}`);
  if (JSON.stringify(ra.remoteManifests) !== JSON.stringify(rb.remoteManifests)) out.push('changes the remote manifest');
  return out;
}

function capacityDelta(before: readonly CapacityTotal[], after: readonly CapacityTotal[]): CapacityDelta[] {
  const keys = [...new Set([...before, ...after].map((t) => `${t.kind}:${t.type}`))];
  const out: CapacityDelta[] = [];
  for (const key of keys) {
    const a = before.find((t) => `${t.kind}:${t.type}` === key);
    const b = after.find((t) => `${t.kind}:${t.type}` === key);
    const t = (a ?? b)!;
    const d: CapacityDelta = {
      kind: t.kind, type: t.type,
      before: { accelerators: a?.accelerators ?? ZERO, vms: a?.vms ?? ZERO },
      after: { accelerators: b?.accelerators ?? ZERO, vms: b?.vms ?? ZERO },
    };
    if (JSON.stringify(d.before) !== JSON.stringify(d.after)) out.push(d);
  }
  return out.sort((x, y) => (x.kind === y.kind ? x.type.localeCompare(y.type) : x.kind === 'tpu' ? -1 : 1));
}

function otherChanges(a: StackSummary, b: StackSummary): string[] {
  const out: string[] = [];
  const pa = new Map(a.providers.map((p) => [p.name, p.version]));
  const pb = new Map(b.providers.map((p) => [p.name, p.version]));
  for (const [n, v] of pb) {
    if (!pa.has(n)) out.push(`provider ${code(n)} added (${code(v)})`);
    else if (pa.get(n) !== v) out.push(`provider ${code(n)} constraint ${code(pa.get(n)!)} → ${code(v)}`);
  }
  for (const n of pa.keys()) if (!pb.has(n)) out.push(`provider ${code(n)} removed`);
  if (a.terraformVersion !== b.terraformVersion) out.push(`Terraform constraint ${code(a.terraformVersion ?? 'any')} → ${code(b.terraformVersion ?? 'any')}`);
  if (a.backend !== b.backend) out.push(`state backend ${a.backend} → ${b.backend}`);
  const ha = new Set(a.hatches.map((h) => `${h.id} on ${h.address}`));
  const hb = new Set(b.hatches.map((h) => `${h.id} on ${h.address}`));
  for (const h of hb) if (!ha.has(h)) out.push(`escape hatch added: ${code(h)}`);
  for (const h of ha) if (!hb.has(h)) out.push(`escape hatch removed: ${code(h)}`);
  const va = new Map(a.variables.map((v) => [v.name, v]));
  const vb = new Map(b.variables.map((v) => [v.name, v]));
  for (const [n, v] of vb) {
    if (!va.has(n)) out.push(`variable ${code(n)} added${v.required ? ' (**required**)' : ''}`);
    else if (JSON.stringify(va.get(n)) !== JSON.stringify(v)) out.push(`variable ${code(n)}: ${valueChanges(va.get(n), v).join('; ')}`);
  }
  for (const n of va.keys()) if (!vb.has(n)) out.push(`variable ${code(n)} removed`);
  const ia = new Set(a.images.map((i) => i.image));
  for (const i of b.images) {
    if (!ia.has(i.image)) out.push(`image ${code(i.image)} added${i.pinning === 'floating' ? ' ⚠️ floating tag' : ''}`);
  }
  const ib = new Set(b.images.map((i) => i.image));
  for (const i of a.images) if (!ib.has(i.image)) out.push(`image ${code(i.image)} removed`);
  return out;
}

function accelName(d: { kind: 'tpu' | 'gpu'; type: string }): string {
  return d.kind === 'tpu' ? `${generationLabel(d.type)} chips` : `${d.type} GPUs`;
}

function sub(a: Range, b: Range): Range {
  return { min: a.min === undefined || b.min === undefined ? undefined : a.min - b.min, max: a.max === undefined || b.max === undefined ? undefined : a.max - b.max };
}

/** "adds 64 TPU7x chips (16 VMs)", "removes 8 nvidia-l4 GPUs (8 VMs)", or the before/after ranges. */
export function describeDelta(d: CapacityDelta): string {
  const acc = sub(d.after.accelerators, d.before.accelerators);
  const vms = sub(d.after.vms, d.before.vms);
  const vmText = (r: Range): string => `${formatRange(r)} VM${r.min === 1 && r.max === 1 ? '' : 's'}`;
  const isZero = (r: Range): boolean => r.min === 0 && r.max === 0;
  if (acc.min !== undefined && acc.min === acc.max && vms.min !== undefined && vms.min === vms.max && acc.min !== 0) {
    const verb = acc.min > 0 ? 'adds' : 'removes';
    return `${verb} ${Math.abs(acc.min)} ${accelName(d)} (${vmText({ min: Math.abs(vms.min), max: Math.abs(vms.min) })})`;
  }
  if (isZero(d.before.accelerators)) return `adds ${formatRange(d.after.accelerators)} ${accelName(d)} (${vmText(d.after.vms)})`;
  if (isZero(d.after.accelerators)) return `removes ${formatRange(d.before.accelerators)} ${accelName(d)} (${vmText(d.before.vms)})`;
  return `changes ${accelName(d)} from ${formatRange(d.before.accelerators)} to ${formatRange(d.after.accelerators)} (VMs ${formatRange(d.before.vms)} → ${formatRange(d.after.vms)})`;
}

/** The headline of a stack diff: "this PR adds 64 TPU7x chips (16 VMs)". */
export function headline(d: StackDiff): string {
  if (d.status === 'unchanged') return 'no changes';
  const lead = d.status === 'added' ? 'new stack; ' : d.status === 'removed' ? 'stack removed; ' : '';
  if (!d.capacity.length) return `${lead}this PR changes no accelerator capacity`;
  const money = d.cost && !d.cost.startsWith('≈ n/a') ? ` ${d.cost}` : '';
  return `${lead}this PR ${d.capacity.map(describeDelta).join(', ')}${money}`;
}

/** Changed values listed per resource (the rest is counted). */
export const MAX_VALUES_PER_RESOURCE = 12;

function resourceLine(r: ResourceRef): string {
  return `${code(r.address)}${r.name ? ` (${code(r.name)})` : ''}`;
}

/** Markdown of the diff of every stack (unchanged stacks in one line at the end). */
export function renderDiff(diffs: readonly StackDiff[], options: { maxListed?: number } = {}): string {
  const max = options.maxListed ?? 50;
  const out: string[] = ['## Changes per stack', ''];
  const list = (items: readonly string[]): string[] => {
    const shown = items.slice(0, max).map((i) => `  - ${i}`);
    if (items.length > max) shown.push(`  - … and ${items.length - max} more`);
    return shown;
  };
  for (const d of diffs.filter((x) => x.status !== 'unchanged')) {
    out.push(`### \`${d.stack}\`: ${headline(d)}`, '');
    for (const c of d.capacity) {
      out.push(`- Capacity ${accelName(c)}: ${formatRange(c.before.accelerators)} → **${formatRange(c.after.accelerators)}** (VMs ${formatRange(c.before.vms)} → ${formatRange(c.after.vms)})`);
    }
    if (d.cost) out.push(`- Estimated cost (list price): ${d.cost}`);
    const disruptive = d.changed.filter((c) => c.disruptive);
    if (disruptive.length || d.removedTpuPools.length) {
      out.push('> [!CAUTION]');
      for (const c of disruptive) out.push(`> ⚠️ **Disruptive**: ${resourceLine(c)} ${c.disruptive}.`);
      for (const p of d.removedTpuPools) out.push(`> ⚠️ **Disruptive**: removes TPU pool ${code(p)} and the work running on it.`);
      out.push('');
    }
    out.push(`- Resources: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed${d.dependsOnOnly ? ` (${d.dependsOnOnly} more differ only in \`depends_on\`, not listed)` : ''}`);
    if (d.added.length) out.push('- Added:', ...list(d.added.map(resourceLine)));
    if (d.removed.length) out.push('- Removed:', ...list(d.removed.map(resourceLine)));
    if (d.changed.length) {
      out.push('- Changed:');
      for (const c of d.changed.slice(0, max)) {
        out.push(`  - ${resourceLine(c)}${c.disruptive ? ' ⚠️ disruptive' : ''}: ${c.fields.map(code).join(', ')}${c.details.length ? ` — ${c.details.join('; ')}` : ''}`);
        const shown = c.values.slice(0, MAX_VALUES_PER_RESOURCE).map((v) => `    - ${v}`);
        if (c.values.length > MAX_VALUES_PER_RESOURCE) shown.push(`    - … and ${c.values.length - MAX_VALUES_PER_RESOURCE} more values`);
        out.push(...shown);
      }
      if (d.changed.length > max) out.push(`  - … and ${d.changed.length - max} more`);
    }
    if (d.notes.length) out.push('- Also:', ...list(d.notes));
    out.push('');
  }
  const same = diffs.filter((x) => x.status === 'unchanged')
    .map((x) => `${code(x.stack)}${x.dependsOnOnly ? ` (${x.dependsOnOnly} resource${x.dependsOnOnly === 1 ? '' : 's'} differ only in \`depends_on\`, not listed)` : ''}`);
  if (same.length) out.push(`Unchanged: ${same.join(', ')}.`, '');
  if (diffs.every((x) => x.status === 'unchanged')) out.splice(2, 0, '_No changes in the synthesized stacks._', '');
  return out.join('\n');
}
