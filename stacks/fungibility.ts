import { Construct } from 'constructs';
import { TerraformLocal, TerraformOutput } from 'cdktf';
import {
  CapacityKind,
  CapacityMode,
  CapacityTier,
  clusterOutputs,
  ClusterProviders,
  CustomMetricsAdapter,
  deletionProtectionVariable,
  DockerRepository,
  FungibleComputeClass,
  FungibleVllmServer,
  GcpEnvironment,
  GkeCluster,
  GkeVersionSelection,
  GoogleProviders,
  GpuDriverVersion,
  K8sNamespace,
  ModelProfile,
  NamespaceNetworkPolicy,
  namespaceVariable,
  orDefault,
  ReleaseChannel,
  ScenarioStack,
  Seed004,
  ScenarioObservabilityProps,
  scenarioObservability,
  SecretSource,
  StackObservability,
  ServiceExposure,
  recipeCapacityMode,
  stringVariable,
  tokenRevision,
  TokenSecret,
  tokenVariable,
} from 'tpu-gke-cdktf';

/**
 * Capacity modes the TPU tier `v6e-1` (single-host) can switch to with the context key
 * `capacity` (e.g. `{"fungibility":"flex-start"}`); the GPU tiers keep the seed's
 * (`l4-spot` preemptible, `l4` on-demand). Queued provisioning is left out: its nodes
 * come only through Kueue ProvisioningRequests, and the vLLM Deployment is not
 * admitted by Kueue.
 */
export const FUNGIBILITY_TPU_CAPACITY_KINDS: readonly CapacityKind[] = [
  CapacityKind.ANY_RESERVATION, CapacityKind.RESERVATION, CapacityKind.ON_DEMAND, CapacityKind.SPOT, CapacityKind.FLEX_START,
];

/**
 * The seed's three tiers: a TPU v6e-1 pool first, then L4 on preemptible VMs, then
 * on-demand L4. Zones come from the stack's `zone` variable. `tpuCapacity` switches
 * the TPU tier (flex-start autoscales it from zero to the seed's 2 nodes).
 * @param tpuCapacity the TPU tier's mode; undefined for the seed's (GKE's default: any matching reservation, nothing written)
 */
export function seedFungibilityTiers(tpuCapacity?: CapacityMode): CapacityTier[] {
  const tpuAutoscaling = tpuCapacity?.startsEmpty ? { minNodes: 0, maxNodes: 2 } : { minNodes: 1, maxNodes: 2, initialNodes: 1 };
  return [
    CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', topology: '1x1', autoscaling: tpuAutoscaling, capacityMode: tpuCapacity }),
    CapacityTier.gpu({
      name: 'l4-spot', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', acceleratorCount: 1, driverVersion: GpuDriverVersion.LATEST,
      preemptible: true, autoscaling: { minNodes: 0, maxNodes: 2, initialNodes: 1 },
    }),
    CapacityTier.gpu({
      name: 'l4', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', acceleratorCount: 1, driverVersion: GpuDriverVersion.LATEST,
      autoscaling: { minNodes: 1, maxNodes: 2, initialNodes: 1 },
    }),
  ];
}

