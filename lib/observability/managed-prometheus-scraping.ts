import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import type { IGkeCluster } from '../gke/gke-cluster';
import { ManifestRelease } from '../k8s/manifest-release';
import { K8sObject } from '../k8s/types';
import { podMonitoringFor, ScrapeTarget } from './scrape-target';

/** Props of {@link ManagedPrometheusScraping}. */
export interface ManagedPrometheusScrapingProps {
  /** Pods to scrape, one PodMonitoring each. */
  readonly targets: readonly ScrapeTarget[];
  /**
   * Cluster the scrape configs are shipped to (the cluster of the targets).
   * @default - the stack's only cluster with providers (an error when it has several)
   */
  readonly cluster?: IGkeCluster;
  /**
   * Other objects the scrape configs need (metrics-reader service accounts, token Secrets, RBAC).
   * @default []
   */
  readonly objects?: readonly K8sObject[];
  /**
   * Helm release name of the carrier chart release.
   * @default "gmp-scrape-configs"
   */
  readonly releaseName?: string;
  /**
   * What must exist first: the namespaces of the targets, the releases that create them.
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Label on every object this construct ships. */
export const SCRAPE_CONFIG_LABEL = { 'app.kubernetes.io/managed-by': 'tpu-gke-observability' } as const;

/**
 * Google Cloud Managed Service for Prometheus scrape configs (`PodMonitoring`,
 * `monitoring.googleapis.com/v1`), shipped through the carrier chart like every
 * other in-cluster object. The CRD comes with managed collection, which GKE
 * enables on the cluster.
 */
export class ManagedPrometheusScraping extends Construct implements ITerraformDependable {
  public readonly release: ManifestRelease;
  /** The PodMonitoring objects. */
  public readonly podMonitorings: readonly K8sObject[];

  constructor(scope: Construct, id: string, props: ManagedPrometheusScrapingProps) {
    super(scope, id);
    this.podMonitorings = props.targets.map((t) => podMonitoringFor(t, SCRAPE_CONFIG_LABEL));
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.cluster,
      releaseName: props.releaseName ?? 'gmp-scrape-configs',
      objects: [...(props.objects ?? []), ...this.podMonitorings],
      dependsOn: props.dependsOn,
      wait: false,
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
