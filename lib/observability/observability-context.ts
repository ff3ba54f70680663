import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { Errors } from '../errors';

/**
 * cdktf context key that turns observability off without code changes:
 * `false` (every stack) or a list of stack IDs (e.g. `["ray-llm", "qwen-pd"]`,
 * or the same as a comma-separated string). Set it in cdktf.json `context`, or
 * `CDKTF_CONTEXT_JSON='{"tpu-gke:observability":false}'` for `npm run synth`.
 */
export const OBSERVABILITY_CONTEXT_KEY = 'tpu-gke:observability';

/**
 * Whether the stack of `scope` gets its dashboards, alerts and scrape configs:
 * false when the stack prop says `false` or the context key opts the stack out.
 * Throws on a context value that is neither a boolean nor stack IDs.
 */
export function observabilityEnabled(scope: Construct, prop: unknown): boolean {
  if (prop === false) return false;
  const stackId = TerraformStack.of(scope).node.id;
  const value: unknown = scope.node.tryGetContext(OBSERVABILITY_CONTEXT_KEY);
  if (value === undefined || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  const ids = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean)
    : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value as string[] : undefined;
  if (!ids) {
    throw Errors.invalidValue(`Context "${OBSERVABILITY_CONTEXT_KEY}"`, JSON.stringify(value), ['true', 'false', 'a list of stack IDs to opt out'],
      `set it to false (every stack) or to the IDs of the stacks without observability, e.g. ["${stackId}"]`);
  }
  return !ids.includes(stackId);
}
