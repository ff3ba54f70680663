/**
 * IPv4 CIDR parsing and checks used to validate network props at synth time.
 */
// The token module alone: these checks need only Token.isUnresolved, and the cdktf root takes ~1 s to load.
import { Token } from 'cdktf/lib/tokens/token';
import { Errors } from '../errors';

export interface Cidr {
  readonly text: string;
  /** First address as an unsigned 32-bit integer. */
  readonly start: number;
  /** Last address as an unsigned 32-bit integer. */
  readonly end: number;
  readonly prefixLength: number;
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * Parses "a.b.c.d/n"; throws INVALID_CIDR naming `what` otherwise (host bits must be zero).
 * Octets with a leading zero are rejected: Go's net.ParseCIDR, which the Google provider
 * validates CIDR ranges with, refuses them (they read as octal elsewhere).
 */
export function parseCidr(what: string, text: string, minPrefix = 0, maxPrefix = 32): Cidr {
  const allowed = `a.b.c.d/n with n between ${minPrefix} and ${maxPrefix}`;
  const m = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(\d{1,2})$/.exec(text);
  if (!m) throw Errors.invalidCidr(what, text, allowed);
  const octets = m.slice(1, 5).map(Number);
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength < minPrefix || prefixLength > maxPrefix) throw Errors.invalidCidr(what, text, allowed);
  const address = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) throw Errors.invalidCidr(what, text, allowed);
  return { text, start: address, end: address + size - 1, prefixLength };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** True when `cidr` lies inside an RFC 1918 range. */
export function isPrivate(cidr: Cidr): boolean {
  return PRIVATE_RANGES.map((r) => parseCidr('private range', r)).some((p) => cidrContains(p, cidr));
}

export interface NamedCidr {
  readonly what: string;
  readonly text: string;
}

/**
 * Validates subnet ranges: each parses (prefix 8..29, as Google Cloud subnets
 * require), is private unless explicitly allowed, and none overlaps another.
 * Unresolved tokens are skipped.
 */
export function validateSubnetRanges(ranges: readonly NamedCidr[], allowedPublic: readonly string[] = []): void {
  const allowed = allowedPublic.map((a) => parseCidr('allowed public range', a));
  const parsed = ranges
    .filter((r) => !Token.isUnresolved(r.text))
    .map((r) => ({ ...r, cidr: parseCidr(r.what, r.text, 8, 29) }));
  for (const r of parsed) {
    if (!isPrivate(r.cidr) && !allowed.some((a) => cidrContains(a, r.cidr))) throw Errors.cidrNotPrivate(r.what, r.text);
  }
  for (let i = 0; i < parsed.length; i++) {
    for (let j = i + 1; j < parsed.length; j++) {
      if (cidrsOverlap(parsed[i].cidr, parsed[j].cidr)) {
        throw Errors.cidrOverlap(parsed[i].what, parsed[i].text, parsed[j].what, parsed[j].text);
      }
    }
  }
}
