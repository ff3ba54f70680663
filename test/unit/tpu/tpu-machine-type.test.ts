/**
 * Unit tests of lib/tpu/tpu-machine-type.ts: the machine type table and tpuSliceShape.
 *
 * Sources: GKE "Plan TPUs in GKE" (machine types, chips per VM, single-host topologies; single-host
 * pools take no topology; multi-host slices are built from the 4-chip machine types only) and the
 * Cloud TPU v5e / v5p / v6e / TPU7x pages (vCPUs and memory per machine type).
 */
import { MultiHostPlacement, TpuGeneration } from '../../../lib/tpu/tpu-generation';
import { TpuMachineType, tpuSliceShape } from '../../../lib/tpu/tpu-machine-type';
import { codeOf, errorOf } from '../helpers';

describe('the machine type table', () => {
  test.each([
    ['ct5lp-hightpu-1t', 'v5e', 1, '1x1', false, 24, 48],
    ['ct5lp-hightpu-4t', 'v5e', 4, '2x2', true, 112, 192],
    ['ct5lp-hightpu-8t', 'v5e', 8, '2x4', false, 224, 384],
    ['ct5p-hightpu-4t', 'v5p', 4, '2x2x1', true, 208, 448],
    ['ct6e-standard-1t', 'v6e', 1, '1x1', false, 44, 176],
    ['ct6e-standard-4t', 'v6e', 4, '2x2', true, 180, 720],
    ['ct6e-standard-8t', 'v6e', 8, '2x4', false, 180, 1440],
    ['tpu7x-standard-4t', 'tpu7x', 4, '2x2x1', true, 224, 960],
  ])('%s: %s, %d chips/VM, %s, multi-host %s, %d vCPUs, %d GB', (name, gen, chips, single, multiHost, vcpus, memoryGb) => {
    const m = TpuMachineType.of(name);
    expect([m.name, m.generation.name, m.chipsPerVm, m.singleHostTopology.toString(), m.supportsMultiHost, m.vcpus, m.memoryGb, m.toString()])
      .toEqual([name, gen, chips, single, multiHost, vcpus, memoryGb, name]);
    expect(TpuMachineType.resolve(name)).toBe(m);
    expect(TpuMachineType.resolve(m)).toBe(m);
  });

  test('ALL lists every machine type once, tpu7x-standard-1t is not among them', () => {
    expect(TpuMachineType.ALL.map(String)).toEqual([
      'ct5lp-hightpu-1t', 'ct5lp-hightpu-4t', 'ct5lp-hightpu-8t', 'ct5p-hightpu-4t',
      'ct6e-standard-1t', 'ct6e-standard-4t', 'ct6e-standard-8t', 'tpu7x-standard-4t',
    ]);
    expect(codeOf(() => TpuMachineType.of('tpu7x-standard-1t'))).toBe('UNKNOWN_MACHINE_TYPE');
  });

  test('an unknown machine type names the closest ones', () => {
    expect(errorOf(() => TpuMachineType.of('ct6e-standard-2t'))).toBe(
      'TPU machine type "ct6e-standard-2t" is not in the catalog (did you mean "ct6e-standard-1t", "ct6e-standard-4t", "ct6e-standard-8t"?). '
      + 'Allowed: "ct5lp-hightpu-1t", "ct5lp-hightpu-4t", "ct5lp-hightpu-8t", "ct5p-hightpu-4t", "ct6e-standard-1t", "ct6e-standard-4t", '
      + '"ct6e-standard-8t", "tpu7x-standard-4t". Fix: use one of the listed GKE TPU machine types');
  });

  test('describeTopologies: single-host only, or single-host then the multi-host rule', () => {
    expect(TpuMachineType.CT6E_STANDARD_8T.describeTopologies()).toBe('single-host: none (omit the topology; the VM forms "2x4")');
    expect(TpuMachineType.CT6E_STANDARD_4T.describeTopologies()).toBe(
      'single-host: none (omit the topology; the VM forms "2x2"); multi-host: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"');
  });
});

