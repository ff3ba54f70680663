import { Construct } from 'constructs';
import { ITerraformDependable, Lazy } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';
import { claimUniqueName, namespaceLabel } from '../util/unique-names';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ClusterProviders } from './cluster-providers';
import { ObjectsChart } from './objects-chart';
import { renderYaml } from './render';
import { K8sObject } from './types';

/** Props of {@link ManifestRelease}. */
export interface ManifestReleaseProps {
  /** Helm release name (at most 53 characters). */
  readonly releaseName: string;
  /**
   * Namespace that holds the release record (objects carry their own namespaces).
   * @default "default"
   */
  readonly namespace?: string;
  /**
   * Cluster the objects are shipped to (pass the cluster of the namespace object when there is one).
   * @default - the stack's only cluster with providers (an error when it has several)
   */
  readonly cluster?: IGkeCluster;
  /**
   * Create the release namespace when it does not exist.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Objects to ship; more can be added with {@link ManifestRelease.addObjects}.
   * @default []
   */
  readonly objects?: readonly K8sObject[];
  /**
   * Raw multi-document YAML manifests shipped verbatim (e.g. a pinned upstream
   * release manifest read by {@link RemoteManifest}).
   * @default []
   */
  readonly manifests?: readonly string[];
  /**
   * Resources and releases to create first (and destroy after).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Wait for Deployments/StatefulSets/Jobs in the release to become ready.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * Seconds to wait.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Install and upgrade atomically (Helm's `--atomic`): a failed install is
   * uninstalled and a failed upgrade rolled back, so no half-installed release is
   * left behind. It needs `wait`. Turn it off where a timed-out wait leaves useful
   * work running (a long model download), which a purge would restart.
   * @default - the value of `wait`
   */
  readonly atomic?: boolean;
}

/**
 * Ships Kubernetes objects to the cluster as a release of the project's carrier
 * chart. The objects are YAML text in the release's `values`, so the synthesized
 * JSON can be read and validated offline and every change to an object is a diff
 * in `terraform plan`. Works on a cluster that does not exist yet at plan time
 * (unlike the kubernetes provider's manifest resource, which needs the cluster's API at plan time).
 */
export class ManifestRelease extends Construct implements ITerraformDependable {
  public readonly release: Release;
  public readonly releaseName: string;
  /** The cluster the objects are shipped to. */
  public readonly cluster: IGkeCluster;
  private readonly providers: ClusterProviders;
  private readonly objects: K8sObject[] = [];
  private readonly manifests: string[];

  constructor(scope: Construct, id: string, props: ManifestReleaseProps) {
    super(scope, id);
    validateName(NameRules.HELM_RELEASE, props.releaseName);
    const namespace = props.namespace ?? 'default';
    validateName(NameRules.K8S_DNS_LABEL, namespace, 'Kubernetes namespace');
    this.releaseName = props.releaseName;
    this.providers = ClusterProviders.forTarget(this, { what: `Helm release "${props.releaseName}" (${this.node.path})`, cluster: props.cluster });
    this.cluster = this.providers.cluster;
    // Helm release names are unique per namespace of a cluster.
    claimUniqueName(this.providers, namespace, namespaceLabel(namespace), 'Helm release', props.releaseName, this.node.path);
    this.manifests = [...(props.manifests ?? [])];
    this.addObjects(...(props.objects ?? []));
    const providers = this.providers;
    const wait = props.wait ?? true;
    const atomic = props.atomic ?? wait;
    if (atomic && !wait) throw Errors.atomicWithoutWait(props.releaseName);

    this.release = new Release(this, 'Release', {
      provider: providers.helm,
      name: props.releaseName,
      chart: ObjectsChart.of(this).path,
      namespace,
      createNamespace: props.createNamespace ?? false,
      values: [Lazy.stringValue({ produce: () => this.renderValues() })],
      wait,
      atomic,
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: [...providers.baseDependencies, ...(props.dependsOn ?? [])],
    });
  }

  /** Adds objects to the release; names must be unique per kind and namespace. */
  public addObjects(...objects: K8sObject[]): void {
    for (const o of objects) {
      const key = objectKey(o);
      if (this.objects.some((existing) => objectKey(existing) === key)) throw Errors.duplicateName(o.kind, key);
      // One object of a kind and name per namespace of the cluster: Helm refuses an object another release owns.
      claimUniqueName(this.providers, `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}`, namespaceLabel(o.metadata.namespace),
        o.kind, o.metadata.name, `release "${this.releaseName}" (${this.node.path})`);
      this.objects.push(o);
    }
  }

  /** Makes the release wait for `dependency` (create) and go first (destroy). */
  public addDependency(dependency: ITerraformDependable): void {
    this.release.dependsOn = [...(this.release.dependsOn ?? []), dependency.fqn];
  }

  /** The objects shipped so far (copies of the references). */
  public get shippedObjects(): readonly K8sObject[] {
    return [...this.objects];
  }

  public get fqn(): string {
    return this.release.fqn;
  }

  private renderValues(): string {
    return renderYaml({ objects: this.objects, manifests: this.manifests });
  }
}

function objectKey(o: K8sObject): string {
  return `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
