import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { horizontalPodAutoscaler } from '../../k8s/autoscaling';
import { ClusterProviders } from '../../k8s/cluster-providers';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { ServiceExposure } from '../../k8s/service-exposure';
import { podMonitoring } from '../../k8s/monitoring';
import { TokenSecret } from '../../k8s/token-secret';
import { Container, EnvVar, K8sObject, Labels, PodSpec, Probe } from '../../k8s/types';
import { deployment, service } from '../../k8s/workloads';
import { TpuGeneration } from '../../tpu/tpu-generation';
import { TpuSliceShape } from '../../tpu/tpu-machine-type';
import { NameRules, validateName } from '../../util/names';
import { pathName } from '../../util/path-names';
import { ModelProfile } from '../model-profile';
import { VllmFlag } from '../vllm-flags';
import { validatePort } from '../../util/ports';
import { FungibleComputeClass, FungibleTier } from './fungible-compute-class';

/** TPU accelerator-type names (`TPU_ACCELERATOR_TYPE`) by generation: `<prefix>-<chips>`. */
const TPU_ACCELERATOR_TYPE_PREFIX: ReadonlyMap<TpuGeneration, string> = new Map([
  [TpuGeneration.V5E, 'v5litepod'],
  [TpuGeneration.V6E, 'v6e'],
]);

/** First TPU runtime metrics port; GKE uses one port per chip from here. */
const TPU_RUNTIME_METRICS_PORT = 8431;
/** Port of the TPU VM's vbar control service on the node. */
const VBAR_CONTROL_PORT = 8353;
/** Where GKE installs the NVIDIA driver on COS nodes. */
const NVIDIA_HOST_PATH = '/home/kubernetes/bin/nvidia';
/** Where CUDA images expect the driver. */
const NVIDIA_MOUNT_PATH = '/usr/local/nvidia';

/**
 * The TPU runtime environment of a single-host slice. GKE injects these into pods
 * that request `google.com/tpu`; the fungible pod requests no TPU (it must also fit
 * GPU nodes), so the TPU container sets them itself, as the upstream recipe does.
 */
