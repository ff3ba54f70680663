import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import { IGkeCluster } from '../gke/gke-cluster';
import { CAPACITY_KINDS, CapacityKind } from '../gke/capacity-mode';
import { GkeFeatureVersions } from '../gke/gke-version';
import { ITpuPlatform } from '../gke/tpu-platform';
import type { TpuNodePool } from '../gke/tpu-node-pool';
import { ClusterProviders } from '../k8s/cluster-providers';
import { HelmChartRelease } from '../k8s/helm-chart-release';
import { K8sNamespace } from '../k8s/k8s-namespace';
import * as kueue from '../k8s/kueue';
import { ManifestRelease } from '../k8s/manifest-release';
import { RemoteManifest } from '../k8s/remote-manifest';
import { TpuGeneration } from '../tpu/tpu-generation';
import { NameRules, validateName } from '../util/names';
import { pathName } from '../util/path-names';
import { WorkloadPriority } from './workload-priority';

/** Controller chart versions; the defaults are versions tested together (Kueue 0.17 with JobSet 0.11 and LWS 0.8). */
export interface KueueStackVersions {
  /**
   * Kueue chart (`oci://registry.k8s.io/kueue/charts/kueue`); the tag has no `v`.
   * @default "0.17.4"
   */
  readonly kueue?: string;
  /**
   * JobSet chart (`oci://registry.k8s.io/jobset/charts/jobset`).
   * @default "0.11.1"
   */
  readonly jobset?: string;
  /**
   * LeaderWorkerSet chart (`oci://registry.k8s.io/lws/charts/lws`); the tag keeps its `v`.
   * @default "v0.8.0"
   */
  readonly lws?: string;
}

/** Where the user-space Kueue slice controller manifest comes from. */
export interface SliceControllerSource {
  /** Immutable URL of the release manifest. */
  readonly manifestUrl: string;
  /**
   * Expected SHA-256 of the manifest (64 lowercase hex characters, or a Terraform
   * reference such as a variable); plan fails when the downloaded content differs.
   */
  readonly sha256: string;
}

/**
 * URL of the slice controller build the recipe applies: kueue-slice-controller
 * v0.8.0-200, published as a gist at a fixed revision. A gist's raw URL can still be
 * served other bytes, and no copy of the file was available to this project, so its
 * SHA-256 is an input: see {@link recipeSliceController}.
 */
export const RECIPE_SLICE_CONTROLLER_URL = 'https://gist.githubusercontent.com/mwysokin/f8ff6a7f8c2f8808ba30177e51413e32/raw/9086457ea35cd31a3bb95b714bf72309a2be357c/kueue-slice-controller-v0.8.0-200.yaml';

/** The recipe's slice controller manifest ({@link RECIPE_SLICE_CONTROLLER_URL}) pinned to `sha256`. */
export function recipeSliceController(sha256: string): SliceControllerSource {
  return { manifestUrl: RECIPE_SLICE_CONTROLLER_URL, sha256 };
}

/**
 * Kueue Topology levels for tpu7x dynamic slicing, outermost first: the block,
 * every partition shape from the 4x4x4 cube down to 2x2x1, then the host.
 */
export const SLICE_TOPOLOGY_LEVELS: readonly string[] = [
  'cloud.google.com/gce-topology-block',
  'cloud.google.com/gke-tpu-partition-4x4x4-id',
  'cloud.google.com/gke-tpu-partition-2x4x4-id',
  'cloud.google.com/gke-tpu-partition-2x2x4-id',
  'cloud.google.com/gke-tpu-partition-2x2x2-id',
  'cloud.google.com/gke-tpu-partition-2x2x1-id',
  'kubernetes.io/hostname',
];

/** Admission check controller of the Kueue slice controller. */
export const SLICE_ADMISSION_CONTROLLER = 'accelerator.gke.io/slice';

/** Admission check controller of Kueue's ProvisioningRequest integration (queued provisioning). */
export const PROVISIONING_REQUEST_CONTROLLER = 'kueue.x-k8s.io/provisioning-request';

/** ProvisioningRequest class of GKE's flex-start with queued provisioning. */
export const QUEUED_PROVISIONING_CLASS = 'queued-provisioning.gke.io';

/** How the ClusterQueue's nominal quota is set. */
export enum QuotaMode {
  /** From the platform: its chips, and vCPUs and memory of its machines. */
  DERIVED = 'DERIVED',
  /** The recipe's placeholder 999999 (TPU, CPU) / 999999Pi (memory). */
  UNLIMITED = 'UNLIMITED',
}

