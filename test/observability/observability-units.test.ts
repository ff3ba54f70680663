import * as path from 'path';
import { Testing, TerraformStack } from 'cdktf';
import {
  GAIE_LLMD_SCHEDULER_METRICS, GkeTpuMetrics, KueueMetrics, LLMD_ROUTER_METRICS, MetricSources, RayServeMetrics, VllmMetrics,
} from '../../lib/observability/metric-catalog';
import { observabilityEnabled, OBSERVABILITY_CONTEXT_KEY } from '../../lib/observability/observability-context';
import {
  dashboardSections, ObservedStack, pendingWorkloadsQuery, resolveThresholds, servingErrorRatioQuery, ttftP90Query,
  unavailableSlicesQuery, unreadyAcceleratorNodesQuery,
} from '../../lib/observability/observed-stack';
import { anyOf, cloudMetricSelector, promSelector, quantile } from '../../lib/observability/promql';
import { metricsReaderObjects, podMonitoringFor } from '../../lib/observability/scrape-target';
import { dashboardDefinition } from '../../lib/observability/stack-dashboard';
import { SchemaRegistry, validateObject } from '../../scripts/verify/k8s-objects';
import { errorOf } from '../helpers/synth';

describe('metric names, pinned with their documentation source', () => {
  test('GKE TPU system metrics (Cloud Monitoring metric types, metrics_kubernetes list)', () => {
    expect(Object.values(GkeTpuMetrics).map((m) => m.name)).toEqual([
      'kubernetes.io/node/accelerator/tensorcore_utilization',
      'kubernetes.io/node/accelerator/duty_cycle',
      'kubernetes.io/node/accelerator/memory_used',
      'kubernetes.io/node/accelerator/memory_total',
      'kubernetes.io/node/status_condition',
      'kubernetes.io/node_pool/multi_host/available',
    ]);
    for (const m of Object.values(GkeTpuMetrics)) expect(m.source).toBe(MetricSources.GKE_SYSTEM);
    expect(MetricSources.GKE_SYSTEM).toMatch(/^https:\/\/cloud\.google\.com\/monitoring\/api\/metrics_kubernetes /);
  });

  test('vLLM V1 metrics (docs/design/metrics.md)', () => {
    expect(Object.values(VllmMetrics).map((m) => m.name)).toEqual([
      'vllm:num_requests_running', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc', 'vllm:time_to_first_token_seconds',
      'vllm:inter_token_latency_seconds', 'vllm:request_success_total', 'http_requests_total',
    ]);
    for (const m of Object.values(VllmMetrics)) expect(m.source).toContain('vllm-project/vllm docs/design/metrics.md');
  });

  test('Kueue v0.17.4 metrics reference', () => {
    expect(Object.values(KueueMetrics).map((m) => m.name)).toEqual([
      'kueue_pending_workloads', 'kueue_admitted_active_workloads', 'kueue_admission_wait_time_seconds',
      'kueue_cluster_queue_resource_usage', 'kueue_cluster_queue_nominal_quota',
    ]);
    for (const m of Object.values(KueueMetrics)) expect(m.source).toContain('kubernetes-sigs/kueue v0.17.4 site/content/en/docs/reference/metrics.md');
  });

  test('Ray Serve and Ray Serve LLM metrics', () => {
    expect(Object.values(RayServeMetrics).map((m) => [m.name, m.source])).toEqual([
      ['ray_serve_num_http_requests_total', MetricSources.RAY_SERVE],
      ['ray_serve_num_http_error_requests_total', MetricSources.RAY_SERVE],
      ['ray_serve_http_request_latency_ms', MetricSources.RAY_SERVE],
      ['ray_vllm:time_to_first_token_seconds', MetricSources.RAY_SERVE_LLM],
      ['ray_vllm:time_per_output_token_seconds', MetricSources.RAY_SERVE_LLM],
    ]);
  });

  test('endpoint pickers: GAIE chart with the llm-d inference scheduler, and the llm-d router v0.10.0', () => {
    const names = (p: typeof GAIE_LLMD_SCHEDULER_METRICS) => [p.requests, p.requestErrors, p.averageQueueSize, p.averageKvCacheUtilization, p.decisions, p.picks].map((m) => m.name);
    expect(names(GAIE_LLMD_SCHEDULER_METRICS)).toEqual([
      'inference_objective_request_total', 'inference_objective_request_error_total', 'inference_pool_average_queue_size',
      'inference_pool_average_kv_cache_utilization', 'llm_d_inference_scheduler_pd_decision_total', 'inference_pool_per_pod_queue_size',
    ]);
    expect(GAIE_LLMD_SCHEDULER_METRICS.decisions.source).toBe(MetricSources.LLMD_INFERENCE_SCHEDULER);
    expect(names(LLMD_ROUTER_METRICS)).toEqual([
      'llm_d_epp_request_total', 'llm_d_epp_request_error_total', 'llm_d_epp_average_queue_size',
      'llm_d_epp_average_kv_cache_utilization', 'llm_d_epp_disagg_decision_total', 'llm_d_epp_scheduler_attempts_total',
    ]);
    expect([GAIE_LLMD_SCHEDULER_METRICS.pickLabel, LLMD_ROUTER_METRICS.pickLabel]).toEqual(['model_server_pod', 'endpoint_name']);
  });
});

