/**
 * Builders for Dynamic Resource Allocation objects (`resource.k8s.io/v1`,
 * Kubernetes 1.34+). Pure functions returning plain objects.
 */
import { K8sObject, Labels } from './types';

/** Device class of the network interfaces GKE managed DRANET publishes. */
export const NETDEV_DEVICE_CLASS = 'netdev.google.com';

/** How many matching devices a request gets. */
export enum DeviceAllocationMode {
  /** Every matching device on the node. */
  ALL = 'All',
  /** Exactly `count` devices. */
  EXACT_COUNT = 'ExactCount',
}

/** One device request of a claim (`exactly`: a single device class). */
export interface DeviceRequest {
  /** Request name, referenced by containers' `resources.claims[].request`. */
  readonly name: string;
  /** Device class, e.g. {@link NETDEV_DEVICE_CLASS}. */
  readonly deviceClassName: string;
  /**
   * Allocation mode.
   * @default DeviceAllocationMode.EXACT_COUNT (with count 1)
   */
  readonly allocationMode?: DeviceAllocationMode;
  /**
   * Devices for `ExactCount`.
   * @default 1
   */
  readonly count?: number;
}

/** Options of {@link resourceClaimTemplate}. */
export interface ResourceClaimTemplateOptions {
  /** Template name, referenced by pods' `resourceClaims[].resourceClaimTemplateName`. */
  readonly name: string;
  /** Namespace (the pods' namespace). */
  readonly namespace: string;
  /**
   * Labels.
   * @default {}
   */
  readonly labels?: Labels;
  /** Device requests of every claim made from the template. */
  readonly requests: readonly DeviceRequest[];
}

/** A ResourceClaimTemplate: every pod that references it gets its own ResourceClaim. */
export function resourceClaimTemplate(o: ResourceClaimTemplateOptions): K8sObject {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: o.name, namespace: o.namespace, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      spec: {
        devices: {
          requests: o.requests.map((r) => ({
            name: r.name,
            exactly: {
              deviceClassName: r.deviceClassName,
              ...(r.allocationMode ? { allocationMode: r.allocationMode } : {}),
              ...(r.count !== undefined ? { count: r.count } : {}),
            },
          })),
        },
      },
    },
  };
}
