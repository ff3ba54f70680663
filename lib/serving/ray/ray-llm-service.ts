import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { Errors } from '../../errors';
import { BucketAccess, IModelBucket } from '../../gcp/model-bucket';
import { WorkloadIdentityAccount } from '../../gcp/workload-identity-account';
import { DeviceAllocationMode, NETDEV_DEVICE_CLASS, resourceClaimTemplate } from '../../k8s/dra';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { rayService, rayServiceServices } from '../../k8s/ray';
import { TokenSecret } from '../../k8s/token-secret';
import { Container, EnvVar, K8sObject, PodSpec, Volume, VolumeMount } from '../../k8s/types';
import { TpuGeneration } from '../../tpu/tpu-generation';
import { NameRules, validateName } from '../../util/names';
import { pathName } from '../../util/path-names';
import { validatePort } from '../../util/ports';
import { GCS_FUSE_CACHE_VOLUME, GCS_FUSE_VOLUME, gcsFuseAnnotations, gcsFuseVolume, memoryVolume } from '../gcs-fuse';
import { HfModelDownload } from '../hf-model-download';
import { ModelProfile } from '../model-profile';
import { TpuSliceTarget } from '../tpu-slice-target';

/** Ray's accelerator type names (`ray.util.accelerators`) per TPU generation. */
const RAY_ACCELERATOR_TYPES: ReadonlyMap<TpuGeneration, string> = new Map([
  [TpuGeneration.V5E, 'TPU-V5LITEPOD'],
  [TpuGeneration.V5P, 'TPU-V5P'],
  [TpuGeneration.V6E, 'TPU-V6E'],
]);

/** Port of the vLLM TPU runtime's control service on each host (`VBAR_CONTROL_SERVICE_URL`). */
const VBAR_CONTROL_PORT = 8353;

/**
 * GoogleCloudPlatform/kubernetes-engine-samples at commit 744e5b3c (2026-06-11, "Add v6e
 * samples for Ray Serve LLM Multi-Host TPU guide"): the commit that added
 * `ai-ml/gke-ray/rayserve/llm/tpu/serve_tpu_multihost.py` reading its LLMConfig from the
 * environment; the file is unchanged since (checked 2026-12).
 */
export const RAY_LLM_SAMPLES_ARCHIVE = 'https://github.com/GoogleCloudPlatform/kubernetes-engine-samples/archive/744e5b3c38b6f18d761a8a250770a98400a77090.zip';

/** CPU and memory of one Ray pod. */
export interface RayPodResources {
  /** CPU (Kubernetes quantity), requested and limited. */
  readonly cpu: string;
  /** Memory (Kubernetes quantity), requested and limited. */
  readonly memory: string;
}

