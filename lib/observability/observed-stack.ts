/**
 * What a stack runs, as the dashboards and alerts see it, and the PromQL each
 * panel and alert condition queries. Pure data and functions (no constructs), so
 * the queries are unit-testable and shared by {@link StackDashboard} and
 * {@link StackAlerts}.
 */
import { Errors } from '../errors';
import {
  EndpointPickerMetrics, GkeTpuMetrics, KueueMetrics, RayServeMetrics, VllmMetrics,
} from './metric-catalog';
import { anyOf, cloudMetricSelector, LabelMatch, promSelector, quantile, rateSum } from './promql';

/** A TPU node pool of the stack. */
export interface ObservedTpuPool {
  /** GKE node pool name. */
  readonly name: string;
  /** A multi-host slice (GKE reports `node_pool/multi_host/available` for it). */
  readonly multiHost: boolean;
}

/** Pods scraped under one `job` (a PodMonitoring). */
export interface ObservedJob {
  /** The `job` label: the name of the PodMonitoring that scrapes the pods. */
  readonly job: string;
  /** Namespace of the pods. */
  readonly namespace: string;
}

/** vLLM servers of one role. */
export interface ObservedVllmServers extends ObservedJob {
  /**
   * Prefill/decode role, when the stack disaggregates.
   * @default - no role (one kind of server)
   */
  readonly role?: string;
}

/** An endpoint picker scraped by its chart's own PodMonitoring. */
export interface ObservedRouter extends ObservedJob {
  /** Which metric names the picker writes. */
  readonly metrics: EndpointPickerMetrics;
}

/** Kueue as scraped (controller manager metrics). */
export interface ObservedKueue extends ObservedJob {
  /** ClusterQueues of the stack. */
  readonly clusterQueues: readonly string[];
}

/** Everything the dashboard and alerts of a stack are generated from. */
export interface ObservedStack {
  /** Dashboard title and alert prefix (e.g. the stack name). */
  readonly title: string;
  /** GKE cluster name (`cluster_name` of system metrics, `cluster` of Prometheus metrics). */
  readonly clusterName: string;
  /**
   * TPU node pools. An empty list still charts the cluster's TPU nodes (Autopilot,
   * auto-provisioned pools); `undefined` means the stack has no TPU panels.
   * @default - no TPU panels
   */
  readonly tpuPools?: readonly ObservedTpuPool[];
  /**
   * Kueue.
   * @default - no Kueue panels
   */
  readonly kueue?: ObservedKueue;
  /**
   * vLLM servers, one entry per role.
   * @default []
   */
  readonly vllm?: readonly ObservedVllmServers[];
  /**
   * A Ray Serve LLM application (Ray Serve and `ray_vllm:` metrics).
   * @default - none
   */
  readonly ray?: ObservedJob;
  /**
   * The endpoint picker in front of the servers.
   * @default - none
   */
  readonly router?: ObservedRouter;
}

/** Alert thresholds. */
export interface AlertThresholds {
  /**
   * Fraction of failed requests (5xx / errors over all) above which the error alert fires.
   * @default 0.05
   */
  readonly errorRatio?: number;
  /**
   * 90th-percentile time to first token, in seconds, above which the latency alert fires.
   * @default 10
   */
  readonly ttftP90Seconds?: number;
  /**
   * Pending workloads per ClusterQueue above which the Kueue alert fires.
   * @default 0
   */
  readonly pendingWorkloads?: number;
  /**
   * How long workloads must stay pending (seconds, e.g. "1800s").
   * @default "1800s"
   */
  readonly pendingFor?: string;
  /**
   * How long a node must stay unready before the slice alert fires.
   * @default "300s"
   */
  readonly unreadyFor?: string;
  /**
   * How long the error ratio or latency must stay above its threshold.
   * @default "300s"
   */
  readonly servingFor?: string;
}

/** {@link AlertThresholds} with every default applied. */
export type ResolvedThresholds = Required<AlertThresholds>;

const SECONDS = /^[0-9]+s$/;

