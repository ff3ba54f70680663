/**
 * llm-d's Helm-era releases: the chart versions and images its P/D
 * disaggregation guide pins together. One set is used whole, so the charts,
 * the scheduler image and the routing sidecar were tested together upstream.
 */

/** Helm repository of the `llm-d-infra` chart (Gateway and its provider settings). */
export const LLMD_INFRA_REPOSITORY = 'https://llm-d-incubation.github.io/llm-d-infra/';
/** Helm repository of the `llm-d-modelservice` chart (prefill/decode model servers). */
export const LLMD_MODELSERVICE_REPOSITORY = 'https://llm-d-incubation.github.io/llm-d-modelservice/';
/** OCI registry of the Gateway API Inference Extension `inferencepool` chart (EPP + InferencePool). */
export const GAIE_CHART_REPOSITORY = 'oci://registry.k8s.io/gateway-api-inference-extension/charts';
/** OCI registry of the llm-d router charts (`llm-d-router-gateway`, `llm-d-router-standalone`). */
export const LLMD_ROUTER_CHART_REPOSITORY = 'oci://ghcr.io/llm-d/charts';

/** A container image split the way the `inferencepool` chart takes it. */
export interface ChartImage {
  /** Registry and path, e.g. `ghcr.io/llm-d`. */
  readonly hub: string;
  /** Image name. */
  readonly name: string;
  /** Tag. */
  readonly tag: string;
}

interface LlmdHelmReleaseSpec {
  readonly name: string;
  readonly infraChart: string;
  readonly inferencePoolChart: string;
  readonly modelServiceChart: string;
  readonly scheduler: ChartImage;
  readonly routingSidecarImage: string;
  readonly vllmTpuImage: string;
}

/** One llm-d release of the Helm era (before the guides moved to kustomize on 2026-04-30). */
export class LlmdHelmRelease {
  /**
   * llm-d v0.6.0: llm-d-infra v1.4.0, inferencepool v1.4.0, llm-d-modelservice v0.4.9,
   * inference scheduler v0.7.0, routing sidecar v0.7.1, vLLM TPU v0.13.2. The newest
   * Helm-era release, and the first whose modelservice chart (>= v0.4.7) knows the
   * top-level `tracing` block seed 003 sets.
   */
  public static readonly V0_6 = new LlmdHelmRelease({
    name: 'v0.6.0',
    infraChart: 'v1.4.0',
    inferencePoolChart: 'v1.4.0',
    modelServiceChart: 'v0.4.9',
    scheduler: { hub: 'ghcr.io/llm-d', name: 'llm-d-inference-scheduler', tag: 'v0.7.0' },
    routingSidecarImage: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1',
    vllmTpuImage: 'vllm/vllm-tpu:v0.13.2',
  });

  /** llm-d release tag. */
  public readonly name: string;
  /** `llm-d-infra` chart version (with its leading `v`). */
  public readonly infraChart: string;
  /** `inferencepool` chart version. */
  public readonly inferencePoolChart: string;
  /** `llm-d-modelservice` chart version. */
  public readonly modelServiceChart: string;
  /** Endpoint picker image the guide's `gaie-pd` values run (llm-d inference scheduler). */
  public readonly scheduler: ChartImage;
  /** Routing sidecar the guide's `ms-pd` values run next to the decode vLLM. */
  public readonly routingSidecarImage: string;
  /** vLLM TPU image of the guide's TPU values. */
  public readonly vllmTpuImage: string;

  private constructor(spec: LlmdHelmReleaseSpec) {
    this.name = spec.name;
    this.infraChart = spec.infraChart;
    this.inferencePoolChart = spec.inferencePoolChart;
    this.modelServiceChart = spec.modelServiceChart;
    this.scheduler = spec.scheduler;
    this.routingSidecarImage = spec.routingSidecarImage;
    this.vllmTpuImage = spec.vllmTpuImage;
  }
}
