import { Token } from 'cdktf';
import { Errors } from '../errors';

const PATTERN = /^(\d+)\.(\d+)\.(\d+)-gke\.(\d+)$/;

/** A GKE version such as `1.36.0-gke.3712000`, comparable by its four numbers. */
export class GkeVersion {
  /** Parses a full GKE version string; throws MALFORMED_GKE_VERSION otherwise. */
  public static parse(text: string): GkeVersion {
    const m = PATTERN.exec(text);
    if (!m) throw Errors.malformedGkeVersion(text);
    return new GkeVersion(text, m.slice(1, 5).map(Number));
  }

  /** Parses `text` unless it is an unresolved token (then returns undefined). */
  public static tryParse(text: string | undefined): GkeVersion | undefined {
    if (text === undefined || Token.isUnresolved(text)) return undefined;
    return GkeVersion.parse(text);
  }

  private constructor(public readonly text: string, private readonly parts: readonly number[]) {}

  public compare(other: GkeVersion): number {
    for (let i = 0; i < 4; i++) {
      const d = this.parts[i] - other.parts[i];
      if (d !== 0) return d;
    }
    return 0;
  }

  public isAtLeast(other: GkeVersion): boolean {
    return this.compare(other) >= 0;
  }

  /** MAJOR, MINOR, PATCH and the GKE build number, e.g. [1, 36, 0, 3712000]. */
  public get numbers(): readonly number[] {
    return this.parts;
  }

  public toString(): string {
    return this.text;
  }
}

/** Minimum GKE versions of the features the library configures (GKE docs, "Use dynamic slicing"). */
export const GkeFeatureVersions = {
  /** Dynamic super-slicing (slices of 4x4x4 and larger). */
  SUPER_SLICING: GkeVersion.parse('1.35.2-gke.1842000'),
  /** Dynamic sub-slicing (slices smaller than 4x4x4). */
  SUB_SLICING: GkeVersion.parse('1.36.0-gke.3712000'),
  /** GKE installs and manages the GA InferencePool CRD (`inference.networking.k8s.io/v1`) itself (llm-d GKE guide). */
  MANAGED_INFERENCE_POOL_CRD: GkeVersion.parse('1.34.0-gke.1626000'),
  /** Custom ComputeClasses (`cloud.google.com/v1` ComputeClass) on Autopilot and Standard (GKE docs, "About custom ComputeClasses"). */
  CUSTOM_COMPUTE_CLASSES: GkeVersion.parse('1.30.3-gke.1451000'),
  /** GKE managed DRANET (accelerator network profile). */
  MANAGED_DRANET: GkeVersion.parse('1.35.2-gke.1842000'),
} as const;

/**
 * Throws GKE_VERSION_TOO_OLD when a version known at synth time (a pin) is below `minimum`.
 * Clusters check their own version with {@link IGkeCluster.requireVersion}, which also
 * writes the Terraform pre- and postconditions for versions chosen at plan time.
 */
export function requireGkeVersion(feature: string, version: GkeVersion | undefined, minimum: GkeVersion): void {
  if (version && !version.isAtLeast(minimum)) throw Errors.gkeVersionTooOld(feature, version.text, minimum.text);
}
