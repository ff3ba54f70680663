import { Construct } from 'constructs';
import { IResolvable, ITerraformDependable } from 'cdktf';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { NameRules, validateName } from '../util/names';
import { GkeAddon } from './gke-addon';
import { IGkeCluster, ReleaseChannel } from './gke-cluster';
import { GkeVersion } from './gke-version';
import { NodeServiceAccount, nodeServiceAccountId } from './node-service-account';
import { GkeClusterVersion, GkeVersionSelection } from './gke-version-selection';

/** Props of {@link AutopilotCluster}. */
export interface AutopilotClusterProps {
  /** Cluster name (1-40 lowercase letters, digits, hyphens). */
  readonly name: string;
  /** Project ID (used for the Workload Identity pool). */
  readonly project: string;
  /** Region of the cluster (Autopilot clusters are regional). */
  readonly region: string;
  /**
   * VPC network self link / ID.
   * @default - the project's `default` network
   */
  readonly network?: string;
  /**
   * Subnetwork self link / ID.
   * @default - the network's subnet in the region
   */
  readonly subnetwork?: string;
  /**
   * Release channel (Autopilot clusters are always enrolled in one).
   * @default ReleaseChannel.REGULAR
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * GKE version of the control plane (see {@link GkeClusterProps.version}); feature
   * minimums are enforced with Terraform pre- and postconditions.
   * @default GkeVersionSelection.channelDefault()
   */
  readonly version?: GkeVersionSelection;
  /**
   * Add-ons to enable on top of the ones Autopilot always runs (e.g. `GkeAddon.RAY_OPERATOR`,
   * gcloud `create-auto --enable-ray-operator`).
   * @default []
   */
  readonly addons?: readonly GkeAddon[];
  /**
   * Email of an existing IAM service account the nodes GKE creates run as.
   * @default - a dedicated account `<name>-nodes` ({@link NodeServiceAccount}) with the
   * least-privilege GKE node role, instead of the default Compute Engine account
   */
  readonly nodeServiceAccount?: string;
  /**
   * Terraform deletion protection of the cluster. Must be false for `cdktf destroy`.
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
}

/**
 * A GKE Autopilot cluster (gcloud `container clusters create-auto`). GKE manages
 * the nodes: workloads pick hardware with ComputeClasses and node selectors, and
 * node pools cannot be added. Autopilot always runs Dataplane V2, Workload
 * Identity (pool `<project>.svc.id.goog`) and the GCS FUSE CSI driver, so none of
 * them is written here.
 */
export class AutopilotCluster extends Construct implements IGkeCluster {
  /** Cluster name. */
  public readonly name: string;
  /** Region of the cluster. */
  public readonly location: string;
  /** Project ID. */
  public readonly project: string;
  /** The Terraform resource. */
  public readonly resource: ContainerCluster;
  /** Workload Identity pool (`<project>.svc.id.goog`, always on in Autopilot). */
  public readonly workloadPool: string;
  /** The version selection, its data source and the version conditions. */
  public readonly version: GkeClusterVersion;
  /** Always true. */
  public readonly autopilot = true;
  /** Email of the service account the nodes run as (`auto_provisioning_defaults.service_account`). */
  public readonly nodeServiceAccountEmail: string;
  /** The dedicated node service account (unless `nodeServiceAccount` named an existing one). */
  public readonly nodeServiceAccount?: NodeServiceAccount;

  constructor(scope: Construct, id: string, props: AutopilotClusterProps) {
    super(scope, id);
    validateName(NameRules.GKE_CLUSTER, props.name);
    this.name = props.name;
    this.location = props.region;
    this.project = props.project;
    this.workloadPool = `${props.project}.svc.id.goog`;
    const channel = props.releaseChannel ?? ReleaseChannel.REGULAR;
    this.version = new GkeClusterVersion(this, 'Version', {
      selection: props.version ?? GkeVersionSelection.channelDefault(), channel, location: props.region, project: props.project,
    });

    if (props.nodeServiceAccount === undefined) {
      this.nodeServiceAccount = new NodeServiceAccount(this, 'NodeServiceAccount', { project: props.project, accountId: nodeServiceAccountId(props.name) });
    }
    this.nodeServiceAccountEmail = props.nodeServiceAccount ?? this.nodeServiceAccount!.email;

    this.resource = new ContainerCluster(this, 'Cluster', {
      dependsOn: this.nodeServiceAccount ? [...this.nodeServiceAccount.grants] : undefined,
      name: props.name,
      location: props.region,
      enableAutopilot: true,
      // gcloud create-auto --service-account: the account of every node GKE provisions.
      clusterAutoscaling: { autoProvisioningDefaults: { serviceAccount: this.nodeServiceAccountEmail } },
      network: props.network,
      subnetwork: props.subnetwork,
      releaseChannel: { channel },
      minMasterVersion: this.version.minMasterVersion,
      deletionProtection: props.deletionProtection ?? true,
      addonsConfig: GkeAddon.toAddonsConfig(props.addons ?? []),
    });
    this.version.bind(this.resource);
  }

  /** The lowest GKE version the cluster is known to run at synth time (see {@link IGkeCluster.minVersion}). */
  public get minVersion(): GkeVersion | undefined {
    return this.version.floor;
  }

  /** Terraform ID of the cluster (see {@link IGkeCluster.clusterId}). */
  public get clusterId(): string {
    return this.resource.id;
  }

  /** Control-plane endpoint (see {@link IGkeCluster.endpoint}). */
  public get endpoint(): string {
    return this.resource.endpoint;
  }

  /** CA certificate, base64 (see {@link IGkeCluster.clusterCaCertificate}). */
  public get clusterCaCertificate(): string {
    return this.resource.masterAuth.clusterCaCertificate;
  }

  /** The cluster resource (see {@link IGkeCluster.dependable}). */
  public get dependable(): ITerraformDependable {
    return this.resource;
  }

  /** Requires GKE `minimum` for `feature` (see {@link IGkeCluster.requireVersion}). */
  public requireVersion(feature: string, minimum: GkeVersion): void {
    this.version.require(feature, minimum);
  }
}
