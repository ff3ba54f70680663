import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { GkeFeatureVersions } from '../../gke/gke-version';
import { kueueWorkloadLabels } from '../../k8s/kueue';
import { leaderWorkerSet, LWS_EXCLUSIVE_TOPOLOGY_ANNOTATION } from '../../k8s/leader-worker-set';
import { ManifestRelease } from '../../k8s/manifest-release';
import { TokenSecret } from '../../k8s/token-secret';
import { Container, EnvVar, K8sObject, Labels, PodTemplateSpec, TPU_TOLERATION, Volume, VolumeMount } from '../../k8s/types';
import { serviceAccount } from '../../k8s/workloads';
import { KueueStack } from '../../kueue/kueue-stack';
import { WorkloadPriority } from '../../kueue/workload-priority';
import { DynamicSliceTopology, SLICE_TOPOLOGY_ANNOTATION, SliceKind } from '../../tpu/slice-topology';
import { NameRules, validateName } from '../../util/names';
import { gcsFuseAnnotations, gcsFuseVolume, GCS_FUSE_VOLUME } from '../gcs-fuse';
import { claimPdCapacity, PdRoleSizing } from './pd-sizing';
import { PD_GUIDE_LABEL } from './llmd-router';
import { DEFAULT_KV_SIDE_CHANNEL_PORT, DEFAULT_KV_TRANSFER_PORT, PD_ROLE_LABEL, PdRole, tpuKvEnv } from '../vllm-tpu';
import { ModelProfile } from '../model-profile';
import { mergeVllmFlags, vllmShellWords } from '../vllm-flags';
import { pathName } from '../../util/path-names';

/** Node label whose value identifies a TPU slice; one LeaderWorkerSet group per slice. */
export const TPU_SLICE_NODE_LABEL = 'cloud.google.com/gke-tpu-slice';

/**
 * Label the LeaderWorkerSet controller puts on every pod of a group: `"0"` on the
 * leader, `"1"`..`"size-1"` on the workers. Only leaders run the vLLM server.
 */
export const LWS_WORKER_INDEX_LABEL = 'leaderworkerset.sigs.k8s.io/worker-index';

/** Label llm-d's router reads the model server engine from. */
export const ENGINE_TYPE_LABEL = 'inference.networking.k8s.io/engine-type';

/** vLLM's multi-host launcher inside the vLLM TPU image (starts the Ray head or a Ray worker). */
export const MULTI_NODE_LAUNCHER = '/workspace/vllm/examples/online_serving/multi-node-serving.sh';

