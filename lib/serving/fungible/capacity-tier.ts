/**
 * Capacity tiers of a {@link FungibleComputeClass}: each tier is one node pool
 * (TPU or GPU) that the class lists, most preferred first.
 */
import { Errors } from '../../errors';
import { GpuAccelerator, GpuDriverVersion } from '../../gke/gpu-accelerator';
import { NodePoolAutoscaling } from '../../gke/node-pool-options';
import type { CapacityMode } from '../../gke/capacity-mode';
import { ReservationAffinity } from '../../gke/reservation-affinity';
import { TpuMachineType } from '../../tpu/tpu-machine-type';

/** The accelerator a tier's nodes carry. */
export enum AcceleratorKind {
  /** Cloud TPU (node taint `google.com/tpu`). */
  TPU = 'tpu',
  /** NVIDIA GPU (node taint `nvidia.com/gpu`). */
  GPU = 'gpu',
}

/** Options every tier has. */
export interface CapacityTierBaseProps {
  /** Node pool name (1-40 lowercase letters, digits, hyphens); also the `nodepools` entry of the class. */
  readonly name: string;
  /**
   * Zone of the pool.
   * @default - the FungibleComputeClass `zone`
   */
  readonly zone?: string;
  /**
   * Cluster autoscaler bounds (per zone) and the initial size.
   * @default - a fixed pool of `nodeCount` nodes
   */
  readonly autoscaling?: NodePoolAutoscaling;
  /**
   * Nodes of a fixed-size pool (ignored with `autoscaling`).
   * @default 1
   */
  readonly nodeCount?: number;
  /**
   * Spot VMs. Prefer `capacityMode: CapacityMode.spot()`.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * How the tier's pool obtains its VMs (see {@link CapacityMode}); replaces `spot`,
   * `reservation` and `preemptible`, with the same synth-time rules as the pools.
   * @default - the legacy props decide
   */
  readonly capacityMode?: CapacityMode;
}

/** A single-host TPU tier. */
export interface TpuTierProps extends CapacityTierBaseProps {
  /** Single-host TPU machine type, e.g. `ct6e-standard-1t`. */
  readonly machineType: TpuMachineType | string;
  /**
   * The slice topology, for the record: it must be the machine type's single-host
   * topology (e.g. `1x1` for ct6e-standard-1t). One replica runs per TPU VM, so
   * multi-host slices are rejected. GKE takes no topology for single-host pools,
   * so none is sent.
   * @default - the machine type's single-host topology
   */
  readonly topology?: string;
  /**
   * Reservation to consume (capping TPU autoscaling at what you reserved avoids the
   * long stockout fallback; see docs/fungibility.md).
   * @default - GKE default (any matching reservation)
   */
  readonly reservation?: ReservationAffinity;
}

/** A GPU tier. */
export interface GpuTierProps extends CapacityTierBaseProps {
  /** Machine type, e.g. `g2-standard-4`. */
  readonly machineType: string;
  /**
   * GPU accelerator.
   * @default GpuAccelerator.NVIDIA_L4
   */
  readonly accelerator?: GpuAccelerator | string;
  /**
   * GPUs per node.
   * @default - the machine type's fixed GPU count (catalogued accelerators), else 1
   */
  readonly acceleratorCount?: number;
  /**
   * Driver GKE installs.
   * @default GpuDriverVersion.LATEST
   */
  readonly driverVersion?: GpuDriverVersion;
  /**
   * Preemptible VMs (the seed's `l4-spot` pool uses `--preemptible`).
   * @default false
   */
  readonly preemptible?: boolean;
}

/** One tier of a fungible class: a node pool the ComputeClass prefers in list order. */
export abstract class CapacityTier {
  /** A single-host TPU node pool tier. */
  public static tpu(props: TpuTierProps): TpuCapacityTier {
    return new TpuCapacityTier(props);
  }

  /** A GPU node pool tier. */
  public static gpu(props: GpuTierProps): GpuCapacityTier {
    return new GpuCapacityTier(props);
  }

  /** Accelerator kind of the tier's nodes. */
  public abstract readonly kind: AcceleratorKind;
  /** Node pool name. */
  public readonly name: string;

  protected constructor(
    /** The tier's props as declared. */
    public readonly props: CapacityTierBaseProps,
  ) {
    this.name = props.name;
  }
}

/** A TPU tier (see {@link CapacityTier.tpu}). */
export class TpuCapacityTier extends CapacityTier {
  public readonly kind = AcceleratorKind.TPU;
  public readonly machineType: TpuMachineType;

  constructor(public readonly props: TpuTierProps) {
    super(props);
    this.machineType = TpuMachineType.resolve(props.machineType);
    if (props.topology !== undefined) {
      const singleHost = this.machineType.singleHostTopology.toString();
      const topology = this.machineType.generation.parseTopology(props.topology);
      if (!topology.equals(this.machineType.singleHostTopology)) {
        throw Errors.tierNotSingleHost(props.name, props.topology, this.machineType.name, singleHost);
      }
    }
  }
}

/** A GPU tier (see {@link CapacityTier.gpu}). */
export class GpuCapacityTier extends CapacityTier {
  public readonly kind = AcceleratorKind.GPU;
  public readonly accelerator: GpuAccelerator;

  constructor(public readonly props: GpuTierProps) {
    super(props);
    this.accelerator = GpuAccelerator.resolve(props.accelerator ?? GpuAccelerator.NVIDIA_L4);
  }
}
