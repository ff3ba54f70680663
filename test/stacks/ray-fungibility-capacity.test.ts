/**
 * ray-llm and fungibility keep their seed's capacity (GKE's default: no reservation
 * flag, nothing written) and switch with the cdktf context key `capacity`, checked at
 * synth time like qwen-pd and llm-d-pd (test/stacks/capacity-stacks.test.ts); the
 * rules and their sources: test/gke/capacity-mode.test.ts.
 */
import { Testing } from 'cdktf';
import { CapacityMode } from '../../lib/gke/capacity-mode';
import { FungibilityStack } from '../../stacks/fungibility';
import { RayLlmClusterMode, RayLlmStack } from '../../stacks/ray-llm';
import { errorOf, resourceNamed, synth } from '../helpers/synth';

const rayPool = (context?: Record<string, unknown>) =>
  resourceNamed(synth(new RayLlmStack(Testing.app(context ? { context } : undefined), 'ray-llm')), 'google_container_node_pool', 'v6e-16');

describe('ray-llm capacity (the v6e 4x4 multi-host slice pool)', () => {
  test('seed default: no capacity argument (GKE\'s any reservation), four nodes, no reservation variable', () => {
    const json = synth(new RayLlmStack(Testing.app(), 'ray-llm'));
    const pool = resourceNamed(json, 'google_container_node_pool', 'v6e-16');
    expect(pool.node_count).toBe(4);
    expect([pool.node_config.spot, pool.node_config.flex_start, pool.node_config.reservation_affinity]).toEqual([undefined, undefined, undefined]);
    expect(json.variable.reservation_name).toBeUndefined();
  });

  test('a key for another stack leaves the pool as the seed has it', () => {
    expect(rayPool({ capacity: { 'qwen-pd': 'spot' } }).node_config.spot).toBeUndefined();
  });

  test('"any-reservation" is the seed\'s mode: still nothing written', () => {
    expect(rayPool({ capacity: { 'ray-llm': 'any-reservation' } }).node_config.reservation_affinity).toBeUndefined();
  });

  test('{"ray-llm":"spot"}: Spot VMs, the slice\'s four nodes', () => {
    const pool = rayPool({ capacity: { 'ray-llm': 'spot' } });
    expect(pool.node_config.spot).toBe(true);
    expect(pool.node_config.reservation_affinity).toBeUndefined();
    expect(pool.node_count).toBe(4);
  });

  test('"on-demand": NO_RESERVATION', () => {
    expect(rayPool({ capacity: 'on-demand' }).node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
  });

  test('"reservation": declares reservation_name and consumes it', () => {
    const json = synth(new RayLlmStack(Testing.app({ context: { capacity: { 'ray-llm': 'reservation' } } }), 'ray-llm'));
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-16').node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['${var.reservation_name}'],
    });
    expect(json.variable.reservation_name.type).toBe('string');
  });

  test('flex-start is rejected: GKE runs flex-start VMs on single-host TPU pools only', () => {
    expect(errorOf(() => new RayLlmStack(Testing.app({ context: { capacity: 'flex-start' } }), 'ray-llm'))).toBe(
      'Context "capacity" for stack "ray-llm" "flex-start" is not supported. Allowed: "any-reservation", "reservation", "on-demand", "spot". '
      + 'Fix: set "capacity" to one of the listed modes (or {"ray-llm": "<mode>"} to switch only this stack); the recipe\'s default is any-reservation');
  });

  test('an importer passing flex-start as a prop meets the capacity rule for multi-host slices', () => {
    expect(errorOf(() => new RayLlmStack(Testing.app(), 'ray-llm', { capacityMode: CapacityMode.flexStart() }))).toBe(
      'Node pool "v6e-16" capacity mode flex-start is set on a multi-host TPU slice pool. Allowed: flex-start VMs on single-host TPU pools; multi-host slices through queued provisioning. '
      + 'Fix: use CapacityMode.queuedProvisioning() for a multi-host slice, or a single-host machine type');
  });

  test('queued provisioning is rejected: no Kueue admits the RayService', () => {
    expect(errorOf(() => new RayLlmStack(Testing.app({ context: { capacity: { 'ray-llm': 'queued-provisioning' } } }), 'ray-llm'))).toBe(
      'Context "capacity" for stack "ray-llm" "queued-provisioning" is not supported. Allowed: "any-reservation", "reservation", "on-demand", "spot". '
      + 'Fix: set "capacity" to one of the listed modes (or {"ray-llm": "<mode>"} to switch only this stack); the recipe\'s default is any-reservation');
  });

  test('Autopilot takes only on-demand capacity from its ComputeClass: another mode is an error, not ignored', () => {
    const app = () => Testing.app({ context: { capacity: { 'ray-llm-autopilot': 'spot' } } });
    expect(errorOf(() => new RayLlmStack(app(), 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT }))).toBe(
      'Context "capacity" for stack "ray-llm-autopilot" "spot" is not supported. Allowed: "on-demand". '
      + 'Fix: set "capacity" to one of the listed modes (or {"ray-llm-autopilot": "<mode>"} to switch only this stack); the recipe\'s default is on-demand');
    expect(() => new RayLlmStack(Testing.app({ context: { capacity: 'on-demand' } }), 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT })).not.toThrow();
    expect(errorOf(() => new RayLlmStack(Testing.app(), 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT, capacityMode: CapacityMode.spot() }))).toBe(
      'RayLlmStack capacityMode in Autopilot mode "spot" is not supported. Allowed: "on-demand". '
      + 'Fix: leave capacityMode unset: the Autopilot ComputeClass creates the slice on demand (use RayLlmClusterMode.STANDARD to choose the capacity)');
  });
});

