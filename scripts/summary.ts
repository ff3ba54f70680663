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
 * --comment FILE (the pull-request comment without its marker, which pr-comment
 * adds: per stack its changes and its summary folded; over GitHub's comment limit
 * whole stacks are left out with a note naming the artifact that holds them).
 * Without --tree the tree must be newer than main.ts, cdktf.json, lib/, stacks/
 * and charts/; an older one is refused instead of summarized.
 */
import * as fs from 'fs';
import * as path from 'path';
import { commentMarker, GITHUB_COMMENT_LIMIT, parseArgs } from './pr-comment';
import { DiagramOptions, Mark } from './summary/diagram';
import { diffMarks, diffTrees, headline, renderDiff, StackDiff } from './summary/diff';
import { renderStack, shortLine } from './summary/markdown';
import { summarizeStack } from './summary/model';
import { readSynthTree, SynthStack } from './summary/synth-tree';

/** Marker id of the summary comment. */
export const SUMMARY_COMMENT_ID = 'summary';

/** Short form: a heading line and one line per stack; `fullCommand` is the command that prints the Markdown. */
export function shortSummary(stacks: readonly SynthStack[], fullCommand = 'npm run summary'): string {
  return [`Summary of ${stacks.length} stack${stacks.length === 1 ? '' : 's'} (${fullCommand} for Markdown):`,
    ...stacks.map((s) => `  ${shortLine(summarizeStack(s.name, s.json))}`)].join('\n');
}

/** Full Markdown of every stack. */
export function fullSummary(stacks: readonly SynthStack[]): Map<string, string> {
  return new Map(stacks.map((s) => [s.name, renderStack(summarizeStack(s.name, s.json), s.json)]));
}

/**
 * Name of the workflow artifact that holds the full summary (`cdktf.out`, with
 * `summary/<stack>.md` and `summary/changes.md`): .github/workflows/pull-request.yml
 * uploads it under this name.
 */
export const SUMMARY_ARTIFACT = 'cdktf-out';

/** The note that says which stacks were left out of a comment and where their full text is. */
export function droppedStacksNote(names: readonly string[]): string {
  return ['> [!NOTE]', `> Left out to fit GitHub's comment size limit: ${names.map((n) => `\`${n}\``).join(', ')}. `
    + `Their full summary and changes are in the workflow run's artifact \`${SUMMARY_ARTIFACT}\` (files \`summary/<stack>.md\` and \`summary/changes.md\`).`, ''].join('\n');
}

/** Diff marks and removed resources of a stack, for its diagrams. */
export function diagramOptions(d: StackDiff | undefined): DiagramOptions {
  if (!d || d.status === 'unchanged' || d.status === 'added') return {};
  const releaseMarks = new Map<string, Mark>();
  for (const c of d.changed) if (c.address.startsWith('helm_release.') && c.name) releaseMarks.set(c.name, 'changed');
  for (const r of d.added) if (r.address.startsWith('helm_release.') && r.name) releaseMarks.set(r.name, 'added');
  return { marks: diffMarks(d), releaseMarks, removed: d.removed.map((r) => r.name ?? r.address) };
}

/**
 * The pull-request comment (without its marker): headline per stack, then per
 * stack its changes against the base tree (when there is one) and its full
 * summary folded, new and removed resources marked in its diagrams. Over
 * `limit`, whole stacks are left out (unchanged ones first, then from the end)
 * and a note names them and the artifact with the full text; no stack is cut
 * in the middle, so no diagram is lost silently.
 */
