import { computeClass } from '../../lib/k8s/compute-class';
import { errorOf } from '../helpers/synth';

describe('computeClass: node pool priorities, GPU rules, active migration', () => {
  test('the seed class: three nodepools priorities in order', () => {
    expect(computeClass({ name: 'vllm-fallback', priorities: [{ nodepools: ['v6e-1'] }, { nodepools: ['l4-spot'] }, { nodepools: ['l4'] }] })).toEqual({
      apiVersion: 'cloud.google.com/v1',
      kind: 'ComputeClass',
      metadata: { name: 'vllm-fallback' },
      spec: { priorities: [{ nodepools: ['v6e-1'] }, { nodepools: ['l4-spot'] }, { nodepools: ['l4'] }] },
    });
  });

  test('whenUnsatisfiable, activeMigration and a GPU rule with driver version', () => {
    expect(computeClass({
      name: 'gpu', whenUnsatisfiable: 'DoNotScaleUp', optimizeRulePriority: true, nodePoolAutoCreation: true,
      priorities: [{ machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1, driverVersion: 'latest' }, spot: true }, { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1 } }],
    }).spec).toEqual({
      nodePoolAutoCreation: { enabled: true },
      activeMigration: { optimizeRulePriority: true },
      priorities: [
        { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1, driverVersion: 'latest' }, spot: true },
        { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1 } },
      ],
      whenUnsatisfiable: 'DoNotScaleUp',
    });
  });

  test('TPU rules may be followed by TPU or nodepools rules', () => {
    const tpu = { type: 'tpu-v6e-slice', count: 1, topology: '1x1' };
    expect(computeClass({ name: 'ok', priorities: [{ tpu, spot: true }, { tpu }, { nodepools: ['l4'] }] }).spec).toEqual({
      priorities: [{ tpu, spot: true }, { tpu }, { nodepools: ['l4'] }],
    });
  });
});

describe('computeClass: GKE rules checked at synth time', () => {
  test('the seed\'s denied class: a TPU rule first, GPU rules after', () => {
    expect(errorOf(() => computeClass({
      name: 'vllm-fallback',
      priorities: [
        { tpu: { type: 'tpu-v6e-slice', count: 1, topology: '1x1' } },
        { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1 }, spot: true },
        { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1 } },
      ],
    }))).toBe('ComputeClass "vllm-fallback" priority 2 is a GPU (nvidia-l4) rule in a class that has TPU rules, which GKE denies '
      + '("When using TPU config all rules need to have TPU or Nodepools config"). Allowed: when any priority is a TPU rule (`tpu`, or a TPU machine type or family), every priority is a TPU rule or sets `nodepools`. '
      + 'Fix: create the GPU capacity as a node pool on a GKE Standard cluster and list it with `nodepools` (FungibleComputeClass does this); '
      + 'Autopilot cannot mix TPU and GPU in one class');
  });

  test('a TPU machine type or family counts as a TPU rule (the DRANET class alone is fine)', () => {
    expect(() => computeClass({ name: 'dranet-compute-class', priorities: [{ machineType: 'ct6e-standard-4t', acceleratorNetworkProfile: 'auto' }] })).not.toThrow();
    expect(errorOf(() => computeClass({ name: 'c', priorities: [{ machineType: 'ct6e-standard-4t' }, { machineFamily: 'g2', gpu: { type: 'nvidia-l4', count: 1 } }] }))).toContain(
      'ComputeClass "c" priority 2 is a GPU (nvidia-l4) rule in a class that has TPU rules');
    expect(errorOf(() => computeClass({ name: 'c', priorities: [{ machineFamily: 'n4' }, { machineFamily: 'tpu7x' }] }))).toContain(
      'ComputeClass "c" priority 1 is a machine (n4) rule in a class that has TPU rules');
    expect(() => computeClass({ name: 'c', priorities: [{ machineType: 'tpu7x-standard-4t' }, { nodepools: ['l4'] }] })).not.toThrow();
  });

  test('the order does not matter, and machine-family rules count as well', () => {
    expect(errorOf(() => computeClass({ name: 'c', priorities: [{ machineFamily: 'n4' }, { tpu: { type: 'tpu-v6e-slice', count: 4, topology: '2x2' } }] }))).toContain(
      'ComputeClass "c" priority 1 is a machine (n4) rule in a class that has TPU rules');
    expect(errorOf(() => computeClass({ name: 'c', priorities: [{ tpu: { type: 'tpu-v6e-slice', count: 4, topology: '2x2' } }, { spot: true }] }))).toContain(
      'priority 2 is a non-TPU rule');
  });

  test('nodepools alone in a priority (CRD CEL rule)', () => {
    expect(errorOf(() => computeClass({ name: 'c', priorities: [{ nodepools: ['l4'], spot: true, machineFamily: 'g2' }] }))).toBe(
      'ComputeClass "c" priority 1 sets `nodepools` together with `machineFamily`, `spot`, which the ComputeClass CRD rejects. '
      + 'Allowed: `nodepools` alone in its priority. Fix: move the other fields into a priority of their own, or configure them on the node pool');
  });
});
