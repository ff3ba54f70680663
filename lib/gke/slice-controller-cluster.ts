import { Construct } from 'constructs';
import { IResolvable } from 'cdktf';
import { EscapeHatch } from '../providers/escape-hatches';
import { ITpuNetwork } from '../network/tpu-network';
import { SliceKind } from '../tpu/slice-topology';
import { GkeAddon } from './gke-addon';
import { GkeCluster, MaintenanceExclusion, ReleaseChannel } from './gke-cluster';
import { GkeFeatureVersions } from './gke-version';
import { GkeVersionSelection } from './gke-version-selection';
import { requireSameRegion } from '../util/locations';

/** Add-ons the dynamic-slicing recipe enables (gcloud `--addons`). */
export const SLICE_CONTROLLER_CLUSTER_ADDONS: readonly GkeAddon[] = [
  GkeAddon.HTTP_LOAD_BALANCING,
  GkeAddon.GCP_FILESTORE_CSI_DRIVER,
  GkeAddon.GCS_FUSE_CSI_DRIVER,
  GkeAddon.HORIZONTAL_POD_AUTOSCALING,
  GkeAddon.NODE_LOCAL_DNS,
];

/** Props of {@link SliceControllerCluster}. */
export interface SliceControllerClusterProps {
  /** Project ID. */
  readonly project: string;
  /** Region of the (regional) cluster. */
  readonly region: string;
  /**
   * Network and subnetwork the cluster runs on: a {@link TpuNetwork}, or an existing
   * (e.g. Shared VPC) network from {@link TpuNetwork.fromNetworkAttributes}, whose
   * secondary range names the cluster uses when given.
   */
  readonly network: ITpuNetwork;
  /** Cluster name (1-40 lowercase letters, digits, hyphens). */
  readonly name: string;
  /**
   * GKE version. Super-slicing needs 1.35.2-gke.1842000 and sub-slicing 1.36.0-gke.3712000
   * (GKE docs), recent builds the Rapid channel's default may not have reached: the
   * cluster checks them with Terraform pre- and postconditions (and a pin at synth time).
   * @default GkeVersionSelection.channelLatest() (the newest Rapid version)
   */
  readonly version?: GkeVersionSelection;
  /**
   * Machine type of the system nodes (they run the controllers: Kueue, JobSet, LWS,
   * the slice controller, managed Prometheus collectors; no TPU workload).
   * @default - GkeCluster's default system machine type (e2-standard-4), one node per zone of the region
   */
  readonly systemMachineType?: string;
  /**
   * System nodes per zone.
   * @default 1
   */
  readonly systemNodesPerZone?: number;
  /**
   * Maintenance exclusions, e.g. a `NO_UPGRADES` window around an event.
   * @default []
   */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * Terraform deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
}

/**
 * The GKE Standard cluster of the dynamic-slicing recipe: regional, Rapid
 * channel, Gateway API, managed Prometheus, Dataplane V2 with metrics, Workload
 * Identity, VPC-native on the TPU subnet, the recipe's add-ons, and the GKE
 * Slice Controller add-on (escape hatch: google >= 7.20.0).
 */
export class SliceControllerCluster extends GkeCluster {
  constructor(scope: Construct, id: string, props: SliceControllerClusterProps) {
    super(scope, id, {
      name: props.name,
      project: props.project,
      location: props.region,
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      podsRangeName: props.network.podsRangeName,
      servicesRangeName: props.network.servicesRangeName,
      releaseChannel: ReleaseChannel.RAPID,
      version: props.version ?? GkeVersionSelection.channelLatest(),
      systemNodePool: { machineType: props.systemMachineType, nodeCountPerZone: props.systemNodesPerZone ?? 1 },
      addons: SLICE_CONTROLLER_CLUSTER_ADDONS,
      gatewayApi: true,
      managedPrometheus: true,
      dataplaneV2: true,
      dataplaneV2Metrics: true,
      workloadIdentity: true,
      maintenanceExclusions: props.maintenanceExclusions,
      deletionProtection: props.deletionProtection,
    });
    requireSameRegion(`Cluster "${props.name}" region`, props.region, `the region of network "${props.network.networkName}" subnets`,
      props.network.region, 'create the TpuNetwork in the cluster\'s region (its subnets are regional)');
    this.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
    EscapeHatch.SLICE_CONTROLLER_ADDON.apply(this.resource, true);
  }

  /**
   * Requires the GKE version `kind` slices need: throws GKE_VERSION_TOO_OLD for a pin
   * below it, otherwise adds the Terraform conditions.
   */
  public requireSliceSupport(kind: SliceKind): void {
    if (kind === SliceKind.SUB_SLICE) this.requireVersion('dynamic sub-slicing', GkeFeatureVersions.SUB_SLICING);
    else this.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
  }
}