/** Names of the Kueue objects {@link KueueStack} creates. */
export interface KueueObjectNames {
  /**
   * The Topology (dynamic slicing).
   * @default - `<namePrefix>-topology`
   */
  readonly topology?: string;
  /**
   * The ResourceFlavor.
   * @default - `<namePrefix>-flavor`
   */
  readonly resourceFlavor?: string;
  /**
   * The slice AdmissionCheck (dynamic slicing).
   * @default - `<namePrefix>-slice`
   */
  readonly admissionCheck?: string;
  /**
   * The ClusterQueue.
   * @default - `<namePrefix>`
   */
  readonly clusterQueue?: string;
  /**
   * The LocalQueue in the workload namespace.
   * @default - `<namePrefix>`
   */
  readonly localQueue?: string;
  /**
   * The ProvisioningRequestConfig (queued provisioning).
   * @default - `<namePrefix>-dws`
   */
  readonly provisioningRequestConfig?: string;
  /**
   * The ProvisioningRequest AdmissionCheck (queued provisioning).
   * @default - `<namePrefix>-dws`
   */
  readonly provisioningAdmissionCheck?: string;
}

/** Props of {@link KueueStack}. */
export interface KueueStackProps {
  /** Cluster the controllers run on (its minimum version is checked for dynamic slicing). */
  readonly cluster: IGkeCluster;
  /** TPU capacity the ClusterQueue admits work onto. */
  readonly platform: ITpuPlatform;
  /** Namespace of the LocalQueue (where workloads are submitted). */
  readonly workloadNamespace: K8sNamespace;
  /**
   * tpu7x dynamic slicing: install the Kueue slice controller, add the
   * `accelerator.gke.io/slice` admission check and the slice Topology.
   * Without it the ResourceFlavor selects the platform's accelerator and has no topology.
   * @default - on when `sliceController` is given
   */
  readonly dynamicSlicing?: boolean;
  /**
   * Source of the user-space slice controller, pinned by SHA-256; required with dynamic
   * slicing (e.g. `recipeSliceController(sha256)`).
   * @default - none (an error with dynamic slicing)
   */
  readonly sliceController?: SliceControllerSource;
  /**
   * Chart versions.
   * @default - Kueue "0.17.4", JobSet "0.11.1", LeaderWorkerSet "v0.8.0"
   */
  readonly versions?: KueueStackVersions;
  /**
   * Object names.
   * @default - derived from `namePrefix`
   */
  readonly names?: KueueObjectNames;
  /**
   * Prefix of the default object names (a DNS label), so that the objects of two
   * KueueStacks differ.
   * @default - derived from the construct path (e.g. `platform-kueue`)
   */
  readonly namePrefix?: string;
  /**
   * Kueue flavors in fallback order: one ResourceFlavor per pool (selected by
   * `cloud.google.com/gke-nodepool`), tried reservation → any reservation → on-demand →
   * flex-start → queued provisioning → spot, each with the pool's capacity as quota;
   * a queued-provisioning pool's flavor alone gets the ProvisioningRequest check.
   * Every pool needs a `capacityMode`, each mode once; not with dynamic slicing.
   * @default - one flavor for the whole platform
   */
  readonly fallbackPools?: readonly TpuNodePool[];
  /**
   * ClusterQueue quota.
   * @default QuotaMode.DERIVED
   */
  readonly quota?: QuotaMode;
  /**
   * WorkloadPriorityClasses to create; a workload may only ask for one of these.
   * @default [] (none: workloads are queued without a priority class)
   */
  readonly priorities?: readonly WorkloadPriority[];
}

const PINNED = { kueue: '0.17.4', jobset: '0.11.1', lws: 'v0.8.0' } as const;

/**
 * JobSet, LeaderWorkerSet and Kueue (Helm charts), the Kueue slice controller,
 * and the Kueue objects that queue TPU workloads onto a platform.
 *
 * Order (create; destroy runs backwards): Kueue first, because its pod,
 * deployment, statefulset and job webhooks fail closed cluster-wide until it is
 * ready; then JobSet and LWS (Kueue 0.17 starts their integrations when their
 * CRDs appear); then the slice controller, whose webhooks fail closed for Jobs,
 * JobSets, LWS and StatefulSets; then the Kueue objects; workloads last.
 */
export class KueueStack extends Construct {
  public readonly kueueRelease: HelmChartRelease;
  public readonly jobsetRelease: HelmChartRelease;
  public readonly lwsRelease: HelmChartRelease;
  /** Undefined without dynamic slicing. */
  public readonly sliceControllerRelease?: ManifestRelease;
  public readonly objectsRelease: ManifestRelease;
  public readonly cluster: IGkeCluster;
  public readonly platform: ITpuPlatform;
  public readonly namespace: K8sNamespace;
  public readonly dynamicSlicing: boolean;
  public readonly localQueueName: string;
  public readonly clusterQueueName: string;
  public readonly priorities: readonly WorkloadPriority[];
  /** True when the platform uses queued provisioning (the ProvisioningRequest admission check is added). */
  public readonly queuedProvisioning: boolean;

