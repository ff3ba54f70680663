/**
 * Builders for built-in workload kinds (apps/v1, batch/v1, core/v1 of
 * Kubernetes 1.35). Pure functions returning plain objects.
 */
import { K8sObject, Labels, PodTemplateSpec } from './types';

export interface DeploymentOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  /** Pod labels; also the selector. */
  readonly selector: Labels;
  readonly replicas?: number;
  readonly template: PodTemplateSpec;
}

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

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol?: 'TCP' | 'UDP';
}

export interface ServiceOptions {
  readonly name: string;
  readonly namespace: string;
  readonly selector: Labels;
  readonly ports: readonly ServicePort[];
  readonly type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort';
  readonly labels?: Labels;
  readonly annotations?: Labels;
}

export function service(o: ServiceOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      ...(o.type ? { type: o.type } : {}),
      selector: o.selector,
      ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, ...(p.protocol ? { protocol: p.protocol } : {}) })),
    },
  };
}

export interface JobOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  readonly backoffLimit?: number;
  readonly ttlSecondsAfterFinished?: number;
  readonly template: PodTemplateSpec;
}

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

export interface ServiceAccountOptions {
  readonly name: string;
  readonly namespace: string;
  readonly labels?: Labels;
  /** E.g. `iam.gke.io/gcp-service-account` for Workload Identity. */
  readonly annotations?: Labels;
}

export function serviceAccount(o: ServiceAccountOptions): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
  };
}
