import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ITpuPlatform } from '../gke/tpu-platform';
import { jobSet, JOBSET_EXCLUSIVE_TOPOLOGY_ANNOTATION } from '../k8s/jobset';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { ManifestRelease } from '../k8s/manifest-release';
import { Container, K8sObject, Labels, Volume } from '../k8s/types';
import { KueueStack } from '../kueue/kueue-stack';
import { WorkloadPriority } from '../kueue/workload-priority';
import { NameRules, validateName } from '../util/names';
import { tpuPodTemplate } from './tpu-pod-template';
import { placeTpuWorkload, workloadCluster, tpuContainer, TpuWorkloadPlacement } from './tpu-workload-placement';

/** Props of {@link TpuJobSet}. */
export interface TpuJobSetProps {
  /** JobSet name (also the Helm release name and the pods' DNS subdomain). */
  readonly name: string;
  /**
   * The TPU capacity: a {@link TpuNodePool} (a multi-host pool is one slice, a
   * single-host pool holds one-VM slices) or a {@link TpuPoolGroup}. Not needed
   * with a KueueStack `queue`, whose platform is used (a {@link SuperslicePool}
   * through a KueueStack with dynamic slicing gives tpu7x dynamic slices).
   * @default - the platform of `queue`
   */
  readonly platform?: ITpuPlatform;
  /**
   * Kueue queue: a KueueStack (its LocalQueue, namespace, priority classes and
   * install order) or the name of an existing LocalQueue in `namespace`.
   * @default - not queued (no `kueue.x-k8s.io/queue-name` label)
   */
  readonly queue?: KueueStack | string;
  /**
   * Kueue WorkloadPriorityClass (`kueue.x-k8s.io/priority-class`); needs `queue`.
   * @default - none (Kueue's default priority)
   */
  readonly priority?: WorkloadPriority;
  /**
   * Namespace of the JobSet.
   * @default - the namespace of a KueueStack `queue`, else "default"
   */
  readonly namespace?: K8sNamespace | string;
  /**
   * Cluster the workload is shipped to (the cluster of `platform`'s node pools).
   * @default - the cluster of a KueueStack `queue` or of a K8sNamespace `namespace`, else the stack's only cluster
   */
  readonly cluster?: IGkeCluster;
  /**
   * Topology of one slice, checked against the platform.
   * @default - the platform's slice (required for tpu7x dynamic slices, e.g. "2x2x2")
   */
  readonly topology?: string;
  /**
   * Slices: one replica of the replicated job per slice.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * The container of every pod. `google.com/tpu` is requested and limited to the
   * chips of one VM; a different count in its resources is an error.
   */
  readonly container: Container;
  /**
   * Name of the replicated job.
   * @default "slice-job"
   */
  readonly jobName?: string;
  /**
   * Retries of each Job before it fails.
   * @default 0 (a failed pod fails its Job: the slice restarts as a whole through `maxRestarts`)
   */
  readonly backoffLimit?: number;
  /**
   * Restarts of the whole JobSet after a Job fails (`failurePolicy.maxRestarts`).
   * @default - no failure policy (the first failed Job fails the JobSet)
   */
  readonly maxRestarts?: number;
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
   * Pod volumes.
   * @default []
   */
  readonly volumes?: readonly Volume[];
  /**
   * Extra labels of the pods.
   * @default {}
   */
  readonly podLabels?: Labels;
  /**
   * Extra annotations of the pods (e.g. the GCS FUSE sidecar's).
   * @default {}
   */
  readonly podAnnotations?: Labels;
  /**
   * Exclusive placement of multi-host slices: each Job gets a node pool of its own
   * (`alpha.jobset.sigs.k8s.io/exclusive-topology`). JobSet then creates the other
   * pods of a Job only once its first pod is scheduled, so turn it off where pools
   * are scaled up from zero by the pods themselves and nothing else selects the pool.
   * @default true
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
 * A JobSet (training or batch) on any TPU slice of the catalog: v5e, v5p, v6e or
 * tpu7x, single-host or multi-host. Everything TPU-specific is derived from the
 * platform: one replicated Job per slice whose parallelism and completions are
 * the slice's VMs, one pod per VM requesting all of its chips, node selectors on
 * accelerator and topology, exclusive node-pool placement for multi-host slices
 * (`alpha.jobset.sigs.k8s.io/exclusive-topology: cloud.google.com/gke-nodepool`),
 * and for tpu7x dynamic slices the slice-topology pod annotation instead.
 * JobSet itself gives the pods stable hostnames under a headless Service named
 * after the JobSet (`<name>-<job>-<index>-<pod>.<name>`).
 *
 * Synth-time checks: the topology is valid for the generation and is the slice
 * the pools provide, the replicas fit the pools, the container asks for every
 * chip of its VM, and the chips fit the platform's capacity ledger next to every
 * other workload of the stack (the claim is recorded automatically).
 */
export class TpuJobSet extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  /** Where the JobSet runs (slice, selectors, chips). */
  public readonly placement: TpuWorkloadPlacement;
  /** The JobSet object. */
  public readonly object: K8sObject;
  public readonly name: string;
  public readonly namespace: string;
  /** Slices (replicas of the replicated job). */
  public readonly replicas: number;
  /** Pods per slice (Job parallelism and completions): one per TPU VM. */
  public readonly podsPerSlice: number;
  /** Chips the JobSet occupies in total. */
  public readonly chips: number;

