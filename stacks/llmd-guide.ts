import { Construct } from 'constructs';
import {
  CapacityKind,
  CapacityMode,
  GkeCluster,
  GkeGatewayClass,
  GkeVersionSelection,
  K8sNamespace,
  LlmdHelmRelease,
  observedRouter,
  observedTpuPools,
  PdDisaggregation,
  pdVllmScrapes,
  recipeCapacityMode,
  scenarioObservability,
  ScenarioObservabilityProps,
  SecretSource,
  StackObservability,
  stringVariable,
  TokenSecret,
  TpuNodePool,
  tokenRevision,
  tokenVariable,
} from 'tpu-gke-cdktf';

/**
 * The Secret `llm-d-hf-token` (key `HF_TOKEN`) in `namespace` that every llm-d
 * recipe reads: written from the sensitive variable `hf_token`, or, with
 * `existing`, a reference to a Secret the user created (no variable then).
 */
export function llmdHfTokenSecret(scope: Construct, namespace: K8sNamespace, existing: boolean | undefined, description: string): TokenSecret {
  return new TokenSecret(scope, 'HfToken', {
    namespace,
    name: 'llm-d-hf-token',
    key: 'HF_TOKEN',
    source: existing ? SecretSource.existing() : SecretSource.fromVariable(tokenVariable(scope, 'hf_token', description), tokenRevision(scope, 'hf_token')),
  });
}

/**
 * Capacity mode of an llm-d guide stack's TPU pools: the context key `capacity`
 * (any mode but queued provisioning), else the seed's `seedDefault`; reservation
 * mode declares the variable `reservation_name` with `reservationDescription`.
 */
export function llmdGuideCapacityMode(scope: Construct, seedDefault: CapacityKind, reservationDescription: string): CapacityMode {
  return recipeCapacityMode(scope, {
    seedDefault,
    allowed: [CapacityKind.RESERVATION, CapacityKind.ANY_RESERVATION, CapacityKind.ON_DEMAND, CapacityKind.SPOT, CapacityKind.FLEX_START],
    specificReservation: () => ({
      name: stringVariable(scope, 'reservation_name', {
        description: reservationDescription,
        pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter)',
      }).stringValue,
    }),
  });
}

/**
 * Observability of an llm-d guide stack (dashboard titled `title`, the TPU pools,
 * both vLLM roles on their pods' `vllm` port, the endpoint picker), or undefined
 * when `observability` is off.
 */
export function llmdGuideObservability(
  scope: Construct,
  title: string,
  observability: ScenarioObservabilityProps | false | undefined,
  target: { readonly cluster: GkeCluster; readonly pools: readonly TpuNodePool[]; readonly serving: PdDisaggregation; readonly namespace: K8sNamespace },
): StackObservability | undefined {
  return scenarioObservability(scope, observability, {
    cluster: target.cluster,
    title,
    tpuPools: observedTpuPools(target.pools),
    vllm: pdVllmScrapes(target.serving, target.namespace.name, { prefill: 'vllm', decode: 'vllm' }),
    router: observedRouter(target.serving, target.namespace.name),
    dependsOn: [target.namespace],
  });
}

/** Release and route names of llm-d's P/D guide, which seeds 002 and 003 keep. */
export const LLMD_PD_GUIDE_NAMES = {
  gatewayReleaseName: 'infra-pd',
  routerReleaseName: 'gaie-pd',
  modelServiceReleaseName: 'ms-pd',
  routeName: 'llm-d-pd-disaggregation',
} as const;

/** Props both llm-d guide stacks (seeds 002 and 003) take with the same meaning and default. */
export interface LlmdGuideStackProps {
  /**
   * GKE version. GKE installs the InferencePool CRD from 1.34.0-gke.1626000 on; a
   * Terraform precondition checks the chosen version against it.
   * @default GkeVersionSelection.channelDefault() (the Rapid channel's default, as seed 003)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * llm-d release whose charts (and, unless overridden, images) are installed.
   * @default LlmdHelmRelease.V0_6
   */
  readonly llmdRelease?: LlmdHelmRelease;
  /**
   * vLLM TPU image of both roles.
   * @default - the llm-d release's ("vllm/vllm-tpu:v0.13.2"; seed 003's floating `nightly` pinned to it)
   */
  readonly vllmImage?: string;
  /**
   * Create Prometheus Operator PodMonitors for the vLLM pods (needs the
   * `monitoring.coreos.com` CRDs, which GKE does not install).
   * @default false (the seeds enable them)
   */
  readonly podMonitors?: boolean;
  /**
   * Use a Secret `llm-d-hf-token` that already exists in the namespace instead of creating it from `hf_token`.
   * @default false
   */
  readonly existingHfTokenSecret?: boolean;
  /**
   * GatewayClass of `infra-pd-inference-gateway`. The guides' class is
   * `gke-l7-regional-external-managed` (a public, plain-HTTP, unauthenticated
   * endpoint); the default keeps the gateway inside the VPC.
   * @default GkeGatewayClass.L7_RILB
   */
  readonly gatewayClass?: GkeGatewayClass;
  /**
   * NetworkPolicies that isolate the namespace: ingress only from its own pods, the
   * gateway's proxy-only subnet and Google Cloud health checks (Dataplane V2 enforces them).
   * @default false
   */
  readonly networkPolicies?: boolean;
  /**
   * Dashboard, alerts and managed Prometheus scrape configs (vLLM prefill/decode,
   * the endpoint picker); \`false\` leaves them out (also the context key
   * \`tpu-gke:observability\`).
   * @default - on, with the default thresholds
   */
  readonly observability?: ScenarioObservabilityProps | false;
}