/** Applies the defaults and checks the ranges; throws with the value and what is allowed. */
export function resolveThresholds(t: AlertThresholds = {}): ResolvedThresholds {
  const r: ResolvedThresholds = {
    errorRatio: t.errorRatio ?? 0.05,
    ttftP90Seconds: t.ttftP90Seconds ?? 10,
    pendingWorkloads: t.pendingWorkloads ?? 0,
    pendingFor: t.pendingFor ?? '1800s',
    unreadyFor: t.unreadyFor ?? '300s',
    servingFor: t.servingFor ?? '300s',
  };
  if (!(r.errorRatio > 0 && r.errorRatio < 1)) {
    throw Errors.outOfRange('Alert threshold errorRatio', r.errorRatio, 'a fraction between 0 and 1 (exclusive), e.g. 0.05', 'pass the share of failed requests, not a percentage');
  }
  if (!(r.ttftP90Seconds > 0)) {
    throw Errors.outOfRange('Alert threshold ttftP90Seconds', r.ttftP90Seconds, 'a positive number of seconds', 'pass the p90 time to first token in seconds');
  }
  if (!Number.isInteger(r.pendingWorkloads) || r.pendingWorkloads < 0) {
    throw Errors.outOfRange('Alert threshold pendingWorkloads', r.pendingWorkloads, 'a whole number >= 0', 'pass how many pending workloads are tolerated');
  }
  for (const [k, v] of [['pendingFor', r.pendingFor], ['unreadyFor', r.unreadyFor], ['servingFor', r.servingFor]] as const) {
    if (!SECONDS.test(v)) throw Errors.invalidValue(`Alert threshold ${k}`, v, ['a number of seconds such as 300s'], 'write the duration as whole seconds with an "s" suffix');
  }
  return r;
}

/** A chart: title, y-axis label and its PromQL series. */
export interface PanelSpec {
  /** Chart title. */
  readonly title: string;
  /** Y-axis label (unit). */
  readonly yAxis: string;
  /** PromQL queries, one series set each. */
  readonly queries: readonly string[];
  /**
   * A horizontal threshold line (the alert's threshold).
   * @default - none
   */
  readonly threshold?: { readonly value: number; readonly label: string };
}

/** A titled group of charts. */
export interface SectionSpec {
  /** Section title (a Markdown row of the dashboard). */
  readonly title: string;
  /** Charts of the section. */
  readonly panels: readonly PanelSpec[];
}

function prom(cluster: string, j: ObservedJob, extra: Readonly<Record<string, LabelMatch>> = {}): Record<string, LabelMatch> {
  return { cluster, namespace: j.namespace, job: j.job, ...extra };
}

function vllmJobs(cluster: string, servers: readonly ObservedVllmServers[], extra: Readonly<Record<string, LabelMatch>> = {}): Record<string, LabelMatch> {
  const namespaces = [...new Set(servers.map((s) => s.namespace))];
  return {
    cluster,
    namespace: namespaces.length === 1 ? namespaces[0] : anyOf(namespaces),
    job: servers.length === 1 ? servers[0].job : anyOf(servers.map((s) => s.job)),
    ...extra,
  };
}

/** The query of TPU nodes whose Ready condition is not True (accelerator nodes only). */
export function unreadyAcceleratorNodesQuery(clusterName: string): string {
  const node = { cluster_name: clusterName };
  return `max by (node_name) (${cloudMetricSelector(GkeTpuMetrics.NODE_STATUS_CONDITION, 'k8s_node', { ...node, condition: 'Ready', status: { not: 'True' } })}) == 1`
    + ` and on (node_name) max by (node_name) (max_over_time(${cloudMetricSelector(GkeTpuMetrics.MEMORY_TOTAL, 'k8s_node', node)}[1h]))`;
}

/** The query of multi-host TPU pools with an unavailable node. */
export function unavailableSlicesQuery(clusterName: string, pools: readonly ObservedTpuPool[]): string {
  const names = pools.filter((p) => p.multiHost).map((p) => p.name);
  return `min by (node_pool_name) (${cloudMetricSelector(GkeTpuMetrics.MULTI_HOST_AVAILABLE, 'k8s_node_pool', { cluster_name: clusterName, node_pool_name: anyOf(names) })}) == 0`;
}

/** Serving error ratio: the router's view when there is a router, else the servers'. */
export function servingErrorRatioQuery(s: ObservedStack): string | undefined {
  if (s.router) {
    const l = prom(s.clusterName, s.router);
    return `sum(rate(${promSelector(s.router.metrics.requestErrors, l)}[5m])) / sum(rate(${promSelector(s.router.metrics.requests, l)}[5m]))`;
  }
  if (s.vllm?.length) {
    return `sum(rate(${promSelector(VllmMetrics.HTTP_REQUESTS, vllmJobs(s.clusterName, s.vllm, { status: '5xx' }))}[5m]))`
      + ` / sum(rate(${promSelector(VllmMetrics.HTTP_REQUESTS, vllmJobs(s.clusterName, s.vllm))}[5m]))`;
  }
  if (s.ray) {
    return `sum(rate(${promSelector(RayServeMetrics.HTTP_ERRORS, prom(s.clusterName, s.ray, { error_code: { regex: '5..' } }))}[5m]))`
      + ` / sum(rate(${promSelector(RayServeMetrics.HTTP_REQUESTS, prom(s.clusterName, s.ray))}[5m]))`;
  }
  return undefined;
}

