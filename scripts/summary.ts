/**
 * Capacity and change summary of the synthesized stacks, offline.
 *
 *     npm run summary                         # Markdown per stack in cdktf.out/summary/
 *     node dist/scripts/summary.js --short    # one line per stack (printed by `npm run synth`)
 *     node dist/scripts/summary.js --base ../base/cdktf.out          # changes per stack
 *     node dist/scripts/summary.js --base ../base/cdktf.out --comment comment.md
 *
 * Options: --tree DIR (default $CDKTF_OUTDIR or cdktf.out), --out DIR (default
 * <tree>/summary), --stdout (print the full Markdown), --short, --base DIR,
 * --comment FILE (the pull-request comment: changes, then each stack's summary
 * folded, capped to GitHub's comment limit).
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

/**
 * Runs the command line: `argv` without `node script`; returns what is printed.
 * Files (per-stack Markdown, changes.md, the comment) are written as a side effect.
 */
export function runSummaryCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const args = parseArgs(argv);
  const tree = typeof args.tree === 'string' ? args.tree : env.CDKTF_OUTDIR || 'cdktf.out';
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
