import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { runSummaryCli } from '../../scripts/summary';
import { describeDelta, diffMarks, diffStack, diffTrees, headline, renderDiff } from '../../scripts/summary/diff';
import { architecture } from '../../scripts/summary/diagram';
import { summarizeStack } from '../../scripts/summary/model';
import { readSynthTree } from '../../scripts/summary/synth-tree';
import { SubslicingStack } from '../../stacks/subslicing';
import { plain, servingStack, writeTree } from './fixtures';

const base = servingStack();
const pr = servingStack({ secondSlice: true, vllmImage: 'vllm/vllm-tpu:nightly', replicas: 2 });

test('a PR that adds a slice: capacity delta, added pool, changed object, image changes', () => {
  const d = diffStack('serving', base, pr);
  expect(headline(d)).toBe('this PR adds 16 TPU v6e chips (4 VMs)');
  expect(renderDiff([d, diffStack('other', base, base)])).toBe([
    '## Changes per stack',
    '',
    '### `serving`: this PR adds 16 TPU v6e chips (4 VMs)',
    '',
    '- Capacity TPU v6e chips: 17–18 → **33–34** (VMs 5–6 → 9–10)',
    '- Estimated cost (list price): ≈ n/a (no price for v6e any-reservation in us-east5)',
    '- Resources: 1 added, 0 removed, 1 changed',
    '- Added:',
    '  - `google_container_node_pool.Slice2_5A5B5C5D` (`v6e-slice-2`)',
    '- Changed:',
    '  - `helm_release.Serving_99999999` (`serving`): `values` — changes `Deployment var.namespace/vllm`',
    '    - Deployment var.namespace/vllm: `spec.replicas`: `1` → `2`',
    '    - Deployment var.namespace/vllm: `spec.template.spec.containers[vllm].image`: `vllm/vllm-tpu:v0.11.1` → `vllm/vllm-tpu:nightly`',
    '- Also:',
    '  - image `vllm/vllm-tpu:nightly` added ⚠️ floating tag',
    '  - image `vllm/vllm-tpu:v0.11.1` removed',
    '',
    'Unchanged: `other`.',
    '',
  ].join('\n'));
});

test('removed and new stacks report their whole capacity', () => {
  expect(headline(diffStack('gone', base, undefined))).toBe('stack removed; this PR removes 17–18 TPU v6e chips (5–6 VMs), removes 0–2 nvidia-l4 GPUs (0–2 VMs)');
  expect(headline(diffStack('new', undefined, base))).toBe('new stack; this PR adds 17–18 TPU v6e chips (5–6 VMs), adds 0–2 nvidia-l4 GPUs (0–2 VMs)');
});

test('shrinking a slice removes chips; metadata-only differences are no change', () => {
  const smaller = servingStack();
  smaller.resource.google_container_node_pool.Slice_0A1B2C3D.node_count = 2;
  expect(headline(diffStack('serving', base, smaller))).toBe('this PR removes 8 TPU v6e chips (2 VMs)');
  const moved = servingStack();
  moved.resource.google_container_node_pool.Slice_0A1B2C3D['//'] = { metadata: { path: 'elsewhere' } };
  expect(diffStack('serving', base, moved).status).toBe('unchanged');
  expect(renderDiff([diffStack('serving', base, moved)])).toBe('## Changes per stack\n\n_No changes in the synthesized stacks._\n\nUnchanged: `serving`.\n');
});

test('provider, escape hatch, variable and chart version changes are listed', () => {
  const next = servingStack();
  next.terraform.required_providers.google.version = '>= 7.40.0, < 8.0.0';
  next['//'].tpu_gke_escape_hatches = [];
  next.variable.reservation = { type: 'string', description: 'Reservation.' };
  next.resource.helm_release.Kueue_88888888.version = '0.17.5';
  const d = diffStack('serving', base, next);
  expect(d.notes).toEqual([
    'provider `google` constraint `>= 7.31.0, < 8.0.0` → `>= 7.40.0, < 8.0.0`',
    'escape hatch removed: `node-pool-accelerator-network-profile on google_container_node_pool.Slice_0A1B2C3D`',
    'variable `reservation` added (**required**)',
  ]);
  expect(d.changed).toEqual([{ address: 'helm_release.Kueue_88888888', name: 'kueue', fields: ['version'], details: ['chart version `0.17.4` → `0.17.5`'], values: ['`version`: `0.17.4` → `0.17.5`'] }]);
  expect(headline(d)).toBe('this PR changes no accelerator capacity');
});