describe('tpuSliceShape', () => {
  test('single-host: no topology, one VM, the machine topology, no placement', () => {
    expect(tpuSliceShape({ machineType: 'ct5lp-hightpu-8t' })).toEqual({
      machineType: TpuMachineType.CT5LP_HIGHTPU_8T, generation: TpuGeneration.V5E, topology: TpuMachineType.CT5LP_HIGHTPU_8T.singleHostTopology,
      multiHost: false, vms: 1, chips: 8,
    });
  });

  test('multi-host: VMs = chips / chips per VM, with the generation placement', () => {
    const s = tpuSliceShape({ machineType: 'ct5lp-hightpu-4t', topology: '16x16', nodeCount: 64 });
    expect({ ...s, topology: s.topology.toString() }).toEqual({
      machineType: TpuMachineType.CT5LP_HIGHTPU_4T, generation: TpuGeneration.V5E, topology: '16x16', multiHost: true, vms: 64, chips: 256,
      placement: MultiHostPlacement.COMPACT,
    });
    expect(tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4x8' })).toMatchObject({ vms: 32, chips: 128, placement: MultiHostPlacement.WORKLOAD_POLICY });
    expect(tpuSliceShape({ machineType: 'ct5p-hightpu-4t', topology: '2x2x2', nodeCount: 2 })).toMatchObject({ vms: 2, chips: 8 });
    expect(tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '2x4' })).toMatchObject({ multiHost: true, vms: 2, chips: 8, placement: MultiHostPlacement.COMPACT });
    expect(tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x4' })).toMatchObject({ multiHost: true, vms: 4, chips: 16 });
    expect(tpuSliceShape({ machineType: TpuMachineType.TPU7X_STANDARD_4T, topology: '4x4x4', nodeCount: 16 })).toMatchObject({ vms: 16, chips: 64 });
  });

  test('the machine topology itself on a single-host pool is rejected by GKE', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '2x2' }))).toBe(
      'TPU topology "2x2" on a single-host ct6e-standard-4t pool is rejected by GKE. Allowed: no topology on this single-host pool. '
      + 'Fix: omit the topology; the machine type alone defines the single-host slice');
  });

  test('another shape with the chips of one VM does not fit', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '1x4' }))).toBe(
      'TPU topology "1x4" cannot be built from ct6e-standard-4t VMs. Allowed: "single-host: none (omit the topology; the VM forms "2x2"); '
      + 'multi-host: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16"". Fix: use a topology listed for ct6e-standard-4t, or a machine type whose chips per VM fit "1x4"');
  });

  test('a topology GKE does not list for the generation', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x2' }))).toBe(
      'TPU topology "4x2" is not a valid v6e multi-host topology (did you mean "4x4", "4x8", "2x4"?). '
      + 'Allowed: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16". Fix: pick one of the v6e topologies GKE supports');
    expect(codeOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4x580' }))).toBe('TOPOLOGY_INVALID_FOR_GENERATION');
  });

  test('a multi-host topology on a machine type that builds no multi-host slices names the one that does', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct6e-standard-8t', topology: '4x4' }))).toBe(
      'TPU topology "4x4" cannot be built from ct6e-standard-8t VMs. Allowed: "single-host: none (omit the topology; the VM forms "2x4"); '
      + 'multi-host "4x4" needs ct6e-standard-4t". Fix: use a topology listed for ct6e-standard-8t, or a machine type whose chips per VM fit "4x4"');
    expect(errorOf(() => tpuSliceShape({ machineType: 'ct5lp-hightpu-1t', topology: '2x4' }))).toMatch(/multi-host "2x4" needs ct5lp-hightpu-4t"\./);
  });

  test('the node count must match the topology', () => {
    expect(errorOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4x4', nodeCount: 15 }))).toBe(
      'Node count 15 does not match topology "4x4x4" on tpu7x-standard-4t. Allowed: 16 (chips in the topology / chips per VM). '
      + 'Fix: set the node count to 16 or omit it to derive it from the topology');
    expect(codeOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4x4', nodeCount: 17 }))).toBe('NODE_COUNT_MISMATCH');
  });

  test('the topology rank must match the generation', () => {
    expect(codeOf(() => tpuSliceShape({ machineType: 'tpu7x-standard-4t', topology: '4x4' }))).toBe('TOPOLOGY_DIMENSIONS');
    expect(codeOf(() => tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x4x' }))).toBe('MALFORMED_TOPOLOGY');
    expect(codeOf(() => tpuSliceShape({ machineType: 'ct6e-standard-5t' }))).toBe('UNKNOWN_MACHINE_TYPE');
  });
});
