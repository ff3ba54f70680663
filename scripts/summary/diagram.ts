/**
 * Mermaid diagrams of a stack that stay legible in a pull-request comment
 * (GitHub scales a diagram to the comment width, about 880 px).
 *
 * - Top to bottom (`flowchart TB`): depth grows downwards, width stays the
 *   number of nodes side by side.
 * - Grouping: identical node pools are one node with a count, the controllers
 *   one node, service accounts one node, a bucket with its IAM and cache one node.
 * - Two kinds of arrow: solid labelled arrows are traffic (port, route), dotted
 *   arrows are dependencies (installed or created before, referenced by).
 * - Concerns: one diagram when the stack is small, otherwise "Infrastructure
 *   and capacity" and "Request path".
 * - {@link DIAGRAM_BUDGET}: a diagram over the budget is aggregated further (pools
 *   by accelerator, workloads folded), and replaced by a table when even that is
 *   over. The budget is far below Mermaid's own limits (500 edges, 50,000
 *   characters), so any number of pools renders.
 *
 * Edges come from the synthesized JSON itself (references and `depends_on`,
 * looked through resources that are not drawn), reduced to the direct ones.
 */
import { isEntryPoint, PoolSummary, ReleaseSummary, ResourceEntry, StackSummary } from './model';
import { Json } from './synth-tree';
import { parseTemplate, showValue } from './tf-expr';
import { chipsRequested, requestPath, RequestPath, workloadUsage } from './workloads';

/**
 * What one diagram may hold. GitHub scales a diagram wider than the comment
 * (about 880 px) down, labels with it; a diagram up to 860 px wide keeps its
 * 16 px labels (measured in Chromium with mermaid 11). The depth is not limited
 * by the width, but a reviewer reads about 16 boxes at a glance.
 */
export interface DiagramBudget {
  /** Nodes per diagram. */
  readonly nodes: number;
  /** Edges per diagram. */
  readonly edges: number;
  /** Width (px) of the widest row, as {@link estimatedWidth} estimates it: wider diagrams are scaled down. */
  readonly width: number;
  /** Characters of one label line (longer lines are shortened in the middle). */
  readonly lineChars: number;
  /** Characters of the Mermaid text. */
  readonly text: number;
}

/** The budget of every diagram the summary emits (see docs/review.md, "Reading the summary's diagrams"). */
export const DIAGRAM_BUDGET: DiagramBudget = { nodes: 16, edges: 24, width: 800, lineChars: 26, text: 6000 };

/** Up to this many nodes, infrastructure and request path share one diagram. */
export const SINGLE_DIAGRAM_NODES = 10;

/** How a resource changes in the pull request (class of its node). */
export type Mark = 'added' | 'changed' | 'replaced' | 'removed';

export interface DiagramOptions {
  /** Marks by Terraform address (a node takes its members' strongest mark). */
  readonly marks?: ReadonlyMap<string, Mark>;
  /** Marks by release name, for request-path nodes shipped by a release. */
  readonly releaseMarks?: ReadonlyMap<string, Mark>;
  /** Labels of resources the PR removes (drawn as one removed node). */
  readonly removed?: readonly string[];
  /** @default DIAGRAM_BUDGET */
  readonly budget?: DiagramBudget;
}

/** One emitted diagram. */
export interface Diagram {
  readonly title: string;
  /** Mermaid text without the code fence. */
  readonly mermaid: string;
  readonly nodes: number;
  readonly edges: number;
  /** Estimated width in px ({@link estimatedWidth}). */
  readonly width: number;
  /** Aggregation level used: 1 grouped, 2 pools per accelerator and platform folded, 3 workloads folded too. */
  readonly level: Level;
}

/** The architecture section: diagrams, or tables where a concern is over the budget. */
export interface Architecture {
  readonly diagrams: readonly Diagram[];
  /** Markdown tables that replace diagrams over the budget. */
  readonly tables: readonly { title: string; markdown: string }[];
}

/** 1: identical pools grouped; 2: pools per accelerator, identities/storage/registry one node; 3: workloads and controllers folded too. */
export type Level = 1 | 2 | 3;

type LayerName = 'client' | 'network' | 'cluster' | 'platform' | 'pools' | 'controller' | 'workload' | 'entry' | 'pool';

interface GNode {
  readonly key: string;
  readonly layer: LayerName;
  readonly label: string[];
  /** Terraform addresses drawn by this node. */
  readonly members: string[];
  /** Release names drawn by this node (request path). */
  readonly releases?: string[];
  /** The label names which members the PR changes (a group of old and new pools): no prefix on the first line. */
  readonly partlyMarked?: boolean;
}

interface GEdge {
  readonly from: string;
  readonly to: string;
  readonly traffic: boolean;
  readonly label?: string;
}

interface Graph {
  readonly nodes: GNode[];
  readonly edges: GEdge[];
}

const LAYER_ORDER: readonly LayerName[] = ['client', 'network', 'cluster', 'platform', 'pools', 'controller', 'entry', 'pool', 'workload'];



