#!/usr/bin/env node
/**
 * `tpu-gke`: the review tool shipped with the package, for any cdktf project
 * whose stacks use the library. It reads only the synthesized tree (or a
 * `terraform show -json` plan) and never the project's sources, so it makes no
 * assumption about the project's layout: synthesize first, then summarize.
 *
 *     npx tpu-gke summary [--out cdktf.out] [--base DIR] [--short] [--comment] [--sources a,b]
 *     npx tpu-gke plan-summary <plan.json> [--stack NAME] [--plan-text FILE] [--fingerprint]
 *
 * Exit codes: 0 done, 1 an error (missing or empty tree, stale tree, unreadable
 * plan), 2 a usage error. Prices for the cost section come from the JSON file
 * named by TPU_GKE_PRICES (see the summary's cost section).
 *
 * This repository's own `npm run summary` (scripts/summary.ts) synthesizes first
 * and checks the tree against its main.ts, lib/, stacks/ and charts/; the bin
 * checks freshness only against the paths given with `--sources`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { planFingerprint, renderPlanComment } from '../scripts/plan-summary';
import { GITHUB_COMMENT_LIMIT } from '../scripts/pr-comment';
import { assertFreshTree, commentMarkdown, diagramOptions, shortSummary } from '../scripts/summary';
import { diffTrees, headline, renderDiff, StackDiff } from '../scripts/summary/diff';
import { renderStack, shortLine } from '../scripts/summary/markdown';
import { summarizeStack } from '../scripts/summary/model';
import { Json, readSynthTree, SynthStack } from '../scripts/summary/synth-tree';

/** What a run prints and its exit code. */
export interface CliResult {
  readonly code: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

export const USAGE = `Usage:
  tpu-gke summary [--out DIR] [--base DIR] [--short] [--comment] [--sources PATHS]
      Markdown per stack of a synthesized cdktf tree: resources, accelerator capacity,
      cost, Mermaid diagrams, observability; with --base, the changes against that tree.
      --out DIR        the synthesized tree (default: cdktf.out)
      --base DIR       a tree synthesized from the base branch, to compare with
      --short          one line per stack
      --comment        the pull-request form: changes, then each stack folded,
                       capped to GitHub's ${GITHUB_COMMENT_LIMIT}-character comment limit
      --sources PATHS  comma-separated files or directories the tree is synthesized
                       from; a tree older than any of them is refused
  tpu-gke plan-summary <plan.json> [--stack NAME] [--plan-text FILE] [--fingerprint]
      Markdown of a plan (terraform show -json tfplan > plan.json): counts per action,
      destroyed or replaced resources, the accelerator capacity added or removed.
      --stack NAME       name shown in the heading (default: the file name without .json)
      --plan-text FILE   terraform show -no-color tfplan output, folded in
      --fingerprint      print the SHA-256 fingerprint of the planned changes instead

Synthesize first (e.g. npx cdktf synth): the summary reads only the synthesized tree.
Exit codes: 0 done, 1 error, 2 usage error.
`;

const COMMANDS = ['summary', 'plan-summary'] as const;
type Command = (typeof COMMANDS)[number];

/** Options per command: true for a flag, false for an option that takes a value. */
const OPTIONS: Readonly<Record<Command, Readonly<Record<string, boolean>>>> = {
  'summary': { out: false, base: false, short: true, comment: true, sources: false },
  'plan-summary': { 'stack': false, 'plan-text': false, 'fingerprint': true },
};

/** The fix named when the tree to summarize is missing, empty or stale. */
const SYNTH_FIRST = 'Fix: synthesize first (e.g. npx cdktf synth), then summarize.';

class UsageError extends Error {}

interface Parsed {
  readonly options: Record<string, string | true>;
  readonly positional: string[];
}

function parse(command: Command, argv: readonly string[]): Parsed {
  const known = OPTIONS[command];
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (!(name in known)) {
      throw new UsageError(`tpu-gke ${command}: unknown option "--${name}" (options: ${Object.keys(known).map((k) => `--${k}`).join(', ')}).`);
    }
    if (known[name]) {
      if (inline !== undefined) throw new UsageError(`tpu-gke ${command}: --${name} takes no value.`);
      options[name] = true;
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`tpu-gke ${command}: --${name} needs a value.`);
    }
    if (inline === undefined) i += 1;
    options[name] = value;
  }
  return { options, positional };
}

/** The stacks of the tree `shown` (as the user wrote it), at `dir`; `role` is "tree" or "base". */
function readTree(dir: string, shown: string, role: string): SynthStack[] {
  if (!fs.existsSync(dir)) throw new Error(`${role} ${shown} does not exist. ${SYNTH_FIRST}`);
  if (!fs.statSync(dir).isDirectory()) throw new Error(`${role} ${shown} is not a directory (pass the cdktf output directory). ${SYNTH_FIRST}`);
  try {
    return readSynthTree(dir);
  } catch (e) {
    const message = (e as Error).message;
    if (!message.includes('holds no synthesized stacks')) throw new Error(`${role} ${shown}: ${message}`);
    throw new Error(`${role} ${shown} holds no synthesized stacks (expected manifest.json or stacks/<name>/cdk.tf.json). ${SYNTH_FIRST}`);
  }
}

