import { Construct } from 'constructs';
import { Errors } from '../errors';
import { GkeFeatureVersions } from '../gke/gke-version';
import { jobSet } from '../k8s/jobset';
import { kueueWorkloadLabels } from '../k8s/kueue';
import { ManifestRelease } from '../k8s/manifest-release';
import { TPU_TOLERATION } from '../k8s/types';
import { DynamicSliceTopology, SLICE_TOPOLOGY_ANNOTATION, SliceKind } from '../tpu/slice-topology';
import { NameRules, validateName } from '../util/names';
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
   * Kueue priority class.
   * @default WorkloadPriority.LOW
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
 * a pod annotation. Checks the topology, the pod count and the platform capacity
 * at synth time.
 */
export class SliceJobSet extends Construct {
  public readonly release: ManifestRelease;
  public readonly slice: DynamicSliceTopology;
  public readonly replicas: number;
  public readonly podsPerSlice: number;
  /** Chips the JobSet occupies in total. */
  public readonly chips: number;

  constructor(scope: Construct, id: string, props: SliceJobSetProps) {
    super(scope, id);
    const { kueue } = props;
    const name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'JobSet');
    if (!kueue.dynamicSlicing) throw Errors.missingProp('SliceJobSet', 'kueue.dynamicSlicing', 'slices need the Kueue slice controller');
    this.slice = DynamicSliceTopology.parse(props.sliceTopology);
    if (this.slice.kind === SliceKind.SUB_SLICE) kueue.cluster.requireVersion('dynamic sub-slicing', GkeFeatureVersions.SUB_SLICING);
    else kueue.cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);

    const chipsPerPod = kueue.platform.machineType.chipsPerVm;
    this.podsPerSlice = props.podsPerSlice ?? this.slice.chips / chipsPerPod;
    if (this.podsPerSlice * chipsPerPod !== this.slice.chips) {
      throw Errors.podsDoNotCoverSlice(name, this.podsPerSlice, chipsPerPod, this.slice.toString(), this.slice.chips);
    }
    this.replicas = props.replicas ?? 1;
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      throw Errors.outOfRange(`JobSet "${name}" replicas`, this.replicas, 'an integer >= 1', 'set `replicas` to the number of slices to run');
    }
    this.chips = this.replicas * this.slice.chips;
    kueue.platform.ledger.claim(name, this.chips, kueue.platform.capacity.generation);

    const priority = kueue.priorityClassName(props.priority ?? WorkloadPriority.LOW);
    const chips = String(chipsPerPod);
    const object = jobSet({
      name,
      namespace: kueue.namespace.name,
      labels: kueueWorkloadLabels(kueue.localQueueName, priority),
      replicatedJobs: [{
        name: props.jobName ?? 'job-jax',
        replicas: this.replicas,
        parallelism: this.podsPerSlice,
        completions: this.podsPerSlice,
        backoffLimit: props.backoffLimit ?? 10,
        template: {
          metadata: { annotations: { [SLICE_TOPOLOGY_ANNOTATION]: this.slice.toString() } },
          spec: {
            tolerations: [TPU_TOLERATION],
            nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': kueue.platform.capacity.generation.acceleratorLabel },
            containers: [{
              name: 'simple-container',
              image: props.image ?? 'python:3.12',
              command: ['bash', '-c', props.script ?? JAX_DEVICE_COUNT_SCRIPT],
              resources: { requests: { 'google.com/tpu': chips }, limits: { 'google.com/tpu': chips } },
            }],
            restartPolicy: 'Never',
          },
        },
      }],
    });
    this.release = new ManifestRelease(this, 'Release', {
      releaseName: name,
      namespace: kueue.namespace.name,
      objects: [object],
      dependsOn: kueue.workloadDependencies,
    });
  }
}
