/**
 * The kubernetes and helm providers of a stack, configured from the stack's own
 * GKE cluster: endpoint, CA certificate, and credentials of the identity running
 * Terraform. By default the providers run `gke-gcloud-auth-plugin` whenever they
 * connect, so no credential is written to the plan or the state; an access token
 * read through `data.google_client_config` (stored in state) is an explicit
 * opt-in. Nothing here contacts the cluster at plan time for new resources, so a
 * stack that creates its cluster still plans on an empty project.
 */
import { Construct } from 'constructs';
import { Fn, ITerraformDependable, TerraformStack } from 'cdktf';
import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Errors } from '../errors';
import { ProviderRequirements } from '../providers/provider-requirements';
import { IGkeCluster } from '../gke/gke-cluster';

const ID = 'ClusterProviders';

/** How the kubernetes and helm providers authenticate to the cluster. */
export enum ClusterCredentials {
  /**
   * The providers run {@link GKE_AUTH_PLUGIN_EXEC} (`gke-gcloud-auth-plugin` with
   * Application Default Credentials, the identity the google provider uses) each
   * time they connect. Nothing is stored in the plan or the state, and a long
   * apply gets a fresh token whenever the provider reconnects. The machine
   * running Terraform needs the plugin on its PATH.
   */
  GKE_AUTH_PLUGIN = 'gke-auth-plugin',
  /**
   * `token = data.google_client_config.access_token`: no plugin needed, but the
   * OAuth access token of the identity running Terraform (valid about an hour) is
   * stored in the state and in saved plans, so anyone who can read them can act
   * as that identity until the token expires. Only for machines where the plugin
   * cannot be installed, with state access limited to the identity itself.
   */
  ACCESS_TOKEN_IN_STATE = 'access-token-in-state',
}

/** Exec credential plugin configuration written by {@link ClusterCredentials.GKE_AUTH_PLUGIN}. */
export interface ExecCredentialPlugin {
  /** ExecCredential API version. */
  readonly apiVersion: string;
  /** Executable looked up on the PATH. */
  readonly command: string;
  /** Arguments. */
  readonly args: readonly string[];
}

/**
 * `gke-gcloud-auth-plugin --use_application_default_credentials`: the token comes
 * from Application Default Credentials (a Workload Identity Federation credential
 * file in CI, `gcloud auth application-default login` on a workstation), the same
 * source as the google provider's, so both act as one identity.
 */
export const GKE_AUTH_PLUGIN_EXEC: ExecCredentialPlugin = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'gke-gcloud-auth-plugin',
  args: ['--use_application_default_credentials'],
};

/** Props of {@link ClusterProviders.configure}. */
export interface ClusterProvidersProps {
  /** The cluster the providers talk to. */
  readonly cluster: IGkeCluster;
  /**
   * Resources every in-cluster object depends on besides the cluster (e.g. the
   * system node pool the controllers run on), so destroy removes in-cluster objects
   * first.
   * @default []
   */
  readonly baseDependencies?: readonly ITerraformDependable[];
  /**
   * How the providers authenticate. {@link ClusterCredentials.ACCESS_TOKEN_IN_STATE}
   * stores an access token in the state; choose it only where the plugin cannot run.
   * @default ClusterCredentials.GKE_AUTH_PLUGIN
   */
  readonly credentials?: ClusterCredentials;
}

/** The stack's `kubernetes` and `helm` providers, configured from its GKE cluster (endpoint, CA, and credentials from `gke-gcloud-auth-plugin` unless a token in state is chosen). */
export class ClusterProviders extends Construct {
  /** Configures the stack's kubernetes and helm providers. Call once per stack. */
  public static configure(scope: Construct, props: ClusterProvidersProps): ClusterProviders {
    const stack = TerraformStack.of(scope);
    if (stack.node.tryFindChild(ID)) throw Errors.providersAlreadyConfigured('ClusterProviders', stack.node.id);
    return new ClusterProviders(stack, props);
  }

  /** The stack's cluster providers; fails clearly when `configure` was not called. */
  public static of(scope: Construct): ClusterProviders {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    if (!(found instanceof ClusterProviders)) {
      throw Errors.providersNotConfigured('cluster providers', stack.node.id, 'ClusterProviders.configure(stack, { cluster })');
    }
    return found;
  }

  public readonly cluster: IGkeCluster;
  public readonly kubernetes: KubernetesProvider;
  public readonly helm: HelmProvider;
  /** How the providers authenticate. */
  public readonly credentials: ClusterCredentials;
  /** What every in-cluster resource should depend on. */
  public readonly baseDependencies: readonly ITerraformDependable[];

  private constructor(scope: TerraformStack, props: ClusterProvidersProps) {
    super(scope, ID);
    this.cluster = props.cluster;
    this.baseDependencies = [...(props.baseDependencies ?? [])];
    this.credentials = props.credentials ?? ClusterCredentials.GKE_AUTH_PLUGIN;
    const host = `https://${props.cluster.resource.endpoint}`;
    const clusterCaCertificate = Fn.base64decode(props.cluster.resource.masterAuth.clusterCaCertificate);

    if (this.credentials === ClusterCredentials.ACCESS_TOKEN_IN_STATE) {
      const token = new DataGoogleClientConfig(this, 'ClientConfig', {}).accessToken;
      this.kubernetes = new KubernetesProvider(this, 'kubernetes', { host, token, clusterCaCertificate });
      this.helm = new HelmProvider(this, 'helm', { kubernetes: { host, token, clusterCaCertificate } });
    } else {
      const exec = { apiVersion: GKE_AUTH_PLUGIN_EXEC.apiVersion, command: GKE_AUTH_PLUGIN_EXEC.command, args: [...GKE_AUTH_PLUGIN_EXEC.args] };
      // kubernetes 2.x: `exec` is a nested block; helm 3.x: `kubernetes` and its `exec` are object attributes.
      this.kubernetes = new KubernetesProvider(this, 'kubernetes', { host, clusterCaCertificate, exec: [exec] });
      this.helm = new HelmProvider(this, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });
    }
    const requirements = ProviderRequirements.of(this);
    requirements.declare('kubernetes');
    requirements.declare('helm');
  }
}
