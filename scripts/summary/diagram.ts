/**
 * A Mermaid flowchart of a stack's architecture, layered network -> cluster ->
 * node pools -> controllers -> workloads -> gateway. Edges come from the
 * synthesized JSON itself (references and `depends_on`, through resources that
 * are not drawn), reduced to the direct ones (transitive reduction).
 */
import { Json, one } from './synth-tree';
import { isEntryPoint, PoolSummary, ReleaseSummary, StackSummary } from './model';
import { ExprContext, parseTemplate, showValue } from './tf-expr';

interface Node {
  readonly key: string;
  readonly layer: LayerName;
  readonly label: string[];
}

type LayerName = 'network' | 'cluster' | 'pools' | 'controller' | 'workload' | 'gateway';

const LAYERS: readonly [LayerName, string][] = [
  ['network', 'Network'],
  ['cluster', 'Cluster'],
  ['pools', 'Node pools'],
  ['controller', 'Controllers'],
  ['workload', 'Workloads'],
  ['gateway', 'Gateway'],
];

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

/** Renders the stack's architecture as a Mermaid flowchart (without the code fence). */
export function mermaidDiagram(summary: StackSummary, json: Json): string {
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

  const nodes = new Map<string, Node>();
  const alias = new Map<string, string>();
  const networks = summary.resources.filter((r) => !r.data && r.type === 'google_compute_network');
  for (const n of networks) {
    const subnets = summary.resources.filter((r) => r.type === 'google_compute_subnetwork' && deps.get(r.address)?.has(n.address));
    nodes.set(n.address, {
      key: n.address, layer: 'network',
      label: [`VPC ${n.name?.text ?? n.id}`, ...subnets.map((s) => `${s.name?.text ?? s.id} ${showValue(s.body.ip_cidr_range, summary.ctx).text}`.trim())],
    });
    for (const s of subnets) alias.set(s.address, n.address);
    for (const f of summary.resources.filter((r) => r.type === 'google_compute_firewall' && deps.get(r.address)?.has(n.address))) alias.set(f.address, n.address);
  }
  for (const c of summary.clusters) {
    const b = c.body;
    const mode = b.enable_autopilot === true ? 'Autopilot' : 'Standard';
    const version = clusterVersionLabel(b, summary.ctx);
    nodes.set(c.address, { key: c.address, layer: 'cluster', label: [`GKE ${c.name?.text ?? c.id}`, `${mode}, ${showValue(b.location, summary.ctx).text}${version}`] });
    if (networks.length === 0 && b.network !== undefined) {
      // The network is not created here: draw what the cluster names.
      const key = `external-network:${c.address}`;
      nodes.set(key, { key, layer: 'network', label: ['existing network', showValue(b.network, summary.ctx).text] });
      deps.get(c.address)!.add(key);
      deps.set(key, new Set());
    }
  }
  for (const p of summary.pools) nodes.set(p.address, { key: p.address, layer: 'pools', label: poolLabel(p) });
  for (const r of summary.releases) {
    nodes.set(r.address, { key: r.address, layer: r.layer, label: releaseLabel(r) });
    if (r.layer === 'gateway') continue;
    for (const o of r.objects.filter(isEntryPoint)) {
      const key = `${r.address}#${o.kind}/${o.namespace ?? ''}/${o.name}`;
      const port = o.kind === 'Service' ? servicePorts(o.body) : '';
      nodes.set(key, { key, layer: 'gateway', label: [`${o.kind} ${o.name}`, ...(port ? [port] : [])] });
      deps.set(key, new Set([r.address]));
    }
  }

  // Edges between drawn nodes, looking through resources that are not drawn.
  const drawnDeps = (start: string): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const stack = [...(deps.get(start) ?? [])];
    while (stack.length) {
      const a = stack.pop()!;
      const target = alias.get(a) ?? a;
      if (seen.has(a)) continue;
      seen.add(a);
      if (nodes.has(target)) {
        if (target !== start) out.add(target);
      } else {
        stack.push(...(deps.get(a) ?? []));
      }
    }
    return out;
  };
  const edges = new Map<string, Set<string>>();
  for (const key of nodes.keys()) edges.set(key, drawnDeps(key));
  const reduced = transitiveReduction(edges);

  const ids = new Map<string, string>();
  const ordered = LAYERS.flatMap(([layer]) => [...nodes.values()].filter((n) => n.layer === layer).sort((a, b) => a.key.localeCompare(b.key)));
  ordered.forEach((n, i) => ids.set(n.key, `n${i + 1}`));
  const lines = ['flowchart LR'];
  for (const [layer, title] of LAYERS) {
    const members = ordered.filter((n) => n.layer === layer);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${layer}["${title}"]`);
    for (const n of members) lines.push(`    ${ids.get(n.key)}["${n.label.map(escapeLabel).join('<br/>')}"]`);
    lines.push('  end');
  }
  const edgeLines: string[] = [];
  for (const n of ordered) {
    for (const d of [...(reduced.get(n.key) ?? [])].sort((a, b) => ids.get(a)!.localeCompare(ids.get(b)!, 'en', { numeric: true }))) {
      edgeLines.push(`  ${ids.get(d)} --> ${ids.get(n.key)}`);
    }
  }
  return [...lines, ...edgeLines].join('\n');
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

function poolLabel(p: PoolSummary): string[] {
  const count = p.vms.min === p.vms.max ? `${p.vms.max ?? '?'}` : `${p.vms.min ?? '?'}-${p.vms.max ?? '?'}`;
  const lines = [`pool ${p.name.text}`, `${p.machineType.text} x ${count}${p.perZone ? ' per zone' : ''}`];
  if (p.kind === 'tpu') {
    const chips = p.accelerators.min === p.accelerators.max ? `${p.accelerators.max ?? '?'}` : `${p.accelerators.min ?? '?'}-${p.accelerators.max ?? '?'}`;
    lines.push(`${p.generation} ${p.topology ?? ''}, ${chips} chips`.replace(' ,', ','));
  } else if (p.kind === 'gpu') {
    const gpus = p.accelerators.min === p.accelerators.max ? `${p.accelerators.max ?? '?'}` : `${p.accelerators.min ?? '?'}-${p.accelerators.max ?? '?'}`;
    lines.push(`${gpus} x ${p.acceleratorType}`);
  }
  return lines;
}

function releaseLabel(r: ReleaseSummary): string[] {
  if (!r.carrier) return [`helm ${r.name.text}`, `${r.chart}${r.version ? ` ${r.version}` : ''}`];
  const kinds = new Map<string, number>();
  for (const o of r.objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  const list = [...kinds.entries()].map(([k, n]) => (n > 1 ? `${n} ${k}` : k));
  if (r.remoteManifests.length) list.push('remote manifest');
  const shown = list.length > 4 ? [...list.slice(0, 4), `+${list.length - 4} more`] : list;
  return [`objects ${r.name.text}`, shown.join(', ')];
}

function servicePorts(body: Json): string {
  const ports = ([] as Json[]).concat(one(body.spec)?.ports ?? []);
  const type = body.spec?.type ? `${String(body.spec.type)} ` : '';
  return `${type}${ports.map((p) => `${p.port}${p.targetPort !== undefined ? `→${p.targetPort}` : ''}`).join(', ')}`.trim();
}

/** Makes text safe inside a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text.replace(/"/g, "'").replace(/</g, '‹').replace(/>/g, '›').replace(/[#;`]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The cluster's GKE version as the diagram shows it: a pin as written, a version read from
 * `google_container_engine_versions` as what it selects (e.g. ` newest RAPID`), the channel default as nothing.
 */
function clusterVersionLabel(body: Json, ctx: ExprContext): string {
  if (!body.min_master_version) return '';
  const chosen = /^\$\{lookup\(data\.google_container_engine_versions\.[A-Za-z0-9_-]+\.release_channel_(latest|default)_version, "([A-Z]+)", ""\)\}$/
    .exec(String(body.min_master_version));
  if (chosen) return ` ${chosen[1] === 'latest' ? 'newest' : 'default'} ${chosen[2]}`;
  return ` ${showValue(body.min_master_version, ctx).text}`;
}
