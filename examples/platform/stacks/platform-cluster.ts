import { Construct } from 'constructs';
import { ClusterProviders, ClusterProvidersProps, GkeCluster, TpuNetwork } from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';

/** Props of {@link PlatformCluster}. */
export interface PlatformClusterProps {
  /** Cluster name (also the network's name prefix). */
  readonly name: string;
  /** Region of the network and the regional cluster. */
  readonly region: string;
  /**
   * Alias of the cluster's kubernetes and helm providers.
   * @default - the library's (none for the stack's first cluster)
   */
  readonly providerAlias?: ClusterProvidersProps['alias'];
}

/**
 * The platform team's standard cluster: its own VPC (TpuNetwork), a regional GKE
 * cluster with Workload Identity, and the cluster's kubernetes/helm providers, so
 * every in-cluster construct given this cluster deploys into it.
 */
export class PlatformCluster extends Construct {
  public readonly network: TpuNetwork;
  public readonly cluster: GkeCluster;
  public readonly providers: ClusterProviders;

  constructor(scope: Construct, id: string, props: PlatformClusterProps) {
    super(scope, id);
    this.network = new TpuNetwork(this, 'Network', { region: props.region, namePrefix: props.name });
    this.cluster = new GkeCluster(this, 'Cluster', {
      name: props.name,
      project: PLATFORM.project,
      location: props.region,
      network: this.network.networkId,
      subnetwork: this.network.subnetworkId,
      workloadIdentity: true,
      deletionProtection: false,
    });
    this.providers = ClusterProviders.configure(this, {
      cluster: this.cluster, baseDependencies: [this.cluster.systemNodePool], alias: props.providerAlias,
    });
  }
}