describe('PromQL selectors', () => {
  test('Prometheus metrics: exact, regex and negative matchers, quoted', () => {
    expect(promSelector(VllmMetrics.REQUESTS_WAITING, { cluster: 'c', job: anyOf(['vllm-prefill', 'a.b']), status: { not: '2xx' } }))
      .toBe('vllm:num_requests_waiting{cluster="c",job=~"vllm-prefill|a\\\\.b",status!="2xx"}');
    expect(promSelector('up', {})).toBe('up');
    expect(quantile(0.9, VllmMetrics.TIME_TO_FIRST_TOKEN, { job: 'j' }, ['job']))
      .toBe('histogram_quantile(0.9, sum by (le, job) (rate(vllm:time_to_first_token_seconds_bucket{job="j"}[5m])))');
  });

  test('GKE system metrics use the UTF-8 selector with the monitored resource', () => {
    expect(cloudMetricSelector(GkeTpuMetrics.DUTY_CYCLE, 'k8s_node', { cluster_name: 'c' }))
      .toBe('{"kubernetes.io/node/accelerator/duty_cycle",monitored_resource="k8s_node",cluster_name="c"}');
  });
});

describe('scrape targets (PodMonitoring, monitoring.googleapis.com/v1)', () => {
  const registry = new SchemaRegistry(path.join(__dirname, '..', '..', 'schemas', 'k8s'));

  test('a plain HTTP target', () => {
    expect(podMonitoringFor({ name: 'vllm-decode', namespace: 'llm-d', selector: { 'llm-d.ai/role': 'decode' }, port: 'vllm' })).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'vllm-decode', namespace: 'llm-d' },
      spec: { selector: { matchLabels: { 'llm-d.ai/role': 'decode' } }, endpoints: [{ port: 'vllm', path: '/metrics', interval: '30s' }] },
    });
  });

  test('an HTTPS target behind Kubernetes authn/authz, with its metrics reader; both valid against the vendored CRDs', () => {
    const reader = metricsReaderObjects({ name: 'gmp-kueue-metrics-reader', namespace: 'kueue-system', clusterRole: 'kueue-metrics-reader' });
    const pm = podMonitoringFor({
      name: 'kueue-controller-manager', namespace: 'kueue-system', selector: { 'control-plane': 'controller-manager' },
      port: 'metrics', scheme: 'https', insecureSkipVerify: true, bearerToken: reader.token, interval: '15s',
    });
    expect((pm.spec as any).endpoints).toEqual([{
      port: 'metrics', path: '/metrics', interval: '15s', scheme: 'https', tls: { insecureSkipVerify: true },
      authorization: { type: 'Bearer', credentials: { secret: { name: 'gmp-kueue-metrics-reader-token', key: 'token' } } },
    }]);
    expect(reader.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/gmp-kueue-metrics-reader', 'Secret/gmp-kueue-metrics-reader-token', 'ClusterRoleBinding/kueue-system-gmp-kueue-metrics-reader',
      'Role/gmp-kueue-metrics-reader-token-read', 'RoleBinding/gmp-kueue-metrics-reader-token-read-collector',
    ]);
    // The Secret carries no token: the cluster fills it in.
    expect(reader.objects[1]).toEqual({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
      metadata: { name: 'gmp-kueue-metrics-reader-token', namespace: 'kueue-system', annotations: { 'kubernetes.io/service-account.name': 'gmp-kueue-metrics-reader' } },
    });
    expect((reader.objects[4] as any).subjects).toEqual([{ kind: 'ServiceAccount', name: 'collector', namespace: 'gmp-system' }]);
    for (const o of [pm, ...reader.objects]) expect(validateObject(registry, o as any, 'test')).toMatchObject({ status: 'OK', problems: [] });
  });

  test('the vendored CRD rejects what managed collection would reject', () => {
    const pm = podMonitoringFor({ name: 'x', namespace: 'ns', selector: { a: 'b' }, port: 8080 }) as any;
    const bad = { ...pm, spec: { ...pm.spec, endpoints: [{ ...pm.spec.endpoints[0], scheme: 'ftp', basicAuth: {}, authorization: {} }] } };
    const finding = validateObject(registry, bad, 'test');
    expect(finding.status).toBe('FAIL');
    expect(finding.problems.join('\n')).toContain('.spec.endpoints[0].scheme: must be one of "http", "https" (got "ftp")');
    expect(validateObject(registry, { ...pm, kind: 'ClusterPodMonitoring', metadata: { name: 'x' } }, 'test').status).toBe('OK');
  });

  test('invalid targets fail at synth with the value and the fix', () => {
    expect(errorOf(() => podMonitoringFor({ name: 'x', namespace: 'ns', selector: { a: 'b' }, port: 70000 })))
      .toBe('PodMonitoring "x" port 70000 is out of range. Allowed: 1-65535. Fix: pass the container port of the metrics endpoint');
    expect(errorOf(() => podMonitoringFor({ name: 'x', namespace: 'ns', selector: {}, port: 80 })))
      .toBe('PodMonitoring "x" needs `selector` (an empty selector would scrape every pod of the namespace). Allowed: a value for `selector`. Fix: pass `selector`');
    expect(errorOf(() => podMonitoringFor({ name: 'x', namespace: 'ns', selector: { a: 'b' }, port: 80, interval: '30' })))
      .toBe('PodMonitoring "x" interval "30" is not supported. Allowed: "a Prometheus duration such as 15s, 30s, 1m". Fix: write the interval with a unit');
    expect(errorOf(() => podMonitoringFor({ name: 'Bad_Name', namespace: 'ns', selector: { a: 'b' }, port: 80 })))
      .toBe('PodMonitoring name "Bad_Name" would be rejected by GKE. Allowed: 1-253 characters; lowercase letters, digits, hyphens and dots. Fix: use a name such as "bad-name"');
  });
});

