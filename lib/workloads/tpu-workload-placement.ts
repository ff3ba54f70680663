/**
 * Where a generic TPU workload (JobSet, LeaderWorkerSet) runs and what that
 * implies for its pods, derived from the TPU catalog and checked at synth time:
 * the slice (generation, machine type, topology, VMs and chips), the node
 * selector, the pod annotations, the exclusive-placement key, the Kueue labels,
 * and the workload's claim on the platform's capacity ledger.
 *
 * Shared by {@link TpuJobSet} and {@link TpuLeaderWorkerSet} so both run the same
 * checks as the tpu7x dynamic-slicing path.
 */
import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import type { IGkeCluster } from '../gke/gke-cluster';
import { GkeFeatureVersions } from '../gke/gke-version';
import { SuperslicePool } from '../gke/superslice-pool';
import { TpuNodePool } from '../gke/tpu-node-pool';
import { ITpuPlatform } from '../gke/tpu-platform';
import { TpuPoolGroup } from '../gke/tpu-pool-group';
import { ClusterProviders } from '../k8s/cluster-providers';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { kueueWorkloadLabels } from '../k8s/kueue';
import { Container, Labels } from '../k8s/types';
import { KueueStack } from '../kueue/kueue-stack';
import { WorkloadPriority } from '../kueue/workload-priority';
import { DynamicSliceTopology, SLICE_TOPOLOGY_ANNOTATION, SliceKind } from '../tpu/slice-topology';
import { TpuGeneration } from '../tpu/tpu-generation';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import { TpuTopology } from '../tpu/tpu-topology';
import { NameRules, validateName } from '../util/names';

/** Extended resource name of TPU chips in pod requests and limits. */
const TPU_RESOURCE = 'google.com/tpu';

/** GKE node label naming a node's pool: one multi-host TPU pool is one slice. */
export const GKE_NODE_POOL_LABEL = 'cloud.google.com/gke-nodepool';

/** How a workload finds its TPUs. */
export enum TpuSlicing {
  /** Existing slices: a multi-host node pool is one slice, a single-host pool holds one-VM slices. */
  NODE_POOL = 'NODE_POOL',
  /** tpu7x dynamic slices formed by the Kueue slice controller from a pod annotation. */
  DYNAMIC = 'DYNAMIC',
}

/** Input of {@link placeTpuWorkload}. */
export interface TpuWorkloadPlacementProps {
  /** Kind of the workload, for messages (e.g. `TpuJobSet`). */
  readonly kind: string;
  /** Workload name (object name, ledger claim). */
  readonly name: string;
  /**
   * TPU capacity the workload runs on.
   * @default - the platform of `queue` (one of the two is required)
   */
  readonly platform?: ITpuPlatform;
  /**
   * Kueue queue: a KueueStack or the name of an existing LocalQueue in `namespace`.
   * @default - not queued
   */
  readonly queue?: KueueStack | string;
  /**
   * Kueue WorkloadPriorityClass (needs `queue`).
   * @default - none (Kueue's default priority)
   */
  readonly priority?: WorkloadPriority;
  /**
   * Namespace of the workload.
   * @default - the namespace of a KueueStack `queue`, else "default"
   */
  readonly namespace?: K8sNamespace | string;
  /**
   * Slice topology of one replica.
   * @default - the platform's slice (required for dynamic slices)
   */
  readonly topology?: string;
  /** Slices the workload occupies (JobSet replicas, LeaderWorkerSet groups). */
  readonly replicas: number;
}

/** Derived placement of a TPU workload; see {@link placeTpuWorkload}. */
export interface TpuWorkloadPlacement {
  /** Existing slices of node pools, or tpu7x dynamic slices. */
  readonly slicing: TpuSlicing;
  /** TPU generation of the platform. */
  readonly generation: TpuGeneration;
  /** Machine type of every VM. */
  readonly machineType: TpuMachineType;
  /** Topology of one slice. */
  readonly topology: TpuTopology;
  /** True when a slice spans more than one VM. */
  readonly multiHost: boolean;
  /** VMs (pods, one per VM) per slice. */
  readonly vmsPerSlice: number;
  /** Chips of one VM: what each pod requests. */
  readonly chipsPerVm: number;
  /** Chips of one slice. */
  readonly chipsPerSlice: number;
  /** Slices. */
  readonly replicas: number;
  /** Chips claimed in total. */
  readonly chips: number;
  /**
   * The dynamic slice.
   * @default - none (node-pool slices)
   */
  readonly dynamicSlice?: DynamicSliceTopology;
  /** Namespace of the workload. */
  readonly namespace: string;
  /** nodeSelector of the TPU pods. */
  readonly nodeSelector: Labels;
  /** Annotations of the TPU pods (the slice topology for dynamic slices). */
  readonly podAnnotations: Labels;
  /**
   * Node label that gives each replica (slice) its own domain, for the exclusive
   * placement annotations of JobSet and LeaderWorkerSet.
   * @default - none (single-host slices, and tpu7x slices for JobSets, need none)
   */
  readonly exclusiveTopologyKey?: string;
  /** Labels that submit the workload to Kueue (empty when not queued). */
  readonly queueLabels: Labels;
  /** Resources the workload waits for: the platform's pools, the namespace, the queue's controllers and objects. */
  readonly dependables: readonly ITerraformDependable[];
}

