/**
 * How an accelerator node pool obtains its VMs: one typed choice instead of
 * separate `spot` / `reservation` / flex-start switches, checked against the
 * rules GKE and the google provider enforce.
 *
 * Sources of the rules (tests name them per rule, see test/gke/capacity-mode.test.ts):
 * - GKE "About flex-start provisioning mode" (https://cloud.google.com/kubernetes-engine/docs/concepts/dws):
 *   flex-start runs TPU v5e, v5p and v6e (not v3/v4), single-host TPU slice node pools for
 *   flex-start VMs, nodes run at most seven days (the default).
 * - GKE "Run a large-scale workload with flex-start with queued provisioning"
 *   (https://cloud.google.com/kubernetes-engine/docs/how-to/provisioningrequest): node pools take both
 *   `--flex-start` and `--enable-queued-provisioning`; Kueue's ProvisioningRequest admission check
 *   (`kueue.x-k8s.io/provisioning-request`, class `queued-provisioning.gke.io`) requests the nodes.
 * - hashicorp/terraform-provider-google `google/services/container/resource_container_node_pool_test.go`
 *   (TestAccContainerNodePool_enableQueuedProvisioning, TestAccContainerNodePool_withFlexStart): the
 *   arguments GKE accepts: autoscaling `total_min_node_count = 0`, no `node_count`,
 *   `reservation_affinity { consume_reservation_type = "NO_RESERVATION" }`, `max_run_duration = "604800s"`.
 * - the same provider's `node_config.go`: `flex_start`, `max_run_duration`, `spot` and
 *   `reservation_affinity` are ForceNew (a change replaces the pool), `queued_provisioning` too
 *   (`resource_container_node_pool.go`).
 */
import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { ContainerNodePoolNodeConfigReservationAffinity } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { ReservationAffinity, SpecificReservationProps } from './reservation-affinity';

/** The capacity modes, as the context key `capacity` spells them. */
export enum CapacityKind {
  /** A specific Compute Engine reservation (name, project, block, sub-block). */
  RESERVATION = 'reservation',
  /** Any matching reservation, falling back to on-demand capacity. */
  ANY_RESERVATION = 'any-reservation',
  /** On-demand VMs; reservations are never consumed (`NO_RESERVATION`). */
  ON_DEMAND = 'on-demand',
  /** Spot VMs (`node_config.spot`). */
  SPOT = 'spot',
  /** DWS flex-start VMs (`node_config.flex_start`, `max_run_duration`), autoscaled from zero. */
  FLEX_START = 'flex-start',
  /** DWS flex-start with queued provisioning: nodes only through Kueue ProvisioningRequests. */
  QUEUED_PROVISIONING = 'queued-provisioning',
}

/** Every capacity kind, in fallback order (cheapest committed capacity first). */
export const CAPACITY_KINDS: readonly CapacityKind[] = [
  CapacityKind.RESERVATION, CapacityKind.ANY_RESERVATION, CapacityKind.ON_DEMAND,
  CapacityKind.FLEX_START, CapacityKind.QUEUED_PROVISIONING, CapacityKind.SPOT,
];

/** Longest run of a flex-start node GKE allows (seven days), in seconds; also GKE's default. */
export const FLEX_START_MAX_RUN_SECONDS = 7 * 24 * 3600;

/** Options of the flex-start modes. */
export interface FlexStartOptions {
  /**
   * How long each node runs before GKE removes it, in seconds (`max_run_duration`), 1 to 604800.
   * @default 604800 (seven days, GKE's default)
   */
  readonly maxRunDurationSeconds?: number;
}

/** How a node pool obtains its VMs. Build one with the static factories. */
export class CapacityMode {
  /** Consume only the given reservation (optionally one block / sub-block). */
  public static reservation(props: SpecificReservationProps): CapacityMode {
    return new CapacityMode(CapacityKind.RESERVATION, ReservationAffinity.specific(props));
  }

  /** Consume any matching reservation, else on-demand capacity. */
  public static anyReservation(): CapacityMode {
    return new CapacityMode(CapacityKind.ANY_RESERVATION, ReservationAffinity.any());
  }

  /** On-demand VMs that never consume a reservation. */
  public static onDemand(): CapacityMode {
    return new CapacityMode(CapacityKind.ON_DEMAND, ReservationAffinity.none());
  }

  /** Spot VMs (preemptible at any time, no reservation affinity written). */
  public static spot(): CapacityMode {
    return new CapacityMode(CapacityKind.SPOT);
  }

