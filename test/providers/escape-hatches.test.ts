import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ESCAPE_HATCH_METADATA_KEY, EscapeHatch } from '../../lib/providers/escape-hatches';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { compareVersions, ProviderRequirements } from '../../lib/providers/provider-requirements';
import { synth, testStack } from '../helpers/synth';

describe('provider requirements', () => {
  test('without escape hatches the constraint is the binding version up to the next major', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'r' });
    const json = synth(stack);
    expect(json.terraform.required_providers).toEqual({ google: { source: 'hashicorp/google', version: '>= 6.50.0, < 8.0.0' } });
    expect(json.terraform.required_version).toBe('>= 1.11.0');
  });

  test('google-beta is only added when a construct asks for it', () => {
    const stack = testStack();
    const providers = GoogleProviders.configure(stack, { project: 'p', region: 'r' });
    expect(providers.beta).toBe(providers.beta);
    expect(synth(stack).terraform.required_providers['google-beta']).toEqual({ source: 'hashicorp/google-beta', version: '>= 6.50.0, < 8.0.0' });
  });

  test('an escape hatch writes the field, raises the constraint and is listed in the metadata', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'r' });
    const cluster = new ContainerCluster(stack, 'C', { name: 'c', location: 'r' });
    EscapeHatch.SLICE_CONTROLLER_ADDON.apply(cluster, true);
    const json = synth(stack);
    const [body] = Object.values(json.resource.google_container_cluster) as any[];
    expect(body.addons_config.slice_controller_config).toEqual({ enabled: true });
    expect(json.terraform.required_providers.google.version).toBe('>= 7.20.0, < 8.0.0');
    expect(json['//'][ESCAPE_HATCH_METADATA_KEY]).toEqual([expect.objectContaining({
      id: 'slice-controller-addon', field: 'addons_config.slice_controller_config.enabled', provider: 'google', minimum_version: '7.20.0',
    })]);
  });

  test('the highest minimum wins', () => {
    const stack = testStack();
    const requirements = ProviderRequirements.of(stack);
    requirements.require({ provider: 'google', minimum: '7.31.0', reason: 'a' });
    requirements.require({ provider: 'google', minimum: '7.20.0', reason: 'b' });
    expect(requirements.constraint('google')).toBe('>= 7.31.0, < 8.0.0');
  });

  test('a hatch refuses the wrong resource type', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'r' });
    const cluster = new ContainerCluster(stack, 'C', { name: 'c', location: 'r' });
    expect(() => EscapeHatch.ACCELERATOR_NETWORK_PROFILE.apply(cluster, 'auto')).toThrow(
      'Escape hatch node-pool-accelerator-network-profile cannot be applied to google_container_cluster. Allowed: google_container_node_pool. Fix: apply it to a google_container_node_pool resource');
  });

  test('every hatch names a field, a provider, a minimum version and a reason', () => {
    expect(EscapeHatch.ALL.map((h) => [h.id, h.resourceType, h.path, h.provider, h.minimumVersion])).toEqual([
      ['slice-controller-addon', 'google_container_cluster', 'addons_config.slice_controller_config.enabled', 'google', '7.20.0'],
      ['workload-policy-accelerator-topology-mode', 'google_compute_resource_policy', 'workload_policy.accelerator_topology_mode', 'google-beta', '7.24.0'],
      ['node-pool-accelerator-network-profile', 'google_container_node_pool', 'network_config.accelerator_network_profile', 'google', '7.31.0'],
    ]);
    for (const h of EscapeHatch.ALL) expect(h.reason.length).toBeGreaterThan(20);
  });

  test('compareVersions is numeric', () => {
    expect(compareVersions('7.24.0', '7.9.0')).toBeGreaterThan(0);
    expect(compareVersions('7.20', '7.20.0')).toBe(0);
  });
});

describe('wiring errors', () => {
  test('providers configured twice, or not at all', () => {
    const stack = testStack('wiring');
    expect(() => GoogleProviders.of(stack)).toThrow(
      'Stack wiring has no Google providers. Allowed: a stack that called GoogleProviders.configure(stack, { project, region }). Fix: call GoogleProviders.configure(stack, { project, region }) before creating constructs that need it');
    GoogleProviders.configure(stack, { project: 'p', region: 'r' });
    expect(() => GoogleProviders.configure(stack, { project: 'p', region: 'r' })).toThrow(
      'GoogleProviders.configure() was already called for stack wiring. Allowed: one call per stack. Fix: call GoogleProviders.configure() once and use GoogleProviders.of(scope) elsewhere');
  });
});