/**
 * Resolves and checks where a TPU workload runs, then claims its chips on the
 * platform's ledger. Checks: the topology is valid for the generation and is the
 * slice the targeted pool(s) provide, the replicas fit the pools' slices, the
 * queue's platform and namespace agree, dynamic slices have a slice controller
 * and a recent enough GKE, and the chips fit the ledger next to earlier claims.
 */
export function placeTpuWorkload(props: TpuWorkloadPlacementProps): TpuWorkloadPlacement {
  const name = props.name;
  const kueue = props.queue instanceof KueueStack ? props.queue : undefined;
  const platform = resolvePlatform(props, kueue);
  const generation = platform.capacity.generation;
  const machineType = platform.machineType;
  const replicas = props.replicas;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw Errors.outOfRange(`${props.kind} "${name}" replicas`, replicas, 'an integer >= 1', 'set `replicas` to the number of slices to run');
  }
  if (props.priority && props.queue === undefined) {
    throw Errors.missingProp(`${props.kind} "${name}"`, 'queue', 'a Kueue priority class applies only to a workload submitted to a LocalQueue');
  }
  const namespace = resolveNamespace(props, kueue);
  const queueLabels = props.queue === undefined ? {} : kueueWorkloadLabels(
    kueue ? kueue.localQueueName : validateName(NameRules.K8S_DNS_SUBDOMAIN, props.queue as string, 'Kueue LocalQueue'),
    props.priority ? (kueue ? kueue.priorityClassName(props.priority) : props.priority.name) : undefined);
  const dependables: ITerraformDependable[] = [
    ...(kueue ? kueue.workloadDependencies : platform.dependables),
    ...(props.namespace instanceof K8sNamespace && !(kueue && kueue.namespace === props.namespace) ? [props.namespace] : []),
  ];

  const common = { generation, machineType, chipsPerVm: machineType.chipsPerVm, replicas, namespace: namespace, queueLabels, dependables };
  let placement: TpuWorkloadPlacement;
  if (kueue?.dynamicSlicing) {
    if (props.topology === undefined) {
      throw Errors.missingProp(`${props.kind} "${name}"`, 'topology', 'a tpu7x dynamic slice is requested by its topology, e.g. "2x2x2" or "4x4x8"');
    }
    const slice = DynamicSliceTopology.parse(props.topology);
    if (slice.kind === SliceKind.SUB_SLICE) kueue.cluster.requireVersion('dynamic sub-slicing', GkeFeatureVersions.SUB_SLICING);
    else kueue.cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
    placement = {
      ...common,
      slicing: TpuSlicing.DYNAMIC,
      topology: slice.topology,
      multiHost: slice.vms > 1,
      vmsPerSlice: slice.chips / machineType.chipsPerVm,
      chipsPerSlice: slice.chips,
      chips: replicas * slice.chips,
      dynamicSlice: slice,
      // The slice controller places the pods; nodes of a cube all carry the cube's topology, so only the accelerator is selected.
      nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': generation.acceleratorLabel },
      podAnnotations: { [SLICE_TOPOLOGY_ANNOTATION]: slice.toString() },
      exclusiveTopologyKey: undefined,
    };
  } else {
    const pools = staticPools(props.kind, name, platform);
    const shape = pools[0].shape;
    checkTopology(props.kind, name, props.topology, shape.topology, platform);
    const available = pools.reduce((sum, p) => sum + p.nodeCount / shape.vms, 0);
    if (replicas > available) {
      throw Errors.tooManySlices(`${props.kind} "${name}"`, replicas, shape.topology.toString(), platform.ledger.description, available);
    }
    placement = {
      ...common,
      slicing: TpuSlicing.NODE_POOL,
      topology: shape.topology,
      multiHost: shape.multiHost,
      vmsPerSlice: shape.vms,
      chipsPerSlice: shape.chips,
      chips: replicas * shape.chips,
      nodeSelector: { ...pools[0].nodeSelector },
      podAnnotations: {},
      // One multi-host pool is one slice: one replica per pool. Single-host slices are single pods.
      exclusiveTopologyKey: shape.multiHost ? GKE_NODE_POOL_LABEL : undefined,
    };
  }
  platform.ledger.claim(name, placement.chips, generation);
  return placement;
}

/**
 * The cluster a workload is shipped to: `cluster` when given, else the cluster of a
 * KueueStack queue or of a K8sNamespace, else the stack's only cluster. Throws
 * CLUSTER_MISMATCH when `cluster` is not the cluster of the queue or namespace, and
 * CLUSTER_NOT_WIRED when the stack has no providers for it.
 */
