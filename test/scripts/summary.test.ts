import * as fs from 'fs';
import * as path from 'path';
import { runSummaryCli } from '../../scripts/summary';
import { renderStack, shortLine } from '../../scripts/summary/markdown';
import { classifyImage, summarizeStack } from '../../scripts/summary/model';
import { architecture, DIAGRAM_BUDGET, DIAGRAM_LEGEND, groupName, transitiveReduction } from '../../scripts/summary/diagram';
import { readSynthTree } from '../../scripts/summary/synth-tree';
import { EMPTY_CONTEXT } from '../../scripts/summary/tf-expr';
import { plain, servingStack, writeTree } from './fixtures';

/** The body of the `### title` section of a rendered summary. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`### ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const rest = markdown.slice(start + title.length + 4);
  const end = rest.indexOf('\n### ');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

const json = servingStack();
const summary = summarizeStack('serving', json);
const markdown = renderStack(summary, json);

test('short line: resources, TPU and GPU capacity (ranges for autoscaling pools), releases, objects, images, hatches', () => {
  expect(shortLine(summary)).toBe('serving: 11 resources · 17–18 TPU v6e chips / 5–6 VMs (2 pools) + 0–2 × nvidia-l4 GPUs / 0–2 VMs (1 pool)'
    + ' · 3 Helm releases · 4 in-cluster objects · 3 images (2 floating) · 1 escape hatch');
});

test('TPU capacity: four narrow columns, totals, then machine types, zones, reservations and placement folded', () => {
  expect(section(markdown, 'TPU capacity')).toBe([
    '| Pool | Slice | VMs | Chips |',
    '|---|---|---|---|',
    '| `v6e-single` | TPU v6e 1x1 single-host | 1–2 (autoscaling) | 1–2 |',
    '| `v6e-slice` | TPU v6e 4x4 multi-host | 4 | 16 |',
    '| **Total TPU v6e** |  | **5–6** | **17–18** |',
    '',
    '<details><summary>Machine types, zones, reservations, placement</summary>',
    '',
    '- `v6e-single`: machine `ct6e-standard-1t`; zone `var.zone` (default us-east5-b); reservation —',
    '- `v6e-slice`: machine `ct6e-standard-4t`; zone `var.zone` (default us-east5-b); reservation specific `v6e-res` (project `var.project_id`); placement COMPACT',
    '',
    '</details>',
  ].join('\n'));
});

test('GPU pools and other pools', () => {
  expect(section(markdown, 'GPU pools')).toBe([
    '| Pool | GPU | VMs | GPUs |',
    '|---|---|---|---|',
    '| `l4-spot` | nvidia-l4 | 0–2 (autoscaling) | 0–2 |',
    '',
    '<details><summary>Machine types, reservations, spot</summary>',
    '',
    '- `l4-spot`: machine `g2-standard-4`; zone `var.zone` (default us-east5-b); reservation —; spot VMs',
    '',
    '</details>',
  ].join('\n'));
  expect(section(markdown, 'Other node pools')).toBe([
    '| Pool | Machine type | VMs |', '|---|---|---|', '| `system-pool` | `e2-standard-4` | 1/zone |',
  ].join('\n'));
});

test('details: resources, releases, objects, images, providers with escape hatches, variables, each folded', () => {
  const body = section(markdown, 'Details');
  expect(body).toContain([
    '<details><summary>Resources by type (11, plus 1 data source)</summary>', '',
    '| Type | Count |', '|---|---|',
    '| `google_compute_network` | 1 |', '| `google_compute_subnetwork` | 1 |', '| `google_container_cluster` | 1 |',
    '| `google_container_node_pool` | 4 |', '| `helm_release` | 3 |', '| `kubernetes_namespace_v1` | 1 |', '', '</details>',
  ].join('\n'));
  expect(body).toContain([
    '<details><summary>Helm releases (3)</summary>', '',
    '| Release | Chart | Version | Role |', '|---|---|---|---|',
    '| `gateway` | carrier `k8s-objects` | in repo | gateway: 1 object |',
    '| `kueue` | `kueue` | `0.17.4` | controller |',
    '| `serving` | carrier `k8s-objects` | in repo | workload: 2 objects |',
    '',
    '- `gateway`: namespace `default`',
    '- `kueue`: namespace `kueue-system`, repository `oci://registry.k8s.io/kueue/charts`',
    '- `serving`: namespace `var.namespace` (default serving)',
    '', '</details>',
  ].join('\n'));
  expect(body).toContain([
    '<details><summary>In-cluster objects (4)</summary>', '',
    '| Kind | Count | Names |', '|---|---|---|',
    '| Deployment | 1 | `var.namespace/vllm` |', '| Gateway | 1 | `inference-gateway` |',
    '| Namespace | 1 | `var.namespace` |', '| Service | 1 | `var.namespace/vllm-service` |', '', '</details>',
  ].join('\n'));
  expect(body).toContain([
    '> [!WARNING]',
    '> 2 images with a floating tag: `busybox`, `registry.k8s.io/kueue/kueue:latest`',
    '',
    '<details><summary>Container images (3)</summary>', '',
    '| Image | Pinning | Used by |', '|---|---|---|',
    '| `busybox` | ⚠️ **floating** (no tag: pulls latest) | `Deployment/vllm (fetch)` |',
    '| `registry.k8s.io/kueue/kueue:latest` | ⚠️ **floating** (floating tag "latest") | `release kueue (controllerManager.manager.image)` |',
    '| `vllm/vllm-tpu:v0.11.1` | tag | `Deployment/vllm (vllm)` |', '', '</details>',
  ].join('\n'));
  // The escape hatch's reason is a list item, not a one-character table column.
  expect(body).toContain([
    '<details><summary>Providers and 1 escape hatch</summary>', '',
    '| Provider | Source | Constraint |', '|---|---|---|',
    '| `google` | `hashicorp/google` | `>= 7.31.0, < 8.0.0` |',
    '| `helm` | `hashicorp/helm` | `>= 3.1.1, < 4.0.0` |',
    '',
    'Terraform `>= 1.11.0` · state backend: gcs (gs://tf-state/tpu-gke/serving)',
    '',
    '- `node-pool-accelerator-network-profile` on `v6e-slice` (google_container_node_pool), field `network_config.accelerator_network_profile`, needs google ≥ 7.31.0: managed DRANET',
    '', '</details>',
  ].join('\n'));
  expect(body).toContain([
    '<details><summary>Variables (4)</summary>', '',
    '| Variable | Type | Default |', '|---|---|---|',
    '| `hf_token` | string | sensitive |', '| `namespace` | string | `serving` |',
    '| `project_id` | string | **required** |', '| `zone` | string | `us-east5-b` |', '', '</details>',
  ].join('\n'));
  // Every table has at most four columns.
  for (const line of markdown.split('\n').filter((l) => l.startsWith('|---'))) expect(line.split('|').length - 2).toBeLessThanOrEqual(4);
});

test('diagrams: infrastructure with pools aggregated when a row is wider than 3.5 nodes, request path with labelled traffic arrows, a legend', () => {
  const arch = architecture(summary, json);
  expect(arch.diagrams.map((d) => [d.title, d.level, d.nodes, d.edges])).toEqual([['Infrastructure and capacity', 2, 7, 7], ['Request path', 1, 4, 2]]);
  expect(plain(arch.diagrams[0].mermaid)).toBe([
    'flowchart TB',
    '  n1["VPC serving-main<br/>1 subnet: 10.10.0.0/18"]',
    '  n2("GKE serving-cluster<br/>Standard cluster<br/>region of var.zone<br/>(default us-east5)")',
    '  subgraph pools["Node pools"]',
    '    direction LR',
    '    n3["pool l4-spot<br/>g2-standard-4 × 0-2<br/>0-2 × nvidia-l4<br/>zone var.zone (default<br/>us-east5-b)<br/>spot VMs"]',
    '    n4["2 pools v6e-single +1 more<br/>TPU v6e: 17-18 chips<br/>5-6 VMs, 2 shapes"]',
    '    n5["pool system-pool<br/>e2-standard-4 × 1/zone"]',
    '  end',
    '  n6("1 controller release<br/>kueue 0.17.4")',
    '  n7("serving<br/>Deployment, Service")',
    '  n1 -.-> n2',
    '  n2 -.-> n3',
    '  n2 -.-> n4',
    '  n2 -.-> n5',
    '  n4 -.-> n7',
    '  n5 -.-> n6',
    '  n6 -.-> n7',
  ].join('\n'));
  expect(plain(arch.diagrams[1].mermaid)).toBe([
    'flowchart TB',
    '  n1(["clients (internet)"])',
    '  n2(["clients in the VPC"])',
    '  n3("Service vllm-service<br/>LoadBalancer external :80")',
    '  n4("Gateway inference-gateway<br/>gke-l7-rilb internal")',
    '  n1 -->|":80"| n3',
    '  n2 -->|"HTTP"| n4',
  ].join('\n'));
  expect(markdown).toContain('#### Infrastructure and capacity\n\n```mermaid\nflowchart TB\n');
  expect(markdown).toContain(`<sub>${DIAGRAM_LEGEND}</sub>`);
  // With a budget of one layer of 4, the pools stay apart (level 1, one node per shape).
  const wide = architecture(summary, json, { budget: { ...DIAGRAM_BUDGET, width: 5000 } });
  expect(wide.diagrams[0].level).toBe(1);
  expect(plain(wide.diagrams[0].mermaid)).toContain('["pool v6e-slice<br/>ct6e-standard-4t × 4<br/>4x4 · 16 chips<br/>zone var.zone (default<br/>us-east5-b)<br/>reservation v6e-res"]');
  // Over even the aggregated budget, a concern becomes a table.
  const tiny = architecture(summary, json, { budget: { ...DIAGRAM_BUDGET, nodes: 3 } });
  expect(tiny.tables.map((t) => t.title)).toEqual(['Infrastructure and capacity', 'Request path']);
  expect(tiny.tables[1].markdown).toBe([
    '| Part | Details | After / from |', '|---|---|---|',
    '| clients (internet) |  |  |', '| clients in the VPC |  |  |',
    '| Service vllm-service | LoadBalancer external :80 | clients (internet) |',
    '| Gateway inference-gateway | gke-l7-rilb internal | clients in the VPC |',
  ].join('\n'));
});

test('group names: numbered pools as a range, same-named pools in several clusters once, others first +N more', () => {
  expect(groupName(['tpu7-pool-1', 'tpu7-pool-2', 'tpu7-pool-3'])).toBe('tpu7-pool-1..3');
  expect(groupName(['system-pool', 'system-pool'])).toBe('system-pool');
  expect(groupName(['v6e-single', 'v6e-slice'])).toBe('v6e-single +1\u00a0more');
  expect(groupName(['cube-1', 'cube-3'])).toBe('cube-1 +1\u00a0more');
});

test('transitive reduction keeps only direct edges', () => {
  const reduced = transitiveReduction(new Map([['c', new Set(['a', 'b'])], ['b', new Set(['a'])], ['a', new Set<string>()]]));
  expect([...reduced.get('c')!]).toEqual(['b']);
  expect([...reduced.get('b')!]).toEqual(['a']);
});

test('image references: digests, registry ports, plan-time tags, variable defaults', () => {
  const ctx = { variableDefault: (n: string) => (n === 'image' ? 'repo/app:nightly' : undefined), attribute: () => undefined };
  expect(classifyImage('repo/app@sha256:abc', EMPTY_CONTEXT)).toEqual({ image: 'repo/app@sha256:abc', tag: 'sha256:abc', pinning: 'digest' });
  expect(classifyImage('localhost:5000/app', EMPTY_CONTEXT)).toEqual({ image: 'localhost:5000/app', pinning: 'floating', note: 'no tag: pulls latest' });
  expect(classifyImage('vllm/vllm-tpu:nightly-20260101', EMPTY_CONTEXT).pinning).toBe('tag');
  expect(classifyImage('vllm/vllm-tpu:v0-nightly', EMPTY_CONTEXT).pinning).toBe('floating');
  expect(classifyImage('${google_artifact_registry_repository.Repo_ABCDEF12.location}-docker.pkg.dev/p/r/vllm:TPU', EMPTY_CONTEXT))
    .toEqual({ image: '${google_artifact_registry_repository.Repo.location}-docker.pkg.dev/p/r/vllm:TPU', tag: 'TPU', pinning: 'tag' });
  expect(classifyImage('repo/app:${var.tag}', EMPTY_CONTEXT)).toEqual({ image: 'repo/app:${var.tag}', tag: '${var.tag}', pinning: 'plan-time', note: 'tag set at plan time' });
  expect(classifyImage('${var.image}', ctx)).toEqual({
    image: 'var.image', tag: 'nightly', pinning: 'floating', note: 'default `repo/app:nightly`; floating tag "nightly"',
  });
  const withLocal = {
    variableDefault: (n: string) => (n === 'image' ? '' : undefined), attribute: () => undefined,
    local: (n: string) => (n === 'default_image' ? '${local.region}-docker.pkg.dev/${var.project_id}/ray-repo/vllm-tpu-ray:vllm-tpu' : undefined),
  };
  expect(classifyImage('${coalesce(var.image, local.default_image)}', withLocal)).toEqual({
    image: 'coalesce(var.image, local.default_image)', tag: 'vllm-tpu', pinning: 'tag',
    note: 'default `${local.region}-docker.pkg.dev/${var.project_id}/ray-repo/vllm-tpu-ray:vllm-tpu`',
  });
  expect(classifyImage('${var.other}', ctx)).toEqual({ image: 'var.other', pinning: 'plan-time', note: 'set at plan time' });
});

test('a pool whose node count is a variable uses its default and says so', () => {
  const j = servingStack();
  j.variable.slice_nodes = { type: 'number', default: 8 };
  j.resource.google_container_node_pool.Slice_0A1B2C3D.node_count = '${var.slice_nodes}';
  const pool = summarizeStack('serving', j).pools.find((p) => p.name.text === 'v6e-slice')!;
  expect(pool.vms).toEqual({ min: 8, max: 8 });
  expect(pool.vmsVia).toBe('var.slice_nodes');
  expect(pool.accelerators).toEqual({ min: 32, max: 32 });
});

test('the command line writes one Markdown file per stack and prints the short form', () => {
  const tree = writeTree({ serving: servingStack() });
  const out = runSummaryCli(['--tree', tree]);
  expect(out).toBe([
    'Summary of 1 stack (npm run summary for Markdown):',
    `  ${shortLine(summary)}`,
    `Markdown: ${path.join(tree, 'summary', 'serving.md')}`,
    '',
  ].join('\n'));
  expect(fs.readFileSync(path.join(tree, 'summary', 'serving.md'), 'utf8')).toBe(markdown);
  expect(runSummaryCli(['--short'], { CDKTF_OUTDIR: tree })).toBe(`Summary of 1 stack (npm run summary for Markdown):\n  ${shortLine(summary)}\n`);
  fs.rmSync(tree, { recursive: true, force: true });
});

test('a tree older than the sources is refused, not summarized (npm run summary synthesizes first)', () => {
  // Before: the summary read whatever the last synth left behind, silently stale after an edit.
  const root = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tpu-gke-root-'));
  const tree = writeTree({ serving: servingStack() });
  fs.mkdirSync(path.join(root, 'stacks'));
  fs.writeFileSync(path.join(root, 'stacks', 'edited.ts'), '// edited after the synth\n');
  const synthesized = new Date('2026-01-01T00:00:00Z');
  fs.utimesSync(path.join(tree, 'manifest.json'), synthesized, synthesized);
  const edited = new Date('2026-01-01T00:05:00Z');
  fs.utimesSync(path.join(root, 'stacks', 'edited.ts'), edited, edited);
  expect(() => runSummaryCli(['--short'], { CDKTF_OUTDIR: tree }, root)).toThrow(
    `${path.join(tree, 'manifest.json')} is older than ${path.join('stacks', 'edited.ts')}, so its summary would describe the code before that change. `
    + 'Fix: run `npm run summary` (it synthesizes first) or `npm run synth`, then summarize again.');
  // A fresh synth (manifest newer than every source) is summarized.
  const resynthesized = new Date('2026-01-01T00:06:00Z');
  fs.utimesSync(path.join(tree, 'manifest.json'), resynthesized, resynthesized);
  expect(runSummaryCli(['--short'], { CDKTF_OUTDIR: tree }, root)).toBe(`Summary of 1 stack (npm run summary for Markdown):\n  ${shortLine(summary)}\n`);
  // `npm run summary` synthesizes before it summarizes.
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(pkg.scripts.summary).toBe('npm run build && node dist/main.js && node dist/scripts/summary.js');
  fs.rmSync(tree, { recursive: true, force: true });
  fs.rmSync(root, { recursive: true, force: true });
});

test('readSynthTree names the fix when there is nothing to read', () => {
  const empty = fs.mkdtempSync(path.join(require('os').tmpdir(), 'empty-'));
  expect(() => readSynthTree(empty)).toThrow(`${empty} holds no synthesized stacks (expected manifest.json or stacks/<name>/cdk.tf.json). Fix: run \`npm run synth\` first.`);
});