const REF = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** Terraform addresses a resource body refers to (interpolations and depends_on). */
export function referencesOf(body: unknown, known: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown, key?: string): void => {
    if (typeof v === 'string') {
      if (key === 'depends_on' || key === '__dep') {
        if (known.has(v)) out.add(v);
        return;
      }
      for (const part of parseTemplate(v)) {
        if (!('expr' in part)) continue;
        for (const m of part.expr.matchAll(REF)) {
          const address = `${m[1] ?? ''}${m[2]}.${m[3]}`;
          if (known.has(address)) out.add(address);
        }
      }
    } else if (Array.isArray(v)) {
      for (const x of v) visit(x, key === 'depends_on' ? '__dep' : undefined);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Json)) if (k !== '//') visit(x, k);
    }
  };
  visit(body);
  return out;
}

/** Removes every edge u -> v that is implied by a longer path u -> ... -> v. */
export function transitiveReduction(edges: ReadonlyMap<string, ReadonlySet<string>>): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  const reachable = (u: string, visiting = new Set<string>()): Set<string> => {
    const cached = reach.get(u);
    if (cached) return cached;
    if (visiting.has(u)) return new Set();
    visiting.add(u);
    const out = new Set<string>();
    for (const v of edges.get(u) ?? []) {
      out.add(v);
      for (const w of reachable(v, visiting)) out.add(w);
    }
    visiting.delete(u);
    reach.set(u, out);
    return out;
  };
  const result = new Map<string, Set<string>>();
  for (const [u, vs] of edges) {
    const keep = new Set<string>();
    for (const v of vs) {
      const implied = [...vs].some((w) => w !== v && reachable(w).has(v));
      if (!implied) keep.add(v);
    }
    result.set(u, keep);
  }
  return result;
}

/** Makes text safe inside a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text.replace(/"/g, "'").replace(/</g, '‹').replace(/>/g, '›').replace(/[#;`{}|]/g, ' ').replace(/[ \t\r\n]+/g, ' ').trim();
}

/** Non-breaking hyphen (U+2011): Mermaid wraps labels at 200 px, and a browser breaks names at hyphens. */
export const NB_HYPHEN = '\u2011';

/** `kueue-jobset-simple-subslicing` with non-breaking hyphens, so a name is never wrapped in the middle. */
export function keepNamesWhole(text: string): string {
  return text.replace(/(?<=[A-Za-z0-9])-(?=[A-Za-z0-9])/g, NB_HYPHEN);
}

/**
 * Wraps a label line at spaces into lines of at most `max` characters; a single
 * word longer than `max` (a resource name) stays whole up to `max * 1.5`
 * characters and is shortened in the middle beyond that.
 */
export function wrapLine(text: string, max: number): string[] {
  const hard = Math.floor(max * 1.5);
  const words = text.split(' ').map((w) => (w.length > hard ? `${w.slice(0, Math.ceil((hard - 1) * 0.6))}…${w.slice(w.length - (hard - 1 - Math.ceil((hard - 1) * 0.6)))}` : w));
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.length ? lines[lines.length - 1] : undefined;
    // A short word (`block`, `each`) is not left alone on a line: it may run a quarter over.
    const limit = last !== undefined && (last.length <= 6 || w.length <= 6) ? Math.floor(max * 1.25) : max;
    if (last !== undefined && last.length + 1 + w.length <= limit) lines[lines.length - 1] = `${last} ${w}`;
    else lines.push(w);
  }
  return lines;
}

// ------------------------------------------------------------------ values for labels

/** A location or other value for a label: the literal, or the variable with its default. */
export function labelValue(value: unknown, s: StackSummary): string {
  if (Array.isArray(value)) return value.map((v) => labelValue(v, s)).join(', ');
  const shown = showValue(value, s.ctx);
  if (shown.text === 'local.region') {
    const region = s.ctx.local?.('region');
    const zoneVar = typeof region === 'string' ? /regex\([^)]*\),?\s*var\.([A-Za-z_][A-Za-z0-9_-]*)\)/.exec(region)?.[1] ?? /var\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(region)?.[1] : undefined;
    if (zoneVar) {
      const d = s.ctx.variableDefault(zoneVar);
      return typeof d === 'string' ? `region of var.${zoneVar} (default ${d.replace(/-[^-]+$/, '')})` : `region of var.${zoneVar}`;
    }
  }
  const version = /release_channel_latest_version, ['"]([A-Z]+)['"]/.exec(shown.text);
  if (version) return `newest ${version[1]} version`;
  return shown.note ? `${shown.text} (${shown.note})` : shown.text;
}

function count(r: { min?: number; max?: number }): string {
  return r.min === r.max ? `${r.max ?? '?'}` : `${r.min ?? '?'}-${r.max ?? '?'}`;
}

function generationName(g: string | undefined): string {
  return g === 'tpu7x' ? 'TPU7x' : g && /^v\d/.test(g) ? `TPU ${g}` : g ?? 'TPU';
}

/** Common name of grouped pools: `tpu7-pool-1..2`, or the first name and how many more. */
export function groupName(all: readonly string[]): string {
  // Pools of the same name in several clusters are one name.
  const names = [...new Set(all)];
  if (names.length === 1) return names[0];
  const m = names.map((n) => /^(.*?)(\d+)$/.exec(n));
  if (m.every((x) => x && x[1] === m[0]![1])) {
    const nums = m.map((x) => Number(x![2])).sort((a, b) => a - b);
    const contiguous = nums.every((n, i) => i === 0 || n === nums[i - 1] + 1);
    if (contiguous) return `${m[0]![1]}${nums[0]}..${nums[nums.length - 1]}`;
  }
  // `+N more` stays on one line (no-break space).
  return `${names[0]} +${names.length - 1}\u00a0more`;
}

