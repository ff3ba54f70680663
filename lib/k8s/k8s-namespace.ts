import { Construct } from 'constructs';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { NameRules, validateName } from '../util/names';
import { claimUniqueName } from '../util/unique-names';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ClusterProviders } from './cluster-providers';

/** Props of {@link K8sNamespace}. */
export interface K8sNamespaceProps {
  /** Namespace name (a literal or a Terraform variable). */
  readonly name: string;
  /**
   * Cluster the namespace is created on; constructs given the namespace deploy there.
   * @default - the stack's only cluster with providers (an error when it has several)
   */
  readonly cluster?: IGkeCluster;
  /**
   * Labels.
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Leave Kubernetes' own namespaces (`default`, `kube-system`, `kube-public`,
   * `kube-node-lease`) alone: they always exist, so creating them would fail. A
   * name only known at plan time is checked then (`count`).
   * @default false
   */
  readonly adoptBuiltIn?: boolean;
}

/** Namespaces every Kubernetes cluster has from the start. */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** A Kubernetes namespace on one cluster of the stack (`kubernetes_namespace_v1`). */
export class K8sNamespace extends Construct implements ITerraformDependable {
  public readonly resource: NamespaceV1;
  /** The namespace name (resolves through the resource, so dependents wait for it). */
  public readonly name: string;
  /** The cluster the namespace is on. */
  public readonly cluster: IGkeCluster;

  constructor(scope: Construct, id: string, props: K8sNamespaceProps) {
    super(scope, id);
    validateName(NameRules.K8S_DNS_LABEL, props.name, 'Kubernetes namespace');
    const providers = ClusterProviders.forTarget(this, { what: `Kubernetes namespace ${this.node.path}`, cluster: props.cluster });
    this.cluster = providers.cluster;
    claimUniqueName(providers, '', 'the cluster', 'Kubernetes namespace', props.name, this.node.path);
    this.resource = new NamespaceV1(this, 'Namespace', {
      provider: providers.kubernetes,
      metadata: { name: props.name, labels: props.labels ? { ...props.labels } : undefined },
      dependsOn: [...providers.baseDependencies],
      count: props.adoptBuiltIn ? builtInCount(props.name) : undefined,
    });
    this.name = props.name;
  }

  public get fqn(): string {
    return this.resource.fqn;
  }
}

/** 0 for a built-in namespace, else 1; decided at plan time for a token. */
function builtInCount(name: string): number | undefined {
  if (!Token.isUnresolved(name)) return BUILT_IN_NAMESPACES.includes(name) ? 0 : undefined;
  return Token.asNumber(Fn.conditional(Fn.contains([...BUILT_IN_NAMESPACES], name), 0, 1));
}
