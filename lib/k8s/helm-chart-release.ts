import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';
import { claimUniqueName, namespaceLabel } from '../util/unique-names';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ClusterProviders } from './cluster-providers';
import { renderYaml } from './render';

/** A pinned chart version: semver with an optional leading `v` (charts differ on this). */
const PINNED_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Props of {@link HelmChartRelease}. */
export interface HelmChartReleaseProps {
  /** Helm release name (at most 53 characters). */
  readonly releaseName: string;
  /** Chart name, e.g. `kueue`, or a local chart path. */
  readonly chart: string;
  /**
   * Chart repository: an `https://` Helm repository or an `oci://` registry path
   * (without the chart name).
   * @default - `chart` is a local path
   */
  readonly repository?: string;
  /**
   * Exact chart version. Floating versions (`latest`, `v0`, ranges) are rejected
   * so a plan always says which chart it installs.
   * @default - required for repository charts
   */
  readonly version?: string;
  /** Namespace of the release. */
  readonly namespace: string;
  /**
   * Cluster the release is installed on (pass the cluster of the namespace object when there is one).
   * @default - the stack's only cluster with providers (an error when it has several)
   */
  readonly cluster?: IGkeCluster;
  /**
   * Create the namespace if it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Chart values, rendered to YAML text at synth time.
   * @default {}
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /**
   * Resources and releases to create first (and destroy after).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Wait until the release's Deployments, StatefulSets, DaemonSets and Jobs are ready.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * Seconds to wait for the release to become ready.
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
 * A `helm_release` of a pinned chart on one cluster of the stack (`cluster`). Values are YAML text
 * in the synthesized JSON, so `terraform plan` shows every change.
 */
export class HelmChartRelease extends Construct implements ITerraformDependable {
  public readonly release: Release;
  public readonly releaseName: string;
  public readonly namespace: string;
  /** The cluster the release is installed on. */
  public readonly cluster: IGkeCluster;

  constructor(scope: Construct, id: string, props: HelmChartReleaseProps) {
    super(scope, id);
    validateName(NameRules.HELM_RELEASE, props.releaseName);
    validateName(NameRules.K8S_DNS_LABEL, props.namespace, 'Kubernetes namespace');
    if (props.repository !== undefined) {
      if (props.version === undefined) throw Errors.missingProp(`Helm release "${props.releaseName}"`, 'version', 'repository charts are pinned to an exact version');
      if (!Token.isUnresolved(props.version) && !PINNED_VERSION.test(props.version)) {
        throw Errors.invalidValue(`Helm chart version of "${props.releaseName}"`, props.version, ['an exact version such as "0.17.4" or "v0.8.0"'], 'pin the chart to one released version');
      }
    }
    const providers = ClusterProviders.forTarget(this, { what: `Helm release "${props.releaseName}" (${this.node.path})`, cluster: props.cluster });
    this.cluster = providers.cluster;
    // Helm release names are unique per namespace of a cluster.
    claimUniqueName(providers, props.namespace, namespaceLabel(props.namespace), 'Helm release', props.releaseName, this.node.path);
    this.releaseName = props.releaseName;
    this.namespace = props.namespace;
    const wait = props.wait ?? true;
    const atomic = props.atomic ?? wait;
    if (atomic && !wait) throw Errors.atomicWithoutWait(props.releaseName);
    this.release = new Release(this, 'Release', {
      provider: providers.helm,
      name: props.releaseName,
      chart: props.chart,
      repository: props.repository,
      version: props.version,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? true,
      values: props.values && Object.keys(props.values).length ? [renderYaml(props.values)] : undefined,
      wait,
      atomic,
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: [...providers.baseDependencies, ...(props.dependsOn ?? [])],
    });
  }

  /** Terraform dependency fqn of the underlying release. */
  public get fqn(): string {
    return this.release.fqn;
  }
}
