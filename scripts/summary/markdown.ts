/**
 * Markdown for pull requests: the full per-stack summary, and the one-line short
 * form printed after `npm run synth`.
 */
import { costSection } from './cost';
import { architecture, DIAGRAM_BUDGET, DIAGRAM_LEGEND, DiagramOptions } from './diagram';
import { CapacityTotal, PoolSummary, Range, StackSummary, summarizeStack } from './model';
import { Json } from './synth-tree';
import { Shown } from './tf-expr';
import { chipsRequested, workloadUsage } from './workloads';
import { observabilitySection } from './observability';

/** Display name of a TPU generation (catalog name -> product name). */
export function generationLabel(name: string): string {
  if (name === 'tpu7x') return 'TPU7x';
  if (/^v\d/.test(name)) return `TPU ${name}`;
  return name === '?' ? 'TPU (not in catalog)' : name;
}

/** `a` or `a–b` (unknown bounds as `?`). */
export function formatRange(r: Range): string {
  const f = (n: number | undefined): string => (n === undefined ? '?' : String(n));
  return r.min === r.max ? f(r.max) : `${f(r.min)}–${f(r.max)}`;
}

/** Inline code that survives any content (backticks, pipes in tables). */
export function code(text: string): string {
  if (text === '') return '""';
  const fence = text.includes('`') ? '`` ' : '`';
  const close = text.includes('`') ? ' ``' : '`';
  return `${fence}${text}${close}`;
}

/** Escapes a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A shown value as Markdown: code, then its note. */
export function shown(value: Shown | undefined): string {
  if (!value || value.text === '') return '—';
  return `${code(value.text)}${value.note ? ` (${value.note})` : ''}`;
}

/** A Markdown table (cells are escaped). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** One capacity total in words: `128 TPU7x chips / 32 VMs`. */
export function describeCapacity(t: CapacityTotal): string {
  if (t.kind === 'tpu') return `${formatRange(t.accelerators)} ${generationLabel(t.type)} chips / ${formatRange(t.vms)} VMs`;
  return `${formatRange(t.accelerators)} × ${t.type} GPUs / ${formatRange(t.vms)} VMs`;
}

/** The one-line form of a stack summary. */
export function shortLine(s: StackSummary): string {
  const total = s.resourceCounts.reduce((n, [, c]) => n + c, 0);
  const parts = [`${total} resources`];
  const capacity = s.capacity.map((t) => `${describeCapacity(t)} (${t.pools} pool${t.pools === 1 ? '' : 's'})`);
  parts.push(capacity.length ? capacity.join(' + ') : s.autopilot ? 'Autopilot (capacity on demand)' : 'no accelerators');
  parts.push(`${s.releases.length} Helm release${s.releases.length === 1 ? '' : 's'}`);
  parts.push(`${s.objects.length} in-cluster objects`);
  const floating = s.images.filter((i) => i.pinning === 'floating').length;
  parts.push(`${s.images.length} image${s.images.length === 1 ? '' : 's'}${floating ? ` (${floating} floating)` : ''}`);
  if (s.hatches.length) parts.push(`${s.hatches.length} escape hatch${s.hatches.length === 1 ? '' : 'es'}`);
  return `${s.name}: ${parts.join(' · ')}`;
}

/** `<details>` block around Markdown (GitHub needs the blank line after the summary). */
export function details(title: string, body: string): string {
  return `<details><summary>${title}</summary>\n\n${body.trim()}\n\n</details>\n`;
}

function vmText(p: PoolSummary): string {
  return `${formatRange(p.vms)}${p.perZone ? '/zone' : ''}${p.autoscaling ? ' (autoscaling)' : ''}`;
}

/** Pools with the same shape, reservation and placement in one line: `a`, `b`: …. */
function poolDetails(pools: readonly PoolSummary[], describe: (p: PoolSummary) => string): string {
  const groups = new Map<string, PoolSummary[]>();
  for (const p of pools) groups.set(describe(p), [...(groups.get(describe(p)) ?? []), p]);
  return [...groups.entries()].map(([text, ps]) => `- ${ps.map((p) => code(p.name.text)).join(', ')}: ${text}`).join('\n');
}

