/**
 * GKE version comparison in Terraform expressions. Terraform cannot order strings, and
 * `1.36.0-gke.3712000` does not sort as text anyway, so a version is turned into one
 * number: ((MAJOR * 10^6 + MINOR) * 10^6 + PATCH) * 10^12 + BUILD. Terraform numbers are
 * arbitrary precision, so the comparison is exact.
 */
import { Errors } from '../errors';
import { GkeVersion } from './gke-version';

/** Decimal digits given to MINOR, PATCH and BUILD in the combined number. */
const DIGITS = { minor: 6, patch: 6, build: 12 } as const;

/** RE2 pattern of a full GKE version, written for an HCL string literal (no backslashes needed). */
export const GKE_VERSION_HCL_PATTERN = '^([0-9]+)[.]([0-9]+)[.]([0-9]+)-gke[.]([0-9]+)$';

/** The combined number of `version`, as a decimal literal (e.g. `1000036000000000003712000`). */
export function gkeVersionNumber(version: GkeVersion): string {
  const [major, minor, patch, build] = version.numbers;
  if (minor >= 10 ** DIGITS.minor || patch >= 10 ** DIGITS.patch || build >= 10 ** DIGITS.build) {
    throw Errors.malformedGkeVersion(version.text);
  }
  const value = ((BigInt(major) * 10n ** BigInt(DIGITS.minor) + BigInt(minor)) * 10n ** BigInt(DIGITS.patch) + BigInt(patch))
    * 10n ** BigInt(DIGITS.build) + BigInt(build);
  return value.toString();
}

/**
 * An HCL expression (without `${}`) giving the combined number of the GKE version that
 * the HCL expression `version` evaluates to. It fails when the string is not a full GKE
 * version; wrap it in `try()`.
 */
export function gkeVersionNumberHcl(version: string): string {
  const m = 10 ** DIGITS.minor;
  const p = 10 ** DIGITS.patch;
  const b = `1${'0'.repeat(DIGITS.build)}`;
  return `[for v in [regex("${GKE_VERSION_HCL_PATTERN}", ${version})] : `
    + `((tonumber(v[0]) * ${m} + tonumber(v[1])) * ${p} + tonumber(v[2])) * ${b} + tonumber(v[3])][0]`;
}

/**
 * An HCL condition (without `${}`): true when the GKE version the HCL expression `version`
 * evaluates to is `minimum` or later; false when it is older, empty or not a GKE version.
 * Unknown (and so deferred by Terraform) while `version` is unknown.
 */
export function gkeVersionAtLeastHcl(version: string, minimum: GkeVersion): string {
  return `try(${gkeVersionNumberHcl(version)} >= ${gkeVersionNumber(minimum)}, false)`;
}
