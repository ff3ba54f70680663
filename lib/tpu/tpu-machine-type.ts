import { Errors } from '../errors';
import { MultiHostPlacement, TpuGeneration } from './tpu-generation';
import { TpuTopology } from './tpu-topology';

interface MachineTypeSpec {
  readonly name: string;
  readonly generation: TpuGeneration;
  readonly chipsPerVm: number;
  readonly singleHostTopology: string;
  readonly multiHost: boolean;
  readonly vcpus: number;
  readonly memoryGb: number;
}

/**
 * A GKE TPU machine type: chips per VM, the single-host slice it forms, whether it
 * builds multi-host slices, and its vCPU/memory (for quota and request sizing).
 *
 * Sources: Cloud TPU v5e/v5p/v6e/TPU7x pages and GKE "Plan TPUs in GKE".
 * `tpu7x-standard-1t` appears in tooling but not in the GKE docs, so it is not listed.
 */
export class TpuMachineType {
  public static readonly CT5LP_HIGHTPU_1T = new TpuMachineType({ name: 'ct5lp-hightpu-1t', generation: TpuGeneration.V5E, chipsPerVm: 1, singleHostTopology: '1x1', multiHost: false, vcpus: 24, memoryGb: 48 });
  public static readonly CT5LP_HIGHTPU_4T = new TpuMachineType({ name: 'ct5lp-hightpu-4t', generation: TpuGeneration.V5E, chipsPerVm: 4, singleHostTopology: '2x2', multiHost: true, vcpus: 112, memoryGb: 192 });
  public static readonly CT5LP_HIGHTPU_8T = new TpuMachineType({ name: 'ct5lp-hightpu-8t', generation: TpuGeneration.V5E, chipsPerVm: 8, singleHostTopology: '2x4', multiHost: false, vcpus: 224, memoryGb: 384 });
  public static readonly CT5P_HIGHTPU_4T = new TpuMachineType({ name: 'ct5p-hightpu-4t', generation: TpuGeneration.V5P, chipsPerVm: 4, singleHostTopology: '2x2x1', multiHost: true, vcpus: 208, memoryGb: 448 });
  public static readonly CT6E_STANDARD_1T = new TpuMachineType({ name: 'ct6e-standard-1t', generation: TpuGeneration.V6E, chipsPerVm: 1, singleHostTopology: '1x1', multiHost: false, vcpus: 44, memoryGb: 176 });
  public static readonly CT6E_STANDARD_4T = new TpuMachineType({ name: 'ct6e-standard-4t', generation: TpuGeneration.V6E, chipsPerVm: 4, singleHostTopology: '2x2', multiHost: true, vcpus: 180, memoryGb: 720 });
  public static readonly CT6E_STANDARD_8T = new TpuMachineType({ name: 'ct6e-standard-8t', generation: TpuGeneration.V6E, chipsPerVm: 8, singleHostTopology: '2x4', multiHost: false, vcpus: 180, memoryGb: 1440 });
  public static readonly TPU7X_STANDARD_4T = new TpuMachineType({ name: 'tpu7x-standard-4t', generation: TpuGeneration.TPU7X, chipsPerVm: 4, singleHostTopology: '2x2x1', multiHost: true, vcpus: 224, memoryGb: 960 });

  public static readonly ALL: readonly TpuMachineType[] = [
    TpuMachineType.CT5LP_HIGHTPU_1T, TpuMachineType.CT5LP_HIGHTPU_4T, TpuMachineType.CT5LP_HIGHTPU_8T,
    TpuMachineType.CT5P_HIGHTPU_4T,
    TpuMachineType.CT6E_STANDARD_1T, TpuMachineType.CT6E_STANDARD_4T, TpuMachineType.CT6E_STANDARD_8T,
    TpuMachineType.TPU7X_STANDARD_4T,
  ];

  /** Looks a machine type up by name; throws UNKNOWN_MACHINE_TYPE with the closest names otherwise. */
  public static of(name: string): TpuMachineType {
    const found = TpuMachineType.ALL.find((m) => m.name === name);
    if (!found) throw Errors.unknownMachineType(name, TpuMachineType.ALL.map((m) => m.name));
    return found;
  }

  /** Accepts a machine type object or its name. */
  public static resolve(value: TpuMachineType | string): TpuMachineType {
    return typeof value === 'string' ? TpuMachineType.of(value) : value;
  }