/** Props of {@link RayLlmService}. */
export interface RayLlmServiceProps {
  /** Namespace of every object. */
  readonly namespace: K8sNamespace;
  /** Where the TPU hosts run: a TPU node pool (Standard) or a ComputeClass (Autopilot). */
  readonly tpu: TpuSliceTarget;
  /** Image with vLLM (TPU) and Ray, e.g. `<region>-docker.pkg.dev/<project>/ray-repo/vllm-tpu-ray:vllm-tpu`. */
  readonly image: string;
  /** Bucket holding the weights, mounted with GCS FUSE at `mountPath`. */
  readonly bucket: IModelBucket;
  /** Identity of the Ray pods; gets read access to the bucket. Its Kubernetes service account ships with the service. */
  readonly serviceAccount: WorkloadIdentityAccount;
  /** Hugging Face token for the workers (`HF_TOKEN`). */
  readonly hfToken: TokenSecret;
  /**
   * The Job that stages the weights; the service waits for it and takes the model ID and directory from it.
   * @default - none (the weights are already in the bucket)
   */
  readonly download?: HfModelDownload;
  /**
   * RayService (and Helm release) name. KubeRay derives the Services
   * `<name>-head-svc` and `<name>-serve-svc` from it.
   * @default - from the construct path (`<parent-ids>-<id>`, kebab case, at most 40 characters so the derived names stay DNS labels)
   */
  readonly name?: string;
  /**
   * The served model: a {@link ModelProfile} (e.g. `Seed001.GEMMA_4_31B_IT`), or a
   * Hugging Face id for {@link ModelProfile.generic}. Its id is `MODEL_ID` (the name the
   * OpenAI API serves); its `maxModelLen`, `--max-num-batched-tokens` limit flag and
   * tensor parallel size are used where the props below leave them unset. No other
   * profile setting applies to the Serve script.
   * @default - the download's model, as a generic profile (one of `model` and `download` is required)
   */
  readonly model?: ModelProfile | string;
  /**
   * Where the engine loads the weights from (`MODEL_SOURCE`).
   * @default - the download's directory, else `<mountPath>/<modelId>`
   */
  readonly modelSource?: string;
  /**
   * Tensor parallel size (`TENSOR_PARALLEL_SIZE`); must equal the chips of the slice.
   * @default - the profile's, else the chips in the slice (16 for 4x4)
   */
  readonly tensorParallelSize?: number;
  /**
   * Maximum context length (`MAX_MODEL_LEN`).
   * @default - the profile's `maxModelLen`; else not written (the Serve script's own default applies)
   */
  readonly maxModelLen?: number;
  /**
   * Token budget per engine step (`MAX_NUM_BATCHED_TOKENS`).
   * @default - the profile's `--max-num-batched-tokens`; else not written (the Serve script's own default applies)
   */
  readonly maxNumBatchedTokens?: number;
  /**
   * Ray accelerator type (`ACCELERATOR_TYPE`).
   * @default - from the TPU generation (v6e: "TPU-V6E")
   */
  readonly acceleratorType?: string;
  /**
   * Pods of the TPU worker group (one per TPU VM); must cover the slice.
   * @default - VMs in the slice (4 for 4x4 on ct6e-standard-4t)
   */
  readonly numOfHosts?: number;
  /**
   * CPU and memory of each TPU worker pod (TPU chips come from the machine type).
   * @default { cpu: "20", memory: "200Gi" }
   */
  readonly workerResources?: RayPodResources;
  /**
   * CPU and memory of the head pod.
   * @default { cpu: "2", memory: "16Gi" }
   */
  readonly headResources?: RayPodResources;
  /**
   * Python import path of the Serve application.
   * @default "ai-ml.gke-ray.rayserve.llm.tpu.serve_tpu_multihost:deployment"
   */
  readonly importPath?: string;
  /**
   * Serve runtime environment `working_dir` (the archive holding the import path). A
   * GitHub archive must name a commit (`.../archive/<40-hex sha>.zip`), never a branch or
   * tag, and the commit's `serve_tpu_multihost.py` must read `MODEL_ID`,
   * `TENSOR_PARALLEL_SIZE`, ... from the environment (earlier versions hardcode the
   * `LLMConfig` and ignore these props).
   * @default RAY_LLM_SAMPLES_ARCHIVE (kubernetes-engine-samples at commit 744e5b3c)
   */
  readonly workingDir?: string;
  /**
   * Serve application name.
   * @default "llm"
   */
  readonly applicationName?: string;
  /**
   * Port of the Serve HTTP proxy (and of the `-serve-svc` Service).
   * @default 8000
   */
  readonly servePort?: number;
  /**
   * XLA compilation cache of the engine (`VLLM_XLA_CACHE_PATH`); local disk, since hosts
   * writing one cache through GCS FUSE race each other.
   * @default "/tmp/vllm_xla_cache"
   */
  readonly xlaCachePath?: string;
  /**
   * Mount path of the bucket in the Ray pods.
   * @default "/data"
   */
  readonly mountPath?: string;
  /**
   * GCS FUSE mount options.
   * @default "implicit-dirs"
   */
  readonly mountOptions?: string;
  /**
   * Image pull policy of the Ray containers.
   * @default "Always"
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * ResourceClaimTemplate that claims every DRANET network device of a host
   * (only with managed DRANET).
   * @default "all-netdev"
   */
  readonly netdevClaimTemplate?: string;
  /**
   * Bucket access of the Ray pods. They only load weights, so read access is
   * enough; grant `BucketAccess.READ_WRITE` when the engine must write through
   * the mount (e.g. `modelSource` is a Hugging Face repository cached in `HF_HOME`).
   * @default BucketAccess.READ
   */
  readonly bucketAccess?: BucketAccess;
  /**
   * Other resources to create first (and destroy after).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Ray Serve LLM (vLLM) on one multi-host TPU slice as a KubeRay RayService
 * (seed 001): a CPU head and one TPU worker group of `numOfHosts` pods that
 * Ray schedules together, the Serve application configured through its runtime
 * environment, weights read from a bucket over GCS FUSE, and with GKE managed
 * DRANET every worker claims all of its host's accelerator network devices.
 *
 * Synth-time checks: hosts x chips per host = chips of the slice; tensor
 * parallel size = chips of the slice; the topology is a valid slice of the
 * generation (catalog); the chips are claimed on the target's capacity ledger.
 */
export class RayLlmService extends Construct implements ITerraformDependable {
  /** The Helm release that ships the KSA, the ComputeClass (Autopilot), the claim template and the RayService. */
  public readonly release: ManifestRelease;
  /** The RayService object. */
  public readonly rayService: K8sObject;
  /** The DRANET ResourceClaimTemplate (undefined without managed DRANET). */
  public readonly claimTemplate?: K8sObject;
  /** RayService and release name. */
  public readonly name: string;
  /** Model name the OpenAI API serves. */
  public readonly modelId: string;
  /** The model profile served. */
  public readonly profile: ModelProfile;
  /** Pods in the TPU worker group (one per TPU VM). */
  public readonly numOfHosts: number;
  /** Tensor parallel size handed to vLLM (the chips of the slice). */
  public readonly tensorParallelSize: number;
  /** Service of the Ray head (dashboard 8265, client 10001, Serve). */
  public readonly headService: string;
  /** Service in front of the Serve proxies. */
  public readonly serveService: string;
  /** Port of the OpenAI-compatible API on the head and serve Services. */
  public readonly servePort: number;