  /** DWS flex-start VMs: the pool autoscales from zero and each node runs at most `maxRunDurationSeconds`. */
  public static flexStart(options: FlexStartOptions = {}): CapacityMode {
    return new CapacityMode(CapacityKind.FLEX_START, ReservationAffinity.none(), maxRun(CapacityKind.FLEX_START, options));
  }

  /**
   * DWS flex-start with queued provisioning: the pool starts empty and Kueue's
   * ProvisioningRequest admission check obtains all nodes of a workload at once
   * ({@link KueueStack} adds the check when its platform uses this mode).
   */
  public static queuedProvisioning(options: FlexStartOptions = {}): CapacityMode {
    return new CapacityMode(CapacityKind.QUEUED_PROVISIONING, ReservationAffinity.none(), maxRun(CapacityKind.QUEUED_PROVISIONING, options));
  }

  private constructor(
    /** The mode. */
    public readonly kind: CapacityKind,
    /** `node_config.reservation_affinity` written for the mode (undefined: none written). */
    public readonly reservationAffinity?: ReservationAffinity,
    /** Flex-start modes: the maximum run duration in seconds. */
    public readonly maxRunDurationSeconds?: number,
  ) {}

  /** True for the modes whose pools autoscale from zero (flex-start, queued provisioning). */
  public get startsEmpty(): boolean {
    return this.kind === CapacityKind.FLEX_START || this.kind === CapacityKind.QUEUED_PROVISIONING;
  }

  /** The `node_config` arguments of the mode. */
  public nodeConfig(): CapacityNodeConfig {
    return {
      spot: this.kind === CapacityKind.SPOT ? true : undefined,
      flexStart: this.startsEmpty ? true : undefined,
      maxRunDuration: this.maxRunDurationSeconds !== undefined ? `${this.maxRunDurationSeconds}s` : undefined,
      reservationAffinity: this.reservationAffinity?.config,
    };
  }
}

/** Node settings a capacity mode writes. */
export interface CapacityNodeConfig {
  /**
   * `node_config.spot`.
   * @default - not written (regular VMs)
   */
  readonly spot?: boolean;
  /**
   * `node_config.flex_start`.
   * @default - not written (no flex-start)
   */
  readonly flexStart?: boolean;
  /**
   * `node_config.max_run_duration`, e.g. `"604800s"`.
   * @default - not written (no limit)
   */
  readonly maxRunDuration?: string;
  /**
   * `node_config.reservation_affinity`.
   * @default - not written (GKE consumes any matching reservation)
   */
  readonly reservationAffinity?: ContainerNodePoolNodeConfigReservationAffinity;
}

function maxRun(kind: CapacityKind, options: FlexStartOptions): number {
  const seconds = options.maxRunDurationSeconds ?? FLEX_START_MAX_RUN_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > FLEX_START_MAX_RUN_SECONDS) {
    throw Errors.outOfRange(`Capacity mode ${kind} maxRunDurationSeconds`, seconds, `a whole number of seconds from 1 to ${FLEX_START_MAX_RUN_SECONDS} (seven days, GKE's limit for flex-start nodes)`,
      'set maxRunDurationSeconds to at most 604800, or omit it for seven days');
  }
  return seconds;
}

/** cdktf context key that switches the capacity mode of the recipe stacks. */
export const CAPACITY_CONTEXT_KEY = 'capacity';

/**
 * The capacity kind of the recipe stack of `scope`: the context key `capacity`
 * (a kind for every stack, or an object of stack ID -> kind, e.g.
 * `{"qwen-pd":"spot"}`), else `seedDefault`. The kind must be in `allowed`
 * (what the recipe can run on); the error names the stack, the allowed kinds and the fix.
 */
export function capacityKindFromContext(scope: Construct, seedDefault: CapacityKind, allowed: readonly CapacityKind[]): CapacityKind {
  const stackId = TerraformStack.of(scope).node.id;
  const raw: unknown = scope.node.tryGetContext(CAPACITY_CONTEXT_KEY);
  let value: unknown = raw;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) value = (raw as Record<string, unknown>)[stackId];
  if (value === undefined) return seedDefault;
  const kind = CAPACITY_KINDS.find((k) => k === value);
  if (!kind || !allowed.includes(kind)) {
    throw Errors.invalidValue(`Context "${CAPACITY_CONTEXT_KEY}" for stack "${stackId}"`, typeof value === 'string' ? value : JSON.stringify(value),
      allowed, `set "${CAPACITY_CONTEXT_KEY}" to one of the listed modes (or {"${stackId}": "<mode>"} to switch only this stack); the recipe's default is ${seedDefault}`);
  }
  return kind;
}

