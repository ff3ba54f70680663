/**
 * Provider version constraints of a stack.
 *
 * The prebuilt bindings are generated from google/google-beta 6.50.0, kubernetes
 * 2.38.0 and helm 3.1.1, and cdktf would pin exactly those versions. We replace the
 * pins with ranges: the baseline below, raised to the minimum version of every
 * escape hatch the stack actually uses (see `escape-hatches.ts`). The upper bound
 * stops before the next major version, whose removals we have not checked.
 */
import { Construct } from 'constructs';
import { Lazy, TerraformStack } from 'cdktf';
import { rejectSensitiveDefaults } from './sensitive-variables';

/** Providers whose version constraints the library writes. */
export type ProviderName = 'google' | 'google-beta' | 'kubernetes' | 'helm' | 'http';

interface ProviderBaseline {
  readonly source: string;
  /** Lowest version the emitted JSON works with when no escape hatch is used. */
  readonly minimum: string;
  /** First version excluded (the next major). */
  readonly below: string;
}

/** Source and version range of each provider when no escape hatch raises the minimum. */
export const PROVIDER_BASELINES: Readonly<Record<ProviderName, ProviderBaseline>> = {
  'google': { source: 'hashicorp/google', minimum: '6.50.0', below: '8.0.0' },
  'google-beta': { source: 'hashicorp/google-beta', minimum: '6.50.0', below: '8.0.0' },
  'kubernetes': { source: 'hashicorp/kubernetes', minimum: '2.38.0', below: '3.0.0' },
  'helm': { source: 'hashicorp/helm', minimum: '3.1.1', below: '4.0.0' },
  'http': { source: 'hashicorp/http', minimum: '3.4.0', below: '4.0.0' },
};

/** Terraform CLI constraint of every stack (write-only arguments need 1.11). */
export const TERRAFORM_REQUIRED_VERSION = '>= 1.11.0';

/** A reason a stack needs at least `minimum` of `provider`. */
export interface ProviderRequirement {
  /** Provider the requirement applies to. */
  readonly provider: ProviderName;
  /** Lowest provider version that works. */
  readonly minimum: string;
  /** Why (usually the field an escape hatch writes). */
  readonly reason: string;
}

/** Compares dotted numeric versions ("7.24.0" > "7.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const ID = 'ProviderRequirements';

/**
 * Per-stack singleton that owns `terraform.required_providers` and
 * `terraform.required_version`. Use {@link ProviderRequirements.of}.
 */
export class ProviderRequirements extends Construct {
  /** The stack's instance, created on first use. */
  public static of(scope: Construct): ProviderRequirements {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ID);
    return existing instanceof ProviderRequirements ? existing : new ProviderRequirements(stack);
  }

  private readonly declared = new Set<ProviderName>();
  private readonly requirements: ProviderRequirement[] = [];

  private constructor(private readonly stack: TerraformStack) {
    super(stack, ID);
    stack.addOverride('terraform.required_version', TERRAFORM_REQUIRED_VERSION);
    // Every stack built with the library: a sensitive variable's default would land in cdk.tf.json.
    rejectSensitiveDefaults(stack);
  }

  /** Records that the stack configures `provider`; writes its source and version range. */
  public declare(provider: ProviderName): void {
    if (this.declared.has(provider)) return;
    this.declared.add(provider);
    this.stack.addOverride(`terraform.required_providers.${provider}`, {
      source: PROVIDER_BASELINES[provider].source,
      version: Lazy.stringValue({ produce: () => this.constraint(provider) }),
    });
  }

  /** Raises the minimum version of `provider` (e.g. for an escape hatch). */
  public require(requirement: ProviderRequirement): void {
    this.declare(requirement.provider);
    this.requirements.push(requirement);
  }

  /** The version constraint written for `provider`, e.g. `>= 7.24.0, < 8.0.0`. */
  public constraint(provider: ProviderName): string {
    const baseline = PROVIDER_BASELINES[provider];
    const minimum = this.requirements
      .filter((r) => r.provider === provider)
      .map((r) => r.minimum)
      .reduce((max, v) => (compareVersions(v, max) > 0 ? v : max), baseline.minimum);
    return `>= ${minimum}, < ${baseline.below}`;
  }

  /** Every recorded requirement, in the order they were added. */
  public get all(): readonly ProviderRequirement[] {
    return [...this.requirements];
  }
}
