import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { SliceJobSet } from '../lib/kueue/slice-job-set';
import { WorkloadPriority } from '../lib/kueue/workload-priority';
import { configureBackend } from './common/backend';
import { DynamicSlicingPlatform, DynamicSlicingPlatformProps } from './common/dynamic-slicing-platform';

export interface SubslicingStackProps extends DynamicSlicingPlatformProps {
  /**
   * Slice requested by each replicated job.
   * @default "2x2x2"
   */
  readonly sliceTopology?: string;
  /**
   * Replicated jobs (one slice each).
   * @default 6
   */
  readonly replicas?: number;
}

/**
 * Seed 000 steps 3-8: the dynamic-slicing platform plus the sub-slicing check,
 * six 2x2x2 slices carved out of the 4x4x4 cubes at low priority.
 */
export class SubslicingStack extends TerraformStack {
  public readonly platform: DynamicSlicingPlatform;
  public readonly verification: SliceJobSet;

  constructor(scope: Construct, id: string, props: SubslicingStackProps = {}) {
    super(scope, id);
    configureBackend(this);
    this.platform = new DynamicSlicingPlatform(this, 'Platform', props);
    this.verification = new SliceJobSet(this, 'SubslicingJobSet', {
      kueue: this.platform.kueue,
      name: 'kueue-jobset-simple-subslicing',
      sliceTopology: props.sliceTopology ?? '2x2x2',
      replicas: props.replicas ?? 6,
      priority: WorkloadPriority.LOW,
    });
  }
}
