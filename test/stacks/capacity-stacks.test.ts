/**
 * Recipe stacks keep their seed's capacity mode and switch with the cdktf context
 * key `capacity` (checked at synth time); rules and sources: test/gke/capacity-mode.test.ts.
 */
import { Testing } from 'cdktf';
import { LlmdPdStack } from '../../stacks/llm-d-pd';
import { QwenPdStack } from '../../stacks/qwen-pd';
import { SubslicingStack } from '../../stacks/subslicing';
import { errorOf, resourceNamed, synth } from '../helpers/synth';

describe('qwen-pd capacity', () => {
  test('seed default: a specific reservation from the variable reservation_name', () => {
    const json = synth(new QwenPdStack(Testing.app(), 'qwen-pd'));
    expect(resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-single-1').node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['${var.reservation_name}'],
    });
    expect(json.variable.reservation_name).toBeDefined();
  });

  test('{"qwen-pd":"spot"}: Spot pools, no reservation variable', () => {
    const json = synth(new QwenPdStack(Testing.app({ context: { capacity: { 'qwen-pd': 'spot' } } }), 'qwen-pd'));
    const pool = resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-single-8');
    expect(pool.node_config.spot).toBe(true);
    expect(pool.node_config.reservation_affinity).toBeUndefined();
    expect(pool.node_count).toBe(1);
    expect(json.variable.reservation_name).toBeUndefined();
  });

  test('"flex-start": each single-host pool autoscales 0..1 with flex_start', () => {
    const json = synth(new QwenPdStack(Testing.app({ context: { capacity: 'flex-start' } }), 'qwen-pd'));
    const pool = resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-single-1');
    expect(pool).toMatchObject({ initial_node_count: 0, autoscaling: { total_min_node_count: 0, total_max_node_count: 1 } });
    expect(pool.node_count).toBeUndefined();
    expect(pool.node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s', reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' } });
  });

  test('queued provisioning is rejected: the recipe serves without Kueue', () => {
    expect(errorOf(() => new QwenPdStack(Testing.app({ context: { capacity: 'queued-provisioning' } }), 'qwen-pd'))).toBe(
      'Context "capacity" for stack "qwen-pd" "queued-provisioning" is not supported. Allowed: "reservation", "any-reservation", "on-demand", "spot", "flex-start". '
      + 'Fix: set "capacity" to one of the listed modes (or {"qwen-pd": "<mode>"} to switch only this stack); the recipe\'s default is reservation');
  });
});

describe('llm-d-pd capacity', () => {
  test('seed default: any reservation', () => {
    const json = synth(new LlmdPdStack(Testing.app(), 'llm-d-pd'));
    expect(resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-2x4').node_config.reservation_affinity).toEqual({ consume_reservation_type: 'ANY_RESERVATION' });
    expect(json.variable.reservation_name).toBeUndefined();
  });

  test('"reservation": declares reservation_name and consumes it', () => {
    const json = synth(new LlmdPdStack(Testing.app({ context: { capacity: { 'llm-d-pd': 'reservation' } } }), 'llm-d-pd'));
    expect(resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-2x4').node_config.reservation_affinity.values).toEqual(['${var.reservation_name}']);
  });

  test('"on-demand": NO_RESERVATION, three nodes', () => {
    const json = synth(new LlmdPdStack(Testing.app({ context: { capacity: 'on-demand' } }), 'llm-d-pd'));
    const pool = resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-2x4');
    expect(pool.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(pool.node_count).toBe(3);
  });
});

describe('dynamic-slicing recipes: reservation only', () => {
  test('{"subslicing":"spot"} is rejected: the cubes need their reservation block', () => {
    expect(errorOf(() => new SubslicingStack(Testing.app({ context: { capacity: { subslicing: 'spot' } } }), 'subslicing'))).toBe(
      'Context "capacity" for stack "subslicing" "spot" is not supported. Allowed: "reservation". '
      + 'Fix: set "capacity" to one of the listed modes (or {"subslicing": "<mode>"} to switch only this stack); the recipe\'s default is reservation');
  });
});
