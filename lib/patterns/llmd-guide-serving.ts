/**
 * What the prefill/decode stacks share: the Hugging Face token Secret every
 * llm-d recipe reads (`subslicing`, `llm-d-pd`, `qwen-pd`), and for the two
 * stacks that follow llm-d's Helm guide (`llm-d-pd`, seed 002; `qwen-pd`,
 * seed 003) the cluster that guide asks for, the vLLM TPU role values of
 * `ms-pd` and the guide's releases `infra-pd`, `gaie-pd`, `ms-pd` with the
 * HTTPRoute `llm-d-pd-disaggregation`. The stacks differ only in the values
 * they pass.
 */
import { Construct } from 'constructs';
import { IResolvable } from 'cdktf';
import { GkeAddon } from '../gke/gke-addon';
import { GkeCluster, ReleaseChannel } from '../gke/gke-cluster';
import { GkeFeatureVersions } from '../gke/gke-version';
import { GkeVersionSelection } from '../gke/gke-version-selection';
import { ITpuPlatform } from '../gke/tpu-platform';
import { ClusterProviders } from '../k8s/cluster-providers';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { NamespaceNetworkPolicy } from '../k8s/namespace-network-policy';
import { SecretSource, TokenSecret } from '../k8s/token-secret';
import { Labels, ResourceRequirements } from '../k8s/types';
import { TpuNetwork } from '../network/tpu-network';
import { GoogleProviders } from '../providers/google-providers';
import { GkeGatewayClass } from '../serving/pd/inference-gateway';
import { LlmdHelmRelease } from '../serving/pd/llmd-release';
import { ModelServiceContainer, ModelServiceRoleProps, ModelServiceTracing } from '../serving/pd/llmd-model-service';
import { PdDisaggregation, PdGateway, PdModelServers, PdRouter } from '../serving/pd/pd-disaggregation';
import { POD_IP_ENV, tpuKvEnv, vllmProbes, vllmScratch } from '../serving/vllm-tpu';
import { ScenarioObservabilityProps } from '../stack/observability';
import { GcpEnvironment, tokenRevision, tokenVariable } from '../stack/variables';

/**
 * The Secret `llm-d-hf-token` (key `HF_TOKEN`) in `namespace`: written from the
 * sensitive variable `hf_token`, or, with `existing`, a reference to a Secret
 * the user created (no variable then).
 */
export function llmdHfTokenSecret(scope: Construct, namespace: K8sNamespace, existing: boolean | undefined, description: string): TokenSecret {
  return new TokenSecret(scope, 'HfToken', {
    namespace,
    name: 'llm-d-hf-token',
    key: 'HF_TOKEN',
    source: existing ? SecretSource.existing() : SecretSource.fromVariable(tokenVariable(scope, 'hf_token', description), tokenRevision(scope, 'hf_token')),
  });
}

