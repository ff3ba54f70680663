import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import { CapacityMode, capacityPoolArgs, CapacityPoolArgs } from './capacity-mode';
import { GpuAccelerator, GpuDriverVersion } from './gpu-accelerator';
import { AcceleratorNodePoolProps, acceleratorNodePoolConfig, nodePoolSize, validateNodePool } from './node-pool-options';

/** Node label GKE sets on GPU nodes to their accelerator type. */
export const GKE_ACCELERATOR_LABEL = 'cloud.google.com/gke-accelerator';

/** Props of {@link GpuNodePool}. */
export interface GpuNodePoolProps extends AcceleratorNodePoolProps {
  /** Machine type, e.g. `g2-standard-4`. */
  readonly machineType: string;
  /** Accelerator, e.g. `GpuAccelerator.NVIDIA_L4` or `nvidia-l4`. */
  readonly accelerator: GpuAccelerator | string;
  /**
   * GPUs per node (gcloud `--accelerator count=`).
   * @default - the machine type's fixed GPU count for catalogued accelerators, else 1
   */
  readonly acceleratorCount?: number;
  /**
   * Driver GKE installs (gcloud `--accelerator gpu-driver-version=`).
   * @default GpuDriverVersion.LATEST
   */
  readonly driverVersion?: GpuDriverVersion;
  /**
   * Nodes (per zone). Ignored with `autoscaling`.
   * @default 1
   */
  readonly nodeCount?: number;
  /**
   * Preemptible VMs (gcloud `--preemptible`; at most 24 hours, then replaced).
   * @default false
   */
  readonly preemptible?: boolean;
}

/**
 * A GKE node pool of GPU VMs (gcloud `node-pools create --accelerator
 * type=...,gpu-driver-version=...`): GKE installs the driver, labels the nodes
 * with the accelerator and taints them `nvidia.com/gpu=present:NoSchedule`.
 * The pool lives in one zone, like the TPU pools next to it.
 */
export class GpuNodePool extends Construct implements ITerraformDependable {
  public readonly resource: ContainerNodePool;
  public readonly name: string;
  public readonly zone: string;
  public readonly machineType: string;
  public readonly accelerator: GpuAccelerator;
  /** GPUs per node. */
  public readonly acceleratorCount: number;
  public readonly driverVersion: GpuDriverVersion;
  /** Nodes in the pool (autoscaled pools: the maximum). */
  public readonly nodeCount: number;
  /** GPUs in the pool (autoscaled pools: at their maximum size). */
  public readonly gpus: number;
  /** Node selector that targets this pool's accelerator type. */
  public readonly nodeSelector: Readonly<Record<string, string>>;
  /** How the pool obtains its VMs (undefined: the legacy `spot` / `preemptible` props decide). */
  public readonly capacityMode?: CapacityMode;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id);
    this.name = validateNodePool(props, this.node.path);
    if (props.spot && props.preemptible) throw Errors.gpuProvisioningConflict(this.name);
    if (TpuMachineType.ALL.some((m) => m.name === props.machineType)) {
      throw Errors.invalidValue(`Node pool "${this.name}" machine type`, props.machineType, ['a GPU machine type such as g2-standard-4'],
        'use TpuNodePool for TPU machine types');
    }
    this.zone = props.zone;
    this.machineType = props.machineType;
    this.accelerator = GpuAccelerator.resolve(props.accelerator);
    const fixed = this.accelerator.gpusPerVm(props.machineType);
    const count = props.acceleratorCount ?? fixed ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw Errors.outOfRange(`Node pool "${this.name}" GPU count`, count, 'an integer >= 1', 'set acceleratorCount to the GPUs per node');
    }
    if (fixed !== undefined && count !== fixed) throw Errors.gpuCountMismatch(this.name, props.machineType, count, fixed);
    this.acceleratorCount = count;
    this.driverVersion = props.driverVersion ?? GpuDriverVersion.LATEST;

    this.capacityMode = props.capacityMode;
    let capacityArgs: CapacityPoolArgs | undefined;
    if (props.capacityMode) {
      capacityArgs = capacityPoolArgs(props.capacityMode, {
        pool: this.name,
        autoscaling: props.autoscaling,
        nodeCount: props.nodeCount,
        legacyProps: [...(props.spot !== undefined ? ['spot'] : []), ...(props.preemptible !== undefined ? ['preemptible'] : [])],
      });
    }
    const size = capacityArgs?.maxNodes !== undefined ? { initialNodeCount: 0, maxNodes: capacityArgs.maxNodes }
      : nodePoolSize(this.name, props.autoscaling, { count: props.nodeCount ?? 1, min: 0, fix: 'set nodeCount, or use autoscaling' });
    this.nodeCount = size.maxNodes;
    this.gpus = this.nodeCount * count;
    this.nodeSelector = { [GKE_ACCELERATOR_LABEL]: this.accelerator.type };

    this.resource = new ContainerNodePool(this, 'NodePool', acceleratorNodePoolConfig(props, size, {
      machineType: props.machineType,
      guestAccelerator: [{
        type: this.accelerator.type,
        count,
        gpuDriverInstallationConfig: { gpuDriverVersion: this.driverVersion },
      }],
      preemptible: props.preemptible || undefined,
      ...capacityArgs?.nodeConfig,
    }, { ...capacityArgs?.pool }));
  }

  public get fqn(): string {
    return this.resource.fqn;
  }

  public get dependables(): readonly ITerraformDependable[] {
    return [this];
  }
}