describe('thresholds', () => {
  test('defaults', () => {
    expect(resolveThresholds()).toEqual({ errorRatio: 0.05, ttftP90Seconds: 10, pendingWorkloads: 0, pendingFor: '1800s', unreadyFor: '300s', servingFor: '300s' });
  });

  test('out-of-range values are refused with what is allowed', () => {
    expect(errorOf(() => resolveThresholds({ errorRatio: 5 })))
      .toBe('Alert threshold errorRatio 5 is out of range. Allowed: a fraction between 0 and 1 (exclusive), e.g. 0.05. Fix: pass the share of failed requests, not a percentage');
    expect(errorOf(() => resolveThresholds({ ttftP90Seconds: 0 }))).toBe('Alert threshold ttftP90Seconds 0 is out of range. Allowed: a positive number of seconds. Fix: pass the p90 time to first token in seconds');
    expect(errorOf(() => resolveThresholds({ pendingWorkloads: 1.5 }))).toBe('Alert threshold pendingWorkloads 1.5 is out of range. Allowed: a whole number >= 0. Fix: pass how many pending workloads are tolerated');
    expect(errorOf(() => resolveThresholds({ pendingFor: '30m' })))
      .toBe('Alert threshold pendingFor "30m" is not supported. Allowed: "a number of seconds such as 300s". Fix: write the duration as whole seconds with an "s" suffix');
  });
});

