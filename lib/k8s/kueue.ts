/**
 * Builders for Kueue objects (`kueue.x-k8s.io/v1beta2`, Kueue v0.17.4 CRDs).
 * Pure functions: they return plain objects, shipped by a ManifestRelease.
 */
import { K8sObject, Labels } from './types';

export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';

/** Labels that submit a workload to a LocalQueue with a WorkloadPriorityClass. */
export function kueueWorkloadLabels(queueName: string, priorityClass?: string): Labels {
  return {
    'kueue.x-k8s.io/queue-name': queueName,
    ...(priorityClass ? { 'kueue.x-k8s.io/priority-class': priorityClass } : {}),
  };
}

export function topology(name: string, levels: readonly string[]): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'Topology', metadata: { name }, spec: { levels: levels.map((nodeLabel) => ({ nodeLabel })) } };
}

export function resourceFlavor(name: string, nodeLabels: Labels, topologyName?: string): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'ResourceFlavor', metadata: { name },
    spec: { nodeLabels: { ...nodeLabels }, ...(topologyName ? { topologyName } : {}) },
  };
}

export function admissionCheck(name: string, controllerName: string): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'AdmissionCheck', metadata: { name }, spec: { controllerName } };
}

export interface ClusterQueueQuota {
  readonly resource: string;
  readonly nominalQuota: string;
}

export interface ClusterQueueOptions {
  readonly name: string;
  readonly flavor: string;
  readonly quotas: readonly ClusterQueueQuota[];
  readonly admissionChecks?: readonly string[];
  /** `preemption.withinClusterQueue`. */
  readonly withinClusterQueue?: 'Never' | 'LowerPriority' | 'LowerOrNewerEqualPriority';
}

export function clusterQueue(o: ClusterQueueOptions): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'ClusterQueue', metadata: { name: o.name },
    spec: {
      namespaceSelector: {},
      ...(o.admissionChecks?.length ? { admissionChecksStrategy: { admissionChecks: o.admissionChecks.map((n) => ({ name: n })) } } : {}),
      ...(o.withinClusterQueue ? { preemption: { withinClusterQueue: o.withinClusterQueue } } : {}),
      resourceGroups: [{
        coveredResources: o.quotas.map((q) => q.resource),
        flavors: [{ name: o.flavor, resources: o.quotas.map((q) => ({ name: q.resource, nominalQuota: q.nominalQuota })) }],
      }],
    },
  };
}

export function localQueue(name: string, namespace: string, clusterQueueName: string): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'LocalQueue', metadata: { name, namespace }, spec: { clusterQueue: clusterQueueName } };
}

export function workloadPriorityClass(name: string, value: number, description: string): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'WorkloadPriorityClass', metadata: { name }, value, description };
}
