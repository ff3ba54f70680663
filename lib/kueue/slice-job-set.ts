import { Construct } from 'constructs';
import { Errors } from '../errors';
import { GkeFeatureVersions } from '../gke/gke-version';
import { DynamicSliceTopology, SliceKind } from '../tpu/slice-topology';
import { NameRules, validateName } from '../util/names';
import { TpuJobSet, TpuJobSetProps } from '../workloads/tpu-job-set';
import { KueueStack } from './kueue-stack';
import { WorkloadPriority } from './workload-priority';

/** The recipe's check: install JAX for TPU (pinned) and print the device counts the slice exposes. */
export const JAX_DEVICE_COUNT_SCRIPT = [
  'set -ex',
  'printenv',
  // The recipe installs the newest jax[tpu]; pinned to 0.8.2 (a GKE sample's pin for TPU) for repeatable runs.
  'pip install "jax[tpu]==0.8.2" -f https://storage.googleapis.com/jax-releases/libtpu_releases.html',
  'python -c \'import jax; print("Global device count:", jax.device_count(), "Local device count:", jax.local_device_count())\' &&',
  'sleep infinity',
  '',
].join('\n');

/** Props of {@link SliceJobSet}. */
export interface SliceJobSetProps {
  /** Queue, cluster and platform the JobSet runs on. */
  readonly kueue: KueueStack;
  /** JobSet name (also the Helm release name). */
  readonly name: string;
  /** Dynamic slice per replica, e.g. `2x2x2` (sub-slice) or `4x4x8` (super-slice). */
  readonly sliceTopology: string;
  /**
   * Replicated jobs, each on its own slice.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Pods per slice (Job parallelism and completions).
   * @default - slice chips / chips per pod (one pod per TPU VM)
   */
  readonly podsPerSlice?: number;
  /**
   * Kueue priority class (one of the KueueStack's `priorities`).
   * @default - none
   */
  readonly priority?: WorkloadPriority;
  /**
   * Container image.
   * @default "python:3.12"
   */
  readonly image?: string;
  /**
   * Script run with `bash -c`.
   * @default JAX_DEVICE_COUNT_SCRIPT
   */
  readonly script?: string;
  /**
   * Replicated job name.
   * @default "job-jax"
   */
  readonly jobName?: string;
  /**
   * Job backoff limit.
   * @default 10
   */
  readonly backoffLimit?: number;
}

/**
 * A JobSet that runs on tpu7x dynamic slices through Kueue: one replicated job
 * per slice, one pod per TPU VM requesting all its chips, the slice topology as
 * a pod annotation. A {@link TpuJobSet} with the recipe's verification defaults
 * (the JAX device-count container, `job-jax`, 10 retries); checks
 * the topology, the pod count and the platform capacity at synth time.
 */
export class SliceJobSet extends TpuJobSet {
  public readonly slice: DynamicSliceTopology;

  constructor(scope: Construct, id: string, props: SliceJobSetProps) {
    super(scope, id, sliceJobSetProps(props));
    this.slice = this.placement.dynamicSlice!;
  }
}

/** Checks what only SliceJobSet takes (the dynamic-slicing queue, `podsPerSlice`) and maps its props to TpuJobSet's. */
function sliceJobSetProps(props: SliceJobSetProps): TpuJobSetProps {
  const { kueue } = props;
  const name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'JobSet');
  if (!kueue.dynamicSlicing) throw Errors.missingProp('SliceJobSet', 'kueue.dynamicSlicing', 'slices need the Kueue slice controller');
  const slice = DynamicSliceTopology.parse(props.sliceTopology);
  if (slice.kind === SliceKind.SUB_SLICE) kueue.cluster.requireVersion('dynamic sub-slicing', GkeFeatureVersions.SUB_SLICING);
  else kueue.cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);

  // One pod per TPU VM is the only shape that covers the slice; `podsPerSlice` is checked, not free.
  const chipsPerPod = kueue.platform.machineType.chipsPerVm;
  const podsPerSlice = props.podsPerSlice ?? slice.chips / chipsPerPod;
  if (podsPerSlice * chipsPerPod !== slice.chips) {
    throw Errors.podsDoNotCoverSlice(name, podsPerSlice, chipsPerPod, slice.toString(), slice.chips);
  }
  return {
    name,
    queue: kueue,
    topology: props.sliceTopology,
    replicas: props.replicas,
    priority: props.priority,
    jobName: props.jobName ?? 'job-jax',
    backoffLimit: props.backoffLimit ?? 10,
    container: {
      name: 'simple-container',
      image: props.image ?? 'python:3.12',
      command: ['bash', '-c', props.script ?? JAX_DEVICE_COUNT_SCRIPT],
    },
  };
}