export function workloadCluster(scope: Construct, what: string, props: {
  readonly cluster?: IGkeCluster; readonly queue?: KueueStack | string; readonly namespace?: K8sNamespace | string;
}): IGkeCluster {
  const kueue = props.queue instanceof KueueStack ? props.queue : undefined;
  const namespace = kueue?.namespace ?? (props.namespace instanceof K8sNamespace ? props.namespace : undefined);
  return ClusterProviders.forTarget(scope, { what, cluster: props.cluster ?? kueue?.cluster, namespace }).cluster;
}

/**
 * The TPU container of a pod on `placement`: `google.com/tpu` requested and
 * limited to every chip of the VM (one pod per TPU VM). Throws
 * TPU_CHIPS_PER_POD_MISMATCH when the container already asks for another count.
 */
export function tpuContainer(kind: string, workload: string, container: Container, placement: TpuWorkloadPlacement): Container {
  const chips = String(placement.chipsPerVm);
  const resources = container.resources ?? {};
  for (const [field, list] of [['requests', resources.requests], ['limits', resources.limits]] as const) {
    const value = list?.[TPU_RESOURCE];
    if (value !== undefined && value !== chips) {
      throw Errors.tpuChipsPerPodMismatch(`Container "${container.name}" of ${kind} "${workload}"`, `${field}`, value,
        placement.machineType.name, placement.chipsPerVm);
    }
  }
  return {
    ...container,
    resources: {
      ...resources,
      requests: { ...resources.requests, [TPU_RESOURCE]: chips },
      limits: { ...resources.limits, [TPU_RESOURCE]: chips },
    },
  };
}

function resolvePlatform(props: TpuWorkloadPlacementProps, kueue: KueueStack | undefined): ITpuPlatform {
  if (kueue) {
    if (props.platform && props.platform !== kueue.platform) {
      throw Errors.workloadPlatformRejected(`${props.kind} "${props.name}"`, props.platform.ledger.description,
        'is not the platform of its queue (Kueue admits it against the queue\'s quota and capacity)', kueue.platform.ledger.description,
        'omit `platform` (the queue\'s platform is used), or queue the workload on a KueueStack of this platform');
    }
    return kueue.platform;
  }
  if (!props.platform) {
    throw Errors.missingProp(`${props.kind} "${props.name}"`, 'platform', 'the TPU node pool, pool group or KueueStack the workload runs on');
  }
  return props.platform;
}

function resolveNamespace(props: TpuWorkloadPlacementProps, kueue: KueueStack | undefined): string {
  const given = props.namespace instanceof K8sNamespace ? props.namespace.name : props.namespace;
  if (kueue) {
    if (given !== undefined && given !== kueue.namespace.name) {
      throw Errors.invalidValue(`Namespace of ${props.kind} "${props.name}"`, given, [kueue.namespace.name],
        'omit `namespace`: a workload is submitted in the namespace of its LocalQueue');
    }
    return kueue.namespace.name;
  }
  return validateName(NameRules.K8S_DNS_LABEL, given ?? 'default', 'Kubernetes namespace');
}

function staticPools(kind: string, name: string, platform: ITpuPlatform): readonly TpuNodePool[] {
  if (platform instanceof TpuNodePool) return [platform];
  if (platform instanceof TpuPoolGroup) return platform.pools;
  if (platform instanceof SuperslicePool) {
    throw Errors.missingProp(`${kind} "${name}"`, 'queue',
      'the cubes of a SuperslicePool are carved into slices by the Kueue slice controller: pass a KueueStack with dynamicSlicing');
  }
  throw Errors.workloadPlatformRejected(`${kind} "${name}"`, platform.ledger.description, 'has slices of unknown shape',
    'a TpuNodePool, a TpuPoolGroup, or a SuperslicePool through a KueueStack with dynamicSlicing',
    'run the workload on one of the listed platforms');
}

function checkTopology(kind: string, name: string, text: string | undefined, poolTopology: TpuTopology, platform: ITpuPlatform): void {
  if (text === undefined || text === poolTopology.toString()) return;
  const generation = platform.capacity.generation;
  const topology = generation.parseTopology(text);
  const singleHost = TpuMachineType.ALL.filter((m) => m.generation === generation).map((m) => m.singleHostTopology.toString());
  if (!singleHost.includes(topology.toString()) && !generation.isMultiHostTopology(topology)) {
    throw Errors.topologyInvalidForGeneration(text, generation.name, [...singleHost, ...generation.listedMultiHostTopologies],
      `single-host ${singleHost.map((t) => `"${t}"`).join(', ')}; multi-host ${generation.describeMultiHostTopologies()}`);
  }
  throw Errors.sliceTopologyMismatch(`${kind} "${name}"`, text, platform.ledger.description, poolTopology.toString());
}
