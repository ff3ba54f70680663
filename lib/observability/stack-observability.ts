import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { IGkeCluster } from '../gke/gke-cluster';
import { TpuNodePool } from '../gke/tpu-node-pool';
import { K8sObject } from '../k8s/types';
import { KueueStack } from '../kueue/kueue-stack';
import { ManagedPrometheusScraping } from './managed-prometheus-scraping';
import { AlertThresholds, ObservedRouter, ObservedStack, ObservedTpuPool } from './observed-stack';
import { metricsReaderObjects, ScrapeTarget } from './scrape-target';
import { StackAlerts } from './stack-alerts';
import { StackDashboard } from './stack-dashboard';

/** vLLM servers of one role and how they are scraped. */
export interface VllmScrape {
  /** The pods and their metrics port (the vLLM API server's, not a routing sidecar's). */
  readonly target: ScrapeTarget;
  /**
   * Prefill/decode role.
   * @default - no role
   */
  readonly role?: string;
  /**
   * The stack already ships a PodMonitoring with `target.name` for these pods
   * (e.g. for autoscaling): it is charted, not created again.
   * @default false
   */
  readonly scrapedElsewhere?: boolean;
}

/** Props of {@link StackObservability}. */
export interface StackObservabilityProps {
  /** The cluster (its name filters every query; its project holds the dashboard and alerts). */
  readonly cluster: IGkeCluster;
  /** Dashboard title and alert name prefix (e.g. the stack ID). */
  readonly title: string;
  /**
   * TPU node pools; `[]` charts the cluster's TPU nodes without pool names (Autopilot, auto-provisioning).
   * @default - no TPU panels or slice alert
   */
  readonly tpuPools?: readonly ObservedTpuPool[];
  /**
   * The Kueue installation to scrape and chart (controller metrics over HTTPS with a bearer token).
   * @default - no Kueue panels or alert
   */
  readonly kueue?: KueueStack;
  /**
   * vLLM servers, one entry per role.
   * @default []
   */
  readonly vllm?: readonly VllmScrape[];
  /**
   * Ray pods of a Ray Serve LLM application (Ray's metrics export port).
   * @default - none
   */
  readonly ray?: ScrapeTarget;
  /**
   * The endpoint picker, scraped by its chart's own PodMonitoring.
   * @default - none
   */
  readonly router?: ObservedRouter;
  /**
   * Notification channels of the alert policies.
   * @default [] (alerts open incidents but notify no one)
   */
  readonly notificationChannels?: string[];
  /**
   * Alert thresholds.
   * @default - the AlertThresholds defaults
   */
  readonly thresholds?: AlertThresholds;
  /**
   * Namespace of the managed collector, which reads the Kueue metrics token (`gke-gmp-system` on Autopilot).
   * @default "gmp-system"
   */
  readonly collectorNamespace?: string;
  /**
   * What the scrape configs wait for (the workload namespaces).
   * @default []
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The TPU node pools as the dashboard and alerts see them (name, multi-host slice or not). */
export function observedTpuPools(pools: readonly TpuNodePool[]): ObservedTpuPool[] {
  return pools.map((p) => ({ name: p.name, multiHost: p.shape.multiHost }));
}

/** Kueue controller manager pods as the Kueue chart labels them (release `kueue`). */
export function kueueControllerSelector(releaseName: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'kueue', 'app.kubernetes.io/instance': releaseName, 'control-plane': 'controller-manager' };
}

/**
 * Observability of one stack, generated from what it runs: PodMonitoring scrape
 * configs ({@link ManagedPrometheusScraping}), one dashboard
 * ({@link StackDashboard}) and alert policies ({@link StackAlerts}).
 */
export class StackObservability extends Construct {
  /** Undefined when nothing needs a scrape config of its own. */
  public readonly scraping?: ManagedPrometheusScraping;
  public readonly dashboard: StackDashboard;
  public readonly alerts: StackAlerts;
  /** What the dashboard and alerts were generated from. */
  public readonly observed: ObservedStack;

  constructor(scope: Construct, id: string, props: StackObservabilityProps) {
    super(scope, id);
    const targets: ScrapeTarget[] = [];
    const objects: K8sObject[] = [];
    const dependsOn: ITerraformDependable[] = [...(props.dependsOn ?? [])];

    let kueue: ObservedStack['kueue'];
    if (props.kueue) {
      const release = props.kueue.kueueRelease;
      const namespace = release.namespace;
      // The chart's fullname is the release name when it contains "kueue"; its ClusterRole <fullname>-metrics-reader grants GET /metrics.
      const fullname = release.releaseName.includes('kueue') ? release.releaseName : `${release.releaseName}-kueue`;
      const reader = metricsReaderObjects({
        name: 'gmp-kueue-metrics-reader', namespace, clusterRole: `${fullname}-metrics-reader`, collectorNamespace: props.collectorNamespace,
      });
      objects.push(...reader.objects);
      targets.push({
        name: 'kueue-controller-manager', namespace, selector: kueueControllerSelector(release.releaseName),
        // controller-runtime secure serving with Kueue's self-signed certificate, authn/authz on /metrics.
        port: 'metrics', scheme: 'https', insecureSkipVerify: true, bearerToken: reader.token,
      });
      dependsOn.push(release);
      kueue = { job: 'kueue-controller-manager', namespace, clusterQueues: [props.kueue.clusterQueueName] };
    }
    for (const v of props.vllm ?? []) if (!v.scrapedElsewhere) targets.push(v.target);
    if (props.ray) targets.push(props.ray);

    if (targets.length) {
      this.scraping = new ManagedPrometheusScraping(this, 'Scraping', { cluster: props.cluster, targets, objects, dependsOn });
    }
    this.observed = {
      title: props.title,
      clusterName: props.cluster.name,
      tpuPools: props.tpuPools,
      kueue,
      vllm: (props.vllm ?? []).map((v) => ({ job: v.target.name, namespace: v.target.namespace, role: v.role })),
      ray: props.ray ? { job: props.ray.name, namespace: props.ray.namespace } : undefined,
      router: props.router,
    };
    this.dashboard = new StackDashboard(this, 'Dashboard', { project: props.cluster.project, stack: this.observed, thresholds: props.thresholds });
    this.alerts = new StackAlerts(this, 'Alerts', {
      project: props.cluster.project, stack: this.observed, notificationChannels: props.notificationChannels, thresholds: props.thresholds,
    });
  }
}
