/**
 * What a pull request changes, per stack, between two synthesized trees (base
 * and PR): resources added/removed/changed, accelerator capacity delta, and
 * changes to provider constraints, escape hatches, variables and images. Works
 * before any `terraform plan`, so a reviewer sees "this PR adds 64 TPU7x chips"
 * without cloud access.
 */
import { CapacityTotal, ObjectSummary, Range, ReleaseSummary, StackSummary, summarizeStack } from './model';
import { code, formatRange, generationLabel } from './markdown';
import { Json, SynthStack } from './synth-tree';

/** A resource in a diff. */
export interface ResourceRef {
  readonly address: string;
  readonly name?: string;
}

/** A changed resource: which top-level arguments differ, and object-level changes of carrier releases. */
export interface ResourceChange extends ResourceRef {
  readonly fields: readonly string[];
  readonly details: readonly string[];
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
  const added = [...bRes.values()].filter((r) => !aRes.has(r.address)).map((r) => ({ address: r.address, name: r.name?.text }));
  const removed = [...aRes.values()].filter((r) => !bRes.has(r.address)).map((r) => ({ address: r.address, name: r.name?.text }));
  const changed: ResourceChange[] = [];
  for (const [address, r] of bRes) {
    const old = aRes.get(address);
    if (!old) continue;
    const fields = changedFields(old.body, r.body);
    if (!fields.length) continue;
    const details = r.type === 'helm_release' ? releaseDetails(a!, b!, address) : [];
    changed.push({ address, name: r.name?.text, fields, details });
  }
  const capacity = capacityDelta(a?.capacity ?? [], b?.capacity ?? []);
  const notes = a && b ? otherChanges(a, b) : [];
  const status = !a ? 'added' : !b ? 'removed' : added.length || removed.length || changed.length || notes.length ? 'changed' : 'unchanged';
  return { stack: name, status, added, removed, changed, capacity, notes };
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
    else if (JSON.stringify(va.get(n)) !== JSON.stringify(v)) out.push(`variable ${code(n)} changed`);
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
  return `${lead}this PR ${d.capacity.map(describeDelta).join(', ')}`;
}

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
    out.push(`- Resources: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed`);
    if (d.added.length) out.push('- Added:', ...list(d.added.map(resourceLine)));
    if (d.removed.length) out.push('- Removed:', ...list(d.removed.map(resourceLine)));
    if (d.changed.length) {
      out.push('- Changed:', ...list(d.changed.map((c) => `${resourceLine(c)}: ${c.fields.map(code).join(', ')}${c.details.length ? ` — ${c.details.join('; ')}` : ''}`)));
    }
    if (d.notes.length) out.push('- Also:', ...list(d.notes));
    out.push('');
  }
  const same = diffs.filter((x) => x.status === 'unchanged').map((x) => code(x.stack));
  if (same.length) out.push(`Unchanged: ${same.join(', ')}.`, '');
  if (diffs.every((x) => x.status === 'unchanged')) out.splice(2, 0, '_No changes in the synthesized stacks._', '');
  return out.join('\n');
}
