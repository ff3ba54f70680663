/**
 * The google and google-beta providers of a stack, configured once with the
 * environment's project and region. google-beta is only added to the stack when
 * a construct asks for it (resources that need beta-only fields name it explicitly).
 */
import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { Errors } from '../errors';
import { ProviderRequirements } from './provider-requirements';

/** Props of {@link GoogleProviders.configure}. */
export interface GoogleProvidersProps {
  /** Project ID all resources are created in (usually a Terraform variable). */
  readonly project: string;
  /** Default region. */
  readonly region: string;
}

const ID = 'GoogleProviders';

/** The stack's `google` and `google-beta` providers (one pair per stack), with version constraints managed by {@link ProviderRequirements}. */
export class GoogleProviders extends Construct {
  /** Configures the stack's Google providers. Call once per stack, before creating Google resources. */
  public static configure(scope: Construct, props: GoogleProvidersProps): GoogleProviders {
    const stack = TerraformStack.of(scope);
    if (stack.node.tryFindChild(ID)) {
      throw Errors.providersAlreadyConfigured('GoogleProviders', stack.node.id);
    }
    return new GoogleProviders(stack, props);
  }

  /** The stack's providers; fails with a clear message when `configure` was not called. */
  public static of(scope: Construct): GoogleProviders {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    if (!(found instanceof GoogleProviders)) {
      throw Errors.providersNotConfigured('Google providers', stack.node.id, 'GoogleProviders.configure(stack, { project, region })');
    }
    return found;
  }

  public readonly google: GoogleProvider;
  public readonly project: string;
  public readonly region: string;
  private betaProvider?: GoogleBetaProvider;

  private constructor(scope: TerraformStack, props: GoogleProvidersProps) {
    super(scope, ID);
    this.project = props.project;
    this.region = props.region;
    this.google = new GoogleProvider(this, 'google', { project: props.project, region: props.region });
    ProviderRequirements.of(this).declare('google');
  }

  /** The google-beta provider, added to the stack on first use. */
  public get beta(): GoogleBetaProvider {
    if (!this.betaProvider) {
      this.betaProvider = new GoogleBetaProvider(this, 'google-beta', { project: this.project, region: this.region });
      ProviderRequirements.of(this).declare('google-beta');
    }
    return this.betaProvider;
  }
}