function poolSignature(p: PoolSummary, level: Level): string {
  // Level 3: TPU pools per generation, every other pool (GPU, CPU) in one node.
  if (level === 3) return p.kind === 'tpu' ? `tpu:${p.generation ?? '?'}` : 'other';
  if (level >= 2) return `${p.kind}:${p.acceleratorType ?? p.generation ?? p.machineType.text}`;
  return JSON.stringify([p.kind, p.machineType.text, p.topology, p.vms, p.autoscaling, p.reservation, p.placement, p.spot, p.flexStart, p.zones?.text, p.perZone]);
}

function poolLabel(group: readonly PoolSummary[], level: Level, s: StackSummary): string[] {
  const p = group[0];
  const n = group.length;
  const names = groupName(group.map((x) => x.name.text));
  if (level >= 2) {
    const vms = group.reduce((a, x) => ({ min: a.min + (x.vms.min ?? 0), max: a.max + (x.vms.max ?? 0) }), { min: 0, max: 0 });
    const acc = group.reduce((a, x) => ({ min: a.min + (x.accelerators.min ?? 0), max: a.max + (x.accelerators.max ?? 0) }), { min: 0, max: 0 });
    const shapes = new Set(group.map((x) => poolSignature(x, 1))).size;
    const kinds = new Set(group.map((x) => `${x.kind}:${x.acceleratorType ?? ''}`));
    const what = kinds.size > 1
      ? [...kinds].map((k) => {
        const of = group.filter((x) => `${x.kind}:${x.acceleratorType ?? ''}` === k);
        const a = of.reduce((r, x) => ({ min: r.min + (x.accelerators.min ?? 0), max: r.max + (x.accelerators.max ?? 0) }), { min: 0, max: 0 });
        return of[0].kind === 'gpu' ? `${count(a)} × ${of[0].acceleratorType}` : of[0].kind === 'tpu' ? `${count(a)} ${generationName(of[0].generation)} chips` : 'CPU';
      }).join(', ')
      : p.kind === 'tpu' ? `${generationName(p.generation)}: ${count(acc)} chips` : p.kind === 'gpu' ? `${count(acc)} × ${p.acceleratorType}` : 'CPU';
    return [`${n} pool${n === 1 ? '' : 's'} ${names}`, what, `${count(vms)} VM${vms.max === 1 ? '' : 's'}, ${shapes} shape${shapes === 1 ? '' : 's'}`];
  }
  const each = n > 1 ? ' each' : '';
  const lines = [n > 1 ? `${n} × pool ${names}` : `pool ${names}`, `${p.machineType.text} × ${count(p.vms)}${p.perZone ? '/zone' : ''}${each}`];
  if (p.kind === 'tpu') lines.push(`${p.topology ?? ''} · ${count(p.accelerators)} chips${each}`.replace(/^ · /, ''));
  else if (p.kind === 'gpu') lines.push(`${count(p.accelerators)} × ${p.acceleratorType}${each}`);
  const body = s.resources.find((r) => r.address === p.address)?.body;
  if (body?.node_locations !== undefined) lines.push(`zone ${labelValue(body.node_locations, s)}`);
  if (p.spot) lines.push('spot VMs');
  if (p.flexStart) lines.push('flex-start VMs');
  return lines;
}

