import * as fs from 'fs';
import * as path from 'path';
import { runSummaryCli } from '../../scripts/summary';
import { renderStack, shortLine } from '../../scripts/summary/markdown';
import { classifyImage, summarizeStack } from '../../scripts/summary/model';
import { mermaidDiagram, transitiveReduction } from '../../scripts/summary/diagram';
import { readSynthTree } from '../../scripts/summary/synth-tree';
import { EMPTY_CONTEXT } from '../../scripts/summary/tf-expr';
import { servingStack, writeTree } from './fixtures';

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

test('TPU capacity by pool: generation from the catalog, topology, VMs, chips, reservation, placement', () => {
  expect(section(markdown, 'TPU capacity')).toBe([
    '| Pool | Generation | Machine type | Topology | VMs | Chips | Reservation | Placement |',
    '|---|---|---|---|---|---|---|---|',
    '| `v6e-single` | TPU v6e | `ct6e-standard-1t` | 1x1 (single-host) | 1–2 (autoscaling) | 1–2 | — | — |',
    '| `v6e-slice` | TPU v6e | `ct6e-standard-4t` | 4x4 (multi-host) | 4 | 16 | specific `v6e-res` (project `var.project_id`) | COMPACT |',
    '| **Total TPU v6e** |  |  |  | **5–6** | **17–18** |  |  |',
  ].join('\n'));
});

test('GPU pools and other pools', () => {
  expect(section(markdown, 'GPU pools')).toBe([
    '| Pool | Machine type | GPU | VMs | GPUs | Reservation | Spot |',
    '|---|---|---|---|---|---|---|',
    '| `l4-spot` | `g2-standard-4` | nvidia-l4 | 0–2 (autoscaling) | 0–2 | — | yes |',
  ].join('\n'));
  expect(section(markdown, 'Other node pools')).toBe([
    '| Pool | Machine type | VMs |', '|---|---|---|', '| `system-pool` | `e2-standard-4` | 1 per zone |',
  ].join('\n'));
});

test('resources by type with counts', () => {
  expect(section(markdown, 'Resources by type (11, plus 1 data source)')).toBe([
    '| Type | Count |', '|---|---|',
    '| `google_compute_network` | 1 |', '| `google_compute_subnetwork` | 1 |', '| `google_container_cluster` | 1 |',
    '| `google_container_node_pool` | 4 |', '| `helm_release` | 3 |', '| `kubernetes_namespace_v1` | 1 |',
  ].join('\n'));
});

test('Helm releases: chart, repository, version, namespace (variables shown with their default)', () => {
  expect(section(markdown, 'Helm releases')).toBe([
    '| Release | Chart | Repository | Version | Namespace | Role |',
    '|---|---|---|---|---|---|',
    '| `gateway` | project carrier chart `k8s-objects` | — | in repo | `default` | gateway: 1 object |',
    '| `kueue` | `kueue` | `oci://registry.k8s.io/kueue/charts` | `0.17.4` | `kueue-system` | controller |',
    '| `serving` | project carrier chart `k8s-objects` | — | in repo | `var.namespace` (default serving) | workload: 2 objects |',
  ].join('\n'));
});

test('in-cluster objects by kind, parsed from the carrier-chart values and kubernetes_* resources', () => {
  expect(section(markdown, 'In-cluster objects by kind')).toBe([
    '| Kind | API version | Count | Names |', '|---|---|---|---|',
    '| Deployment | `apps/v1` | 1 | `var.namespace/vllm` |',
    '| Gateway | `gateway.networking.k8s.io/v1` | 1 | `inference-gateway` |',
    '| Namespace | `v1` | 1 | `var.namespace` |',
    '| Service | `v1` | 1 | `var.namespace/vllm-service` |',
  ].join('\n'));
});

test('container images with tags; floating tags (latest, no tag) are flagged', () => {
  expect(section(markdown, 'Container images')).toBe([
    '> [!WARNING]',
    '> 2 images with a floating tag: `busybox`, `registry.k8s.io/kueue/kueue:latest`',
    '',
    '| Image | Pinning | Used by |', '|---|---|---|',
    '| `busybox` | ⚠️ **floating** (no tag: pulls latest) | `Deployment/vllm (fetch)` |',
    '| `registry.k8s.io/kueue/kueue:latest` | ⚠️ **floating** (floating tag "latest") | `release kueue (controllerManager.manager.image)` |',
    '| `vllm/vllm-tpu:v0.11.1` | tag | `Deployment/vllm (vllm)` |',
  ].join('\n'));
});

test('provider constraints, backend and escape hatches', () => {
  expect(section(markdown, 'Providers and escape hatches')).toBe([
    '| Provider | Source | Constraint |', '|---|---|---|',
    '| `google` | `hashicorp/google` | `>= 7.31.0, < 8.0.0` |',
    '| `helm` | `hashicorp/helm` | `>= 3.1.1, < 4.0.0` |',
    '',
    'Terraform `>= 1.11.0` · state backend: gcs (gs://tf-state/tpu-gke/serving)',
    '',
    '| Escape hatch | Resource | Field | Needs | Why |', '|---|---|---|---|---|',
    '| `node-pool-accelerator-network-profile` | `v6e-slice` (google_container_node_pool) | `network_config.accelerator_network_profile` | google ≥ 7.31.0 | managed DRANET |',
  ].join('\n'));
});

test('variables: required, defaults, sensitive values never shown', () => {
  expect(section(markdown, 'Variables')).toBe([
    '| Variable | Type | Default |', '|---|---|---|',
    '| `hf_token` | string | sensitive |', '| `namespace` | string | `serving` |',
    '| `project_id` | string | **required** |', '| `zone` | string | `us-east5-b` |',
  ].join('\n'));
});

test('Mermaid diagram: network -> cluster -> pools -> controllers -> workloads -> gateway, direct edges only', () => {
  expect(mermaidDiagram(summary, json)).toBe([
    'flowchart LR',
    '  subgraph network["Network"]',
    '    n1["VPC serving-main<br/>serving-tpu 10.10.0.0/18"]',
    '  end',
    '  subgraph cluster["Cluster"]',
    '    n2["GKE serving-cluster<br/>Standard, local.region"]',
    '  end',
    '  subgraph pools["Node pools"]',
    '    n3["pool l4-spot<br/>g2-standard-4 x 0-2<br/>0-2 x nvidia-l4"]',
    '    n4["pool v6e-single<br/>ct6e-standard-1t x 1-2<br/>v6e 1x1, 1-2 chips"]',
    '    n5["pool v6e-slice<br/>ct6e-standard-4t x 4<br/>v6e 4x4, 16 chips"]',
    '    n6["pool system-pool<br/>e2-standard-4 x 1 per zone"]',
    '  end',
    '  subgraph controller["Controllers"]',
    '    n7["helm kueue<br/>kueue 0.17.4"]',
    '  end',
    '  subgraph workload["Workloads"]',
    '    n8["objects serving<br/>Deployment, Service"]',
    '  end',
    '  subgraph gateway["Gateway"]',
    '    n9["objects gateway<br/>Gateway"]',
    '    n10["Service vllm-service<br/>LoadBalancer 80→8000"]',
    '  end',
    '  n1 --> n2',
    '  n2 --> n3',
    '  n2 --> n4',
    '  n2 --> n5',
    '  n2 --> n6',
    '  n6 --> n7',
    '  n5 --> n8',
    '  n7 --> n8',
    '  n8 --> n9',
    '  n8 --> n10',
  ].join('\n'));
  expect(markdown).toContain('```mermaid\nflowchart LR\n');
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
