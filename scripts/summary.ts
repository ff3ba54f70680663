/**
 * Capacity and change summary of the synthesized stacks, offline.
 *
 *     npm run summary                         # synthesizes, then Markdown per stack in cdktf.out/summary/
 *     node dist/scripts/summary.js --short    # one line per stack (printed by `npm run synth`)
 *     node dist/scripts/summary.js --base ../base/cdktf.out          # changes per stack
 *     node dist/scripts/summary.js --base ../base/cdktf.out --comment comment.md
 *
 * Options: --tree DIR (default $CDKTF_OUTDIR or cdktf.out), --out DIR (default
 * <tree>/summary), --stdout (print the full Markdown), --short, --base DIR,
 * --comment FILE (the pull-request comment: changes, then each stack's summary
 * folded, capped to GitHub's comment limit).
 * Without --tree the tree must be newer than main.ts, cdktf.json, lib/, stacks/
 * and charts/; an older one is refused instead of summarized.
 */
import * as fs from 'fs';
import * as path from 'path';
import { commentBody, parseArgs } from './pr-comment';
import { diffTrees, headline, renderDiff, StackDiff } from './summary/diff';
import { renderStack, shortLine } from './summary/markdown';
import { summarizeStack } from './summary/model';
import { readSynthTree, SynthStack } from './summary/synth-tree';

/** Marker id of the summary comment. */
export const SUMMARY_COMMENT_ID = 'summary';

/** Short form: a heading line and one line per stack. */
export function shortSummary(stacks: readonly SynthStack[]): string {
  return [`Summary of ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (npm run summary for Markdown):`,
    ...stacks.map((s) => `  ${shortLine(summarizeStack(s.name, s.json))}`)].join('\n');
}

/** Full Markdown of every stack. */
export function fullSummary(stacks: readonly SynthStack[]): Map<string, string> {
  return new Map(stacks.map((s) => [s.name, renderStack(summarizeStack(s.name, s.json), s.json)]));
}

/**
 * The pull-request comment: headline per stack, the changes against the base
 * tree (when there is one), then every stack's full summary in a folded block.
 */
export function commentMarkdown(stacks: readonly SynthStack[], diffs: readonly StackDiff[] | undefined, context: { baseNote?: string } = {}): string {
  const out: string[] = ['# Infrastructure summary', ''];
  for (const s of stacks) {
    const d = diffs?.find((x) => x.stack === s.name);
    out.push(`- ${shortLine(summarizeStack(s.name, s.json))}${d ? ` — **${headline(d)}**` : ''}`);
  }
  for (const d of diffs ?? []) if (d.status === 'removed') out.push(`- ${d.stack}: **${headline(d)}**`);
  out.push('');
  if (diffs) out.push(renderDiff(diffs));
  else out.push(`_${context.baseNote ?? 'No base tree to compare with.'}_`, '');
  for (const [name, markdown] of fullSummary(stacks)) {
    out.push('<details>', `<summary>Full summary of <code>${name}</code></summary>`, '', markdown.replace(/^## .*\n/, ''), '</details>', '');
  }
  return out.join('\n');
}

/** What the synthesized tree is built from (relative to the project root). */
export const SYNTH_SOURCES = ['main.ts', 'cdktf.json', 'lib', 'stacks', 'charts'];

function newestFile(p: string): { file: string; mtimeMs: number } | undefined {
  if (!fs.existsSync(p)) return undefined;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return { file: p, mtimeMs: stat.mtimeMs };
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of fs.readdirSync(p)) {
    const n = newestFile(path.join(p, entry));
    if (n && (!newest || n.mtimeMs > newest.mtimeMs)) newest = n;
  }
  return newest;
}

/**
 * Refuses a tree older than the sources it is synthesized from: the capacity it
 * reports would silently describe the previous code. `root` is the project root
 * (the sources are looked up there); a root without sources is not checked.
 */
export function assertFreshTree(tree: string, root: string): void {
  const manifest = path.join(tree, 'manifest.json');
  if (!fs.existsSync(manifest)) return; // readSynthTree reports the missing tree
  const synthesized = fs.statSync(manifest).mtimeMs;
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const source of SYNTH_SOURCES) {
    const n = newestFile(path.join(root, source));
    if (n && (!newest || n.mtimeMs > newest.mtimeMs)) newest = n;
  }
  if (newest && newest.mtimeMs > synthesized) {
    throw new Error(`${manifest} is older than ${path.relative(root, newest.file)}, so its summary would describe the code before that change. `
      + 'Fix: run `npm run summary` (it synthesizes first) or `npm run synth`, then summarize again.');
  }
}

/**
 * Runs the command line: `argv` without `node script`; returns what is printed.
 * Files (per-stack Markdown, changes.md, the comment) are written as a side effect.
 * Without `--tree`, the tree must be newer than the sources under `root` (see {@link assertFreshTree}).
 */
export function runSummaryCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): string {
  const args = parseArgs(argv);
  const tree = typeof args.tree === 'string' ? args.tree : env.CDKTF_OUTDIR || 'cdktf.out';
  if (typeof args.tree !== 'string') assertFreshTree(tree, root);
  const stacks = readSynthTree(tree);
  if (args.short) return `${shortSummary(stacks)}\n`;
  let diffs: StackDiff[] | undefined;
  let baseNote: string | undefined;
  if (typeof args.base === 'string') {
    try {
      diffs = diffTrees(readSynthTree(args.base), stacks);
    } catch (e) {
      baseNote = `No base tree to compare with (${(e as Error).message.split(' (')[0]}).`;
    }
  }
  if (typeof args.comment === 'string') {
    fs.writeFileSync(args.comment, commentBody(SUMMARY_COMMENT_ID, commentMarkdown(stacks, diffs, { baseNote })));
    return `wrote ${args.comment}\n`;
  }
  const full = fullSummary(stacks);
  if (args.stdout) return `${[...full.values()].join('\n')}\n${diffs ? `${renderDiff(diffs)}\n` : ''}`;
  const outDir = typeof args.out === 'string' ? args.out : path.join(tree, 'summary');
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, markdown] of full) fs.writeFileSync(path.join(outDir, `${name}.md`), markdown);
  if (diffs) fs.writeFileSync(path.join(outDir, 'changes.md'), renderDiff(diffs));
  const files = [...full.keys()].map((n) => path.join(outDir, `${n}.md`));
  if (diffs) files.push(path.join(outDir, 'changes.md'));
  return [
    shortSummary(stacks),
    `Markdown: ${files.join(', ')}`,
    ...(diffs ? ['', renderDiff(diffs)] : baseNote ? [baseNote] : []),
  ].join('\n') + '\n';
}

if (require.main === module) {
  try {
    process.stdout.write(runSummaryCli(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
