import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { App, TerraformStack, Testing } from 'cdktf';
import { OBSERVABILITY_CONTEXT_KEY } from '../../lib/observability/observability-context';
import { FungibilityStack } from '../../stacks/fungibility';
import { LlmdPdStack } from '../../stacks/llm-d-pd';
import { QwenPdStack } from '../../stacks/qwen-pd';
import { RayLlmClusterMode, RayLlmStack } from '../../stacks/ray-llm';
import { SubslicingStack } from '../../stacks/subslicing';
import { SuperslicingStack } from '../../stacks/superslicing';
import { helmValues, Json, resources, shippedObjects, synth } from '../helpers/synth';

type Make = (app: App, observability?: false) => TerraformStack;
const STACKS: Record<string, Make> = {
  'subslicing': (app, o) => new SubslicingStack(app, 'subslicing', { observability: o }),
  'superslicing': (app, o) => new SuperslicingStack(app, 'superslicing', { observability: o }),
  'ray-llm': (app, o) => new RayLlmStack(app, 'ray-llm', { observability: o }),
  'ray-llm-autopilot': (app, o) => new RayLlmStack(app, 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT, observability: o }),
  'fungibility': (app, o) => new FungibilityStack(app, 'fungibility', { observability: o }),
  'llm-d-pd': (app, o) => new LlmdPdStack(app, 'llm-d-pd', { observability: o }),
  'qwen-pd': (app, o) => new QwenPdStack(app, 'qwen-pd', { observability: o }),
};

const on: Record<string, Json> = Object.fromEntries(Object.entries(STACKS).map(([id, make]) => [id, synth(make(Testing.app()))]));

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'monitoring-dashboard-v1', 'dashboard.schema.json'), 'utf8'));
const validateDashboard = new Ajv({ allErrors: true, strict: false }).compile(schema);

function dashboard(json: Json): Json {
  const all = resources(json, 'google_monitoring_dashboard');
  expect(all).toHaveLength(1);
  return JSON.parse(all[0][1].dashboard_json);
}

function queries(json: Json): string[] {
  return dashboard(json).mosaicLayout.tiles.flatMap((t: Json) => (t.widget.xyChart?.dataSets ?? []).map((d: Json) => d.timeSeriesQuery.prometheusQuery));
}

function podMonitorings(json: Json): string[] {
  return shippedObjects(json).filter((o) => o.kind === 'PodMonitoring').map((o) => o.metadata.name);
}

function alertNames(json: Json): string[] {
  return resources(json, 'google_monitoring_alert_policy').map(([, a]) => a.display_name);
}

