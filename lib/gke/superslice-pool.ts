import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import { requireZoneIn } from '../util/locations';
import { TpuCapacity, TpuCapacityLedger } from '../tpu/tpu-capacity';
import { TpuGeneration } from '../tpu/tpu-generation';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import { TPU7X_SUB_BLOCK } from '../tpu/slice-topology';
import { pathName } from '../util/path-names';
import { CapacityMode } from './capacity-mode';
import { IGkeCluster } from './gke-cluster';
import { ReservationAffinity } from './reservation-affinity';
import { ITpuPlatform } from './tpu-platform';
import { TpuNodePool } from './tpu-node-pool';
import { AcceleratorTopologyMode, WorkloadPolicy } from './workload-policy';

/** Props of {@link SuperslicePool}. */
export interface SuperslicePoolProps {
  /** Cluster of the pools. */
  readonly cluster: IGkeCluster;
  /** Region of the workload policy (the cluster's region). */
  readonly region: string;
  /** Zone of the TPU7x reservation, e.g. `us-central1-ai1a`. */
  readonly zone: string;
  /**
   * The All Capacity mode reservation (block) the cubes consume. Either this or
   * `capacityMode` (which must be `CapacityMode.reservation(...)`: a PROVISION_ONLY
   * workload policy needs a specific reservation).
   * @default - none: pass `reservation` or `capacityMode`
   */
  readonly reservation?: ReservationAffinity;
  /**
   * The cubes' capacity mode; only `CapacityMode.reservation({ name, project, block })` is
   * accepted (dynamic slicing provisions TPU7x cubes from an All Capacity mode reservation block).
   * @default - from `reservation`
   */
  readonly capacityMode?: CapacityMode;
  /**
   * Number of 4x4x4 cubes (sub-blocks of the reservation block the pools use); one node pool of 16 VMs each.
   * @default 1 (the smallest platform: set it to the sub-blocks your reservation block holds)
   */
  readonly cubes?: number;
  /**
   * Pool names; pool i is `<poolNamePrefix><i>` (1-based).
   * @default - derived from the construct path, e.g. `platform-superslice-` (unique in the stack)
   */
  readonly poolNamePrefix?: string;
  /**
   * Name of the workload policy.
   * @default - derived from the construct path, e.g. `platform-superslice` (unique in the stack)
   */
  readonly policyName?: string;
}

/**
 * TPU7x capacity for dynamic slicing: a HIGH_THROUGHPUT workload policy
 * (`4x4x4`, `PROVISION_ONLY`) and one 16-node `tpu7x-standard-4t` pool per cube,
 * each bound to the reservation block. The Slice controller later stitches cubes
 * into super-slices or carves them into sub-slices.
 */
export class SuperslicePool extends Construct implements ITpuPlatform {
  public readonly policy: WorkloadPolicy;
  public readonly pools: readonly TpuNodePool[];
  public readonly cubes: number;
  /** Total capacity of the cubes. */
  public readonly capacity: TpuCapacity;
  /** Claims of the workloads scheduled on these cubes; see {@link TpuCapacityLedger}. */
  public readonly ledger: TpuCapacityLedger;
  public readonly machineType = TpuMachineType.TPU7X_STANDARD_4T;
  /** The cubes' capacity mode (undefined when `reservation` was passed). */
  public readonly capacityMode?: CapacityMode;

  constructor(scope: Construct, id: string, props: SuperslicePoolProps) {
    super(scope, id);
    const cubes = props.cubes ?? 1;
    if (!Number.isInteger(cubes) || cubes < 1 || cubes > 144) {
      throw Errors.outOfRange('SuperslicePool cubes', cubes, 'an integer from 1 to 144 (9216 chips)', 'set `cubes` to the number of sub-blocks in your reservation block');
    }
    this.cubes = cubes;
    this.capacityMode = props.capacityMode;
    requireZoneIn('SuperslicePool zone', props.zone, 'the region of the workload policy', props.region,
      'use a zone of the region (the workload policy and the pools must be in the same region)');
    // Pool names are at most 40 characters: room for the cube number (up to 144).
    const prefix = props.poolNamePrefix ?? `${pathName(this, 36)}-`;
    if (props.reservation && props.capacityMode) {
      throw Errors.capacityRule(`SuperslicePool "${id}" capacity mode ${props.capacityMode.kind}`, 'is set together with `reservation`',
        'one way to choose capacity: `capacityMode` or `reservation`', 'remove `reservation` and keep `capacityMode: CapacityMode.reservation(...)`');
    }
    if (!props.reservation && !props.capacityMode) {
      throw Errors.missingProp(`SuperslicePool "${id}"`, 'capacityMode', 'the cubes consume a specific All Capacity mode reservation block: CapacityMode.reservation({ name, project, block })');
    }

    this.policy = new WorkloadPolicy(this, 'WorkloadPolicy', {
      name: props.policyName ?? pathName(this, 63),
      region: props.region,
      acceleratorTopology: TPU7X_SUB_BLOCK.toString(),
      acceleratorTopologyMode: AcceleratorTopologyMode.PROVISION_ONLY,
    });

    const pools: TpuNodePool[] = [];
    for (let i = 1; i <= cubes; i++) {
      pools.push(new TpuNodePool(this, `Cube${i}`, {
        cluster: props.cluster,
        name: `${prefix}${i}`,
        machineType: this.machineType,
        topology: TPU7X_SUB_BLOCK.toString(),
        zone: props.zone,
        workloadPolicy: this.policy,
        reservation: props.reservation,
        capacityMode: props.capacityMode,
      }));
    }
    this.pools = pools;
    this.capacity = {
      generation: TpuGeneration.TPU7X,
      chips: pools.reduce((sum, p) => sum + p.capacity.chips, 0),
      vms: pools.reduce((sum, p) => sum + p.capacity.vms, 0),
    };
    this.ledger = new TpuCapacityLedger(`SuperslicePool "${id}" (${cubes} x 4x4x4 cubes)`, this.capacity);
  }

  /** Terraform dependency on every cube pool (for `dependsOn`). */
  public get dependables(): readonly ITerraformDependable[] {
    return this.pools;
  }
}
