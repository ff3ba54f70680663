import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { Seed000 } from '../../lib/presets/seeds';
import { addressOf, errorOf, Json, resourceNamed, resources, synth, testStack, withCluster } from '../helpers/synth';

function superslice(cubes?: number): { json: Json; pool: SuperslicePool } {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  const pool = new SuperslicePool(stack, 'Superslice', {
    cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: cubes ?? Seed000.CUBES,
    poolNamePrefix: Seed000.POOL_NAME_PREFIX, policyName: Seed000.WORKLOAD_POLICY_NAME,
    reservation: ReservationAffinity.specific({ project: 'my-project', name: 'ironwood', block: 'block-0' }),
  });
  return { json: synth(stack), pool };
}

describe('SuperslicePool (seed 000: workload policy + tpu7-pool-1/2)', () => {
  const { json, pool } = superslice();

  test('workload policy superslice-policy: HIGH_THROUGHPUT, 4x4x4, PROVISION_ONLY, on google-beta', () => {
    expect(resourceNamed(json, 'google_compute_resource_policy', 'superslice-policy')).toMatchObject({
      provider: 'google-beta', region: 'us-central1',
      workload_policy: { type: 'HIGH_THROUGHPUT', accelerator_topology: '4x4x4', accelerator_topology_mode: 'PROVISION_ONLY' },
    });
  });

  test.each(['tpu7-pool-1', 'tpu7-pool-2'])('%s: 16 x tpu7x-standard-4t in the zone, policy by reference, specific reservation block, GKE_METADATA', (name) => {
    expect(resourceNamed(json, 'google_container_node_pool', name)).toEqual(expect.objectContaining({
      node_count: 16,
      node_locations: ['us-central1-ai1a'],
      placement_policy: { type: '', policy_name: `\${${addressOf(json, 'google_compute_resource_policy', 'superslice-policy')}.name}`, tpu_topology: '4x4x4' },
      node_config: expect.objectContaining({
        machine_type: 'tpu7x-standard-4t',
        reservation_affinity: {
          consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name',
          values: ['projects/my-project/reservations/ironwood/reservationBlocks/block-0'],
        },
        workload_metadata_config: { mode: 'GKE_METADATA' },
      }),
    }));
  });

  test('no taints, labels, autoscaling or spot (as the seed)', () => {
    const p = resourceNamed(json, 'google_container_node_pool', 'tpu7-pool-1');
    expect(p.autoscaling).toBeUndefined();
    expect(p.node_config.spot).toBeUndefined();
    expect(p.node_config.taint).toBeUndefined();
    expect(p.node_config.labels).toBeUndefined();
  });

  test('exposes its capacity: 2 cubes, 32 VMs, 128 chips', () => {
    expect(pool.cubes).toBe(2);
    expect(pool.capacity).toMatchObject({ vms: 32, chips: 128 });
    expect(pool.ledger.remaining).toBe(128);
  });

  test('cube count is configurable', () => {
    const four = superslice(4);
    expect(resources(four.json, 'google_container_node_pool').map(([, r]) => r.name).filter((n) => n.startsWith('tpu7'))).toEqual(
      ['tpu7-pool-1', 'tpu7-pool-2', 'tpu7-pool-3', 'tpu7-pool-4']);
    expect(four.pool.capacity.chips).toBe(256);
  });

  test('cube count bounds', () => {
    expect(errorOf(() => superslice(0))).toBe(
      'SuperslicePool cubes 0 is out of range. Allowed: an integer from 1 to 144 (9216 chips). Fix: set `cubes` to the number of sub-blocks in your reservation block');
  });
});
