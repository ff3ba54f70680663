/**
 * Builder for LeaderWorkerSets (`leaderworkerset.x-k8s.io/v1`, LWS v0.8.0 CRD).
 * A pure function returning a plain object, shipped by a ManifestRelease.
 */
import { K8sObject, Labels, PodTemplateSpec } from './types';

/** API version of LeaderWorkerSet (LWS v0.8.0). */
export const LWS_API_VERSION = 'leaderworkerset.x-k8s.io/v1';

/**
 * LeaderWorkerSet annotation that keeps each group on one value of a node label
 * (one group per TPU slice with `cloud.google.com/gke-tpu-slice`).
 */
export const LWS_EXCLUSIVE_TOPOLOGY_ANNOTATION = 'leaderworkerset.sigs.k8s.io/exclusive-topology';

/** What LWS does when a pod of a group restarts (`spec.leaderWorkerTemplate.restartPolicy`). */
export type LwsRestartPolicy = 'RecreateGroupOnPodRestart' | 'None' | 'Default';

/** Fields of a LeaderWorkerSet. */
export interface LeaderWorkerSetOptions {
  /** Object name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * Object labels (e.g. the Kueue queue and priority).
   * @default - none
   */
  readonly labels?: Labels;
  /**
   * Object annotations (e.g. the exclusive topology).
   * @default - none
   */
  readonly annotations?: Labels;
  /** Groups (leader + workers). */
  readonly replicas: number;
  /** Pods per group, the leader included. */
  readonly size: number;
  /**
   * Group restart policy.
   * @default - the CRD default (RecreateGroupOnPodRestart)
   */
  readonly restartPolicy?: LwsRestartPolicy;
  /** Pod template of the leader (worker index 0). */
  readonly leaderTemplate: PodTemplateSpec;
  /** Pod template of the other pods of a group. */
  readonly workerTemplate: PodTemplateSpec;
}

/** A LeaderWorkerSet: `replicas` groups of `size` pods, one leader each. */
export function leaderWorkerSet(o: LeaderWorkerSetOptions): K8sObject {
  return {
    apiVersion: LWS_API_VERSION,
    kind: 'LeaderWorkerSet',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.labels ? { labels: o.labels } : {}),
    },
    spec: {
      replicas: o.replicas,
      leaderWorkerTemplate: {
        size: o.size,
        ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
        leaderTemplate: o.leaderTemplate,
        workerTemplate: o.workerTemplate,
      },
    },
  };
}
