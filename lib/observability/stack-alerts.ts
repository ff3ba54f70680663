import { Construct } from 'constructs';
import { MonitoringAlertPolicy, MonitoringAlertPolicyConditions } from '@cdktf/provider-google/lib/monitoring-alert-policy';
import {
  AlertThresholds, ObservedStack, pendingWorkloadsQuery, resolveThresholds, servingErrorRatioQuery, ttftP90Query,
  unavailableSlicesQuery, unreadyAcceleratorNodesQuery,
} from './observed-stack';

/** Props of {@link StackAlerts}. */
export interface StackAlertsProps {
  /** Project of the alert policies. */
  readonly project: string;
  /** What the stack runs. */
  readonly stack: ObservedStack;
  /**
   * Notification channels (`projects/<project>/notificationChannels/<id>`), e.g. a
   * Terraform variable's list value. Empty: the policies open incidents in Cloud
   * Monitoring but notify no one.
   * @default []
   */
  readonly notificationChannels?: string[];
  /**
   * Thresholds.
   * @default - the AlertThresholds defaults
   */
  readonly thresholds?: AlertThresholds;
}

/** One policy as created (for summaries and tests). */
export interface AlertPolicySpec {
  /** Construct ID of the policy. */
  readonly id: string;
  /** Display name of the policy. */
  readonly displayName: string;
  /** The PromQL condition(s). */
  readonly queries: readonly string[];
  /** How long a condition must hold. */
  readonly duration: string;
}

/**
 * `google_monitoring_alert_policy` resources with PromQL conditions
 * (`condition_prometheus_query_language`) for what the stack runs: a TPU slice
 * with an unready node, the serving error ratio and p90 time to first token
 * above their thresholds, and Kueue workloads pending too long. Metric
 * validation is disabled on every condition: the Prometheus metrics only exist
 * once the workloads have been scraped.
 */
export class StackAlerts extends Construct {
  public readonly policies: MonitoringAlertPolicy[] = [];
  public readonly specs: AlertPolicySpec[] = [];

  constructor(scope: Construct, id: string, props: StackAlertsProps) {
    super(scope, id);
    const s = props.stack;
    const t = resolveThresholds(props.thresholds);

    if (s.tpuPools) {
      const multiHost = s.tpuPools.filter((p) => p.multiHost);
      this.add(props, 'SliceNodeUnready', `${s.title}: TPU slice with an unready node`, [
        ...(multiHost.length ? [unavailableSlicesQuery(s.clusterName, s.tpuPools)] : []),
        unreadyAcceleratorNodesQuery(s.clusterName),
      ], t.unreadyFor, 'A TPU node of the cluster is not Ready (or a multi-host slice has an unavailable node): the workloads on that slice stall until the node is repaired or replaced.');
    }
    const errors = servingErrorRatioQuery(s);
    if (errors) {
      this.add(props, 'ServingErrors', `${s.title}: serving error ratio above ${t.errorRatio}`, [`(${errors}) > ${t.errorRatio}`], t.servingFor,
        `More than ${t.errorRatio * 100}% of requests failed over 5 minutes${s.router ? ' (as the endpoint picker counts them)' : ''}.`);
    }
    const ttft = ttftP90Query(s);
    if (ttft) {
      this.add(props, 'ServingLatency', `${s.title}: p90 time to first token above ${t.ttftP90Seconds}s`, [`${ttft} > ${t.ttftP90Seconds}`], t.servingFor,
        `The 90th percentile time to first token stayed above ${t.ttftP90Seconds}s.`);
    }
    const pending = pendingWorkloadsQuery(s);
    if (pending) {
      this.add(props, 'WorkloadsPending', `${s.title}: Kueue workloads pending`, [`${pending} > ${t.pendingWorkloads}`], t.pendingFor,
        `More than ${t.pendingWorkloads} workloads stayed pending in a ClusterQueue for ${t.pendingFor}: quota, capacity or an admission check is holding them.`);
    }
  }

  private add(props: StackAlertsProps, id: string, displayName: string, queries: string[], duration: string, doc: string): void {
    const conditions: MonitoringAlertPolicyConditions[] = queries.map((query, i) => ({
      displayName: queries.length > 1 ? `${displayName} (${i + 1})` : displayName,
      conditionPrometheusQueryLanguage: { query, duration, evaluationInterval: '60s', disableMetricValidation: true },
    }));
    this.policies.push(new MonitoringAlertPolicy(this, id, {
      project: props.project,
      displayName,
      combiner: 'OR',
      severity: 'WARNING',
      conditions,
      notificationChannels: props.notificationChannels ?? [],
      documentation: { content: doc, mimeType: 'text/markdown' },
    }));
    this.specs.push({ id, displayName, queries, duration });
  }
}
