/**
 * Google Cloud locations: regions (`us-central1`) and zones (`us-central1-a`,
 * `us-central1-ai1a`). Checks skip unresolved tokens (e.g. a Terraform
 * variable), whose value is only known at plan time.
 */
import { Token } from 'cdktf';
import { Errors } from '../errors';

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const ZONE = /^([a-z]+-[a-z]+[0-9]+)-[a-z0-9]+$/;

/** True for a literal region such as `us-central1`. */
export function isRegion(location: string): boolean {
  return !Token.isUnresolved(location) && REGION.test(location);
}

/** The region of a literal zone (`us-central1-ai1a` -> `us-central1`), else undefined. */
export function regionOfZone(zone: string): string | undefined {
  if (Token.isUnresolved(zone)) return undefined;
  return ZONE.exec(zone)?.[1];
}

/**
 * Throws when the literal `zone` (of `what`) is not inside the literal `location`
 * (a region, or a zone that must be the same zone) of `other`.
 */
export function requireZoneIn(what: string, zone: string, other: string, location: string, fix: string): void {
  if (Token.isUnresolved(zone) || Token.isUnresolved(location)) return;
  if (isRegion(location)) {
    if (regionOfZone(zone) !== location) {
      throw Errors.locationMismatch(what, zone, other, location, `a zone of ${location} (e.g. "${location}-a")`, fix);
    }
  } else if (zone !== location) {
    throw Errors.locationMismatch(what, zone, other, location, `"${location}"`, fix);
  }
}

/** Throws when the literal regions `region` (of `what`) and `otherRegion` (of `other`) differ. */
export function requireSameRegion(what: string, region: string, other: string, otherRegion: string, fix: string): void {
  if (Token.isUnresolved(region) || Token.isUnresolved(otherRegion)) return;
  if (region !== otherRegion) throw Errors.locationMismatch(what, region, other, otherRegion, `"${otherRegion}"`, fix);
}
