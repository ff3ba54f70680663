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
import { servingStack } from './fixtures';

let stacks: SynthStack[];
const summaries = new Map<string, StackSummary>();
const markdown = new Map<string, string>();

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
    markdown.set(s.name, renderStack(summary, s.json));
  }
});

test('every stack of the app summarizes: known TPU generations, chips = VMs x chips per VM, no unrendered values', () => {
  expect(stacks.length).toBeGreaterThanOrEqual(2);
  for (const s of stacks) {
    const summary = summaries.get(s.name)!;
    const md = markdown.get(s.name)!;
    expect(md).not.toMatch(/undefined|NaN|\[object Object\]/);
    expect(md).toContain('```mermaid\nflowchart LR\n');
    expect(summary.resourceCounts.length).toBeGreaterThan(0);
    for (const p of summary.pools.filter((x) => x.kind === 'tpu')) {
      const machine = TpuMachineType.of(p.machineType.text);
      expect(p.generation).toBe(machine.generation.name);
      expect(p.accelerators.max).toBe((p.vms.max ?? NaN) * machine.chipsPerVm);
    }
    // Every release is drawn, every object is counted once.
    for (const r of summary.releases) expect(md).toContain(`${r.carrier ? 'objects' : 'helm'} ${r.name.text}`);
  }
});

test('subslicing: 128 TPU7x chips in 32 VMs, two 4x4x4 cubes on the reservation block with the workload policy', () => {
  const s = summaries.get('subslicing')!;
  expect(shortLine(s)).toMatch(/^subslicing: \d+ resources · 128 TPU7x chips \/ 32 VMs \(2 pools\) · /);
  expect(s.capacity).toEqual([{ kind: 'tpu', type: 'tpu7x', accelerators: { min: 128, max: 128 }, vms: { min: 32, max: 32 }, pools: 2 }]);
  const row = '| TPU7x | `tpu7x-standard-4t` | 4x4x4 (multi-host) | 16 | 64 | specific `var.reservation_name` (block `var.reservation_block`, project `coalesce(var.reservation_project, var.project_id)`)'
    + ' | workload policy `superslice-policy` (HIGH_THROUGHPUT, 4x4x4, PROVISION_ONLY) |';
  expect(markdown.get('subslicing')).toContain(`| \`tpu7-pool-1\` ${row}`);
  expect(markdown.get('subslicing')).toContain(`| \`tpu7-pool-2\` ${row}`);
  expect(markdown.get('subslicing')).toContain('| **Total TPU7x** |  |  |  | **32** | **128** |  |  |');
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

test('subslicing diagram: network -> cluster -> cubes -> controllers -> the JobSet', () => {
  const md = markdown.get('subslicing')!;
  const ids = new Map<string, string>();
  for (const m of md.matchAll(/^ {4}(n\d+)\["([^"<]+)/gm)) ids.set(m[2], m[1]);
  const edge = (from: string, to: string): string => `  ${ids.get(from)} --> ${ids.get(to)}`;
  expect(md).toContain(edge('VPC qwen-serving-main', 'GKE tpu-serving-cluster'));
  // The version read at plan time shows as what it selects, not as the lookup expression.
  expect(md).toContain(`${ids.get('GKE tpu-serving-cluster')}["GKE tpu-serving-cluster<br/>Standard, local.region newest RAPID"]`);
  expect(md).toContain(edge('GKE tpu-serving-cluster', 'pool tpu7-pool-1'));
  expect(md).toContain(edge('pool tpu7-pool-1', 'objects kueue-jobset-simple-subslicing'));
  expect(md).toContain(edge('objects kueue-objects', 'objects kueue-jobset-simple-subslicing'));
  expect(md).toContain(edge('pool system-pool', 'helm kueue'));
  // Implied edges are reduced away: the JobSet reaches Kueue only through the Kueue objects.
  expect(md).not.toContain(edge('helm kueue', 'objects kueue-jobset-simple-subslicing'));
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
