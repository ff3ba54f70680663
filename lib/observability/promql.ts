/**
 * PromQL selectors for Cloud Monitoring: Prometheus metrics written by managed
 * collection (resource `prometheus_target`, labels `cluster`, `namespace`, `job`)
 * and GKE system metrics, queried with the UTF-8 selector form
 * `{"kubernetes.io/node/...", monitored_resource="k8s_node", cluster_name="..."}`
 * (https://cloud.google.com/monitoring/promql).
 */
import { Token } from 'cdktf';
import { DocumentedMetric } from './metric-catalog';

/** A label matcher value: exact (`=`), or `{ regex }` (`=~`), or `{ not }` (`!=`). */
export type LabelMatch = string | { readonly regex: string } | { readonly not: string };

/** Quotes a PromQL string literal. */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function matchers(labels: Readonly<Record<string, LabelMatch>>): string[] {
  return Object.entries(labels).map(([k, v]) => {
    if (typeof v === 'string') return `${k}=${promString(v)}`;
    if ('regex' in v) return `${k}=~${promString(v.regex)}`;
    return `${k}!=${promString(v.not)}`;
  });
}

/** `metric{labels}` for a Prometheus metric (name of letters, digits, `_` and `:`). */
export function promSelector(metric: DocumentedMetric | string, labels: Readonly<Record<string, LabelMatch>>, suffix = ''): string {
  const name = `${typeof metric === 'string' ? metric : metric.name}${suffix}`;
  const m = matchers(labels);
  return m.length ? `${name}{${m.join(',')}}` : name;
}

/** `{"<metric type>", monitored_resource="<resource>", labels}` for a Cloud Monitoring (GKE system) metric. */
export function cloudMetricSelector(metric: DocumentedMetric, resource: string, labels: Readonly<Record<string, LabelMatch>>): string {
  return `{${[promString(metric.name), `monitored_resource=${promString(resource)}`, ...matchers(labels)].join(',')}}`;
}

/** A regex matching exactly the given values (escaped; Terraform tokens are left as they are), for `=~`. */
export function anyOf(values: readonly string[]): { readonly regex: string } {
  return { regex: values.map((v) => (Token.isUnresolved(v) ? v : v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('|') };
}

/** `histogram_quantile(q, sum by (le, by...) (rate(<metric>_bucket{...}[window])))`. */
export function quantile(q: number, metric: DocumentedMetric, labels: Readonly<Record<string, LabelMatch>>, by: readonly string[], window = '5m'): string {
  return `histogram_quantile(${q}, sum by (${['le', ...by].join(', ')}) (rate(${promSelector(metric, labels, '_bucket')}[${window}])))`;
}

/** `sum by (by...) (rate(<metric>{...}[window]))`. */
export function rateSum(metric: DocumentedMetric, labels: Readonly<Record<string, LabelMatch>>, by: readonly string[], window = '5m'): string {
  return `sum by (${by.join(', ')}) (rate(${promSelector(metric, labels)}[${window}]))`;
}
