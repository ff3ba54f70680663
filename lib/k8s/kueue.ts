/**
 * Builders for Kueue objects (`kueue.x-k8s.io/v1beta2`, Kueue v0.17.4 CRDs).
 * Pure functions: they return plain objects, shipped by a ManifestRelease.
 */
import { K8sObject, Labels } from './types';

/** API version of every Kueue object the builders emit. */
export const KUEUE_API_VERSION = 'kueue.x-k8s.io/v1beta2';

/** Labels that submit a workload to a LocalQueue with a WorkloadPriorityClass. */
export function kueueWorkloadLabels(queueName: string, priorityClass?: string): Labels {
  return {
    'kueue.x-k8s.io/queue-name': queueName,
    ...(priorityClass ? { 'kueue.x-k8s.io/priority-class': priorityClass } : {}),
  };
}

/** A Kueue `Topology`: node labels from the outermost level to the host, for topology-aware scheduling. */
export function topology(name: string, levels: readonly string[]): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'Topology', metadata: { name }, spec: { levels: levels.map((nodeLabel) => ({ nodeLabel })) } };
}

/** A `ResourceFlavor` selecting nodes by `nodeLabels`, optionally bound to a `Topology`. */
export function resourceFlavor(name: string, nodeLabels: Labels, topologyName?: string): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'ResourceFlavor', metadata: { name },
    spec: { nodeLabels: { ...nodeLabels }, ...(topologyName ? { topologyName } : {}) },
  };
}

/** An `AdmissionCheck` handled by the controller `controllerName` (e.g. `accelerator.gke.io/slice`), optionally with a parameters object (kind and name, in the Kueue API group). */
export function admissionCheck(name: string, controllerName: string, parameters?: { readonly kind: string; readonly name: string }): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'AdmissionCheck', metadata: { name },
    spec: { controllerName, ...(parameters ? { parameters: { apiGroup: 'kueue.x-k8s.io', kind: parameters.kind, name: parameters.name } } : {}) },
  };
}

/** A `ProvisioningRequestConfig`: the ProvisioningRequest class Kueue asks the cluster autoscaler for, and the resources it manages. */
export function provisioningRequestConfig(name: string, provisioningClassName: string, managedResources: readonly string[]): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'ProvisioningRequestConfig', metadata: { name },
    spec: { provisioningClassName, managedResources: [...managedResources] },
  };
}

/** Nominal quota of one resource in the ClusterQueue's flavor. */
export interface ClusterQueueQuota {
  /** Resource name, e.g. `google.com/tpu`, `cpu`, `memory`. */
  readonly resource: string;
  /** Quantity, e.g. `128` or `30720Gi`. */
  readonly nominalQuota: string;
}

/** Options of {@link clusterQueue}. */
export interface ClusterQueueOptions {
  /** ClusterQueue name. */
  readonly name: string;
  /** The one ResourceFlavor the queue admits onto. */
  readonly flavor: string;
  /** Covered resources and their nominal quotas. */
  readonly quotas: readonly ClusterQueueQuota[];
  /**
   * AdmissionChecks every workload must pass.
   * @default []
   */
  readonly admissionChecks?: readonly string[];
  /**
   * Several flavors tried in this order (each with its own quotas); replaces `flavor` and `quotas` when set.
   * @default - the one `flavor` with `quotas`
   */
  readonly flavors?: readonly { readonly name: string; readonly quotas: readonly ClusterQueueQuota[] }[];
  /**
   * Admission checks that apply to some flavors only (`onFlavors`), by check name.
   * @default - every check applies to every flavor
   */
  readonly checkFlavors?: Readonly<Record<string, readonly string[]>>;
  /**
   * `preemption.withinClusterQueue`.
   * @default - not set (Kueue's default, `Never`)
   */
  readonly withinClusterQueue?: 'Never' | 'LowerPriority' | 'LowerOrNewerEqualPriority';
}

/** A `ClusterQueue` for all namespaces with one flavor and its quotas. */
export function clusterQueue(o: ClusterQueueOptions): K8sObject {
  return {
    apiVersion: KUEUE_API_VERSION, kind: 'ClusterQueue', metadata: { name: o.name },
    spec: {
      namespaceSelector: {},
      ...(o.admissionChecks?.length ? { admissionChecksStrategy: { admissionChecks: o.admissionChecks.map((n) => ({ name: n, ...(o.checkFlavors?.[n] ? { onFlavors: [...o.checkFlavors[n]] } : {}) })) } } : {}),
      ...(o.withinClusterQueue ? { preemption: { withinClusterQueue: o.withinClusterQueue } } : {}),
      resourceGroups: [{
        coveredResources: o.quotas.map((q) => q.resource),
        flavors: (o.flavors ?? [{ name: o.flavor, quotas: o.quotas }])
          .map((f) => ({ name: f.name, resources: f.quotas.map((q) => ({ name: q.resource, nominalQuota: q.nominalQuota })) })),
      }],
    },
  };
}

/** A `LocalQueue` in `namespace` that feeds the ClusterQueue `clusterQueueName`. */
export function localQueue(name: string, namespace: string, clusterQueueName: string): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'LocalQueue', metadata: { name, namespace }, spec: { clusterQueue: clusterQueueName } };
}

/** A Kueue `WorkloadPriorityClass` (higher `value` preempts lower). */
export function workloadPriorityClass(name: string, value: number, description: string): K8sObject {
  return { apiVersion: KUEUE_API_VERSION, kind: 'WorkloadPriorityClass', metadata: { name }, value, description };
}
