import { ITerraformDependable } from 'cdktf';
import { IGkeCluster } from '../gke/gke-cluster';
import { GkeFeatureVersions } from '../gke/gke-version';
import { TpuNodePool } from '../gke/tpu-node-pool';
import { COMPUTE_CLASS_LABEL, computeClass } from '../k8s/compute-class';
import { K8sObject, Labels } from '../k8s/types';
import { TpuCapacityLedger } from '../tpu/tpu-capacity';
import { TpuMachineType, TpuSliceShape, tpuSliceShape } from '../tpu/tpu-machine-type';
import { NameRules, validateName } from '../util/names';

/** Node label GKE sets to a node's zone. */
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Props of {@link TpuSliceTarget.computeClass}. */
export interface ComputeClassTargetProps {
  /** The cluster (Autopilot, or Standard with node pool auto-creation). */
  readonly cluster: IGkeCluster;
  /** TPU machine type of the nodes, e.g. `ct6e-standard-4t`. */
  readonly machineType: TpuMachineType | string;
  /**
   * Slice topology, e.g. `4x4`. Omit for a single-host slice of one VM.
   * @default - the machine type's own (single-host) topology
   */
  readonly topology?: string;
  /**
   * ComputeClass name (cluster-scoped: targets of the same shape on one cluster need their own names).
   * @default - `<accelerator label>-<topology>` of the slice, e.g. `tpu-v6e-slice-4x4`
   */
  readonly name?: string;
  /**
   * GKE managed DRANET on the nodes the class creates (`dra.networking` and
   * accelerator network profile `auto`).
   * @default true
   */
  readonly managedDranet?: boolean;
  /**
   * Zone the TPU pods must land in (pod nodeSelector `topology.kubernetes.io/zone`),
   * e.g. the zone of the capacity and of the weights' Anywhere Cache.
   * @default - any zone of the cluster's region
   */
  readonly zone?: string;
}

/**
 * Where the TPU hosts of a serving workload run, and what that implies for its
 * pods: the slice shape from the catalog, the node selector, the capacity ledger
 * to claim chips from, objects to ship with the workload and resources to wait for.
 *
 * - {@link TpuSliceTarget.nodePool}: a Standard cluster's TPU slice node pool.
 * - {@link TpuSliceTarget.computeClass}: a ComputeClass that makes GKE create the
 *   slice on demand (Autopilot); the class object ships with the workload.
 */
export abstract class TpuSliceTarget {
  /** Pods go to the slice of `pool`; chips are claimed on the pool's ledger. */
  public static nodePool(pool: TpuNodePool): TpuSliceTarget {
    return new NodePoolTarget(pool);
  }

  /** Pods select a ComputeClass that auto-creates one slice of `topology` per workload replica. */
  public static computeClass(props: ComputeClassTargetProps): TpuSliceTarget {
    return new ComputeClassTarget(props);
  }

  /** The slice one workload replica occupies. */
  public abstract readonly shape: TpuSliceShape;
  /** nodeSelector of the TPU pods. */
  public abstract readonly nodeSelector: Labels;
  /** Ledger the workload claims its chips from. */
  public abstract readonly ledger: TpuCapacityLedger;
  /** True when the nodes have GKE managed DRANET, so pods can claim `netdev.google.com` devices. */
  public abstract readonly managedDranet: boolean;
  /** Objects to ship with the workload, before its pods (e.g. the ComputeClass). */
  public abstract readonly objects: readonly K8sObject[];
  /** Resources to create before the workload (and destroy after it). */
  public abstract readonly dependables: readonly ITerraformDependable[];
}

class NodePoolTarget extends TpuSliceTarget {
  public readonly shape: TpuSliceShape;
  public readonly nodeSelector: Labels;
  public readonly ledger: TpuCapacityLedger;
  public readonly managedDranet: boolean;
  public readonly objects: readonly K8sObject[] = [];
  public readonly dependables: readonly ITerraformDependable[];

  constructor(pool: TpuNodePool) {
    super();
    this.shape = pool.shape;
    this.nodeSelector = pool.nodeSelector;
    this.ledger = pool.ledger;
    this.managedDranet = pool.managedDranet;
    this.dependables = pool.dependables;
  }
}

class ComputeClassTarget extends TpuSliceTarget {
  public readonly shape: TpuSliceShape;
  public readonly nodeSelector: Labels;
  public readonly ledger: TpuCapacityLedger;
  public readonly managedDranet: boolean;
  public readonly objects: readonly K8sObject[];
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(props: ComputeClassTargetProps) {
    super();
    this.shape = tpuSliceShape({ machineType: props.machineType, topology: props.topology });
    const name = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.name ?? `${this.shape.generation.acceleratorLabel}-${this.shape.topology}`, 'ComputeClass');
    this.managedDranet = props.managedDranet ?? true;
    if (this.managedDranet) props.cluster.requireVersion('GKE managed DRANET', GkeFeatureVersions.MANAGED_DRANET);
    this.nodeSelector = {
      'cloud.google.com/gke-tpu-accelerator': this.shape.generation.acceleratorLabel,
      'cloud.google.com/gke-tpu-topology': this.shape.topology.toString(),
      [COMPUTE_CLASS_LABEL]: name,
      ...(props.zone ? { [ZONE_LABEL]: props.zone } : {}),
    };
    // One auto-created slice per workload replica: the ledger holds exactly one.
    this.ledger = new TpuCapacityLedger(`ComputeClass "${name}" (one ${this.shape.topology} slice)`, {
      generation: this.shape.generation, chips: this.shape.chips, vms: this.shape.vms,
    });
    this.objects = [computeClass({
      name,
      nodePoolAutoCreation: true,
      draNetworking: this.managedDranet ? true : undefined,
      priorities: [{
        machineType: this.shape.machineType.name,
        acceleratorNetworkProfile: this.managedDranet ? 'auto' : undefined,
      }],
    })];
  }
}
