import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ITpuPlatform } from '../gke/tpu-platform';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { leaderWorkerSet, LWS_EXCLUSIVE_TOPOLOGY_ANNOTATION, LwsRestartPolicy } from '../k8s/leader-worker-set';
import { ManifestRelease } from '../k8s/manifest-release';
import { Container, K8sObject, Labels, Volume } from '../k8s/types';
import { KueueStack } from '../kueue/kueue-stack';
import { WorkloadPriority } from '../kueue/workload-priority';
import { NameRules, validateName } from '../util/names';
import { tpuPodTemplate } from './tpu-pod-template';
import { placeTpuWorkload, workloadCluster, tpuContainer, TpuSlicing, TpuWorkloadPlacement } from './tpu-workload-placement';

/**
 * Label the LeaderWorkerSet controller puts on every pod of a group: `"0"` on the
 * leader, `"1"`..`"size-1"` on the workers.
 */
const WORKER_INDEX_LABEL = 'leaderworkerset.sigs.k8s.io/worker-index';

/** GKE node label whose value identifies a tpu7x dynamic slice (one group per slice). */
const GKE_TPU_SLICE_LABEL = 'cloud.google.com/gke-tpu-slice';

/** Props of {@link TpuLeaderWorkerSet}. */
export interface TpuLeaderWorkerSetProps {
  /** LeaderWorkerSet name (also the Helm release name). */
  readonly name: string;
  /**
   * The TPU capacity: a {@link TpuNodePool} or a {@link TpuPoolGroup}. Not needed
   * with a KueueStack `queue`, whose platform is used (a {@link SuperslicePool}
   * through a KueueStack with dynamic slicing gives tpu7x dynamic slices).
   * @default - the platform of `queue`
   */
  readonly platform?: ITpuPlatform;
  /**
   * Kueue queue: a KueueStack or the name of an existing LocalQueue in `namespace`.
   * @default - not queued (no `kueue.x-k8s.io/queue-name` label)
   */
  readonly queue?: KueueStack | string;
  /**
   * Kueue WorkloadPriorityClass; needs `queue`.
   * @default - none (Kueue's default priority)
   */
  readonly priority?: WorkloadPriority;
  /**
   * Namespace of the LeaderWorkerSet.
   * @default - the namespace of a KueueStack `queue`, else "default"
   */
  readonly namespace?: K8sNamespace | string;
  /**
   * Cluster the workload is shipped to (the cluster of `platform`'s node pools).
   * @default - the cluster of a KueueStack `queue` or of a K8sNamespace `namespace`, else the stack's only cluster
   */
  readonly cluster?: IGkeCluster;
  /**
   * Topology of the slice of one group, checked against the platform.
   * @default - the platform's slice (required for tpu7x dynamic slices)
   */
  readonly topology?: string;
  /**
   * Groups (model replicas), one slice each.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Container of the leader (worker index 0). `google.com/tpu` is requested and
   * limited to the chips of one VM; a different count is an error.
   */
  readonly leader: Container;
  /**
   * Container of the other pods of a group.
   * @default - the leader's container
   */
  readonly worker?: Container;
  /**
   * What LWS does when a pod of a group restarts.
   * @default "RecreateGroupOnPodRestart" (a multi-host TPU program cannot lose one host)
   */
  readonly restartPolicy?: LwsRestartPolicy;
  /**
   * Kubernetes service account of the pods.
   * @default - the namespace's default service account
   */
  readonly serviceAccountName?: string;
  /**
   * Run the pods in the node's network namespace (`hostNetwork`, with `dnsPolicy:
   * ClusterFirstWithHostNet` so cluster DNS names still resolve), as multislice
   * training often does for data-center network throughput between slices.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Pod volumes (leader and workers).
   * @default []
   */
  readonly volumes?: readonly Volume[];
  /**
   * Extra labels of every pod (also on the LeaderWorkerSet).
   * @default {}
   */
  readonly podLabels?: Labels;
  /**
   * Extra annotations of every pod.
   * @default {}
   */
  readonly podAnnotations?: Labels;
  /**
   * Exclusive placement: each group gets a slice of its own
   * (`leaderworkerset.sigs.k8s.io/exclusive-topology`). LWS then creates a group's
   * workers only once its leader is scheduled, so turn it off where pools are scaled
   * up from zero by the pods themselves and nothing else keeps groups apart.
   * @default true (for multi-host and dynamic slices)
   */
  readonly exclusivePlacement?: boolean;
  /**
   * Resources to create first (and destroy after), besides the platform, the
   * namespace and the queue.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Multi-host serving on any TPU slice of the catalog as a LeaderWorkerSet: one
 * group per slice whose size is the slice's VMs, one pod per VM (the leader and
 * its workers) requesting all of its chips, node selectors on accelerator and
 * topology, and exclusive placement so a group never shares a slice
 * (`leaderworkerset.sigs.k8s.io/exclusive-topology` on the node pool for node-pool
 * slices, on `cloud.google.com/gke-tpu-slice` for tpu7x dynamic slices).
 *
 * Synth-time checks: as {@link TpuJobSet} (topology for the generation and the
 * pools, groups that fit, chips per pod, the capacity ledger claim).
 */
export class TpuLeaderWorkerSet extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  /** Where the groups run (slice, selectors, chips). */
  public readonly placement: TpuWorkloadPlacement;
  /** The LeaderWorkerSet object. */
  public readonly object: K8sObject;
  public readonly name: string;
  public readonly namespace: string;
  /** Groups. */
  public readonly replicas: number;
  /** Pods per group (`leaderWorkerTemplate.size`): one per TPU VM of the slice. */
  public readonly groupSize: number;
  /** Chips the groups occupy in total. */
  public readonly chips: number;
  /**
   * Labels of the leaders (the pod labels plus the worker index `"0"` the
   * controller sets): what a Service that reaches the leaders selects.
   */
  public readonly leaderPodLabels: Labels;

