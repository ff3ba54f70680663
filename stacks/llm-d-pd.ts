import { Construct } from 'constructs';
import {
  CapacityKind,
  CapacityMode,
  capacityPoolSize,
  clusterOutputs,
  deletionProtectionVariable,
  gatewayAddressDescription,
  gatewayAddressOutput,
  GcpEnvironment,
  GkeAddon,
  GkeCluster,
  K8sNamespace,
  ClusterProviders,
  GoogleProviders,
  KvRole,
  LlmdGuideCluster,
  LlmdGuideServing,
  LlmdHelmRelease,
  ModelProfile,
  ReleaseChannel,
  Seed002,
  TpuNetwork,
  namespaceVariable,
  observabilityEnabled,
  PdDisaggregation,
  ScenarioStack,
  StackObservability,
  TpuMachineType,
  TpuNodePool,
} from 'tpu-gke-cdktf';
import { LLMD_PD_GUIDE_NAMES, llmdGuideCapacityMode, llmdGuideObservability, LlmdGuideStackProps, llmdHfTokenSecret } from './llmd-guide';

/** Props of {@link LlmdPdStack}; every default is seed 002's (llm-d v0.6.0 TPU guide) value. */
export interface LlmdPdStackProps extends LlmdGuideStackProps {
  /**
   * Cluster name.
   * @default "llm-d-pd-cluster"
   */
  readonly clusterName?: string;
  /**
   * Network name prefix (`<prefix>-main`, `-tpu`, `-proxy`, `-allow-internal`).
   * @default "llm-d-pd"
   */
  readonly networkPrefix?: string;
  /**
   * Machine type of the system nodes (the endpoint picker asks for 4 CPUs).
   * @default "e2-standard-8"
   */
  readonly systemMachineType?: string;
  /**
   * TPU node pool name.
   * @default "tpu-v6e-2x4"
   */
  readonly tpuPoolName?: string;
  /**
   * TPU machine type (single-host).
   * @default "ct6e-standard-8t"
   */
  readonly machineType?: string;
  /**
   * How the TPU pool obtains its VMs (flex-start: the pool autoscales from 0).
   * @default - the context key `capacity`, else the seed's any reservation
   */
  readonly capacityMode?: CapacityMode;
  /**
   * The model: a profile, or a Hugging Face id (a generic profile: none of Llama's settings).
   * @default Seed002.LLAMA_3_3_70B_INSTRUCT
   */
  readonly model?: ModelProfile | string;
  /**
   * Decode replicas (one pod each).
   * @default 1
   */
  readonly decodeReplicas?: number;
  /**
   * Prefill replicas (one pod each).
   * @default 2
   */
  readonly prefillReplicas?: number;
  /**
   * Tensor parallel size of every replica (one chip each on v6e).
   * @default - the model profile's, else the TensorCores of a VM (8)
   */
  readonly tensorParallelSize?: number;
  /**
   * vLLM `--max-model-len` (replaces the model profile's).
   * @default - the model profile's (32000 for Llama-3.3-70B-Instruct)
   */
  readonly maxModelLen?: number;
}

/**
 * Seed 002: llm-d's prefill/decode guide on TPU v6e with Llama-3.3-70B-Instruct:
 * a GKE cluster prepared as llm-d's GKE guide asks (Gateway API, proxy-only
 * subnet, managed Prometheus), ct6e-standard-8t nodes for 2 prefill + 1 decode
 * replicas at TP 8, and llm-d v0.6.0's three releases `infra-pd`, `gaie-pd`,
 * `ms-pd` plus the HTTPRoute `llm-d-pd-disaggregation`.
 */
export class LlmdPdStack extends ScenarioStack {
  public readonly cluster: GkeCluster;
  public readonly pool: TpuNodePool;
  public readonly serving: PdDisaggregation;
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;

