/**
 * The summary on the real stacks of the app (whatever stacks exist: every one
 * must summarize cleanly), with exact values for the foundation stacks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { commentMarkdown, shortSummary } from '../../scripts/summary';
import { renderStack, shortLine } from '../../scripts/summary/markdown';
import { StackSummary, summarizeStack } from '../../scripts/summary/model';
import { readSynthTree, SynthStack } from '../../scripts/summary/synth-tree';
import { commentBody, GITHUB_COMMENT_LIMIT } from '../../scripts/pr-comment';
import { TpuMachineType } from '../../lib/tpu/tpu-machine-type';
import { createStacks } from '../../stacks/app';
import { plain, servingStack } from './fixtures';

let stacks: SynthStack[];
const summaries = new Map<string, StackSummary>();
const markdown = new Map<string, string>();
const raw = new Map<string, string>();

beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-stacks-'));
  const app = new App({ outdir });
  createStacks(app);
  app.synth();
  stacks = readSynthTree(outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const s of stacks) {
    const summary = summarizeStack(s.name, s.json);
    summaries.set(s.name, summary);
    raw.set(s.name, renderStack(summary, s.json));
    markdown.set(s.name, plain(raw.get(s.name)!));
  }
});

test('every stack of the app summarizes: known TPU generations, chips = VMs x chips per VM, no unrendered values', () => {
  expect(stacks.length).toBeGreaterThanOrEqual(2);
  for (const s of stacks) {
    const summary = summaries.get(s.name)!;
    const md = markdown.get(s.name)!;
    expect(md).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(md).toContain('```mermaid\nflowchart TB\n');
    expect(summary.resourceCounts.length).toBeGreaterThan(0);
    for (const p of summary.pools.filter((x) => x.kind === 'tpu')) {
      const machine = TpuMachineType.of(p.machineType.text);
      expect(p.generation).toBe(machine.generation.name);
      expect(p.accelerators.max).toBe((p.vms.max ?? NaN) * machine.chipsPerVm);
    }
    // Every release is listed; every workload release is drawn (controllers are folded into one node).
    for (const r of summary.releases) expect(md).toContain(`| \`${r.name.text}\` |`);
    const diagrams = [...md.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]).join('\n');
    for (const r of summary.releases.filter((x) => x.layer === 'workload')) expect(diagrams).toContain(r.name.text);
    if (summary.releases.some((x) => x.layer === 'controller')) expect(diagrams).toMatch(/\d+ controller releases?/);
  }
});

test('subslicing: 128 TPU7x chips in 32 VMs, two 4x4x4 cubes on the reservation block with the workload policy', () => {
  const s = summaries.get('subslicing')!;
  expect(shortLine(s)).toMatch(/^subslicing: \d+ resources · 128 TPU7x chips \/ 32 VMs \(2 pools\) · /);
  expect(s.capacity).toEqual([{ kind: 'tpu', type: 'tpu7x', accelerators: { min: 128, max: 128 }, vms: { min: 32, max: 32 }, pools: 2 }]);
  const md = markdown.get('subslicing')!;
  expect(md).toContain([
    '| Pool | Slice | VMs | Chips |', '|---|---|---|---|',
    '| `tpu7-pool-1` | TPU7x 4x4x4 multi-host | 16 | 64 |',
    '| `tpu7-pool-2` | TPU7x 4x4x4 multi-host | 16 | 64 |',
    '| **Total TPU7x** |  | **32** | **128** |',
    '',
    'Workloads request **112 of 128** TPU7x chips.',
  ].join('\n'));
  expect(md).toContain('- `tpu7-pool-1`, `tpu7-pool-2`: machine `tpu7x-standard-4t`; zone `var.zone` (default us-central1-ai1a); '
    + 'reservation specific `var.reservation_name` (block `var.reservation_block`, project `coalesce(var.reservation_project, var.project_id)`); '
    + 'placement workload policy `superslice-policy` (HIGH_THROUGHPUT, 4x4x4, PROVISION_ONLY)');
});

test('subslicing: controllers pinned, the slice controller manifest read at plan time, the JobSet workload and its image', () => {
  const s = summaries.get('subslicing')!;
  const charts = s.releases.filter((r) => !r.carrier).map((r) => `${r.name.text} ${r.chart} ${r.repository} ${r.version}`).sort();
  // The platform's controllers (the stack may add serving charts on top).
  expect(charts).toEqual(expect.arrayContaining([
    'jobset jobset oci://registry.k8s.io/jobset/charts 0.11.1',
    'kueue kueue oci://registry.k8s.io/kueue/charts 0.17.4',
    'lws lws oci://registry.k8s.io/lws/charts v0.8.0',
  ]));
  const slice = s.releases.find((r) => r.name.text === 'kueue-slice-controller')!;
  expect(slice.remoteManifests).toEqual([
    'https://gist.githubusercontent.com/mwysokin/f8ff6a7f8c2f8808ba30177e51413e32/raw/9086457ea35cd31a3bb95b714bf72309a2be357c/kueue-slice-controller-v0.8.0-200.yaml',
  ]);
  const workload = s.releases.find((r) => r.name.text === 'kueue-jobset-simple-subslicing')!;
  expect(workload.layer).toBe('workload');
  expect(workload.namespace).toEqual({ text: 'var.namespace', note: 'default llm-d-pd-disaggregation', planTime: true });
  expect(s.objects.find((o) => o.kind === 'JobSet')).toMatchObject({ name: 'kueue-jobset-simple-subslicing', namespace: 'var.namespace' });
  expect(s.images.find((i) => i.image === 'python:3.12')).toMatchObject({
    image: 'python:3.12', tag: '3.12', pinning: 'tag', usedBy: expect.arrayContaining(['JobSet/kueue-jobset-simple-subslicing (simple-container)']),
  });
  expect(s.hatches.map((h) => `${h.id} ${h.resourceName}`)).toEqual(expect.arrayContaining([
    'workload-policy-accelerator-topology-mode superslice-policy',
    'slice-controller-addon tpu-serving-cluster',
  ]));
  expect(s.providers.find((p) => p.name === 'google-beta')?.version).toBe('>= 7.24.0, < 8.0.0');
});

test('subslicing diagrams: the two cubes one node with the reservation and policy, chips requested, controllers folded; the request path', () => {
  const md = markdown.get('subslicing')!;
  const ids = new Map<string, string>();
  for (const m of md.matchAll(/^ {2,4}(n\d+)[[(/]+"([^"<]+)/gm)) ids.set(m[2], m[1]);
  const infra = /#### Infrastructure and capacity\n\n```mermaid\n([\s\S]*?)\n```/.exec(md)![1];
  expect(infra).toContain('subgraph pools["Node pools: 112 of 128 TPU7x chips requested"]');
  expect(infra).toContain('["2 × pool tpu7-pool-1..2<br/>tpu7x-standard-4t × 16 each<br/>4x4x4 · 64 chips each<br/>zone var.zone (default<br/>us-central1-ai1a)<br/>'
    + 'reservation<br/>var.reservation_name<br/>block var.reservation_block<br/>policy superslice-policy<br/>(HIGH_THROUGHPUT 4x4x4)"]');
  expect(infra).toContain('("GKE tpu-serving-cluster<br/>Standard cluster<br/>region of var.zone<br/>(default us-central1)<br/>newest RAPID version")');
  expect(infra).toContain('("kueue-jobset-simple-subslicing<br/>JobSet<br/>requests 48 TPU7x chips")');
  expect(infra).toContain('[/"1 service account, 1 IAM grant<br/>bucket var.model_bucket<br/>(required variable)"/]');
  const edge = (from: string, to: string): string => `  ${ids.get(from)} -.-> ${ids.get(to)}`;
  expect(infra).toContain(edge('VPC qwen-serving-main', 'GKE tpu-serving-cluster'));
  expect(infra).toContain(edge('2 × pool tpu7-pool-1..2', 'kueue-jobset-simple-subslicing'));
  // The controllers (Kueue, JobSet, LWS charts and the object sets; their number grows with the platform) are one node.
  const controllers = [...ids.keys()].find((k) => /^\d+ controller releases$/.test(k))!;
  expect(infra).toMatch(/\("\d+ controller releases<br\/>jobset 0\.11\.1, lws v0\.8\.0,<br\/>kueue 0\.17\.4<br\/>gaie-crds,[^"]*kueue-objects,<br\/>kueue-slice-controller"\)/);
  expect(infra).toContain(edge(controllers, 'kueue-jobset-simple-subslicing'));
  expect(infra).toContain(edge('pool system-pool', controllers));
  // Names are never wrapped in the middle: the diagram's hyphens do not break (tables keep plain ones).
  expect(raw.get('subslicing')).toContain('("kueue\u2011jobset\u2011simple\u2011subslicing<br/>JobSet<br/>requests 48 TPU7x chips")');
  expect(raw.get('subslicing')).toContain('| `tpu7-pool-1` |');
  const path = /#### Request path\n\n```mermaid\n([\s\S]*?)\n```/.exec(md)![1];
  expect(path.split('\n').filter((l) => l.includes('-->'))).toEqual([
    '  n1 -->|":80"| n2', '  n2 -->|"HTTPRoute"| n3', '  n3 -->|"picks an endpoint"| n4', '  n3 -->|"picks an endpoint"| n5',
  ]);
  expect(path).toContain('n2("Gateway<br/>llm-d-inference-gateway<br/>gke-l7-rilb internal :80")');
});

test('ray-llm: traffic goes gradio -> the RayService; fungibility: the internal LoadBalancer exposes the vllm Deployment', () => {
  const ray = /#### Request path\n\n```mermaid\n([\s\S]*?)\n```/.exec(markdown.get('ray-llm')!)![1];
  expect(ray).toBe([
    'flowchart TB', '  n1(["kubectl port-forward"])', '  n2("Service gradio<br/>ClusterIP :8080")', '  n3("Deployment gradio")', '  n4("RayService<br/>vllm-tpu-multihost")',
    '  n1 -->|":8080"| n2', '  n2 -->|":7860"| n3', '  n3 -->|"HTTP :8000"| n4',
  ].join('\n'));
  const fung = /#### Request path\n\n```mermaid\n([\s\S]*?)\n```/.exec(markdown.get('fungibility')!)![1];
  expect(fung).toBe([
    'flowchart TB', '  n1(["clients in the VPC"])', '  n2("Service vllm-service<br/>LoadBalancer internal :80")', '  n3("Deployment vllm")',
    '  n1 -->|":80"| n2', '  n2 -->|":8000"| n3',
  ].join('\n'));
});

test('superslicing: the same 128 chips, one 4x4x8 JobSet', () => {
  const s = summaries.get('superslicing')!;
  expect(s.capacity).toEqual([{ kind: 'tpu', type: 'tpu7x', accelerators: { min: 128, max: 128 }, vms: { min: 32, max: 32 }, pools: 2 }]);
  expect(s.objects.filter((o) => o.kind === 'JobSet').map((o) => o.name)).toEqual(['kueue-jobset-simple-superslicing']);
});

test('the short form lists every stack; the PR comment of all stacks fits a GitHub comment', () => {
  const short = shortSummary(stacks).split('\n');
  expect(short[0]).toBe(`Summary of ${stacks.length} stacks (npm run summary for Markdown):`);
  expect(short.slice(1).map((l) => l.trim().split(':')[0])).toEqual(stacks.map((s) => s.name));
  const body = commentBody('summary', commentMarkdown(stacks, undefined, { baseNote: 'No base tree.' }));
  expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(body.startsWith('<!-- tpu-gke-cdktf:summary -->\n# Infrastructure summary\n')).toBe(true);
});

test('sensitive variable values never reach the summary (canary)', () => {
  const canary = 'hf_CANARY_summary_0123456789';
  const json = servingStack();
  json.variable.hf_token.default = canary;
  const md = renderStack(summarizeStack('serving', json), json);
  expect(md).toContain('| `hf_token` | string | sensitive |');
  expect(md).not.toContain(canary);
});
