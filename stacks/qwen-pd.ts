import { Construct } from 'constructs';
import {
  CapacityKind,
  CapacityMode,
  capacityPoolSize,
  clusterOutputs,
  deletionProtectionVariable,
  gatewayAddressDescription,
  gatewayAddressOutput,
  GatewayBenchmarkJob,
  GatewayBenchmarkJobProps,
  GcpEnvironment,
  GkeAddon,
  GkeCluster,
  K8sNamespace,
  ClusterProviders,
  GoogleProviders,
  Labels,
  LlmdGuideCluster,
  LlmdGuideServing,
  LlmdHelmRelease,
  mergeVllmFlags,
  ModelProfile,
  ReleaseChannel,
  Seed003,
  TpuNetwork,
  vllmShellWords,
  namespaceVariable,
  observabilityEnabled,
  PdDisaggregation,
  PdRole,
  ScenarioStack,
  StackObservability,
  TpuNodePool,
  TpuPoolGroup,
} from 'tpu-gke-cdktf';
import { LLMD_PD_GUIDE_NAMES, llmdGuideCapacityMode, llmdGuideObservability, LlmdGuideStackProps, llmdHfTokenSecret } from './llmd-guide';

/** Props of {@link QwenPdStack}; every default is seed 003's value. */
export interface QwenPdStackProps extends LlmdGuideStackProps {
  /**
   * Cluster name.
   * @default "qwen-serving-cluster"
   */
  readonly clusterName?: string;
  /**
   * Network name prefix (`GVNIC_NETWORK_PREFIX`; the seed's is `qwen-serving`, which
   * the dynamic-slicing stacks keep): `<prefix>-main`, `-tpu`, `-proxy`, `-allow-internal`.
   * A different default lets this stack and `subslicing`/`superslicing` share a project.
   * @default "qwen-pd"
   */
  readonly networkPrefix?: string;
  /**
   * Machine type of the system nodes.
   * @default "e2-standard-4"
   */
  readonly systemMachineType?: string;
  /**
   * Single-host TPU node pools `tpu-v6e-single-1..N`, one node each.
   * @default 8
   */
  readonly tpuPools?: number;
  /**
   * How the TPU pools obtain their VMs (flex-start: each pool autoscales from 0 to 1 node).
   * @default - the context key `capacity`, else the seed's specific reservation (variable `reservation_name`)
   */
  readonly capacityMode?: CapacityMode;
  /**
   * TPU machine type.
   * @default "ct6e-standard-4t"
   */
  readonly machineType?: string;
  /**
   * The model: a profile, or a Hugging Face id (a generic profile: none of Qwen3-32B's settings).
   * @default Seed003.QWEN3_32B
   */
  readonly model?: ModelProfile | string;
  /**
   * Decode replicas.
   * @default 4
   */
  readonly decodeReplicas?: number;
  /**
   * Prefill replicas.
   * @default 4
   */
  readonly prefillReplicas?: number;
  /**
   * Tensor parallel size of every replica.
   * @default - the model profile's, else the TensorCores of a replica's chips (4)
   */
  readonly tensorParallelSize?: number;
  /**
   * TPU chips per pod (`google.com/tpu`).
   * @default 4
   */
  readonly chipsPerReplica?: number;
  /**
   * Routing sidecar image.
   * @default "ghcr.io/llm-d/llm-d-routing-sidecar:v0.5.0"
   */
  readonly routingSidecarImage?: string;
  /**
   * Port of the decode vLLM (behind the routing sidecar on 8000).
   * @default 8200
   */
  readonly decodeVllmPort?: number;
  /**
   * Port of the prefill vLLM. The InferencePool sends prefill work to port 8000,
   * where the chart puts the prefill vLLM; the seed writes 8200.
   * @default 8000
   */
  readonly prefillVllmPort?: number;
  /**
   * The seed's benchmark Job (ShareGPT, 80 requests/s, 2000 prompts) against the gateway.
   * @default false
   */
  readonly benchmark?: boolean | Omit<GatewayBenchmarkJobProps, 'namespace' | 'gatewayName' | 'model' | 'dependsOn'>;
}