/** Full Markdown: a headline per stack, the changes (with a base), then each stack with new resources marked in its diagrams. */
function fullMarkdown(stacks: readonly SynthStack[], diffs: readonly StackDiff[] | undefined, baseNote: string | undefined): string {
  const out: string[] = ['# Infrastructure summary', ''];
  for (const s of stacks) {
    const d = diffs?.find((x) => x.stack === s.name);
    out.push(`- ${shortLine(summarizeStack(s.name, s.json))}${d ? ` — **${headline(d)}**` : ''}`);
  }
  for (const d of diffs ?? []) if (d.status === 'removed') out.push(`- ${d.stack}: **${headline(d)}**`);
  out.push('');
  if (diffs) out.push(renderDiff(diffs).replace(/\n*$/, '\n'));
  else if (baseNote) out.push(`_${baseNote}_`, '');
  for (const s of stacks) {
    out.push(renderStack(summarizeStack(s.name, s.json), s.json, diagramOptions(diffs?.find((x) => x.stack === s.name))).replace(/\n*$/, '\n'));
  }
  return out.join('\n');
}

function summary(parsed: Parsed, cwd: string): string {
  const { options, positional } = parsed;
  if (positional.length) throw new UsageError(`tpu-gke summary: unexpected argument "${positional[0]}" (the tree is given with --out DIR).`);
  const shown = typeof options.out === 'string' ? options.out : 'cdktf.out';
  const tree = path.resolve(cwd, shown);
  const stacks = readTree(tree, shown, 'tree');
  if (typeof options.sources === 'string') {
    const sources = options.sources.split(',').map((x) => x.trim()).filter((x) => x);
    for (const source of sources) {
      if (!fs.existsSync(path.resolve(cwd, source))) throw new Error(`--sources: ${source} does not exist (relative to ${cwd}).`);
    }
    assertFreshTree(tree, cwd, sources, 'Fix: synthesize again (e.g. npx cdktf synth), then summarize.');
  }
  if (options.short) return `${shortSummary(stacks, 'tpu-gke summary')}\n`;
  let diffs: StackDiff[] | undefined;
  let baseNote: string | undefined;
  if (typeof options.base === 'string') {
    const base = path.resolve(cwd, options.base);
    try {
      diffs = diffTrees(readTree(base, options.base, 'base'), stacks);
    } catch (e) {
      // A base branch that does not synthesize (the first pull request of a project) is reported, not fatal.
      baseNote = `No base tree to compare with: ${(e as Error).message.replace(` ${SYNTH_FIRST}`, '')}`;
    }
  }
  if (options.comment) {
    return `${commentMarkdown(stacks, diffs, {
      baseNote,
      droppedNote: (names) => ['> [!NOTE]', `> Left out to fit GitHub's comment size limit: ${names.map((n) => `\`${n}\``).join(', ')}. `
        + 'Run `tpu-gke summary` without --comment for the full text.', ''].join('\n'),
    })}\n`;
  }
  return fullMarkdown(stacks, diffs, baseNote);
}

function planSummary(parsed: Parsed, cwd: string): string {
  const { options, positional } = parsed;
  if (positional.length === 0) throw new UsageError('tpu-gke plan-summary: missing <plan.json> (terraform show -json tfplan > plan.json).');
  if (positional.length > 1) throw new UsageError(`tpu-gke plan-summary: unexpected argument "${positional[1]}" (one plan at a time).`);
  const file = positional[0];
  const full = path.resolve(cwd, file);
  if (!fs.existsSync(full)) throw new Error(`plan ${file} does not exist. Fix: terraform show -json tfplan > ${file}`);
  let plan: Json;
  try {
    plan = JSON.parse(fs.readFileSync(full, 'utf8'));
  } catch (e) {
    throw new Error(`plan ${file} is not JSON (${(e as Error).message}). Fix: pass the output of terraform show -json tfplan, not the binary plan file.`);
  }
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan) || (!('resource_changes' in plan) && !('planned_values' in plan))) {
    throw new Error(`plan ${file} is not a Terraform plan (no resource_changes or planned_values). Fix: pass the output of terraform show -json tfplan.`);
  }
  if (options.fingerprint) return `${planFingerprint(plan)}\n`;
  const planText = typeof options['plan-text'] === 'string' ? fs.readFileSync(path.resolve(cwd, options['plan-text']), 'utf8') : undefined;
  const stack = typeof options.stack === 'string' ? options.stack : path.basename(file).replace(/\.json$/, '');
  return renderPlanComment({ stack, exitCode: 0, plan, planText });
}

/** Runs `tpu-gke` with `argv` (without `node tpu-gke`) in `cwd`; nothing is printed, the result says what to print. */
export function main(argv: readonly string[], cwd: string = process.cwd()): CliResult {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) throw new UsageError('tpu-gke: missing command (summary or plan-summary).');
    if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help') || rest.includes('-h')) {
      return { code: 0, stdout: USAGE, stderr: '' };
    }
    if (!(COMMANDS as readonly string[]).includes(command)) {
      throw new UsageError(`tpu-gke: unknown command "${command}" (commands: ${COMMANDS.join(', ')}).`);
    }
    const parsed = parse(command as Command, rest);
    const stdout = command === 'summary' ? summary(parsed, cwd) : planSummary(parsed, cwd);
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, stdout: '', stderr: `${e.message}\nRun \`tpu-gke --help\` for usage.\n` };
    const message = (e as Error).message;
    return { code: 1, stdout: '', stderr: `${message.startsWith('tpu-gke') ? '' : `tpu-gke ${command}: `}${message}\n` };
  }
}

if (require.main === module) {
  const result = main(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
