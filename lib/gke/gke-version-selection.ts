import { Lazy, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { DataGoogleContainerEngineVersions } from '@cdktf/provider-google/lib/data-google-container-engine-versions';
import { Errors } from '../errors';
import { GkeVersion, requireGkeVersion } from './gke-version';
import { gkeVersionAtLeastHcl } from './gke-version-hcl';

/** Where a cluster's GKE version comes from. */
export enum GkeVersionSource {
  /** The release channel's default version (what GKE picks with no version flag). */
  CHANNEL_DEFAULT = 'CHANNEL_DEFAULT',
  /** The newest version the release channel offers. */
  CHANNEL_LATEST = 'CHANNEL_LATEST',
  /** The newest version of the release channel that starts with a prefix, e.g. `1.36.`. */
  PREFIX = 'PREFIX',
  /** One exact version. */
  PIN = 'PIN',
}

const PREFIX_PATTERN = /^(\d+)\.(\d+)\.(?:(\d+)-gke\.)?$/;

/**
 * How a cluster's GKE version is chosen. All but {@link GkeVersionSelection.pin} are
 * read at plan time from the `google_container_engine_versions` data source (the
 * cluster's location, project and release channel), so the stack keeps applying as the
 * channel moves on; features that need a minimum version check it with Terraform
 * pre- and postconditions. A pin is the exact version, checked at synth time.
 */
export class GkeVersionSelection {
  /**
   * The release channel's default version: nothing is written to `min_master_version`
   * and GKE creates the cluster at the default (gcloud without `--cluster-version`).
   */
  public static channelDefault(): GkeVersionSelection {
    return new GkeVersionSelection(GkeVersionSource.CHANNEL_DEFAULT);
  }

  /** The newest version the release channel offers (`min_master_version` follows it). */
  public static channelLatest(): GkeVersionSelection {
    return new GkeVersionSelection(GkeVersionSource.CHANNEL_LATEST);
  }

  /**
   * The newest version of the release channel that starts with `prefix`: `1.36.` (a
   * minor) or `1.36.0-gke.` (a patch). Fails at plan time when the channel has none.
   */
  public static prefix(prefix: string): GkeVersionSelection {
    if (Token.isUnresolved(prefix) || !PREFIX_PATTERN.test(prefix)) {
      throw Errors.invalidValue('GKE version prefix', prefix, ['MAJOR.MINOR. (e.g. 1.36.)', 'MAJOR.MINOR.PATCH-gke. (e.g. 1.36.0-gke.)'],
        'end the prefix at a dot so that it selects a whole minor or patch version');
    }
    return new GkeVersionSelection(GkeVersionSource.PREFIX, undefined, prefix);
  }

  /**
   * Exactly `version`, e.g. `1.36.0-gke.3712000` (written to `min_master_version`). GKE
   * refuses to create a cluster at a build it no longer offers, so a pin needs updating
   * as the channel moves on.
   */
  public static pin(version: string): GkeVersionSelection {
    return new GkeVersionSelection(GkeVersionSource.PIN, GkeVersion.parse(version));
  }

  private constructor(
    /** Where the version comes from. */
    public readonly source: GkeVersionSource,
    /** The pinned version ({@link GkeVersionSource.PIN} only). */
    public readonly pinned?: GkeVersion,
    /** The version prefix ({@link GkeVersionSource.PREFIX} only). */
    public readonly versionPrefix?: string,
  ) {}

  /** How the selection reads in messages, e.g. `the newest "1.36." version of the RAPID channel`. */
  public describe(channel: string): string {
    switch (this.source) {
      case GkeVersionSource.PIN: return `the pinned version ${this.pinned!.text}`;
      case GkeVersionSource.PREFIX: return `the newest ${this.versionPrefix}* version of the ${channel} channel`;
      case GkeVersionSource.CHANNEL_LATEST: return `the newest version of the ${channel} channel`;
      default: return `the ${channel} channel's default version`;
    }
  }

  /**
   * Throws GKE_VERSION_TOO_OLD at synth time when no version this selection can give
   * reaches `minimum`: a pin below it, or a prefix whose versions are all older.
   */
  public checkAtSynth(feature: string, minimum: GkeVersion): void {
    if (this.pinned) requireGkeVersion(feature, this.pinned, minimum);
    if (this.versionPrefix) {
      const [major, minor, patch] = PREFIX_PATTERN.exec(this.versionPrefix)!.slice(1, 4).map((n) => (n === undefined ? undefined : Number(n)));
      const [minMajor, minMinor, minPatch] = minimum.numbers;
      const below = major! < minMajor || (major === minMajor && (minor! < minMinor
        || (minor === minMinor && patch !== undefined && patch < minPatch)));
      if (below) throw Errors.gkeVersionTooOld(feature, `${this.versionPrefix}*`, minimum.text);
    }
  }
}

/** Props of {@link GkeClusterVersion}. */
export interface GkeClusterVersionProps {
  /** How the version is chosen. */
  readonly selection: GkeVersionSelection;
  /** Release channel of the cluster, as the API spells it (`RAPID`, `REGULAR`, ...). */
  readonly channel: string;
  /** Location of the cluster (region or zone): the data source reads that location's versions. */
  readonly location: string;
  /** Project of the cluster. */
  readonly project: string;
}

/** One feature's minimum, as the cluster checks it. */
interface Requirement {
  readonly feature: string;
  readonly minimum: GkeVersion;
}

/**
 * The version part of a GKE cluster: the `google_container_engine_versions` data source
 * (unless pinned), the value of `min_master_version`, and one precondition (the chosen
 * version) and one postcondition (the control plane's `master_version`) per feature
 * minimum, whose messages name the feature, the minimum and the fix.
 */
export class GkeClusterVersion extends Construct {
  /** The data source the version is read from (none for a pin). */
  public readonly versions?: DataGoogleContainerEngineVersions;
  /** The value of `min_master_version` (none for the channel default). */
  public readonly minMasterVersion?: string;
  private readonly selection: GkeVersionSelection;
  private readonly channel: string;
  private readonly requirements: Requirement[] = [];
  private resource?: TerraformResource;

  constructor(scope: Construct, id: string, props: GkeClusterVersionProps) {
    super(scope, id);
    this.selection = props.selection;
    this.channel = props.channel;
    if (props.selection.pinned) {
      this.minMasterVersion = props.selection.pinned.text;
      return;
    }
    this.versions = new DataGoogleContainerEngineVersions(this, 'Versions', {
      location: props.location,
      project: props.project,
      versionPrefix: props.selection.versionPrefix,
    });
    if (props.selection.source !== GkeVersionSource.CHANNEL_DEFAULT) this.minMasterVersion = `\${${this.chosenHcl}}`;
  }

  /**
   * The lowest GKE version the cluster is known to run at synth time: the pin, or the
   * highest minimum its preconditions enforce.
   */
  public get floor(): GkeVersion | undefined {
    if (this.selection.pinned) return this.selection.pinned;
    return this.requirements.reduce<GkeVersion | undefined>((max, r) => (max && max.isAtLeast(r.minimum) ? max : r.minimum), undefined);
  }

  /** Binds the checks to the cluster resource (once, right after it is created). */
  public bind(resource: TerraformResource): void {
    this.resource = resource;
    if (this.selection.source === GkeVersionSource.PREFIX) this.writeConditions();
  }

  /**
   * Requires GKE `minimum` for `feature`: throws GKE_VERSION_TOO_OLD at synth time when
   * the selection cannot reach it, otherwise adds the pre- and postcondition (once per feature).
   */
  public require(feature: string, minimum: GkeVersion): void {
    this.selection.checkAtSynth(feature, minimum);
    if (this.requirements.some((r) => r.feature === feature && r.minimum.compare(minimum) === 0)) return;
    this.requirements.push({ feature, minimum });
    this.writeConditions();
  }

  /** HCL (no `${}`) of the version the selection chooses. */
  private get chosenHcl(): string {
    if (this.selection.pinned) return JSON.stringify(this.selection.pinned.text);
    const attribute = this.selection.source === GkeVersionSource.CHANNEL_DEFAULT ? 'release_channel_default_version' : 'release_channel_latest_version';
    const data = this.versions!;
    const address = Lazy.stringValue({ produce: () => `data.${data.terraformResourceType}.${data.friendlyUniqueId}` });
    return `lookup(${address}.${attribute}, ${JSON.stringify(this.channel)}, "")`;
  }

  /** How to get a version of at least `minimum`, given the current selection and channel. */
  private fixFor(minimum: GkeVersion): string {
    const fixes: string[] = [];
    if (this.selection.source !== GkeVersionSource.CHANNEL_LATEST) fixes.push('choose GkeVersionSelection.channelLatest()');
    fixes.push(`pin a version GKE offers that is ${minimum.text} or later (GkeVersionSelection.pin)`);
    if (this.channel !== 'RAPID') fixes.push('move the cluster to the RAPID release channel');
    return `${fixes.join(', ')}, or wait until the ${this.channel} channel offers ${minimum.text}`;
  }

  private writeConditions(): void {
    if (!this.resource) return;
    const chosen = this.selection.describe(this.channel);
    const precondition = [];
    if (this.selection.source === GkeVersionSource.PREFIX) {
      precondition.push({
        condition: `\${${this.chosenHcl} != ""}`,
        errorMessage: `GKE offers no ${this.selection.versionPrefix}* version on the ${this.channel} channel in this location. `
          + 'Fix: choose another prefix, GkeVersionSelection.channelLatest() or another release channel.',
      });
    }
    const postcondition = [];
    for (const r of this.requirements) {
      if (!this.selection.pinned) {
        precondition.push({
          condition: `\${${gkeVersionAtLeastHcl(this.chosenHcl, r.minimum)}}`,
          errorMessage: `${r.feature} needs GKE ${r.minimum.text} or later, but ${chosen} is "\${${this.chosenHcl}}". Fix: ${this.fixFor(r.minimum)}.`,
        });
      }
      postcondition.push({
        condition: `\${${gkeVersionAtLeastHcl('self.master_version', r.minimum)}}`,
        errorMessage: `${r.feature} needs GKE ${r.minimum.text} or later, but the control plane runs "\${self.master_version}". `
          + `Fix: upgrade the control plane to ${r.minimum.text} or later (gcloud container clusters upgrade --master), or turn the feature off.`,
      });
    }
    this.resource.lifecycle = {
      ...this.resource.lifecycle,
      precondition: precondition.length ? precondition : undefined,
      postcondition: postcondition.length ? postcondition : undefined,
    };
  }
}
