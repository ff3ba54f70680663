import { GoogleProviders } from '../../lib/providers/google-providers';
import { TpuNetwork, TpuNetworkProps } from '../../lib/network/tpu-network';
import { errorOf, testStack } from '../helpers/synth';

function build(props: Partial<TpuNetworkProps>): string {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
  return errorOf(() => new TpuNetwork(stack, 'Net', { region: 'us-central1', ...props }));
}

describe('network errors', () => {
  test('unparseable CIDR', () => {
    expect(build({ tpuSubnetCidr: '10.10.0.0/33' })).toBe(
      'TPU subnet range "10.10.0.0/33" is not an IPv4 CIDR range. Allowed: a.b.c.d/n with n between 8 and 29. Fix: write the range in CIDR notation, e.g. "10.10.0.0/18"');
  });

  test('host bits set', () => {
    expect(build({ tpuSubnetCidr: '10.10.0.1/18' })).toContain('TPU subnet range "10.10.0.1/18" is not an IPv4 CIDR range');
  });

  test('public range', () => {
    expect(build({ tpuSubnetCidr: '8.8.0.0/18' })).toBe(
      'TPU subnet range "8.8.0.0/18" is outside the private (RFC 1918) ranges. Allowed: "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16". ' +
      'Fix: use a private range, or list it in `allowedPublicRanges` if you really route public space privately');
  });

  test('a public range can be allowed explicitly', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    const net = new TpuNetwork(stack, 'Net', { region: 'us-central1', tpuSubnetCidr: '100.64.0.0/18', allowedPublicRanges: ['100.64.0.0/10'] });
    expect(net.tpuSubnetCidr).toBe('100.64.0.0/18');
  });

  test('overlapping subnets', () => {
    expect(build({ tpuSubnetCidr: '172.16.0.0/18' })).toBe(
      'TPU subnet range "172.16.0.0/18" overlaps Proxy-only subnet range "172.16.0.0/26". Allowed: non-overlapping ranges. Fix: move one of the ranges');
  });

  test('MTU out of range', () => {
    expect(build({ mtu: 9000 })).toBe(
      'VPC MTU 9000 is outside what Google Cloud accepts. Allowed: 1300 to 8896. Fix: use 8896 for TPU traffic (the default) or 1460 for the Google Cloud default');
  });

  test('a prefix that makes names GKE would reject', () => {
    expect(build({ namePrefix: 'Qwen_Serving' })).toBe(
      'Network name prefix + "-allow-internal" name "Qwen_Serving-allow-internal" would be rejected by GKE. ' +
      'Allowed: 1-63 characters; lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit. ' +
      'Fix: use a name such as "qwen-serving-allow-internal"');
  });

  test('public firewall source', () => {
    expect(build({ internalSourceRanges: ['0.0.0.0/0'] })).toContain('Firewall source range "0.0.0.0/0" is outside the private (RFC 1918) ranges');
  });
});
