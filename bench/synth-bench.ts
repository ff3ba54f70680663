/**
 * Synth benchmark, every measurement side by side in one run: the rounds
 * alternate (one of each per round, order rotated) so the noise of a shared
 * machine hits all of them alike; medians are reported, and ratios of
 * measurements taken in the same round.
 *
 *   npm run bench [-- --rounds 5] [--pools 1,16,64,256] [--edit lib/errors.ts] [--tsc] [--cli]
 *
 * - bare synth: `node dist/main.js` (every stack), nothing to build.
 * - edit→synth: in a scratch copy of the project, one library file gets a new
 *   exported constant, then cdktf.json's "app" command runs as `cdktf synth` runs
 *   it (scripts/build-fast.js transpiles the one changed file, then dist/main.js).
 *   `--tsc` adds the same edit followed by `tsc --incremental` + synth, for comparison;
 *   `--cli` adds the same edit followed by `npm run synth` (which also prints the
 *   summary) and by `cdktf synth` (the CLI around the same app command).
 * - per pool: `dist/bench/pool-stack.js N`, a stack with N TPU pools; the slope of
 *   a least-squares line through the medians is the cost of one more pool.
 * - import: require of the built library entry (dist/lib/index.js) vs `require('cdktf')`
 *   and a root import of @cdktf/provider-google: time, peak RSS, modules loaded.
 *
 * Wall times are measured by this process around each child (Node start-up
 * included: what a user waits for); CPU time (user + system, summed over the
 * child's Node processes), peak RSS and module counts come from
 * bench/report-usage.js preloaded into every Node process of the child. On a
 * shared machine wall time grows with the load average, CPU time much less: both
 * are printed, with the load average.
 * Exit status 1 when a target is missed: edit→synth <= 2000 ms (wall, or CPU time
 * when the machine is loaded: load average above the CPU count), library import /
 * provider root import <= 0.25 (wall time ratio of the same round: importing the
 * package must stay cheap, which deep imports of the bindings ensure), synth peak
 * RSS <= 200 MiB. Bare synth / root import is printed for comparison; most of a
 * bare synth is cdktf's own resolve and synthesis, which the project leaves as is.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Usage { wallMs: number; cpuMs: number; maxRssKiB: number; modules: number }
interface Sample { wallMs: number; cpuMs: number; maxRssKiB: number; modules: number; parts: Usage[] }
interface Task { name: string; run: (round: number) => Sample }

const root = path.resolve(__dirname, '../..');
const reporter = path.join(__dirname, 'report-usage.js');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}
const rounds = Number(option('--rounds')) || 5;
const poolCounts = (option('--pools') ?? '1,16,64,256').split(',').map(Number);
const editFile = option('--edit') ?? 'lib/errors.ts';
const withTsc = process.argv.includes('--tsc');
const withCli = process.argv.includes('--cli');
// The baseline is exactly what the project forbids elsewhere: a package-root import.
const ROOT_PACKAGE = ['@cdktf', 'provider-google'].join('/');

/** Runs `command` with the usage reporter preloaded into every Node process it starts. */
function measure(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; expectStderr?: RegExp } = {}): Sample {
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', ...options.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${reporter}`.trim() };
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: options.cwd ?? root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  if (options.expectStderr && !options.expectStderr.test(result.stderr)) {
    throw new Error(`${command} ${args.join(' ')}: expected stderr to match ${options.expectStderr}, got:\n${result.stderr}`);
  }
  const parts = result.stdout.split('\n').filter((l) => l.startsWith('BENCH ')).map((l) => JSON.parse(l.slice(6)) as Usage);
  if (parts.length === 0) throw new Error(`no BENCH line in the output of ${command} ${args.join(' ')}`);
  return {
    wallMs,
    cpuMs: parts.reduce((sum, p) => sum + p.cpuMs, 0),
    maxRssKiB: Math.max(...parts.map((p) => p.maxRssKiB)),
    modules: Math.max(...parts.map((p) => p.modules)),
    parts,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  const num = x.reduce((a, xi, i) => a + (xi - mx) * (y[i] - my), 0);
  const den = x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  return num / den;
}

/** A scratch copy of what synth needs, where a library file can be edited without touching the working tree. */
function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-bench-edit-'));
  for (const entry of ['main.ts', 'lib', 'stacks', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'cdktf.json']) {
    fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  for (const entry of ['node_modules', 'vendor', 'charts']) fs.symlinkSync(path.join(root, entry), path.join(dir, entry));
  return dir;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-bench-'));
const scratch = scratchCopy();
const appCommand = (JSON.parse(fs.readFileSync(path.join(root, 'cdktf.json'), 'utf8')) as { app: string }).app;
const edited = path.join(scratch, editFile);
const original = fs.readFileSync(edited, 'utf8');
const edit = (round: number, what: string) => fs.writeFileSync(edited, `${original}\nexport const BENCH_EDIT_${what} = ${round};\n`);
const tscBin = require.resolve('typescript/bin/tsc', { paths: [root] });

const tasks: Task[] = [
  { name: 'bare synth', run: () => measure(process.execPath, [path.join(root, 'dist/main.js')], { env: { CDKTF_OUTDIR: outdir } }) },
  {
    name: 'edit→synth',
    run: (round) => {
      edit(round, 'FAST');
      return measure('sh', ['-c', appCommand], { cwd: scratch, env: { CDKTF_OUTDIR: path.join(scratch, 'cdktf.out') },
        // The warm-up round is the cold build of the scratch copy; afterwards exactly the edited file.
        expectStderr: round > 0 ? /build-fast: 1 of \d+ files transpiled/ : undefined });
    },
  },
  ...(withTsc ? [{
    name: 'edit→tsc --incremental→synth',
    run: (round: number) => {
      edit(round, 'TSC');
      return measure('sh', ['-c', `node ${tscBin} -p tsconfig.build.json --incremental --tsBuildInfoFile tsc.tsbuildinfo --outDir dist-tsc && node dist-tsc/main.js`],
        { cwd: scratch, env: { CDKTF_OUTDIR: path.join(scratch, 'cdktf.out') } });
    },
  }] : []),
  ...(withCli ? [{
    name: 'edit→npm run synth',
    run: (round: number) => {
      edit(round, 'NPM');
      return measure('npm', ['run', '--silent', 'synth'], { cwd: scratch, env: { CDKTF_OUTDIR: path.join(scratch, 'cdktf.out') },
        expectStderr: round > 0 ? /build-fast: 1 of \d+ files transpiled/ : undefined });
    },
  }, {
    name: 'edit→cdktf synth',
    run: (round: number) => {
      edit(round, 'CLI');
      return measure(path.join(root, 'node_modules/.bin/cdktf'), ['synth'], { cwd: scratch, env: { CDKTF_OUTDIR: path.join(scratch, 'cdktf.out') } });
    },
  }] : []),
  { name: 'require dist/lib/index.js', run: () => measure(process.execPath, ['-e', `require(${JSON.stringify(path.join(root, 'dist/lib/index.js'))})`]) },
  { name: "require('cdktf')", run: () => measure(process.execPath, ['-e', "require('cdktf')"]) },
  { name: `require('${ROOT_PACKAGE}')`, run: () => measure(process.execPath, ['-e', `require('${ROOT_PACKAGE}')`]) },
  ...poolCounts.map((n) => ({ name: `stack with ${n} TPU pools`, run: () => measure(process.execPath, [path.join(root, 'dist/bench/pool-stack.js'), String(n)], { env: { CDKTF_OUTDIR: outdir } }) })),
];

const samples = new Map<string, Sample[]>(tasks.map((t) => [t.name, []]));
try {
  // Warm-up: one of each (also the cold fast build of the scratch copy), not recorded.
  tasks.forEach((t) => t.run(0));
  for (let round = 1; round <= rounds; round++) {
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[(i + round) % tasks.length];
      samples.get(task.name)!.push(task.run(round));
    }
  }
} finally {
  fs.writeFileSync(edited, original);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(scratch, { recursive: true, force: true });
}

const of = (name: string) => samples.get(name)!;
const med = (name: string, pick: (s: Sample) => number) => median(of(name).map(pick));
const wall = (name: string) => med(name, (s) => s.wallMs);
const cpu = (name: string) => med(name, (s) => s.cpuMs);
const rss = (name: string) => med(name, (s) => s.maxRssKiB) / 1024;
/** Median over rounds of the ratio a/b measured in the same round. */
const ratio = (a: string, b: string, pick: (s: Sample) => number = (s) => s.wallMs) => median(of(a).map((s, i) => pick(s) / pick(of(b)[i])));
const byCpu = (s: Sample) => s.cpuMs;
const byRss = (s: Sample) => s.maxRssKiB;

const load = os.loadavg();
const loaded = load[0] > os.cpus().length;
console.log(`rounds: ${rounds} (alternating, medians), node ${process.version}, ${os.cpus().length} CPUs, load average ${load.map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
console.log('| measurement | wall ms | CPU ms | peak RSS MiB | modules |');
console.log('|---|---:|---:|---:|---:|');
for (const t of tasks) {
  console.log(`| ${t.name} | ${wall(t.name).toFixed(0)} | ${cpu(t.name).toFixed(0)} | ${rss(t.name).toFixed(0)} | ${med(t.name, (s) => s.modules).toFixed(0)} |`);
}
console.log('');
const editSynth = 'edit→synth';
const buildWall = med(editSynth, (s) => s.parts[0].wallMs);
const buildCpu = med(editSynth, (s) => s.parts[0].cpuMs);
console.log(`${editSynth}: ${editFile} edited, then cdktf.json's app (${appCommand}); build-fast's share: ${buildWall.toFixed(0)} ms wall, ${buildCpu.toFixed(0)} ms CPU (one file transpiled)`);
console.log(`ratio ${editSynth} / bare synth: wall ${ratio(editSynth, 'bare synth').toFixed(2)}, CPU ${ratio(editSynth, 'bare synth', byCpu).toFixed(2)}`);
const viaTsc = 'edit→tsc --incremental→synth';
if (withTsc) console.log(`ratio ${viaTsc} / ${editSynth}: wall ${ratio(viaTsc, editSynth).toFixed(2)}, CPU ${ratio(viaTsc, editSynth, byCpu).toFixed(2)}`);
const rootImport = `require('${ROOT_PACKAGE}')`;
const lib = 'require dist/lib/index.js';
console.log(`ratio library import / provider root import: wall ${ratio(lib, rootImport).toFixed(3)}, CPU ${ratio(lib, rootImport, byCpu).toFixed(3)}, `
  + `peak RSS ${ratio(lib, rootImport, byRss).toFixed(3)}, modules ${ratio(lib, rootImport, (s) => s.modules).toFixed(3)}`);
console.log(`ratio bare synth / provider root import: wall ${ratio('bare synth', rootImport).toFixed(3)}, CPU ${ratio('bare synth', rootImport, byCpu).toFixed(3)}, `
  + `peak RSS ${ratio('bare synth', rootImport, byRss).toFixed(3)}`);
const poolNames = poolCounts.map((n) => `stack with ${n} TPU pools`);
console.log(`per pool (least-squares slope over N = ${poolCounts.join(', ')}): ${slope(poolCounts, poolNames.map(wall)).toFixed(2)} ms wall, `
  + `${slope(poolCounts, poolNames.map(cpu)).toFixed(2)} ms CPU, ${slope(poolCounts, poolNames.map((n) => med(n, byRss))).toFixed(0)} KiB peak RSS`);
console.log('');
const editMs = loaded ? cpu(editSynth) : wall(editSynth);
const importRatio = ratio(lib, rootImport);
const targets: [string, boolean][] = [
  [`${editSynth} ${editMs.toFixed(0)} ms ${loaded ? 'CPU (machine loaded)' : 'wall'} <= 2000 ms`, editMs <= 2000],
  [`library import / provider root import ${importRatio.toFixed(3)} (wall) <= 0.25`, importRatio <= 0.25],
  [`bare synth peak RSS ${rss('bare synth').toFixed(0)} MiB <= 200 MiB`, rss('bare synth') <= 200],
];
for (const [what, ok] of targets) console.log(`${ok ? 'met   ' : 'MISSED'} ${what}`);
process.exitCode = targets.every(([, ok]) => ok) ? 0 : 1;