/** Props of {@link PdLeaderWorkerSets}. */
export interface PdLeaderWorkerSetsProps {
  /** Queue and tpu7x dynamic-slicing platform the groups are admitted to. */
  readonly kueue: KueueStack;
  /** Hugging Face token (env `HF_TOKEN` of every pod). */
  readonly hfToken: TokenSecret;
  /** Bucket with the model weights (Hugging Face cache layout) and the XLA cache. */
  readonly bucket: string;
  /**
   * The model: a {@link ModelProfile} (revision, vLLM flags and environment, KV
   * connector, tensor parallelism), or a Hugging Face model id, which gets
   * {@link ModelProfile.generic} (then it has no revision: pass a profile with one).
   * The profile must name the revision the bucket's cache holds
   * (`models--<owner>--<name>/snapshots/<revision>`).
   */
  readonly model: ModelProfile | string;
  /** vLLM TPU image; it must hold vLLM's multi-node launcher and support the model. */
  readonly image: string;
  /**
   * Dynamic slice of one group.
   * @default "2x2x2"
   */
  readonly sliceTopology?: string;
  /**
   * Pods per group (one per TPU VM of the slice).
   * @default - the slice's VMs (its chips / chips per VM)
   */
  readonly groupSize?: number;
  /**
   * Prefill groups.
   * @default 1
   */
  readonly prefillReplicas?: number;
  /**
   * Decode groups.
   * @default 1
   */
  readonly decodeReplicas?: number;
  /**
   * vLLM flags of this deployment, after the model's flags (checked against them:
   * a flag given twice is an error).
   * @default []
   */
  readonly extraArgs?: readonly string[];
  /**
   * Environment of this deployment, after the model's (a variable set twice is an error).
   * @default []
   */
  readonly extraEnv?: readonly EnvVar[];
  /**
   * `HF_HOME`.
   * @default "/usr/vllm"
   */
  readonly hfHome?: string;
  /**
   * CPUs per pod (request = limit).
   * @default - no CPU request or limit (the pod may use what the node has free)
   */
  readonly cpu?: string;
  /**
   * Memory per pod (request = limit).
   * @default - no memory request or limit (the pod may use what the node has free)
   */
  readonly memory?: string;
  /**
   * Size limit of the in-memory /dev/shm. Kubernetes charges a memory-backed emptyDir
   * to the pod's memory and caps it at the smaller of this limit and the sum of the
   * containers' memory limits (EmptyDirVolumeSource.sizeLimit), so no fixed size is
   * needed to keep it bounded by `memory`.
   * @default - no size limit of its own (bounded by the pod's memory limit when `memory` is set)
   */
  readonly shmSize?: string;
  /**
   * GCS FUSE mount options.
   * @default "implicit-dirs" (no file cache: the Run:ai streamer reads each file once)
   */
  readonly mountOptions?: string;
  /**
   * Mount path of the bucket.
   * @default "/data"
   */
  readonly mountPath?: string;
  /**
   * Kubernetes service account of the pods (bound to the bucket by Workload Identity).
   * @default - the release name
   */
  readonly serviceAccountName?: string;
  /**
   * Routing sidecar of the decode leader.
   * @default "ghcr.io/llm-d/llm-d-routing-sidecar:v0.8.0" (the sidecar of the llm-d router release LlmdRouter installs)
   */
  readonly routingSidecarImage?: string;
  /**
   * Port the prefill vLLM and the decode sidecar serve on (the InferencePool target).
   * @default 8000
   */
  readonly servicePort?: number;
  /**
   * Port of the decode vLLM behind its sidecar.
   * @default 8200
   */
  readonly decodeVllmPort?: number;
  /**
   * Value of the `llm-d.ai/guide` label.
   * @default "pd-disaggregation"
   */
  readonly guide?: string;
  /**
   * Kueue priority class (one of the KueueStack's `priorities`).
   * @default - none (no priority-class label)
   */
  readonly priority?: WorkloadPriority;
  /**
   * LeaderWorkerSet names.
   * @default - `<releaseName>-prefill` and `<releaseName>-decode`
   */
  readonly names?: { readonly prefill: string; readonly decode: string };
  /**
   * Helm release name of the carrier chart.
   * @default - derived from the construct path (e.g. `serving-model-servers`), unique in the stack
   */
  readonly releaseName?: string;
  /**
   * Resources to create first (bucket IAM, the router).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Environment the multi-host launcher needs, unless the model profile sets it: Ray as the backend, the worker index as the TPU node id. */
export const MULTI_HOST_ENV: readonly EnvVar[] = [
  { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' },
  { name: 'TPU_NODE_ID', value: '$(LWS_WORKER_INDEX)' },
];

/** Flags PdLeaderWorkerSets writes itself; a profile or `extraArgs` must not repeat them. */
const OWN_FLAGS = ['--model', '--load-format', '--served-model-name', '--tensor-parallel-size', '--kv-transfer-config', '--port', '--disable-access-log-for-endpoints'];

/**
 * Prefill and decode vLLM servers on tpu7x dynamic sub-slices, as two
 * LeaderWorkerSets queued by Kueue (seed 000 step 10): each group is one slice,
 * its leader runs the Ray head and `vllm serve` with the weights streamed from
 * GCS (Run:ai streamer over GCS FUSE), its workers join the Ray cluster. The
 * prefill leader serves on 8000 as KV producer; the decode leader's vLLM serves
 * on 8200 as KV consumer behind llm-d's routing sidecar on 8000.
 *
 * Synth-time checks: group size x chips per pod equals the slice's chips, the
 * tensor parallel size equals the slice's TensorCores, and both sets fit the
 * platform next to everything else queued there.
 */
export class PdLeaderWorkerSets extends Construct {
  public readonly release: ManifestRelease;
  public readonly slice: DynamicSliceTopology;
  public readonly sizing: readonly PdRoleSizing[];
  /**
   * Labels of the pods that serve requests: the leaders (template labels plus the
   * worker index `"0"` that the LeaderWorkerSet controller sets). An InferencePool
   * must select these, or it would also route to workers, which serve nothing.
   */
  public readonly podLabels: Labels;
  /** Labels of the workers (worker index 1 stands for every index but 0). */
  public readonly idlePodLabels: readonly Labels[];
  public readonly serviceAccountName: string;
  public readonly prefillName: string;
  public readonly decodeName: string;
  /** The model's profile (a generic one when a bare model id was given). */
  public readonly profile: ModelProfile;

  constructor(scope: Construct, id: string, props: PdLeaderWorkerSetsProps) {
    super(scope, id);
    const { kueue } = props;
    if (!kueue.dynamicSlicing) throw Errors.missingProp('PdLeaderWorkerSets', 'kueue.dynamicSlicing', 'sub-slices need the Kueue slice controller');
    this.slice = DynamicSliceTopology.parse(props.sliceTopology ?? '2x2x2');
    kueue.cluster.requireVersion(this.slice.kind === SliceKind.SUB_SLICE ? 'dynamic sub-slicing' : 'dynamic super-slicing',
      this.slice.kind === SliceKind.SUB_SLICE ? GkeFeatureVersions.SUB_SLICING : GkeFeatureVersions.SUPER_SLICING);
    const releaseName = props.releaseName ?? pathName(this, NameRules.HELM_RELEASE.maxLength - '-prefill'.length);
    const names = props.names ?? { prefill: `${releaseName}-prefill`, decode: `${releaseName}-decode` };
    this.prefillName = validateName(NameRules.K8S_DNS_LABEL, names.prefill, 'LeaderWorkerSet');
    this.decodeName = validateName(NameRules.K8S_DNS_LABEL, names.decode, 'LeaderWorkerSet');

    const chipsPerPod = kueue.platform.machineType.chipsPerVm;
    const groupSize = props.groupSize ?? this.slice.chips / chipsPerPod;
    for (const name of [this.prefillName, this.decodeName]) {
      if (!Number.isInteger(groupSize) || groupSize * chipsPerPod !== this.slice.chips) {
        throw Errors.podsDoNotCoverSlice(name, groupSize, chipsPerPod, this.slice.toString(), this.slice.chips);
      }
    }
    const profile = ModelProfile.of(props.model);
    this.profile = profile;
    const tensorParallelSize = profile.tensorParallelSizeFor(this.slice.tensorCores);
    this.sizing = [
      { role: PdRole.PREFILL, workload: this.prefillName, replicas: props.prefillReplicas ?? 1, chipsPerReplica: this.slice.chips, tensorParallelSize },
      { role: PdRole.DECODE, workload: this.decodeName, replicas: props.decodeReplicas ?? 1, chipsPerReplica: this.slice.chips, tensorParallelSize },
    ];
    claimPdCapacity(kueue.platform, this.sizing);

    const model = profile.modelId;
    const modelLabel = profile.shortName;
    const templateLabels: Labels = {
      [PD_GUIDE_LABEL]: props.guide ?? 'pd-disaggregation',
      'llm-d.ai/model': modelLabel,
    };
    this.podLabels = { ...templateLabels, [LWS_WORKER_INDEX_LABEL]: '0' };
    this.idlePodLabels = groupSize > 1 ? [{ ...templateLabels, [LWS_WORKER_INDEX_LABEL]: '1' }] : [];
    this.serviceAccountName = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.serviceAccountName ?? releaseName, 'Kubernetes service account');
    const namespace = kueue.namespace.name;
    const priority = props.priority ? kueue.priorityClassName(props.priority) : undefined;
    const servicePort = props.servicePort ?? 8000;
    const decodeVllmPort = props.decodeVllmPort ?? 8200;
    const connector = profile.kvConnector;
    const image = props.image;
    const mountPath = props.mountPath ?? '/data';
    const revision = profile.revision;
    if (revision === undefined) {
      throw Errors.missingProp(`PdLeaderWorkerSets model "${model}"`, 'revision',
        `the weights are read from the bucket's Hugging Face cache at models--${model.split('/').join('--')}/snapshots/<revision>; use ModelProfile.generic("${model}", { revision })`);
    }
    const modelUri = `gs://${props.bucket}/models--${model.split('/').join('--')}/snapshots/${revision}`;

    const profileEnvNames = new Set(profile.env.map((e) => e.name));
    const env: EnvVar[] = uniqueEnv([
      { source: 'PdLeaderWorkerSets', env: [props.hfToken.envVar('HF_TOKEN'), { name: 'HF_HOME', value: props.hfHome ?? '/usr/vllm' }] },
      { source: 'PdLeaderWorkerSets (multi-host launcher)', env: MULTI_HOST_ENV.filter((e) => !profileEnvNames.has(e.name)) },
      { source: profile.source, env: profile.env },
      { source: 'PdLeaderWorkerSets', env: [
        ...tpuKvEnv({ transfer: DEFAULT_KV_TRANSFER_PORT, sideChannel: DEFAULT_KV_SIDE_CHANNEL_PORT }),
        { name: 'VLLM_XLA_CACHE_PATH', value: `gs://${props.bucket}/xla_cache` },
      ] },
      { source: 'extraEnv', env: props.extraEnv ?? [] },
    ]);
    // Flags: the construct's own, the profile's limits, tensor parallelism, the profile's features, the deployment's extras.
    const flags = mergeVllmFlags([
      { source: 'PdLeaderWorkerSets', args: OWN_FLAGS },
      { source: profile.source, args: [...profile.limitArgs, ...profile.modelArgs] },
      { source: 'extraArgs', args: props.extraArgs ?? [] },
    ]);
    const own = new Set(OWN_FLAGS);
    const limitWords = vllmShellWords(flags.filter((f) => !own.has(f.name) && profile.limitFlags.some((l) => l.name === f.name)));
    const featureWords = vllmShellWords(flags.filter((f) => !own.has(f.name) && !profile.limitFlags.some((l) => l.name === f.name)));
    const cpuMemory = (): Record<string, string> => ({
      ...(props.memory !== undefined ? { memory: props.memory } : {}),
      ...(props.cpu !== undefined ? { cpu: props.cpu } : {}),
    });
    const resources = {
      limits: { 'google.com/tpu': String(chipsPerPod), ...cpuMemory() },
      requests: { 'google.com/tpu': String(chipsPerPod), ...cpuMemory() },
    };
    const kvPorts = [
      { containerPort: DEFAULT_KV_TRANSFER_PORT, name: 'tpu-kv-transfer' },
      { containerPort: DEFAULT_KV_SIDE_CHANNEL_PORT, name: 'tpu-pd-coord' },
    ];
    const volumes: Volume[] = [
      { name: 'dshm', emptyDir: { medium: 'Memory', ...(props.shmSize !== undefined ? { sizeLimit: props.shmSize } : {}) } },
      gcsFuseVolume(props.bucket, props.mountOptions ?? 'implicit-dirs'),
    ];
    const mounts: VolumeMount[] = [
      { name: 'dshm', mountPath: '/dev/shm' },
      { name: GCS_FUSE_VOLUME, mountPath },
    ];
    const serveCommand = (role: PdRole, port: number): string => [
      'vllm serve',
      `--model=${modelUri}`,
      '--load-format=runai_streamer',
      `--served-model-name=${model}`,
      ...limitWords,
      `--tensor-parallel-size=${tensorParallelSize}`,
      ...featureWords,
      `--kv-transfer-config '${connector.transferConfig(role.kvRole)}'`,
      `--port=${port}`,
      '--disable-access-log-for-endpoints=/health,/metrics,/v1/models',
    ].join(' ');
    const leaderScript = (role: PdRole, port: number): string => [
      `chmod +x ${MULTI_NODE_LAUNCHER}`,
      `bash ${MULTI_NODE_LAUNCHER} leader --ray_cluster_size=$(LWS_GROUP_SIZE) --ray_init_timeout=1800`,
      serveCommand(role, port),
      '',
    ].join('\n');
    const workerScript = [
      `chmod +x ${MULTI_NODE_LAUNCHER}`,
      `${MULTI_NODE_LAUNCHER} worker --ray_address=$(LWS_LEADER_ADDRESS) --ray_init_timeout=1800`,
      '',
    ].join('\n');

    const routingSidecar: Container = {
      name: 'routing-proxy',
      image: props.routingSidecarImage ?? 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.8.0',
      imagePullPolicy: 'Always',
      args: [`--port=${servicePort}`, `--vllm-port=${decodeVllmPort}`, '--connector=nixlv2', '--zap-log-level=1', '--secure-proxy=false'],
      ports: [{ containerPort: servicePort, name: 'modelserver', protocol: 'TCP' }],
      resources: {},
      restartPolicy: 'Always',
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
    };

    const lws = (role: PdRole, name: string, replicas: number): K8sObject => {
      const podLabels = { ...templateLabels, [PD_ROLE_LABEL]: role.name, [ENGINE_TYPE_LABEL]: 'vllm' };
      const vllmPort = role === PdRole.DECODE
        ? { containerPort: decodeVllmPort, name: 'vllm' }
        : { containerPort: servicePort, name: 'modelserver' };
      const template = (container: Container, initContainers?: Container[]): PodTemplateSpec => ({
        metadata: {
          labels: podLabels,
          annotations: { [SLICE_TOPOLOGY_ANNOTATION]: this.slice.toString(), ...gcsFuseAnnotations({ sidecarLimits: [] }) },
        },
        spec: {
          serviceAccountName: this.serviceAccountName,
          nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': kueue.platform.capacity.generation.acceleratorLabel },
          tolerations: [TPU_TOLERATION],
          ...(initContainers ? { initContainers } : {}),
          containers: [container],
          volumes,
        },
      });
      return leaderWorkerSet({
        name,
        namespace,
        annotations: { [LWS_EXCLUSIVE_TOPOLOGY_ANNOTATION]: TPU_SLICE_NODE_LABEL },
        labels: { ...podLabels, ...kueueWorkloadLabels(kueue.localQueueName, priority) },
        replicas,
        size: groupSize,
        restartPolicy: 'RecreateGroupOnPodRestart',
        leaderTemplate: template({
          name: 'vllm-leader',
          image,
          imagePullPolicy: 'IfNotPresent',
          env,
          command: ['sh', '-c', leaderScript(role, vllmPort.containerPort)],
          resources,
          ports: [vllmPort, ...kvPorts],
          // Not in the seed: without it a leader counts as ready (and receives requests)
          // while Ray forms and the model streams in, which takes many minutes.
          readinessProbe: { httpGet: { path: '/health', port: vllmPort.name }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
          volumeMounts: mounts,
        }, role === PdRole.DECODE ? [routingSidecar] : undefined),
        workerTemplate: template({
          name: 'vllm-worker',
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', workerScript],
          resources,
          env,
          ports: kvPorts,
          volumeMounts: mounts,
        }),
      });
    };

    this.release = new ManifestRelease(this, 'Release', {
      cluster: kueue.namespace.cluster,
      releaseName,
      namespace,
      objects: [
        serviceAccount({ name: this.serviceAccountName, namespace }),
        lws(PdRole.PREFILL, this.prefillName, this.sizing[0].replicas),
        lws(PdRole.DECODE, this.decodeName, this.sizing[1].replicas),
      ],
      dependsOn: [...kueue.workloadDependencies, props.hfToken, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}

/** Concatenates env lists; throws DUPLICATE_ENV_VAR when two set the same variable. */
function uniqueEnv(groups: readonly { readonly source: string; readonly env: readonly EnvVar[] }[]): EnvVar[] {
  const seen = new Map<string, string>();
  const all: EnvVar[] = [];
  for (const g of groups) {
    for (const e of g.env) {
      const first = seen.get(e.name);
      if (first !== undefined) throw Errors.duplicateEnvVar(e.name, first, g.source);
      seen.set(e.name, g.source);
      all.push(e);
    }
  }
  return all;
}
