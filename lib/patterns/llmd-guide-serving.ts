/**
 * llm-d's prefill/decode guide on GKE as a pattern: the cluster the guide asks
 * for ({@link LlmdGuideCluster}) and the guide's releases — the `llm-d-infra`
 * Gateway, the GAIE InferencePool with llm-d's scheduler, the
 * `llm-d-modelservice` prefill and decode Deployments — plus the HTTPRoute
 * ({@link LlmdGuideServing}). Model settings come from a {@link ModelProfile};
 * names derive from the construct path unless given.
 */
import { Construct } from 'constructs';
import { IResolvable } from 'cdktf';
import { GkeAddon } from '../gke/gke-addon';
import { GkeCluster, ReleaseChannel } from '../gke/gke-cluster';
import { GkeFeatureVersions } from '../gke/gke-version';
import { GkeVersionSelection } from '../gke/gke-version-selection';
import { ITpuPlatform } from '../gke/tpu-platform';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { NamespaceNetworkPolicy } from '../k8s/namespace-network-policy';
import { TokenSecret } from '../k8s/token-secret';
import { Labels, ResourceRequirements } from '../k8s/types';
import { ITpuNetwork, TpuNetwork } from '../network/tpu-network';
import { GkeGatewayClass } from '../serving/pd/inference-gateway';
import { LlmdHelmRelease } from '../serving/pd/llmd-release';
import { ModelServiceContainer, ModelServiceRoleProps, ModelServiceTracing } from '../serving/pd/llmd-model-service';
import { PdDisaggregation, PdGateway, PdModelServers, PdRouter } from '../serving/pd/pd-disaggregation';
import { ModelProfile } from '../serving/model-profile';
import { mergeVllmFlags, vllmArgv } from '../serving/vllm-flags';
import { KvRole, POD_IP_ENV, tpuKvEnv, vllmProbes, vllmScratch } from '../serving/vllm-tpu';
import { NameRules, validateName } from '../util/names';
import { childPathName } from '../util/path-names';

/** The description of the gateway address output for `gatewayClass`. */
export function gatewayAddressDescription(gatewayClass: GkeGatewayClass): string {
  return gatewayClass.internal
    ? 'Prints the internal IP of the inference gateway (plain HTTP, reachable from inside the VPC only).'
    : 'Prints the external IP of the inference gateway (plain HTTP, reachable from the internet: restrict it with a Cloud Armor policy or use GkeGatewayClass.L7_RILB).';
}

