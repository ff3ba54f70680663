/**
 * Markdown for pull requests: the full per-stack summary, and the one-line short
 * form printed after `npm run synth`.
 */
import { mermaidDiagram } from './diagram';
import { CapacityTotal, PoolSummary, Range, StackSummary, summarizeStack } from './model';
import { Json } from './synth-tree';
import { Shown } from './tf-expr';

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

function poolRow(p: PoolSummary): string[] {
  const via = p.vmsVia ? ` (${p.vmsVia} default)` : '';
  const auto = `${p.perZone ? ' per zone' : ''}${p.autoscaling ? ' (autoscaling)' : ''}`;
  return [
    code(p.name.text), generationLabel(p.generation ?? '?'), code(p.machineType.text),
    p.topology ? `${p.topology} (${p.multiHost ? 'multi-host' : 'single-host'})` : '—',
    `${formatRange(p.vms)}${auto}${via}`, formatRange(p.accelerators), p.reservation, p.placement + (p.spot ? ', spot' : ''),
  ];
}

/** Full Markdown summary of one stack (a `##` section). */
export function renderStack(s: StackSummary, json: Json): string {
  const out: string[] = [];
  out.push(`## Stack \`${s.name}\``, '');
  out.push(`**${shortLine(s).slice(s.name.length + 2)}**`, '');

  out.push('### TPU capacity', '');
  const tpu = s.pools.filter((p) => p.kind === 'tpu');
  if (tpu.length) {
    const rows = tpu.map(poolRow);
    for (const t of s.capacity.filter((c) => c.kind === 'tpu')) {
      rows.push([`**Total ${generationLabel(t.type)}**`, '', '', '', `**${formatRange(t.vms)}**`, `**${formatRange(t.accelerators)}**`, '', '']);
    }
    out.push(table(['Pool', 'Generation', 'Machine type', 'Topology', 'VMs', 'Chips', 'Reservation', 'Placement'], rows), '');
  } else {
    out.push(s.autopilot ? '_No TPU node pools: Autopilot provisions capacity on demand._' : '_No TPU node pools._', '');
  }

  const gpu = s.pools.filter((p) => p.kind === 'gpu');
  out.push('### GPU pools', '');
  if (gpu.length) {
    out.push(table(['Pool', 'Machine type', 'GPU', 'VMs', 'GPUs', 'Reservation', 'Spot'], gpu.map((p) => [
      code(p.name.text), code(p.machineType.text), p.acceleratorType ?? '?',
      `${formatRange(p.vms)}${p.perZone ? ' per zone' : ''}${p.autoscaling ? ' (autoscaling)' : ''}`, formatRange(p.accelerators), p.reservation, p.spot ? 'yes' : 'no',
    ])), '');
  } else {
    out.push('_No GPU node pools._', '');
  }

  const cpu = s.pools.filter((p) => p.kind === 'cpu');
  if (cpu.length) {
    out.push('### Other node pools', '');
    out.push(table(['Pool', 'Machine type', 'VMs'], cpu.map((p) => [code(p.name.text), shown(p.machineType), `${formatRange(p.vms)}${p.perZone ? ' per zone' : ''}${p.autoscaling ? ' (autoscaling)' : ''}`])), '');
  }

  const total = s.resourceCounts.reduce((n, [, c]) => n + c, 0);
  out.push(`### Resources by type (${total}${s.dataSourceCount ? `, plus ${s.dataSourceCount} data source${s.dataSourceCount === 1 ? '' : 's'}` : ''})`, '');
  out.push(table(['Type', 'Count'], s.resourceCounts.map(([t, n]) => [code(t), String(n)])), '');

  out.push('### Helm releases', '');
  if (s.releases.length) {
    out.push(table(['Release', 'Chart', 'Repository', 'Version', 'Namespace', 'Role'], s.releases.map((r) => [
      code(r.name.text), r.carrier ? 'project carrier chart `k8s-objects`' : code(r.chart),
      r.repository ? code(r.repository) : '—', r.version ? code(r.version) : r.carrier ? 'in repo' : '—', shown(r.namespace),
      r.carrier ? `${r.layer}: ${r.objects.length} object${r.objects.length === 1 ? '' : 's'}${r.remoteManifests.length ? ' + remote manifest' : ''}` : r.layer,
    ])), '');
  } else {
    out.push('_None._', '');
  }

  out.push('### In-cluster objects by kind', '');
  if (s.objects.length) {
    const groups = new Map<string, { apiVersion: string; kind: string; names: string[] }>();
    for (const o of s.objects) {
      const key = `${o.kind}\u0000${o.apiVersion}`;
      const g = groups.get(key) ?? { apiVersion: o.apiVersion, kind: o.kind, names: [] };
      g.names.push(o.namespace ? `${o.namespace}/${o.name}` : o.name);
      groups.set(key, g);
    }
    const rows = [...groups.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.apiVersion.localeCompare(b.apiVersion))
      .map((g) => [g.kind, g.apiVersion ? code(g.apiVersion) : '—', String(g.names.length), listNames(g.names)]);
    out.push(table(['Kind', 'API version', 'Count', 'Names'], rows), '');
  } else {
    out.push('_None._', '');
  }
  const remote = s.releases.flatMap((r) => r.remoteManifests.map((m) => `- ${code(r.name.text)}: objects from ${code(m)} (read at plan time; not listed above)`));
  if (remote.length) out.push(...remote, '');

  out.push('### Container images', '');
  if (s.images.length) {
    const floating = s.images.filter((i) => i.pinning === 'floating');
    if (floating.length) out.push(`> [!WARNING]\n> ${floating.length} image${floating.length === 1 ? '' : 's'} with a floating tag: ${floating.map((i) => code(i.image)).join(', ')}`, '');
    out.push(table(['Image', 'Pinning', 'Used by'], s.images.map((i) => [
      code(i.image), `${i.pinning === 'floating' ? '⚠️ **floating**' : i.pinning}${i.note ? ` (${i.note})` : ''}`, listNames(i.usedBy),
    ])), '');
  } else {
    out.push('_None in the synthesized values (charts use their own pinned defaults)._', '');
  }

  out.push('### Providers and escape hatches', '');
  out.push(table(['Provider', 'Source', 'Constraint'], s.providers.map((p) => [code(p.name), code(p.source), code(p.version)])), '');
  out.push(`Terraform ${s.terraformVersion ? code(s.terraformVersion) : 'any'} · state backend: ${s.backend}`, '');
  if (s.hatches.length) {
    out.push(table(['Escape hatch', 'Resource', 'Field', 'Needs', 'Why'], s.hatches.map((h) => [
      code(h.id), h.resourceName ? `${code(h.resourceName)} (${h.address.split('.')[0]})` : code(h.address), code(h.field),
      `${h.provider} ≥ ${h.minimumVersion}`, h.reason,
    ])), '');
  } else {
    out.push('_No escape hatches._', '');
  }

  if (s.variables.length) {
    out.push('### Variables', '');
    out.push(table(['Variable', 'Type', 'Default'], s.variables.map((v) => [
      code(v.name), v.type, v.sensitive ? 'sensitive' : v.required ? '**required**' : code(typeof v.default === 'string' ? v.default : JSON.stringify(v.default)),
    ])), '');
  }

  out.push('### Architecture', '');
  out.push('```mermaid', mermaidDiagram(s, json), '```', '');
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
