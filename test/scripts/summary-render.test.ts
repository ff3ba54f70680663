/**
 * Every diagram the summary emits parses with the pinned `mermaid` package and
 * stays within DIAGRAM_BUDGET: each stack of the app, each example (any cdktf
 * app under examples/ that has a main.ts), and a generated stack with 256 TPU
 * pools. Mermaid is ESM only and needs a DOM: it runs once, in a child process
 * (test/scripts/mermaid-parse.mjs), for all diagrams together.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { architecture, DIAGRAM_BUDGET, Diagram } from '../../scripts/summary/diagram';
import { summarizeStack } from '../../scripts/summary/model';
import { readSynthTree, SynthStack } from '../../scripts/summary/synth-tree';
import { createStacks } from '../../stacks/app';
import { plain, servingStack } from './fixtures';

const ROOT = path.join(__dirname, '..', '..');

/** Parses diagrams with mermaid; returns null (parsed) or the error per diagram. */
function parseAll(diagrams: readonly string[]): (string | null)[] {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'mermaid-parse.mjs')], { input: JSON.stringify(diagrams), cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(out.toString());
}

/** A synthesized stack with `n` TPU pools of `shapes` different shapes (the fixture's cluster and releases). */
function manyPools(n: number, shapes: number): Record<string, any> {
  const json = servingStack();
  const pools: Record<string, any> = {};
  for (let i = 0; i < n; i++) {
    pools[`Pool${i}_${(0x10000000 + i).toString(16).toUpperCase()}`] = {
      cluster: '${google_container_cluster.Cluster_ABCDEF01.id}', name: `tpu-pool-${i}`, location: '${local.region}', node_locations: ['${var.zone}'],
      node_count: 4 * (1 + (i % shapes)), placement_policy: { type: 'COMPACT', tpu_topology: ['4x4', '4x8', '8x8', '8x16'][i % shapes] },
      node_config: { machine_type: 'ct6e-standard-4t' },
    };
  }
  json.resource.google_container_node_pool = pools;
  json.resource.helm_release.Serving_99999999.depends_on = Object.keys(pools).map((k) => `google_container_node_pool.${k}`);
  return json;
}

/**
 * Stacks of every example app: each `examples/<name>/main.ts` runs (its `new App()`
 * writes to CDKTF_OUTDIR, set to a temporary directory; `tpu-gke-cdktf` maps to lib/
 * as for the stacks), and its tree is read back. New examples are picked up
 * without changing this test.
 */
function exampleStacks(): SynthStack[] {
  const dir = path.join(ROOT, 'examples');
  if (!fs.existsSync(dir)) return [];
  const out: SynthStack[] = [];
  const saved = process.env.CDKTF_OUTDIR;
  for (const name of fs.readdirSync(dir).sort()) {
    const main = path.join(dir, name, 'main.ts');
    if (!fs.existsSync(main)) continue;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `summary-example-${name}-`));
    process.env.CDKTF_OUTDIR = outdir;
    try {
      jest.isolateModules(() => {
        require(main);
      });
    } finally {
      if (saved === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = saved;
    }
    out.push(...readSynthTree(outdir).map((s) => ({ name: `examples/${name}/${s.name}`, json: s.json })));
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  return out;
}

const emitted: { stack: string; diagram: Diagram }[] = [];
/** Concerns drawn as a table because even aggregated they were over the budget. */
const tables: string[] = [];
/** Two diagrams that show the check can fail: a broken one and a valid one. */
const CONTROLS = ['flowchart TB\n  n1 --> ', 'flowchart TB\n  n1["ok"] -.-> n2("ok")'];
let results: (string | null)[] = [];

beforeAll(() => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'summary-render-'));
  const app = new App({ outdir });
  createStacks(app);
  app.synth();
  const stacks = [...readSynthTree(outdir), ...exampleStacks(), { name: 'pools-256-same', json: manyPools(256, 1) }, { name: 'pools-256-mixed', json: manyPools(256, 4) }];
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const s of stacks) {
    const arch = architecture(summarizeStack(s.name, s.json), s.json);
    for (const d of arch.diagrams) emitted.push({ stack: s.name, diagram: d });
    for (const t of arch.tables) tables.push(`${s.name} / ${t.title}`);
  }
  // One mermaid process for everything (loading mermaid and jsdom takes most of the time).
  results = parseAll([...emitted.map((e) => e.diagram.mermaid), ...CONTROLS]);
});

test('every diagram of every stack, example and the 256-pool stacks parses with mermaid', () => {
  expect(emitted.length).toBeGreaterThanOrEqual(9);
  // The examples are in (one diagram at least per example app that exists).
  const apps = fs.existsSync(path.join(ROOT, 'examples')) ? fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'main.ts'))) : [];
  for (const app of apps) expect(emitted.some((e) => e.stack.startsWith(`examples/${app}/`))).toBe(true);
  const failures = results.slice(0, emitted.length).map((r, i) => (r ? `${emitted[i].stack} / ${emitted[i].diagram.title}: ${r}` : undefined)).filter(Boolean);
  expect(failures).toEqual([]);
});

test('the parser rejects a broken diagram (the check can fail)', () => {
  expect(results.slice(emitted.length)).toEqual([expect.stringContaining('Parse error'), null]);
});

test('every diagram stays within the budget', () => {
  for (const { stack, diagram } of emitted) {
    const where = `${stack} / ${diagram.title}`;
    expect({ where, nodes: diagram.nodes <= DIAGRAM_BUDGET.nodes }).toEqual({ where, nodes: true });
    expect({ where, edges: diagram.edges <= DIAGRAM_BUDGET.edges }).toEqual({ where, edges: true });
    expect({ where, text: diagram.mermaid.length <= DIAGRAM_BUDGET.text }).toEqual({ where, text: true });
    expect({ where, width: diagram.width <= DIAGRAM_BUDGET.width }).toEqual({ where, width: true });
    expect(diagram.mermaid.startsWith('flowchart TB\n')).toBe(true);
  }
});

test('no stack, example or 256-pool stack needs the table fallback: aggregation keeps them drawable', () => {
  expect(tables).toEqual([]);
});

test('256 identical pools are one node with a count; 256 pools of 4 shapes are aggregated per generation', () => {
  const same = emitted.filter((e) => e.stack === 'pools-256-same').map((e) => e.diagram);
  expect(plain(same[0].mermaid)).toContain('"256 × pool tpu-pool-0..255<br/>ct6e-standard-4t × 4 each<br/>4x4 · 16 chips each');
  const mixed = emitted.filter((e) => e.stack === 'pools-256-mixed').map((e) => e.diagram);
  expect(mixed[0].level).toBe(2);
  expect(plain(mixed[0].mermaid)).toContain('"256 pools tpu-pool-0..255<br/>TPU v6e: 10240 chips<br/>2560 VMs, 4 shapes"');
});