describe('queries generated from what a stack runs', () => {
  const stack: ObservedStack = {
    title: 't', clusterName: 'c',
    tpuPools: [{ name: 'p1', multiHost: true }, { name: 'single', multiHost: false }],
    kueue: { job: 'kueue-controller-manager', namespace: 'kueue-system', clusterQueues: ['cq'] },
    vllm: [{ job: 'vllm-prefill', namespace: 'ns', role: 'prefill' }, { job: 'vllm-decode', namespace: 'ns', role: 'decode' }],
  };

  test('slice health: multi-host pools by availability, accelerator nodes by Ready', () => {
    expect(unavailableSlicesQuery('c', stack.tpuPools!))
      .toBe('min by (node_pool_name) ({"kubernetes.io/node_pool/multi_host/available",monitored_resource="k8s_node_pool",cluster_name="c",node_pool_name=~"p1"}) == 0');
    expect(unreadyAcceleratorNodesQuery('c')).toBe(
      'max by (node_name) ({"kubernetes.io/node/status_condition",monitored_resource="k8s_node",cluster_name="c",condition="Ready",status!="True"}) == 1'
      + ' and on (node_name) max by (node_name) (max_over_time({"kubernetes.io/node/accelerator/memory_total",monitored_resource="k8s_node",cluster_name="c"}[1h]))');
  });

  test('serving: vLLM 5xx ratio and p90 TTFT per role; the router\'s view when there is one', () => {
    expect(servingErrorRatioQuery(stack)).toBe(
      'sum(rate(http_requests_total{cluster="c",namespace="ns",job=~"vllm-prefill|vllm-decode",status="5xx"}[5m]))'
      + ' / sum(rate(http_requests_total{cluster="c",namespace="ns",job=~"vllm-prefill|vllm-decode"}[5m]))');
    expect(ttftP90Query(stack)).toBe('histogram_quantile(0.9, sum by (le, job) (rate(vllm:time_to_first_token_seconds_bucket{cluster="c",namespace="ns",job=~"vllm-prefill|vllm-decode"}[5m])))');
    const routed: ObservedStack = { ...stack, router: { job: 'gaie-pd', namespace: 'ns', metrics: GAIE_LLMD_SCHEDULER_METRICS } };
    expect(servingErrorRatioQuery(routed)).toBe(
      'sum(rate(inference_objective_request_error_total{cluster="c",namespace="ns",job="gaie-pd"}[5m])) / sum(rate(inference_objective_request_total{cluster="c",namespace="ns",job="gaie-pd"}[5m]))');
    expect(pendingWorkloadsQuery(stack)).toBe('sum by (cluster_queue) (kueue_pending_workloads{cluster="c",namespace="kueue-system",job="kueue-controller-manager",cluster_queue="cq"})');
    expect(servingErrorRatioQuery({ title: 't', clusterName: 'c' })).toBeUndefined();
  });

  test('sections follow the contents: no TPU, Kueue or serving section without them', () => {
    const t = resolveThresholds();
    expect(dashboardSections(stack, t).map((s) => s.title)).toEqual([
      'TPU capacity and health', 'Kueue admission', 'Serving: vLLM by role (prefill: vllm-prefill, decode: vllm-decode)',
    ]);
    expect(dashboardSections({ title: 't', clusterName: 'c' }, t)).toEqual([]);
    const ray = dashboardSections({ title: 't', clusterName: 'c', tpuPools: [], ray: { job: 'ray-serve-llm', namespace: 'default' } }, t);
    expect(ray.map((s) => s.title)).toEqual(['TPU capacity and health', 'Serving: Ray Serve LLM']);
    // No named multi-host pool: no availability chart.
    expect(ray[0].panels.map((p) => p.title)).not.toContain('Multi-host slice available (1) per node pool');
    expect(ray[1].panels.map((p) => p.title)).toContain('Error ratio');
  });

  test('dashboard layout: a title row per section, charts two per row inside 12 columns', () => {
    const d = dashboardDefinition('t', dashboardSections(stack, resolveThresholds())) as any;
    expect(d.mosaicLayout.columns).toBe(12);
    expect(d.mosaicLayout.tiles[0]).toEqual({ xPos: 0, yPos: 0, width: 12, height: 1, widget: { text: { content: '## TPU capacity and health', format: 'MARKDOWN' } } });
    expect(d.mosaicLayout.tiles.slice(1, 3).map((t: any) => [t.xPos, t.yPos, t.width, t.height])).toEqual([[0, 1, 6, 4], [6, 1, 6, 4]]);
  });
});

describe('opt-out context key', () => {
  const stackIn = (context?: Record<string, unknown>, id = 'qwen-pd'): TerraformStack => new TerraformStack(Testing.app({ context }), id);

  test('on by default; off by prop, by false, or by listing the stack', () => {
    expect(observabilityEnabled(stackIn(), undefined)).toBe(true);
    expect(observabilityEnabled(stackIn(), false)).toBe(false);
    expect(observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: false }), {})).toBe(false);
    expect(observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: 'false' }), {})).toBe(false);
    expect(observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: ['ray-llm', 'qwen-pd'] }), undefined)).toBe(false);
    expect(observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: 'ray-llm, qwen-pd' }), undefined)).toBe(false);
    expect(observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: ['ray-llm'] }), undefined)).toBe(true);
  });

  test('a value that is neither a boolean nor stack IDs is refused', () => {
    expect(errorOf(() => observabilityEnabled(stackIn({ [OBSERVABILITY_CONTEXT_KEY]: 3 }), undefined)))
      .toBe('Context "tpu-gke:observability" "3" is not supported. Allowed: "true", "false", "a list of stack IDs to opt out". Fix: set it to false (every stack) or to the IDs of the stacks without observability, e.g. ["qwen-pd"]');
  });
});
