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
import { DEFAULT_KV_SIDE_CHANNEL_PORT, DEFAULT_KV_TRANSFER_PORT, KvConnector, PD_ROLE_LABEL, PdRole, tpuKvEnv } from '../vllm-tpu';

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

/** The seed's image: a dated vLLM TPU nightly (2026-04-30), pinned by tag. */
export const SEED_VLLM_TPU_IMAGE = 'docker.io/vllm/vllm-tpu:nightly-20260430-18ed615-5b39b26';

/** Runtime settings of the seed's Qwen3.5 MoE server (JAX backend, Ray multi-host, long Ray timeouts). */
export const SEED_VLLM_RUNTIME_ENV: readonly EnvVar[] = [
  { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' },
  { name: 'SKIP_JAX_PRECOMPILE', value: '1' },
  { name: 'TPU_NODE_ID', value: '$(LWS_WORKER_INDEX)' },
  { name: 'JAX_PLATFORMS', value: '' },
  { name: 'MODEL_IMPL_TYPE', value: 'vllm' },
  { name: 'TPU_BACKEND_TYPE', value: 'jax' },
  { name: 'PJRT_DEVICE', value: 'TPU' },
  { name: 'USE_MOE_EP_KERNEL', value: '0' },
  { name: 'VLLM_DISABLE_SHARED_EXPERTS_STREAM', value: '1' },
  { name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' },
  { name: 'VLLM_MLA_DISABLE', value: '1' },
  { name: 'VLLM_ENGINE_CLIENT_STARTUP_TIMEOUT', value: '1800' },
  { name: 'USE_BATCHED_RPA_KERNEL', value: '0' },
  { name: 'RAY_RESERVE_CPU_FOR_RAYLET', value: '1' },
  { name: 'RAY_heartbeat_timeout_milliseconds', value: '300000' },
  { name: 'RAY_initial_reconstruction_timeout_milliseconds', value: '300000' },
  { name: 'RAY_external_storage_heartbeat_timeout_ms', value: '60000' },
  { name: 'RAY_grpc_server_thread_pool_size', value: '100' },
  { name: 'RAY_max_pending_lease_requests_per_scheduling_category', value: '1000' },
  { name: 'RAY_rpc_server_listen_quiet_period_ms', value: '3600000' },
  { name: 'RAY_gcs_server_request_timeout_seconds', value: '3600' },
];

/** Batch limits of the seed's server (written before the tensor parallel size). */
export const SEED_VLLM_LIMIT_ARGS: readonly string[] = ['--max-model-len=9216', '--max-num-batched-tokens=8192', '--max-num-seqs=512'];

/** Model features of the seed's server (written after the tensor parallel size; shell words). */
export const SEED_VLLM_MODEL_ARGS: readonly string[] = [
  '--language-model-only',
  `--limit-mm-per-prompt '{"image": 0, "video": 0}'`,
  '--kv-cache-dtype=fp8',
  '--enable-expert-parallel',
  '--no-disable-hybrid-kv-cache-manager',
];

/** GCS FUSE mount options of the seed: implicit directories and a parallel, unbounded file cache. */
export const SEED_GCS_FUSE_MOUNT_OPTIONS = [
  'implicit-dirs',
  'file-cache:enable-parallel-downloads:true',
  'file-cache:parallel-downloads-per-file:100',
  'file-cache:max-parallel-downloads:-1',
  'file-cache:download-chunk-size-mb:10',
  'file-cache:max-size-mb:-1',
].join(',');

/** Props of {@link PdLeaderWorkerSets}; every default is seed 000's value. */
export interface PdLeaderWorkerSetsProps {
  /** Queue and tpu7x dynamic-slicing platform the groups are admitted to. */
  readonly kueue: KueueStack;
  /** Hugging Face token (env `HF_TOKEN` of every pod). */
  readonly hfToken: TokenSecret;
  /** Bucket with the model weights (Hugging Face cache layout) and the XLA cache. */
  readonly bucket: string;
  /**
   * Hugging Face model ID; also the served model name.
   * @default "Qwen/Qwen3.5-397B-A17B-FP8"
   */
  readonly model?: string;
  /**
   * Snapshot (commit) of the model in the bucket's Hugging Face cache.
   * @default "ea5b4f81096f3901c91dea97f81324302495781d"
   */
  readonly modelRevision?: string;
  /**
   * vLLM TPU image.
   * @default SEED_VLLM_TPU_IMAGE
   */
  readonly image?: string;
  /**
   * Dynamic slice of one group.
   * @default "2x2x2"
   */
  readonly sliceTopology?: string;
  /**
   * Pods per group (one per TPU VM of the slice).
   * @default 2
   */
  readonly groupSize?: number;
  /**
   * Prefill groups.
   * @default 4
   */
  readonly prefillReplicas?: number;
  /**
   * Decode groups.
   * @default 4
   */
  readonly decodeReplicas?: number;
  /**
   * vLLM tensor parallel size (must equal the slice's TensorCores).
   * @default 16
   */
  readonly tensorParallelSize?: number;
  /**
   * Batch limits (before `--tensor-parallel-size`).
   * @default SEED_VLLM_LIMIT_ARGS
   */
  readonly limitArgs?: readonly string[];
  /**
   * Model-specific flags (after `--tensor-parallel-size`, shell words).
   * @default SEED_VLLM_MODEL_ARGS
   */
  readonly modelArgs?: readonly string[];
  /**
   * Runtime environment between `HF_HOME` and the KV ports.
   * @default SEED_VLLM_RUNTIME_ENV
   */
  readonly runtimeEnv?: readonly EnvVar[];
  /**
   * `HF_HOME`.
   * @default "/usr/vllm"
   */
  readonly hfHome?: string;
  /**
   * CPUs per pod (request = limit).
   * @default "220"
   */
  readonly cpu?: string;
  /**
   * Memory per pod (request = limit).
   * @default "850Gi"
   */
  readonly memory?: string;
  /**
   * Size of the in-memory /dev/shm.
   * @default "100Gi"
   */
  readonly shmSize?: string;
  /**
   * GCS FUSE mount options.
   * @default SEED_GCS_FUSE_MOUNT_OPTIONS
   */
  readonly mountOptions?: string;
  /**
   * Mount path of the bucket.
   * @default "/data"
   */
  readonly mountPath?: string;
  /**
   * Kubernetes service account of the pods (bound to the bucket by Workload Identity).
   * @default "gcs-fuse-ksa"
   */
  readonly serviceAccountName?: string;
  /**
   * Routing sidecar of the decode leader.
   * @default "ghcr.io/llm-d/llm-d-routing-sidecar:v0.8.0"
   */
  readonly routingSidecarImage?: string;
  /**
   * KV connector.
   * @default KvConnector.TPU_HMA
   */
  readonly kvConnector?: KvConnector;
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
   * Kueue priority.
   * @default WorkloadPriority.HIGH
   */
  readonly priority?: WorkloadPriority;
  /**
   * LeaderWorkerSet names.
   * @default { prefill: "kueue-vllm-prefill-model-streamer", decode: "kueue-vllm-decode-model-streamer" }
   */
  readonly names?: { readonly prefill: string; readonly decode: string };
  /**
   * Helm release name of the carrier chart.
   * @default "pd-model-servers"
   */
  readonly releaseName?: string;
  /**
   * Resources to create first (bucket IAM, the router).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

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

  constructor(scope: Construct, id: string, props: PdLeaderWorkerSetsProps) {
    super(scope, id);
    const { kueue } = props;
    if (!kueue.dynamicSlicing) throw Errors.missingProp('PdLeaderWorkerSets', 'kueue.dynamicSlicing', 'sub-slices need the Kueue slice controller');
    this.slice = DynamicSliceTopology.parse(props.sliceTopology ?? '2x2x2');
    kueue.cluster.requireVersion(this.slice.kind === SliceKind.SUB_SLICE ? 'dynamic sub-slicing' : 'dynamic super-slicing',
      this.slice.kind === SliceKind.SUB_SLICE ? GkeFeatureVersions.SUB_SLICING : GkeFeatureVersions.SUPER_SLICING);
    const names = props.names ?? { prefill: 'kueue-vllm-prefill-model-streamer', decode: 'kueue-vllm-decode-model-streamer' };
    this.prefillName = validateName(NameRules.K8S_DNS_LABEL, names.prefill, 'LeaderWorkerSet');
    this.decodeName = validateName(NameRules.K8S_DNS_LABEL, names.decode, 'LeaderWorkerSet');

    const chipsPerPod = kueue.platform.machineType.chipsPerVm;
    const groupSize = props.groupSize ?? 2;
    for (const name of [this.prefillName, this.decodeName]) {
      if (!Number.isInteger(groupSize) || groupSize * chipsPerPod !== this.slice.chips) {
        throw Errors.podsDoNotCoverSlice(name, groupSize, chipsPerPod, this.slice.toString(), this.slice.chips);
      }
    }
    const tensorParallelSize = props.tensorParallelSize ?? 16;
    this.sizing = [
      { role: PdRole.PREFILL, workload: this.prefillName, replicas: props.prefillReplicas ?? 4, chipsPerReplica: this.slice.chips, tensorParallelSize },
      { role: PdRole.DECODE, workload: this.decodeName, replicas: props.decodeReplicas ?? 4, chipsPerReplica: this.slice.chips, tensorParallelSize },
    ];
    claimPdCapacity(kueue.platform, this.sizing);

    const model = props.model ?? 'Qwen/Qwen3.5-397B-A17B-FP8';
    const modelLabel = model.slice(model.lastIndexOf('/') + 1);
    const templateLabels: Labels = {
      [PD_GUIDE_LABEL]: props.guide ?? 'pd-disaggregation',
      'llm-d.ai/model': modelLabel,
    };
    this.podLabels = { ...templateLabels, [LWS_WORKER_INDEX_LABEL]: '0' };
    this.idlePodLabels = groupSize > 1 ? [{ ...templateLabels, [LWS_WORKER_INDEX_LABEL]: '1' }] : [];
    this.serviceAccountName = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.serviceAccountName ?? 'gcs-fuse-ksa', 'Kubernetes service account');
    const namespace = kueue.namespace.name;
    const priority = kueue.priorityClassName(props.priority ?? WorkloadPriority.HIGH);
    const servicePort = props.servicePort ?? 8000;
    const decodeVllmPort = props.decodeVllmPort ?? 8200;
    const connector = props.kvConnector ?? KvConnector.TPU_HMA;
    const image = props.image ?? SEED_VLLM_TPU_IMAGE;
    const mountPath = props.mountPath ?? '/data';
    const revision = props.modelRevision ?? 'ea5b4f81096f3901c91dea97f81324302495781d';
    const modelUri = `gs://${props.bucket}/models--${model.split('/').join('--')}/snapshots/${revision}`;

    const env: EnvVar[] = [
      props.hfToken.envVar('HF_TOKEN'),
      { name: 'HF_HOME', value: props.hfHome ?? '/usr/vllm' },
      ...(props.runtimeEnv ?? SEED_VLLM_RUNTIME_ENV),
      ...tpuKvEnv({ transfer: DEFAULT_KV_TRANSFER_PORT, sideChannel: DEFAULT_KV_SIDE_CHANNEL_PORT }),
      { name: 'VLLM_XLA_CACHE_PATH', value: `gs://${props.bucket}/xla_cache` },
    ];
    const resources = {
      limits: { 'google.com/tpu': String(chipsPerPod), memory: props.memory ?? '850Gi', cpu: props.cpu ?? '220' },
      requests: { 'google.com/tpu': String(chipsPerPod), memory: props.memory ?? '850Gi', cpu: props.cpu ?? '220' },
    };
    const kvPorts = [
      { containerPort: DEFAULT_KV_TRANSFER_PORT, name: 'tpu-kv-transfer' },
      { containerPort: DEFAULT_KV_SIDE_CHANNEL_PORT, name: 'tpu-pd-coord' },
    ];
    const volumes: Volume[] = [
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: props.shmSize ?? '100Gi' } },
      gcsFuseVolume(props.bucket, props.mountOptions ?? SEED_GCS_FUSE_MOUNT_OPTIONS),
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
      ...(props.limitArgs ?? SEED_VLLM_LIMIT_ARGS),
      `--tensor-parallel-size=${tensorParallelSize}`,
      ...(props.modelArgs ?? SEED_VLLM_MODEL_ARGS),
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
      releaseName: props.releaseName ?? 'pd-model-servers',
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
