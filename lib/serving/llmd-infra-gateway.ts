import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { HelmChartRelease } from '../k8s/helm-chart-release';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { TpuNetwork } from '../network/tpu-network';
import { checkProxySubnet, GkeGatewayClass, IInferenceGateway } from './inference-gateway';
import { LlmdHelmRelease, LLMD_INFRA_REPOSITORY } from './llmd-release';

/** Props of {@link LlmdInfraGateway}. */
export interface LlmdInfraGatewayProps {
  /** Namespace of the release and the Gateway. */
  readonly namespace: K8sNamespace;
  /**
   * Helm release name; the Gateway is named `<release>-inference-gateway`.
   * @default "infra-pd"
   */
  readonly releaseName?: string;
  /**
   * llm-d release whose `llm-d-infra` chart version is installed.
   * @default LlmdHelmRelease.V0_6 (chart v1.4.0)
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * The cluster's network, checked for the proxy-only subnet the regional class needs.
   * @default - not checked
   */
  readonly network?: TpuNetwork;
  /**
   * Resources to create first.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The `llm-d-infra` chart with llm-d's GKE gateway settings: a Gateway of
 * class `gke-l7-regional-external-managed` (the only GKE provider the chart
 * renders) with an HTTP listener on port 80 for routes from every namespace.
 */
export class LlmdInfraGateway extends Construct implements IInferenceGateway {
  public readonly release: HelmChartRelease;
  public readonly gatewayName: string;
  public readonly namespace: string;
  public readonly gatewayClass = GkeGatewayClass.L7_REGIONAL_EXTERNAL_MANAGED;

  constructor(scope: Construct, id: string, props: LlmdInfraGatewayProps) {
    super(scope, id);
    const releaseName = props.releaseName ?? 'infra-pd';
    checkProxySubnet(this.gatewayClass, props.network);
    this.namespace = props.namespace.name;
    this.gatewayName = `${releaseName}-inference-gateway`;
    this.release = new HelmChartRelease(this, 'Release', {
      releaseName,
      chart: 'llm-d-infra',
      repository: LLMD_INFRA_REPOSITORY,
      version: (props.llmdRelease ?? LlmdHelmRelease.V0_6).infraChart,
      namespace: this.namespace,
      createNamespace: false,
      values: {
        gateway: {
          provider: this.gatewayClass.name,
          listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
        },
      },
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