export function fungibleTpuEnv(shape: TpuSliceShape, tier = shape.machineType.name): EnvVar[] {
  const prefix = TPU_ACCELERATOR_TYPE_PREFIX.get(shape.generation);
  if (!prefix || shape.multiHost) {
    throw Errors.fungibleTpuUnsupported(tier, shape.machineType.name,
      [...TPU_ACCELERATOR_TYPE_PREFIX.keys()].map((g) => `${g.name} single-host machine types`));
  }
  const bounds = [...shape.topology.dims, 1].slice(0, 3).join(',');
  const ports = Array.from({ length: shape.chips }, (_, i) => String(TPU_RUNTIME_METRICS_PORT + i)).join(',');
  return [
    { name: 'TPU_TOPOLOGY', value: shape.topology.toString() },
    { name: 'TPU_WORKER_ID', value: '0' },
    { name: 'TPU_SKIP_MDS_QUERY', value: 'true' },
    { name: 'TPU_TOPOLOGY_WRAP', value: 'false,false,false' },
    { name: 'TPU_CHIPS_PER_HOST_BOUNDS', value: bounds },
    { name: 'TPU_ACCELERATOR_TYPE', value: `${prefix}-${shape.chips}` },
    { name: 'TPU_RUNTIME_METRICS_PORTS', value: ports },
    { name: 'TPU_TOPOLOGY_ALT', value: 'false' },
    { name: 'CHIPS_PER_HOST_BOUNDS', value: bounds },
    { name: 'TPU_WORKER_HOSTNAMES', value: 'localhost' },
    { name: 'HOST_BOUNDS', value: '1,1,1' },
    { name: 'TPU_HOST_BOUNDS', value: '1,1,1' },
    { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    { name: 'VBAR_CONTROL_SERVICE_URL', value: `$(NODE_IP):${VBAR_CONTROL_PORT}` },
  ];
}

/** Horizontal pod autoscaling on vLLM's queue length (the gke-ai-labs version of the recipe). */
export interface VllmAutoscalingProps {
  /**
   * Lowest replica count.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Highest replica count (one replica per node).
   * @default - the class's node capacity (sum of the tiers' maximum sizes)
   */
  readonly maxReplicas?: number;
  /**
   * Target of `vllm:num_requests_waiting` per pod (a quantity).
   * @default "1"
   */
  readonly targetRequestsWaiting?: string;
  /**
   * Scrape interval of the PodMonitoring.
   * @default "15s"
   */
  readonly scrapeInterval?: string;
  /**
   * The custom metrics adapter the HPA reads through (e.g. a CustomMetricsAdapter),
   * created first.
   * @default - none (installed outside this stack)
   */
  readonly metricsAdapter?: ITerraformDependable;
}

/** Props of {@link FungibleVllmServer}. */
export interface FungibleVllmServerProps {
  /** The class whose tiers the replicas run on. */
  readonly computeClass: FungibleComputeClass;
  /** Namespace of the Deployment and Service. */
  readonly namespace: K8sNamespace;
  /** Hugging Face token Secret (key read as `HUGGING_FACE_HUB_TOKEN`). */
  readonly hfToken: TokenSecret;
  /**
   * Image of the TPU container (starts vLLM only where `/dev/vfio/0` exists). Required with TPU tiers.
   * @default - none
   */
  readonly tpuImage?: string;
  /**
   * Image of the GPU container (starts vLLM only where `nvidia-smi` works). Required with GPU tiers.
   * @default - none
   */
  readonly gpuImage?: string;
  /**
   * The served model (it must fit the smallest accelerator tier): a {@link ModelProfile}
   * (e.g. `Seed004.QWEN2_1_5B`) or a Hugging Face id for {@link ModelProfile.generic}.
   * Both containers get its limit flags before `--model` and its model flags after
   * it; its tensor parallel size replaces the one derived from the tier; its
   * environment is added to both containers.
   */
  readonly model: ModelProfile | string;
  /**
   * Deployment name (also the `app` label and the Helm release name).
   * @default - from the construct path (`<parent-ids>-<id>`, kebab case, at most 45 characters so `<name>-service` is a Helm release name)
   */
  readonly name?: string;
  /**
   * Service name (also the Helm release name of the Service).
   * @default - `<name>-service`
   */
  readonly serviceName?: string;
  /**
   * How the Service is reachable. vLLM's OpenAI API has no authentication, so the
   * default keeps it inside the VPC; an external load balancer must list its
   * client ranges.
   * @default ServiceExposure.internalLoadBalancer()
   */
  readonly exposure?: ServiceExposure;
  /**
   * Service port.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Port vLLM listens on.
   * @default 8000
   */
  readonly port?: number;
  /**
   * Replicas (left out when `autoscaling` is set: the HPA owns the count).
   * @default 1
   */
  readonly replicas?: number;
  /**
   * `--max-model-len` of the TPU container only (e.g. a bound for the TPU's memory),
   * in place of the profile's `maxModelLen` there.
   * @default - the profile's `maxModelLen`; none when the profile has none (vLLM's: the model's context length)
   */
  readonly maxModelLen?: number;
  /**
   * Extra vLLM arguments of the TPU container.
   * @default []
   */
  readonly tpuArgs?: readonly string[];
  /**
   * Extra vLLM arguments of the GPU container.
   * @default []
   */
  readonly gpuArgs?: readonly string[];
  /**
   * Ephemeral storage limit of the GPU container (the model download lands there).
   * @default "43Gi"
   */
  readonly ephemeralStorageLimit?: string;
  /**
   * At most one replica per node (required pod anti-affinity on the hostname). The pod
   * requests no accelerator, so without it the scheduler could stack replicas on one
   * accelerator node instead of scaling the next tier.
   * @default true
   */
  readonly onePodPerNode?: boolean;
  /**
   * Readiness probe on vLLM's `/health`, so the load balancer skips replicas that
   * are still loading the model.
   * @default true
   */
  readonly readinessProbe?: boolean;
  /**
   * PodMonitoring on `/metrics` and an HPA on `vllm:num_requests_waiting`.
   * @default - none
   */
  readonly autoscaling?: VllmAutoscalingProps;
}

/**
 * vLLM serving one model on whatever tier of a {@link FungibleComputeClass} has
 * capacity: one Deployment whose pod holds a TPU container and a GPU container.
 * Each image checks for its accelerator at start and idles where it is missing, so
 * the same pod serves on TPU and GPU nodes. Both containers are privileged and
 * request no `google.com/tpu` / `nvidia.com/gpu`: a pod's requests are fixed before
 * scheduling, and either request would keep it off the other accelerator's nodes.
 * In exchange the TPU runtime environment is set explicitly, the GPU driver is
 * mounted from the node, and replicas are spread one per node.
 */
export class FungibleVllmServer extends Construct implements ITerraformDependable {
  public readonly name: string;
  public readonly serviceName: string;
  public readonly servicePort: number;
  public readonly modelId: string;
  /** The model profile served. */
  public readonly profile: ModelProfile;
  public readonly deployment: K8sObject;
  public readonly service: K8sObject;
  /** How the Service is reachable. */
  public readonly exposure: ServiceExposure;
  /** PodMonitoring and HPA (with `autoscaling`). */
  public readonly autoscalingObjects: readonly K8sObject[];
  /** The Deployment (and PodMonitoring/HPA); Terraform does not wait for the rollout. */
  public readonly release: ManifestRelease;
  /**
   * The Service, in a release Terraform waits for: on apply until the load
   * balancer has an address, on destroy until GKE has removed it (so no forwarding
   * rule outlives the cluster).
   */
  public readonly serviceRelease: ManifestRelease;

  constructor(scope: Construct, id: string, props: FungibleVllmServerProps) {
    super(scope, id);
    const cc = props.computeClass;
    // The server runs on the nodes of its ComputeClass: its namespace must be on the same cluster.
    ClusterProviders.forTarget(this, { what: `FungibleVllmServer ${this.node.path}`, cluster: cc.cluster, namespace: props.namespace });
    this.name = validateName(NameRules.K8S_DNS_LABEL, props.name ?? pathName(this, 45), 'Deployment');
    this.serviceName = validateName(NameRules.K8S_DNS_LABEL, props.serviceName ?? `${this.name}-service`, 'Service');
    this.servicePort = validatePort('Service port', props.servicePort ?? 80, 80);
    this.profile = ModelProfile.of(props.model);
    this.modelId = this.profile.modelId;
    const profile = this.profile;
    // Exec-form arguments: one `--name=value` element per flag, whatever form the profile wrote.
    const limitArgs = execArgs(profile.limitFlags);
    const modelArgs = execArgs(profile.modelFlags);
    const tpuLimitArgs = props.maxModelLen === undefined ? limitArgs
      : [`--max-model-len=${props.maxModelLen}`, ...execArgs(profile.limitFlags.filter((f) => f.name !== '--max-model-len'))];
    const port = validatePort('vLLM port', props.port ?? 8000, 8000);
    const exposure = props.exposure ?? ServiceExposure.internalLoadBalancer();
    this.exposure = exposure;
    const namespace = props.namespace.name;
    const selector: Labels = { app: this.name };
    const probe: Probe | undefined = props.readinessProbe ?? true
      ? { httpGet: { path: '/health', port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }
      : undefined;
    const hfEnv = props.hfToken.envVar('HUGGING_FACE_HUB_TOKEN');
    const modelEnv = [...profile.env];
    const common = [`--host=0.0.0.0`, `--port=${port}`];

    const containers: Container[] = [];
    const gpuTiers = cc.gpuTiers;
    if (gpuTiers.length) {
      if (!props.gpuImage) throw Errors.missingProp('FungibleVllmServer', 'gpuImage', `ComputeClass "${cc.name}" has GPU tiers`);
      const gpus = Number(uniform(gpuTiers, 'GPUs per node', (t) => String(t.gpuPool!.acceleratorCount)));
      containers.push({
        name: `${this.name}-gpu`,
        image: props.gpuImage,
        args: [...common, `--tensor-parallel-size=${profile.tensorParallelSizeFor(gpus)}`, ...limitArgs, `--model=${this.modelId}`, ...modelArgs, ...(props.gpuArgs ?? [])],
        securityContext: { privileged: true },
        env: [hfEnv, ...modelEnv],
        // Read-only: the container only loads the node's driver libraries.
        volumeMounts: [{ name: 'gpu', mountPath: NVIDIA_MOUNT_PATH, readOnly: true }],
        resources: { limits: { 'ephemeral-storage': props.ephemeralStorageLimit ?? '43Gi' } },
        ...(probe ? { readinessProbe: probe } : {}),
      });
    }
    const tpuTiers = cc.tpuTiers;
    if (tpuTiers.length) {
      if (!props.tpuImage) throw Errors.missingProp('FungibleVllmServer', 'tpuImage', `ComputeClass "${cc.name}" has TPU tiers`);
      uniform(tpuTiers, 'machine type', (t) => t.tpuPool!.shape.machineType.name);
      const shape = tpuTiers[0].tpuPool!.shape;
      const env = fungibleTpuEnv(shape, tpuTiers[0].tier.name);
      const tpuParallel = profile.tensorParallelSizeFor(shape.chips * shape.generation.tensorCoresPerChip);
      containers.push({
        name: `${this.name}-tpu`,
        image: props.tpuImage,
        args: [
          ...common,
          ...(tpuParallel > 1 ? [`--tensor-parallel-size=${tpuParallel}`] : []),
          ...tpuLimitArgs,
          `--model=${this.modelId}`,
          ...modelArgs,
          ...(props.tpuArgs ?? []),
        ],
        securityContext: { privileged: true },
        env: [hfEnv, ...modelEnv, ...env],
        ...(probe ? { readinessProbe: probe } : {}),
      });
    }

    const podSpec: PodSpec = {
      nodeSelector: cc.nodeSelector,
      containers,
      ...(gpuTiers.length ? { volumes: [{ name: 'gpu', hostPath: { path: NVIDIA_HOST_PATH, type: 'DirectoryOrCreate' } }] } : {}),
      tolerations: cc.tolerations,
      ...(props.onePodPerNode ?? true ? {
        affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: selector }, topologyKey: 'kubernetes.io/hostname' }] } },
      } : {}),
    };
    this.deployment = deployment({
      name: this.name,
      namespace,
      selector,
      replicas: props.autoscaling ? undefined : props.replicas ?? 1,
      template: { spec: podSpec },
    });
    this.service = service({
      name: this.serviceName,
      namespace,
      selector,
      type: exposure.fields.type,
      annotations: exposure.fields.annotations,
      loadBalancerSourceRanges: exposure.fields.loadBalancerSourceRanges,
      ports: [{ name: 'http', protocol: 'TCP', port: this.servicePort, targetPort: port }],
    });

    const a = props.autoscaling;
    this.autoscalingObjects = a ? [
      podMonitoring({
        name: `${this.name}-pod-monitoring`, namespace, selector,
        endpoints: [{ port, path: '/metrics', interval: a.scrapeInterval ?? '15s' }],
      }),
      horizontalPodAutoscaler({
        name: `${this.name}-hpa`, namespace, deployment: this.name,
        minReplicas: a.minReplicas ?? 1,
        maxReplicas: a.maxReplicas ?? cc.maxNodes,
        podsMetrics: [{ metric: 'prometheus.googleapis.com|vllm:num_requests_waiting|gauge', averageValue: a.targetRequestsWaiting ?? '1' }],
      }),
    ] : [];

    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: this.name,
      namespace,
      objects: [this.deployment, ...this.autoscalingObjects],
      dependsOn: [cc, props.namespace, props.hfToken, ...(a?.metricsAdapter ? [a.metricsAdapter] : [])],
      // The images are built and pushed after the repository exists; Kubernetes keeps
      // retrying the pull, so Terraform does not wait for the rollout.
      wait: false,
    });
    this.serviceRelease = new ManifestRelease(this, 'ServiceRelease', {
      cluster: props.namespace.cluster,
      releaseName: this.serviceName,
      namespace,
      objects: [this.service],
      dependsOn: [props.namespace],
    });
  }

  /** Depending on the server means depending on its Deployment release. */
  public get fqn(): string {
    return this.release.fqn;
  }
}

/** Flags as exec-form container arguments (`--name=value`, or `--name` for a switch). */
function execArgs(flags: readonly VllmFlag[]): string[] {
  return flags.map((f) => f.value === undefined ? f.name : `${f.name}=${f.value}`);
}

/** The one value `key` has across `tiers` (the first tier's), or TIER_SHAPE_MISMATCH. */
function uniform(tiers: readonly FungibleTier[], what: string, key: (t: FungibleTier) => string): string {
  const first = key(tiers[0]);
  for (const t of tiers.slice(1)) {
    const value = key(t);
    if (value !== first) throw Errors.tierShapeMismatch(what, t.tier.name, value, tiers[0].tier.name, first);
  }
  return first;
}