/** Props both llm-d guide stacks take with the same meaning and default. */
export interface LlmdGuideStackProps {
  /**
   * GKE version. GKE installs the InferencePool CRD from 1.34.0-gke.1626000 on; a
   * Terraform precondition checks the chosen version against it.
   * @default GkeVersionSelection.channelDefault() (seed 003 takes the Rapid channel's default)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * llm-d release whose charts (and, unless overridden, images) are installed.
   * @default LlmdHelmRelease.V0_6
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * vLLM TPU image of both roles.
   * @default - the llm-d release's ("vllm/vllm-tpu:v0.13.2"; seed 003's floating `nightly` pinned to it)
   */
  readonly vllmImage?: string;
  /**
   * Create Prometheus Operator PodMonitors for the vLLM pods (needs the
   * `monitoring.coreos.com` CRDs, which GKE does not install).
   * @default false (the seeds enable them)
   */
  readonly podMonitors?: boolean;
  /**
   * Use a Secret `llm-d-hf-token` that already exists in the namespace instead of creating it from `hf_token`.
   * @default false
   */
  readonly existingHfTokenSecret?: boolean;
  /**
   * GatewayClass of `infra-pd-inference-gateway`. The guides' class is
   * `gke-l7-regional-external-managed` (a public, plain-HTTP, unauthenticated
   * endpoint); the default keeps the gateway inside the VPC.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * NetworkPolicies that isolate the namespace: ingress only from its own pods, the
   * gateway's proxy-only subnet and Google Cloud health checks (Dataplane V2 enforces them).
   * @default false
   */
  readonly networkPolicies?: boolean;
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (vLLM prefill/decode,
   * the endpoint picker); \`false\` leaves them out (also the context key
   * \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
}

/** The description of the gateway address output for `gatewayClass`. */
export function gatewayAddressDescription(gatewayClass: GkeGatewayClass): string {
  return gatewayClass.internal
    ? 'Prints the internal IP of the inference gateway (plain HTTP, reachable from inside the VPC only).'
    : 'Prints the external IP of the inference gateway (plain HTTP, reachable from the internet: restrict it with a Cloud Armor policy or use GkeGatewayClass.L7_RILB).';
}

/** The cluster of llm-d's GKE guide: what differs between the two guide stacks. */
export interface LlmdGuideClusterProps {
  /** Project and region. */
  readonly env: GcpEnvironment;
  /** Network name prefix. */
  readonly networkPrefix: string;
  /** Cluster name. */
  readonly name: string;
  /**
   * GKE version; it must reach GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD (GKE installs the InferencePool CRD).
   * @default GkeVersionSelection.channelDefault()
   */
  readonly version?: GkeVersionSelection;
  /** Machine type of the system nodes (one per zone). */
  readonly systemMachineType: string;
  /** Add-ons. */
  readonly addons: readonly GkeAddon[];
  /**
   * Managed Prometheus auto-monitoring scope.
   * @default - none
   */
  readonly autoMonitoringScope?: 'ALL' | 'NONE';
  /**
   * Dataplane V2 with its metrics.
   * @default false
   */
  readonly dataplaneV2?: boolean;
  /** Terraform deletion protection. */
  readonly deletionProtection: boolean | IResolvable;
}

/**
 * Google providers, a {@link TpuNetwork} (with the proxy-only subnet the regional
 * gateway needs) and a regional Standard cluster on the Rapid channel with the
 * Gateway API, managed Prometheus and Workload Identity, plus the cluster's
 * Kubernetes and Helm providers.
 */
export function llmdGuideCluster(scope: Construct, props: LlmdGuideClusterProps): { network: TpuNetwork; cluster: GkeCluster } {
  const { env } = props;
  GoogleProviders.configure(scope, { project: env.projectId, region: env.region });
  const network = new TpuNetwork(scope, 'Network', { region: env.region, namePrefix: props.networkPrefix });
  const cluster = new GkeCluster(scope, 'Cluster', {
    name: props.name,
    project: env.projectId,
    location: env.region,
    network: network.network.id,
    subnetwork: network.tpuSubnet.id,
    releaseChannel: ReleaseChannel.RAPID,
    version: props.version,
    systemNodePool: { machineType: props.systemMachineType, nodeCountPerZone: 1 },
    addons: props.addons,
    gatewayApi: true,
    managedPrometheus: true,
    autoMonitoringScope: props.autoMonitoringScope,
    dataplaneV2: props.dataplaneV2,
    dataplaneV2Metrics: props.dataplaneV2,
    workloadIdentity: true,
    deletionProtection: props.deletionProtection,
  });
  // The guide installs no InferencePool CRD: GKE does, from this version on.
  cluster.requireVersion('the GKE-managed InferencePool CRD (inference.networking.k8s.io/v1)', GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD);
  ClusterProviders.configure(scope, { cluster, baseDependencies: [cluster.systemNodePool] });
  return { network, cluster };
}

/** One side of `ms-pd` in llm-d's TPU values. */
export interface LlmdGuideRoleProps {
  /** Pods (one model replica each). */
  readonly replicas: number;
  /** vLLM tensor parallel size. */
  readonly tensorParallelSize: number;
  /** Node selector (TPU accelerator and topology). */
  readonly nodeSelector: Labels;
  /** Create the role's PodMonitor. */
  readonly podMonitor: boolean;
  /** vLLM TPU image. */
  readonly image: string;
  /** How vLLM starts: the chart's `vllm serve` plus `args`, or the role's own `command`. */
  readonly start: { readonly modelCommand: 'vllmServe'; readonly args: readonly string[] }
  | { readonly modelCommand: 'custom'; readonly command: readonly string[] };
  /** Port of the vLLM container (`vllm`). */
  readonly vllmPort: number;
  /** Name of the P/D coordination port 9600. */
  readonly coordinationPortName: string;
  /**
   * TPU chips per pod (`google.com/tpu`).
   * @default - derived by the chart from the tensor parallel size
   */
  readonly tpuChips?: string;
}

/**
 * A role of `ms-pd` as llm-d's TPU values write it: the vLLM container with
 * `POD_IP` and the KV ports (9100 transfer, 9600 coordination), 64Gi / 16 CPUs,
 * the model volume, the guide's probes and scratch volumes (16Gi `/dev/shm`).
 */
export function llmdGuideRole(props: LlmdGuideRoleProps): ModelServiceRoleProps {
  const scratch = vllmScratch('16Gi');
  const tpu: Record<string, string> = props.tpuChips !== undefined ? { 'google.com/tpu': props.tpuChips } : {};
  const container: ModelServiceContainer = {
    name: 'vllm',
    image: props.image,
    ...props.start,
    env: [POD_IP_ENV, ...tpuKvEnv()],
    ports: [
      { containerPort: props.vllmPort, name: 'vllm', protocol: 'TCP' },
      { containerPort: 9100, name: 'tpu-kv-transfer', protocol: 'TCP' },
      { containerPort: 9600, name: props.coordinationPortName, protocol: 'TCP' },
    ],
    // Without an explicit google.com/tpu the chart fills it from the tensor parallel size.
    resources: { limits: { memory: '64Gi', cpu: '16', ...tpu }, requests: { memory: '64Gi', cpu: '16', ...tpu } },
    mountModelVolume: true,
    volumeMounts: scratch.volumeMounts,
    ...vllmProbes('vllm'),
  };
  return {
    replicas: props.replicas,
    tensorParallelSize: props.tensorParallelSize,
    nodeSelector: props.nodeSelector,
    podMonitor: { enabled: props.podMonitor, portName: 'vllm', path: '/metrics', interval: '30s' },
    containers: [container],
    volumes: scratch.volumes,
  };
}

/** What the guide's releases take from a stack. */
export interface LlmdGuideServingProps {
  /** Namespace of the releases. */
  readonly namespace: K8sNamespace;
  /** TPU node pools of the model servers. */
  readonly platform: ITpuPlatform;
  /** The `llm-d-hf-token` Secret. */
  readonly hfToken: TokenSecret;
  /** The cluster network (checked for the proxy-only subnet). */
  readonly network: TpuNetwork;
  /** llm-d release of the charts. */
  readonly llmdRelease: LlmdHelmRelease;
  /** Hugging Face model, also the served name. */
  readonly model: string;
  /** Routing sidecar image of the decode pods. */
  readonly routingSidecarImage: string;
  /** Decode pods. */
  readonly decode: ModelServiceRoleProps;
  /** Prefill pods. */
  readonly prefill: ModelServiceRoleProps;
  /**
   * Endpoint picker resources.
   * @default - the chart's
   */
  readonly eppResources?: ResourceRequirements;
  /**
   * Tracing of the model servers.
   * @default - the chart's (off)
   */
  readonly tracing?: ModelServiceTracing;  /**
   * GatewayClass of the gateway.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * Isolate the namespace with NetworkPolicies (see {@link LlmdGuideStackProps.networkPolicies}).
   * @default false
   */
  readonly networkPolicies?: boolean;
  /**
   * Let the \`gaie-pd\` chart create its endpoint picker PodMonitoring (observability on).
   * @default true
   */
  readonly managedPrometheus?: boolean;
}

/**
 * llm-d's P/D guide on GKE: `infra-pd` (Gateway `infra-pd-inference-gateway`),
 * `gaie-pd` (InferencePool and llm-d scheduler), `ms-pd` (the model and its
 * guide labels from `hf://<model>`, the `nixlv2` routing sidecar on 8000) and
 * the HTTPRoute `llm-d-pd-disaggregation`.
 */
export function llmdGuideServing(scope: Construct, props: LlmdGuideServingProps): PdDisaggregation {
  const { model, llmdRelease } = props;
  if (props.networkPolicies) {
    new NamespaceNetworkPolicy(scope, 'NetworkPolicy', {
      namespace: props.namespace,
      allowFromCidrs: props.network.proxySubnet ? [props.network.proxySubnet.ipCidrRange] : [],
    });
  }
  return new PdDisaggregation(scope, 'PdDisaggregation', {
    namespace: props.namespace,
    platform: props.platform,
    hfToken: props.hfToken,
    gateway: PdGateway.llmdInfra({ releaseName: 'infra-pd', llmdRelease, network: props.network, gatewayClass: props.gatewayClass }),
    router: PdRouter.inferencePool({ releaseName: 'gaie-pd', llmdRelease, eppResources: props.eppResources, managedPrometheus: props.managedPrometheus }),
    modelServers: PdModelServers.modelService({
      releaseName: 'ms-pd',
      llmdRelease,
      modelArtifacts: {
        uri: `hf://${model}`,
        size: '200Gi',
        authSecretName: props.hfToken.name,
        name: model,
        labels: {
          'llm-d.ai/inference-serving': 'true',
          'llm-d.ai/guide': 'pd-disaggregation',
          'llm-d.ai/hardware-variant': 'tpu',
          'llm-d.ai/hardware-vendor': 'google',
          'llm-d.ai/model': model.slice(model.lastIndexOf('/') + 1),
        },
      },
      tracing: props.tracing,
      routingProxy: { image: props.routingSidecarImage, connector: 'nixlv2', secure: false },
      servicePort: 8000,
      decode: props.decode,
      prefill: props.prefill,
    }),
    route: { name: 'llm-d-pd-disaggregation' },
  });
}