  constructor(scope: Construct, id: string, props: TpuJobSetProps) {
    super(scope, id);
    this.name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'JobSet');
    this.placement = placeTpuWorkload({
      kind: 'TpuJobSet', name: this.name, platform: props.platform, queue: props.queue, priority: props.priority,
      namespace: props.namespace, topology: props.topology, replicas: props.replicas ?? 1,
    });
    const p = this.placement;
    this.namespace = p.namespace;
    this.replicas = p.replicas;
    this.podsPerSlice = p.vmsPerSlice;
    this.chips = p.chips;

    const backoffLimit = props.backoffLimit ?? 0;
    for (const [field, value] of [['backoffLimit', backoffLimit], ['maxRestarts', props.maxRestarts]] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw Errors.outOfRange(`TpuJobSet "${this.name}" ${field}`, value, 'an integer >= 0', `set \`${field}\` to a whole number of retries`);
      }
    }
    const jobName = validateName(NameRules.K8S_DNS_LABEL, props.jobName ?? 'slice-job', 'JobSet replicated job');
    // JobSet derives Job and pod names from its own; its webhook rejects the JobSet when the longest is not a DNS-1035 label.
    const longestPod = `${this.name}-${jobName}-${p.replicas - 1}-${p.vmsPerSlice - 1}-abcde`;
    if (longestPod.length > 63) throw Errors.jobSetPodNameInvalid(this.name, longestPod, `has ${longestPod.length} characters`);
    if (!/^[a-z]/.test(this.name)) throw Errors.jobSetPodNameInvalid(this.name, longestPod, 'does not start with a letter');
    const container = tpuContainer('TpuJobSet', this.name, props.container, p);
    const queueLabels = p.queueLabels;
    this.object = jobSet({
      name: this.name,
      namespace: p.namespace,
      labels: Object.keys(queueLabels).length ? queueLabels : undefined,
      annotations: p.exclusiveTopologyKey && (props.exclusivePlacement ?? true) ? { [JOBSET_EXCLUSIVE_TOPOLOGY_ANNOTATION]: p.exclusiveTopologyKey } : undefined,
      maxRestarts: props.maxRestarts,
      replicatedJobs: [{
        name: jobName,
        replicas: p.replicas,
        parallelism: p.vmsPerSlice,
        completions: p.vmsPerSlice,
        backoffLimit,
        template: tpuPodTemplate(p, props, container, 'Never'),
      }],
    });
    this.release = new ManifestRelease(this, 'Release', {
      releaseName: this.name,
      namespace: p.namespace,
      cluster: workloadCluster(this, `TpuJobSet "${this.name}" (${this.node.path})`, props),
      objects: [this.object],
      dependsOn: [...p.dependables, ...(props.dependsOn ?? [])],
    });
  }

  /** DNS subdomain of the pods: JobSet's headless Service, named after the JobSet. */
  public get subdomain(): string {
    return this.name;
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