test('describeDelta with autoscaling ranges that move differently', () => {
  expect(describeDelta({
    kind: 'gpu', type: 'nvidia-l4',
    before: { accelerators: { min: 0, max: 2 }, vms: { min: 0, max: 2 } },
    after: { accelerators: { min: 1, max: 4 }, vms: { min: 1, max: 4 } },
  })).toBe('changes nvidia-l4 GPUs from 0–2 to 1–4 (VMs 0–2 → 1–4)');
});

test('two trees on disk: stacks in PR order, removed stacks last; a missing base is reported, not fatal', () => {
  const baseDir = writeTree({ serving: base, old: base });
  const prDir = writeTree({ serving: pr, fresh: base });
  const diffs = diffTrees(readSynthTree(baseDir), readSynthTree(prDir));
  expect(diffs.map((d) => [d.stack, d.status])).toEqual([['serving', 'changed'], ['fresh', 'added'], ['old', 'removed']]);
  const out = runSummaryCli(['--tree', prDir, '--base', baseDir]);
  expect(out).toContain('### `serving`: this PR adds 16 TPU v6e chips (4 VMs)');
  expect(fs.readFileSync(path.join(prDir, 'summary', 'changes.md'), 'utf8')).toBe(renderDiff(diffs));
  const missing = runSummaryCli(['--tree', prDir, '--base', path.join(baseDir, 'nope')]);
  expect(missing).toContain(`No base tree to compare with (${path.join(baseDir, 'nope')} holds no synthesized stacks).`);
  for (const d of [baseDir, prDir]) fs.rmSync(d, { recursive: true, force: true });
});

describe('the real subslicing stack', () => {
  function synthSubslicing(cubes: number): Record<string, any> {
    const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'subslicing-'));
    const app = new App({ outdir });
    new SubslicingStack(app, 'subslicing', { cubes });
    app.synth();
    const [stack] = readSynthTree(outdir);
    fs.rmSync(outdir, { recursive: true, force: true });
    return stack.json;
  }

  test('a PR that adds a third cube adds 64 TPU7x chips (16 VMs) before any plan runs', () => {
    const d = diffStack('subslicing', synthSubslicing(2), synthSubslicing(3));
    expect(headline(d)).toBe('this PR adds 64 TPU7x chips (16 VMs)');
    expect(d.added.map((r) => r.name)).toEqual(['tpu7-pool-3']);
    expect(d.capacity).toEqual([{
      kind: 'tpu', type: 'tpu7x',
      before: { accelerators: { min: 128, max: 128 }, vms: { min: 32, max: 32 } },
      after: { accelerators: { min: 192, max: 192 }, vms: { min: 48, max: 48 } },
    }]);
    // The ClusterQueue quota follows the cubes: the Kueue objects release changes too.
    expect(d.changed.find((c) => c.name === 'kueue-objects')?.details).toEqual(['changes `ClusterQueue cq`']);
    // … with the values a reviewer checks, and the depends_on-only differences counted, not listed.
    const kueue = d.changed.find((c) => c.name === 'kueue-objects')!;
    expect(kueue.values).toEqual([
      'ClusterQueue cq: `spec.resourceGroups[0].flavors[slice-rf].resources[google.com/tpu].nominalQuota`: `128` → `192`',
      'ClusterQueue cq: `spec.resourceGroups[0].flavors[slice-rf].resources[cpu].nominalQuota`: `7168` → `10752`',
      'ClusterQueue cq: `spec.resourceGroups[0].flavors[slice-rf].resources[memory].nominalQuota`: `30720Gi` → `46080Gi`',
    ]);
    expect(d.dependsOnOnly).toBe(2);
    expect(d.changed.filter((c) => c.disruptive)).toEqual([]);
    // The new pool is marked in the diagram; the existing cubes are not.
    const after = synthSubslicing(3);
    const mermaid = plain(architecture(summarizeStack('subslicing', after), after, { marks: diffMarks(d) }).diagrams[0].mermaid);
    expect(mermaid).toMatch(/ {4}(n\d+)\["3 × pool tpu7-pool-1\.\.3<br\/>\+ new: tpu7-pool-3<br\/>tpu7x-standard-4t × 16 each<br\/>4x4x4 · 64 chips each<br\/>[^\n]*\n[\s\S]*class \1,/);
    expect(mermaid).toContain('subgraph pools["Node pools: 112 of 192 TPU7x chips requested"]');
  });
});
