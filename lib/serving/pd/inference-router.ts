import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { Labels, ResourceRequirements } from '../../k8s/types';
import { EndpointPickerConfig, pdConfigProblems } from './endpoint-picker-config';

/** An InferencePool with its endpoint picker: what a route sends inference traffic to. */
export interface IInferenceRouter extends ITerraformDependable {
  /** InferencePool name. */
  readonly poolName: string;
  /** Pod labels the InferencePool selects. */
  readonly selector: Labels;
  /** Model server port the InferencePool targets. */
  readonly targetPort: number;
  /**
   * Name of the HTTPRoute the router's chart creates, if it creates one.
   * @default - none (the route is created separately)
   */
  readonly routeName?: string;
}

/** Endpoint picker resources the charts default to (4 CPUs, 8 GiB, at most 16 GiB). */
export const EPP_DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '4', memory: '8Gi' },
  limits: { memory: '16Gi' },
};

/** Throws when a P/D picker config would leave a profile without endpoints. */
export function checkPdPicker(what: string, config: EndpointPickerConfig): void {
  const problems = pdConfigProblems(config);
  if (problems.length) throw Errors.pickerConfigNotPd(what, problems);
}
