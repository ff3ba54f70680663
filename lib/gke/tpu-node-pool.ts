import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { ContainerNodePool, ContainerNodePoolPlacementPolicy } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { EscapeHatch } from '../providers/escape-hatches';
import { TpuCapacity, TpuCapacityLedger } from '../tpu/tpu-capacity';
import { MultiHostPlacement } from '../tpu/tpu-generation';
import { TpuMachineType, TpuSliceShape, tpuSliceShape } from '../tpu/tpu-machine-type';
import { CapacityKind, CapacityMode, capacityPoolArgs, CapacityPoolArgs } from './capacity-mode';
import { GkeFeatureVersions } from './gke-version';
import { AcceleratorNodePoolProps, acceleratorNodePoolConfig, nodePoolSize, NodePoolSize, validateNodePool } from './node-pool-options';
import { ReservationAffinity } from './reservation-affinity';
import { ITpuPlatform } from './tpu-platform';
import { WorkloadPolicy } from './workload-policy';

/** Props of {@link TpuNodePool}. */
export interface TpuNodePoolProps extends AcceleratorNodePoolProps {
  /** TPU machine type, e.g. `ct6e-standard-4t` or `TpuMachineType.TPU7X_STANDARD_4T`. */
  readonly machineType: TpuMachineType | string;
  /**
   * Multi-host slice topology, e.g. `4x4` (v6e) or `4x4x4` (tpu7x). Omit for a
   * single-host pool: GKE rejects a topology there.
   * @default - single-host
   */
  readonly topology?: string;
  /**
   * Nodes. Multi-host: must equal chips / chips per VM (derived when omitted).
   * Single-host: the number of one-VM slices. Ignored with `autoscaling`.
   * @default - the slice's VM count (multi-host) or 1 (single-host)
   */
  readonly nodeCount?: number;
  /**
   * Workload policy; required for tpu7x multi-host pools, rejected elsewhere.
   * @default - none
   */
  readonly workloadPolicy?: WorkloadPolicy;
  /**
   * Reservation to consume. Prefer `capacityMode: CapacityMode.reservation(...)`.
   * @default - GKE default (any matching reservation)
   */
  readonly reservation?: ReservationAffinity;
  /**
   * gVNIC.
   * @default false
   */
  readonly gvnic?: boolean;
  /**
   * GKE managed DRANET: `network_config.accelerator_network_profile = "auto"`
   * (escape hatch, google >= 7.31.0).
   * @default false
   */
  readonly managedDranet?: boolean;
}

/**
 * A GKE TPU slice node pool whose size, labels and placement come from the TPU
 * catalog: multi-host v5e/v5p/v6e pools get COMPACT placement with the topology;
 * tpu7x multi-host pools reference a workload policy; single-host pools get no
 * placement policy at all.
 */
export class TpuNodePool extends Construct implements ITerraformDependable, ITpuPlatform {
  public readonly resource: ContainerNodePool;
  public readonly name: string;
  public readonly zone: string;
  public readonly shape: TpuSliceShape;
  /** Nodes in the pool (for autoscaled pools: the maximum). */
  public readonly nodeCount: number;
  /** Capacity of the pool (autoscaled pools: at their maximum size). */
  public readonly capacity: TpuCapacity;
  /** Node selector that targets this pool's slices by accelerator and topology. */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  public readonly reservation?: ReservationAffinity;
  /** Claims of workloads scheduled on this pool alone. */
  public readonly ledger: TpuCapacityLedger;
  /** True when GKE managed DRANET (accelerator network profile `auto`) is enabled on the pool. */
  public readonly managedDranet: boolean;
  /** How the pool obtains its VMs (undefined: the legacy `spot` / `reservation` props decide). */
  public readonly capacityMode?: CapacityMode;

