/**
 * Unit tests of lib/util/cidr.ts.
 *
 * Sources of the rules:
 * - CIDR notation: RFC 4632 (a.b.c.d/n, octets 0-255, n 0-32, host bits zero).
 * - Private ranges: RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16).
 * - Subnet sizes: Google Cloud VPC "Subnets" (IPv4 subnet ranges): the smallest primary range is /29;
 *   the library also refuses ranges larger than /8.
 * - Leading zeros: Go's net.ParseCIDR (used by the Google provider's CIDR validation) rejects them.
 */
import { Token } from 'cdktf/lib/tokens/token';
import { cidrContains, cidrsOverlap, isPrivate, parseCidr, validateSubnetRanges } from '../../../lib/util/cidr';
import { errorOf } from '../helpers';

describe('parseCidr', () => {
  test('start, end and prefix length', () => {
    expect(parseCidr('r', '10.10.0.0/18')).toEqual({ text: '10.10.0.0/18', start: 0x0a0a0000, end: 0x0a0a3fff, prefixLength: 18 });
    expect(parseCidr('r', '0.0.0.0/0')).toEqual({ text: '0.0.0.0/0', start: 0, end: 0xffffffff, prefixLength: 0 });
    expect(parseCidr('r', '255.255.255.255/32')).toEqual({ text: '255.255.255.255/32', start: 0xffffffff, end: 0xffffffff, prefixLength: 32 });
    expect(parseCidr('r', '192.168.1.128/25')).toMatchObject({ start: 0xc0a80180, end: 0xc0a801ff });
    // Every octet weighs in: 1.2.3.4/32 is 0x01020304.
    expect(parseCidr('r', '1.2.3.4/32').start).toBe(0x01020304);
    expect(parseCidr('r', '128.0.0.0/1')).toMatchObject({ start: 0x80000000, end: 0xffffffff });
  });

  test.each([
    ['256.0.0.0/8', 'first octet 256'], ['10.256.0.0/16', 'second octet 256'], ['10.0.256.0/24', 'third octet 256'],
    ['10.0.0.256/32', 'fourth octet 256'], ['10.0.0.0/33', 'prefix 33'], ['10.0.0.0', 'no prefix'], ['10.0.0/8', 'three octets'],
    ['10.0.0.0.0/8', 'five octets'], ['10.0.0.0/', 'empty prefix'], ['10.0.0.0/123', 'three-digit prefix'], ['a.b.c.d/8', 'letters'],
    [' 10.0.0.0/8', 'leading space'], ['10.0.0.0/8 ', 'trailing space'], ['010.0.0.0/8', 'leading zero (octal elsewhere)'],
    ['10.00.0.0/16', 'leading zero in the second octet'], ['1000.0.0.0/8', 'four-digit octet'], ['-1.0.0.0/8', 'negative octet'],
  ])('rejects %s (%s)', (text) => {
    expect(errorOf(() => parseCidr('Range', text))).toBe(
      `Range "${text}" is not an IPv4 CIDR range. Allowed: a.b.c.d/n with n between 0 and 32. Fix: write the range in CIDR notation, e.g. "10.10.0.0/18"`);
  });

  test('host bits must be zero', () => {
    expect(() => parseCidr('r', '10.10.0.1/18')).toThrow('"10.10.0.1/18" is not an IPv4 CIDR range');
    expect(() => parseCidr('r', '10.10.64.0/18')).not.toThrow();
    expect(() => parseCidr('r', '10.10.32.0/18')).toThrow('is not an IPv4 CIDR range');
    expect(() => parseCidr('r', '10.0.0.1/32')).not.toThrow();
  });

  test('prefix bounds are inclusive on both sides and named in the message', () => {
    expect(parseCidr('r', '10.0.0.0/8', 8, 29).prefixLength).toBe(8);
    expect(parseCidr('r', '10.0.0.0/29', 8, 29).prefixLength).toBe(29);
    expect(errorOf(() => parseCidr('r', '10.0.0.0/7', 8, 29))).toMatch(/Allowed: a.b.c.d\/n with n between 8 and 29\./);
    expect(() => parseCidr('r', '10.0.0.0/30', 8, 29)).toThrow('is not an IPv4 CIDR range');
  });
});

