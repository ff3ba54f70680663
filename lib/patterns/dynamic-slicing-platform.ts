/**
 * The tpu7x dynamic-slicing platform (the recipe of seed 000 steps 3-7): network,
 * Slice Controller cluster, superslice cubes, controllers and Kueue objects.
 */
import { Construct } from 'constructs';
import { IResolvable } from 'cdktf';
import { ClusterProviders } from '../k8s/cluster-providers';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { KueueObjectNames, KueueStack, SliceControllerSource } from '../kueue/kueue-stack';
import { WorkloadPriority } from '../kueue/workload-priority';
import { MaintenanceExclusion } from '../gke/gke-cluster';
import { GkeVersionSelection } from '../gke/gke-version-selection';
import { ReservationAffinity } from '../gke/reservation-affinity';
import { SliceControllerCluster } from '../gke/slice-controller-cluster';
import { SuperslicePool } from '../gke/superslice-pool';
import { TpuNetwork } from '../network/tpu-network';
import { pathName } from '../util/path-names';

/** Props of {@link DynamicSlicingPlatform}. */
export interface DynamicSlicingPlatformProps {
  /** Project ID. */
  readonly project: string;
  /** Region of the network, cluster and workload policy. */
  readonly region: string;
  /** Zone of the TPU7x reservation, e.g. `us-central1-ai1a`. */
  readonly zone: string;
  /** The All Capacity mode reservation (block) the cubes consume, e.g. `ReservationAffinity.specific({ name, block })`. */
  readonly reservation: ReservationAffinity;
  /**
   * The Kueue slice controller manifest, pinned by SHA-256 (e.g.
   * `Seed000.sliceController(sha256)` for the recipe's build).
   */
  readonly sliceController: SliceControllerSource;
  /**
   * Namespace of the workloads (the LocalQueue's).
   * @default - derived from the construct path (e.g. `platform`)
   */
  readonly namespace?: string;
  /**
   * Cluster name.
   * @default - derived from the construct path (e.g. `platform`)
   */
  readonly clusterName?: string;
  /**
   * Network name prefix (`<prefix>-main`, `-tpu`, `-proxy`, `-allow-internal`).
   * @default - derived from the construct path (e.g. `platform`)
   */
  readonly networkPrefix?: string;
  /**
   * GKE version (Rapid channel). Super-slicing needs 1.35.2-gke.1842000 and sub-slicing
   * 1.36.0-gke.3712000; Terraform preconditions check the chosen version.
   * @default GkeVersionSelection.channelLatest() (the newest Rapid version)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * 4x4x4 cubes (16-node pools) in the reservation block.
   * @default 1
   */
  readonly cubes?: number;
  /**
   * Prefix of the cube node pool names (`<prefix>1`, ...).
   * @default - derived from the construct path
   */
  readonly poolNamePrefix?: string;
  /**
   * Name of the workload policy of the cubes.
   * @default - derived from the construct path
   */
  readonly workloadPolicyName?: string;
  /**
   * Names of the Kueue objects.
   * @default - derived from the construct path
   */
  readonly kueueNames?: KueueObjectNames;
  /**
   * Maintenance exclusions for the cluster.
   * @default []
   */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * Terraform deletion protection of the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
  /**
   * Machine type of the cluster's system nodes.
   * @default - SliceControllerCluster's default
   */
  readonly systemMachineType?: string;
  /**
   * Kueue WorkloadPriorityClasses to create.
   * @default - KueueStack's default
   */
  readonly priorities?: readonly WorkloadPriority[];
}

/**
 * A tpu7x dynamic-slicing platform: a {@link TpuNetwork}, a
 * {@link SliceControllerCluster} (with its Kubernetes and Helm providers), the
 * {@link SuperslicePool} cubes in a reservation block, the workload namespace
 * and a {@link KueueStack} with the slice controller. It creates no Terraform
 * variables or Google providers: the stack passes values and configures the
 * Google provider. Names default to the construct path, so two platforms in one
 * stack do not collide.
 */
export class DynamicSlicingPlatform extends Construct {
  public readonly network: TpuNetwork;
  public readonly cluster: SliceControllerCluster;
  public readonly pool: SuperslicePool;
  public readonly namespace: K8sNamespace;
  public readonly kueue: KueueStack;

  constructor(scope: Construct, id: string, props: DynamicSlicingPlatformProps) {
    super(scope, id);
    const base = pathName(this, 40);
    this.network = new TpuNetwork(this, 'Network', { region: props.region, namePrefix: props.networkPrefix ?? pathName(this, 48) });
    this.cluster = new SliceControllerCluster(this, 'Cluster', {
      project: props.project,
      region: props.region,
      network: this.network,
      name: props.clusterName ?? base,
      version: props.gkeVersion,
      maintenanceExclusions: props.maintenanceExclusions,
      deletionProtection: props.deletionProtection,
      systemMachineType: props.systemMachineType,
    });
    ClusterProviders.configure(scope, { cluster: this.cluster, baseDependencies: [this.cluster.systemNodePool] });

    this.pool = new SuperslicePool(this, 'Superslice', {
      cluster: this.cluster,
      region: props.region,
      zone: props.zone,
      cubes: props.cubes,
      poolNamePrefix: props.poolNamePrefix,
      policyName: props.workloadPolicyName,
      reservation: props.reservation,
    });
    this.namespace = new K8sNamespace(this, 'WorkloadNamespace', { name: props.namespace ?? pathName(this, 63), cluster: this.cluster });
    this.kueue = new KueueStack(this, 'Kueue', {
      cluster: this.cluster, platform: this.pool, workloadNamespace: this.namespace, sliceController: props.sliceController, names: props.kueueNames,
      priorities: props.priorities,
    });
  }
}
