import { Errors } from '../errors';
import { TpuTopology } from './tpu-topology';

/** How GKE places a multi-host TPU slice node pool. */
export enum MultiHostPlacement {
  /** `placement_policy { type = "COMPACT", tpu_topology = ... }` (v5e, v5p, v6e). */
  COMPACT = 'COMPACT',
  /** A workload policy referenced by name; GKE rejects COMPACT placement (tpu7x). */
  WORKLOAD_POLICY = 'WORKLOAD_POLICY',
}

interface GenerationSpec {
  readonly name: string;
  readonly acceleratorLabel: string;
  readonly rank: 2 | 3;
  readonly tensorCoresPerChip: number;
  readonly placement: MultiHostPlacement;
  /** Multi-host topologies listed by GKE (2D generations: the complete list). */
  readonly listed: readonly string[];
  /** 3D generations: larger slices are A x B x C, multiples of 4, A <= B <= C, up to this many chips. */
  readonly maxCubeChips?: number;
}

/**
 * A Cloud TPU generation as GKE exposes it: the node label value, TensorCores per
 * chip, which multi-host topologies exist and how multi-host pools are placed.
 *
 * Sources: GKE "About TPUs in GKE" / "Plan TPUs in GKE" (topology rules, labels),
 * Cloud TPU v5e, v5p, v6e and TPU7x pages (TensorCores, maximum slices),
 * GKE "About Ironwood (TPU7x)" (workload policies).
 */
export class TpuGeneration {
  /** TPU v5e (v5 lite). */
  public static readonly V5E = new TpuGeneration({
    name: 'v5e', acceleratorLabel: 'tpu-v5-lite-podslice', rank: 2, tensorCoresPerChip: 1,
    placement: MultiHostPlacement.COMPACT, listed: ['2x4', '4x4', '4x8', '8x8', '8x16', '16x16'],
  });

  /** TPU v5p. */
  public static readonly V5P = new TpuGeneration({
    name: 'v5p', acceleratorLabel: 'tpu-v5p-slice', rank: 3, tensorCoresPerChip: 2,
    placement: MultiHostPlacement.COMPACT, listed: ['2x2x2', '2x2x4', '2x4x4'], maxCubeChips: 16 * 16 * 24,
  });

  /** TPU v6e (Trillium). */
  public static readonly V6E = new TpuGeneration({
    name: 'v6e', acceleratorLabel: 'tpu-v6e-slice', rank: 2, tensorCoresPerChip: 1,
    placement: MultiHostPlacement.COMPACT, listed: ['2x4', '4x4', '4x8', '8x8', '8x16', '16x16'],
  });

  /** TPU7x (Ironwood). */
  public static readonly TPU7X = new TpuGeneration({
    name: 'tpu7x', acceleratorLabel: 'tpu7x', rank: 3, tensorCoresPerChip: 2,
    placement: MultiHostPlacement.WORKLOAD_POLICY, listed: ['2x2x2', '2x2x4', '2x4x4'], maxCubeChips: 9216,
  });

  public static readonly ALL: readonly TpuGeneration[] = [TpuGeneration.V5E, TpuGeneration.V5P, TpuGeneration.V6E, TpuGeneration.TPU7X];

  /** Looks a generation up by name (`v5e`, `v5p`, `v6e`, `tpu7x`) or node label value. */
  public static of(nameOrLabel: string): TpuGeneration {
    const found = TpuGeneration.ALL.find((g) => g.name === nameOrLabel || g.acceleratorLabel === nameOrLabel);
    if (!found) throw Errors.unknownGeneration(nameOrLabel, TpuGeneration.ALL.map((g) => g.name));
    return found;
  }

  /** Short name, e.g. `v6e`. */
  public readonly name: string;
  /** Value of the node label `cloud.google.com/gke-tpu-accelerator`. */
  public readonly acceleratorLabel: string;
  /** Dimensions of its topologies (2 or 3). */
  public readonly rank: 2 | 3;
  /** TensorCores per chip (what JAX counts as devices). */
  public readonly tensorCoresPerChip: number;
  /** Placement of multi-host pools. */
  public readonly multiHostPlacement: MultiHostPlacement;
  private readonly listed: readonly string[];
  private readonly maxCubeChips?: number;

  private constructor(spec: GenerationSpec) {
    this.name = spec.name;
    this.acceleratorLabel = spec.acceleratorLabel;
    this.rank = spec.rank;
    this.tensorCoresPerChip = spec.tensorCoresPerChip;
    this.multiHostPlacement = spec.placement;
    this.listed = spec.listed;
    this.maxCubeChips = spec.maxCubeChips;
  }

  /** True when GKE supports `topology` as a multi-host slice of this generation. */
  public isMultiHostTopology(topology: TpuTopology): boolean {
    if (topology.rank !== this.rank) return false;
    if (this.listed.includes(topology.toString())) return true;
    return this.maxCubeChips !== undefined && isCubeMultiple(topology, this.maxCubeChips);
  }

  /** Human-readable description of the valid multi-host topologies, for error messages. */
  public describeMultiHostTopologies(): string {
    const list = this.listed.map((t) => `"${t}"`).join(', ');
    return this.maxCubeChips === undefined
      ? list
      : `${list}, then AxBxC with every side a multiple of 4, A <= B <= C and at most ${this.maxCubeChips} chips (e.g. "4x4x4", "4x4x8")`;
  }

  /** The listed multi-host topologies (3D generations: the small ones; larger follow the cube rule). */
  public get listedMultiHostTopologies(): readonly string[] {
    return this.listed;
  }

  /** Parses and checks the rank of a topology for this generation. */
  public parseTopology(text: string): TpuTopology {
    const topology = TpuTopology.parse(text);
    if (topology.rank !== this.rank) throw Errors.topologyDimensions(text, this.name, this.rank);
    return topology;
  }

  public toString(): string {
    return this.name;
  }
}

/** 3D slices of whole 4x4x4 cubes: sides multiples of 4, non-decreasing, bounded in chips. */
export function isCubeMultiple(topology: TpuTopology, maxChips: number): boolean {
  const [a, b, c] = topology.dims;
  return topology.rank === 3 && [a, b, c].every((d) => d % 4 === 0) && a <= b && b <= c && topology.chips <= maxChips;
}
