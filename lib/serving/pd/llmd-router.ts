import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { HelmChartRelease } from '../../k8s/helm-chart-release';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { Labels, ResourceRequirements } from '../../k8s/types';
import { EndpointPickerConfig, LLMD_ROUTER_PD_PICKER, renderEndpointPickerConfig } from './endpoint-picker-config';
import { IInferenceGateway } from './inference-gateway';
import { checkPdPicker, EPP_DEFAULT_RESOURCES, IInferenceRouter } from './inference-router';
import { LLMD_ROUTER_CHART_REPOSITORY } from './llmd-release';
import { pathName } from '../../util/path-names';

/**
 * The llm-d router chart release pinned here. The seed installs the floating
 * `llm-d-router-gateway-dev` chart at `v0`; v0.10.0 is the newest release tag of
 * llm-d/llm-d-router, published as `llm-d-router-gateway` with the same version
 * and the endpoint picker image `ghcr.io/llm-d/llm-d-router-endpoint-picker:v0.10.0`.
 */
export const LLMD_ROUTER_CHART_VERSION = 'v0.10.0';

/** Label selecting the pods of llm-d's P/D guide. */
export const PD_GUIDE_LABEL = 'llm-d.ai/guide';

/** Props of {@link LlmdRouter}. */
export interface LlmdRouterProps {
  /** Namespace of the release. */
  readonly namespace: K8sNamespace;
  /** Gateway the chart's HTTPRoute attaches to. */
  readonly gateway: IInferenceGateway;
  /**
   * Helm release name; also the name of the InferencePool and the HTTPRoute.
   * @default - derived from the construct path (e.g. `serving-router`), unique in the stack
   */
  readonly releaseName?: string;
  /**
   * `llm-d-router-gateway` chart version.
   * @default LLMD_ROUTER_CHART_VERSION ("v0.10.0")
   */
  readonly version?: string;
  /**
   * Pod labels the InferencePool selects.
   * @default { "llm-d.ai/guide": "pd-disaggregation" }
   */
  readonly selector?: Labels;
  /**
   * Port of the model servers (the decode routing sidecar, the prefill vLLM).
   * @default 8000
   */
  readonly targetPort?: number;
  /**
   * Endpoint picker configuration.
   * @default LLMD_ROUTER_PD_PICKER
   */
  readonly pickerConfig?: EndpointPickerConfig;
  /**
   * Endpoint picker replicas. The P/D profile keeps in-flight token counts per
   * process, so more replicas would each see part of the load.
   * @default 1
   */
  readonly eppReplicas?: number;
  /**
   * Endpoint picker log verbosity.
   * @default 2
   */
  readonly eppLogVerbosity?: number;
  /**
   * Endpoint picker resources.
   * @default EPP_DEFAULT_RESOURCES
   */
  readonly eppResources?: ResourceRequirements;
  /**
   * HTTPRoute request timeout for non-GKE providers (`0s`: the provider's maximum).
   * @default "0s"
   */
  readonly requestTimeout?: string;
  /**
   * Scrape the endpoint picker with Google Cloud Managed Service for Prometheus:
   * the chart (monitoring provider `gmp`) creates a PodMonitoring named after the
   * release, a metrics-reader service account and its token Secret. The cluster
   * needs managed collection.
   * @default false
   */
  readonly managedPrometheus?: boolean;
  /**
   * Resources to create first (e.g. the InferencePool CRD).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The llm-d router in gateway mode (`llm-d-router-gateway` chart): the endpoint
 * picker, the InferencePool over the model servers, GKE health check and backend
 * policies for the pool, and the HTTPRoute from the Gateway to the pool.
 */
export class LlmdRouter extends Construct implements IInferenceRouter {
  public readonly release: HelmChartRelease;
  public readonly poolName: string;
  public readonly routeName: string;
  public readonly selector: Labels;
  public readonly targetPort: number;

  constructor(scope: Construct, id: string, props: LlmdRouterProps) {
    super(scope, id);
    const releaseName = props.releaseName ?? pathName(this, 53);
    const picker = props.pickerConfig ?? LLMD_ROUTER_PD_PICKER;
    checkPdPicker(`llm-d router "${releaseName}"`, picker);
    this.poolName = releaseName;
    this.routeName = releaseName;
    this.selector = props.selector ?? { [PD_GUIDE_LABEL]: 'pd-disaggregation' };
    this.targetPort = props.targetPort ?? 8000;
    const configFile = 'pd-config.yaml';
    this.release = new HelmChartRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName,
      chart: 'llm-d-router-gateway',
      repository: LLMD_ROUTER_CHART_REPOSITORY,
      version: props.version ?? LLMD_ROUTER_CHART_VERSION,
      namespace: props.namespace.name,
      createNamespace: false,
      values: {
        router: {
          epp: {
            replicas: props.eppReplicas ?? 1,
            flags: { v: props.eppLogVerbosity ?? 2 },
            pluginsConfigFile: configFile,
            pluginsCustomConfig: { [configFile]: renderEndpointPickerConfig(picker) },
            resources: props.eppResources ?? EPP_DEFAULT_RESOURCES,
          },
          inferencePool: { failureMode: 'FailOpen' },
          ...(props.managedPrometheus ? { monitoring: { provider: { name: 'gmp' }, prometheus: { enabled: true } } } : {}),
          modelServers: {
            type: 'vllm',
            protocol: 'http',
            targetPorts: [{ number: this.targetPort }],
            matchLabels: { ...this.selector },
          },
        },
        provider: { name: 'gke' },
        httpRoute: {
          create: true,
          inferenceGatewayName: props.gateway.gatewayName,
          ...(props.gateway.namespace !== props.namespace.name ? { inferenceGatewayNamespace: props.gateway.namespace } : {}),
          requestTimeout: props.requestTimeout ?? '0s',
        },
      },
      dependsOn: [props.namespace, props.gateway, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