/** Problems of a dashboard: schema errors, and tiles that leave the layout's columns. */
function dashboardProblems(d: Json): string[] {
  const problems = validateDashboard(d) ? [] : (validateDashboard.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  for (const t of d.mosaicLayout?.tiles ?? []) {
    if ((t.xPos ?? 0) + t.width > d.mosaicLayout.columns) problems.push(`tile at x=${t.xPos} width ${t.width} leaves the ${d.mosaicLayout.columns} columns`);
  }
  return problems;
}

describe('every stack: one dashboard valid against the Cloud Monitoring Dashboard schema, alerts, the notification variable', () => {
  test.each(Object.keys(STACKS))('%s', (id) => {
    const json = on[id];
    const d = dashboard(json);
    expect(d.displayName).toBe(`${id} (tpu-gke)`);
    expect(dashboardProblems(d)).toEqual([]);
    expect(json.variable.notification_channels).toMatchObject({ type: 'list(string)', default: [], nullable: false });
    for (const [, a] of resources(json, 'google_monitoring_alert_policy')) {
      expect(a.notification_channels).toBe('${var.notification_channels}');
      expect(a.combiner).toBe('OR');
      for (const c of a.conditions) expect(c.condition_prometheus_query_language).toMatchObject({ disable_metric_validation: true, evaluation_interval: '60s' });
    }
    // Every PromQL query filters on the stack's cluster.
    for (const q of queries(json)) expect(q).toMatch(/cluster(_name)?="[^"]+"/);
  });
});

describe('the dashboard schema rejects what the API would', () => {
  const good = dashboard(on['llm-d-pd']);
  const firstChart = (d: Json) => d.mosaicLayout.tiles.find((t: Json) => t.widget.xyChart).widget.xyChart;
  test.each([
    ['a PromQL query as an object', (d: Json) => { firstChart(d).dataSets[0].timeSeriesQuery = { prometheusQuery: { query: 'up' } }; }, '/prometheusQuery must be string'],
    ['an unknown plot type', (d: Json) => { firstChart(d).dataSets[0].plotType = 'LINES'; }, '/plotType must be equal to one of the allowed values'],
    ['more than 12 columns', (d: Json) => { d.mosaicLayout.columns = 13; }, '/mosaicLayout/columns must be <= 12'],
    ['a field the API does not define', (d: Json) => { firstChart(d).dataSets[0].query = 'up'; }, 'must NOT have additional properties'],
    ['a threshold color in a chart', (d: Json) => { firstChart(d).thresholds = [{ value: 1, color: 'RED' }]; }, 'must NOT have additional properties'],
    ['a tile outside the grid', (d: Json) => { d.mosaicLayout.tiles[1].xPos = 8; }, 'tile at x=8 width 6 leaves the 12 columns'],
  ])('%s', (_name, breakIt, problem) => {
    const broken = structuredClone(good);
    breakIt(broken);
    expect(dashboardProblems(broken).join('\n')).toContain(problem);
  });
});

describe('what each stack scrapes and charts', () => {
  test('PodMonitoring objects per stack (serving stacks scrape their vLLM or Ray pods; Kueue stacks Kueue)', () => {
    expect(Object.fromEntries(Object.entries(on).map(([id, json]) => [id, podMonitorings(json)]))).toEqual({
      'subslicing': ['kueue-controller-manager', 'vllm-prefill', 'vllm-decode'],
      'superslicing': ['kueue-controller-manager'],
      'ray-llm': ['ray-serve-llm'],
      'ray-llm-autopilot': ['ray-serve-llm'],
      'fungibility': ['vllm-metrics'],
      'llm-d-pd': ['vllm-prefill', 'vllm-decode'],
      'qwen-pd': ['vllm-prefill', 'vllm-decode'],
    });
  });

  test('vLLM roles are scraped on their vLLM port: prefill on "modelserver" and decode on "vllm" (LWS), "vllm" for the llm-d chart', () => {
    const endpoint = (json: Json, name: string) => shippedObjects(json).find((o) => o.kind === 'PodMonitoring' && o.metadata.name === name)!.spec;
    expect(endpoint(on.subslicing, 'vllm-prefill').endpoints).toEqual([{ port: 'modelserver', path: '/metrics', interval: '30s' }]);
    expect(endpoint(on.subslicing, 'vllm-decode').endpoints).toEqual([{ port: 'vllm', path: '/metrics', interval: '30s' }]);
    expect(endpoint(on.subslicing, 'vllm-decode').selector.matchLabels).toMatchObject({ 'llm-d.ai/role': 'decode', 'leaderworkerset.sigs.k8s.io/worker-index': '0' });
    expect(endpoint(on['qwen-pd'], 'vllm-prefill').selector.matchLabels).toMatchObject({ 'llm-d.ai/role': 'prefill', 'llm-d.ai/model': 'Qwen3-32B' });
    expect(endpoint(on['ray-llm'], 'ray-serve-llm')).toEqual({
      selector: { matchLabels: { 'ray.io/is-ray-node': 'yes' } }, endpoints: [{ port: 8080, path: '/metrics', interval: '30s' }],
    });
    expect(endpoint(on.fungibility, 'vllm-metrics')).toEqual({ selector: { matchLabels: { app: 'vllm' } }, endpoints: [{ port: 8000, path: '/metrics', interval: '30s' }] });
  });

  test('Kueue over HTTPS with a bearer token the managed collector may read (Kueue stacks only)', () => {
    const objs = shippedObjects(on.superslicing);
    expect(objs.find((o) => o.kind === 'PodMonitoring')!.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'kueue', 'app.kubernetes.io/instance': 'kueue', 'control-plane': 'controller-manager' } },
      endpoints: [{
        port: 'metrics', path: '/metrics', interval: '30s', scheme: 'https', tls: { insecureSkipVerify: true },
        authorization: { type: 'Bearer', credentials: { secret: { name: 'gmp-kueue-metrics-reader-token', key: 'token' } } },
      }],
    });
    expect(objs.find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === 'kueue-system-gmp-kueue-metrics-reader')!.roleRef.name).toBe('kueue-metrics-reader');
  });

  test('ray-llm (Standard) turns on managed collection, which brings the PodMonitoring CRD; off without observability', () => {
    const cluster = (json: Json) => resources(json, 'google_container_cluster')[0][1];
    expect(cluster(on['ray-llm']).monitoring_config).toEqual({ managed_prometheus: { enabled: true } });
    expect(cluster(synth(STACKS['ray-llm'](Testing.app(), false))).monitoring_config).toBeUndefined();
  });

  test('the endpoint pickers are scraped by their charts\' own PodMonitoring (GMP)', () => {
    expect(helmValues(on.subslicing, 'pd-disaggregation').router.monitoring).toEqual({ provider: { name: 'gmp' }, prometheus: { enabled: true } });
    expect(helmValues(on['llm-d-pd'], 'gaie-pd').inferenceExtension.monitoring.prometheus.enabled).toBe(true);
    expect(helmValues(on['qwen-pd'], 'gaie-pd').inferenceExtension.monitoring.prometheus.enabled).toBe(true);
  });

  test('every Kueue stack has its Kueue panels; stacks without Kueue have none', () => {
    for (const id of ['subslicing', 'superslicing']) {
      const q = queries(on[id]).join('\n');
      for (const m of ['kueue_pending_workloads', 'kueue_admitted_active_workloads', 'kueue_admission_wait_time_seconds_bucket', 'kueue_cluster_queue_resource_usage', 'kueue_cluster_queue_nominal_quota']) {
        expect({ id, m, found: q.includes(`${m}{cluster="tpu-serving-cluster",namespace="kueue-system",job="kueue-controller-manager",cluster_queue="cq"}`) }).toEqual({ id, m, found: true });
      }
    }
    for (const id of ['ray-llm', 'ray-llm-autopilot', 'fungibility', 'llm-d-pd', 'qwen-pd']) expect(queries(on[id]).join('\n')).not.toContain('kueue_');
  });

  test('serving panels: vLLM metrics by role, the router\'s picks, Ray Serve LLM', () => {
    const sub = queries(on.subslicing).join('\n');
    for (const m of ['vllm:time_to_first_token_seconds_bucket', 'vllm:inter_token_latency_seconds_bucket', 'vllm:num_requests_waiting', 'vllm:kv_cache_usage_perc', 'vllm:request_success_total', 'http_requests_total']) {
      expect(sub).toContain(`${m}{cluster="tpu-serving-cluster",namespace="\${var.namespace}",job=~"vllm-prefill|vllm-decode"`);
    }
    expect(sub).toContain('sum by (decision_type) (rate(llm_d_epp_disagg_decision_total{cluster="tpu-serving-cluster",namespace="${var.namespace}",job="pd-disaggregation"}[5m]))');
    expect(sub).toContain('sum by (endpoint_name) (rate(llm_d_epp_scheduler_attempts_total{');
    expect(queries(on['qwen-pd']).join('\n')).toContain('sum by (decision_type) (rate(llm_d_inference_scheduler_pd_decision_total{cluster="qwen-serving-cluster",namespace="${var.namespace}",job="gaie-pd"}[5m]))');
    const ray = queries(on['ray-llm']).join('\n');
    for (const m of ['ray_serve_num_http_requests_total', 'ray_serve_num_http_error_requests_total', 'ray_serve_http_request_latency_ms_bucket', 'ray_vllm:time_to_first_token_seconds_bucket', 'ray_vllm:time_per_output_token_seconds_bucket']) {
      expect(ray).toContain(`${m}{cluster="ray-llm-cluster",namespace="\${var.namespace}",job="ray-serve-llm"`);
    }
    const tpu = queries(on.superslicing).join('\n');
    for (const m of ['kubernetes.io/node/accelerator/tensorcore_utilization', 'kubernetes.io/node/accelerator/duty_cycle', 'kubernetes.io/node/accelerator/memory_used', 'kubernetes.io/node/status_condition']) {
      expect(tpu).toContain(`{"${m}",monitored_resource="k8s_node",cluster_name="tpu-serving-cluster"`);
    }
    expect(tpu).toContain('{"kubernetes.io/node_pool/multi_host/available",monitored_resource="k8s_node_pool",cluster_name="tpu-serving-cluster",node_pool_name=~"tpu7-pool-1|tpu7-pool-2"}');
  });

  test('alert policies follow what the stack runs', () => {
    // Sorted: Terraform JSON orders resources by logical ID.
    const sorted = (o: Record<string, string[]>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, [...v].sort()]));
    expect(sorted(Object.fromEntries(Object.entries(on).map(([id, json]) => [id, alertNames(json)])))).toEqual(sorted({
      'subslicing': ['subslicing: TPU slice with an unready node', 'subslicing: serving error ratio above 0.05', 'subslicing: p90 time to first token above 10s', 'subslicing: Kueue workloads pending'],
      'superslicing': ['superslicing: TPU slice with an unready node', 'superslicing: Kueue workloads pending'],
      'ray-llm': ['ray-llm: TPU slice with an unready node', 'ray-llm: serving error ratio above 0.05', 'ray-llm: p90 time to first token above 10s'],
      'ray-llm-autopilot': ['ray-llm-autopilot: TPU slice with an unready node', 'ray-llm-autopilot: serving error ratio above 0.05', 'ray-llm-autopilot: p90 time to first token above 10s'],
      'fungibility': ['fungibility: TPU slice with an unready node', 'fungibility: serving error ratio above 0.05', 'fungibility: p90 time to first token above 10s'],
      'llm-d-pd': ['llm-d-pd: TPU slice with an unready node', 'llm-d-pd: serving error ratio above 0.05', 'llm-d-pd: p90 time to first token above 10s'],
      'qwen-pd': ['qwen-pd: TPU slice with an unready node', 'qwen-pd: serving error ratio above 0.05', 'qwen-pd: p90 time to first token above 10s'],
    }));
    const pending = resources(on.superslicing, 'google_monitoring_alert_policy').find(([, a]) => /pending/.test(a.display_name))![1];
    expect(pending.conditions[0].condition_prometheus_query_language).toEqual({
      query: 'sum by (cluster_queue) (kueue_pending_workloads{cluster="tpu-serving-cluster",namespace="kueue-system",job="kueue-controller-manager",cluster_queue="cq"}) > 0',
      duration: '1800s', evaluation_interval: '60s', disable_metric_validation: true,
    });
    // Two conditions for multi-host pools: pool availability, and Ready of accelerator nodes.
    const slice = resources(on.superslicing, 'google_monitoring_alert_policy').find(([, a]) => /unready/.test(a.display_name))![1];
    expect(slice.conditions.map((c: Json) => c.display_name)).toEqual(['superslicing: TPU slice with an unready node (1)', 'superslicing: TPU slice with an unready node (2)']);
  });
});

