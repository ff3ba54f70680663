// Public API of tpu-gke-cdktf. Re-exports only.

export * from './errors';

// TPU catalog
export * from './tpu/tpu-topology';
export * from './tpu/tpu-generation';
export * from './tpu/tpu-machine-type';
export * from './tpu/slice-topology';
export * from './tpu/tpu-capacity';

// Providers and escape hatches
export * from './providers/provider-requirements';
export * from './providers/sensitive-variables';
export * from './providers/escape-hatches';
export * from './providers/google-providers';
export * from './providers/http';

// Network
export * from './network/tpu-network';
export * from './network/imported-tpu-network';

// GKE
export * from './gke/gke-version';
export * from './gke/gke-version-hcl';
export * from './gke/gke-version-selection';
export * from './gke/gke-addon';
export * from './gke/gke-cluster';
export * from './gke/imported-gke-cluster';
export * from './gke/slice-controller-cluster';
export * from './gke/node-pool-options';
export * from './gke/reservation-affinity';
export * from './gke/capacity-mode';
export * from './gke/tpu-fallback-compute-class';
export * from './gke/workload-policy';
export * from './gke/tpu-platform';
export * from './gke/tpu-node-pool';
export * from './gke/tpu-pool-group';
export * from './gke/superslice-pool';

// In-cluster objects
export * from './k8s/types';
export * from './k8s/render';
export * from './k8s/cluster-providers';
export * from './k8s/objects-chart';
export * from './k8s/helm-chart-release';
export * from './k8s/manifest-release';
export * from './k8s/remote-manifest';
export * from './k8s/k8s-namespace';
export * as kueueObjects from './k8s/kueue';
export * as jobsetObjects from './k8s/jobset';

// Kueue
export * from './kueue/workload-priority';
export * from './kueue/kueue-stack';
export * from './kueue/slice-job-set';

// Generic TPU workloads: JobSet (training, batch) and LeaderWorkerSet (multi-host serving) on any catalog slice
export * from './workloads/tpu-workload-placement';
export * from './workloads/tpu-job-set';
export * from './workloads/tpu-leader-worker-set';

// Shared building blocks for the serving scenarios
export * from './k8s/token-secret';
export * from './k8s/service-exposure';
export * from './k8s/namespace-network-policy';
export * from './gke/node-service-account';
export * from './gke/private-nodes-nat';
export * as workloadObjects from './k8s/workloads';
export * from './gcp/docker-repository';

// Ray Serve LLM on multi-host TPU (seed 001)
export * from './gke/autopilot-cluster';
export * from './gcp/model-bucket';
export * from './gcp/imported-model-bucket';
export * from './gcp/workload-identity-account';
export * as rayObjects from './k8s/ray';
export * as draObjects from './k8s/dra';
export * as computeClassObjects from './k8s/compute-class';
export * from './serving/gcs-fuse';
export * from './serving/tpu-slice-target';
export * from './serving/hf-model-download';
export * from './serving/ray/gradio-chat';
export * from './serving/ray/ray-llm-service';

// GPU + TPU fungibility (seed 004)
export * from './gke/gpu-accelerator';
export * from './gke/gpu-node-pool';
export * from './k8s/custom-metrics-adapter';
export * as monitoringObjects from './k8s/monitoring';
export * as autoscalingObjects from './k8s/autoscaling';
export * from './serving/fungible/capacity-tier';
export * from './serving/fungible/fungible-compute-class';
export * from './serving/fungible/fungible-vllm-server';

// Prefill/decode disaggregated serving (seeds 000 step 10-11, 002, 003)
export * as lwsObjects from './k8s/leader-worker-set';
export * as gatewayApiObjects from './k8s/gateway-api';
export * as rbacObjects from './k8s/rbac';
export * from './gcp/workload-identity-bucket-access';
export * from './serving/vllm-tpu';
export * from './serving/vllm-flags';
export * from './serving/model-profile';
export * from './serving/pd/pd-sizing';
export * from './serving/pd/llmd-release';
export * from './serving/pd/endpoint-picker-config';
export * from './serving/pd/gaie-crds';
export * from './serving/pd/inference-gateway';
export * from './serving/pd/llmd-infra-gateway';
export * from './serving/pd/inference-router';
export * from './serving/pd/llmd-router';
export * from './serving/pd/gaie-inference-pool';
export * from './serving/pd/llmd-model-service';
export * from './serving/pd/pd-leader-worker-sets';
export * from './serving/pd/pd-disaggregation';
export * from './serving/pd/gateway-benchmark';

// Observability: managed Prometheus scrape configs, dashboards, alert policies (issue 13)
export * from './observability/metric-catalog';
export * as promql from './observability/promql';
export * from './observability/scrape-target';
export * from './observability/managed-prometheus-scraping';
export * from './observability/observed-stack';
export * from './observability/stack-dashboard';
export * from './observability/stack-alerts';
export * from './observability/observability-context';
export * from './observability/stack-observability';
export * from './observability/pd-observation';

// Stack building blocks: state backend, environment variables, outputs
export * from './stack/backend';
export * from './stack/variables';
export * from './stack/outputs';
export * from './stack/scenario-stack';
export * from './stack/adopt-existing';
export * from './stack/observability';

// Patterns: compositions the recipes share
export * from './presets/seeds';
export * from './patterns/dynamic-slicing-platform';
export * from './patterns/llmd-guide-serving';

// Observability: managed Prometheus scraping, dashboards, alerts
export * from './observability/metric-catalog';
export * from './observability/observability-context';
export * from './observability/observed-stack';
export * from './observability/promql';
export * from './observability/scrape-target';
export * from './observability/managed-prometheus-scraping';
export * from './observability/stack-dashboard';
export * from './observability/stack-alerts';
export * from './observability/stack-observability';
export * from './observability/pd-observation';
