import { TpuGeneration, MultiHostPlacement } from '../../lib/tpu/tpu-generation';
import { TpuMachineType, tpuSliceShape } from '../../lib/tpu/tpu-machine-type';
import { TpuTopology } from '../../lib/tpu/tpu-topology';

describe('TpuTopology', () => {
  test('parses 2D and 3D topologies and counts chips', () => {
    expect(TpuTopology.parse('4x4').chips).toBe(16);
    expect(TpuTopology.parse('4x4x8').chips).toBe(128);
    expect(TpuTopology.parse('2x2x1').rank).toBe(3);
    expect(TpuTopology.of(2, 4).toString()).toBe('2x4');
  });
});

describe('TpuGeneration', () => {
  test.each([
    ['v5e', 'tpu-v5-lite-podslice', 2, 1, MultiHostPlacement.COMPACT],
    ['v5p', 'tpu-v5p-slice', 3, 2, MultiHostPlacement.COMPACT],
    ['v6e', 'tpu-v6e-slice', 2, 1, MultiHostPlacement.COMPACT],
    ['tpu7x', 'tpu7x', 3, 2, MultiHostPlacement.WORKLOAD_POLICY],
  ])('%s: label %s, rank %d, %d TensorCores per chip, %s placement', (name, label, rank, cores, placement) => {
    const g = TpuGeneration.of(name);
    expect(g.acceleratorLabel).toBe(label);
    expect(g.rank).toBe(rank);
    expect(g.tensorCoresPerChip).toBe(cores);
    expect(g.multiHostPlacement).toBe(placement);
    expect(TpuGeneration.of(label)).toBe(g);
  });

  test('v6e multi-host topologies are exactly the GKE list', () => {
    const valid = ['2x4', '4x4', '4x8', '8x8', '8x16', '16x16'];
    for (const t of valid) expect(TpuGeneration.V6E.isMultiHostTopology(TpuTopology.parse(t))).toBe(true);
    for (const t of ['2x2', '4x2', '16x32', '8x4', '1x1']) expect(TpuGeneration.V6E.isMultiHostTopology(TpuTopology.parse(t))).toBe(false);
  });

  test('tpu7x: small shapes listed, larger ones are ordered multiples of 4 up to 9216 chips', () => {
    const ok = ['2x2x2', '2x2x4', '2x4x4', '4x4x4', '4x4x8', '4x8x8', '8x8x8', '12x12x12', '16x24x24'];
    const bad = ['2x2x1', '4x2x2', '4x8x4', '8x4x4', '4x4x6', '24x24x24', '2x2'];
    for (const t of ok) expect(TpuGeneration.TPU7X.isMultiHostTopology(TpuTopology.parse(t))).toBe(true);
    for (const t of bad) expect(TpuGeneration.TPU7X.isMultiHostTopology(TpuTopology.parse(t))).toBe(false);
  });

  test('v5p caps at 16x16x24', () => {
    expect(TpuGeneration.V5P.isMultiHostTopology(TpuTopology.parse('16x16x24'))).toBe(true);
    expect(TpuGeneration.V5P.isMultiHostTopology(TpuTopology.parse('16x24x24'))).toBe(false);
  });
});

describe('TpuMachineType', () => {
  test.each([
    ['ct5lp-hightpu-1t', 'v5e', 1, '1x1', false],
    ['ct5lp-hightpu-4t', 'v5e', 4, '2x2', true],
    ['ct5lp-hightpu-8t', 'v5e', 8, '2x4', false],
    ['ct5p-hightpu-4t', 'v5p', 4, '2x2x1', true],
    ['ct6e-standard-1t', 'v6e', 1, '1x1', false],
    ['ct6e-standard-4t', 'v6e', 4, '2x2', true],
    ['ct6e-standard-8t', 'v6e', 8, '2x4', false],
    ['tpu7x-standard-4t', 'tpu7x', 4, '2x2x1', true],
  ])('%s: %s, %d chips per VM, single-host %s, multi-host %s', (name, generation, chips, single, multi) => {
    const m = TpuMachineType.of(name);
    expect(m.generation.name).toBe(generation);
    expect(m.chipsPerVm).toBe(chips);
    expect(m.singleHostTopology.toString()).toBe(single);
    expect(m.supportsMultiHost).toBe(multi);
  });

  test('tpu7x-standard-4t has 224 vCPUs and 960 GB (Kueue quota derivation)', () => {
    expect(TpuMachineType.TPU7X_STANDARD_4T.vcpus).toBe(224);
    expect(TpuMachineType.TPU7X_STANDARD_4T.memoryGb).toBe(960);
  });
});

describe('tpuSliceShape', () => {
  test('single-host pool: no topology, one VM, the machine topology', () => {
    const s = tpuSliceShape({ machineType: 'ct6e-standard-8t' });
    expect(s).toMatchObject({ multiHost: false, vms: 1, chips: 8 });
    expect(s.topology.toString()).toBe('2x4');
    expect(s.placement).toBeUndefined();
  });

  test('v6e 4x4 on ct6e-standard-4t: 4 VMs, 16 chips, COMPACT', () => {
    const s = tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '4x4' });
    expect(s).toMatchObject({ multiHost: true, vms: 4, chips: 16, placement: MultiHostPlacement.COMPACT });
  });

  test('v6e 2x4 on ct6e-standard-4t is a two-VM multi-host slice', () => {
    expect(tpuSliceShape({ machineType: 'ct6e-standard-4t', topology: '2x4' })).toMatchObject({ multiHost: true, vms: 2 });
  });

  test('tpu7x 4x4x4 cube: 16 VMs, 64 chips, workload policy', () => {
    const s = tpuSliceShape({ machineType: TpuMachineType.TPU7X_STANDARD_4T, topology: '4x4x4', nodeCount: 16 });
    expect(s).toMatchObject({ vms: 16, chips: 64, placement: MultiHostPlacement.WORKLOAD_POLICY });
  });

  test('v5p 2x2x2: 2 VMs', () => {
    expect(tpuSliceShape({ machineType: 'ct5p-hightpu-4t', topology: '2x2x2' }).vms).toBe(2);
  });
});