/** p90 time to first token (per role for vLLM). */
export function ttftP90Query(s: ObservedStack): string | undefined {
  if (s.vllm?.length) return quantile(0.9, VllmMetrics.TIME_TO_FIRST_TOKEN, vllmJobs(s.clusterName, s.vllm), ['job']);
  if (s.ray) return quantile(0.9, RayServeMetrics.TIME_TO_FIRST_TOKEN, prom(s.clusterName, s.ray), []);
  return undefined;
}

/** Pending workloads per ClusterQueue. */
export function pendingWorkloadsQuery(s: ObservedStack): string | undefined {
  if (!s.kueue) return undefined;
  return `sum by (cluster_queue) (${promSelector(KueueMetrics.PENDING_WORKLOADS, kueueLabels(s.clusterName, s.kueue))})`;
}

function kueueLabels(cluster: string, k: ObservedKueue): Record<string, LabelMatch> {
  return prom(cluster, k, { cluster_queue: k.clusterQueues.length === 1 ? k.clusterQueues[0] : anyOf(k.clusterQueues) });
}

/** The dashboard sections of a stack, from what it runs. */
export function dashboardSections(s: ObservedStack, t: ResolvedThresholds): SectionSpec[] {
  const sections: SectionSpec[] = [];
  const c = s.clusterName;
  if (s.tpuPools) {
    const node = { cluster_name: c };
    const panels: PanelSpec[] = [
      {
        title: 'TPU nodes Ready / not Ready',
        yAxis: 'nodes',
        queries: [
          `count(max by (node_name) (${cloudMetricSelector(GkeTpuMetrics.NODE_STATUS_CONDITION, 'k8s_node', { ...node, condition: 'Ready', status: 'True' })}) == 1 and on (node_name) max by (node_name) (${cloudMetricSelector(GkeTpuMetrics.MEMORY_TOTAL, 'k8s_node', node)}))`,
          `count(${unreadyAcceleratorNodesQuery(c)})`,
        ],
      },
      ...(s.tpuPools.some((p) => p.multiHost) ? [{
        title: 'Multi-host slice available (1) per node pool',
        yAxis: 'available',
        queries: [`min by (node_pool_name) (${cloudMetricSelector(GkeTpuMetrics.MULTI_HOST_AVAILABLE, 'k8s_node_pool', { ...node, node_pool_name: anyOf(s.tpuPools.filter((p) => p.multiHost).map((p) => p.name)) })})`],
      }] : []),
      { title: 'TensorCore utilization per node', yAxis: '%', queries: [`avg by (node_name) (${cloudMetricSelector(GkeTpuMetrics.TENSORCORE_UTILIZATION, 'k8s_node', node)})`] },
      { title: 'Accelerator duty cycle per node', yAxis: '%', queries: [`avg by (node_name) (${cloudMetricSelector(GkeTpuMetrics.DUTY_CYCLE, 'k8s_node', node)})`] },
      {
        title: 'HBM used / total per node',
        yAxis: 'fraction',
        queries: [`sum by (node_name) (${cloudMetricSelector(GkeTpuMetrics.MEMORY_USED, 'k8s_node', node)}) / sum by (node_name) (${cloudMetricSelector(GkeTpuMetrics.MEMORY_TOTAL, 'k8s_node', node)})`],
      },
    ];
    sections.push({ title: 'TPU capacity and health', panels });
  }
  if (s.kueue) {
    const l = kueueLabels(c, s.kueue);
    sections.push({
      title: 'Kueue admission',
      panels: [
        {
          title: 'Pending workloads by ClusterQueue and status', yAxis: 'workloads',
          queries: [`sum by (cluster_queue, status) (${promSelector(KueueMetrics.PENDING_WORKLOADS, l)})`],
          threshold: { value: t.pendingWorkloads, label: 'alert' },
        },
        { title: 'Admitted active workloads by ClusterQueue', yAxis: 'workloads', queries: [`sum by (cluster_queue) (${promSelector(KueueMetrics.ADMITTED_ACTIVE_WORKLOADS, l)})`] },
        { title: 'Admission wait p90', yAxis: 's', queries: [quantile(0.9, KueueMetrics.ADMISSION_WAIT_TIME, l, ['cluster_queue'])] },
        {
          title: 'Quota used / nominal by flavor and resource (needs metrics.enableClusterQueueResources)', yAxis: 'fraction',
          queries: [`sum by (cluster_queue, flavor, resource) (${promSelector(KueueMetrics.RESOURCE_USAGE, l)}) / sum by (cluster_queue, flavor, resource) (${promSelector(KueueMetrics.NOMINAL_QUOTA, l)})`],
        },
      ],
    });
  }
  if (s.vllm?.length) {
    const l = vllmJobs(c, s.vllm);
    const roles = s.vllm.some((v) => v.role) ? ` by role (${s.vllm.map((v) => `${v.role ?? 'server'}: ${v.job}`).join(', ')})` : '';
    sections.push({
      title: `Serving: vLLM${roles}`,
      panels: [
        {
          title: 'Requests finished / 5xx per second by job', yAxis: 'req/s',
          queries: [rateSum(VllmMetrics.REQUEST_SUCCESS, l, ['job']), rateSum(VllmMetrics.HTTP_REQUESTS, { ...l, status: '5xx' }, ['job'])],
        },
        { title: 'Time to first token p50 / p90 by job', yAxis: 's', queries: [quantile(0.5, VllmMetrics.TIME_TO_FIRST_TOKEN, l, ['job']), quantile(0.9, VllmMetrics.TIME_TO_FIRST_TOKEN, l, ['job'])], threshold: { value: t.ttftP90Seconds, label: 'alert (p90)' } },
        { title: 'Inter-token latency p50 / p90 by job', yAxis: 's', queries: [quantile(0.5, VllmMetrics.INTER_TOKEN_LATENCY, l, ['job']), quantile(0.9, VllmMetrics.INTER_TOKEN_LATENCY, l, ['job'])] },
        { title: 'Requests waiting / running by job', yAxis: 'requests', queries: [`sum by (job) (${promSelector(VllmMetrics.REQUESTS_WAITING, l)})`, `sum by (job) (${promSelector(VllmMetrics.REQUESTS_RUNNING, l)})`] },
        { title: 'KV-cache usage by job', yAxis: 'fraction', queries: [`avg by (job) (${promSelector(VllmMetrics.KV_CACHE_USAGE, l)})`] },
      ],
    });
  }
  if (s.ray) {
    const l = prom(c, s.ray);
    sections.push({
      title: 'Serving: Ray Serve LLM',
      panels: [
        { title: 'HTTP requests / errors per second', yAxis: 'req/s', queries: [rateSum(RayServeMetrics.HTTP_REQUESTS, l, ['application']), rateSum(RayServeMetrics.HTTP_ERRORS, l, ['application', 'error_code'])] },
        { title: 'Request latency p90', yAxis: 'ms', queries: [quantile(0.9, RayServeMetrics.HTTP_LATENCY_MS, l, ['application'])] },
        { title: 'Time to first token p50 / p90', yAxis: 's', queries: [quantile(0.5, RayServeMetrics.TIME_TO_FIRST_TOKEN, l, []), quantile(0.9, RayServeMetrics.TIME_TO_FIRST_TOKEN, l, [])], threshold: { value: t.ttftP90Seconds, label: 'alert (p90)' } },
        { title: 'Time per output token p50 / p90', yAxis: 's', queries: [quantile(0.5, RayServeMetrics.TIME_PER_OUTPUT_TOKEN, l, []), quantile(0.9, RayServeMetrics.TIME_PER_OUTPUT_TOKEN, l, [])] },
      ],
    });
  }
  if (s.router) {
    const r = s.router.metrics;
    const l = prom(c, s.router);
    sections.push({
      title: `Router: ${r.name}`,
      panels: [
        { title: 'Requests / errors per second', yAxis: 'req/s', queries: [rateSum(r.requests, l, []), rateSum(r.requestErrors, l, [])] },
        {
          title: 'Error ratio', yAxis: 'fraction',
          queries: [servingErrorRatioQuery(s)!], threshold: { value: t.errorRatio, label: 'alert' },
        },
        { title: 'P/D decisions per second', yAxis: 'req/s', queries: [rateSum(r.decisions, l, ['decision_type'])] },
        {
          title: `Picks per model server (${r.picks.name})`, yAxis: r.picks.name.endsWith('_total') ? 'per s' : 'requests',
          queries: [r.picks.name.endsWith('_total') ? rateSum(r.picks, l, [r.pickLabel]) : `sum by (${r.pickLabel}) (${promSelector(r.picks, l)})`],
        },
        { title: 'Pool average queue size / KV-cache utilization', yAxis: 'mixed', queries: [`max(${promSelector(r.averageQueueSize, l)})`, `max(${promSelector(r.averageKvCacheUtilization, l)})`] },
      ],
    });
  } else if (s.vllm?.length || s.ray) {
    const q = servingErrorRatioQuery(s)!;
    sections[sections.length - 1] = {
      ...sections[sections.length - 1],
      panels: [...sections[sections.length - 1].panels, { title: 'Error ratio', yAxis: 'fraction', queries: [q], threshold: { value: t.errorRatio, label: 'alert' } }],
    };
  }
  return sections;
}
