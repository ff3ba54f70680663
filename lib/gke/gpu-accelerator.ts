/**
 * GPU vocabulary for GKE node pools: accelerator types, the machine types they
 * come with, and the driver versions GKE installs.
 */
import { Errors } from '../errors';

/** Driver GKE installs on GPU nodes (`gpu_driver_installation_config.gpu_driver_version`). */
export enum GpuDriverVersion {
  /** The default driver of the node's GKE version. */
  DEFAULT = 'DEFAULT',
  /** The latest driver available for the node's GKE version (gcloud `gpu-driver-version=LATEST`). */
  LATEST = 'LATEST',
  /** No driver; install it yourself (e.g. with the NVIDIA driver DaemonSet). */
  INSTALLATION_DISABLED = 'INSTALLATION_DISABLED',
}

const ACCELERATOR_TYPE = /^nvidia-[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * A GPU accelerator type as GKE names it (node label `cloud.google.com/gke-accelerator`).
 * Types in the catalog know the machine types they attach to: their GPU count per
 * VM is fixed, so pools are checked at synth time. Other types are accepted with
 * {@link GpuAccelerator.of} and checked by GKE.
 */
export class GpuAccelerator {
  /** NVIDIA L4 on G2 machines: 1 GPU on g2-standard-4/8/12/16/32, 2 on -24, 4 on -48, 8 on -96. */
  public static readonly NVIDIA_L4 = new GpuAccelerator('nvidia-l4', {
    'g2-standard-4': 1, 'g2-standard-8': 1, 'g2-standard-12': 1, 'g2-standard-16': 1,
    'g2-standard-24': 2, 'g2-standard-32': 1, 'g2-standard-48': 4, 'g2-standard-96': 8,
  });

  /** Accelerator types with a machine catalog. */
  public static readonly CATALOG: readonly GpuAccelerator[] = [GpuAccelerator.NVIDIA_L4];

  /** The catalog entry for `type`, or an uncatalogued accelerator of that type. */
  public static of(type: string): GpuAccelerator {
    const known = GpuAccelerator.CATALOG.find((a) => a.type === type);
    if (known) return known;
    if (!ACCELERATOR_TYPE.test(type)) {
      throw Errors.invalidValue('GPU accelerator type', type, GpuAccelerator.CATALOG.map((a) => a.type).concat(['nvidia-<model>']),
        'use the accelerator name gcloud lists (`gcloud compute accelerator-types list`), e.g. "nvidia-l4"');
    }
    return new GpuAccelerator(type);
  }

  /** Accepts an accelerator object or its type name. */
  public static resolve(value: GpuAccelerator | string): GpuAccelerator {
    return typeof value === 'string' ? GpuAccelerator.of(value) : value;
  }

  /** Accelerator type, e.g. `nvidia-l4`. */
  public readonly type: string;
  private readonly machines?: Readonly<Record<string, number>>;

  private constructor(type: string, machines?: Readonly<Record<string, number>>) {
    this.type = type;
    this.machines = machines;
  }

  /** Machine types this accelerator attaches to (empty when not catalogued). */
  public get machineTypes(): readonly string[] {
    return Object.keys(this.machines ?? {});
  }

  /**
   * GPUs per VM of `machineType`: the catalog's fixed count, or undefined when the
   * accelerator is not catalogued. Throws when a catalogued accelerator does not
   * come with that machine type.
   */
  public gpusPerVm(machineType: string): number | undefined {
    if (!this.machines) return undefined;
    const count = this.machines[machineType];
    if (count === undefined) {
      throw Errors.invalidValue(`${this.type} machine type`, machineType, this.machineTypes,
        `${this.type} GPUs come only with the listed machine types`);
    }
    return count;
  }

  public toString(): string {
    return this.type;
  }
}
