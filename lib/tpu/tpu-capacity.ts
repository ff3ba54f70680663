import { Errors } from '../errors';
import { TpuGeneration } from './tpu-generation';

/** TPU capacity a pool (or a set of pools) provides. */
export interface TpuCapacity {
  /** TPU generation of the chips. */
  readonly generation: TpuGeneration;
  /** Total chips. */
  readonly chips: number;
  /** Total VMs (nodes). */
  readonly vms: number;
}

/** A workload's claim on a capacity ledger. */
export interface TpuCapacityClaim {
  /** Who claims (named in capacity errors). */
  readonly name: string;
  /** Chips claimed. */
  readonly chips: number;
}

/**
 * The one place capacity is checked: workloads claim chips from the capacity of
 * the pools they run on, and a claim that does not fit fails at synth time,
 * naming the earlier claims.
 */
export class TpuCapacityLedger {
  private readonly claimsList: TpuCapacityClaim[] = [];

  constructor(
    /** What the capacity is, for messages (e.g. `SuperslicePool "tpu7"`). */
    public readonly description: string,
    public readonly capacity: TpuCapacity,
  ) {}

  /** Claims `chips` of `generation` for `name`; throws OUT_OF_RANGE, GENERATION_MISMATCH or CAPACITY_EXCEEDED. */
  public claim(name: string, chips: number, generation?: TpuGeneration): void {
    // A negative or fractional claim would hand chips back to the ledger.
    if (!Number.isInteger(chips) || chips < 0) {
      throw Errors.outOfRange(`TPU chips claimed by workload "${name}" on ${this.description}`, chips, 'an integer >= 0',
        'claim a whole, non-negative number of chips');
    }
    if (generation && generation !== this.capacity.generation) {
      throw Errors.generationMismatch(`Workload "${name}"`, generation.name, this.capacity.generation.name);
    }
    if (chips > this.remaining) {
      throw Errors.capacityExceeded(`Workload "${name}" on ${this.description} (${this.capacity.chips} chips)`, chips, this.remaining,
        this.claimsList.map((c) => `${c.name}: ${c.chips}`));
    }
    this.claimsList.push({ name, chips });
  }

  public get claimed(): number {
    return this.claimsList.reduce((sum, c) => sum + c.chips, 0);
  }

  public get remaining(): number {
    return this.capacity.chips - this.claimed;
  }

  public get claims(): readonly TpuCapacityClaim[] {
    return [...this.claimsList];
  }
}
