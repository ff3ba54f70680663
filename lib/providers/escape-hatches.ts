/**
 * Every raw override the library writes, in one module.
 *
 * The prebuilt bindings stop at google/google-beta 6.50.0. Fields added by later
 * provider releases are written with `addOverride` here, and only here. Each
 * hatch names the Terraform field, the provider and the first version that has
 * it, and why we need it. Applying a hatch raises the stack's provider constraint
 * to that version (see `provider-requirements.ts`) and lists the hatch in the
 * stack's `//` metadata so reviewers and the summary tool can see it.
 *
 * When newer bindings arrive: replace each `apply` call with the typed property
 * and delete the hatch.
 */
import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { Errors } from '../errors';
import { ProviderName, ProviderRequirements } from './provider-requirements';

/** What defines an escape hatch: the field it writes, in which provider, from which version, and why. */
export interface EscapeHatchSpec {
  /** Stable identifier, listed in the synthesized metadata. */
  readonly id: string;
  /** Terraform resource type the hatch applies to. */
  readonly resourceType: string;
  /** Dotted path of the field inside the resource. */
  readonly path: string;
  /** Provider whose schema has the field. */
  readonly provider: ProviderName;
  /** First provider version with the field. */
  readonly minimumVersion: string;
  /** Why the library needs it. */
  readonly reason: string;
}

/** Metadata key under `//` that lists the hatches a stack uses. */
export const ESCAPE_HATCH_METADATA_KEY = 'tpu_gke_escape_hatches';

/** A field from a newer provider than the bindings, written as a raw override (the only place the library does so). Use the static instances and {@link EscapeHatch.apply}. */
export class EscapeHatch implements EscapeHatchSpec {
  /** GKE managed Slice Controller add-on (gcloud `--enable-slice-controller`), needed for dynamic slicing. */
  public static readonly SLICE_CONTROLLER_ADDON = new EscapeHatch({
    id: 'slice-controller-addon',
    resourceType: 'google_container_cluster',
    path: 'addons_config.slice_controller_config.enabled',
    provider: 'google',
    minimumVersion: '7.20.0',
    reason: 'gcloud --enable-slice-controller: GKE runs the Slice controller that stitches TPU7x sub-blocks into dynamic slices',
  });

  /** Workload policy accelerator topology mode (gcloud `--accelerator-topology-mode`), google-beta only. */
  public static readonly WORKLOAD_POLICY_TOPOLOGY_MODE = new EscapeHatch({
    id: 'workload-policy-accelerator-topology-mode',
    resourceType: 'google_compute_resource_policy',
    path: 'workload_policy.accelerator_topology_mode',
    provider: 'google-beta',
    minimumVersion: '7.24.0',
    reason: 'PROVISION_ONLY lets each node pool provision one 4x4x4 sub-block without wiring the full topology, so the Slice controller can combine sub-blocks later',
  });

  /** Node pool accelerator network profile (gcloud `--accelerator-network-profile=auto`): GKE managed DRANET. */
  public static readonly ACCELERATOR_NETWORK_PROFILE = new EscapeHatch({
    id: 'node-pool-accelerator-network-profile',
    resourceType: 'google_container_node_pool',
    path: 'network_config.accelerator_network_profile',
    provider: 'google',
    minimumVersion: '7.31.0',
    reason: 'GKE managed DRANET: GKE creates the accelerator networks and exposes them as DRA devices to the TPU pods',
  });

  /** All hatches the library knows, for documentation and tests. */
  public static readonly ALL: readonly EscapeHatch[] = [
    EscapeHatch.SLICE_CONTROLLER_ADDON,
    EscapeHatch.WORKLOAD_POLICY_TOPOLOGY_MODE,
    EscapeHatch.ACCELERATOR_NETWORK_PROFILE,
  ];

  public readonly id: string;
  public readonly resourceType: string;
  public readonly path: string;
  public readonly provider: ProviderName;
  public readonly minimumVersion: string;
  public readonly reason: string;

  private constructor(spec: EscapeHatchSpec) {
    this.id = spec.id;
    this.resourceType = spec.resourceType;
    this.path = spec.path;
    this.provider = spec.provider;
    this.minimumVersion = spec.minimumVersion;
    this.reason = spec.reason;
  }

  /**
   * Writes `value` at this hatch's path on `resource`, raises the stack's
   * constraint for the provider and records the hatch in the stack metadata.
   */
  public apply(resource: TerraformResource, value: unknown): void {
    if (resource.terraformResourceType !== this.resourceType) {
      throw Errors.escapeHatchWrongResource(this.id, this.resourceType, resource.terraformResourceType);
    }
    resource.addOverride(this.path, value);
    ProviderRequirements.of(resource).require({
      provider: this.provider,
      minimum: this.minimumVersion,
      reason: `${this.resourceType}.${this.path}`,
    });
    EscapeHatchLedger.of(resource).record(this, resource);
  }
}

/** Orders ledger entries by address (code-point order: stable across locales, and no ICU start-up cost). */
function byAddress(a: { address: string }, b: { address: string }): number {
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/** Per-stack list of applied hatches, written to the `//` metadata block. */
class EscapeHatchLedger {
  private static readonly ledgers = new WeakMap<TerraformStack, EscapeHatchLedger>();

  public static of(resource: TerraformResource): EscapeHatchLedger {
    const stack = TerraformStack.of(resource);
    let ledger = EscapeHatchLedger.ledgers.get(stack);
    if (!ledger) {
      ledger = new EscapeHatchLedger();
      EscapeHatchLedger.ledgers.set(stack, ledger);
      const entries = ledger.entries;
      stack.addOverride(`//.${ESCAPE_HATCH_METADATA_KEY}`, Lazy.anyValue({ produce: () => [...entries].sort(byAddress) }));
    }
    return ledger;
  }

  private readonly entries: { id: string; address: string; field: string; provider: string; minimum_version: string; reason: string }[] = [];

  public record(hatch: EscapeHatch, resource: TerraformResource): void {
    this.entries.push({
      id: hatch.id,
      address: `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
      field: hatch.path,
      provider: hatch.provider,
      minimum_version: hatch.minimumVersion,
      reason: hatch.reason,
    });
  }
}
