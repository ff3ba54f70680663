import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { HelmChartRelease } from '../../k8s/helm-chart-release';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ITpuNetwork } from '../../network/tpu-network';
import { checkProxySubnet, GkeGatewayClass, IInferenceGateway } from './inference-gateway';
import { LlmdHelmRelease, LLMD_INFRA_REPOSITORY } from './llmd-release';
import { pathName } from '../../util/path-names';

/**
 * The GKE provider value of the `llm-d-infra` chart (v1.4.0 `gateway.provider` enum);
 * the chart writes `gateway.gatewayClassName` into the Gateway when it is set.
 */
export const LLMD_INFRA_GKE_PROVIDER = 'gke-l7-regional-external-managed';

/** Props of {@link LlmdInfraGateway}. */
export interface LlmdInfraGatewayProps {
  /** Namespace of the release and the Gateway. */
  readonly namespace: K8sNamespace;
  /**
   * Helm release name; the Gateway is named `<release>-inference-gateway`.
   * @default - derived from the construct path (e.g. `serving-gateway`), unique in the stack
   */
  readonly releaseName?: string;
  /**
   * llm-d release whose `llm-d-infra` chart version is installed.
   * @default LlmdHelmRelease.V0_6 (chart v1.4.0)
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * GatewayClass of the Gateway. The chart renders GKE gateways through its one GKE
   * provider (`gke-l7-regional-external-managed`) and writes `gatewayClassName` as given,
   * so the internal class works with it. The guides use the external class; the
   * default keeps the plain-HTTP, unauthenticated endpoint inside the VPC.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * Namespaces whose HTTPRoutes may attach to the listener.
   * @default "Same" (the guides allow "All")
   */
  readonly allowRoutesFrom?: 'Same' | 'All';
  /**
   * The cluster's network, checked for the proxy-only subnet the regional class needs.
   * @default - not checked
   */
  readonly network?: ITpuNetwork;
  /**
   * Resources to create first.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The `llm-d-infra` chart with llm-d's GKE gateway settings: the chart's GKE
 * provider (`gke-l7-regional-external-managed`, the only one it renders) with an
 * HTTP listener on port 80. The Gateway's class is `gke-l7-rilb` (internal) by
 * default and routes attach from the Gateway's own namespace only.
 */
export class LlmdInfraGateway extends Construct implements IInferenceGateway {
  public readonly release: HelmChartRelease;
  public readonly gatewayName: string;
  public readonly namespace: string;
  public readonly gatewayClass: GkeGatewayClass;

  constructor(scope: Construct, id: string, props: LlmdInfraGatewayProps) {
    super(scope, id);
    const releaseName = props.releaseName ?? pathName(this, 63 - '-inference-gateway'.length);
    this.gatewayClass = props.gatewayClass ?? GkeGatewayClass.L7_RILB;
    checkProxySubnet(this.gatewayClass, props.network);
    this.namespace = props.namespace.name;
    this.gatewayName = `${releaseName}-inference-gateway`;
    this.release = new HelmChartRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName,
      chart: 'llm-d-infra',
      repository: LLMD_INFRA_REPOSITORY,
      version: (props.llmdRelease ?? LlmdHelmRelease.V0_6).infraChart,
      namespace: this.namespace,
      createNamespace: false,
      values: {
        gateway: {
          provider: LLMD_INFRA_GKE_PROVIDER,
          gatewayClassName: this.gatewayClass.name,
          listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: props.allowRoutesFrom ?? 'Same' } } }],
        },
      },
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