function releaseKinds(r: ReleaseSummary): string {
  const kinds = new Map<string, number>();
  for (const o of r.objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  const list = [...kinds.entries()].map(([k, n]) => (n > 1 ? `${n} ${k}` : k));
  if (r.remoteManifests.length) list.push('remote manifest');
  return list.length > 3 ? `${list.slice(0, 2).join(', ')} +${list.length - 2}` : list.join(', ');
}

// ------------------------------------------------------------------ graph building

interface Built {
  infra: Graph;
  traffic: Graph;
}

function dependencyMap(summary: StackSummary, json: Json): Map<string, Set<string>> {
  const known = new Set(summary.resources.map((r) => r.address));
  const deps = new Map<string, Set<string>>();
  const providerDeps = new Map<string, Set<string>>();
  for (const [name, configs] of Object.entries((json.provider ?? {}) as Json)) {
    for (const cfg of ([] as Json[]).concat(configs)) {
      const alias = cfg?.alias ? `${name}.${cfg.alias}` : name;
      providerDeps.set(alias, referencesOf(cfg, known));
    }
  }
  for (const r of summary.resources) {
    const d = referencesOf(r.body, known);
    const provider = typeof r.body.provider === 'string' ? r.body.provider : r.type.split('_')[0];
    for (const p of providerDeps.get(provider) ?? []) d.add(p);
    d.delete(r.address);
    deps.set(r.address, d);
  }
  return deps;
}

const IDENTITY_TYPES = /^google_(service_account|project_iam_member|service_account_iam_member|project_iam_binding)/;
const BUCKET_TYPES = /^google_storage_(bucket|anywhere_cache|bucket_iam_member|bucket_iam_binding)$/;
const REGISTRY_TYPES = /^google_artifact_registry_repository/;

function build(s: StackSummary, json: Json, level: Level, marks?: ReadonlyMap<string, Mark>): Built {
  const deps = dependencyMap(s, json);
  const nodes = new Map<string, GNode>();
  const alias = new Map<string, string>();
  const add = (n: GNode): void => {
    nodes.set(n.key, n);
    for (const m of n.members) alias.set(m, n.key);
  };
  const res = (pred: (r: ResourceEntry) => boolean): ResourceEntry[] => s.resources.filter((r) => !r.data && pred(r));

  for (const n of res((r) => r.type === 'google_compute_network')) {
    const subnets = res((r) => (r.type === 'google_compute_subnetwork' || r.type === 'google_compute_firewall' || r.type === 'google_compute_router' || r.type === 'google_compute_router_nat') && !!deps.get(r.address)?.has(n.address));
    const cidrs = subnets.filter((x) => x.type === 'google_compute_subnetwork').map((x) => showValue(x.body.ip_cidr_range, s.ctx).text);
    add({ key: n.address, layer: 'network', label: [`VPC ${n.name?.text ?? n.id}`, ...(cidrs.length ? [`${cidrs.length} subnet${cidrs.length === 1 ? '' : 's'}: ${cidrs.join(', ')}`] : [])], members: [n.address, ...subnets.map((x) => x.address)] });
  }
  for (const c of s.clusters) {
    const b = c.body;
    const lines = [`GKE ${c.name?.text ?? c.id}`, `${b.enable_autopilot === true ? 'Autopilot' : 'Standard'} cluster`, labelValue(b.location, s)];
    if (b.min_master_version) lines.push(labelValue(b.min_master_version, s));
    add({ key: c.address, layer: 'cluster', label: lines, members: [c.address] });
    if (!res((r) => r.type === 'google_compute_network').length && b.network !== undefined) {
      const key = `external-network:${c.address}`;
      add({ key, layer: 'network', label: ['existing network', labelValue(b.network, s)], members: [] });
      deps.get(c.address)!.add(key);
      deps.set(key, new Set());
    }
  }
  // Node pools, grouped.
  const groups = new Map<string, PoolSummary[]>();
  for (const p of s.pools) {
    // Level 1: new, changed and replaced pools are drawn apart from their unchanged twins; aggregated, the group's label names them.
    const k = `${poolSignature(p, level)}${level === 1 ? marks?.get(p.address) ?? '' : ''}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  // Reservations and workload policies are lines of the pool nodes (nodes of their own would widen the top row).
  const policies = res((r) => r.type === 'google_compute_resource_policy');
  for (const [sig, group] of groups) {
    const key = `pools:${sig}`;
    // A group of one shape keeps the details at every level (aggregation only merges different shapes).
    const oneShape = new Set(group.map((p) => poolSignature(p, 1))).size === 1;
    // A new or changed pool shaped like unchanged ones says so instead of repeating their details.
    const twin = oneShape && marks?.get(group[0].address)
      ? [...groups.values()].find((g) => g !== group && !marks.get(g[0].address) && poolSignature(g[0], 1) === poolSignature(group[0], 1)) : undefined;
    const lines = twin ? [...poolLabel(group, 1, s).slice(0, 1), `same shape as ${groupName(twin.map((p) => p.name.text))}`, ...poolLabel(group, 1, s).slice(2, 3)]
      : poolLabel(group, oneShape ? 1 : level, s);
    const memberMarks = group.map((p) => marks?.get(p.address));
    const partlyMarked = memberMarks.some((m) => m) && memberMarks.some((m) => m !== memberMarks[0]);
    if (partlyMarked) {
      const named = MARK_ORDER.map((m) => [m, group.filter((p) => marks?.get(p.address) === m).map((p) => p.name.text)] as const)
        .filter(([, names]) => names.length).map(([m, names]) => `${MARK_PREFIX[m]}${groupName(names)}`);
      lines.splice(1, 0, ...named);
    }
    if (oneShape && !twin) {
      const reservation = group[0].reservation;
      if (reservation.startsWith('specific')) lines.push(...reservationLabel(reservation));
      const policy = policies.find((x) => group.some((p) => deps.get(p.address)?.has(x.address)));
      if (policy) {
        const wp = Array.isArray(policy.body.workload_policy) ? policy.body.workload_policy[0] : policy.body.workload_policy;
        lines.push(`policy ${policy.name?.text ?? policy.id}${wp ? ` (${[wp.type, wp.accelerator_topology].filter(Boolean).join(' ')})` : ''}`);
      }
    }
    const members = [...group.map((p) => p.address), ...policies.filter((x) => group.some((p) => deps.get(p.address)?.has(x.address))).map((x) => x.address)];
    add({ key, layer: 'pools', label: lines, members, ...(partlyMarked ? { partlyMarked } : {}) });
  }
  const gsas = res((r) => IDENTITY_TYPES.test(r.type));
  if (gsas.length) {
    const accounts = gsas.filter((r) => r.type === 'google_service_account').map((r) => showValue(r.body.account_id, s.ctx).text);
    const roles = gsas.filter((r) => r.type !== 'google_service_account').length;
    const shown = level === 1 ? accounts.slice(0, 3) : [];
    add({
      key: 'identities', layer: 'platform', members: gsas.map((r) => r.address),
      label: [`${accounts.length} service account${accounts.length === 1 ? '' : 's'}, ${roles} IAM grant${roles === 1 ? '' : 's'}`, ...shown, ...(accounts.length > shown.length && shown.length ? [`+${accounts.length - shown.length} more`] : [])],
    });
  }
  const buckets = res((r) => BUCKET_TYPES.test(r.type));
  if (buckets.length) {
    const own = buckets.find((r) => r.type === 'google_storage_bucket');
    const name = labelValue(own ? own.body.name : buckets[0].body.bucket, s);
    const cache = buckets.some((r) => r.type === 'google_storage_anywhere_cache');
    add({ key: 'bucket', layer: 'platform', members: buckets.map((r) => r.address), label: [`bucket ${name}`, `${own ? 'created here' : 'existing, access granted'}${cache ? ', Anywhere Cache' : ''}`] });
  }
  const registries = res((r) => REGISTRY_TYPES.test(r.type));
  if (registries.length) {
    const repo = registries.find((r) => r.type === 'google_artifact_registry_repository');
    add({ key: 'registry', layer: 'platform', members: registries.map((r) => r.address), label: [`registry ${repo ? showValue(repo.body.repository_id, s.ctx).text : ''}`.trim(), `${repo ? String(repo.body.format ?? '') : ''} ${repo ? labelValue(repo.body.location, s) : ''}`.trim()] });
  }
  if (level === 3) {
    // Several networks (one per cluster) as one node.
    const networks = [...nodes.values()].filter((n) => n.layer === 'network');
    if (networks.length > 1) {
      for (const n of networks) nodes.delete(n.key);
      add({ key: 'networks', layer: 'network', label: [`${networks.length} networks`, ...networks.map((n) => n.label[0])], members: networks.flatMap((n) => n.members) });
      for (const d of deps.values()) for (const n of networks) if (d.has(n.key)) { d.delete(n.key); d.add('networks'); }
    }
  }
  if (level >= 2) {
    // Identities, storage and registry as one node.
    const parts = ['identities', 'bucket', 'registry'].map((k) => nodes.get(k)).filter((n): n is GNode => !!n);
    if (parts.length > 1) {
      for (const n of parts) nodes.delete(n.key);
      add({ key: 'platform', layer: 'platform', label: parts.map((n) => n.label[0]), members: parts.flatMap((n) => n.members) });
    }
  }
  // Releases: controllers folded into one node; workloads one node each (level 3: one node).
  const controllers = s.releases.filter((r) => r.layer === 'controller');
  if (controllers.length) {
    // The same chart in several clusters is listed once with a count.
    const chartCounts = new Map<string, number>();
    for (const r of controllers.filter((x) => !x.carrier)) {
      const c = `${r.chart}${r.version ? `\u00a0${r.version}` : ''}`;
      chartCounts.set(c, (chartCounts.get(c) ?? 0) + 1);
    }
    const charts = [...chartCounts].map(([c, k]) => (k > 1 ? `${k}\u00a0×\u00a0${c}` : c));
    // Object sets by release name (what they are for), not by kind (every set has ServiceAccounts and ConfigMaps).
    const kinds = [...new Set(controllers.filter((r) => r.carrier).map((r) => r.name.text))];
    const lines = [`${controllers.length} controller release${controllers.length === 1 ? '' : 's'}`];
    if (charts.length) lines.push(charts.join(', '));
    if (kinds.length) lines.push(kinds.length > 4 ? `${kinds.slice(0, 3).join(', ')} +${kinds.length - 3} more` : kinds.join(', '));
    add({ key: 'controllers', layer: 'controller', label: level === 3 ? lines.slice(0, 1) : lines, members: controllers.map((r) => r.address) });
  }
  const usage = workloadUsage(s);
  const trafficPath = requestPath(s);
  const hasPath = trafficPath.edges.length > 0;
  const workloads = s.releases.filter((r) => r.layer === 'workload' || (r.layer === 'gateway' && !hasPath));
  if (level === 3 && workloads.length > 1) {
    add({ key: 'workloads', layer: 'workload', label: [`${workloads.length} workload releases`, ...chipLines(usage)], members: workloads.map((r) => r.address) });
  } else {
    for (const r of workloads) {
      const chips = new Map<string, number>();
      for (const u of usage.filter((x) => x.release === r.name.text)) for (const [g, n] of u.tpuChips) chips.set(g, (chips.get(g) ?? 0) + n);
      const chipText = [...chips.entries()].map(([g, n]) => `${n} ${generationName(g)} chips`).join(', ');
      const lines = r.carrier ? [`${r.name.text}`, releaseKinds(r)] : [`${r.name.text}`, `chart ${r.chart} ${r.version ?? ''}`.trim()];
      if (chipText) lines.push(`requests ${chipText}`);
      add({ key: r.address, layer: 'workload', label: lines, members: [r.address] });
    }
  }
  // Gateway releases and entry objects belong to the request path; without one they stay in the infrastructure.
  for (const r of s.releases.filter((x) => x.layer === 'gateway' && hasPath)) alias.set(r.address, '__traffic__');

  // Dependency edges between drawn nodes, looking through resources that are not drawn.
  const drawnDeps = (node: GNode): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = node.members.flatMap((m) => [...(deps.get(m) ?? [])]);
    while (stack.length) {
      const a = stack.pop()!;
      if (seen.has(a)) continue;
      seen.add(a);
      const target = alias.get(a) ?? (nodes.has(a) ? a : undefined);
      if (target === '__traffic__') continue;
      if (target) {
        if (target !== node.key) out.add(target);
      } else {
        stack.push(...(deps.get(a) ?? []));
      }
    }
    return out;
  };
  const depEdges = new Map<string, Set<string>>();
  for (const n of nodes.values()) depEdges.set(n.key, drawnDeps(n));
  // A 2-cycle (the cluster uses the node account; other grants name the cluster) keeps the edge that points down the layers.
  const rank = (k: string): number => LAYER_ORDER.indexOf(nodes.get(k)!.layer);
  // Pools created one after another (depends_on chains between cubes) are drawn side by side, without the chain.
  for (const [to, froms] of depEdges) {
    if (nodes.get(to)!.layer === 'pools') for (const from of [...froms]) if (nodes.get(from)!.layer === 'pools') froms.delete(from);
  }
  for (const [to, froms] of depEdges) {
    for (const from of [...froms]) if (depEdges.get(from)?.has(to) && rank(from) > rank(to)) froms.delete(from);
  }
  const reduced = transitiveReduction(depEdges);
  const infraEdges: GEdge[] = [];
  for (const [to, froms] of reduced) for (const from of froms) infraEdges.push({ from, to, traffic: false });

  return { infra: { nodes: [...nodes.values()], edges: infraEdges }, traffic: trafficGraph(trafficPath, level) };
}

function chipLines(usage: ReturnType<typeof workloadUsage>): string[] {
  return [...chipsRequested(usage).entries()].map(([g, n]) => `request ${n} ${generationName(g)} chips`);
}

function reservationLabel(text: string): string[] {
  // `specific \`name\` (block \`b\`, project \`p\`)` -> lines without the project (it is the stack's project by default).
  const clean = text.replace(/`/g, '');
  const m = /^specific (\S+)(?: \((.*)\))?$/.exec(clean.split(';')[0].trim());
  if (!m) return ['reservation', clean];
  const extras = (m[2] ?? '').split(', ').filter((e) => e.startsWith('block') || e.startsWith('sub-block'));
  return [`reservation ${m[1]}`, ...extras];
}

function trafficGraph(path: RequestPath, level: Level): Graph {
  const layer = (role: string): LayerName => (role === 'client' ? 'client' : role === 'entry' ? 'entry' : role === 'pool' ? 'pool' : 'workload');
  const nodes: GNode[] = path.nodes.map((n) => ({ key: `t:${n.key}`, layer: layer(n.role), label: [...n.label], members: [], releases: n.release ? [n.release] : [] }));
  const edges: GEdge[] = path.edges.map((e) => ({ from: `t:${e.from}`, to: `t:${e.to}`, traffic: true, label: e.label }));
  if (level < 3) return { nodes, edges };
  // Level 3: workloads behind the same entry folded into one node.
  const workloads = nodes.filter((n) => n.layer === 'workload');
  if (workloads.length <= 1) return { nodes, edges };
  const folded: GNode = { key: 't:workloads', layer: 'workload', label: [`${workloads.length} workloads`], members: [], releases: workloads.flatMap((w) => w.releases ?? []) };
  const keys = new Set(workloads.map((w) => w.key));
  const outEdges: GEdge[] = [];
  for (const e of edges) {
    const from = keys.has(e.from) ? folded.key : e.from;
    const to = keys.has(e.to) ? folded.key : e.to;
    if (from !== to && !outEdges.some((x) => x.from === from && x.to === to)) outEdges.push({ ...e, from, to });
  }
  return { nodes: [...nodes.filter((n) => !keys.has(n.key)), folded], edges: outEdges };
}

// ------------------------------------------------------------------ rendering

const MARK_ORDER: readonly Mark[] = ['replaced', 'removed', 'added', 'changed'];
const MARK_PREFIX: Record<Mark, string> = { added: '+ new: ', changed: '✎ changed: ', replaced: '⚠ replaced: ', removed: '✕ removed: ' };
const CLASS_DEFS = [
  'classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:3px',
  'classDef changed fill:#fff8c5,stroke:#9a6700,stroke-width:3px',
  'classDef replaced fill:#ffebe9,stroke:#cf222e,stroke-width:4px',
  'classDef removed fill:#f6f8fa,stroke:#cf222e,stroke-width:2px,stroke-dasharray:6 4',
];

function markOf(n: GNode, options: DiagramOptions): Mark | undefined {
  const marks = [...n.members.map((m) => options.marks?.get(m)), ...(n.releases ?? []).map((r) => options.releaseMarks?.get(r))]
    .filter((m): m is Mark => !!m);
  // A group of old and new pools changed as a whole (its label names the new ones); a replacement stays red.
  if (n.partlyMarked) return marks.includes('replaced') ? 'replaced' : 'changed';
  return MARK_ORDER.find((m) => marks.includes(m));
}

/** Rank of each node as Mermaid (dagre) lays it out: one below the deepest node it depends on. */
function ranks(g: { nodes: readonly { key: string }[]; edges: readonly { from: string; to: string }[] }): Map<string, number> {
  const rank = new Map<string, number>();
  const into = new Map<string, string[]>();
  for (const e of g.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const visit = (k: string, seen: Set<string>): number => {
    if (rank.has(k)) return rank.get(k)!;
    if (seen.has(k)) return 0;
    seen.add(k);
    const r = Math.max(-1, ...(into.get(k) ?? []).map((f) => visit(f, seen))) + 1;
    rank.set(k, r);
    return r;
  };
  for (const n of g.nodes) visit(n.key, new Set());
  // Dagre shortens edges (network simplex): a node with at least as many edges out as in sits just above its nearest successor.
  const out = new Map<string, string[]>();
  for (const e of g.edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  for (const n of [...g.nodes].sort((x, y) => rank.get(y.key)! - rank.get(x.key)!)) {
    const succ = out.get(n.key) ?? [];
    if (succ.length && succ.length >= (into.get(n.key) ?? []).length) rank.set(n.key, Math.max(rank.get(n.key)!, Math.min(...succ.map((t) => rank.get(t)!)) - 1));
  }
  return rank;
}

/** Mermaid's label wrapping width (px) and a mean character width at its 16 px font, measured in Chromium. */
const WRAP_PX = 200;
const CHAR_PX = 8;

/**
 * Estimated width (px) of the drawn diagram: per rank, the nodes' widths (label
 * width up to Mermaid's 200 px wrap, plus padding; slanted and cylinder shapes
 * wider) and the gaps between them; the pool subgraph adds its padding.
 * Calibrated against Chromium renders of the stacks (within about 10%).
 */
export function estimatedWidth(g: Graph, lineChars: number = DIAGRAM_BUDGET.lineChars): number {
  const rank = ranks(g);
  const nodeWidth = (n: GNode): number => {
    const longest = Math.max(...n.label.flatMap((l) => wrapLine(l, lineChars)).map((l) => l.length));
    return Math.min(WRAP_PX, longest * CHAR_PX) + (n.layer === 'platform' ? 80 : 44);
  };
  const width = new Map<number, number>();
  const count = new Map<number, number>();
  for (const n of g.nodes) {
    const r = rank.get(n.key)!;
    width.set(r, (width.get(r) ?? 0) + nodeWidth(n));
    count.set(r, (count.get(r) ?? 0) + 1);
  }
  const pools = g.nodes.filter((n) => n.layer === 'pools');
  if (pools.length > 1) for (const r of new Set(pools.map((n) => rank.get(n.key)!))) width.set(r, width.get(r)! + 60);
  return Math.max(0, ...[...width.entries()].map(([r, w]) => w + 50 * ((count.get(r) ?? 1) - 1) + 16));
}

/** Whether a graph fits the budget. */
function fits(g: Graph, budget: DiagramBudget): boolean {
  if (g.nodes.length > budget.nodes || g.edges.length > budget.edges) return false;
  return estimatedWidth(g, budget.lineChars) <= budget.width;
}

function render(g: Graph, options: DiagramOptions, budget: DiagramBudget, poolTitle = 'Node pools'): string {
  const SUBGRAPHS: Partial<Record<LayerName, string>> = { pools: poolTitle };
  const ordered = LAYER_ORDER.flatMap((layer) => g.nodes.filter((n) => n.layer === layer));
  const ids = new Map<string, string>();
  ordered.forEach((n, i) => ids.set(n.key, `n${i + 1}`));
  const lines = ['flowchart TB'];
  const classes = new Map<Mark, string[]>();
  const nodeLine = (n: GNode, indent: string): string => {
    const mark = markOf(n, options);
    if (mark) classes.set(mark, [...(classes.get(mark) ?? []), ids.get(n.key)!]);
    const prefix = mark && !n.partlyMarked ? MARK_PREFIX[mark] : '';
    const label = n.label.flatMap((l, i) => wrapLine(escapeLabel(i === 0 ? `${prefix}${l}` : l), budget.lineChars))
      .map(keepNamesWhole);
    const shape = n.layer === 'client' ? ['([', '])'] : n.layer === 'pools' || n.layer === 'network' ? ['[', ']'] : n.layer === 'platform' ? ['[(', ')]'] : ['(', ')'];
    const open = n.layer === 'platform' && !/^(bucket|registry)/.test(n.key) ? '[/' : shape[0];
    const close = n.layer === 'platform' && !/^(bucket|registry)/.test(n.key) ? '/]' : shape[1];
    return `${indent}${ids.get(n.key)}${open}"${label.join('<br/>')}"${close}`;
  };
  for (const layer of LAYER_ORDER) {
    const members = ordered.filter((n) => n.layer === layer);
    if (!members.length) continue;
    const title = SUBGRAPHS[layer];
    if (title && members.length > 1) {
      lines.push(`  subgraph ${layer}["${escapeLabel(title)}"]`, '    direction LR');
      for (const n of members) lines.push(nodeLine(n, '    '));
      lines.push('  end');
    } else {
      for (const n of members) lines.push(nodeLine(n, '  '));
    }
  }
  const sorted = [...g.edges].sort((a, b) => ids.get(a.from)!.localeCompare(ids.get(b.from)!, 'en', { numeric: true })
    || ids.get(a.to)!.localeCompare(ids.get(b.to)!, 'en', { numeric: true }));
  for (const e of sorted) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    lines.push(e.traffic ? `  ${from} -->|"${escapeLabel(e.label ?? '')}"| ${to}` : `  ${from} -.-> ${to}`);
  }
  if (classes.size) {
    lines.push(...CLASS_DEFS.map((c) => `  ${c}`));
    for (const [mark, list] of classes) lines.push(`  class ${list.join(',')} ${mark}`);
  }
  return lines.join('\n');
}

function withRemoved(g: Graph, options: DiagramOptions): Graph {
  if (!options.removed?.length) return g;
  const key = 'removed';
  const label = [`${options.removed.length} resource${options.removed.length === 1 ? '' : 's'}`, ...options.removed.slice(0, 2), ...(options.removed.length > 2 ? [`+${options.removed.length - 2} more`] : [])];
  return { nodes: [...g.nodes, { key, layer: 'workload', label, members: ['__removed__'] }], edges: g.edges };
}

/**
 * Infrastructure and request path in one graph: a workload on the request path
 * is the node of the release that ships it when that release is drawn.
 */
function merge(infra: Graph, traffic: Graph, s: StackSummary): Graph {
  const same = new Map<string, string>();
  for (const t of traffic.nodes.filter((n) => n.layer === 'workload')) {
    const addresses = (t.releases ?? []).map((name) => s.releases.find((r) => r.name.text === name)?.address).filter((a): a is string => !!a);
    const target = infra.nodes.find((n) => n.layer === 'workload' && addresses.length > 0 && addresses.every((a) => n.members.includes(a)));
    if (target) same.set(t.key, target.key);
  }
  const edges: GEdge[] = [];
  const trafficPairs = new Set(traffic.edges.map((e) => [same.get(e.from) ?? e.from, same.get(e.to) ?? e.to].sort().join('\u0000')));
  // A dependency between two nodes that traffic already connects is left out: the traffic arrow says more.
  for (const e of infra.edges) if (!trafficPairs.has([e.from, e.to].sort().join('\u0000'))) edges.push(e);
  for (const e of traffic.edges) {
    const from = same.get(e.from) ?? e.from;
    const to = same.get(e.to) ?? e.to;
    if (from !== to && !edges.some((x) => x.from === from && x.to === to && x.traffic)) edges.push({ ...e, from, to });
  }
  return { nodes: [...infra.nodes, ...traffic.nodes.filter((n) => !same.has(n.key))], edges };
}

/** A Markdown table of a graph (the fallback when a diagram is over the budget even aggregated). */
function graphTable(g: Graph, options: DiagramOptions = {}): string {
  const rows = LAYER_ORDER.flatMap((layer) => g.nodes.filter((n) => n.layer === layer)).map((n) => {
    const into = g.edges.filter((e) => e.to === n.key).map((e) => g.nodes.find((x) => x.key === e.from)?.label[0] ?? '');
    const mark = markOf(n, options);
    return `| ${mark && !n.partlyMarked ? MARK_PREFIX[mark] : ''}${n.label[0].replace(/\|/g, '\\|')} | ${n.label.slice(1).join('; ').replace(/\|/g, '\\|')} | ${into.slice(0, 4).join(', ').replace(/\|/g, '\\|')}${into.length > 4 ? ` +${into.length - 4}` : ''} |`;
  });
  return ['| Part | Details | After / from |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The stack's architecture within the budget: one diagram when small, else one
 * per concern; a concern over the budget is aggregated, then shown as a table.
 */
export function architecture(summary: StackSummary, json: Json, options: DiagramOptions = {}): Architecture {
  const budget = options.budget ?? DIAGRAM_BUDGET;
  const l1 = build(summary, json, 1, options.marks);
  const infra1 = withRemoved(l1.infra, options);
  const requested = chipsRequested(workloadUsage(summary));
  const usage = summary.capacity.filter((c) => c.kind === 'tpu' && requested.has(c.type))
    .map((c) => `${requested.get(c.type)} of ${count(c.accelerators)} ${generationName(c.type)} chips requested`);
  const poolTitle = usage.length ? `Node pools: ${usage.join(', ')}` : 'Node pools';
  const emit = (title: string, g: Graph, level: Level): Diagram => {
    const mermaid = render(g, options, budget, poolTitle);
    return { title, mermaid, nodes: g.nodes.length, edges: g.edges.length, level, width: estimatedWidth(g, budget.lineChars) };
  };
  const within = (d: Diagram): boolean => d.mermaid.length <= budget.text;
  const combined = merge(infra1, l1.traffic, summary);
  // Dagre sets the request path beside the infrastructure, less evenly than one graph: 100 px of margin.
  if (combined.nodes.length <= SINGLE_DIAGRAM_NODES && fits(combined, { ...budget, width: budget.width - 100 })) {
    const d = emit('Architecture', combined, 1);
    if (within(d)) return { diagrams: [d], tables: [] };
  }
  const levels = new Map<Level, Built>([[1, l1]]);
  const at = (level: Level): Built => {
    if (!levels.has(level)) levels.set(level, build(summary, json, level, options.marks));
    return levels.get(level)!;
  };
  const diagrams: Diagram[] = [];
  const tables: { title: string; markdown: string }[] = [];
  const concerns: [string, (b: Built) => Graph][] = [
    ['Infrastructure and capacity', (b) => withRemoved(b.infra, options)],
    ['Request path', (b) => b.traffic],
  ];
  for (const [title, pick] of concerns) {
    if (!pick(l1).nodes.length) continue;
    let done = false;
    for (const level of [1, 2, 3] as const) {
      const g = pick(at(level));
      const d = fits(g, budget) ? emit(title, g, level) : undefined;
      if (d && within(d)) {
        diagrams.push(d);
        done = true;
        break;
      }
    }
    if (!done) tables.push({ title, markdown: graphTable(pick(at(3)), options) });
  }
  return { diagrams, tables };
}

/** Legend under the diagrams (Markdown). */
export const DIAGRAM_LEGEND = 'Legend: solid arrow → traffic (labelled with port or route) · dotted arrow ⇢ dependency (created or installed first, referenced) · '
  + 'rectangles: network and node pools · slanted: reservation, policy, identities · cylinders: storage and registry · rounded: releases and workloads · '
  + 'in a PR: + green new, ✎ yellow changed, ⚠ red replaced (disruptive), ✕ dashed removed.';

/** Entry points drawn on the request path (kept for callers that list them). */
export { isEntryPoint };
