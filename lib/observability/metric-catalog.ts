/**
 * The metric names the dashboards and alerts query, each with the document it
 * was read from. Names are the exporters' own (Prometheus names as scraped by
 * Google Cloud Managed Service for Prometheus) or, for GKE system metrics, the
 * Cloud Monitoring metric type (queried in PromQL with the UTF-8 selector
 * `{"kubernetes.io/...", ...}`, see {@link cloudMetricSelector}).
 */

/** A metric name and where it is documented. */
export interface DocumentedMetric {
  /** Prometheus metric name, or Cloud Monitoring metric type for GKE system metrics. */
  readonly name: string;
  /** Where the name (and its labels) is documented. */
  readonly source: string;
}

/** The documents the metric names come from. */
export const MetricSources = {
  /** GKE system metrics list (`kubernetes.io/` metric types). */
  GKE_SYSTEM: 'https://cloud.google.com/monitoring/api/metrics_kubernetes (GKE system metrics: node/accelerator/*, node/status_condition, node_pool/multi_host/available)',
  /** vLLM V1 metrics (design doc; the usage page renders the same list). */
  VLLM: 'https://docs.vllm.ai/en/latest/design/metrics.html (vllm-project/vllm docs/design/metrics.md: v1 metrics, HTTP counters from prometheus_fastapi_instrumentator)',
  /** Kueue v0.17 metrics reference. */
  KUEUE: 'https://kueue.sigs.k8s.io/docs/reference/metrics/ (kubernetes-sigs/kueue v0.17.4 site/content/en/docs/reference/metrics.md)',
  /** Gateway API Inference Extension endpoint picker metrics. */
  GAIE_EPP: 'https://gateway-api-inference-extension.sigs.k8s.io/guides/metrics-and-observability/ (EPP metrics, port 9090)',
  /** llm-d inference scheduler (the EPP of llm-d releases up to v0.6). */
  LLMD_INFERENCE_SCHEDULER: 'llm-d/llm-d-inference-scheduler docs/metrics.md (subsystem llm_d_inference_scheduler, pd_decision_total of the pd-profile-handler)',
  /** llm-d router v0.10.0 endpoint picker. */
  LLMD_ROUTER: 'llm-d/llm-d-router v0.10.0 docs/metrics.md (subsystem llm_d_epp)',
  /** Ray Serve metrics. */
  RAY_SERVE: 'https://docs.ray.io/en/latest/serve/monitoring.html#metrics',
  /** vLLM engine metrics as Ray Serve LLM exports them (Ray prefixes application metrics with `ray_`). */
  RAY_SERVE_LLM: 'ray-project/ray python/ray/dashboard/modules/metrics/dashboards/serve_llm_dashboard_panels.py (vLLM metrics exported by Ray as ray_vllm:*)',
} as const;

function m(name: string, source: string): DocumentedMetric {
  return { name, source };
}

/** GKE system metrics of TPU nodes and node pools. */
export const GkeTpuMetrics = {
  /** GAUGE percent, k8s_node; labels make, accelerator_id, model, tpu_topology. */
  TENSORCORE_UTILIZATION: m('kubernetes.io/node/accelerator/tensorcore_utilization', MetricSources.GKE_SYSTEM),
  /** GAUGE percent, k8s_node; labels make, accelerator_id, model. */
  DUTY_CYCLE: m('kubernetes.io/node/accelerator/duty_cycle', MetricSources.GKE_SYSTEM),
  /** GAUGE bytes, k8s_node (HBM in use). */
  MEMORY_USED: m('kubernetes.io/node/accelerator/memory_used', MetricSources.GKE_SYSTEM),
  /** GAUGE bytes, k8s_node (HBM total). */
  MEMORY_TOTAL: m('kubernetes.io/node/accelerator/memory_total', MetricSources.GKE_SYSTEM),
  /** GAUGE BOOL, k8s_node; labels condition, status. */
  NODE_STATUS_CONDITION: m('kubernetes.io/node/status_condition', MetricSources.GKE_SYSTEM),
  /** GAUGE BOOL, k8s_node_pool: false when any node of a multi-host TPU pool is unavailable. */
  MULTI_HOST_AVAILABLE: m('kubernetes.io/node_pool/multi_host/available', MetricSources.GKE_SYSTEM),
} as const;

/** vLLM (V1 engine) server metrics, label `model_name`. */
export const VllmMetrics = {
  REQUESTS_RUNNING: m('vllm:num_requests_running', MetricSources.VLLM),
  REQUESTS_WAITING: m('vllm:num_requests_waiting', MetricSources.VLLM),
  /** Fraction (0-1) of KV-cache blocks in use. */
  KV_CACHE_USAGE: m('vllm:kv_cache_usage_perc', MetricSources.VLLM),
  /** Histogram. */
  TIME_TO_FIRST_TOKEN: m('vllm:time_to_first_token_seconds', MetricSources.VLLM),
  /** Histogram. */
  INTER_TOKEN_LATENCY: m('vllm:inter_token_latency_seconds', MetricSources.VLLM),
  /** Counter by `finished_reason`. */
  REQUEST_SUCCESS: m('vllm:request_success_total', MetricSources.VLLM),
  /** Counter of the API server, labels handler, method, status (`2xx`, `4xx`, `5xx`). */
  HTTP_REQUESTS: m('http_requests_total', MetricSources.VLLM),
} as const;

