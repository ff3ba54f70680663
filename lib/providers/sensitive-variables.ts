/**
 * Synth-time check that no sensitive Terraform variable carries a value in its
 * default: cdktf writes defaults verbatim into cdk.tf.json, so a token default
 * would end up in the repository, in CI artifacts and in every plan, whatever
 * `sensitive` says.
 */
import { IConstruct } from 'constructs';
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Errors, TpuGkeError } from '../errors';

/** True when `value` is a default that holds something (anything but undefined, null or ""). */
function holdsValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return Token.isUnresolved(value) || value !== '';
  return true;
}

/** The error for `variable` when it is sensitive and its default holds a value, else undefined. */
export function sensitiveDefaultError(variable: TerraformVariable): TpuGkeError | undefined {
  return variable.sensitive && holdsValue(variable.default) ? Errors.sensitiveVariableDefault(variable.friendlyUniqueId) : undefined;
}

/** Messages for every sensitive variable with a non-empty default under `scope`. */
export function sensitiveDefaultErrors(scope: IConstruct): string[] {
  return scope.node.findAll()
    .filter((c): c is TerraformVariable => c instanceof TerraformVariable)
    .map((v) => sensitiveDefaultError(v)?.message)
    .filter((m): m is string => m !== undefined);
}

/**
 * Makes synthesis of `stack` fail when any of its sensitive variables has a
 * non-empty default. {@link ProviderRequirements} adds it once to every stack
 * that declares a provider through the library.
 */
export function rejectSensitiveDefaults(stack: TerraformStack): void {
  stack.node.addValidation({ validate: () => sensitiveDefaultErrors(stack) });
}
