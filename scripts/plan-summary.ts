/**
 * Summary of a `terraform plan` for a pull-request comment and the job summary:
 * counts per action, destructive changes first, the accelerator capacity the
 * plan adds or removes, and the (redacted, human-readable) plan text folded.
 *
 *     terraform show -json tfplan > plan.json
 *     terraform show -no-color tfplan > plan.txt
 *     node dist/scripts/plan-summary.js --stack subslicing --plan-json plan.json --plan-text plan.txt --out plan.md
 *     node dist/scripts/plan-summary.js --stack subslicing --exit-code 1 --error-text plan.err --out plan.md
 *     node dist/scripts/plan-summary.js --fingerprint plan.json
 *
 * The comment reads only addresses, actions and pool sizes from the JSON plan: it
 * holds every variable value, sensitive ones included, so it is never posted or
 * uploaded. The fingerprint hashes the changes' values (see {@link planFingerprint}).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { capMarkdown, codeBlock, GITHUB_COMMENT_LIMIT, parseArgs } from './pr-comment';
import { describeDelta, diffStack } from './summary/diff';
import { Json } from './summary/synth-tree';

/** One resource change of a plan. */
export interface PlannedChange {
  readonly address: string;
  /** `create`, `update`, `delete`, `replace`, `read` (no-ops are dropped). */
  readonly action: 'create' | 'update' | 'delete' | 'replace' | 'read';
}

/** Counts and changes of a plan. */
export interface PlanSummary {
  readonly changes: readonly PlannedChange[];
  readonly counts: Readonly<Record<PlannedChange['action'], number>>;
  /** e.g. "adds 128 TPU7x chips (32 VMs)". */
  readonly capacity: readonly string[];
}

function actionOf(actions: readonly string[]): PlannedChange['action'] | undefined {
  const a = [...actions].sort().join(',');
  if (a === 'create') return 'create';
  if (a === 'update') return 'update';
  if (a === 'delete') return 'delete';
  if (a === 'create,delete') return 'replace';
  if (a === 'read') return 'read';
  return undefined;
}

/** Reads the changes and the node-pool capacity delta of a `terraform show -json` plan. */
export function summarizePlan(plan: Json): PlanSummary {
  const changes: PlannedChange[] = [];
  const before: Json = { resource: {} };
  const after: Json = { resource: {} };
  for (const rc of (plan.resource_changes ?? []) as Json[]) {
    const action = actionOf(rc.change?.actions ?? []);
    if (action) changes.push({ address: String(rc.address), action });
    if (rc.mode !== 'managed' || rc.type !== 'google_container_node_pool') continue;
    const id = String(rc.address).split('.').slice(1).join('.');
    if (rc.change?.before) (before.resource[rc.type] ??= {})[id] = rc.change.before;
    if (rc.change?.after) (after.resource[rc.type] ??= {})[id] = rc.change.after;
  }
  const order = { delete: 0, replace: 1, update: 2, create: 3, read: 4 };
  changes.sort((a, b) => order[a.action] - order[b.action] || a.address.localeCompare(b.address));
  const counts = { create: 0, update: 0, delete: 0, replace: 0, read: 0 };
  for (const c of changes) counts[c.action] += 1;
  const capacity = diffStack('plan', before, after).capacity.map(describeDelta);
  return { changes, counts, capacity };
}

/** JSON with object keys sorted, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Json;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** True for changes that do something (not `no-op`, not a data source `read`). */
function acts(actions: readonly string[] | undefined): boolean {
  const a = actions ?? [];
  return a.length > 0 && !a.every((x) => x === 'no-op' || x === 'read');
}

/**
 * Fingerprint of what a plan would do: SHA-256 over every resource change
 * (address, deposed key, actions in order, `before`, `after`, `after_unknown`,
 * `replace_paths`) and every output change (`actions`, `after`, `after_unknown`),
 * in address order with object keys sorted. No-ops and data-source reads are
 * left out, and so are the plan's input `variables` (the reviewed plan never
 * sees the sensitive values the apply job gets; they count only where they
 * reach a resource). The apply workflow refuses to apply when the plan it made
 * after approval has a different fingerprint from the plan the reviewer saw, so
 * a changed value (a node count, an image tag, chart values) is caught, not
 * only an added or removed resource.
 */
