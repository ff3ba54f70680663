import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { CapacityMode } from '../../lib/gke/capacity-mode';
import { GkeAddon } from '../../lib/gke/gke-addon';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GpuAccelerator } from '../../lib/gke/gpu-accelerator';
import { GpuNodePool } from '../../lib/gke/gpu-node-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { WorkloadPolicy } from '../../lib/gke/workload-policy';
import { ModelBucket } from '../../lib/gcp/model-bucket';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { Json, resourceNamed, resources, synth, testStack, withCluster } from '../helpers/synth';

/**
 * The one empty block that means something: `ip_allocation_policy {}` makes a cluster
 * VPC-native with GKE-managed secondary ranges. Every other empty block is either
 * rejected by the provider (`addons_config {}`: each child is AtLeastOneOf;
 * `maintenance_policy {}`: ExactlyOneOf a window) or says nothing.
 */
const MEANINGFUL_EMPTY = new Set(['ip_allocation_policy']);

/** Paths of empty blocks (objects without keys, `//` metadata aside) in the google resources of `json`. */
function emptyBlocks(json: Json): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string, key: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, key));
    } else if (value && typeof value === 'object') {
      const keys = Object.keys(value).filter((k) => k !== '//');
      if (keys.length === 0 && !MEANINGFUL_EMPTY.has(key)) found.push(path);
      for (const k of keys) walk((value as Json)[k], `${path}.${k}`, k);
    }
  };
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    if (!type.startsWith('google_')) continue;
    for (const [id, body] of Object.entries(byId as Json)) {
      for (const [k, v] of Object.entries(body as Json)) if (k !== '//' && k !== 'depends_on') walk(v, `${type}.${id}.${k}`, k);
    }
  }
  return found;
}

describe('no empty provider blocks', () => {
  test('a Standard cluster without add-ons (stack fungibility) writes no addons_config (the provider rejects addons_config {})', () => {
    const stack = testStack();
    withCluster(stack);
    const c = resourceNamed(synth(stack), 'google_container_cluster', 'test-cluster');
    expect(c).not.toHaveProperty('addons_config');
    expect(c.ip_allocation_policy).toEqual({});
  });

  test('GkeAddon.toAddonsConfig: undefined for no add-ons, the enabled children otherwise', () => {
    expect(GkeAddon.toAddonsConfig([])).toBeUndefined();
    expect(GkeAddon.toAddonsConfig([GkeAddon.NODE_LOCAL_DNS])).toEqual({ dnsCacheConfig: { enabled: true } });
  });

  test('every construct with only its required props writes no empty block but ip_allocation_policy', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    new TpuNodePool(stack, 'Single', { cluster, name: 'single', machineType: 'ct6e-standard-4t', zone: 'us-central1-b' });
    const policy = new WorkloadPolicy(stack, 'Policy', { region: 'us-central1' });
    new TpuNodePool(stack, 'Cube', { cluster, name: 'cube', machineType: 'tpu7x-standard-4t', topology: '4x4x4', zone: 'us-central1-b', workloadPolicy: policy,
      capacityMode: CapacityMode.reservation({ name: 'r' }) }); // PROVISION_ONLY cubes need a specific reservation
    new TpuNodePool(stack, 'V6e', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b' });
    new GpuNodePool(stack, 'Gpu', { cluster, name: 'l4', zone: 'us-central1-b', machineType: 'g2-standard-4', accelerator: GpuAccelerator.NVIDIA_L4 });
    new ModelBucket(stack, 'Bucket', { name: 'weights', location: 'us-central1', cacheZones: ['us-central1-b'] });
    new GkeCluster(stack, 'Bare', { name: 'bare', project: 'my-project', location: 'us-central1', workloadIdentity: false });
    new AutopilotCluster(stack, 'Auto', { name: 'auto', project: 'my-project', region: 'us-central1' });
    const json = synth(stack);
    expect(resources(json, 'google_container_cluster')).toHaveLength(3);
    expect(emptyBlocks(json)).toEqual([]);
  });

  test('the check itself finds an empty addons_config and maintenance_policy', () => {
    const json = { resource: { google_container_cluster: { c: { addons_config: {}, ip_allocation_policy: {}, maintenance_policy: [{}] } } } };
    expect(emptyBlocks(json)).toEqual(['google_container_cluster.c.addons_config', 'google_container_cluster.c.maintenance_policy[0]']);
  });

  test('an Autopilot cluster without extra add-ons writes no addons_config either', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
    new AutopilotCluster(stack, 'Cluster', { name: 'auto', project: 'p', region: 'us-east5', addons: [] });
    expect(resourceNamed(synth(stack), 'google_container_cluster', 'auto')).not.toHaveProperty('addons_config');
  });
});
