import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { HelmChartRelease } from '../../k8s/helm-chart-release';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { Labels, ResourceRequirements } from '../../k8s/types';
import { EndpointPickerConfig, INFERENCE_SCHEDULER_PD_PICKER, renderEndpointPickerConfig } from './endpoint-picker-config';
import { checkPdPicker, IInferenceRouter } from './inference-router';
import { ChartImage, GAIE_CHART_REPOSITORY, LlmdHelmRelease } from './llmd-release';
import { pathName } from '../../util/path-names';

/** Props of {@link GaieInferencePool}. */
export interface GaieInferencePoolProps {
  /** Namespace of the release. */
  readonly namespace: K8sNamespace;
  /**
   * Helm release name; also the InferencePool name.
   * @default - derived from the construct path (e.g. `serving-router`), unique in the stack
   */
  readonly releaseName?: string;
  /**
   * llm-d release: the `inferencepool` chart version and the scheduler image.
   * @default LlmdHelmRelease.V0_6 (chart v1.4.0, scheduler v0.7.0)
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * Endpoint picker image.
   * @default - the llm-d release's inference scheduler
   */
  readonly image?: ChartImage;
  /**
   * Pod labels the InferencePool selects.
   * @default { "llm-d.ai/inference-serving": "true", "llm-d.ai/guide": "pd-disaggregation" }
   */
  readonly selector?: Labels;
  /**
   * Model server port.
   * @default 8000
   */
  readonly targetPort?: number;
  /**
   * Endpoint picker configuration.
   * @default INFERENCE_SCHEDULER_PD_PICKER
   */
  readonly pickerConfig?: EndpointPickerConfig;
  /**
   * Endpoint picker resources.
   * @default - the chart's (4 CPUs, 8 GiB requested)
   */
  readonly eppResources?: ResourceRequirements;
  /**
   * Scrape the endpoint picker with Google Cloud Managed Service for Prometheus
   * (the chart creates a PodMonitoring and a metrics-reader service account
   * token when the provider is `gke`; the cluster needs managed Prometheus).
   * @default true
   */
  readonly managedPrometheus?: boolean;
  /**
   * Resources to create first (e.g. the Gateway release).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The Gateway API Inference Extension `inferencepool` chart with llm-d's P/D
 * endpoint picker (`gaie-pd` of the llm-d guide): the llm-d inference scheduler
 * as EPP, the InferencePool over the model servers, and GKE's health check and
 * backend policies for the pool.
 */
export class GaieInferencePool extends Construct implements IInferenceRouter {
  public readonly release: HelmChartRelease;
  public readonly poolName: string;
  public readonly selector: Labels;
  public readonly targetPort: number;
  public readonly routeName = undefined;

  constructor(scope: Construct, id: string, props: GaieInferencePoolProps) {
    super(scope, id);
    const releaseName = props.releaseName ?? pathName(this, 53);
    const llmd = props.llmdRelease ?? LlmdHelmRelease.V0_6;
    const picker = props.pickerConfig ?? INFERENCE_SCHEDULER_PD_PICKER;
    checkPdPicker(`InferencePool "${releaseName}"`, picker);
    this.poolName = releaseName;
    this.selector = props.selector ?? { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/guide': 'pd-disaggregation' };
    this.targetPort = props.targetPort ?? 8000;
    const configFile = 'pd-config.yaml';
    const image = props.image ?? llmd.scheduler;
    this.release = new HelmChartRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName,
      chart: 'inferencepool',
      repository: GAIE_CHART_REPOSITORY,
      version: llmd.inferencePoolChart,
      namespace: props.namespace.name,
      createNamespace: false,
      values: {
        inferenceExtension: {
          replicas: 1,
          image: { name: image.name, hub: image.hub, tag: image.tag, pullPolicy: 'Always' },
          extProcPort: 9002,
          pluginsConfigFile: configFile,
          pluginsCustomConfig: { [configFile]: renderEndpointPickerConfig(picker) },
          ...(props.eppResources ? { resources: props.eppResources } : {}),
          tracing: { enabled: false },
          monitoring: {
            interval: '10s',
            prometheus: { enabled: props.managedPrometheus ?? true, auth: { secretName: 'pd-gateway-sa-metrics-reader-secret' } },
          },
        },
        inferencePool: {
          targetPorts: [{ number: this.targetPort }],
          // The chart's GKE health check policy probes this port.
          targetPortNumber: this.targetPort,
          modelServerType: 'vllm',
          modelServers: { matchLabels: { ...this.selector } },
        },
        provider: { name: 'gke' },
      },
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
