/**
 * Options shared by the accelerator node pools (TPU and GPU) and their validation.
 */
import { ContainerNodePoolNodeConfigTaint } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';

/** Taint effects as the GKE API spells them. */
export enum TaintEffect {
  /** Pods without a toleration are not scheduled. */
  NO_SCHEDULE = 'NO_SCHEDULE',
  /** The scheduler avoids the node when it can. */
  PREFER_NO_SCHEDULE = 'PREFER_NO_SCHEDULE',
  /** Pods without a toleration are also evicted. */
  NO_EXECUTE = 'NO_EXECUTE',
}

/** A Kubernetes taint GKE puts on every node of a pool. */
export interface NodeTaint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. */
  readonly value: string;
  /** Taint effect. */
  readonly effect: TaintEffect;
}

/** Cluster autoscaler bounds of a node pool. */
export interface NodePoolAutoscaling {
  /** Minimum nodes per zone. */
  readonly minNodes: number;
  /** Maximum nodes per zone. */
  readonly maxNodes: number;
  /**
   * Nodes created with the pool (per zone).
   * @default - minNodes, or 1 when minNodes is 0
   */
  readonly initialNodes?: number;
}

/** Taints as the `node_config.taint` blocks of the provider. */
export function taintsToTerraform(taints: readonly NodeTaint[]): ContainerNodePoolNodeConfigTaint[] {
  return taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
}

/** Checks autoscaling bounds; returns the initial node count. */
export function validateAutoscaling(pool: string, a: NodePoolAutoscaling): number {
  const fix = `set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "${pool}"`;
  if (!Number.isInteger(a.minNodes) || a.minNodes < 0) throw Errors.outOfRange(`Node pool "${pool}" autoscaling minNodes`, a.minNodes, 'an integer >= 0', fix);
  if (!Number.isInteger(a.maxNodes) || a.maxNodes < 1) throw Errors.outOfRange(`Node pool "${pool}" autoscaling maxNodes`, a.maxNodes, 'an integer >= 1', fix);
  if (a.minNodes > a.maxNodes) throw Errors.outOfRange(`Node pool "${pool}" autoscaling minNodes`, a.minNodes, `at most maxNodes (${a.maxNodes})`, fix);
  const initial = a.initialNodes ?? Math.max(a.minNodes, 1);
  if (!Number.isInteger(initial) || initial < a.minNodes || initial > a.maxNodes) {
    throw Errors.outOfRange(`Node pool "${pool}" autoscaling initialNodes`, initial, `between minNodes (${a.minNodes}) and maxNodes (${a.maxNodes})`, fix);
  }
  return initial;
}