/** Props of {@link LlmdGuideCluster}. */
export interface LlmdGuideClusterProps {
  /** Project ID. */
  readonly project: string;
  /** Region of the (regional) cluster. */
  readonly region: string;
  /** Network and subnetwork of the cluster (the regional gateway also needs a proxy-only subnet). */
  readonly network: ITpuNetwork;
  /** Cluster name (1-40 lowercase letters, digits, hyphens). */
  readonly name: string;
  /**
   * Release channel.
   * @default ReleaseChannel.REGULAR (GKE's default channel)
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * GKE version; it must reach GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD (GKE installs the InferencePool CRD),
   * which a Terraform precondition checks.
   * @default GkeVersionSelection.channelDefault()
   */
  readonly version?: GkeVersionSelection;
  /**
   * Machine type of the system nodes (one per zone).
   * @default "e2-standard-8" (room for the endpoint picker's 4 CPUs next to GKE's system pods)
   */
  readonly systemMachineType?: string;
  /**
   * Add-ons.
   * @default [GkeAddon.HTTP_LOAD_BALANCING] (the GKE Gateway controller needs it)
   */
  readonly addons?: readonly GkeAddon[];
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
  /**
   * Terraform deletion protection.
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
}

/**
 * A regional Standard cluster as llm-d's GKE guide asks for it: Gateway API,
 * managed Prometheus, Workload Identity, VPC-native on the given subnetwork, and
 * a GKE version that installs the InferencePool CRD. The stack configures its
 * Kubernetes and Helm providers.
 */
export class LlmdGuideCluster extends GkeCluster {
  constructor(scope: Construct, id: string, props: LlmdGuideClusterProps) {
    super(scope, id, {
      name: props.name,
      project: props.project,
      location: props.region,
      network: props.network.networkId,
      subnetwork: props.network.subnetworkId,
      podsRangeName: props.network.podsRangeName,
      servicesRangeName: props.network.servicesRangeName,
      releaseChannel: props.releaseChannel ?? ReleaseChannel.REGULAR,
      version: props.version,
      systemNodePool: { machineType: props.systemMachineType ?? 'e2-standard-8', nodeCountPerZone: 1 },
      addons: props.addons ?? [GkeAddon.HTTP_LOAD_BALANCING],
      gatewayApi: true,
      managedPrometheus: true,
      autoMonitoringScope: props.autoMonitoringScope,
      dataplaneV2: props.dataplaneV2,
      dataplaneV2Metrics: props.dataplaneV2,
      workloadIdentity: true,
      deletionProtection: props.deletionProtection,
    });
    // The guide installs no InferencePool CRD: GKE does, from this version on.
    this.requireVersion('the GKE-managed InferencePool CRD (inference.networking.k8s.io/v1)', GkeFeatureVersions.MANAGED_INFERENCE_POOL_CRD);
  }
}

/** One side of the model service in llm-d's TPU values ({@link LlmdGuideServing.vllmRole}). */
export interface LlmdGuideRoleProps {
  /** Pods (one model replica each). */
  readonly replicas: number;
  /** vLLM tensor parallel size. */
  readonly tensorParallelSize: number;
  /** Node selector (TPU accelerator and topology). */
  readonly nodeSelector: Labels;
  /**
   * Create the role's PodMonitor (needs the Prometheus Operator CRDs).
   * @default false
   */
  readonly podMonitor?: boolean;
  /** vLLM TPU image. */
  readonly image: string;
  /** How vLLM starts: the chart's `vllm serve` plus `args`, or the role's own `command`. */
  readonly start: { readonly modelCommand: 'vllmServe'; readonly args: readonly string[] }
  | { readonly modelCommand: 'custom'; readonly command: readonly string[] };
  /**
   * Port of the vLLM container (`vllm`).
   * @default 8000
   */
  readonly vllmPort?: number;
  /**
   * Name of the P/D coordination port 9600.
   * @default "tpu-pd-coord"
   */
  readonly coordinationPortName?: string;
  /**
   * TPU chips per pod (`google.com/tpu`).
   * @default - derived by the chart from the tensor parallel size
   */
  readonly tpuChips?: string;
}

/** Props of {@link LlmdGuideServing}. */
export interface LlmdGuideServingProps {
  /** Namespace of the releases. */
  readonly namespace: K8sNamespace;
  /** TPU node pools of the model servers. */
  readonly platform: ITpuPlatform;
  /** The Hugging Face token Secret (key `HF_TOKEN`). */
  readonly hfToken: TokenSecret;
  /** The cluster network (checked for the proxy-only subnet). */
  readonly network: TpuNetwork;
  /**
   * The model: a {@link ModelProfile} or a Hugging Face model id (generic profile).
   * Its id is the served name and the `llm-d.ai/model` label.
   */
  readonly model: ModelProfile | string;
  /** Decode pods (e.g. from {@link LlmdGuideServing.vllmRole}). */
  readonly decode: ModelServiceRoleProps;
  /** Prefill pods. */
  readonly prefill: ModelServiceRoleProps;
  /**
   * llm-d release of the charts.
   * @default LlmdHelmRelease.V0_6
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * Routing sidecar image of the decode pods.
   * @default - the llm-d release's
   */
  readonly routingSidecarImage?: string;
  /**
   * Size of the model volume the chart creates.
   * @default "200Gi"
   */
  readonly modelSize?: string;
  /**
   * Endpoint picker resources.
   * @default - the chart's
   */
  readonly eppResources?: ResourceRequirements;
  /**
   * Tracing of the model servers.
   * @default - the chart's (off)
   */
  readonly tracing?: ModelServiceTracing;
  /**
   * GatewayClass of the gateway.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * Isolate the namespace with NetworkPolicies: ingress only from its own pods, the
   * gateway's proxy-only subnet and Google Cloud health checks (Dataplane V2 enforces them).
   * @default false
   */
  readonly networkPolicies?: boolean;
  /**
   * Let the InferencePool chart create its endpoint picker PodMonitoring.
   * @default true
   */
  readonly managedPrometheus?: boolean;
  /**
   * Prefix of the default release and route names (a DNS label of at most 50 characters).
   * @default - derived from the construct path (e.g. `serving`)
   */
  readonly namePrefix?: string;
  /**
   * Release of the `llm-d-infra` chart (its Gateway is `<name>-inference-gateway`).
   * @default - `<namePrefix>-infra`
   */
  readonly gatewayReleaseName?: string;
  /**
   * Release of the `inferencepool` chart.
   * @default - `<namePrefix>-gaie`
   */
  readonly routerReleaseName?: string;
  /**
   * Release of the `llm-d-modelservice` chart.
   * @default - `<namePrefix>-ms`
   */
  readonly modelServiceReleaseName?: string;
  /**
   * Name of the HTTPRoute.
   * @default - `<namePrefix>`
   */
  readonly routeName?: string;
}

/**
 * llm-d's P/D guide on GKE: the `llm-d-infra` Gateway, the `inferencepool`
 * release (InferencePool and llm-d scheduler), the `llm-d-modelservice` release
 * (the model from `hf://<model>` with the guide's labels, the `nixlv2` routing
 * sidecar on 8000) and the HTTPRoute; optionally NetworkPolicies for the
 * namespace. Two instances in one namespace get different names by default.
 */
export class LlmdGuideServing extends PdDisaggregation {
  /**
   * A model service role as llm-d's TPU values write it: the vLLM container with
   * `POD_IP` and the KV ports (9100 transfer, 9600 coordination), 64Gi / 16 CPUs,
   * the model volume, the guide's probes and scratch volumes (16Gi `/dev/shm`).
   */
  public static vllmRole(props: LlmdGuideRoleProps): ModelServiceRoleProps {
    const scratch = vllmScratch('16Gi');
    const tpu: Record<string, string> = props.tpuChips !== undefined ? { 'google.com/tpu': props.tpuChips } : {};
    const vllmPort = props.vllmPort ?? 8000;
    const container: ModelServiceContainer = {
      name: 'vllm',
      image: props.image,
      ...props.start,
      env: [POD_IP_ENV, ...tpuKvEnv()],
      ports: [
        { containerPort: vllmPort, name: 'vllm', protocol: 'TCP' },
        { containerPort: 9100, name: 'tpu-kv-transfer', protocol: 'TCP' },
        { containerPort: 9600, name: props.coordinationPortName ?? 'tpu-pd-coord', protocol: 'TCP' },
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
      podMonitor: { enabled: props.podMonitor ?? false, portName: 'vllm', path: '/metrics', interval: '30s' },
      containers: [container],
      volumes: scratch.volumes,
    };
  }

  /**
   * The arguments the chart appends to `vllm serve` (argv form): tensor
   * parallelism and the model's KV connector first, then `deploymentArgs`, then
   * the model profile's flags. A flag given twice is an error.
   */
  public static vllmServeArgs(profile: ModelProfile, kvRole: KvRole, tensorParallelSize: number, deploymentArgs: readonly string[] = []): string[] {
    return vllmArgv(mergeVllmFlags([
      { source: 'LlmdGuideServing', args: [`--tensor-parallel-size=${tensorParallelSize}`, `--kv-transfer-config=${profile.kvConnector.transferConfig(kvRole, '$(POD_IP)')}`] },
      { source: 'the deployment', args: deploymentArgs },
      { source: profile.source, args: [...profile.limitArgs, ...profile.modelArgs] },
    ]));
  }

  /** The model's profile (a generic one when a bare model id was given). */
  public readonly profile: ModelProfile;
  /** Undefined unless `networkPolicies` is set. */
  public readonly networkPolicy?: NamespaceNetworkPolicy;

  constructor(scope: Construct, id: string, props: LlmdGuideServingProps) {
    const profile = ModelProfile.of(props.model);
    const prefix = validateName(NameRules.K8S_DNS_LABEL, props.namePrefix ?? childPathName(scope, id, 50), 'LlmdGuideServing namePrefix');
    const llmdRelease = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const model = profile.modelId;
    super(scope, id, {
      namespace: props.namespace,
      platform: props.platform,
      hfToken: props.hfToken,
      gateway: PdGateway.llmdInfra({
        releaseName: props.gatewayReleaseName ?? `${prefix}-infra`, llmdRelease, network: props.network, gatewayClass: props.gatewayClass,
      }),
      router: PdRouter.inferencePool({
        releaseName: props.routerReleaseName ?? `${prefix}-gaie`, llmdRelease, eppResources: props.eppResources, managedPrometheus: props.managedPrometheus,
      }),
      modelServers: PdModelServers.modelService({
        releaseName: props.modelServiceReleaseName ?? `${prefix}-ms`,
        llmdRelease,
        modelArtifacts: {
          uri: `hf://${model}`,
          size: props.modelSize ?? '200Gi',
          authSecretName: props.hfToken.name,
          name: model,
          labels: {
            'llm-d.ai/inference-serving': 'true',
            'llm-d.ai/guide': 'pd-disaggregation',
            'llm-d.ai/hardware-variant': 'tpu',
            'llm-d.ai/hardware-vendor': 'google',
            'llm-d.ai/model': profile.shortName,
          },
        },
        tracing: props.tracing,
        routingProxy: { image: props.routingSidecarImage ?? llmdRelease.routingSidecarImage, connector: 'nixlv2', secure: false },
        servicePort: 8000,
        decode: props.decode,
        prefill: props.prefill,
      }),
      route: { name: props.routeName ?? prefix },
    });
    this.profile = profile;
    if (props.networkPolicies) {
      this.networkPolicy = new NamespaceNetworkPolicy(this, 'NetworkPolicy', {
        namespace: props.namespace,
        allowFromCidrs: props.network.proxySubnet ? [props.network.proxySubnet.ipCidrRange] : [],
      });
    }
  }
}
