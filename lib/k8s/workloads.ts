/**
 * Builders for built-in workload kinds (apps/v1, batch/v1, core/v1 of
 * Kubernetes 1.35). Pure functions returning plain objects.
 */
import { K8sObject, Labels, PodTemplateSpec } from './types';

/** Options of {@link deployment}. */
export interface DeploymentOptions {
  /** Deployment name. */
  readonly name: string;
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /**
   * Labels of the Deployment object.
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * Annotations of the Deployment object.
   * @default {}
   */
  readonly annotations?: Labels;
  /** Pod labels; also the selector. */
  readonly selector: Labels;
  /**
   * Pod replicas.
   * @default - not set (Kubernetes default, 1)
   */
  readonly replicas?: number;
  /** Pod template (the selector labels are added to it). */
  readonly template: PodTemplateSpec;
}

/** An `apps/v1` Deployment whose pods carry the selector labels. */
export function deployment(o: DeploymentOptions): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      selector: { matchLabels: o.selector },
      template: { ...o.template, metadata: { ...o.template.metadata, labels: { ...o.selector, ...o.template.metadata?.labels } } },
    },
  };
}

/** One port of a Service. */
export interface ServicePort {
  /**
   * Port name (required by Kubernetes when there are several ports).
   * @default - unnamed
   */
  readonly name?: string;
  /** Port the Service exposes. */
  readonly port: number;
  /** Container port (number or name) traffic goes to. */
  readonly targetPort: number | string;
  /**
   * Protocol.
   * @default - not set (Kubernetes default, TCP)
   */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Options of {@link service}. */
export interface ServiceOptions {
  /** Service name. */
  readonly name: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Labels of the pods behind the Service. */
  readonly selector: Labels;
  /** Ports of the Service. */
  readonly ports: readonly ServicePort[];
  /**
   * Service type.
   * @default - not set (Kubernetes default, ClusterIP)
   */
  readonly type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort';
  /**
   * Labels of the Service object.
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * Annotations of the Service (e.g. load balancer settings).
   * @default {}
   */
  readonly annotations?: Labels;
  /**
   * Client CIDR ranges a LoadBalancer Service admits (`spec.loadBalancerSourceRanges`).
   * @default - not set
   */
  readonly loadBalancerSourceRanges?: readonly string[];
}

/** A `v1` Service. */
export function service(o: ServiceOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      ...(o.type ? { type: o.type } : {}),
      selector: o.selector,
      ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, ...(p.protocol ? { protocol: p.protocol } : {}) })),
      ...(o.loadBalancerSourceRanges?.length ? { loadBalancerSourceRanges: [...o.loadBalancerSourceRanges] } : {}),
    },
  };
}

/** Options of {@link job}. */
export interface JobOptions {
  /** Job name. */
  readonly name: string;
  /** Namespace of the Job. */
  readonly namespace: string;
  /**
   * Labels of the Job object.
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * Retries before the Job fails.
   * @default - not set (Kubernetes default, 6)
   */
  readonly backoffLimit?: number;
  /**
   * Seconds after which a finished Job is deleted.
   * @default - kept
   */
  readonly ttlSecondsAfterFinished?: number;
  /** Pod template of the Job. */
  readonly template: PodTemplateSpec;
}

/** A `batch/v1` Job. */
export function job(o: JobOptions): K8sObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.backoffLimit !== undefined ? { backoffLimit: o.backoffLimit } : {}),
      ...(o.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: o.ttlSecondsAfterFinished } : {}),
      template: o.template,
    },
  };
}

/** Options of {@link serviceAccount}. */
export interface ServiceAccountOptions {
  /** ServiceAccount name. */
  readonly name: string;
  /** Namespace of the ServiceAccount. */
  readonly namespace: string;
  /**
   * Labels of the ServiceAccount.
   * @default {}
   */
  readonly labels?: Labels;
  /**
   * E.g. `iam.gke.io/gcp-service-account` for Workload Identity.
   * @default {}
   */
  readonly annotations?: Labels;
}

/** A `v1` ServiceAccount. */
export function serviceAccount(o: ServiceAccountOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
  };
}
