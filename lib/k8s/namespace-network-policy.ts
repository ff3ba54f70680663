import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { parseCidr } from '../util/cidr';
import { pathName } from '../util/path-names';
import { K8sNamespace } from './k8s-namespace';
import { ManifestRelease } from './manifest-release';
import { K8sObject } from './types';

/**
 * Source ranges of Google Cloud load balancer health checks and of the Envoy-based
 * proxies' health probes (GKE "Configure firewall rules" / load balancer health check docs).
 */
export const GCP_HEALTH_CHECK_RANGES: readonly string[] = ['35.191.0.0/16', '130.211.0.0/22'];

/** Props of {@link NamespaceNetworkPolicy}. */
export interface NamespaceNetworkPolicyProps {
  /** Namespace whose pods are isolated. */
  readonly namespace: K8sNamespace;
  /**
   * Client CIDR ranges allowed in besides the namespace's own pods: e.g. the proxy-only
   * subnet of a regional gateway, the VPC ranges of internal load balancer clients.
   * {@link GCP_HEALTH_CHECK_RANGES} are always added.
   * @default []
   */
  readonly allowFromCidrs?: readonly string[];
  /**
   * Helm release name of the carrier chart.
   * @default - from the construct path (`<parent-ids>-<id>`, kebab case, at most 53 characters: a Helm release name)
   */
  readonly releaseName?: string;
  /**
   * Resources to create first.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Ingress isolation of a serving namespace, enforced by GKE Dataplane V2: a default
 * deny of all ingress, then ingress from pods of the same namespace, from the given
 * CIDR ranges and from Google Cloud health checks. Egress is left open (model
 * downloads, image pulls, the metadata server).
 */
export class NamespaceNetworkPolicy extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  public readonly objects: readonly K8sObject[];

  constructor(scope: Construct, id: string, props: NamespaceNetworkPolicyProps) {
    super(scope, id);
    const namespace = props.namespace.name;
    const cidrs = [...(props.allowFromCidrs ?? []), ...GCP_HEALTH_CHECK_RANGES];
    for (const c of cidrs) if (!Token.isUnresolved(c)) parseCidr('NetworkPolicy source range', c);
    const policy = (name: string, spec: Record<string, unknown>): K8sObject => ({
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec,
    });
    this.objects = [
      policy('default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] }),
      policy('allow-same-namespace', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }),
      policy('allow-load-balancers', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: cidrs.map((cidr) => ({ ipBlock: { cidr } })) }] }),
    ];
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.namespace.cluster,
      releaseName: props.releaseName ?? pathName(this, 53),
      namespace,
      objects: this.objects,
      dependsOn: [props.namespace, ...(props.dependsOn ?? [])],
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
