/**
 * The observability part of a stack's summary (issue 13): its Cloud Monitoring
 * dashboards and alert policies, whom the alerts notify, and what managed
 * Prometheus scrapes (PodMonitoring objects shipped by the stack).
 */
import { parse } from 'yaml';

type Json = Record<string, any>;

/** One alert policy and whom it notifies. */
export interface AlertSummary {
  readonly name: string;
  /** "no one", "N channels", or the variable (and what its default means). */
  readonly notifies: string;
}

/** Dashboards, alerts and scrape configs of a synthesized stack. */
export interface ObservabilitySummary {
  readonly dashboards: readonly string[];
  readonly alerts: readonly AlertSummary[];
  /** `namespace/name` of the PodMonitoring objects shipped through the carrier chart. */
  readonly scrapeConfigs: readonly string[];
}

const VARIABLE = /^\$\{var\.([A-Za-z0-9_-]+)\}$/;

/** Whom `notification_channels` of an alert policy reaches. */
export function notificationTarget(channels: unknown, variables: Json): string {
  if (channels === undefined || (Array.isArray(channels) && channels.length === 0)) return 'no one (no notification channel)';
  if (Array.isArray(channels)) return `${channels.length} notification channel${channels.length === 1 ? '' : 's'}`;
  const m = typeof channels === 'string' ? VARIABLE.exec(channels) : null;
  if (m) {
    const def = variables[m[1]]?.default;
    return Array.isArray(def) && def.length === 0
      ? `no one unless \`${m[1]}\` is set (default: empty)`
      : `the channels in \`${m[1]}\`${Array.isArray(def) ? ` (default: ${def.length})` : ''}`;
  }
  return `channels from \`${String(channels)}\``;
}

/** Reads the dashboards, alert policies and PodMonitoring objects of a stack's cdk.tf.json. */
export function observabilitySummary(json: Json): ObservabilitySummary {
  const resource = json.resource ?? {};
  const dashboards = Object.values<Json>(resource.google_monitoring_dashboard ?? {}).map((d) => {
    try {
      return String(JSON.parse(d.dashboard_json).displayName ?? '(unnamed)');
    } catch {
      return '(dashboard_json is an expression)';
    }
  });
  const alerts = Object.values<Json>(resource.google_monitoring_alert_policy ?? {})
    .map((a) => ({ name: String(a.display_name), notifies: notificationTarget(a.notification_channels, json.variable ?? {}) }));
  const scrapeConfigs: string[] = [];
  for (const r of Object.values<Json>(resource.helm_release ?? {})) {
    if (!String(r.chart ?? '').includes('K8sObjectsChart') || typeof r.values?.[0] !== 'string') continue;
    for (const o of (parse(r.values[0], { version: '1.1' })?.objects ?? []) as Json[]) {
      if (o?.apiVersion === 'monitoring.googleapis.com/v1' && /PodMonitoring$/.test(o.kind)) {
        scrapeConfigs.push(o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : String(o.metadata?.name));
      }
    }
  }
  return { dashboards, alerts, scrapeConfigs };
}

/** The `### Observability` section of a stack's Markdown summary. */
export function observabilitySection(json: Json): string[] {
  const s = observabilitySummary(json);
  const out = ['### Observability', ''];
  if (!s.dashboards.length && !s.alerts.length && !s.scrapeConfigs.length) {
    return [...out, '_No dashboards, alerts or scrape configs (observability is off for this stack)._', ''];
  }
  out.push(`- Dashboards (${s.dashboards.length}): ${s.dashboards.length ? s.dashboards.map((d) => `\`${d}\``).join(', ') : 'none'}`);
  out.push(`- Alert policies (${s.alerts.length})${s.alerts.length ? ':' : ': none'}`);
  for (const a of s.alerts) out.push(`  - \`${a.name}\`: notifies ${a.notifies}`);
  out.push(`- Managed Prometheus scrape configs (${s.scrapeConfigs.length}): ${s.scrapeConfigs.length ? s.scrapeConfigs.map((p) => `\`${p}\``).join(', ') : 'none'}`);
  if (s.alerts.length && s.alerts.every((a) => a.notifies.startsWith('no one'))) {
    out.push('', '> [!NOTE]', '> The alert policies open incidents in Cloud Monitoring but notify no one: set `notification_channels` to notify.');
  }
  out.push('');
  return out;
}