  constructor(scope: Construct, id: string, props: TpuLeaderWorkerSetProps) {
    super(scope, id);
    this.name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'LeaderWorkerSet');
    this.placement = placeTpuWorkload({
      kind: 'TpuLeaderWorkerSet', name: this.name, platform: props.platform, queue: props.queue, priority: props.priority,
      namespace: props.namespace, topology: props.topology, replicas: props.replicas ?? 1,
    });
    const p = this.placement;
    this.namespace = p.namespace;
    this.replicas = p.replicas;
    this.groupSize = p.vmsPerSlice;
    this.chips = p.chips;
    const podLabels = props.podLabels ?? {};
    this.leaderPodLabels = { ...podLabels, [WORKER_INDEX_LABEL]: '0' };

    const leader = tpuContainer('TpuLeaderWorkerSet', this.name, props.leader, p);
    const worker = props.worker ? tpuContainer('TpuLeaderWorkerSet', this.name, props.worker, p) : leader;
    // LWS keeps a group inside one value of the key: a node pool (one multi-host slice) or a tpu7x dynamic slice.
    const exclusiveKey = !(props.exclusivePlacement ?? true) ? undefined : p.slicing === TpuSlicing.DYNAMIC ? GKE_TPU_SLICE_LABEL : p.exclusiveTopologyKey;
    const labels = { ...podLabels, ...p.queueLabels };
    this.object = leaderWorkerSet({
      name: this.name,
      namespace: p.namespace,
      annotations: exclusiveKey ? { [LWS_EXCLUSIVE_TOPOLOGY_ANNOTATION]: exclusiveKey } : undefined,
      labels: Object.keys(labels).length ? labels : undefined,
      replicas: p.replicas,
      size: p.vmsPerSlice,
      restartPolicy: props.restartPolicy ?? 'RecreateGroupOnPodRestart',
      leaderTemplate: tpuPodTemplate(p, props, leader),
      workerTemplate: tpuPodTemplate(p, props, worker),
    });
    this.release = new ManifestRelease(this, 'Release', {
      releaseName: this.name,
      namespace: p.namespace,
      cluster: workloadCluster(this, `TpuLeaderWorkerSet "${this.name}" (${this.node.path})`, props),
      objects: [this.object],
      dependsOn: [...p.dependables, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