/** TPU generations GKE lists for flex-start (and flex-start with queued provisioning). */
export const FLEX_START_TPU_GENERATIONS: readonly string[] = ['v5e', 'v5p', 'v6e'];

/** What {@link capacityPoolArgs} needs to know about the pool. */
export interface CapacityPoolContext {
  /** Pool name (for messages). */
  readonly pool: string;
  /**
   * The pool's autoscaling prop.
   * @default - a fixed-size pool
   */
  readonly autoscaling?: { readonly minNodes: number; readonly maxNodes: number; readonly initialNodes?: number };
  /**
   * The pool's fixed node count prop.
   * @default - not set (derived from the topology, or autoscaled)
   */
  readonly nodeCount?: number;
  /** Legacy props that the capacity mode replaces, when set (e.g. `spot`, `reservation`, `preemptible`). */
  readonly legacyProps: readonly string[];
  /**
   * TPU pools: the generation and whether the pool is one multi-host slice of `vms` VMs.
   * @default - not a TPU pool (GPU or CPU)
   */
  readonly tpu?: { readonly generation: string; readonly multiHost: boolean; readonly vms: number };
  /**
   * TPU pools: the accelerator topology mode of the workload policy.
   * @default - no workload policy
   */
  readonly workloadPolicyMode?: string;
}

/** The node pool arguments of a capacity mode. */
export interface CapacityPoolArgs {
  /** Arguments merged into `node_config`. */
  readonly nodeConfig: CapacityNodeConfig;
  /** Pool-level arguments (size, autoscaling, queued provisioning) that replace the pool's own; empty when unchanged. */
  readonly pool: {
    readonly nodeCount?: number;
    readonly initialNodeCount?: number;
    readonly autoscaling?: { readonly totalMinNodeCount: number; readonly totalMaxNodeCount: number };
    readonly queuedProvisioning?: { readonly enabled: boolean };
  };
  /**
   * Nodes at the pool's largest size, when the mode decides it.
   * @default - the pool's own size
   */
  readonly maxNodes?: number;
}

/**
 * Checks `mode` against the pool and returns the arguments it writes. Rules
 * (each with its source in test/gke/capacity-mode.test.ts): one way to choose
 * capacity (no `spot`/`reservation`/`preemptible` next to `capacityMode`);
 * flex-start and queued provisioning autoscale from zero without a static node
 * count, only on the TPU generations GKE lists, flex-start VMs only on single-host
 * TPU pools; a PROVISION_ONLY workload policy consumes a specific reservation.
 */