  constructor(scope: Construct, id: string, props: KueueStackProps) {
    super(scope, id);
    // Everything goes to `cluster`; the LocalQueue's namespace must be one of its namespaces.
    ClusterProviders.forTarget(this, { what: `KueueStack ${this.node.path}`, cluster: props.cluster, namespace: props.workloadNamespace });
    this.cluster = props.cluster;
    this.platform = props.platform;
    this.namespace = props.workloadNamespace;
    this.dynamicSlicing = props.dynamicSlicing ?? props.sliceController !== undefined;
    this.priorities = props.priorities ?? [];
    const names = props.names ?? {};
    const prefix = validateName(NameRules.K8S_DNS_LABEL, props.namePrefix ?? pathName(this, 50), 'KueueStack namePrefix');
    this.localQueueName = names.localQueue ?? prefix;
    this.clusterQueueName = names.clusterQueue ?? prefix;
    const versions = { ...PINNED, ...props.versions };
    const generation = props.platform.capacity.generation;

    if (this.dynamicSlicing) {
      if (generation !== TpuGeneration.TPU7X) {
        throw Errors.generationMismatch('KueueStack with dynamic slicing', TpuGeneration.TPU7X.name, generation.name);
      }
      props.cluster.requireVersion('dynamic super-slicing', GkeFeatureVersions.SUPER_SLICING);
    }

    this.kueueRelease = new HelmChartRelease(this, 'Kueue', {
      cluster: props.cluster,
      releaseName: 'kueue', chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: versions.kueue, namespace: 'kueue-system',
    });
    this.jobsetRelease = new HelmChartRelease(this, 'JobSet', {
      cluster: props.cluster,
      releaseName: 'jobset', chart: 'jobset', repository: 'oci://registry.k8s.io/jobset/charts', version: versions.jobset, namespace: 'jobset-system',
      dependsOn: [this.kueueRelease],
    });
    this.lwsRelease = new HelmChartRelease(this, 'LeaderWorkerSet', {
      cluster: props.cluster,
      releaseName: 'lws', chart: 'lws', repository: 'oci://registry.k8s.io/lws/charts', version: versions.lws, namespace: 'lws-system',
      dependsOn: [this.kueueRelease],
    });
    const controllers: ITerraformDependable[] = [this.kueueRelease, this.jobsetRelease, this.lwsRelease];

    if (this.dynamicSlicing) {
      const source = props.sliceController;
      if (!source) {
        throw Errors.missingProp('KueueStack', 'sliceController',
          'the slice controller manifest is downloaded at plan time and must be pinned by SHA-256, e.g. recipeSliceController(sha256)');
      }
      const manifest = new RemoteManifest(this, 'SliceControllerManifest', { url: source.manifestUrl, sha256: source.sha256 });
      // The manifest carries its own Namespace (slice-controller-system), so the release lives in "default".
      this.sliceControllerRelease = new ManifestRelease(this, 'SliceController', {
        cluster: props.cluster,
        releaseName: 'kueue-slice-controller',
        manifests: [manifest.body],
        dependsOn: controllers,
      });
      controllers.push(this.sliceControllerRelease);
    }

    const topologyName = names.topology ?? `${prefix}-topology`;
    const flavorName = names.resourceFlavor ?? `${prefix}-flavor`;
    const checkName = names.admissionCheck ?? `${prefix}-slice`;
    const fallback = props.fallbackPools ? fallbackFlavors(props.fallbackPools, prefix, this.dynamicSlicing, props.quota ?? QuotaMode.DERIVED) : undefined;
    this.queuedProvisioning = props.platform.capacityMode?.kind === CapacityKind.QUEUED_PROVISIONING || !!fallback?.some((f) => f.kind === CapacityKind.QUEUED_PROVISIONING);
    const prConfigName = names.provisioningRequestConfig ?? `${prefix}-dws`;
    const prCheckName = names.provisioningAdmissionCheck ?? `${prefix}-dws`;
    const admissionChecks = [...(this.dynamicSlicing ? [checkName] : []), ...(this.queuedProvisioning ? [prCheckName] : [])];
    const objects = [
      ...(this.dynamicSlicing ? [kueue.topology(topologyName, SLICE_TOPOLOGY_LEVELS)] : []),
      ...(fallback ? fallback.map((f) => kueue.resourceFlavor(f.name, f.nodeLabels))
        : [kueue.resourceFlavor(flavorName, { 'cloud.google.com/gke-tpu-accelerator': generation.acceleratorLabel }, this.dynamicSlicing ? topologyName : undefined)]),
      ...(this.dynamicSlicing ? [kueue.admissionCheck(checkName, SLICE_ADMISSION_CONTROLLER)] : []),
      ...(this.queuedProvisioning ? [
        kueue.provisioningRequestConfig(prConfigName, QUEUED_PROVISIONING_CLASS, ['google.com/tpu']),
        kueue.admissionCheck(prCheckName, PROVISIONING_REQUEST_CONTROLLER, { kind: 'ProvisioningRequestConfig', name: prConfigName }),
      ] : []),
      kueue.clusterQueue({
        name: this.clusterQueueName,
        flavor: flavorName,
        quotas: quotas(props.platform, props.quota ?? QuotaMode.DERIVED),
        flavors: fallback,
        checkFlavors: fallback && this.queuedProvisioning ? { [prCheckName]: fallback.filter((f) => f.kind === CapacityKind.QUEUED_PROVISIONING).map((f) => f.name) } : undefined,
        admissionChecks,
        withinClusterQueue: 'LowerPriority',
      }),
      kueue.localQueue(this.localQueueName, props.workloadNamespace.name, this.clusterQueueName),
      ...this.priorities.map((p) => kueue.workloadPriorityClass(p.name, p.value, p.description)),
    ];
    this.objectsRelease = new ManifestRelease(this, 'Objects', {
      cluster: props.cluster,
      releaseName: 'kueue-objects',
      namespace: 'kueue-system',
      objects,
      dependsOn: [...controllers, props.workloadNamespace],
    });
  }

