/**
 * The pod template TpuJobSet and TpuLeaderWorkerSet give their TPU pods. Internal:
 * not exported from the package.
 */
import { Container, Labels, PodSpec, PodTemplateSpec, TPU_TOLERATION, Volume } from '../k8s/types';
import { TpuWorkloadPlacement } from './tpu-workload-placement';

/** The pod settings both workloads take, with the same meaning. */
export interface TpuPodSettings {
  readonly serviceAccountName?: string;
  readonly hostNetwork?: boolean;
  readonly volumes?: readonly Volume[];
  readonly podLabels?: Labels;
  readonly podAnnotations?: Labels;
}

/**
 * A pod of `container` on `placement`: the pod labels, the placement's annotations
 * then the workload's (metadata only where there are any), the service account,
 * host networking with cluster DNS, the TPU toleration, the placement's node
 * selector and the volumes; `restartPolicy` when given.
 */
export function tpuPodTemplate(placement: TpuWorkloadPlacement, pod: TpuPodSettings, container: Container,
  restartPolicy?: PodSpec['restartPolicy']): PodTemplateSpec {
  const podLabels = pod.podLabels ?? {};
  const podAnnotations = { ...placement.podAnnotations, ...pod.podAnnotations };
  const metadata = {
    ...(Object.keys(podLabels).length ? { labels: podLabels } : {}),
    ...(Object.keys(podAnnotations).length ? { annotations: podAnnotations } : {}),
  };
  return {
    ...(Object.keys(metadata).length ? { metadata } : {}),
    spec: {
      ...(pod.serviceAccountName ? { serviceAccountName: pod.serviceAccountName } : {}),
      ...(pod.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
      tolerations: [TPU_TOLERATION],
      nodeSelector: placement.nodeSelector,
      containers: [container],
      ...(pod.volumes?.length ? { volumes: pod.volumes } : {}),
      ...(restartPolicy ? { restartPolicy } : {}),
    },
  };
}