/** Ray Serve and Ray Serve LLM metrics. */
export const RayServeMetrics = {
  /** Counter; labels route, method, application, status_code. */
  HTTP_REQUESTS: m('ray_serve_num_http_requests_total', MetricSources.RAY_SERVE),
  /** Counter of non-200 responses; labels route, error_code, method, application. */
  HTTP_ERRORS: m('ray_serve_num_http_error_requests_total', MetricSources.RAY_SERVE),
  /** Histogram (milliseconds). */
  HTTP_LATENCY_MS: m('ray_serve_http_request_latency_ms', MetricSources.RAY_SERVE),
  /** Histogram. */
  TIME_TO_FIRST_TOKEN: m('ray_vllm:time_to_first_token_seconds', MetricSources.RAY_SERVE_LLM),
  /** Histogram (time per output token). */
  TIME_PER_OUTPUT_TOKEN: m('ray_vllm:time_per_output_token_seconds', MetricSources.RAY_SERVE_LLM),
} as const;

/** Kueue controller metrics, label `cluster_queue`. */
export const KueueMetrics = {
  /** Gauge; label status (`active`, `inadmissible`). */
  PENDING_WORKLOADS: m('kueue_pending_workloads', MetricSources.KUEUE),
  ADMITTED_ACTIVE_WORKLOADS: m('kueue_admitted_active_workloads', MetricSources.KUEUE),
  /** Histogram. */
  ADMISSION_WAIT_TIME: m('kueue_admission_wait_time_seconds', MetricSources.KUEUE),
  /** Optional (metrics.enableClusterQueueResources); labels flavor, resource. */
  RESOURCE_USAGE: m('kueue_cluster_queue_resource_usage', MetricSources.KUEUE),
  /** Optional (metrics.enableClusterQueueResources); labels flavor, resource. */
  NOMINAL_QUOTA: m('kueue_cluster_queue_nominal_quota', MetricSources.KUEUE),
} as const;

/** The metrics of one endpoint picker implementation. */
export interface EndpointPickerMetrics {
  /** Which picker (for titles). */
  readonly name: string;
  /** Requests (counter). */
  readonly requests: DocumentedMetric;
  /** Failed requests (counter). */
  readonly requestErrors: DocumentedMetric;
  /** Average model server queue size over the pool (gauge). */
  readonly averageQueueSize: DocumentedMetric;
  /** Average KV-cache utilization over the pool (gauge). */
  readonly averageKvCacheUtilization: DocumentedMetric;
  /** The P/D decisions (counter by `decision_type`). */
  readonly decisions: DocumentedMetric;
  /**
   * Per-endpoint picks or load (grouped by `pickLabel`).
   */
  readonly picks: DocumentedMetric;
  /** Label of {@link picks} naming the model server. */
  readonly pickLabel: string;
}

/** The GAIE `inferencepool` chart running llm-d's inference scheduler (pd-profile-handler). */
export const GAIE_LLMD_SCHEDULER_METRICS: EndpointPickerMetrics = {
  name: 'GAIE endpoint picker (llm-d inference scheduler)',
  requests: m('inference_objective_request_total', MetricSources.GAIE_EPP),
  requestErrors: m('inference_objective_request_error_total', MetricSources.GAIE_EPP),
  averageQueueSize: m('inference_pool_average_queue_size', MetricSources.GAIE_EPP),
  averageKvCacheUtilization: m('inference_pool_average_kv_cache_utilization', MetricSources.GAIE_EPP),
  decisions: m('llm_d_inference_scheduler_pd_decision_total', MetricSources.LLMD_INFERENCE_SCHEDULER),
  picks: m('inference_pool_per_pod_queue_size', MetricSources.GAIE_EPP),
  pickLabel: 'model_server_pod',
};

/** The llm-d router (`llm-d-router-gateway` v0.10.0, disagg-profile-handler). */
export const LLMD_ROUTER_METRICS: EndpointPickerMetrics = {
  name: 'llm-d router endpoint picker',
  requests: m('llm_d_epp_request_total', MetricSources.LLMD_ROUTER),
  requestErrors: m('llm_d_epp_request_error_total', MetricSources.LLMD_ROUTER),
  averageQueueSize: m('llm_d_epp_average_queue_size', MetricSources.LLMD_ROUTER),
  averageKvCacheUtilization: m('llm_d_epp_average_kv_cache_utilization', MetricSources.LLMD_ROUTER),
  decisions: m('llm_d_epp_disagg_decision_total', MetricSources.LLMD_ROUTER),
  picks: m('llm_d_epp_scheduler_attempts_total', MetricSources.LLMD_ROUTER),
  pickLabel: 'endpoint_name',
};
