import { Errors } from '../errors';
import { isCubeMultiple, TpuGeneration } from './tpu-generation';
import { TpuTopology } from './tpu-topology';

/** tpu7x sub-slices: partitions of one 4x4x4 sub-block (GKE "Schedule dynamic slices with Kueue and TAS"). */
export const TPU7X_SUB_SLICE_TOPOLOGIES: readonly string[] = ['2x2x1', '2x2x2', '2x2x4', '2x4x4'];

/** One tpu7x sub-block: 16 VMs, 64 chips. */
export const TPU7X_SUB_BLOCK = TpuTopology.parse('4x4x4');

/** Whether a dynamic slice fits inside one sub-block or stitches several. */
export enum SliceKind {
  /** Part of one 4x4x4 sub-block (2x2x1 up to 2x4x4). */
  SUB_SLICE = 'SUB_SLICE',
  /** Whole sub-blocks stitched together (4x4x4 and larger). */
  SUPER_SLICE = 'SUPER_SLICE',
}

/** A tpu7x dynamic slice requested with the pod annotation `cloud.google.com/gke-tpu-slice-topology`. */
export class DynamicSliceTopology {
  /** Parses and validates a tpu7x dynamic-slicing topology. */
  public static parse(text: string): DynamicSliceTopology {
    const generation = TpuGeneration.TPU7X;
    const topology = TpuTopology.parse(text);
    if (TPU7X_SUB_SLICE_TOPOLOGIES.includes(text)) return new DynamicSliceTopology(topology, SliceKind.SUB_SLICE);
    if (isCubeMultiple(topology, 9216)) return new DynamicSliceTopology(topology, SliceKind.SUPER_SLICE);
    throw Errors.invalidSliceTopology(text, [...TPU7X_SUB_SLICE_TOPOLOGIES, '4x4x4', '4x4x8', '4x8x8', '8x8x8',
      `... (AxBxC, sides multiples of 4, A <= B <= C, at most 9216 chips; ${generation.name})`]);
  }

  private constructor(public readonly topology: TpuTopology, public readonly kind: SliceKind) {}

  public get chips(): number {
    return this.topology.chips;
  }

  /** tpu7x-standard-4t VMs in the slice. */
  public get vms(): number {
    return this.topology.chips / 4;
  }

  /** Sub-blocks (4x4x4 cubes) the slice occupies: a sub-slice lives inside one. */
  public get subBlocks(): number {
    return this.kind === SliceKind.SUB_SLICE ? 1 : this.topology.chips / TPU7X_SUB_BLOCK.chips;
  }

  /** TensorCores in the slice (JAX devices): 2 per tpu7x chip. */
  public get tensorCores(): number {
    return this.topology.chips * TpuGeneration.TPU7X.tensorCoresPerChip;
  }

  public toString(): string {
    return this.topology.toString();
  }
}

/** Pod annotation that requests a dynamic slice of the given topology. */
export const SLICE_TOPOLOGY_ANNOTATION = 'cloud.google.com/gke-tpu-slice-topology';