  constructor(scope: Construct, id: string, props: RayLlmServiceProps) {
    super(scope, id);
    this.name = validateName(NameRules.HELM_RELEASE, props.name ?? pathName(this, 40), 'RayService');
    const namespace = props.namespace.name;
    const shape = props.tpu.shape;
    const chipsPerHost = shape.machineType.chipsPerVm;
    const mountPath = props.mountPath ?? '/data';
    const download = props.download;

    const model = props.model ?? download?.modelId;
    if (model === undefined) {
      throw Errors.missingProp(`RayService "${this.name}"`, 'model', 'the served model has no default; pass `model`, or `download` to serve the model it stages');
    }
    this.profile = ModelProfile.of(model);
    this.modelId = this.profile.modelId;
    if (download && download.modelId !== this.modelId) {
      throw Errors.invalidValue(`RayService "${this.name}" model`, this.modelId, [download.modelId],
        'serve the model the download Job stages (or download the one you serve)');
    }
    if (download && download.mountPath !== mountPath) {
      throw Errors.invalidValue(`RayService "${this.name}" mountPath`, mountPath, [download.mountPath],
        'mount the bucket at the same path in the download Job and the Ray pods');
    }
    const modelSource = props.modelSource ?? download?.localDir ?? `${mountPath}/${this.modelId}`;

    this.numOfHosts = props.numOfHosts ?? shape.vms;
    if (!Number.isInteger(this.numOfHosts) || this.numOfHosts * chipsPerHost !== shape.chips) {
      throw Errors.podsDoNotCoverSlice(`RayService "${this.name}" worker group`, this.numOfHosts, chipsPerHost, shape.topology.toString(), shape.chips);
    }
    this.tensorParallelSize = props.tensorParallelSize ?? this.profile.tensorParallelSizeFor(shape.chips);
    if (this.tensorParallelSize !== shape.chips) {
      throw Errors.tensorParallelMismatch(this.name, this.tensorParallelSize, shape.topology.toString(), shape.chips);
    }
    const acceleratorType = props.acceleratorType ?? RAY_ACCELERATOR_TYPES.get(shape.generation);
    if (!acceleratorType) {
      throw Errors.invalidValue(`Ray accelerator type for TPU generation`, shape.generation.name, [...RAY_ACCELERATOR_TYPES.keys()].map((g) => g.name),
        'pass `acceleratorType` with the name your Ray version uses for this generation');
    }
    const worker = props.workerResources ?? { cpu: '20', memory: '200Gi' };
    const head = props.headResources ?? { cpu: '2', memory: '16Gi' };
    checkCpu(`RayService "${this.name}" worker CPU`, worker.cpu, shape.machineType.vcpus, shape.machineType.name);
    const profileBatchedTokens = this.profile.limitFlags.find((f) => f.name === '--max-num-batched-tokens')?.value;
    const maxModelLenValue = props.maxModelLen ?? this.profile.maxModelLen;
    const maxBatchedValue = props.maxNumBatchedTokens ?? (profileBatchedTokens !== undefined ? Number(profileBatchedTokens) : undefined);
    const maxModelLen = maxModelLenValue === undefined ? undefined : positiveInteger('Max model length', maxModelLenValue);
    const maxBatchedTokens = maxBatchedValue === undefined ? undefined : positiveInteger('Max batched tokens', maxBatchedValue);
    this.servePort = validatePort('Serve port', props.servePort ?? 8000, 8000);
    const account = props.serviceAccount;
    account.checkNamespace(namespace);

    // One replica = one slice: claim every chip of it.
    props.tpu.ledger.claim(`RayService "${this.name}"`, this.numOfHosts * chipsPerHost, shape.generation);

    const services = rayServiceServices(this.name);
    this.headService = services.head;
    this.serveService = services.serve;
    const claimName = 'netdev';
    const templateName = props.netdevClaimTemplate ?? 'all-netdev';
    if (props.tpu.managedDranet) {
      validateName(NameRules.K8S_DNS_SUBDOMAIN, templateName, 'ResourceClaimTemplate');
      this.claimTemplate = resourceClaimTemplate({
        name: templateName,
        namespace,
        requests: [{ name: 'req-netdev', deviceClassName: NETDEV_DEVICE_CLASS, allocationMode: DeviceAllocationMode.ALL }],
      });
    }

    const image = props.image;
    const pullPolicy = props.imagePullPolicy ?? 'Always';
    const volumes: Volume[] = [
      memoryVolume('dshm'),
      memoryVolume(GCS_FUSE_CACHE_VOLUME),
      gcsFuseVolume(props.bucket.name, props.mountOptions ?? 'implicit-dirs'),
    ];
    const mounts: VolumeMount[] = [
      { name: 'dshm', mountPath: '/dev/shm' },
      { name: GCS_FUSE_VOLUME, mountPath },
    ];
    const annotations = gcsFuseAnnotations();
    const podResources = (r: RayPodResources, tpuChips?: number) => {
      const amounts = { cpu: r.cpu, ...(tpuChips ? { 'google.com/tpu': String(tpuChips) } : {}), memory: r.memory };
      return { limits: amounts, requests: { ...amounts } };
    };

    const headContainer: Container = {
      name: 'ray-head',
      image,
      imagePullPolicy: pullPolicy,
      ports: [
        { containerPort: 6379, name: 'gcs' },
        { containerPort: 8265, name: 'dashboard' },
        { containerPort: 10001, name: 'client' },
        { containerPort: this.servePort, name: 'serve' },
      ],
      resources: podResources(head),
      volumeMounts: mounts,
    };
    const workerEnv: EnvVar[] = [
      { name: 'HF_HOME', value: `${mountPath}/huggingface` },
      props.hfToken.envVar('HF_TOKEN'),
      { name: 'JAX_PLATFORMS', value: 'tpu,cpu' },
      { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'VBAR_CONTROL_SERVICE_URL', value: `$(NODE_IP):${VBAR_CONTROL_PORT}` },
      { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' },
      { name: 'TPU_BACKEND_TYPE', value: 'jax' },
      { name: 'ENABLE_PJRT_COMPATIBILITY', value: 'true' },
    ];
    const workerContainer: Container = {
      name: 'ray-worker',
      image,
      imagePullPolicy: pullPolicy,
      resources: { ...podResources(worker, chipsPerHost), ...(this.claimTemplate ? { claims: [{ name: claimName }] } : {}) },
      env: workerEnv,
      volumeMounts: mounts,
    };
    const headSpec: PodSpec = { serviceAccountName: account.kubernetesServiceAccount, containers: [headContainer], volumes };
    const workerSpec: PodSpec = {
      serviceAccountName: account.kubernetesServiceAccount,
      containers: [workerContainer],
      volumes,
      ...(this.claimTemplate ? { resourceClaims: [{ name: claimName, resourceClaimTemplateName: templateName }] } : {}),
      nodeSelector: props.tpu.nodeSelector,
    };

    const workingDir = props.workingDir ?? RAY_LLM_SAMPLES_ARCHIVE;
    if (!Token.isUnresolved(workingDir) && /^https:\/\/github\.com\/[^/]+\/[^/]+\/archive\//.test(workingDir)
      && !/\/archive\/[0-9a-f]{40}\.zip$/.test(workingDir)) {
      throw Errors.branchArchive(workingDir);
    }
    this.rayService = rayService({
      name: this.name,
      namespace,
      labels: { 'ai.gke.io/model': modelLabel(this.modelId), 'ai.gke.io/inference-server': 'vllm' },
      serveConfigV2: {
        http_options: { host: '0.0.0.0', port: this.servePort },
        applications: [{
          name: props.applicationName ?? 'llm',
          import_path: props.importPath ?? 'ai-ml.gke-ray.rayserve.llm.tpu.serve_tpu_multihost:deployment',
          runtime_env: {
            working_dir: workingDir,
            // Read by the Serve script to build its LLMConfig; values are strings (Ray requires it).
            env_vars: {
              MODEL_ID: this.modelId,
              MODEL_SOURCE: modelSource,
              ACCELERATOR_TYPE: acceleratorType,
              TPU_TOPOLOGY: shape.topology.toString(),
              TENSOR_PARALLEL_SIZE: String(this.tensorParallelSize),
              ...(maxModelLen !== undefined ? { MAX_MODEL_LEN: String(maxModelLen) } : {}),
              ...(maxBatchedTokens !== undefined ? { MAX_NUM_BATCHED_TOKENS: String(maxBatchedTokens) } : {}),
              VLLM_XLA_CACHE_PATH: props.xlaCachePath ?? '/tmp/vllm_xla_cache',
            },
          },
        }],
      },
      headGroupSpec: { template: { metadata: { annotations }, spec: headSpec } },
      workerGroupSpecs: [{
        groupName: 'tpu-group',
        replicas: 1,
        numOfHosts: this.numOfHosts,
        template: { metadata: { annotations }, spec: workerSpec },
      }],
    });

    const grants = props.bucket.grant(`${id}Reader`, account.member, props.bucketAccess ?? BucketAccess.READ);
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: this.name,
      namespace,
      objects: [
        account.kubernetesObject(),
        ...props.tpu.objects,
        ...(this.claimTemplate ? [this.claimTemplate] : []),
        this.rayService,
      ],
      dependsOn: [
        props.namespace, props.hfToken, ...account.dependables, ...grants, ...props.tpu.dependables,
        ...(download ? [download] : []), ...(props.dependsOn ?? []),
      ],
    });
  }

  /** In-cluster URL of the OpenAI-compatible API. */
  public get endpoint(): string {
    return `http://${this.serveService}:${this.servePort}`;
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}

function positiveInteger(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw Errors.outOfRange(what, value, 'an integer >= 1', `set ${what.toLowerCase()} to a positive integer`);
  return value;
}

/** Checks a CPU quantity ("20", "500m") against the vCPUs of the machine type. */
function checkCpu(what: string, quantity: string, vcpus: number, machineType: string): void {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!m) {
    throw Errors.invalidValue(what, quantity, ['cores such as 20', 'millicores such as 500m'], 'write the CPU as cores or millicores');
  }
  const cores = Number(m[1]) / (m[2] ? 1000 : 1);
  if (cores > vcpus) {
    throw Errors.outOfRange(what, cores, `at most ${vcpus} cores (${machineType})`, `request at most ${vcpus} CPUs per TPU host`);
  }
}

/** The `ai.gke.io/model` label value: the repository name without its owner (`gemma-4-31B-it`). */
function modelLabel(modelId: string): string {
  const base = modelId.split('/').pop() ?? modelId;
  const value = base.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return value || 'model';
}
