/**
 * The endpoint picker (EPP) configuration file: which scheduling plugins run
 * and how they form the prefill and decode profiles. Charts take it as YAML
 * text (`pluginsCustomConfig`); it is written here as typed data.
 */
import { writeYaml } from '../../k8s/yaml-writer';

/** A plugin instance of the endpoint picker. */
export interface EndpointPickerPlugin {
  /** Plugin type, e.g. `prefill-filter`. */
  readonly type: string;
  /**
   * Instance name, when one type is used twice.
   * @default - the type
   */
  readonly name?: string;
  /**
   * Plugin parameters.
   * @default - none
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
}

/** A plugin of a scheduling profile. */
export interface SchedulingProfilePlugin {
  /** Name (or type) of a declared plugin. */
  readonly pluginRef: string;
  /**
   * Scorer weight.
   * @default - none (the picker's default)
   */
  readonly weight?: number;
}

/** A scheduling profile (`prefill`, `decode`): filters, scorers and a picker in order. */
export interface SchedulingProfile {
  /** Profile name. */
  readonly name: string;
  /** Plugins of the profile, in order. */
  readonly plugins: readonly SchedulingProfilePlugin[];
}

/** The endpoint picker configuration file (`kind: EndpointPickerConfig`). */
export interface EndpointPickerConfig {
  /** Config API version the picker image reads, e.g. `llm-d.ai/v1alpha1`. */
  readonly apiVersion: string;
  /**
   * Feature gates.
   * @default - none
   */
  readonly featureGates?: readonly string[];
  /** Plugin instances. */
  readonly plugins: readonly EndpointPickerPlugin[];
  /** Scheduling profiles. */
  readonly schedulingProfiles: readonly SchedulingProfile[];
}

/** The config as the YAML text the charts put into the EPP ConfigMap. */
export function renderEndpointPickerConfig(config: EndpointPickerConfig): string {
  return writeYaml({
    apiVersion: config.apiVersion,
    kind: 'EndpointPickerConfig',
    ...(config.featureGates ? { featureGates: config.featureGates } : {}),
    plugins: config.plugins,
    schedulingProfiles: config.schedulingProfiles,
  });
}

/** Plugin types a P/D config needs so both profiles have endpoints to pick from. */
const PD_FILTERS = ['prefill-filter', 'decode-filter'];

/** Profile names a P/D config must define. */
export const PD_PROFILES: readonly string[] = ['prefill', 'decode'];

/** What keeps a P/D picker config from working: a missing prefill/decode profile or role filter, or a profile referring to an undeclared plugin. */
export function pdConfigProblems(config: EndpointPickerConfig): string[] {
  const declared = new Set(config.plugins.map((p) => p.name ?? p.type));
  const problems: string[] = [];
  for (const profile of PD_PROFILES) {
    if (!config.schedulingProfiles.some((p) => p.name === profile)) problems.push(`no "${profile}" scheduling profile`);
  }
  for (const filter of PD_FILTERS) {
    if (!config.plugins.some((p) => p.type === filter)) problems.push(`no "${filter}" plugin`);
  }
  for (const profile of config.schedulingProfiles) {
    for (const ref of profile.plugins) {
      if (!declared.has(ref.pluginRef)) problems.push(`profile "${profile.name}" refers to undeclared plugin "${ref.pluginRef}"`);
    }
  }
  return problems;
}

/**
 * Seed 000's router profile for the llm-d router v0.10.0: every request is
 * disaggregated; prefill keeps prefixes on cache-warm pods and picks by queued
 * prefill tokens; decode picks the endpoint with the fewest active requests.
 * The seed's floating file says `llm-d.ai/v1`; v0.10.0 reads `llm-d.ai/v1alpha1`.
 */
export const LLMD_ROUTER_PD_PICKER: EndpointPickerConfig = {
  apiVersion: 'llm-d.ai/v1alpha1',
  plugins: [
    { type: 'always-disagg-pd-decider' },
    { type: 'disagg-profile-handler', parameters: { deciders: { prefill: 'always-disagg-pd-decider' } } },
    { type: 'prefill-filter' },
    { type: 'decode-filter' },
    { type: 'approx-prefix-cache-producer', parameters: { maxPrefixTokensToMatch: 131072 } },
    { type: 'inflight-load-producer' },
    { type: 'prefix-cache-affinity-filter', parameters: { peakPrefillThroughput: 33821 } },
    { type: 'token-load-scorer' },
    { type: 'active-request-scorer' },
    { type: 'max-score-picker' },
  ],
  schedulingProfiles: [
    {
      name: 'prefill',
      plugins: [
        { pluginRef: 'prefill-filter' },
        { pluginRef: 'prefix-cache-affinity-filter' },
        { pluginRef: 'token-load-scorer' },
        { pluginRef: 'max-score-picker' },
      ],
    },
    {
      name: 'decode',
      plugins: [
        { pluginRef: 'decode-filter' },
        { pluginRef: 'active-request-scorer' },
        { pluginRef: 'max-score-picker' },
      ],
    },
  ],
};

/**
 * llm-d v0.6.0's `gaie-pd` profile for the inference scheduler v0.7.0: a
 * prefix-based decider sends requests with more than 16 uncached tokens through
 * prefill; both profiles score by prefix cache (weight 2) and queue (weight 1).
 */
export const INFERENCE_SCHEDULER_PD_PICKER: EndpointPickerConfig = {
  apiVersion: 'inference.networking.x-k8s.io/v1alpha1',
  featureGates: ['prepareDataPlugins'],
  plugins: [
    { type: 'prefill-header-handler' },
    { type: 'prefix-cache-scorer', parameters: { maxPrefixBlocksToMatch: 256, lruCapacityPerServer: 31250 } },
    { type: 'queue-scorer' },
    { type: 'prefill-filter' },
    { type: 'decode-filter' },
    { type: 'max-score-picker' },
    { type: 'prefix-based-pd-decider', parameters: { nonCachedTokens: 16 } },
    { type: 'pd-profile-handler', parameters: { primaryPort: 0, deciderPluginName: 'prefix-based-pd-decider' } },
  ],
  schedulingProfiles: [
    {
      name: 'prefill',
      plugins: [
        { pluginRef: 'prefill-filter' },
        { pluginRef: 'max-score-picker' },
        { pluginRef: 'prefix-cache-scorer', weight: 2 },
        { pluginRef: 'queue-scorer', weight: 1 },
      ],
    },
    {
      name: 'decode',
      plugins: [
        { pluginRef: 'decode-filter' },
        { pluginRef: 'max-score-picker' },
        { pluginRef: 'prefix-cache-scorer', weight: 2 },
        { pluginRef: 'queue-scorer', weight: 1 },
      ],
    },
  ],
};
