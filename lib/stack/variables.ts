/**
 * Terraform variables shared by the stacks: environment identity (project, zone,
 * reservation, namespace) enters here, so one synthesized plan serves every
 * environment (`cdktf deploy <stack> --var project_id=...`).
 */
import { Construct } from 'constructs';
import { Fn, TerraformLocal, TerraformVariable } from 'cdktf';

/** A string Terraform variable: its description, default and validation. */
export interface VariableSpec {
  /** What the variable is for (shown by `terraform plan` and in the docs). */
  readonly description: string;
  /**
   * Default value.
   * @default - none: the variable is required
   */
  readonly default?: string;
  /**
   * Terraform validation: a regex the value must match in full.
   * @default - no validation
   */
  readonly pattern?: string;
  /**
   * How the validation message describes the pattern.
   * @default - the pattern itself
   */
  readonly patternHint?: string;
  /**
   * Hide the value in plan output (a sensitive variable must not have a non-empty default).
   * @default false
   */
  readonly sensitive?: boolean;
}

/** Declares a string variable named `name` (snake_case, as users pass it with --var). */
export function stringVariable(scope: Construct, name: string, spec: VariableSpec): TerraformVariable {
  return new TerraformVariable(scope, name, {
    type: 'string',
    description: spec.description,
    default: spec.default,
    sensitive: spec.sensitive,
    nullable: false,
    validation: spec.pattern ? [{
      condition: `\${can(regex("^${spec.pattern}$", var.${name}))}`,
      errorMessage: `${name} must match ${spec.patternHint ?? spec.pattern}.`,
    }] : undefined,
  });
}

/** Defaults of {@link GcpEnvironment}'s variables. */
export interface GcpEnvironmentDefaults {
  /** Default zone (the region is derived from it). */
  readonly zone: string;
}

/** Project ID and zone variables, and the region derived from the zone. */
export class GcpEnvironment extends Construct {
  public readonly projectId: string;
  public readonly zone: string;
  public readonly region: string;

  constructor(scope: Construct, id: string, defaults: GcpEnvironmentDefaults) {
    super(scope, id);
    this.projectId = stringVariable(scope, 'project_id', {
      description: 'Google Cloud project ID to deploy into.',
      pattern: '[a-z][a-z0-9-]{4,28}[a-z0-9]',
      patternHint: 'a Google Cloud project ID (6-30 lowercase letters, digits, hyphens)',
    }).stringValue;
    this.zone = stringVariable(scope, 'zone', {
      description: 'Zone of the accelerator capacity; the region is derived from it (us-central1-ai1a -> us-central1).',
      default: defaults.zone,
      pattern: '[a-z]+-[a-z]+[0-9]+-[a-z0-9]+',
      patternHint: 'a zone such as us-central1-ai1a',
    }).stringValue;
    this.region = new TerraformLocal(scope, 'region', Fn.element(Fn.regex('^(.+)-[^-]+$', this.zone), 0)).asString;
  }
}

/**
 * A Cloud Storage bucket name variable (e.g. `model_bucket`): one Terraform
 * validation per naming rule, each message naming the fix. The name is global,
 * so there is no default.
 */
export function bucketVariable(scope: Construct, name: string, description: string): TerraformVariable {
  const v = `var.${name}`;
  return new TerraformVariable(scope, name, {
    type: 'string',
    description,
    nullable: false,
    validation: [
      {
        condition: `\${length(${v}) >= 3 && length(${v}) <= 222 && can(regex("^[a-z0-9][-_.a-z0-9]*[a-z0-9]$", ${v}))}`,
        errorMessage: `${name} must be a bucket name: 3-63 characters (up to 222 with dots) of lowercase letters, digits, "-", "_" and ".", starting and ending with a letter or digit. Pass the name without gs://.`,
      },
      {
        condition: `\${alltrue([for part in split(".", ${v}) : length(part) <= 63])}`,
        errorMessage: `${name} has a part longer than 63 characters (a name without dots, or a part between dots): shorten it.`,
      },
      {
        condition: `\${!startswith(${v}, "goog") && !can(regex("g(oo|00)gle", ${v})) && !can(regex("^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$", ${v}))}`,
        errorMessage: `${name} is a name Cloud Storage reserves (starting with "goog", containing "google" or "g00gle", or an IP address): pick another name.`,
      },
    ],
  });
}

/** Declares a bool variable. */
export function boolVariable(scope: Construct, name: string, description: string, defaultValue: boolean): TerraformVariable {
  return new TerraformVariable(scope, name, { type: 'bool', description, default: defaultValue, nullable: false });
}

/** `value` unless it is empty, else `fallback` (Terraform `coalesce` skips empty strings). */
export function orDefault(value: string, fallback: string): string {
  return Fn.coalesce([value, fallback]);
}

/**
 * A sensitive token variable (e.g. `hf_token`). Empty by default: the Secret is
 * still created so pods that reference it start (pre-staged weights need no token).
 */
export function tokenVariable(scope: Construct, name: string, description: string): TerraformVariable {
  return new TerraformVariable(scope, name, { type: 'string', description, default: '', sensitive: true, nullable: false });
}

/**
 * The number variable `<token>_revision` (default 1, an integer >= 1) that
 * {@link SecretSource.fromVariable} turns into `data_wo_revision`: raise it by
 * one to push a changed token to the cluster (a first non-empty token needs no bump).
 */
export function tokenRevision(scope: Construct, tokenName: string): number {
  const name = `${tokenName}_revision`;
  return new TerraformVariable(scope, name, {
    type: 'number',
    description: `Revision of ${tokenName}: raise it by one (2, 3, ...) whenever ${tokenName} changes, so the new value reaches the Secret (Terraform cannot see changes of write-only values).`,
    default: 1,
    nullable: false,
    validation: [{
      condition: `\${var.${name} >= 1 && floor(var.${name}) == var.${name}}`,
      errorMessage: `${name} must be a whole number >= 1: start at 1 and add 1 each time ${tokenName} changes.`,
    }],
  }).numberValue;
}

/** The workload `namespace` variable every stack declares (a Kubernetes namespace name). */
export function namespaceVariable(scope: Construct, description: string, defaultValue: string): string {
  return stringVariable(scope, 'namespace', {
    description, default: defaultValue, pattern: '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a Kubernetes namespace name (1-63 lowercase letters, digits, hyphens)',
  }).stringValue;
}

/**
 * The `deletion_protection` variable of the stack's GKE cluster, on by default: a
 * stray destroy, or a change that replaces the cluster, must not take the cluster
 * and its accelerator capacity with it. Teardown first applies `false` (the
 * provider reads it from the state), then destroys.
 */
export function deletionProtectionVariable(scope: Construct): TerraformVariable {
  return boolVariable(scope, 'deletion_protection',
    'Terraform deletion protection of the GKE cluster. To tear down, apply false first (cdktf deploy <stack> --var deletion_protection=false), then cdktf destroy.', true);
}
