import { Construct } from 'constructs';
import { TerraformLocal, TerraformOutput } from 'cdktf';
import {
  AutopilotCluster,
  boolVariable,
  bucketVariable,
  CapacityKind,
  capacityKindFromContext,
  CapacityMode,
  clusterOutputs,
  ClusterProviders,
  deletionProtectionVariable,
  DockerRepository,
  Errors,
  GcpEnvironment,
  GkeAddon,
  GkeCluster,
  GkeVersionSelection,
  GoogleProviders,
  GradioChat,
  HfModelDownload,
  IGkeCluster,
  K8sNamespace,
  ModelBucket,
  ModelProfile,
  namespaceVariable,
  orDefault,
  RayLlmService,
  ScenarioObservabilityProps,
  scenarioObservability,
  StackObservability,
  observabilityEnabled,
  observedTpuPools,
  ReleaseChannel,
  ScenarioStack,
  SecretSource,
  Seed001,
  recipeCapacityMode,
  stringVariable,
  tokenRevision,
  TokenSecret,
  tokenVariable,
  TpuNodePool,
  TpuSliceTarget,
  WorkloadIdentityAccount,
} from 'tpu-gke-cdktf';

/** How the `ray-llm` stack runs its cluster. */
export enum RayLlmClusterMode {
  /** Zonal GKE Standard cluster with a `v6e-16` TPU slice node pool (seed 001 "Standard"). */
  STANDARD = 'standard',
  /** Regional GKE Autopilot cluster; the slice comes from the `dranet-compute-class` ComputeClass (seed 001 "Autopilot"). */
  AUTOPILOT = 'autopilot',
}

/** Names of one Workload Identity pairing. */
export interface IdentityNames {
  /** Google service account ID. */
  readonly googleServiceAccount: string;
  /** Kubernetes service account name. */
  readonly kubernetesServiceAccount: string;
}