describe('opting out removes all of it', () => {
  function expectNone(json: Json): void {
    expect(resources(json, 'google_monitoring_dashboard')).toEqual([]);
    expect(resources(json, 'google_monitoring_alert_policy')).toEqual([]);
    expect(podMonitorings(json)).toEqual([]);
    expect(resources(json, 'helm_release').map(([, r]) => r.name)).not.toContain('gmp-scrape-configs');
    expect(json.variable.notification_channels).toBeUndefined();
    expect(JSON.stringify(shippedObjects(json))).not.toContain('gmp-kueue-metrics-reader');
  }

  test.each(Object.keys(STACKS))('%s: observability: false', (id) => {
    const json = synth(STACKS[id](Testing.app(), false));
    expectNone(json);
    if (id === 'subslicing') expect(helmValues(json, 'pd-disaggregation').router.monitoring).toBeUndefined();
    if (id === 'llm-d-pd' || id === 'qwen-pd') expect(helmValues(json, 'gaie-pd').inferenceExtension.monitoring.prometheus.enabled).toBe(false);
  });

  test('the context key: false for every stack, or a list of stack IDs', () => {
    expectNone(synth(STACKS.superslicing(Testing.app({ context: { [OBSERVABILITY_CONTEXT_KEY]: false } }))));
    expectNone(synth(STACKS['qwen-pd'](Testing.app({ context: { [OBSERVABILITY_CONTEXT_KEY]: ['qwen-pd'] } }))));
    expect(resources(synth(STACKS['ray-llm'](Testing.app({ context: { [OBSERVABILITY_CONTEXT_KEY]: ['qwen-pd'] } }))), 'google_monitoring_dashboard')).toHaveLength(1);
  });
});
