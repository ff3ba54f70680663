/**
 * Builder for JobSets (`jobset.x-k8s.io/v1alpha2`, JobSet v0.11.1 CRD).
 */
import { K8sObject, Labels, PodTemplateSpec } from './types';

export interface ReplicatedJob {
  readonly name: string;
  readonly replicas: number;
  readonly parallelism: number;
  readonly completions: number;
  readonly backoffLimit?: number;
  readonly template: PodTemplateSpec;
}

export interface JobSetOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly replicatedJobs: readonly ReplicatedJob[];
}

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