  /** The name of `priority`; throws when the stack does not create that class. */
  public priorityClassName(priority: WorkloadPriority): string {
    if (this.priorities.length === 0) {
      throw Errors.missingProp(`KueueStack ${this.node.path}`, 'priorities',
        `a workload asks for priority class "${priority.name}" and the stack creates no WorkloadPriorityClass`);
    }
    if (!this.priorities.includes(priority)) {
      throw Errors.invalidValue('Workload priority class', priority.name, this.priorities.map((p) => p.name),
        'add it to KueueStack `priorities` or pick one of the listed classes');
    }
    return priority.name;
  }

  /** What a workload submitted to this queue must wait for. */
  public get workloadDependencies(): readonly ITerraformDependable[] {
    return [this.objectsRelease, ...(this.sliceControllerRelease ? [this.sliceControllerRelease] : []), this.jobsetRelease, this.lwsRelease,
      this.namespace, ...this.platform.dependables];
  }
}

/** One flavor per pool in fallback order (see {@link KueueStackProps.fallbackPools}). */
function fallbackFlavors(pools: readonly TpuNodePool[], prefix: string, dynamicSlicing: boolean, mode: QuotaMode):
  { name: string; kind: CapacityKind; nodeLabels: Record<string, string>; quotas: kueue.ClusterQueueQuota[] }[] {
  if (dynamicSlicing) {
    throw Errors.capacityRule('KueueStack fallbackPools', 'is set with dynamic slicing', 'fallback flavors on node pools without dynamic slicing',
      'remove `fallbackPools` (dynamic slicing runs on its reservation block) or set dynamicSlicing: false');
  }
  const seen = new Set<CapacityKind>();
  for (const p of pools) {
    const kind = p.capacityMode?.kind;
    if (!kind || seen.has(kind)) {
      throw Errors.capacityRule(`KueueStack fallback pool "${p.name}"`, kind ? `repeats capacity mode ${kind}` : 'has no capacityMode',
        `one pool per capacity mode: ${CAPACITY_KINDS.join(', ')}`, 'give each fallback pool its own capacityMode');
    }
    seen.add(kind);
  }
  return [...pools].sort((a, b) => CAPACITY_KINDS.indexOf(a.capacityMode!.kind) - CAPACITY_KINDS.indexOf(b.capacityMode!.kind)).map((p) => ({
    name: `${prefix}-${p.capacityMode!.kind}`,
    kind: p.capacityMode!.kind,
    nodeLabels: { 'cloud.google.com/gke-nodepool': p.name },
    quotas: quotas(p, mode),
  }));
}

function quotas(platform: ITpuPlatform, mode: QuotaMode): kueue.ClusterQueueQuota[] {
  if (mode === QuotaMode.UNLIMITED) {
    return [
      { resource: 'google.com/tpu', nominalQuota: '999999' },
      { resource: 'cpu', nominalQuota: '999999' },
      { resource: 'memory', nominalQuota: '999999Pi' },
    ];
  }
  const { vms, chips } = platform.capacity;
  return [
    { resource: 'google.com/tpu', nominalQuota: String(chips) },
    { resource: 'cpu', nominalQuota: String(vms * platform.machineType.vcpus) },
    { resource: 'memory', nominalQuota: `${vms * platform.machineType.memoryGb}Gi` },
  ];
}