  constructor(scope: Construct, id: string, props: TpuNodePoolProps) {
    super(scope, id);
    this.name = validateNodePool(props, this.node.path);
    this.managedDranet = props.managedDranet ?? false;
    if (this.managedDranet) props.cluster.requireVersion('GKE managed DRANET', GkeFeatureVersions.MANAGED_DRANET);
    this.zone = props.zone;
    this.reservation = props.reservation;
    const startsEmpty = props.capacityMode?.startsEmpty ?? false;
    const shape = tpuSliceShape({ machineType: props.machineType, topology: props.topology, nodeCount: props.autoscaling || startsEmpty ? undefined : props.nodeCount });
    this.shape = shape;
    // Placement first: its errors (policy on a single-host or COMPACT pool, topology mismatch) are more specific.
    const placementPolicy = this.placement(shape, props.workloadPolicy);
    this.capacityMode = props.capacityMode;
    let capacityArgs: CapacityPoolArgs | undefined;
    if (props.capacityMode) {
      capacityArgs = capacityPoolArgs(props.capacityMode, {
        pool: this.name,
        autoscaling: props.autoscaling,
        nodeCount: props.nodeCount,
        legacyProps: [...(props.spot !== undefined ? ['spot'] : []), ...(props.reservation ? ['reservation'] : [])],
        tpu: { generation: shape.generation.name, multiHost: shape.multiHost, vms: shape.vms },
        workloadPolicyMode: props.workloadPolicy?.mode,
      });
      if (props.capacityMode.kind === CapacityKind.RESERVATION) this.reservation = props.capacityMode.reservationAffinity;
    } else if (props.workloadPolicy?.mode === 'PROVISION_ONLY' && props.reservation?.config.consumeReservationType !== 'SPECIFIC_RESERVATION') {
      throw Errors.capacityRule(`Node pool "${this.name}" reservation`, `is ${props.reservation?.config.consumeReservationType ?? 'not set'} with a PROVISION_ONLY workload policy (dynamic slicing)`,
        `${CapacityKind.RESERVATION}: dynamic slicing provisions TPU7x cubes from an All Capacity mode reservation block`,
        'use CapacityMode.reservation({ name, project, block }) for the cubes');
    }

    let size: NodePoolSize;
    if (capacityArgs?.maxNodes !== undefined) {
      size = { initialNodeCount: 0, maxNodes: capacityArgs.maxNodes };
    } else if (shape.multiHost) {
      if (props.autoscaling) {
        throw Errors.invalidValue(`Node pool "${this.name}" autoscaling`, 'set', ['fixed-size multi-host pools'],
          'remove `autoscaling`; a multi-host pool is one slice that scales all-or-nothing');
      }
      size = { nodeCount: shape.vms, maxNodes: shape.vms };
    } else {
      size = nodePoolSize(this.name, props.autoscaling, { count: props.nodeCount ?? 1, min: 1, fix: 'set nodeCount to the number of single-host slices' });
    }
    this.nodeCount = size.maxNodes;
    this.capacity = {
      generation: shape.generation,
      chips: this.nodeCount * shape.machineType.chipsPerVm,
      vms: this.nodeCount,
    };
    this.ledger = new TpuCapacityLedger(`node pool "${this.name}"`, this.capacity);
    this.nodeSelector = {
      'cloud.google.com/gke-tpu-accelerator': shape.generation.acceleratorLabel,
      'cloud.google.com/gke-tpu-topology': shape.topology.toString(),
    };

    this.resource = new ContainerNodePool(this, 'NodePool', acceleratorNodePoolConfig(props, size, {
      machineType: shape.machineType.name,
      gvnic: props.gvnic ? { enabled: true } : undefined,
      reservationAffinity: props.reservation?.config,
      ...capacityArgs?.nodeConfig,
    }, { placementPolicy, ...capacityArgs?.pool }));
    if (this.managedDranet) EscapeHatch.ACCELERATOR_NETWORK_PROFILE.apply(this.resource, 'auto');
  }

  public get fqn(): string {
    return this.resource.fqn;
  }

  public get machineType(): TpuMachineType {
    return this.shape.machineType;
  }

  public get dependables(): readonly ITerraformDependable[] {
    return [this];
  }

  private placement(shape: TpuSliceShape, policy: WorkloadPolicy | undefined): ContainerNodePoolPlacementPolicy | undefined {
    if (!shape.multiHost) {
      if (policy) throw Errors.workloadPolicyOnSingleHost(shape.machineType.name);
      return undefined;
    }
    if (shape.placement === MultiHostPlacement.COMPACT) {
      if (policy) {
        throw Errors.placementNotSupported(shape.machineType.name, `workload policy "${policy.name}"`,
          `COMPACT placement with tpu_topology (${shape.generation.name})`);
      }
      return { type: 'COMPACT', tpuTopology: shape.topology.toString() };
    }
    if (!policy) throw Errors.workloadPolicyRequired(shape.machineType.name, shape.topology.toString());
    if (!policy.topology.equals(shape.topology)) throw Errors.workloadPolicyMismatch(policy.topology.toString(), shape.topology.toString());
    // GKE stores no placement type for workload-policy pools (gcloud sends only the policy
    // name) and echoes the topology back; writing both the same way avoids a diff. The name is
    // a reference, so Terraform creates the policy first, destroys it last (GCE refuses to
    // delete a policy in use) and replaces the pools when the policy is replaced.
    return { type: '', policyName: policy.resource.name, tpuTopology: shape.topology.toString() };
  }
}
