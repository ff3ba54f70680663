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
export * from './providers/escape-hatches';
export * from './providers/google-providers';
export * from './providers/http';

// Network
export * from './network/tpu-network';

// GKE
export * from './gke/gke-version';
export * from './gke/gke-addon';
export * from './gke/gke-cluster';
export * from './gke/slice-controller-cluster';
export * from './gke/node-pool-options';
export * from './gke/reservation-affinity';
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

// Shared building blocks for the serving scenarios
export * from './k8s/token-secret';
export * as workloadObjects from './k8s/workloads';
export * from './gcp/docker-repository';