export function planFingerprint(plan: Json): string {
  const resources = ((plan.resource_changes ?? []) as Json[])
    .filter((rc) => acts(rc.change?.actions))
    .map((rc) => ({
      address: String(rc.address),
      deposed: rc.deposed ?? null,
      actions: rc.change.actions,
      before: rc.change.before ?? null,
      after: rc.change.after ?? null,
      after_unknown: rc.change.after_unknown ?? null,
      replace_paths: rc.change.replace_paths ?? null,
    }))
    .sort((a, b) => a.address.localeCompare(b.address) || String(a.deposed).localeCompare(String(b.deposed)));
  const outputs = Object.entries((plan.output_changes ?? {}) as Json)
    .filter(([, oc]) => acts(oc?.actions))
    .map(([name, oc]) => ({ name, actions: oc.actions, after: oc.after ?? null, after_unknown: oc.after_unknown ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return createHash('sha256').update(canonicalJson({ resources, outputs })).digest('hex');
}

const ICON: Readonly<Record<PlannedChange['action'], string>> = { create: '+', update: '~', delete: '-', replace: '-/+', read: '<=' };

export interface PlanCommentInput {
  readonly stack: string;
  /** Exit code of `terraform plan` (0 no changes, 2 changes with -detailed-exitcode, anything else failed). */
  readonly exitCode: number;
  readonly plan?: Json;
  /** `terraform show -no-color tfplan` output. */
  readonly planText?: string;
  /** stderr of a failed init/plan. */
  readonly errorText?: string;
  /** Link to the workflow run. */
  readonly runUrl?: string;
  /** @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
  /**
   * False for a plan made with `-refresh=false` (pull-request plans): the comment
   * then says that changes made outside Terraform are not shown.
   * @default true
   */
  readonly refreshed?: boolean;
}

/** The note on a plan made without refresh. */
export const NOT_REFRESHED_NOTE = '_Planned against the recorded state without refresh (the pull-request identity cannot read Helm release records): changes made outside Terraform are not shown; the apply workflow\'s plan refreshes._';

/** Markdown of one stack's plan (without the comment marker), capped to `limit`. */
export function renderPlanComment(input: PlanCommentInput): string {
  const failed = input.exitCode !== 0 && input.exitCode !== 2;
  // Stack names are [a-z0-9-]; other characters (a PR controls its own manifest) are dropped, not rendered.
  const stack = input.stack.replace(/[^A-Za-z0-9._-]/g, '');
  const out: string[] = [`### ${failed ? '❌' : '✅'} \`terraform plan\`: \`${stack}\``, ''];
  if (failed) {
    out.push(`**The plan failed** (exit code ${input.exitCode}); this check fails.${input.runUrl ? ` [Run log](${input.runUrl})` : ''}`, '');
    // Error text is untrusted output: a fence longer than any backtick run in it keeps it inert.
    if (input.errorText) out.push(codeBlock(tail(input.errorText.trim(), 20000)), '');
    return capMarkdown(out.join('\n'), input.limit ?? GITHUB_COMMENT_LIMIT);
  }
  const s = input.plan ? summarizePlan(input.plan) : undefined;
  if (input.refreshed === false) out.push(NOT_REFRESHED_NOTE, '');
  if (s) {
    const { create, update, delete: del, replace, read } = s.counts;
    out.push(`**Plan: ${create} to add, ${update} to change, ${del} to destroy, ${replace} to replace**${read ? ` (${read} data source${read === 1 ? '' : 's'} read)` : ''}`, '');
    if (s.capacity.length) out.push(`Accelerators: this plan ${s.capacity.join(', ')}.`, '');
    const destructive = s.changes.filter((c) => c.action === 'delete' || c.action === 'replace');
    if (destructive.length) {
      out.push('> [!CAUTION]', `> ${destructive.length} resource${destructive.length === 1 ? '' : 's'} destroyed or replaced:`);
      for (const c of destructive.slice(0, 50)) out.push(`> - \`${c.address}\` (${c.action})`);
      if (destructive.length > 50) out.push(`> - … and ${destructive.length - 50} more`);
      out.push('');
    }
    const listed = s.changes.filter((c) => c.action !== 'read');
    if (listed.length === 0) out.push('_No changes. The infrastructure matches the configuration._', '');
    else {
      out.push('<details>', `<summary>${listed.length} change${listed.length === 1 ? '' : 's'}</summary>`, '', '```diff');
      for (const c of listed.slice(0, 500)) out.push(`${ICON[c.action]} ${c.address}`);
      if (listed.length > 500) out.push(`# … and ${listed.length - 500} more`);
      out.push('```', '</details>', '');
    }
  } else if (input.exitCode === 0) {
    out.push('_No changes._', '');
  }
  if (input.planText) {
    const budget = Math.max(1000, (input.limit ?? GITHUB_COMMENT_LIMIT) - out.join('\n').length - 600);
    const text = input.planText.length > budget ? `${input.planText.slice(0, budget)}\n… (plan text truncated; see the run log)` : input.planText;
    out.push('<details>', '<summary>Plan output</summary>', '', codeBlock(text), '</details>', '');
  }
  if (input.runUrl) out.push(`[Workflow run](${input.runUrl})`, '');
  return capMarkdown(out.join('\n'), input.limit ?? GITHUB_COMMENT_LIMIT);
}

function tail(text: string, max: number): string {
  return text.length > max ? `…\n${text.slice(text.length - max)}` : text;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.fingerprint === 'string') {
    process.stdout.write(`${planFingerprint(JSON.parse(fs.readFileSync(args.fingerprint, 'utf8')))}\n`);
    return;
  }
  if (typeof args.stack !== 'string' || typeof args.out !== 'string') {
    throw new Error('usage: plan-summary --stack <name> --out <file> [--exit-code N] [--plan-json f] [--plan-text f] [--error-text f] [--not-refreshed] | --fingerprint <plan.json>');
  }
  const read = (k: string): string | undefined => (typeof args[k] === 'string' && fs.existsSync(args[k] as string) ? fs.readFileSync(args[k] as string, 'utf8') : undefined);
  const planJson = read('plan-json');
  const server = process.env.GITHUB_SERVER_URL;
  const runUrl = server && process.env.GITHUB_REPOSITORY && process.env.GITHUB_RUN_ID
    ? `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}` : undefined;
  const markdown = renderPlanComment({
    stack: args.stack,
    exitCode: typeof args['exit-code'] === 'string' ? Number(args['exit-code']) : 0,
    plan: planJson ? JSON.parse(planJson) : undefined,
    planText: read('plan-text'),
    errorText: read('error-text'),
    refreshed: args['not-refreshed'] !== true,
    runUrl,
  });
  fs.writeFileSync(args.out, markdown);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