export function commentMarkdown(stacks: readonly SynthStack[], diffs: readonly StackDiff[] | undefined,
  context: { baseNote?: string; limit?: number; droppedNote?: (names: readonly string[]) => string } = {}): string {
  const limit = context.limit ?? GITHUB_COMMENT_LIMIT - commentMarker(SUMMARY_COMMENT_ID).length - 1;
  const head: string[] = ['# Infrastructure summary', ''];
  for (const s of stacks) {
    const d = diffs?.find((x) => x.stack === s.name);
    head.push(`- ${shortLine(summarizeStack(s.name, s.json))}${d ? ` — **${headline(d)}**` : ''}`);
  }
  for (const d of diffs ?? []) if (d.status === 'removed') head.push(`- ${d.stack}: **${headline(d)}**`);
  head.push('');
  if (diffs) {
    head.push('## Changes per stack', '');
    if (diffs.every((x) => x.status === 'unchanged')) head.push('_No changes in the synthesized stacks._', '');
  } else {
    head.push(`_${context.baseNote ?? 'No base tree to compare with.'}_`, '');
  }
  const parts: { name: string; text: string; changed: boolean }[] = [];
  for (const s of stacks) {
    const d = diffs?.find((x) => x.stack === s.name);
    const changes = d && d.status !== 'unchanged' ? renderDiff([d]).replace(/^## Changes per stack\n\n/, '').replace(/\n*$/, '\n') : '';
    const full = renderStack(summarizeStack(s.name, s.json), s.json, diagramOptions(d)).replace(/^## .*\n/, '');
    parts.push({
      name: s.name, changed: !!changes,
      text: [changes, '<details>', `<summary>Full summary of <code>${s.name}</code></summary>`, '', full, '</details>', ''].join('\n'),
    });
  }
  for (const d of diffs ?? []) {
    if (d.status === 'removed') parts.push({ name: d.stack, changed: true, text: renderDiff([d]).replace(/^## Changes per stack\n\n/, '') });
  }
  const unchanged = diffs ? diffs.filter((x) => x.status === 'unchanged').map((x) => `\`${x.stack}\``) : [];
  const tail = unchanged.length ? `Unchanged: ${unchanged.join(', ')}.\n` : '';
  const compose = (kept: typeof parts, dropped: readonly string[]): string =>
    [head.join('\n'), ...(dropped.length ? [(context.droppedNote ?? droppedStacksNote)(dropped)] : []), ...kept.map((p) => p.text), tail].join('\n');
  // Leave out whole stacks until the comment fits: unchanged stacks first, then from the end.
  const order = [...parts.filter((p) => !p.changed).reverse(), ...parts.filter((p) => p.changed).reverse()];
  let kept = [...parts];
  const dropped: string[] = [];
  for (const victim of order) {
    if (compose(kept, dropped).length <= limit) break;
    kept = kept.filter((p) => p !== victim);
    dropped.unshift(victim.name);
  }
  return compose(kept, parts.filter((p) => !kept.includes(p)).map((p) => p.name));
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

/** The fix named when a tree is older than its sources (this repository's commands). */
export const STALE_TREE_FIX = 'Fix: run `npm run summary` (it synthesizes first) or `npm run synth`, then summarize again.';

/**
 * Refuses a tree older than the sources it is synthesized from: the capacity it
 * reports would silently describe the previous code. `root` is the project root
 * (the `sources`, files or directories, are looked up there); a root without
 * sources is not checked. `fix` ends the error message.
 */
export function assertFreshTree(tree: string, root: string, sources: readonly string[] = SYNTH_SOURCES, fix: string = STALE_TREE_FIX): void {
  const manifest = path.join(tree, 'manifest.json');
  if (!fs.existsSync(manifest)) return; // readSynthTree reports the missing tree
  const synthesized = fs.statSync(manifest).mtimeMs;
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const source of sources) {
    const n = newestFile(path.join(root, source));
    if (n && (!newest || n.mtimeMs > newest.mtimeMs)) newest = n;
  }
  if (newest && newest.mtimeMs > synthesized) {
    throw new Error(`${manifest} is older than ${path.relative(root, newest.file)}, so its summary would describe the code before that change. ${fix}`);
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
    // Without the marker: pr-comment adds it when posting (a second one would show as text).
    fs.writeFileSync(args.comment, commentMarkdown(stacks, diffs, { baseNote }));
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
