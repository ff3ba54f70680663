/**
 * Options shared by the accelerator node pools (TPU and GPU), their validation,
 * and the `google_container_node_pool` arguments both kinds write the same way.
 */
import { ITerraformDependable } from 'cdktf';
import {
  ContainerNodePoolConfig, ContainerNodePoolNodeConfig, ContainerNodePoolNodeConfigTaint,
} from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';
import { requireZoneIn } from '../util/locations';
import { claimUniqueName } from '../util/unique-names';
import type { IGkeCluster } from './gke-cluster';
import type { CapacityMode } from './capacity-mode';

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

/** Props every accelerator node pool (TPU and GPU) takes. */
export interface AcceleratorNodePoolProps {
  /** Cluster of the pool. */
  readonly cluster: IGkeCluster;
  /** Node pool name (1-40 characters). */
  readonly name: string;
  /** Zone of the accelerator capacity (the pool's only node location). */
  readonly zone: string;
  /**
   * Cluster autoscaler bounds (per zone) and the initial size. TPU pools: single-host
   * only (a multi-host pool is one slice that scales all-or-nothing).
   * @default - fixed size
   */
  readonly autoscaling?: NodePoolAutoscaling;
  /**
   * Spot VMs (gcloud `--spot`). Prefer `capacityMode: CapacityMode.spot()`.
   * @default false
   */
  readonly spot?: boolean;
  /**
   * How the pool obtains its VMs: a specific or any reservation, on-demand, Spot,
   * DWS flex-start or queued provisioning (see {@link CapacityMode}); replaces
   * `spot` (and `reservation` / `preemptible` of the TPU and GPU pools).
   * @default - the legacy props decide (GKE's default: on-demand, any matching reservation)
   */
  readonly capacityMode?: CapacityMode;
  /**
   * Node labels.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Node taints (GKE adds the accelerator's own taint, `google.com/tpu` or `nvidia.com/gpu`, itself).
   * @default []
   */
  readonly taints?: readonly NodeTaint[];
  /**
   * OAuth scopes of the nodes.
   * @default - GKE defaults
   */
  readonly oauthScopes?: readonly string[];
  /**
   * Node image type (dynamic slicing requires Container-Optimized OS).
   * @default "COS_CONTAINERD"
   */
  readonly imageType?: string;
  /**
   * Shielded VM Secure Boot. Off by default on accelerator pools: GKE's TPU and GPU
   * node pool docs do not state Secure Boot support for these machine families, and
   * GPU nodes load the (out-of-tree) NVIDIA driver modules. Integrity monitoring stays on.
   * @default false
   */
  readonly secureBoot?: boolean;
  /**
   * Extra dependencies of the pool.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** How many nodes a pool runs: a fixed count, or autoscaled from an initial count. */
export interface NodePoolSize {
  /**
   * Fixed node count (`node_count`).
   * @default - none (autoscaled)
   */
  readonly nodeCount?: number;
  /**
   * Initial node count of an autoscaled pool (`initial_node_count`).
   * @default - none (fixed size)
   */
  readonly initialNodeCount?: number;
  /** Nodes at the pool's largest size (the fixed count, or the autoscaling maximum). */
  readonly maxNodes: number;
}

/** Checks the pool name and that the cluster takes node pools; returns the name. */
export function validateNodePool(props: Pick<AcceleratorNodePoolProps, 'cluster' | 'name' | 'zone'>, owner = ''): string {
  const name = validateName(NameRules.GKE_NODE_POOL, props.name);
  if (props.cluster.autopilot) throw Errors.nodePoolOnAutopilot(name, props.cluster.name);
  requireZoneIn(`Node pool "${name}" zone`, props.zone, `the location of cluster "${props.cluster.name}"`, props.cluster.location,
    'use a zone of the cluster\'s region (or the zone of a zonal cluster)');
  claimUniqueName(props.cluster, '', `cluster "${props.cluster.name}"`, 'GKE node pool', name, owner);
  return name;
}

/**
 * The size of pool `pool`: checked autoscaling bounds when `autoscaling` is set, else
 * the fixed `fixed.count`, which must be an integer >= `fixed.min` (`fixed.fix` says how to repair it).
 */
export function nodePoolSize(pool: string, autoscaling: NodePoolAutoscaling | undefined,
  fixed: { readonly count: number; readonly min: number; readonly fix: string }): NodePoolSize {
  if (autoscaling) return { initialNodeCount: validateAutoscaling(pool, autoscaling), maxNodes: autoscaling.maxNodes };
  if (!Number.isInteger(fixed.count) || fixed.count < fixed.min) {
    throw Errors.outOfRange(`Node pool "${pool}" node count`, fixed.count, `an integer >= ${fixed.min}`, fixed.fix);
  }
  return { nodeCount: fixed.count, maxNodes: fixed.count };
}

/**
 * The `google_container_node_pool` arguments every accelerator pool writes the same
 * way: the zone as the only node location in the cluster's location, the size and
 * autoscaling bounds, and the node settings (image type, Spot, labels, taints, scopes,
 * the cluster's node service account, Shielded VM options, the GKE metadata server under
 * Workload Identity). `nodeConfig` adds the accelerator's
 * own node settings (machine type, accelerators, ...), `pool` its other arguments.
 */
export function acceleratorNodePoolConfig(props: AcceleratorNodePoolProps, size: NodePoolSize,
  nodeConfig: ContainerNodePoolNodeConfig, pool: Partial<ContainerNodePoolConfig> = {}): ContainerNodePoolConfig {
  return {
    name: props.name,
    cluster: props.cluster.clusterId,
    location: props.cluster.location,
    nodeLocations: [props.zone],
    nodeCount: size.nodeCount,
    initialNodeCount: size.initialNodeCount,
    autoscaling: props.autoscaling ? { minNodeCount: props.autoscaling.minNodes, maxNodeCount: props.autoscaling.maxNodes } : undefined,
    ...pool,
    nodeConfig: {
      imageType: props.imageType ?? 'COS_CONTAINERD',
      spot: props.spot || undefined,
      labels: props.labels && Object.keys(props.labels).length ? { ...props.labels } : undefined,
      taint: props.taints?.length ? taintsToTerraform(props.taints) : undefined,
      oauthScopes: props.oauthScopes ? [...props.oauthScopes] : undefined,
      serviceAccount: props.cluster.nodeServiceAccountEmail,
      shieldedInstanceConfig: { enableSecureBoot: props.secureBoot ?? false, enableIntegrityMonitoring: true },
      workloadMetadataConfig: props.cluster.workloadPool ? { mode: 'GKE_METADATA' } : undefined,
      ...nodeConfig,
    },
    dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
  };
}