describe('cidrContains and cidrsOverlap', () => {
  const c = (t: string) => parseCidr('r', t);

  test('containment is inclusive at both ends', () => {
    expect(cidrContains(c('10.0.0.0/8'), c('10.0.0.0/8'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/8'), c('10.0.0.0/32'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/8'), c('10.255.255.255/32'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/8'), c('11.0.0.0/32'))).toBe(false);
    expect(cidrContains(c('10.0.0.0/8'), c('9.255.255.255/32'))).toBe(false);
    expect(cidrContains(c('10.0.0.0/9'), c('10.0.0.0/8'))).toBe(false);
    expect(cidrContains(c('10.128.0.0/9'), c('10.0.0.0/8'))).toBe(false);
  });

  test('overlap: adjacent ranges do not overlap, touching ones do', () => {
    expect(cidrsOverlap(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
    expect(cidrsOverlap(c('10.0.1.0/24'), c('10.0.0.0/24'))).toBe(false);
    expect(cidrsOverlap(c('10.0.0.0/23'), c('10.0.1.0/24'))).toBe(true);
    expect(cidrsOverlap(c('10.0.1.0/24'), c('10.0.0.0/23'))).toBe(true);
    expect(cidrsOverlap(c('10.0.0.255/32'), c('10.0.0.0/24'))).toBe(true);
    expect(cidrsOverlap(c('10.0.0.0/24'), c('10.0.0.0/32'))).toBe(true);
    expect(cidrsOverlap(c('10.0.0.0/24'), c('10.0.0.255/32'))).toBe(true);
  });
});

describe('isPrivate (RFC 1918)', () => {
  test.each([
    '10.0.0.0/8', '10.255.255.0/24', '172.16.0.0/12', '172.31.255.0/24', '192.168.0.0/16', '192.168.255.248/29',
  ])('%s is private', (text) => {
    expect(isPrivate(parseCidr('r', text))).toBe(true);
  });

  test.each([
    '11.0.0.0/8', '9.255.255.0/24', '172.15.255.0/24', '172.32.0.0/16', '172.0.0.0/11', '192.167.255.0/24',
    '192.169.0.0/16', '192.168.0.0/15', '100.64.0.0/10', '8.8.8.0/24', '0.0.0.0/0',
  ])('%s is not private', (text) => {
    expect(isPrivate(parseCidr('r', text))).toBe(false);
  });
});

describe('validateSubnetRanges', () => {
  test('private, in-range, non-overlapping ranges pass (the recipe defaults)', () => {
    expect(() => validateSubnetRanges([
      { what: 'TPU subnet range', text: '10.10.0.0/18' }, { what: 'Proxy-only subnet range', text: '172.16.0.0/26' },
      { what: 'Other', text: '192.168.0.0/16' },
    ])).not.toThrow();
  });

  test('subnet prefixes run from /8 to /29 (VPC: smallest primary range /29)', () => {
    expect(() => validateSubnetRanges([{ what: 'S', text: '10.0.0.0/8' }])).not.toThrow();
    expect(() => validateSubnetRanges([{ what: 'S', text: '10.0.0.0/29' }])).not.toThrow();
    expect(errorOf(() => validateSubnetRanges([{ what: 'S', text: '10.0.0.0/30' }]))).toBe(
      'S "10.0.0.0/30" is not an IPv4 CIDR range. Allowed: a.b.c.d/n with n between 8 and 29. Fix: write the range in CIDR notation, e.g. "10.10.0.0/18"');
    expect(() => validateSubnetRanges([{ what: 'S', text: '10.0.0.0/7' }])).toThrow('"10.0.0.0/7" is not an IPv4 CIDR range');
  });

  test('a public range fails unless allowed', () => {
    expect(errorOf(() => validateSubnetRanges([{ what: 'TPU subnet range', text: '100.64.0.0/16' }]))).toBe(
      'TPU subnet range "100.64.0.0/16" is outside the private (RFC 1918) ranges. Allowed: "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16". '
      + 'Fix: use a private range, or list it in `allowedPublicRanges` if you really route public space privately');
    expect(() => validateSubnetRanges([{ what: 'S', text: '100.64.0.0/16' }], ['100.64.0.0/10'])).not.toThrow();
    expect(() => validateSubnetRanges([{ what: 'S', text: '100.64.0.0/16' }], ['100.64.0.0/17'])).toThrow('outside the private');
    expect(() => validateSubnetRanges([{ what: 'S', text: '100.64.0.0/16' }], ['8.8.8.0/24', '100.64.0.0/16'])).not.toThrow();
    expect(errorOf(() => validateSubnetRanges([{ what: 'S', text: '10.0.0.0/16' }], ['100.64.0.0']))).toMatch(
      /^allowed public range "100.64.0.0" is not an IPv4 CIDR range\. Allowed: a\.b\.c\.d\/n with n between 0 and 32\./);
  });

  test('overlaps are reported with both ranges, whatever their order', () => {
    expect(errorOf(() => validateSubnetRanges([
      { what: 'A', text: '10.0.0.0/24' }, { what: 'B', text: '10.1.0.0/24' }, { what: 'C', text: '10.0.0.128/25' },
    ]))).toBe('A "10.0.0.0/24" overlaps C "10.0.0.128/25". Allowed: non-overlapping ranges. Fix: move one of the ranges');
    expect(errorOf(() => validateSubnetRanges([
      { what: 'A', text: '10.2.0.0/24' }, { what: 'B', text: '10.1.0.0/24' }, { what: 'C', text: '10.1.0.0/29' },
    ]))).toBe('B "10.1.0.0/24" overlaps C "10.1.0.0/29". Allowed: non-overlapping ranges. Fix: move one of the ranges');
  });

  test('unresolved tokens are skipped', () => {
    const token = Token.asString({ Ref: 'var.cidr' });
    expect(() => validateSubnetRanges([{ what: 'S', text: token }, { what: 'T', text: '10.0.0.0/24' }])).not.toThrow();
  });
});