export interface FungibilityStackProps {
  /**
   * Cluster name.
   * @default "tpu-gpu-fungibility"
   */
  readonly clusterName?: string;
  /**
   * Release channel.
   * @default ReleaseChannel.REGULAR (gcloud's default, which the seed uses)
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * GKE version (custom ComputeClasses need 1.30.3-gke.1451000 or later, checked by a
   * Terraform precondition).
   * @default GkeVersionSelection.channelDefault() (GKE's choice, as the seed leaves it)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * Machine type of the system nodes.
   * @default "e2-medium" (gcloud's default; the seed sets none)
   */
  readonly systemMachineType?: string;
  /**
   * System nodes per zone of the region (gcloud `--num-nodes`).
   * @default 1
   */
  readonly systemNodesPerZone?: number;
  /**
   * ComputeClass name (node label and taint value of every tier).
   * @default "vllm-fallback"
   */
  readonly computeClassName?: string;
  /**
   * Capacity tiers, most preferred first.
   * @default seedFungibilityTiers() (v6e-1, l4-spot, l4)
   */
  readonly tiers?: readonly CapacityTier[];
  /**
   * ComputeClass `whenUnsatisfiable`.
   * @default "DoNotScaleUp"
   */
  readonly whenUnsatisfiable?: 'ScaleUpAnyway' | 'DoNotScaleUp';
  /**
   * ComputeClass active migration back to more preferred tiers.
   * @default false (not written)
   */
  readonly activeMigration?: boolean;
  /**
   * Artifact Registry repository of the two images.
   * @default "docker-repo"
   */
  readonly repositoryName?: string;
  /**
   * Image name in the repository; the tags are `TPU` and `GPU`.
   * @default "vllm-fungibility"
   */
  readonly imageName?: string;
  /**
   * The served model: a profile, or a Hugging Face id for the generic profile (no
   * setting of the seed's model is kept: the seed's TPU `--max-model-len=8192` comes
   * only with the seed's model).
   * @default Seed004.QWEN2_1_5B
   */
  readonly model?: ModelProfile | string;
  /**
   * How the TPU tier's pool obtains its VMs (with the seed's tiers; ignored when
   * `tiers` is given: set `capacityMode` on your tiers).
   * @default - the context key `capacity` (any of FUNGIBILITY_TPU_CAPACITY_KINDS), else GKE's default (none written)
   */
  readonly tpuCapacityMode?: CapacityMode;
  /**
   * Initial replicas of the `vllm` Deployment.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * PodMonitoring on `/metrics`, an HPA on `vllm:num_requests_waiting` and the Custom
   * Metrics - Stackdriver Adapter it reads through. Off by default: the seed has no
   * autoscaling, and the PodMonitoring CRD comes with managed Prometheus on the
   * cluster, outside the schemas this project validates against offline.
   * @default false
   */
  readonly autoscaling?: boolean;
  /**
   * Use an existing Secret `hf-secret` instead of creating it from the `hf_token` variable.
   * @default false
   */
  readonly existingHfSecret?: boolean;
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (accelerator nodes,
   * vLLM); \`false\` leaves them out (also the context key \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
  /**
   * How `vllm-service` is reachable. The seed's Service is a public LoadBalancer on
   * port 80 with no authentication; this stack makes it an internal load balancer
   * (VPC only) unless an external one with source ranges is asked for.
   * @default ServiceExposure.internalLoadBalancer()
   */
  readonly exposure?: ServiceExposure;
  /**
   * Isolate the serving namespace with NetworkPolicies (enforced by Dataplane V2):
   * ingress only from its own pods, these client CIDR ranges (e.g. the VPC ranges that
   * reach the internal load balancer; passthrough load balancers keep client addresses)
   * and Google Cloud health checks.
   * @default - no NetworkPolicy
   */
  readonly networkPolicyAllowFrom?: readonly string[];
}

/**
 * Seed 004: Qwen2-1.5B on vLLM with GPU + TPU fungibility. A regional GKE Standard
 * cluster (managed Prometheus with auto-monitoring, image streaming), three node
 * pools in one zone (TPU v6e-1, L4 preemptible, L4 on-demand) behind the
 * ComputeClass `vllm-fallback`, and one `vllm` Deployment whose pods run on
 * whichever tier has capacity, exposed by the LoadBalancer Service `vllm-service`
 * (internal to the VPC by default; the seed's is public).
 */
export class FungibilityStack extends ScenarioStack {
  public readonly cluster: GkeCluster;
  public readonly computeClass: FungibleComputeClass;
  public readonly repository: DockerRepository;
  public readonly server: FungibleVllmServer;
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;
  public readonly metricsAdapter?: CustomMetricsAdapter;

  constructor(scope: Construct, id: string, props: FungibilityStackProps = {}) {
    super(scope, id);

    const env = new GcpEnvironment(this, 'Environment', { zone: 'asia-northeast1-b' });
    const namespace = namespaceVariable(this, 'Kubernetes namespace of the vLLM Deployment, Service and hf-secret (default exists already and is not created).', 'default');
    const tpuImageVariable = stringVariable(this, 'tpu_image', {
      description: 'Image of the vllm-tpu container; empty means <region>-docker.pkg.dev/<project>/<repository>/vllm-fungibility:TPU.', default: '',
    }).stringValue;
    const gpuImageVariable = stringVariable(this, 'gpu_image', {
      description: 'Image of the vllm-gpu container; empty means <region>-docker.pkg.dev/<project>/<repository>/vllm-fungibility:GPU.', default: '',
    }).stringValue;
    const hfToken = tokenVariable(this, 'hf_token', 'Hugging Face token (stored in Secret hf-secret, key hf_api_token; Qwen2-1.5B is public, so it may stay empty).');
    const deletionProtection = deletionProtectionVariable(this);

    GoogleProviders.configure(this, { project: env.projectId, region: env.region });
    this.cluster = new GkeCluster(this, 'Cluster', {
      name: props.clusterName ?? 'tpu-gpu-fungibility',
      project: env.projectId,
      location: env.region,
      releaseChannel: props.releaseChannel ?? ReleaseChannel.REGULAR,
      version: props.gkeVersion,
      systemNodePool: { machineType: props.systemMachineType ?? 'e2-medium', nodeCountPerZone: props.systemNodesPerZone ?? 1 },
      workloadIdentity: true,
      managedPrometheus: true,
      autoMonitoringScope: 'ALL',
      imageStreaming: true,
      deletionProtection: deletionProtection.booleanValue,
    });
    ClusterProviders.configure(this, { cluster: this.cluster, baseDependencies: [this.cluster.systemNodePool] });

    this.computeClass = new FungibleComputeClass(this, 'ComputeClass', {
      cluster: this.cluster,
      name: props.computeClassName ?? Seed004.COMPUTE_CLASS_NAME,
      zone: env.zone,
      tiers: props.tiers ?? seedFungibilityTiers(props.tpuCapacityMode ?? fungibilityTpuCapacity(this)),
      whenUnsatisfiable: props.whenUnsatisfiable,
      activeMigration: props.activeMigration || undefined,
    });

    this.repository = new DockerRepository(this, 'Repository', {
      name: props.repositoryName ?? 'docker-repo', region: env.region, project: env.projectId,
      description: 'vLLM images for GPU + TPU fungibility (vllm-fungibility:TPU, vllm-fungibility:GPU)',
      nodeServiceAccounts: [this.cluster.nodeServiceAccountEmail],
    });
    const imageName = props.imageName ?? 'vllm-fungibility';
    // Locals keep the interpolated defaults out of the coalesce() calls.
    const defaultTpuImage = new TerraformLocal(this, 'default_tpu_image', this.repository.image(`${imageName}:TPU`));
    const defaultGpuImage = new TerraformLocal(this, 'default_gpu_image', this.repository.image(`${imageName}:GPU`));
    const tpuImage = orDefault(tpuImageVariable, defaultTpuImage.asString);
    const gpuImage = orDefault(gpuImageVariable, defaultGpuImage.asString);

    const workloadNamespace = new K8sNamespace(this, 'WorkloadNamespace', { name: namespace, adoptBuiltIn: true });
    const secret = new TokenSecret(this, 'HfSecret', {
      namespace: workloadNamespace, name: 'hf-secret', key: 'hf_api_token',
      source: props.existingHfSecret ? SecretSource.existing() : SecretSource.fromVariable(hfToken, tokenRevision(this, 'hf_token')),
    });
    if (props.networkPolicyAllowFrom) {
      new NamespaceNetworkPolicy(this, 'NetworkPolicy', { namespace: workloadNamespace, allowFromCidrs: props.networkPolicyAllowFrom, releaseName: 'network-policy' });
    }
    if (props.autoscaling) this.metricsAdapter = new CustomMetricsAdapter(this, 'MetricsAdapter', { cluster: this.cluster });
    this.server = new FungibleVllmServer(this, 'Vllm', {
      computeClass: this.computeClass,
      namespace: workloadNamespace,
      hfToken: secret,
      tpuImage,
      gpuImage,
      model: props.model ?? Seed004.QWEN2_1_5B,
      // The seed's TPU bound belongs to the seed's model.
      maxModelLen: props.model === undefined ? Seed004.TPU_MAX_MODEL_LEN : undefined,
      name: Seed004.DEPLOYMENT_NAME,
      serviceName: Seed004.SERVICE_NAME,
      replicas: props.replicas,
      autoscaling: props.autoscaling ? { metricsAdapter: this.metricsAdapter } : undefined,
      exposure: props.exposure ?? ServiceExposure.internalLoadBalancer(),
    });

    // The Service targets the vLLM port; with autoscaling the server ships its own PodMonitoring for the HPA.
    const vllmPort = (this.server.service as unknown as { spec: { ports: { targetPort: number }[] } }).spec.ports[0].targetPort;
    const existing = this.server.autoscalingObjects.find((o) => o.kind === 'PodMonitoring');
    this.observability = scenarioObservability(this, props.observability, {
      cluster: this.cluster,
      title: id,
      // Nodes come from the ComputeClass (auto-provisioned pools): the TPU panels chart the cluster's accelerator nodes.
      tpuPools: [],
      vllm: [{
        target: { name: existing?.metadata.name ?? `${this.server.name}-metrics`, namespace, selector: { app: this.server.name }, port: vllmPort },
        scrapedElsewhere: existing !== undefined,
      }],
      dependsOn: [workloadNamespace],
    });

    clusterOutputs(this, this.cluster);
    new TerraformOutput(this, 'tpu_image_uri', { value: tpuImage, description: 'Image of the vllm-tpu container: build and push it (see README) before the pods can start.' });
    new TerraformOutput(this, 'gpu_image_uri', { value: gpuImage, description: 'Image of the vllm-gpu container: build and push it (see README) before the pods can start.' });
    new TerraformOutput(this, 'service_ip_command', {
      value: `kubectl get service ${this.server.serviceName} -n ${namespace} -o jsonpath='{.status.loadBalancer.ingress[0].ip}'`,
      description: this.server.exposure.kind === 'external'
        ? 'Prints the external IP of the vLLM Service (port 80, open to the configured source ranges only).'
        : 'Prints the internal IP of the vLLM Service (port 80, reachable from inside the VPC only).',
    });
  }
}

/** The TPU tier's mode the context key `capacity` selects; undefined for the seed's (GKE's default, written as nothing). */
function fungibilityTpuCapacity(scope: Construct): CapacityMode | undefined {
  const mode = recipeCapacityMode(scope, {
    seedDefault: CapacityKind.ANY_RESERVATION,
    allowed: FUNGIBILITY_TPU_CAPACITY_KINDS,
    specificReservation: () => ({
      name: stringVariable(scope, 'reservation_name', {
        description: 'Name of the TPU v6e reservation (ct6e-standard-1t) in the zone, for the v6e-1 tier.',
        pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter)',
      }).stringValue,
    }),
  });
  return mode.kind === CapacityKind.ANY_RESERVATION ? undefined : mode;
}
