import { Construct } from 'constructs';
import {
  DynamicSlicingPlatform,
  observedTpuPools,
  scenarioObservability,
  ScenarioObservabilityProps,
  ScenarioStack,
  SliceJobSet,
  StackObservability,
  WorkloadPriority,
} from 'tpu-gke-cdktf';
import { SeedDynamicSlicingProps, seedDynamicSlicingPlatform } from './dynamic-slicing';

export interface SuperslicingStackProps extends SeedDynamicSlicingProps {
  /**
   * Slice requested by the job; 4x4x8 stitches the two 4x4x4 cubes.
   * @default "4x4x8"
   */
  readonly sliceTopology?: string;
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (TPU slices, Kueue);
   * \`false\` leaves them out (also the context key \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
}

/**
 * Seed 000 steps 3-7 and 9: the dynamic-slicing platform plus the super-slicing
 * check, one 4x4x8 slice (128 chips, 32 pods) stitched from both cubes.
 */
export class SuperslicingStack extends ScenarioStack {
  public readonly platform: DynamicSlicingPlatform;
  public readonly verification: SliceJobSet;
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;

  constructor(scope: Construct, id: string, props: SuperslicingStackProps = {}) {
    super(scope, id);
    this.platform = seedDynamicSlicingPlatform(this, props);
    this.verification = new SliceJobSet(this, 'SuperslicingJobSet', {
      kueue: this.platform.kueue,
      name: 'kueue-jobset-simple-superslicing',
      sliceTopology: props.sliceTopology ?? '4x4x8',
      replicas: 1,
      priority: WorkloadPriority.MEDIUM,
    });
    // The verification JobSet's pods expose no metrics: TPU and Kueue panels only.
    this.observability = scenarioObservability(this, props.observability, {
      cluster: this.platform.cluster,
      title: id,
      tpuPools: observedTpuPools(this.platform.pool.pools),
      kueue: this.platform.kueue,
      dependsOn: [this.platform.namespace],
    });
  }
}
