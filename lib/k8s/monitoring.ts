/**
 * Builder for Google Cloud Managed Service for Prometheus scrape configs
 * (`monitoring.googleapis.com/v1`; GKE installs the CRDs with managed collection).
 */
import { K8sObject, Labels } from './types';

/** One scrape endpoint of a PodMonitoring. */
export interface PodMonitoringEndpoint {
  /** Container port number or name to scrape. */
  readonly port: number | string;
  /**
   * HTTP path of the metrics.
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval (a Prometheus duration such as `15s`).
   * @default "30s"
   */
  readonly interval?: string;
}

/** Options of {@link podMonitoring}. */
export interface PodMonitoringOptions {
  /** Object name. */
  readonly name: string;
  /** Namespace of the object and of the pods it scrapes. */
  readonly namespace: string;
  /** Pods to scrape (label selector). */
  readonly selector: Labels;
  /** Endpoints to scrape on each pod. */
  readonly endpoints: readonly PodMonitoringEndpoint[];
  /**
   * Labels of the object.
   * @default - none
   */
  readonly labels?: Labels;
}

/** A PodMonitoring: managed collection scrapes the selected pods' endpoints. */
export function podMonitoring(o: PodMonitoringOptions): K8sObject {
  return {
    apiVersion: 'monitoring.googleapis.com/v1',
    kind: 'PodMonitoring',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      selector: { matchLabels: o.selector },
      endpoints: o.endpoints.map((e) => ({ port: e.port, path: e.path ?? '/metrics', interval: e.interval ?? '30s' })),
    },
  };
}
