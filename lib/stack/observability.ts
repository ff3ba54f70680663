/**
 * Observability of the scenario stacks (issue 13): on by default, off per stack
 * with the typed prop `observability: false` or, without code changes, with the
 * cdktf context key `tpu-gke:observability` (false, or a list of stack IDs).
 */
import { Construct } from 'constructs';
import { TerraformVariable } from 'cdktf';
import { observabilityEnabled } from '../observability/observability-context';
import { AlertThresholds } from '../observability/observed-stack';
import { StackObservability, StackObservabilityProps } from '../observability/stack-observability';

/** The `observability` prop of every scenario stack. */
export interface ScenarioObservabilityProps {
  /**
   * Alert thresholds.
   * @default - the AlertThresholds defaults (5% errors, 10 s p90 TTFT, any workload pending 30 min, a node unready 5 min)
   */
  readonly thresholds?: AlertThresholds;
}

/** Name of the Terraform variable with the alert notification channels. */
export const NOTIFICATION_CHANNELS_VARIABLE = 'notification_channels';

/** `notification_channels`: list of `projects/<project>/notificationChannels/<id>`, default empty (alerts notify no one). */
export function notificationChannelsVariable(scope: Construct): TerraformVariable {
  return new TerraformVariable(scope, NOTIFICATION_CHANNELS_VARIABLE, {
    type: 'list(string)',
    description: 'Cloud Monitoring notification channels of the alert policies (projects/<project>/notificationChannels/<id>); empty: alerts open incidents but notify no one.',
    default: [],
    nullable: false,
    validation: [{
      condition: `\${alltrue([for c in var.${NOTIFICATION_CHANNELS_VARIABLE} : can(regex("^projects/[^/]+/notificationChannels/[^/]+$", c))])}`,
      errorMessage: `${NOTIFICATION_CHANNELS_VARIABLE} entries must look like projects/<project>/notificationChannels/<id>.`,
    }],
  });
}

/**
 * The stack's {@link StackObservability} (with the `notification_channels`
 * variable), or undefined when the stack opted out.
 */
export function scenarioObservability(
  scope: Construct,
  prop: ScenarioObservabilityProps | false | undefined,
  props: Omit<StackObservabilityProps, 'notificationChannels' | 'thresholds'>,
): StackObservability | undefined {
  if (!observabilityEnabled(scope, prop)) return undefined;
  return new StackObservability(scope, 'Observability', {
    ...props,
    thresholds: prop ? prop.thresholds : undefined,
    notificationChannels: notificationChannelsVariable(scope).listValue,
  });
}
