/**
 * The recipes' values, grouped per recipe (seed): names, versions, images,
 * model profiles and sizes that the seed stacks pass to the library. Library
 * defaults are neutral; a stack that follows a seed takes its values from here.
 */
import { GkeAddon } from '../gke/gke-addon';
import { EnvVar } from '../k8s/types';
import { KueueObjectNames, RECIPE_SLICE_CONTROLLER_URL, recipeSliceController, SliceControllerSource } from '../kueue/kueue-stack';
import { ModelProfile } from '../serving/model-profile';
import { KvConnector } from '../serving/vllm-tpu';
import { SLICE_CONTROLLER_CLUSTER_ADDONS } from '../gke/slice-controller-cluster';
import { WorkloadPriority } from '../kueue/workload-priority';

/** The seed's image: a dated vLLM TPU nightly (2026-04-30), pinned by tag. */
const VLLM_TPU_IMAGE_000 = 'docker.io/vllm/vllm-tpu:nightly-20260430-18ed615-5b39b26';

/** Runtime settings of the seed's Qwen3.5 MoE server (JAX backend, Ray multi-host, long Ray timeouts). */
const RUNTIME_ENV_000: readonly EnvVar[] = [
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
const LIMIT_ARGS_000: readonly string[] = ['--max-model-len=9216', '--max-num-batched-tokens=8192', '--max-num-seqs=512'];

/** Model features of the seed's server (written after the tensor parallel size; shell words). */
const MODEL_ARGS_000: readonly string[] = [
  '--language-model-only',
  `--limit-mm-per-prompt '{"image": 0, "video": 0}'`,
  '--kv-cache-dtype=fp8',
  '--enable-expert-parallel',
  '--no-disable-hybrid-kv-cache-manager',
];

/** GCS FUSE mount options of the seed: implicit directories and a parallel, unbounded file cache. */
const GCS_FUSE_MOUNT_OPTIONS_000 = [
  'implicit-dirs',
  'file-cache:enable-parallel-downloads:true',
  'file-cache:parallel-downloads-per-file:100',
  'file-cache:max-parallel-downloads:-1',
  'file-cache:download-chunk-size-mb:10',
  'file-cache:max-size-mb:-1',
].join(',');

/** Seed 000 (tpu7x dynamic slicing: super-slicing, sub-slicing, P/D serving of Qwen3.5-397B on sub-slices). */
export const Seed000 = {
  /** Cluster name. */
  CLUSTER_NAME: 'tpu-serving-cluster',
  /** Network name prefix (`GVNIC_NETWORK_PREFIX`). */
  NETWORK_PREFIX: 'qwen-serving',
  /** Add-ons of the cluster (gcloud `--addons`). */
  CLUSTER_ADDONS: SLICE_CONTROLLER_CLUSTER_ADDONS as readonly GkeAddon[],
  /** Machine type of the system nodes (one per zone). */
  SYSTEM_MACHINE_TYPE: 'n2-standard-32',
  /** The recipe's WorkloadPriorityClasses: low (sub-slicing job), medium (super-slicing job), high (P/D serving). */
  WORKLOAD_PRIORITIES: [WorkloadPriority.LOW, WorkloadPriority.MEDIUM, WorkloadPriority.HIGH] as readonly WorkloadPriority[],
  /** 4x4x4 cubes of the reservation block. */
  CUBES: 2,
  /** Prefix of the cube node pools (`tpu7-pool-1`, ...). */
  POOL_NAME_PREFIX: 'tpu7-pool-',
  /** Name of the HIGH_THROUGHPUT workload policy. */
  WORKLOAD_POLICY_NAME: 'superslice-policy',
  /** Names of the Kueue objects. */
  KUEUE_NAMES: { topology: 'slice-topology', resourceFlavor: 'slice-rf', admissionCheck: 'ac', clusterQueue: 'cq', localQueue: 'lq' } as KueueObjectNames,
  /** Namespace of the workloads. */
  NAMESPACE: 'llm-d-pd-disaggregation',
  /** URL of the slice controller build the recipe applies (a gist at a fixed revision). */
  SLICE_CONTROLLER_URL: RECIPE_SLICE_CONTROLLER_URL,
  /** The recipe's slice controller pinned to `sha256`. */
  sliceController: (sha256: string): SliceControllerSource => recipeSliceController(sha256),
  /** The recipe's vLLM TPU image: a dated nightly (2026-04-30), pinned by tag. */
  VLLM_TPU_IMAGE: VLLM_TPU_IMAGE_000,
  /** GCS FUSE mount options: implicit directories and a parallel, unbounded file cache. */
  GCS_FUSE_MOUNT_OPTIONS: GCS_FUSE_MOUNT_OPTIONS_000,
  /**
   * Qwen3.5-397B-A17B-FP8 as the recipe serves it on tpu7x 2x2x2 sub-slices: the
   * revision in the bucket, batch limits (9216 tokens), text only, FP8 KV cache,
   * MoE expert parallelism, the hybrid-KV connector, the JAX backend with Ray
   * multi-host and long Ray timeouts.
   */
  QWEN3_5_397B_A17B_FP8: ModelProfile.custom({
    modelId: 'Qwen/Qwen3.5-397B-A17B-FP8',
    revision: 'ea5b4f81096f3901c91dea97f81324302495781d',
    maxModelLen: 9216,
    limitArgs: LIMIT_ARGS_000.filter((a) => !a.startsWith('--max-model-len')),
    modelArgs: MODEL_ARGS_000,
    env: RUNTIME_ENV_000,
    kvConnector: KvConnector.TPU_HMA,
    description: 'Seed000.QWEN3_5_397B_A17B_FP8',
  }),
  /** Name of the inference Gateway of the P/D deployment. */
  PD_GATEWAY_NAME: 'llm-d-inference-gateway',
  /** Release of the llm-d router (also its InferencePool and HTTPRoute). */
  PD_ROUTER_RELEASE: 'pd-disaggregation',
  /** The P/D model servers: 4 prefill + 4 decode groups of 2x2x2, whole VMs. */
  PD_SERVERS: {
    sliceTopology: '2x2x2',
    prefillReplicas: 4,
    decodeReplicas: 4,
    cpu: '220',
    memory: '850Gi',
    names: { prefill: 'kueue-vllm-prefill-model-streamer', decode: 'kueue-vllm-decode-model-streamer' },
    releaseName: 'pd-model-servers',
    serviceAccountName: 'gcs-fuse-ksa',
    shmSize: '100Gi',
    priority: WorkloadPriority.HIGH,
  },
} as const;

/** Seed 001 (Ray Serve LLM on multi-host TPU). */
export const Seed001 = {
  /**
   * The model the recipe serves, with the engine limits its Serve script
   * (kubernetes-engine-samples `serve_tpu_multihost.py` at the pinned commit) runs it
   * with: 8192 tokens, 4096 batched tokens per step.
   */
  GEMMA_4_31B_IT: ModelProfile.custom({
    modelId: 'google/gemma-4-31B-it',
    maxModelLen: 8192,
    limitArgs: ['--max-num-batched-tokens=4096'],
    description: 'Seed001.GEMMA_4_31B_IT',
  }),
  /** RayService (and Helm release) name. */
  RAY_SERVICE_NAME: 'vllm-tpu-multihost',
  /** Job (and Helm release) that stages the weights in the bucket. */
  DOWNLOAD_JOB_NAME: 'model-downloader',
  /** Gradio chat UI Deployment, Service and release. */
  GRADIO_NAME: 'gradio',
  /** Autopilot: the ComputeClass of the TPU slice (with managed DRANET). */
  COMPUTE_CLASS_NAME: 'dranet-compute-class',
} as const;

/** Seed 002 (llm-d's P/D guide on TPU v6e with Llama-3.3-70B-Instruct). */
export const Seed002 = {
  /** Llama-3.3-70B-Instruct as the guide serves it: 32000 tokens, the plain TPU connector. */
  LLAMA_3_3_70B_INSTRUCT: ModelProfile.custom({
    modelId: 'meta-llama/Llama-3.3-70B-Instruct',
    maxModelLen: 32000,
    description: 'Seed002.LLAMA_3_3_70B_INSTRUCT',
  }),
} as const;

/** Seed 003 (Qwen3-32B P/D on single-host v6e). */
export const Seed003 = {
  /** Qwen3-32B as the recipe serves it: block size 128, 90 % of TPU memory, 8192 tokens. */
  QWEN3_32B: ModelProfile.custom({
    modelId: 'Qwen/Qwen3-32B',
    limitArgs: ['--block-size 128', '--gpu-memory-utilization 0.90', '--max-model-len 8192'],
    description: 'Seed003.QWEN3_32B',
  }),
} as const;

/** Seed 004 (GPU + TPU fungibility). */
export const Seed004 = {
  /** The small model the recipe serves on either accelerator. */
  QWEN2_1_5B: ModelProfile.custom({ modelId: 'Qwen/Qwen2-1.5B', description: 'Seed004.QWEN2_1_5B' }),
  /** `--max-model-len` of the recipe's TPU container for Qwen2-1.5B (the GPU container sets none). */
  TPU_MAX_MODEL_LEN: 8192,
  /** The ComputeClass (node label and taint value of every tier). */
  COMPUTE_CLASS_NAME: 'vllm-fallback',
  /** The vLLM Deployment (also its `app` label and Helm release). */
  DEPLOYMENT_NAME: 'vllm',
  /** The LoadBalancer Service in front of it. */
  SERVICE_NAME: 'vllm-service',
} as const;
