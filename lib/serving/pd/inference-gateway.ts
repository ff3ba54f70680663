import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { gateway } from '../../k8s/gateway-api';
import { K8sNamespace } from '../../k8s/k8s-namespace';
import { ManifestRelease } from '../../k8s/manifest-release';
import { ITpuNetwork } from '../../network/tpu-network';
import { NameRules, validateName } from '../../util/names';
import { pathName } from '../../util/path-names';

/** GKE GatewayClasses an inference gateway can use. */
export class GkeGatewayClass {
  /** Regional internal Application Load Balancer: reachable only from inside the VPC; needs a proxy-only subnet. */
  public static readonly L7_RILB = new GkeGatewayClass('gke-l7-rilb', true, true);
  /** Regional external Application Load Balancer: internet-facing; needs a proxy-only subnet. */
  public static readonly L7_REGIONAL_EXTERNAL_MANAGED = new GkeGatewayClass('gke-l7-regional-external-managed', true, false);
  /** Global external Application Load Balancer. */
  public static readonly L7_GLOBAL_EXTERNAL_MANAGED = new GkeGatewayClass('gke-l7-global-external-managed', false, false);

  private constructor(
    /** The GatewayClass name. */
    public readonly name: string,
    /** Regional classes run Envoy proxies in the region's proxy-only subnet. */
    public readonly needsProxySubnet: boolean,
    /** True when the address is internal to the VPC. */
    public readonly internal: boolean,
  ) {}

  public toString(): string {
    return this.name;
  }
}

/** The Gateway inference traffic enters through. */
export interface IInferenceGateway extends ITerraformDependable {
  /** Gateway object name. */
  readonly gatewayName: string;
  /** Namespace of the Gateway. */
  readonly namespace: string;
  /** GatewayClass of the Gateway. */
  readonly gatewayClass: GkeGatewayClass;
}

/** Throws PROXY_SUBNET_REQUIRED when a regional class runs on a network without proxy-only subnet. */
export function checkProxySubnet(gatewayClass: GkeGatewayClass, network: ITpuNetwork | undefined): void {
  if (gatewayClass.needsProxySubnet && network && network.proxySubnetCidr === undefined) throw Errors.proxySubnetRequired(gatewayClass.name);
}

/** Props of {@link InferenceGateway}. */
export interface InferenceGatewayProps {
  /** Namespace of the Gateway. */
  readonly namespace: K8sNamespace;
  /**
   * Gateway name.
   * @default - derived from the construct path (e.g. `serving-gateway`), unique in the stack
   */
  readonly name?: string;
  /**
   * GatewayClass.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * HTTP listener port.
   * @default 80
   */
  readonly port?: number;
  /**
   * The cluster's network, checked for the proxy-only subnet regional classes need.
   * @default - not checked
   */
  readonly network?: ITpuNetwork;
  /**
   * Namespaces whose HTTPRoutes may attach to the listener.
   * @default "Same" (llm-d's recipe allows "All")
   */
  readonly allowRoutesFrom?: 'Same' | 'All';
  /**
   * Helm release name of the carrier chart.
   * @default - the Gateway name
   */
  readonly releaseName?: string;
  /**
   * Resources to create first (besides the namespace).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * A Gateway object (llm-d's gateway recipe): one HTTP listener, named
 * `default`, that accepts routes from the Gateway's namespace (the recipe: every namespace). GKE manages the Gateway
 * API CRDs when the cluster enables the Gateway API.
 */
export class InferenceGateway extends Construct implements IInferenceGateway {
  public readonly release: ManifestRelease;
  public readonly gatewayName: string;
  public readonly namespace: string;
  public readonly gatewayClass: GkeGatewayClass;

  constructor(scope: Construct, id: string, props: InferenceGatewayProps) {
    super(scope, id);
    this.gatewayName = validateName(NameRules.K8S_DNS_SUBDOMAIN, props.name ?? pathName(this, 53), 'Gateway');
    this.gatewayClass = props.gatewayClass ?? GkeGatewayClass.L7_RILB;
    this.namespace = props.namespace.name;
    checkProxySubnet(this.gatewayClass, props.network);
    const port = props.port ?? 80;
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw Errors.outOfRange(`Gateway "${this.gatewayName}" listener port`, port, '1 to 65535', 'use port 80 for HTTP');
    }
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: props.releaseName ?? this.gatewayName,
      namespace: this.namespace,
      objects: [gateway({
        name: this.gatewayName,
        namespace: this.namespace,
        gatewayClassName: this.gatewayClass.name,
        listeners: [{ name: 'default', port, protocol: 'HTTP', allowRoutesFrom: props.allowRoutesFrom ?? 'Same' }],
      })],
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
      // A Gateway has no readiness Helm waits on; GKE programs the load balancer afterwards.
      wait: false,
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
