import { Construct } from 'constructs';
import { SliceJobSet } from '../lib/kueue/slice-job-set';
import { WorkloadPriority } from '../lib/kueue/workload-priority';
import { ScenarioStack } from './common/scenario-stack';
import { DynamicSlicingPlatform, DynamicSlicingPlatformProps } from './common/dynamic-slicing-platform';

export interface SuperslicingStackProps extends DynamicSlicingPlatformProps {
  /**
   * Slice requested by the job; 4x4x8 stitches the two 4x4x4 cubes.
   * @default "4x4x8"
   */
  readonly sliceTopology?: string;
}

/**
 * Seed 000 steps 3-7 and 9: the dynamic-slicing platform plus the super-slicing
 * check, one 4x4x8 slice (128 chips, 32 pods) stitched from both cubes.
 */
export class SuperslicingStack extends ScenarioStack {
  public readonly platform: DynamicSlicingPlatform;
  public readonly verification: SliceJobSet;

  constructor(scope: Construct, id: string, props: SuperslicingStackProps = {}) {
    super(scope, id);
    this.platform = new DynamicSlicingPlatform(this, 'Platform', props);
    this.verification = new SliceJobSet(this, 'SuperslicingJobSet', {
      kueue: this.platform.kueue,
      name: 'kueue-jobset-simple-superslicing',
      sliceTopology: props.sliceTopology ?? '4x4x8',
      replicas: 1,
      priority: WorkloadPriority.MEDIUM,
    });
  }
}
