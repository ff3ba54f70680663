/**
 * What a prefill/decode deployment ({@link PdDisaggregation}) exposes to
 * managed Prometheus: the vLLM servers of each role and the endpoint picker.
 */
import { GaieInferencePool } from '../serving/pd/gaie-inference-pool';
import { LlmdRouter } from '../serving/pd/llmd-router';
import { PdDisaggregation } from '../serving/pd/pd-disaggregation';
import { PD_ROLE_LABEL, PdRole } from '../serving/vllm-tpu';
import { GAIE_LLMD_SCHEDULER_METRICS, LLMD_ROUTER_METRICS } from './metric-catalog';
import { ObservedRouter } from './observed-stack';
import { VllmScrape } from './stack-observability';

/** The prefill and decode vLLM servers of a P/D deployment, scraped on each role's vLLM port (not the routing sidecar's). */
export function pdVllmScrapes(serving: PdDisaggregation, namespace: string, ports: { readonly prefill: number | string; readonly decode: number | string }): VllmScrape[] {
  return [PdRole.PREFILL, PdRole.DECODE].map((role) => ({
    role: role.name,
    target: {
      name: `vllm-${role.name}`,
      namespace,
      selector: { ...serving.modelServers.podLabels, [PD_ROLE_LABEL]: role.name },
      port: role === PdRole.PREFILL ? ports.prefill : ports.decode,
    },
  }));
}

/** The endpoint picker of a P/D deployment as its chart's PodMonitoring scrapes it (job = release name). */
export function observedRouter(serving: PdDisaggregation, namespace: string): ObservedRouter | undefined {
  const r = serving.router;
  if (r instanceof GaieInferencePool) return { job: r.release.releaseName, namespace, metrics: GAIE_LLMD_SCHEDULER_METRICS };
  if (r instanceof LlmdRouter) return { job: r.release.releaseName, namespace, metrics: LLMD_ROUTER_METRICS };
  return undefined;
}