  public readonly name: string;
  public readonly generation: TpuGeneration;
  public readonly chipsPerVm: number;
  /** The slice one VM forms on its own (e.g. 2x2 for ct6e-standard-4t). */
  public readonly singleHostTopology: TpuTopology;
  /** True when VMs of this type combine into multi-host slices. */
  public readonly supportsMultiHost: boolean;
  public readonly vcpus: number;
  /** Memory in GB as published for the machine type. */
  public readonly memoryGb: number;

  private constructor(spec: MachineTypeSpec) {
    this.name = spec.name;
    this.generation = spec.generation;
    this.chipsPerVm = spec.chipsPerVm;
    this.singleHostTopology = TpuTopology.parse(spec.singleHostTopology);
    this.supportsMultiHost = spec.multiHost;
    this.vcpus = spec.vcpus;
    this.memoryGb = spec.memoryGb;
  }

  /** Every topology this machine type can form, for messages: the single-host one, then multi-host ones. */
  public describeTopologies(): string {
    const multi = this.supportsMultiHost ? `; multi-host: ${this.generation.describeMultiHostTopologies()}` : '';
    return `single-host: none (omit the topology; the VM forms "${this.singleHostTopology}")${multi}`;
  }

  public toString(): string {
    return this.name;
  }
}

/** The shape of one TPU slice node pool, derived from the catalog. */
export interface TpuSliceShape {
  /** Machine type of every VM of the slice. */
  readonly machineType: TpuMachineType;
  /** TPU generation of the machine type. */
  readonly generation: TpuGeneration;
  /** The slice topology (for single-host pools: the machine's own topology). */
  readonly topology: TpuTopology;
  /** True when the slice spans more than one VM. */
  readonly multiHost: boolean;
  /** VMs (nodes) in the slice: chips / chips per VM. */
  readonly vms: number;
  /** Chips in the slice. */
  readonly chips: number;
  /**
   * How GKE places the pool (multi-host only).
   * @default - none (single-host slices have no placement)
   */
  readonly placement?: MultiHostPlacement;
}

/** Input of {@link tpuSliceShape}. */
export interface TpuSliceShapeProps {
  /** Machine type (object or name). */
  readonly machineType: TpuMachineType | string;
  /**
   * Multi-host slice topology. Omit for single-host pools: GKE rejects a topology
   * on them (and still labels the nodes with the machine's own topology).
   * @default - single-host slice of one VM
   */
  readonly topology?: string;
  /**
   * Node count of a multi-host pool, checked against the topology.
   * @default - derived: chips / chips per VM
   */
  readonly nodeCount?: number;
}

/**
 * Validates a machine type / topology / node count combination against the
 * catalog and returns the derived slice shape. Errors name the value, the allowed
 * set and the fix.
 */
export function tpuSliceShape(props: TpuSliceShapeProps): TpuSliceShape {
  const machineType = TpuMachineType.resolve(props.machineType);
  const generation = machineType.generation;

  if (props.topology === undefined) {
    // A single-host pool is a set of independent one-VM slices; the node count is the number of slices.
    return { machineType, generation, topology: machineType.singleHostTopology, multiHost: false, vms: 1, chips: machineType.chipsPerVm };
  }

  const topology = generation.parseTopology(props.topology);
  if (topology.chips === machineType.chipsPerVm) {
    if (topology.equals(machineType.singleHostTopology)) throw Errors.singleHostTopologyRejected(props.topology, machineType.name);
    throw Errors.topologyDoesNotFitMachineType(props.topology, machineType.name, [machineType.describeTopologies()]);
  }
  if (!generation.isMultiHostTopology(topology)) {
    throw Errors.topologyInvalidForGeneration(props.topology, generation.name,
      generation.listedMultiHostTopologies, generation.describeMultiHostTopologies());
  }
  if (!machineType.supportsMultiHost || topology.chips % machineType.chipsPerVm !== 0) {
    const fitting = TpuMachineType.ALL.filter((m) => m.generation === generation && m.supportsMultiHost).map((m) => m.name);
    throw Errors.topologyDoesNotFitMachineType(props.topology, machineType.name,
      [`${machineType.describeTopologies()}; multi-host "${props.topology}" needs ${fitting.join(' or ')}`]);
  }
  const vms = topology.chips / machineType.chipsPerVm;
  if (props.nodeCount !== undefined && props.nodeCount !== vms) {
    throw Errors.nodeCountMismatch(props.nodeCount, props.topology, machineType.name, vms);
  }
  return {
    machineType, generation, topology, multiHost: true, vms, chips: topology.chips,
    placement: generation.multiHostPlacement,
  };
}