function placementText(p: PoolSummary): string {
  const parts = [`machine ${code(p.machineType.text)}`];
  if (p.zones?.text) parts.push(`zone ${shown(p.zones)}`);
  parts.push(`reservation ${p.reservation}`);
  if (p.placement !== '—') parts.push(`placement ${p.placement}`);
  if (p.spot) parts.push('spot VMs');
  if (p.flexStart) parts.push('flex-start VMs');
  if (p.vmsVia) parts.push(`VM count from ${code(p.vmsVia)} default`);
  return parts.join('; ');
}

/** "Workloads request 112 of 128 TPU7x chips." per generation (only where the workloads ask for chips). */
export function usageLines(s: StackSummary): string[] {
  const requested = chipsRequested(workloadUsage(s));
  return s.capacity.filter((c) => c.kind === 'tpu').flatMap((c) => {
    const n = requested.get(c.type);
    if (n === undefined) return [];
    return [`Workloads request **${n} of ${formatRange(c.accelerators)}** ${generationLabel(c.type)} chips${n > (c.accelerators.max ?? Infinity) ? ' ⚠️ more than the pools provide' : ''}.`];
  });
}

/** Full Markdown summary of one stack (a `##` section); `options` marks the PR's changes in the diagrams. */
export function renderStack(s: StackSummary, json: Json, options: DiagramOptions = {}): string {
  const out: string[] = [];
  out.push(`## Stack \`${s.name}\``, '');
  out.push(`**${shortLine(s).slice(s.name.length + 2)}**`, '');

  out.push('### Architecture', '');
  const arch = architecture(s, json, options);
  for (const d of arch.diagrams) {
    if (arch.diagrams.length > 1 || arch.tables.length) out.push(`#### ${d.title}`, '');
    out.push('```mermaid', d.mermaid, '```', '');
  }
  for (const t of arch.tables) {
    out.push(`#### ${t.title}`, '', `_Too large for a legible diagram (budget: ${DIAGRAM_BUDGET.nodes} nodes, ${DIAGRAM_BUDGET.edges} edges); as a table:_`, '', t.markdown, '');
  }
  out.push(`<sub>${DIAGRAM_LEGEND}</sub>`, '');

  out.push('### TPU capacity', '');
  const tpu = s.pools.filter((p) => p.kind === 'tpu');
  if (tpu.length) {
    const rows = tpu.map((p) => [
      code(p.name.text), `${generationLabel(p.generation ?? '?')} ${p.topology ?? ''}${p.multiHost ? ' multi-host' : p.topology ? ' single-host' : ''}`.trim(),
      vmText(p), formatRange(p.accelerators),
    ]);
    for (const t of s.capacity.filter((c) => c.kind === 'tpu')) {
      rows.push([`**Total ${generationLabel(t.type)}**`, '', `**${formatRange(t.vms)}**`, `**${formatRange(t.accelerators)}**`]);
    }
    out.push(table(['Pool', 'Slice', 'VMs', 'Chips'], rows), '');
    const usage = usageLines(s);
    if (usage.length) out.push(...usage, '');
    out.push(details('Machine types, zones, reservations, placement', poolDetails(tpu, placementText)));
  } else {
    out.push(s.autopilot ? '_No TPU node pools: Autopilot provisions capacity on demand._' : '_No TPU node pools._', '');
  }

  const gpu = s.pools.filter((p) => p.kind === 'gpu');
  if (gpu.length) {
    out.push('### GPU pools', '');
    out.push(table(['Pool', 'GPU', 'VMs', 'GPUs'], gpu.map((p) => [code(p.name.text), p.acceleratorType ?? '?', vmText(p), formatRange(p.accelerators)])), '');
    out.push(details('Machine types, reservations, spot', poolDetails(gpu, placementText)));
  }
  out.push(...costSection(s));

  const cpu = s.pools.filter((p) => p.kind === 'cpu');
  if (cpu.length) {
    out.push('### Other node pools', '');
    out.push(table(['Pool', 'Machine type', 'VMs'], cpu.map((p) => [code(p.name.text), shown(p.machineType), vmText(p)])), '');
  }

  out.push(...observabilitySection(json));

  const total = s.resourceCounts.reduce((n, [, c]) => n + c, 0);
  out.push('### Details', '');
  out.push(details(`Resources by type (${total}${s.dataSourceCount ? `, plus ${s.dataSourceCount} data source${s.dataSourceCount === 1 ? '' : 's'}` : ''})`,
    table(['Type', 'Count'], s.resourceCounts.map(([t, n]) => [code(t), String(n)]))));

  out.push(details(`Helm releases (${s.releases.length})`, s.releases.length ? [
    table(['Release', 'Chart', 'Version', 'Role'], s.releases.map((r) => [
      code(r.name.text), r.carrier ? 'carrier `k8s-objects`' : code(r.chart), r.version ? code(r.version) : r.carrier ? 'in repo' : '—',
      r.carrier ? `${r.layer}: ${r.objects.length} object${r.objects.length === 1 ? '' : 's'}${r.remoteManifests.length ? ' + remote manifest' : ''}` : r.layer,
    ])),
    '',
    ...s.releases.map((r) => `- ${code(r.name.text)}: namespace ${shown(r.namespace)}${r.repository ? `, repository ${code(r.repository)}` : ''}`),
  ].join('\n') : '_None._'));

  const groups = new Map<string, { apiVersion: string; kind: string; names: string[] }>();
  for (const o of s.objects) {
    const key = `${o.kind}\u0000${o.apiVersion}`;
    const g = groups.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, names: [] };
    g.names.push(o.namespace ? `${o.namespace}/${o.name}` : o.name);
    groups.set(key, g);
  }
  const objectRows = [...groups.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion))
    .map((g) => [g.kind, String(g.names.length), listNames(g.names)]);
  const remote = s.releases.flatMap((r) => r.remoteManifests.map((m) => `- ${code(r.name.text)}: objects from ${code(m)} (read at plan time; not listed above)`));
  out.push(details(`In-cluster objects (${s.objects.length})`, [s.objects.length ? table(['Kind', 'Count', 'Names'], objectRows) : '_None._', ...(remote.length ? ['', ...remote] : [])].join('\n')));

  const floating = s.images.filter((i) => i.pinning === 'floating');
  if (floating.length) out.push(`> [!WARNING]\n> ${floating.length} image${floating.length === 1 ? '' : 's'} with a floating tag: ${floating.map((i) => code(i.image)).join(', ')}`, '');
  out.push(details(`Container images (${s.images.length})`, s.images.length ? table(['Image', 'Pinning', 'Used by'], s.images.map((i) => [
    code(i.image), `${i.pinning === 'floating' ? '⚠️ **floating**' : i.pinning}${i.note ? ` (${i.note})` : ''}`, listNames(i.usedBy),
  ])) : '_None in the synthesized values (charts use their own pinned defaults)._'));

  out.push(details(`Providers${s.hatches.length ? ` and ${s.hatches.length} escape hatch${s.hatches.length === 1 ? '' : 'es'}` : ''}`, [
    table(['Provider', 'Source', 'Constraint'], s.providers.map((p) => [code(p.name), code(p.source), code(p.version)])),
    '',
    `Terraform ${s.terraformVersion ? code(s.terraformVersion) : 'any'} · state backend: ${s.backend}`,
    '',
    ...(s.hatches.length ? s.hatches.map((h) => `- ${code(h.id)} on ${h.resourceName ? `${code(h.resourceName)} (${h.address.split('.')[0]})` : code(h.address)}, field ${code(h.field)}, needs ${h.provider} ≥ ${h.minimumVersion}: ${h.reason}`) : ['_No escape hatches._']),
  ].join('\n')));

  if (s.variables.length) {
    out.push(details(`Variables (${s.variables.length})`, table(['Variable', 'Type', 'Default'], s.variables.map((v) => [
      code(v.name), v.type, v.sensitive ? 'sensitive' : v.required ? '**required**' : code(typeof v.default === 'string' ? v.default : JSON.stringify(v.default)),
    ]))));
  }
  return out.join('\n');
}

function listNames(names: readonly string[], max = 6): string {
  const shownNames = names.slice(0, max).map(code).join(', ');
  return names.length > max ? `${shownNames} and ${names.length - max} more` : shownNames;
}

/** Summarizes and renders a synthesized stack. */
export function stackMarkdown(name: string, json: Json): string {
  return renderStack(summarizeStack(name, json), json);
}
