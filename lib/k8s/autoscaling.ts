/**
 * Builder for HorizontalPodAutoscalers (`autoscaling/v2`, Kubernetes 1.35).
 */
import { Errors } from '../errors';
import { K8sObject, Labels } from './types';

/** A per-pod custom metric target (`type: Pods`, averaged over the pods). */
export interface PodsMetricTarget {
  /** Metric name as the custom metrics API serves it, e.g. `prometheus.googleapis.com|vllm:num_requests_waiting|gauge`. */
  readonly metric: string;
  /** Target average per pod (a Kubernetes quantity, e.g. `1` or `500m`). */
  readonly averageValue: string;
}

/** Options of {@link horizontalPodAutoscaler}. */
export interface HorizontalPodAutoscalerOptions {
  /** Object name. */
  readonly name: string;
  /** Namespace of the HPA and of the Deployment. */
  readonly namespace: string;
  /** The Deployment to scale. */
  readonly deployment: string;
  /** Lower bound of replicas (>= 1). */
  readonly minReplicas: number;
  /** Upper bound of replicas (>= minReplicas). */
  readonly maxReplicas: number;
  /** Per-pod metrics to scale on. */
  readonly podsMetrics: readonly PodsMetricTarget[];
  /**
   * Labels of the object.
   * @default - none
   */
  readonly labels?: Labels;
}

/** An HPA that scales a Deployment on per-pod custom metrics. */
export function horizontalPodAutoscaler(o: HorizontalPodAutoscalerOptions): K8sObject {
  const fix = `set 1 <= minReplicas <= maxReplicas for HorizontalPodAutoscaler "${o.name}"`;
  if (!Number.isInteger(o.minReplicas) || o.minReplicas < 1) {
    throw Errors.outOfRange(`HorizontalPodAutoscaler "${o.name}" minReplicas`, o.minReplicas, 'an integer >= 1', fix);
  }
  if (!Number.isInteger(o.maxReplicas) || o.maxReplicas < o.minReplicas) {
    throw Errors.outOfRange(`HorizontalPodAutoscaler "${o.name}" maxReplicas`, o.maxReplicas, `an integer >= minReplicas (${o.minReplicas})`, fix);
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: o.deployment },
      minReplicas: o.minReplicas,
      maxReplicas: o.maxReplicas,
      metrics: o.podsMetrics.map((m) => ({
        type: 'Pods',
        pods: { metric: { name: m.metric }, target: { type: 'AverageValue', averageValue: m.averageValue } },
      })),
    },
  };
}
