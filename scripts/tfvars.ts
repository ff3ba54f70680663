/**
 * Terraform variable values for one synthesized stack in CI, from repository
 * variables and secrets (JSON objects):
 *
 * - TPU_GKE_TFVARS: values for every stack, e.g. `{"project_id": "my-project"}`
 * - TPU_GKE_STACK_TFVARS: per-stack values, e.g. `{"subslicing": {"reservation_name": "ironwood"}}`
 * - TPU_GKE_SECRET_TFVARS: sensitive values (a secret), e.g. `{"hf_token": "hf_..."}`
 * - TPU_GKE_SECRET_TFVARS_NAMES: names of the sensitive variables that secret sets,
 *   e.g. `["hf_token"]` (not secret). Jobs without the secret (pull-request and
 *   review plans) write a placeholder for them, so their plans see the same
 *   "token is set" as the apply job: the Secret's `data_wo_revision` depends on it.
 *
 * Only variables the stack declares are written (Terraform warns about the
 * others); required variables without a value fail early with their names.
 * Secret values are masked in the GitHub log.
 *
 *     node dist/scripts/tfvars.js --stack subslicing [--tree cdktf.out]
 *     # writes cdktf.out/stacks/subslicing/ci.auto.tfvars.json
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from './pr-comment';
import { Json, readSynthTree } from './summary/synth-tree';

export interface TfvarsInput {
  /** Synthesized stack JSON (its `variable` block is read). */
  readonly stackJson: Json;
  readonly stack: string;
  readonly common?: Json;
  readonly perStack?: Json;
  readonly secrets?: Json;
  /**
   * Sensitive variables whose value only the apply job has: without a value in
   * `secrets` they get {@link SECRET_PLACEHOLDER}. Ignored for variables the stack
   * does not declare as sensitive.
   */
  readonly placeholders?: readonly string[];
}

/**
 * Stand-in for a sensitive value that only the apply job receives. Sensitive
 * values reach only write-only arguments (never a plan), so the plan is the same
 * as with the real value; if a stack used one elsewhere, the plans would differ
 * and the apply workflow would refuse.
 */
export const SECRET_PLACEHOLDER = 'placeholder: the value is set in the approved apply job';

export interface TfvarsResult {
  /** Values to write, for declared variables only. */
  readonly values: Json;
  /** Required variables (no default) without a value. */
  readonly missing: readonly string[];
  /** Secret values to mask in logs. */
  readonly masks: readonly string[];
}

/** Merges common, per-stack and secret values (later wins) for the variables `stackJson` declares. */
export function stackTfvars(input: TfvarsInput): TfvarsResult {
  const declared = (input.stackJson.variable ?? {}) as Json;
  const perStack = (input.perStack?.[input.stack] ?? {}) as Json;
  const stand: Json = {};
  for (const name of input.placeholders ?? []) if ((declared[name] as Json | undefined)?.sensitive) stand[name] = SECRET_PLACEHOLDER;
  const merged: Json = { ...(input.common ?? {}), ...perStack, ...stand, ...(input.secrets ?? {}) };
  const values: Json = {};
  for (const name of Object.keys(declared).sort()) if (name in merged) values[name] = merged[name];
  const missing = Object.entries(declared)
    .filter(([name, v]) => !('default' in (v as Json)) && !(name in values))
    .map(([name]) => name).sort();
  const masks = Object.values(input.secrets ?? {}).filter((v) => typeof v === 'string' && v.length > 0).map(String);
  return { values, missing, masks };
}

/** Parses a JSON array of names from an environment variable (empty or unset -> []). */
export function namesFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[name];
  if (!raw || !raw.trim()) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${name} is not valid JSON (${(e as Error).message}). Fix: set it to a JSON array of variable names such as ["hf_token"].`);
  }
  if (!Array.isArray(parsed) || !parsed.every((n) => typeof n === 'string')) {
    throw new Error(`${name} must be a JSON array of variable names. Fix: set it to a JSON array such as ["hf_token"].`);
  }
  return parsed as string[];
}

/** Parses a JSON object from an environment variable (empty or unset -> {}). */
export function jsonObjectFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): Json {
  const raw = env[name];
  if (!raw || !raw.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new Error(`${name} is not valid JSON (${(e as Error).message}). Fix: set it to a JSON object such as {"project_id": "my-project"}.`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${name} must be a JSON object. Fix: set it to a JSON object such as {"project_id": "my-project"}.`);
  }
  return parsed as Json;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args.stack !== 'string') throw new Error('usage: tfvars --stack <name> [--tree cdktf.out]');
  const tree = typeof args.tree === 'string' ? args.tree : 'cdktf.out';
  const stack = readSynthTree(tree).find((s) => s.name === args.stack);
  if (!stack) throw new Error(`stack "${args.stack}" is not in ${tree}. Allowed: ${readSynthTree(tree).map((s) => s.name).join(', ')}.`);
  const secrets = jsonObjectFromEnv('TPU_GKE_SECRET_TFVARS');
  const result = stackTfvars({
    stackJson: stack.json, stack: args.stack,
    common: jsonObjectFromEnv('TPU_GKE_TFVARS'), perStack: jsonObjectFromEnv('TPU_GKE_STACK_TFVARS'), secrets,
    placeholders: namesFromEnv('TPU_GKE_SECRET_TFVARS_NAMES'),
  });
  if (process.env.GITHUB_ACTIONS === 'true') for (const m of result.masks) process.stdout.write(`::add-mask::${m}\n`);
  if (result.missing.length) {
    throw new Error(`stack "${args.stack}" needs values for ${result.missing.join(', ')}. Fix: add them to the repository variable TPU_GKE_TFVARS (all stacks) or TPU_GKE_STACK_TFVARS.${args.stack}.`);
  }
  const file = path.join(tree, 'stacks', args.stack, 'ci.auto.tfvars.json');
  fs.writeFileSync(file, `${JSON.stringify(result.values, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`wrote ${file}: ${Object.keys(result.values).join(', ') || '(no values)'}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
}
