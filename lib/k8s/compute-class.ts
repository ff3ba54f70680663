/**
 * Builder for GKE custom ComputeClasses (`cloud.google.com/v1`, cluster-scoped;
 * CRD installed by GKE). The CRD's CEL rules are not checked by schema
 * validation, so the builder checks the ones that apply to the fields it writes.
 */
import { Errors } from '../errors';
import { K8sObject, Labels } from './types';

/** Node label (and pod nodeSelector key) that selects a ComputeClass. */
export const COMPUTE_CLASS_LABEL = 'cloud.google.com/compute-class';

/** One rule of a ComputeClass, tried in order. */
export interface ComputeClassPriority {
  /**
   * Exact machine type, e.g. `ct6e-standard-4t`.
   * @default - any (or `machineFamily`)
   */
  readonly machineType?: string;
  /**
   * Machine family, e.g. `n4` (not together with `machineType`).
   * @default - any
   */
  readonly machineFamily?: string;
  /**
   * Accelerator network profile: `auto` or `auto-<suffix>` (GKE managed DRANET networks).
   * @default - none
   */
  readonly acceleratorNetworkProfile?: string;
  /**
   * TPU type, chips per node and topology.
   * @default - none
   */
  readonly tpu?: { readonly type: string; readonly count: number; readonly topology: string };
  /**
   * Spot VMs.
   * @default - not set
   */
  readonly spot?: boolean;
}

export interface ComputeClassOptions {
  readonly name: string;
  readonly labels?: Labels;
  /** Rules in order of preference. */
  readonly priorities: readonly ComputeClassPriority[];
  /**
   * Let GKE create node pools for the class (needed on Autopilot for hardware it does not run yet).
   * @default false
   */
  readonly nodePoolAutoCreation?: boolean;
  /**
   * DRA networking on the nodes the class creates (`nodePoolConfig.dra.networking`).
   * @default false
   */
  readonly draNetworking?: boolean;
  /**
   * What the autoscaler does when no rule can be met.
   * @default - GKE default (`DoNotScaleUp`)
   */
  readonly whenUnsatisfiable?: 'ScaleUpAnyway' | 'DoNotScaleUp';
}

function checkPriority(className: string, p: ComputeClassPriority, index: number): void {
  const what = `ComputeClass "${className}" priority ${index + 1}`;
  if (p.machineType && p.machineFamily) {
    throw Errors.invalidValue(`${what} machineFamily`, p.machineFamily, ['machineType or machineFamily, not both'], 'remove machineFamily or machineType');
  }
  const anp = p.acceleratorNetworkProfile;
  if (anp !== undefined && anp !== 'auto' && !anp.startsWith('auto-')) {
    throw Errors.invalidValue(`${what} acceleratorNetworkProfile`, anp, ['auto', 'auto-<suffix>'], 'use "auto" for GKE managed DRANET');
  }
}

export function computeClass(o: ComputeClassOptions): K8sObject {
  o.priorities.forEach((p, i) => checkPriority(o.name, p, i));
  return {
    apiVersion: 'cloud.google.com/v1',
    kind: 'ComputeClass',
    metadata: { name: o.name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.nodePoolAutoCreation !== undefined ? { nodePoolAutoCreation: { enabled: o.nodePoolAutoCreation } } : {}),
      ...(o.draNetworking !== undefined ? { nodePoolConfig: { dra: { networking: { enabled: o.draNetworking } } } } : {}),
      priorities: o.priorities.map((p) => ({
        ...(p.machineType ? { machineType: p.machineType } : {}),
        ...(p.machineFamily ? { machineFamily: p.machineFamily } : {}),
        ...(p.tpu ? { tpu: { type: p.tpu.type, count: p.tpu.count, topology: p.tpu.topology } } : {}),
        ...(p.spot !== undefined ? { spot: p.spot } : {}),
        ...(p.acceleratorNetworkProfile ? { acceleratorNetworkProfile: p.acceleratorNetworkProfile } : {}),
      })),
      ...(o.whenUnsatisfiable ? { whenUnsatisfiable: o.whenUnsatisfiable } : {}),
    },
  };
}
