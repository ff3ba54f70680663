import { TpuGkeError } from '../../lib/errors';
import { TpuGeneration } from '../../lib/tpu/tpu-generation';
import { TpuMachineType, tpuSliceShape } from '../../lib/tpu/tpu-machine-type';
import { DynamicSliceTopology } from '../../lib/tpu/slice-topology';
import { TpuTopology } from '../../lib/tpu/tpu-topology';
import { errorOf } from '../helpers/synth';

describe('catalog errors', () => {
  test('unknown machine type names the closest types', () => {
    expect(errorOf(() => TpuMachineType.of('ct6e-standard-4'))).toBe(
      'TPU machine type "ct6e-standard-4" is not in the catalog (did you mean "ct6e-standard-4t", "ct6e-standard-1t", "ct6e-standard-8t"?). ' +
      'Allowed: "ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t", "ct5p-hightpu-4t", "ct6e-standard-1t", "ct6e-standard-4t", "ct6e-standard-8t", "tpu7x-standard-4t". ' +
      'Fix: use one of the listed GKE TPU machine types');
  });

  test('errors are TpuGkeError with a stable code', () => {
    try {
      TpuMachineType.of('nope');
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(TpuGkeError);
      expect((e as TpuGkeError).code).toBe('UNKNOWN_MACHINE_TYPE');
    }
  });

  test('unknown generation', () => {
    expect(errorOf(() => TpuGeneration.of('v6'))).toBe(
      'TPU generation "v6" is not in the catalog (did you mean "v6e", "v5e", "v5p"?). Allowed: "v5e", "v5p", "v6e", "tpu7x". Fix: use one of the listed generations');
  });

  test('malformed topology', () => {
    expect(errorOf(() => TpuTopology.parse('4by4'))).toBe(
      'TPU topology "4by4" is not of the form AxB or AxBxC with positive integers. Allowed: e.g. "2x2", "4x4", "2x2x1", "4x4x4". ' +
      'Fix: write the topology as chip counts per dimension joined by "x"');
  });

  test('topology with the wrong rank for the generation', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4' }))).toBe(
      'TPU topology "4x4" has the wrong number of dimensions for tpu7x. Allowed: 3-dimensional topologies. Fix: write a AxBxC (e.g. "2x2x2") topology');
  });

  test('topology invalid for the generation', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x2' }))).toBe(
      'TPU topology "4x2" is not a valid v6e multi-host topology (did you mean "4x4", "4x8", "2x4"?). ' +
      'Allowed: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16". ' +
      'Fix: pick one of the v6e topologies GKE supports');
  });

  test('tpu7x cube rule is explained', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '8x4x4' }))).toContain(
      'then AxBxC with every side a multiple of 4, A <= B <= C and at most 9216 chips (e.g. "4x4x4", "4x4x8")');
  });

  test('multi-host topology on a single-host-only machine type', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-8t', topology: '4x4' }))).toBe(
      'TPU topology "4x4" cannot be built from ct6e-standard-8t VMs. ' +
      'Allowed: "single-host: none (omit the topology; the VM forms "2x4"); multi-host "4x4" needs ct6e-standard-4t". ' +
      'Fix: use a topology listed for ct6e-standard-8t, or a machine type whose chips per VM fit "4x4"');
  });

  test('a topology on a single-host pool is rejected the way GKE rejects it', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '2x2' }))).toBe(
      'TPU topology "2x2" on a single-host ct6e-standard-4t pool is rejected by GKE. Allowed: no topology on this single-host pool. ' +
      'Fix: omit the topology; the machine type alone defines the single-host slice');
  });

  test('node count that does not match the topology', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x4', nodeCount: 3 }))).toBe(
      'Node count 3 does not match topology "4x4" on ct6e-standard-4t. Allowed: 4 (chips in the topology / chips per VM). ' +
      'Fix: set the node count to 4 or omit it to derive it from the topology');
  });

  test('invalid dynamic slice topology', () => {
    expect(errorOf(() => DynamicSliceTopology.parse('2x2x3'))).toBe(
      'Slice topology "2x2x3" is not a tpu7x dynamic-slicing topology (did you mean "2x2x1", "2x2x2", "2x2x4"?). ' +
      'Allowed: "2x2x1", "2x2x2", "2x2x4", "2x4x4", "4x4x4", "4x4x8", "4x8x8", "8x8x8", "... (AxBxC, sides multiples of 4, A <= B <= C, at most 9216 chips; tpu7x)". ' +
      'Fix: request one of the sub-slice or super-slice topologies');
  });
});
