import { GoogleProviders } from '../../lib/providers/google-providers';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { resourceNamed, synth, testStack } from '../helpers/synth';

function network(props: Partial<ConstructorParameters<typeof TpuNetwork>[2]> = {}) {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
  new TpuNetwork(stack, 'Net', { region: 'us-central1', namePrefix: 'qwen-serving', ...props });
  return synth(stack);
}

describe('TpuNetwork', () => {
  const json = network();

  test('custom-mode VPC with MTU 8896 and regional routing (seed: --subnet-mode=custom --bgp-routing-mode=regional --mtu=8896)', () => {
    expect(resourceNamed(json, 'google_compute_network', 'qwen-serving-main')).toMatchObject({
      auto_create_subnetworks: false, routing_mode: 'REGIONAL', mtu: 8896,
    });
  });

  test('TPU subnet 10.10.0.0/18 with Private Google Access', () => {
    expect(resourceNamed(json, 'google_compute_subnetwork', 'qwen-serving-tpu')).toMatchObject({
      ip_cidr_range: '10.10.0.0/18', private_ip_google_access: true, region: 'us-central1',
    });
  });

  test('proxy-only subnet 172.16.0.0/26 for regional Gateways', () => {
    const proxy = resourceNamed(json, 'google_compute_subnetwork', 'qwen-serving-proxy');
    expect(proxy).toMatchObject({ ip_cidr_range: '172.16.0.0/26', purpose: 'REGIONAL_MANAGED_PROXY', role: 'ACTIVE' });
    expect(proxy.private_ip_google_access).toBeUndefined();
  });

  test('allow-internal firewall: all protocols from the seed ranges', () => {
    expect(resourceNamed(json, 'google_compute_firewall', 'qwen-serving-allow-internal')).toMatchObject({
      allow: [{ protocol: 'all' }], direction: 'INGRESS', source_ranges: ['172.16.0.0/12', '10.0.0.0/8'],
      description: 'Allow all internal traffic within the network.',
    });
  });

  test('prefix, MTU and narrower firewall ranges are configurable; the proxy subnet can be omitted', () => {
    const custom = network({ namePrefix: 'ray', mtu: 1460, proxySubnetCidr: false, internalSourceRanges: ['10.10.0.0/18'] });
    expect(resourceNamed(custom, 'google_compute_network', 'ray-main').mtu).toBe(1460);
    expect(Object.keys(custom.resource.google_compute_subnetwork)).toHaveLength(1);
    expect(resourceNamed(custom, 'google_compute_firewall', 'ray-allow-internal').source_ranges).toEqual(['10.10.0.0/18']);
  });
});