/** Props of {@link RayLlmStack}; every default is the seed's value. */
export interface RayLlmStackProps {
  /**
   * Cluster mode. The app synthesizes one stack per mode (`ray-llm`, `ray-llm-autopilot`).
   * @default RayLlmClusterMode.STANDARD
   */
  readonly mode?: RayLlmClusterMode;
  /**
   * Cluster name.
   * @default "ray-llm-cluster"
   */
  readonly clusterName?: string;
  /**
   * GKE version. GKE managed DRANET needs 1.35.2-gke.1842000 or later, checked by a
   * Terraform precondition on the chosen version.
   * @default GkeVersionSelection.channelLatest() (the newest version of the release channel)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * Release channel.
   * @default ReleaseChannel.REGULAR (gcloud's default, which the seed uses)
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * Standard: machine type of the system nodes.
   * @default "n2-standard-8"
   */
  readonly systemMachineType?: string;
  /**
   * Standard: system nodes (zonal cluster).
   * @default 3 (gcloud's default `--num-nodes`)
   */
  readonly systemNodeCount?: number;
  /**
   * Standard: TPU node pool name.
   * @default "v6e-16"
   */
  readonly tpuPoolName?: string;
  /**
   * TPU machine type.
   * @default "ct6e-standard-4t"
   */
  readonly machineType?: string;
  /**
   * TPU slice topology.
   * @default "4x4"
   */
  readonly topology?: string;
  /**
   * Autopilot: ComputeClass name.
   * @default "dranet-compute-class"
   */
  readonly computeClassName?: string;
  /**
   * Autopilot: keep the TPU workers in the `zone` variable's zone (where the
   * Anywhere Cache is) with a `topology.kubernetes.io/zone` nodeSelector.
   * @default true
   */
  readonly pinAutopilotZone?: boolean;
  /**
   * Artifact Registry repository for the vLLM + Ray image.
   * @default "ray-repo"
   */
  readonly repositoryName?: string;
  /**
   * Image name and tag in the repository (used when the `image` variable is empty).
   * @default "vllm-tpu-ray:vllm-tpu"
   */
  readonly imageNameAndTag?: string;
  /**
   * Identity of the Ray pods (bucket read access).
   * @default { googleServiceAccount: "tpu-reader-sa", kubernetesServiceAccount: "ray-ksa" }
   */
  readonly servingIdentity?: IdentityNames;
  /**
   * Identity of the download Job (bucket read-write access).
   * @default { googleServiceAccount: "model-downloader-sa", kubernetesServiceAccount: "model-downloader" }
   */
  readonly downloaderIdentity?: IdentityNames;
  /**
   * The served model: a profile, or a Hugging Face id for the generic profile (no
   * setting of the seed's model is kept).
   * @default Seed001.GEMMA_4_31B_IT
   */
  readonly model?: ModelProfile | string;
  /**
   * Standard: how the TPU slice pool obtains its VMs. The seed sets no reservation
   * flag, so the pool takes GKE's default (any matching reservation, else on-demand)
   * and no mode is written; the context key `capacity` (e.g. `{"ray-llm":"spot"}`)
   * switches it to `any-reservation`, `on-demand` or `spot`. Flex-start is not offered
   * (GKE runs flex-start VMs on single-host TPU pools only; this is a 4-VM slice) and
   * neither is queued provisioning (a RayService is not admitted by Kueue, which
   * requests queued-provisioning nodes).
   * @default - the context key `capacity`, else GKE's default (none written)
   */
  readonly capacityMode?: CapacityMode;
  /**
   * Stage the weights with the download Job before the RayService starts.
   * @default true
   */
  readonly downloadModel?: boolean;
  /**
   * Deploy the Gradio chat UI.
   * @default true
   */
  readonly gradio?: boolean;
  /**
   * Use an existing Secret `hf-secret` instead of creating it from the `hf_token` variable.
   * @default false
   */
  readonly existingHfSecret?: boolean;
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (TPU slice, Ray Serve
   * LLM); \`false\` leaves them out (also the context key \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
}

/**
 * Seed 001: Gemma 4 31B served by Ray Serve LLM (vLLM) on a multi-host TPU v6e
 * 4x4 slice with GKE managed DRANET, weights pre-staged in Cloud Storage behind an
 * Anywhere Cache, and an optional Gradio chat UI. Standard or Autopilot by `mode`.
 */
export class RayLlmStack extends ScenarioStack {
  /** The cluster mode of this stack. */
  public readonly mode: RayLlmClusterMode;
  /** The GKE cluster (Standard or Autopilot). */
  public readonly cluster: IGkeCluster;
  /** The TPU slice node pool (Standard mode only). */
  public readonly tpuPool?: TpuNodePool;
  /** The weights bucket and its Anywhere Cache. */
  public readonly bucket: ModelBucket;
  /** The Artifact Registry repository of the serving image. */
  public readonly repository: DockerRepository;
  /** The RayService and what it ships. */
  public readonly service: RayLlmService;
  /** The weights download Job (unless `downloadModel` is false). */
  public readonly download?: HfModelDownload;
  /** The chat UI (unless `gradio` is false). */
  public readonly gradio?: GradioChat;
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;

  constructor(scope: Construct, id: string, props: RayLlmStackProps = {}) {
    super(scope, id);
    this.mode = props.mode ?? RayLlmClusterMode.STANDARD;

    const env = new GcpEnvironment(this, 'Environment', { zone: 'us-east5-b' });
    const bucketName = bucketVariable(this, 'bucket_name', 'Cloud Storage bucket for the model weights (created; globally unique).').stringValue;
    const namespace = namespaceVariable(this, 'Kubernetes namespace of the workloads (default exists already and is not created).', 'default');
    const imageVariable = stringVariable(this, 'image', {
      description: 'vLLM TPU + Ray image URI; empty means <region>-docker.pkg.dev/<project>/<repository>/vllm-tpu-ray:vllm-tpu.', default: '',
    }).stringValue;
    const hfToken = tokenVariable(this, 'hf_token', 'Hugging Face token with access to the model (stored in Secret hf-secret, key hf_api_token).');
    const deletionProtection = deletionProtectionVariable(this);
    const forceDestroy = boolVariable(this, 'bucket_force_destroy',
      'Let `cdktf destroy` delete the weights bucket while it still holds the weights or its (disabled) Anywhere Cache; apply it before the destroy.', false);

    GoogleProviders.configure(this, { project: env.projectId, region: env.region });
    const clusterName = props.clusterName ?? 'ray-llm-cluster';
    const version = props.gkeVersion ?? GkeVersionSelection.channelLatest();
    const releaseChannel = props.releaseChannel ?? ReleaseChannel.REGULAR;
    const machineType = props.machineType ?? 'ct6e-standard-4t';
    const topology = props.topology ?? '4x4';

    let target: TpuSliceTarget;
    if (this.mode === RayLlmClusterMode.STANDARD) {
      const cluster = new GkeCluster(this, 'Cluster', {
        name: clusterName,
        project: env.projectId,
        location: env.zone,
        releaseChannel,
        version,
        systemNodePool: { machineType: props.systemMachineType ?? 'n2-standard-8', nodeCountPerZone: props.systemNodeCount ?? 3 },
        addons: [GkeAddon.RAY_OPERATOR, GkeAddon.GCS_FUSE_CSI_DRIVER],
        dataplaneV2: true,
        workloadIdentity: true,
        // The Ray scrape config (observability) needs the PodMonitoring CRD of managed collection.
        managedPrometheus: observabilityEnabled(this, props.observability) || undefined,
        deletionProtection: deletionProtection.booleanValue,
      });
      ClusterProviders.configure(this, { cluster, baseDependencies: [cluster.systemNodePool] });
      this.tpuPool = new TpuNodePool(this, 'TpuPool', {
        cluster,
        name: props.tpuPoolName ?? 'v6e-16',
        machineType,
        topology,
        zone: env.zone,
        gvnic: true,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        labels: { 'cloud.google.com/gke-networking-dra-driver': 'true' },
        managedDranet: true,
        capacityMode: props.capacityMode ?? rayLlmCapacityMode(this),
      });
      target = TpuSliceTarget.nodePool(this.tpuPool);
      this.cluster = cluster;
    } else {
      const cluster = new AutopilotCluster(this, 'Cluster', {
        name: clusterName,
        project: env.projectId,
        region: env.region,
        releaseChannel,
        version,
        addons: [GkeAddon.RAY_OPERATOR],
        deletionProtection: deletionProtection.booleanValue,
      });
      ClusterProviders.configure(this, { cluster });
      // Autopilot creates the slice from the ComputeClass on demand; the context key may only name that mode.
      capacityKindFromContext(this, CapacityKind.ON_DEMAND, [CapacityKind.ON_DEMAND]);
      if (props.capacityMode) {
        throw Errors.invalidValue('RayLlmStack capacityMode in Autopilot mode', props.capacityMode.kind, [CapacityKind.ON_DEMAND],
          'leave capacityMode unset: the Autopilot ComputeClass creates the slice on demand (use RayLlmClusterMode.STANDARD to choose the capacity)');
      }
      target = TpuSliceTarget.computeClass({
        cluster,
        name: props.computeClassName ?? Seed001.COMPUTE_CLASS_NAME,
        machineType,
        topology,
        zone: props.pinAutopilotZone ?? true ? env.zone : undefined,
      });
      this.cluster = cluster;
    }

    this.repository = new DockerRepository(this, 'Repository', {
      name: props.repositoryName ?? 'ray-repo', region: env.region, project: env.projectId,
      description: 'vLLM TPU + Ray serving images',
      nodeServiceAccounts: this.cluster.nodeServiceAccountEmail ? [this.cluster.nodeServiceAccountEmail] : [],
    });
    // A local keeps the interpolated default out of the coalesce() call.
    const defaultImage = new TerraformLocal(this, 'default_image', this.repository.image(props.imageNameAndTag ?? 'vllm-tpu-ray:vllm-tpu'));
    const image = orDefault(imageVariable, defaultImage.asString);
    this.bucket = new ModelBucket(this, 'ModelBucket', {
      name: bucketName, location: env.region, cacheZones: [env.zone], forceDestroy: forceDestroy.booleanValue,
    });

    const workloadNamespace = new K8sNamespace(this, 'WorkloadNamespace', { name: namespace, adoptBuiltIn: true });
    const secret = new TokenSecret(this, 'HfSecret', {
      namespace: workloadNamespace, name: 'hf-secret', key: 'hf_api_token',
      source: props.existingHfSecret ? SecretSource.existing() : SecretSource.fromVariable(hfToken, tokenRevision(this, 'hf_token')),
    });
    const identity = (id: string, names: IdentityNames) => new WorkloadIdentityAccount(this, id, {
      cluster: this.cluster, accountId: names.googleServiceAccount, kubernetesServiceAccount: names.kubernetesServiceAccount, namespace,
    });
    const serving = identity('ServingIdentity', props.servingIdentity ?? { googleServiceAccount: 'tpu-reader-sa', kubernetesServiceAccount: 'ray-ksa' });
    const model = ModelProfile.of(props.model ?? Seed001.GEMMA_4_31B_IT);

    if (props.downloadModel ?? true) {
      this.download = new HfModelDownload(this, 'ModelDownload', {
        namespace: workloadNamespace,
        bucket: this.bucket,
        account: identity('DownloaderIdentity', props.downloaderIdentity ?? { googleServiceAccount: 'model-downloader-sa', kubernetesServiceAccount: 'model-downloader' }),
        hfToken: secret,
        modelId: model.modelId,
        name: Seed001.DOWNLOAD_JOB_NAME,
      });
    }
    this.service = new RayLlmService(this, 'RayLlm', {
      namespace: workloadNamespace,
      tpu: target,
      image,
      bucket: this.bucket,
      serviceAccount: serving,
      hfToken: secret,
      download: this.download,
      model,
      name: Seed001.RAY_SERVICE_NAME,
    });
    if (props.gradio ?? true) {
      this.gradio = new GradioChat(this, 'Gradio', {
        namespace: workloadNamespace, name: Seed001.GRADIO_NAME, endpoint: this.service.endpoint, modelId: this.service.modelId, dependsOn: [this.service],
      });
    }

    // KubeRay labels every Ray pod ray.io/is-ray-node=yes; Ray exports its metrics (Ray Serve, ray_vllm:*) on KubeRay's
    // default metrics port 8080. The add-on's KubeRay operator is GKE-managed and not scraped here.
    this.observability = scenarioObservability(this, props.observability, {
      cluster: this.cluster,
      title: id,
      tpuPools: this.tpuPool ? observedTpuPools([this.tpuPool]) : [],
      ray: { name: 'ray-serve-llm', namespace, selector: { 'ray.io/is-ray-node': 'yes' }, port: 8080 },
      collectorNamespace: this.mode === RayLlmClusterMode.AUTOPILOT ? 'gke-gmp-system' : undefined,
      dependsOn: [workloadNamespace],
    });

    clusterOutputs(this, this.cluster);
    new TerraformOutput(this, 'image_uri', { value: image, description: 'Image the Ray pods run: build and push it before deploying (docker build -t <image> . && docker push <image>).' });
    new TerraformOutput(this, 'model_bucket', { value: this.bucket.name, description: 'Bucket with the model weights.' });
    new TerraformOutput(this, 'port_forward', {
      value: `kubectl port-forward -n ${namespace} svc/${this.service.headService} ${this.service.servePort}:${this.service.servePort}`,
      description: 'Forwards the OpenAI-compatible API to localhost (use 8265:8265 for the Ray dashboard).',
    });
  }
}

/**
 * Capacity modes the Standard slice pool (one multi-host v6e 4x4 slice of 4 VMs) can
 * switch to with the context key `capacity`. Left out: flex-start (GKE runs flex-start
 * VMs on single-host TPU pools only; the capacity rules reject it on a multi-host
 * slice) and queued provisioning (its nodes come only through Kueue ProvisioningRequests,
 * and nothing in this stack is admitted by Kueue).
 */
export const RAY_LLM_CAPACITY_KINDS: readonly CapacityKind[] = [CapacityKind.ANY_RESERVATION, CapacityKind.RESERVATION, CapacityKind.ON_DEMAND, CapacityKind.SPOT];

/**
 * The mode the context key `capacity` selects for the Standard slice pool; undefined
 * for the seed's, GKE's default (any matching reservation, else on-demand), which
 * needs no argument. The `reservation_name` variable exists only in reservation mode.
 */
function rayLlmCapacityMode(scope: Construct): CapacityMode | undefined {
  const mode = recipeCapacityMode(scope, {
    seedDefault: CapacityKind.ANY_RESERVATION,
    allowed: RAY_LLM_CAPACITY_KINDS,
    specificReservation: () => ({
      name: stringVariable(scope, 'reservation_name', {
        description: 'Name of the TPU v6e reservation (16 chips of ct6e-standard-4t, 4x4) in the zone.',
        pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter)',
      }).stringValue,
    }),
  });
  return mode.kind === CapacityKind.ANY_RESERVATION ? undefined : mode;
}