export function capacityPoolArgs(mode: CapacityMode, ctx: CapacityPoolContext): CapacityPoolArgs {
  const subject = `Node pool "${ctx.pool}" capacity mode ${mode.kind}`;
  if (ctx.legacyProps.length) {
    throw Errors.capacityRule(subject, `is set together with ${ctx.legacyProps.map((p) => `\`${p}\``).join(' and ')}`,
      'one way to choose capacity: `capacityMode` alone', `remove ${ctx.legacyProps.map((p) => `\`${p}\``).join(' and ')}; \`capacityMode\` covers them (CapacityMode.spot(), CapacityMode.reservation(...), ...)`);
  }
  if (ctx.workloadPolicyMode === 'PROVISION_ONLY' && mode.kind !== CapacityKind.RESERVATION) {
    throw Errors.capacityRule(subject, 'is used with a PROVISION_ONLY workload policy (dynamic slicing)',
      `${CapacityKind.RESERVATION}: dynamic slicing provisions TPU7x cubes from an All Capacity mode reservation block`,
      'use CapacityMode.reservation({ name, project, block }) for the cubes');
  }
  if (!mode.startsEmpty) return { nodeConfig: mode.nodeConfig(), pool: {} };

  if (ctx.tpu && !FLEX_START_TPU_GENERATIONS.includes(ctx.tpu.generation)) {
    throw Errors.capacityRule(subject, `is not available for TPU ${ctx.tpu.generation}`, `TPU ${FLEX_START_TPU_GENERATIONS.join(', ')} (GKE's flex-start list)`,
      `use ${CapacityKind.RESERVATION}, ${CapacityKind.ON_DEMAND} or ${CapacityKind.SPOT} for ${ctx.tpu.generation}, or a listed generation`);
  }
  if (ctx.tpu?.multiHost) {
    if (mode.kind === CapacityKind.FLEX_START) {
      throw Errors.capacityRule(subject, 'is set on a multi-host TPU slice pool', 'flex-start VMs on single-host TPU pools; multi-host slices through queued provisioning',
        'use CapacityMode.queuedProvisioning() for a multi-host slice, or a single-host machine type');
    }
    if (ctx.autoscaling) {
      throw Errors.capacityRule(subject, 'is set with `autoscaling` on a multi-host TPU slice pool', 'no autoscaling prop: the pool scales from 0 to the slice\'s VMs as one unit',
        'remove `autoscaling`');
    }
    return {
      nodeConfig: mode.nodeConfig(),
      pool: { nodeCount: undefined, initialNodeCount: 0, autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: ctx.tpu.vms }, ...queued(mode) },
      maxNodes: ctx.tpu.vms,
    };
  }
  const a = ctx.autoscaling;
  if (!a) {
    throw Errors.capacityRule(subject, ctx.nodeCount !== undefined ? `has a static node count (${ctx.nodeCount})` : 'has no autoscaling',
      'autoscaling from zero: `autoscaling: { minNodes: 0, maxNodes: N }` and no `nodeCount`',
      `replace nodeCount with autoscaling: { minNodes: 0, maxNodes: ${ctx.nodeCount ?? 1} }`);
  }
  if (a.minNodes !== 0 || (a.initialNodes ?? 0) !== 0) {
    throw Errors.capacityRule(subject, `autoscales from minNodes ${a.minNodes}, initialNodes ${a.initialNodes ?? 0}`,
      'autoscaling from zero: minNodes 0 and initialNodes 0 (GKE creates the nodes when workloads ask for them)',
      'set minNodes: 0 and remove initialNodes');
  }
  return {
    nodeConfig: mode.nodeConfig(),
    pool: { nodeCount: undefined, initialNodeCount: 0, autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: a.maxNodes }, ...queued(mode) },
    maxNodes: a.maxNodes,
  };
}

function queued(mode: CapacityMode): { queuedProvisioning?: { enabled: boolean } } {
  return mode.kind === CapacityKind.QUEUED_PROVISIONING ? { queuedProvisioning: { enabled: true } } : {};
}

/** Props of {@link recipeCapacityMode}. */
export interface RecipeCapacityProps {
  /** The seed's mode (used when the context key does not switch the stack). */
  readonly seedDefault: CapacityKind;
  /** Modes the recipe can run on. */
  readonly allowed: readonly CapacityKind[];
  /**
   * The specific reservation, called only for {@link CapacityKind.RESERVATION} (so its
   * variables are declared only when used).
   * @default - none: RESERVATION must not be allowed
   */
  readonly specificReservation?: () => SpecificReservationProps;
  /**
   * Flex-start options for the flex-start modes.
   * @default - seven days
   */
  readonly flexStart?: FlexStartOptions;
}

/** The capacity mode of a recipe stack: the seed's, or the one the context key `capacity` selects (checked against `allowed`). */
export function recipeCapacityMode(scope: Construct, props: RecipeCapacityProps): CapacityMode {
  const kind = capacityKindFromContext(scope, props.seedDefault, props.allowed);
  switch (kind) {
    case CapacityKind.RESERVATION:
      if (!props.specificReservation) throw Errors.missingProp('recipeCapacityMode', 'specificReservation', 'the reservation mode needs the reservation to consume');
      return CapacityMode.reservation(props.specificReservation());
    case CapacityKind.ANY_RESERVATION: return CapacityMode.anyReservation();
    case CapacityKind.ON_DEMAND: return CapacityMode.onDemand();
    case CapacityKind.SPOT: return CapacityMode.spot();
    case CapacityKind.FLEX_START: return CapacityMode.flexStart(props.flexStart);
    default: return CapacityMode.queuedProvisioning(props.flexStart);
  }
}

/** How many nodes a pool of `count` nodes gets under `mode`: the fixed count, or (flex-start, queued provisioning) autoscaling from 0 to `count`. */
export function capacityPoolSize(mode: CapacityMode, count: number): { readonly nodeCount?: number; readonly autoscaling?: { readonly minNodes: number; readonly maxNodes: number; readonly initialNodes: number } } {
  return mode.startsEmpty ? { autoscaling: { minNodes: 0, maxNodes: count, initialNodes: 0 } } : { nodeCount: count };
}