const fungibilityPools = (context?: Record<string, unknown>) => {
  const json = synth(new FungibilityStack(Testing.app(context ? { context } : undefined), 'fungibility'));
  return { json, tpu: resourceNamed(json, 'google_container_node_pool', 'v6e-1'), spot: resourceNamed(json, 'google_container_node_pool', 'l4-spot'), l4: resourceNamed(json, 'google_container_node_pool', 'l4') };
};

describe('fungibility capacity (the TPU tier v6e-1; the GPU tiers keep the seed\'s)', () => {
  test('seed default: v6e-1 autoscales 1..2 with no capacity argument; l4-spot preemptible; l4 on-demand', () => {
    const { json, tpu, spot, l4 } = fungibilityPools();
    expect(tpu.autoscaling).toMatchObject({ min_node_count: 1, max_node_count: 2 });
    expect([tpu.node_config.spot, tpu.node_config.flex_start, tpu.node_config.reservation_affinity]).toEqual([undefined, undefined, undefined]);
    expect(spot.node_config.preemptible).toBe(true);
    expect([l4.node_config.spot, l4.node_config.preemptible]).toEqual([undefined, undefined]);
    expect(json.variable.reservation_name).toBeUndefined();
  });

  test('{"fungibility":"flex-start"}: v6e-1 autoscales 0..2 on flex-start VMs; the GPU tiers are unchanged', () => {
    const { tpu, spot, l4 } = fungibilityPools({ capacity: { fungibility: 'flex-start' } });
    expect(tpu).toMatchObject({ initial_node_count: 0, autoscaling: { total_min_node_count: 0, total_max_node_count: 2 } });
    expect(tpu.node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s', reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' } });
    expect(spot.node_config.preemptible).toBe(true);
    expect(l4.node_config.flex_start).toBeUndefined();
  });

  test('"spot": v6e-1 on Spot VMs', () => {
    expect(fungibilityPools({ capacity: 'spot' }).tpu.node_config.spot).toBe(true);
  });

  test('"reservation": v6e-1 consumes the reservation of the variable reservation_name', () => {
    const { json, tpu } = fungibilityPools({ capacity: { fungibility: 'reservation' } });
    expect(tpu.node_config.reservation_affinity.values).toEqual(['${var.reservation_name}']);
    expect(json.variable.reservation_name.type).toBe('string');
  });

  test('queued provisioning is rejected: no Kueue admits the Deployment', () => {
    expect(errorOf(() => new FungibilityStack(Testing.app({ context: { capacity: 'queued-provisioning' } }), 'fungibility'))).toBe(
      'Context "capacity" for stack "fungibility" "queued-provisioning" is not supported. Allowed: "any-reservation", "reservation", "on-demand", "spot", "flex-start". '
      + 'Fix: set "capacity" to one of the listed modes (or {"fungibility": "<mode>"} to switch only this stack); the recipe\'s default is any-reservation');
  });
});