/**
 * Seed 003: Qwen3-32B with prefill/decode disaggregation on eight single-host
 * TPU v6e 2x2 pools (4 prefill + 4 decode replicas at TP 4), llm-d v0.6.0's
 * releases with the seed's `values_tpu.yaml` as typed config, the HTTPRoute to
 * the GKE inference gateway, and the opt-in benchmark Job.
 */
export class QwenPdStack extends ScenarioStack {
  public readonly cluster: GkeCluster;
  public readonly pools: TpuPoolGroup;
  public readonly serving: PdDisaggregation;
  /** Undefined unless `benchmark` is set. */
  public readonly benchmark?: GatewayBenchmarkJob;
  /** Dashboard, alerts and scrape configs; undefined when observability is off. */
  public readonly observability?: StackObservability;

  constructor(scope: Construct, id: string, props: QwenPdStackProps = {}) {
    super(scope, id);
    const env = new GcpEnvironment(this, 'Environment', { zone: 'us-east5-a' });
    // The seed consumes a specific reservation; the context key `capacity` switches the pools
    // (e.g. {"qwen-pd":"spot"}); the reservation_name variable exists only in reservation mode.
    const capacityMode = props.capacityMode ?? llmdGuideCapacityMode(this, CapacityKind.RESERVATION,
      'Name of the TPU v6e reservation (32 chips of ct6e-standard-4t) in the zone.');
    const namespaceName = namespaceVariable(this, 'Kubernetes namespace of the llm-d releases (the seed uses default).', 'default');
    const deletionProtection = deletionProtectionVariable(this);

    GoogleProviders.configure(this, { project: env.projectId, region: env.region });
    const network = new TpuNetwork(this, 'Network', { region: env.region, namePrefix: props.networkPrefix ?? 'qwen-pd' });
    const cluster = new LlmdGuideCluster(this, 'Cluster', {
      project: env.projectId,
      region: env.region,
      network,
      name: props.clusterName ?? 'qwen-serving-cluster',
      releaseChannel: ReleaseChannel.RAPID,
      version: props.gkeVersion,
      systemMachineType: props.systemMachineType ?? 'e2-standard-4',
      addons: [GkeAddon.HTTP_LOAD_BALANCING, GkeAddon.GCS_FUSE_CSI_DRIVER, GkeAddon.RAY_OPERATOR, GkeAddon.HORIZONTAL_POD_AUTOSCALING, GkeAddon.NODE_LOCAL_DNS],
      dataplaneV2: true,
      deletionProtection: deletionProtection.booleanValue,
    });
    ClusterProviders.configure(this, { cluster, baseDependencies: [cluster.systemNodePool] });
    this.cluster = cluster;

    const poolCount = props.tpuPools ?? 8;
    // The seed passes --tpu-topology=2x2; GKE rejects a topology on single-host pools,
    // so the pools carry none and GKE labels the nodes with the machine's own 2x2.
    const pools = Array.from({ length: poolCount }, (_, i) => new TpuNodePool(this, `TpuPool${i + 1}`, {
      cluster: this.cluster,
      name: `tpu-v6e-single-${i + 1}`,
      machineType: props.machineType ?? 'ct6e-standard-4t',
      zone: env.zone,
      ...capacityPoolSize(capacityMode, 1),
      capacityMode,
    }));
    this.pools = new TpuPoolGroup('tpu-v6e-single pools', pools);

    const namespace = new K8sNamespace(this, 'Namespace', { name: namespaceName, adoptBuiltIn: true });
    // The seed stores the token under `hf_api_token`; the chart reads the key HF_TOKEN.
    const hfToken = llmdHfTokenSecret(this, namespace, props.existingHfTokenSecret, 'Hugging Face token (Qwen3-32B is not gated; empty works).');

    const llmd = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const profile = ModelProfile.of(props.model ?? Seed003.QWEN3_32B);
    const model = profile.modelId;
    const chipsPerReplica = props.chipsPerReplica ?? 4;
    const tp = props.tensorParallelSize ?? profile.tensorParallelSizeFor(chipsPerReplica * this.pools.capacity.generation.tensorCoresPerChip);
    const chips = String(chipsPerReplica);
    const nodeSelector: Labels = { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '2x2' };
    const role = (pdRole: PdRole, replicas: number, port: number, roleArgs: readonly string[]) => {
      // The script's own flags, the role's, then the model's (space-separated, as the seed writes them); none twice.
      const servingArgs = vllmShellWords(mergeVllmFlags([
        { source: 'the seed script', args: ['--model', '--port', '--tensor-parallel-size', '--kv-transfer-config'] },
        { source: `the ${pdRole.name} role`, args: roleArgs },
        { source: profile.source, args: [...profile.limitArgs, ...profile.modelArgs] },
      ]).slice(4), ' ');
      const script = [
        `# ${pdRole.name}: ${pdRole.kvRole} of the KV cache`,
        `KV_CONFIG='${profile.kvConnector.transferConfig(pdRole.kvRole, '$(POD_IP)')}'`,
        'echo "KV_CONFIG=$KV_CONFIG"',
        [
          'python3 -m vllm.entrypoints.openai.api_server',
          `--model "${model}"`,
          `--port ${port}`,
          `--tensor-parallel-size ${tp}`,
          '--kv-transfer-config "$KV_CONFIG"',
          ...servingArgs,
        ].join(' \\\n  '),
        '',
      ].join('\n');
      return LlmdGuideServing.vllmRole({
        replicas,
        tensorParallelSize: tp,
        nodeSelector,
        podMonitor: props.podMonitors ?? false,
        image: props.vllmImage ?? llmd.vllmTpuImage,
        start: { modelCommand: 'custom', command: ['/bin/bash', '-c', script] },
        vllmPort: port,
        coordinationPortName: 'tpu-coord',
        tpuChips: chips,
      });
    };
    this.serving = new LlmdGuideServing(this, 'PdDisaggregation', {
      ...LLMD_PD_GUIDE_NAMES,
      namespace,
      platform: this.pools,
      hfToken,
      network,
      llmdRelease: llmd,
      model: profile,
      // e2-standard-4 system nodes cannot fit the chart's 4-CPU endpoint picker.
      eppResources: { requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } },
      tracing: { enabled: true, otlpEndpoint: 'localhost:4317', routingProxyServiceName: 'routing-proxy', sampler: 'always_off', samplerArg: '0' },
      routingSidecarImage: props.routingSidecarImage ?? 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.5.0',
      decode: role(PdRole.DECODE, props.decodeReplicas ?? 4, props.decodeVllmPort ?? 8200,
        ['--disable-uvicorn-access-log', '--max-num-seqs 256']),
      prefill: role(PdRole.PREFILL, props.prefillReplicas ?? 4, props.prefillVllmPort ?? 8000,
        ['--disable-uvicorn-access-log', '--enable-chunked-prefill']),
      gatewayClass: props.gatewayClass,
      networkPolicies: props.networkPolicies,
      managedPrometheus: observabilityEnabled(this, props.observability),
    });
    this.observability = llmdGuideObservability(this, id, props.observability, { cluster: this.cluster, pools, serving: this.serving, namespace });

    if (props.benchmark) {
      this.benchmark = new GatewayBenchmarkJob(this, 'Benchmark', {
        name: 'qwen3-pd-benchmark',
        ...(props.benchmark === true ? {} : props.benchmark),
        namespace,
        gatewayName: this.serving.gatewayName,
        model,
        dependsOn: [this.serving.modelServers, ...(this.serving.routeRelease ? [this.serving.routeRelease] : [])],
      });
    }

    clusterOutputs(this, this.cluster);
    gatewayAddressOutput(this, this.serving.gatewayName, namespace.name, gatewayAddressDescription(this.serving.gateway.gatewayClass));
  }
}
