/**
 * The kubernetes and helm providers of a stack, configured from the stack's own
 * GKE cluster: endpoint, CA certificate and an OAuth token of the identity running
 * Terraform (`data.google_client_config`). Nothing here contacts the cluster at
 * plan time for new resources, so a stack that creates its cluster still plans on
 * an empty project.
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
}

/** The stack's `kubernetes` and `helm` providers, configured from its GKE cluster (endpoint, CA, and the caller's access token). */
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
  /** What every in-cluster resource should depend on. */
  public readonly baseDependencies: readonly ITerraformDependable[];

  private constructor(scope: TerraformStack, props: ClusterProvidersProps) {
    super(scope, ID);
    this.cluster = props.cluster;
    this.baseDependencies = [...(props.baseDependencies ?? [])];
    const client = new DataGoogleClientConfig(this, 'ClientConfig', {});
    const host = `https://${props.cluster.resource.endpoint}`;
    const clusterCaCertificate = Fn.base64decode(props.cluster.resource.masterAuth.clusterCaCertificate);

    this.kubernetes = new KubernetesProvider(this, 'kubernetes', { host, token: client.accessToken, clusterCaCertificate });
    this.helm = new HelmProvider(this, 'helm', { kubernetes: { host, token: client.accessToken, clusterCaCertificate } });
    const requirements = ProviderRequirements.of(this);
    requirements.declare('kubernetes');
    requirements.declare('helm');
  }
}
