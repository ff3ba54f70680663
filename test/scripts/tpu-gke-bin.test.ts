/**
 * The `tpu-gke` bin (bin/tpu-gke.ts) on hand-written trees and plans: what it
 * prints, its exit codes and its usage errors. It reads only the tree it is
 * given, never this repository's sources.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, USAGE } from '../../bin/tpu-gke';
import { servingStack, writeTree } from './fixtures';

const SHORT = 'serving: 11 resources · 17–18 TPU v6e chips / 5–6 VMs (2 pools) + 0–2 × nvidia-l4 GPUs / 0–2 VMs (1 pool) · 3 Helm releases · 4 in-cluster objects · 3 images (2 floating) · 1 escape hatch';
const HELP = 'Run `tpu-gke --help` for usage.\n';

const dirs: string[] = [];
function tree(stacks: Record<string, Record<string, any>>): string {
  const dir = writeTree(stacks);
  dirs.push(dir);
  return dir;
}
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-bin-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test('summary --short: one line per stack, naming the bin for the Markdown', () => {
  const out = tree({ serving: servingStack() });
  expect(main(['summary', '--out', out, '--short'])).toEqual({ code: 0, stdout: `Summary of 1 stack (tpu-gke summary for Markdown):\n  ${SHORT}\n`, stderr: '' });
});

test('summary reads cdktf.out in the working directory by default, whatever the project layout', () => {
  // A project with no main.ts, lib/ or stacks/: only its synthesized tree.
  const project = tmp();
  fs.renameSync(tree({ serving: servingStack() }), path.join(project, 'cdktf.out'));
  const r = main(['summary', '--short'], project);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')[1]).toBe(`  ${SHORT}`);
});

test('summary: headline, changes against the base, then each stack with its sections and diagrams', () => {
  const base = tree({ serving: servingStack() });
  const pr = tree({ serving: servingStack({ secondSlice: true }) });
  const r = main(['summary', '--out', pr, '--base', base]);
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines.slice(0, 8)).toEqual([
    '# Infrastructure summary',
    '',
    '- serving: 12 resources · 33–34 TPU v6e chips / 9–10 VMs (3 pools) + 0–2 × nvidia-l4 GPUs / 0–2 VMs (1 pool) · 3 Helm releases · 4 in-cluster objects · 3 images (2 floating) · 1 escape hatch — **this PR adds 16 TPU v6e chips (4 VMs)**',
    '',
    '## Changes per stack',
    '',
    '### `serving`: this PR adds 16 TPU v6e chips (4 VMs)',
    '',
  ]);
  expect(lines).toContain('- Capacity TPU v6e chips: 17–18 → **33–34** (VMs 5–6 → 9–10)');
  expect(lines).toContain('  - `google_container_node_pool.Slice2_5A5B5C5D` (`v6e-slice-2`)');
  expect(lines.filter((l) => l.startsWith('## ') || l.startsWith('### '))).toEqual([
    '## Changes per stack', '### `serving`: this PR adds 16 TPU v6e chips (4 VMs)', '## Stack `serving`', '### Architecture',
    '### TPU capacity', '### GPU pools', '### Estimated hourly cost', '### Other node pools', '### Observability', '### Details',
  ]);
  expect(lines.filter((l) => l === '```mermaid')).toHaveLength(2);
  // The new pool is marked in the diagram.
  expect(r.stdout).toContain('+ new: v6e‑slice‑2');
});

test('summary: a base that does not exist is a note, not a failure (the first pull request of a project)', () => {
  const pr = tree({ serving: servingStack() });
  const r = main(['summary', '--out', pr, '--base', 'no-such-base'], tmp());
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').slice(2, 5)).toEqual([`- ${SHORT}`, '', '_No base tree to compare with: base no-such-base does not exist._']);
});

test('summary --comment: the pull-request form, each stack folded', () => {
  const base = tree({ serving: servingStack() });
  const pr = tree({ serving: servingStack({ secondSlice: true }) });
  const r = main(['summary', '--out', pr, '--base', base, '--comment']);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').slice(0, 2)).toEqual(['# Infrastructure summary', '']);
  expect(r.stdout).toContain('<summary>Full summary of <code>serving</code></summary>');
  expect(r.stdout.length).toBeLessThanOrEqual(65536);
});

test('a missing, empty or non-directory tree exits 1 and says to synthesize first', () => {
  const cwd = tmp();
  expect(main(['summary'], cwd)).toEqual({
    code: 1, stdout: '', stderr: 'tpu-gke summary: tree cdktf.out does not exist. Fix: synthesize first (e.g. npx cdktf synth), then summarize.\n',
  });
  fs.mkdirSync(path.join(cwd, 'empty'));
  expect(main(['summary', '--out', 'empty'], cwd)).toEqual({
    code: 1, stdout: '',
    stderr: 'tpu-gke summary: tree empty holds no synthesized stacks (expected manifest.json or stacks/<name>/cdk.tf.json). Fix: synthesize first (e.g. npx cdktf synth), then summarize.\n',
  });
  fs.writeFileSync(path.join(cwd, 'file'), '');
  expect(main(['summary', '--out', 'file'], cwd).stderr).toBe(
    'tpu-gke summary: tree file is not a directory (pass the cdktf output directory). Fix: synthesize first (e.g. npx cdktf synth), then summarize.\n');
});

test('--sources: a tree older than a listed source is refused; a fresh one is summarized; a listed path must exist', () => {
  const project = tmp();
  const out = path.join(project, 'cdktf.out');
  fs.renameSync(tree({ serving: servingStack() }), out);
  fs.mkdirSync(path.join(project, 'infra'));
  fs.writeFileSync(path.join(project, 'infra', 'platform.ts'), '// edited after the synth\n');
  fs.utimesSync(path.join(out, 'manifest.json'), new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  fs.utimesSync(path.join(project, 'infra', 'platform.ts'), new Date('2026-01-01T00:05:00Z'), new Date('2026-01-01T00:05:00Z'));
  expect(main(['summary', '--short', '--sources', 'infra'], project)).toEqual({
    code: 1, stdout: '',
    stderr: `tpu-gke summary: ${path.join(out, 'manifest.json')} is older than ${path.join('infra', 'platform.ts')}, so its summary would describe the code before that change. `
      + 'Fix: synthesize again (e.g. npx cdktf synth), then summarize.\n',
  });
  // Without --sources nothing is checked (the bin does not guess a layout).
  expect(main(['summary', '--short'], project).code).toBe(0);
  fs.utimesSync(path.join(out, 'manifest.json'), new Date('2026-01-01T00:06:00Z'), new Date('2026-01-01T00:06:00Z'));
  expect(main(['summary', '--short', '--sources', 'infra'], project).code).toBe(0);
  expect(main(['summary', '--short', '--sources', 'infra,src'], project)).toEqual({
    code: 1, stdout: '', stderr: `tpu-gke summary: --sources: src does not exist (relative to ${project}).\n`,
  });
});

test('plan-summary: counts, destructive changes and the capacity of a terraform show -json plan', () => {
  const dir = tmp();
  const pool = (nodes: number): Record<string, any> => ({
    name: 'v6e-slice', node_count: nodes, node_config: [{ machine_type: 'ct6e-standard-4t' }], placement_policy: [{ type: 'COMPACT', tpu_topology: '4x4' }],
  });
  fs.writeFileSync(path.join(dir, 'serving.json'), JSON.stringify({
    format_version: '1.2',
    resource_changes: [
      { address: 'google_container_node_pool.Slice_0A1B2C3D', mode: 'managed', type: 'google_container_node_pool', change: { actions: ['create'], before: null, after: pool(4) } },
      { address: 'helm_release.Old_22222222', mode: 'managed', type: 'helm_release', change: { actions: ['delete'] } },
    ],
  }));
  const r = main(['plan-summary', 'serving.json'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').slice(0, 9)).toEqual([
    '### ✅ `terraform plan`: `serving`',
    '',
    '**Plan: 1 to add, 0 to change, 1 to destroy, 0 to replace**',
    '',
    'Accelerators: this plan adds 16 TPU v6e chips (4 VMs).',
    '',
    '> [!CAUTION]',
    '> 1 resource destroyed or replaced:',
    '> - `helm_release.Old_22222222` (delete)',
  ]);
  expect(main(['plan-summary', 'serving.json', '--stack', 'prod'], dir).stdout.split('\n')[0]).toBe('### ✅ `terraform plan`: `prod`');
  expect(main(['plan-summary', 'serving.json', '--fingerprint'], dir).stdout).toMatch(/^[0-9a-f]{64}\n$/);
});

test('plan-summary: a missing file, a binary plan and a state file exit 1 with the fix', () => {
  const dir = tmp();
  expect(main(['plan-summary', 'plan.json'], dir)).toEqual({
    code: 1, stdout: '', stderr: 'tpu-gke plan-summary: plan plan.json does not exist. Fix: terraform show -json tfplan > plan.json\n',
  });
  fs.writeFileSync(path.join(dir, 'tfplan'), 'PK\u0003\u0004binary');
  expect(main(['plan-summary', 'tfplan'], dir).stderr).toMatch(
    /^tpu-gke plan-summary: plan tfplan is not JSON \(.+\)\. Fix: pass the output of terraform show -json tfplan, not the binary plan file\.\n$/);
  fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ format_version: '1.0', values: {} }));
  expect(main(['plan-summary', 'state.json'], dir)).toEqual({
    code: 1, stdout: '', stderr: 'tpu-gke plan-summary: plan state.json is not a Terraform plan (no resource_changes or planned_values). Fix: pass the output of terraform show -json tfplan.\n',
  });
});

test('usage errors exit 2 with the exact message; --help exits 0', () => {
  const usage = (argv: string[], message: string): void => expect(main(argv, tmp())).toEqual({ code: 2, stdout: '', stderr: `${message}\n${HELP}` });
  usage([], 'tpu-gke: missing command (summary or plan-summary).');
  usage(['sumary'], 'tpu-gke: unknown command "sumary" (commands: summary, plan-summary).');
  usage(['summary', '--tree', 'x'], 'tpu-gke summary: unknown option "--tree" (options: --out, --base, --short, --comment, --sources).');
  usage(['summary', '--out'], 'tpu-gke summary: --out needs a value.');
  usage(['summary', '--out', '--short'], 'tpu-gke summary: --out needs a value.');
  usage(['summary', '--short=yes'], 'tpu-gke summary: --short takes no value.');
  usage(['summary', 'cdktf.out'], 'tpu-gke summary: unexpected argument "cdktf.out" (the tree is given with --out DIR).');
  usage(['plan-summary'], 'tpu-gke plan-summary: missing <plan.json> (terraform show -json tfplan > plan.json).');
  usage(['plan-summary', 'a.json', 'b.json'], 'tpu-gke plan-summary: unexpected argument "b.json" (one plan at a time).');
  usage(['plan-summary', 'a.json', '--out', 'x'], 'tpu-gke plan-summary: unknown option "--out" (options: --stack, --plan-text, --fingerprint).');
  for (const argv of [['--help'], ['-h'], ['help'], ['summary', '--help'], ['plan-summary', '--help']]) {
    expect(main(argv)).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  }
  expect(USAGE.split('\n')[1]).toBe('  tpu-gke summary [--out DIR] [--base DIR] [--short] [--comment] [--sources PATHS]');
});

test('--out=DIR works like --out DIR', () => {
  const out = tree({ serving: servingStack() });
  expect(main(['summary', `--out=${out}`, '--short']).stdout).toBe(`Summary of 1 stack (tpu-gke summary for Markdown):\n  ${SHORT}\n`);
});
