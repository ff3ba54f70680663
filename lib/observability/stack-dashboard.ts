import { Construct } from 'constructs';
import { MonitoringDashboard } from '@cdktf/provider-google/lib/monitoring-dashboard';
import { AlertThresholds, dashboardSections, ObservedStack, PanelSpec, resolveThresholds, SectionSpec } from './observed-stack';

/** Props of {@link StackDashboard}. */
export interface StackDashboardProps {
  /** Project of the dashboard. */
  readonly project: string;
  /** What the stack runs. */
  readonly stack: ObservedStack;
  /**
   * Thresholds drawn on the charts (the alerts').
   * @default - the AlertThresholds defaults
   */
  readonly thresholds?: AlertThresholds;
}

const COLUMNS = 12;
const HALF = 6;
const CHART_HEIGHT = 4;

function chart(p: PanelSpec): Record<string, unknown> {
  return {
    title: p.title,
    xyChart: {
      dataSets: p.queries.map((q) => ({
        timeSeriesQuery: { prometheusQuery: q },
        plotType: 'LINE',
        targetAxis: 'Y1',
        minAlignmentPeriod: '60s',
      })),
      ...(p.threshold ? { thresholds: [{ value: p.threshold.value, label: p.threshold.label, targetAxis: 'Y1' }] } : {}),
      yAxis: { label: p.yAxis, scale: 'LINEAR' },
      chartOptions: { mode: 'COLOR' },
    },
  };
}

/**
 * The Cloud Monitoring `Dashboard` (API v1 JSON) of `sections`: a 12-column
 * mosaic, each section a Markdown title row followed by its charts two per row,
 * every chart a PromQL query (`timeSeriesQuery.prometheusQuery`).
 */
export function dashboardDefinition(displayName: string, sections: readonly SectionSpec[]): Record<string, unknown> {
  const tiles: Record<string, unknown>[] = [];
  let y = 0;
  for (const section of sections) {
    tiles.push({ xPos: 0, yPos: y, width: COLUMNS, height: 1, widget: { text: { content: `## ${section.title}`, format: 'MARKDOWN' } } });
    y += 1;
    section.panels.forEach((p, i) => {
      tiles.push({ xPos: (i % 2) * HALF, yPos: y + Math.floor(i / 2) * CHART_HEIGHT, width: HALF, height: CHART_HEIGHT, widget: chart(p) });
    });
    y += Math.ceil(section.panels.length / 2) * CHART_HEIGHT;
  }
  return { displayName, mosaicLayout: { columns: COLUMNS, tiles } };
}

/**
 * A `google_monitoring_dashboard` generated from what the stack runs: TPU
 * capacity and health, Kueue admission, serving per role and the router's picks
 * (see {@link dashboardSections}).
 */
export class StackDashboard extends Construct {
  public readonly resource: MonitoringDashboard;
  /** The dashboard JSON as an object (what `dashboard_json` holds). */
  public readonly definition: Record<string, unknown>;

  constructor(scope: Construct, id: string, props: StackDashboardProps) {
    super(scope, id);
    this.definition = dashboardDefinition(`${props.stack.title} (tpu-gke)`, dashboardSections(props.stack, resolveThresholds(props.thresholds)));
    this.resource = new MonitoringDashboard(this, 'Dashboard', {
      project: props.project,
      dashboardJson: JSON.stringify(this.definition),
    });
  }
}
