import { ITerraformDependable } from 'cdktf';
import { TpuCapacity, TpuCapacityLedger } from '../tpu/tpu-capacity';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import type { CapacityMode } from './capacity-mode';

/**
 * TPU capacity that workloads are scheduled onto: what it provides, the ledger
 * workloads claim chips from, and the Terraform resources to depend on.
 * Implemented by {@link TpuNodePool}, {@link SuperslicePool} and {@link TpuPoolGroup}.
 */
export interface ITpuPlatform {
  /** Chips and VMs of the platform. */
  readonly capacity: TpuCapacity;
  /** Machine type of every node (one type per platform). */
  readonly machineType: TpuMachineType;
  /** Where workloads claim their chips (synth-time capacity check). */
  readonly ledger: TpuCapacityLedger;
  /** Node pools to create before (and destroy after) the workloads. */
  readonly dependables: readonly ITerraformDependable[];
  /**
   * How the platform's pools obtain their VMs (KueueStack adds the ProvisioningRequest
   * admission check for queued provisioning).
   * @default - not set (the pools' legacy props decide)
   */
  readonly capacityMode?: CapacityMode;
}
