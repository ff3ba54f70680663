import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import { TpuCapacity, TpuCapacityLedger } from '../tpu/tpu-capacity';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import type { CapacityMode } from './capacity-mode';
import { TpuNodePool } from './tpu-node-pool';
import { ITpuPlatform } from './tpu-platform';

/** Options of {@link TpuPoolGroup}. */
export interface TpuPoolGroupOptions {
  /**
   * Allow pools of different capacity modes (a fallback chain); the group then has no single `capacityMode`.
   * @default false
   */
  readonly mixedCapacityModes?: boolean;
}

/**
 * Several TPU node pools of one machine type and slice shape seen as one
 * platform (e.g. eight single-host v6e 2x2 pools serving one model): their
 * capacity adds up and workloads claim from one ledger.
 */
export class TpuPoolGroup implements ITpuPlatform {
  public readonly capacity: TpuCapacity;
  public readonly machineType: TpuMachineType;
  public readonly ledger: TpuCapacityLedger;
  public readonly pools: readonly TpuNodePool[];
  /** The pools' capacity mode (they must share one). */
  public readonly capacityMode?: CapacityMode;

  constructor(description: string, pools: readonly TpuNodePool[], options: TpuPoolGroupOptions = {}) {
    if (pools.length === 0) throw Errors.missingProp(`TpuPoolGroup "${description}"`, 'pools', 'a group needs at least one pool');
    const first = pools[0];
    for (const p of pools) {
      if (p.machineType !== first.machineType || !p.shape.topology.equals(first.shape.topology)) {
        throw Errors.invalidValue(`Node pool "${p.name}" in group "${description}"`, `${p.machineType.name} ${p.shape.topology}`,
          [`${first.machineType.name} ${first.shape.topology}`], 'group only pools of the same machine type and slice topology');
      }
    }
    for (const p of options.mixedCapacityModes ? [] : pools) {
      if (p.capacityMode?.kind !== first.capacityMode?.kind) {
        throw Errors.invalidValue(`Capacity mode of node pool "${p.name}" in group "${description}"`, p.capacityMode?.kind ?? 'unset',
          [first.capacityMode?.kind ?? 'unset'], 'give every pool of a group the same capacityMode');
      }
    }
    this.capacityMode = options.mixedCapacityModes ? undefined : first.capacityMode;
    this.pools = [...pools];
    this.machineType = first.machineType;
    this.capacity = {
      generation: first.shape.generation,
      chips: pools.reduce((sum, p) => sum + p.capacity.chips, 0),
      vms: pools.reduce((sum, p) => sum + p.capacity.vms, 0),
    };
    this.ledger = new TpuCapacityLedger(`${description} (${pools.length} pools)`, this.capacity);
  }

  public get dependables(): readonly ITerraformDependable[] {
    return this.pools;
  }

  /** Node selector shared by every pool in the group. */
  public get nodeSelector(): Readonly<Record<string, string>> {
    return this.pools[0].nodeSelector;
  }
}