  constructor(scope: Construct, id: string, props: LlmdPdStackProps = {}) {
    super(scope, id);
    const env = new GcpEnvironment(this, 'Environment', { zone: 'us-east5-a' });
    const namespaceName = namespaceVariable(this, 'Kubernetes namespace of the llm-d releases.', 'llm-d-pd');
    const deletionProtection = deletionProtectionVariable(this);

    GoogleProviders.configure(this, { project: env.projectId, region: env.region });
    const network = new TpuNetwork(this, 'Network', { region: env.region, namePrefix: props.networkPrefix ?? 'llm-d-pd' });
    const cluster = new LlmdGuideCluster(this, 'Cluster', {
      project: env.projectId,
      region: env.region,
      network,
      name: props.clusterName ?? 'llm-d-pd-cluster',
      releaseChannel: ReleaseChannel.RAPID,
      version: props.gkeVersion,
      systemMachineType: props.systemMachineType ?? 'e2-standard-8',
      addons: [GkeAddon.HTTP_LOAD_BALANCING, GkeAddon.HORIZONTAL_POD_AUTOSCALING],
      autoMonitoringScope: 'ALL',
      deletionProtection: deletionProtection.booleanValue,
    });
    ClusterProviders.configure(this, { cluster, baseDependencies: [cluster.systemNodePool] });
    this.cluster = cluster;

    const machineType = TpuMachineType.of(props.machineType ?? 'ct6e-standard-8t');
    const decodeReplicas = props.decodeReplicas ?? 1;
    const prefillReplicas = props.prefillReplicas ?? 2;
    // The seed consumes any matching reservation; the context key `capacity` switches the pool
    // (e.g. {"llm-d-pd":"spot"}); reservation mode declares the variable reservation_name.
    const capacityMode = props.capacityMode ?? llmdGuideCapacityMode(this, CapacityKind.ANY_RESERVATION, 'Name of the TPU v6e reservation in the zone.');
    this.pool = new TpuNodePool(this, 'TpuPool', {
      cluster: this.cluster,
      name: props.tpuPoolName ?? 'tpu-v6e-2x4',
      machineType,
      zone: env.zone,
      // One replica per VM: as many nodes as replicas.
      ...capacityPoolSize(capacityMode, decodeReplicas + prefillReplicas),
      capacityMode,
    });

    const namespace = new K8sNamespace(this, 'Namespace', { name: namespaceName });
    const hfToken = llmdHfTokenSecret(this, namespace, props.existingHfTokenSecret, 'Hugging Face token with access to the model.');

    const llmd = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const baseProfile = ModelProfile.of(props.model ?? Seed002.LLAMA_3_3_70B_INSTRUCT);
    const profile = props.maxModelLen !== undefined ? baseProfile.with({ maxModelLen: props.maxModelLen }) : baseProfile;
    const tp = props.tensorParallelSize ?? profile.tensorParallelSizeFor(machineType.chipsPerVm * machineType.generation.tensorCoresPerChip);
    const role = (replicas: number, kvRole: KvRole) => LlmdGuideServing.vllmRole({
      replicas,
      tensorParallelSize: tp,
      nodeSelector: this.pool.nodeSelector,
      podMonitor: props.podMonitors ?? false,
      image: props.vllmImage ?? llmd.vllmTpuImage,
      start: {
        modelCommand: 'vllmServe',
        // The guide keeps the tensor parallel size first, the model's flags last.
        args: LlmdGuideServing.vllmServeArgs(profile, kvRole, tp, ['--disable-uvicorn-access-log']),
      },
      vllmPort: 8000,
      coordinationPortName: 'tpu-pd-coord',
      // No google.com/tpu: the chart derives the chips from the tensor parallel size.
    });

    this.serving = new LlmdGuideServing(this, 'PdDisaggregation', {
      ...LLMD_PD_GUIDE_NAMES,
      namespace,
      platform: this.pool,
      hfToken,
      network,
      llmdRelease: llmd,
      model: profile,
      routingSidecarImage: llmd.routingSidecarImage,
      decode: role(decodeReplicas, 'kv_both'),
      prefill: role(prefillReplicas, 'kv_producer'),
      gatewayClass: props.gatewayClass,
      networkPolicies: props.networkPolicies,
      managedPrometheus: observabilityEnabled(this, props.observability),
    });
    this.observability = llmdGuideObservability(this, id, props.observability, { cluster: this.cluster, pools: [this.pool], serving: this.serving, namespace });

    clusterOutputs(this, this.cluster);
    gatewayAddressOutput(this, this.serving.gatewayName, namespace.name, gatewayAddressDescription(this.serving.gateway.gatewayClass));
  }
}
