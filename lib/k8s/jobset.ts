/**
 * Builder for JobSets (`jobset.x-k8s.io/v1alpha2`, JobSet v0.11.1 CRD).
 */
import { K8sObject, Labels, PodTemplateSpec } from './types';

/**
 * JobSet annotation that gives each child Job exclusive use of one value of a node
 * label (with `cloud.google.com/gke-nodepool`: one Job per TPU node pool, i.e. per
 * multi-host slice).
 */
export const JOBSET_EXCLUSIVE_TOPOLOGY_ANNOTATION = 'alpha.jobset.sigs.k8s.io/exclusive-topology';

/** One replicated job of a JobSet: `replicas` copies of a Job template. */
export interface ReplicatedJob {
  /** Name of the replicated job. */
  readonly name: string;
  /** Copies of the Job (one slice each for TPU workloads). */
  readonly replicas: number;
  /** Pods of each Job running at once (one per TPU VM of the slice). */
  readonly parallelism: number;
  /** Pods of each Job that must succeed. */
  readonly completions: number;
  /**
   * Retries of each Job.
   * @default - not set (Kubernetes default, 6)
   */
  readonly backoffLimit?: number;
  /** Pod template of the Job. */
  readonly template: PodTemplateSpec;
}

/** Options of {@link jobSet}. */
export interface JobSetOptions {
  /** JobSet name. */
  readonly name: string;
  /** Namespace of the JobSet. */
  readonly namespace: string;
  /**
   * Labels of the JobSet (e.g. the Kueue queue and priority labels).
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * Annotations of the JobSet.
   * @default {}
   */
  readonly annotations?: Labels;
  /** The replicated jobs. */
  readonly replicatedJobs: readonly ReplicatedJob[];
  /**
   * Restarts of the whole JobSet after a Job fails (`spec.failurePolicy.maxRestarts`).
   * @default - no failure policy: the first failed Job fails the JobSet
   */
  readonly maxRestarts?: number;
}

/** A `jobset.x-k8s.io/v1alpha2` JobSet. */
export function jobSet(o: JobSetOptions): K8sObject {
  return {
    apiVersion: 'jobset.x-k8s.io/v1alpha2',
    kind: 'JobSet',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
    spec: {
      ...(o.maxRestarts !== undefined ? { failurePolicy: { maxRestarts: o.maxRestarts } } : {}),
      replicatedJobs: o.replicatedJobs.map((j) => ({
        name: j.name,
        replicas: j.replicas,
        template: {
          spec: {
            parallelism: j.parallelism,
            completions: j.completions,
            ...(j.backoffLimit !== undefined ? { backoffLimit: j.backoffLimit } : {}),
            template: j.template,
          },
        },
      })),
    },
  };
}
