/** A Kueue WorkloadPriorityClass: name, value and description. */
export class WorkloadPriority {
  /** `low-priority-1000`: the recipe's sub-slicing verification job. */
  public static readonly LOW = new WorkloadPriority('low-priority-1000', 1000, 'Low priority workloads');
  /** `medium-priority-2000`: the recipe's super-slicing verification job. */
  public static readonly MEDIUM = new WorkloadPriority('medium-priority-2000', 2000, 'Medium priority workloads');
  /** `high-priority-3000`: the recipe's prefill/decode serving. */
  public static readonly HIGH = new WorkloadPriority('high-priority-3000', 3000, 'High priority workloads');

  /** The three classes of the recipe. */
  public static readonly RECIPE: readonly WorkloadPriority[] = [WorkloadPriority.LOW, WorkloadPriority.MEDIUM, WorkloadPriority.HIGH];

  constructor(public readonly name: string, public readonly value: number, public readonly description: string) {}
}
