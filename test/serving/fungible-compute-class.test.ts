import { GpuDriverVersion } from '../../lib/gke/gpu-accelerator';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { AcceleratorKind } from '../../lib/serving/fungible/capacity-tier';
import { addressOf, helmValues, objectNamed, resourceNamed, resources, synth } from '../helpers/synth';
import { fungibilityFixture, fungibleClass } from './fungibility-fixture';

const CLASS_LABEL = { 'cloud.google.com/compute-class': 'vllm-fallback' };
const CLASS_TAINT = [{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: 'NO_SCHEDULE' }];

describe('FungibleComputeClass with the seed tiers', () => {
  const f = fungibilityFixture();
  const cc = fungibleClass(f);
  const json = synth(f.stack);
  const pool = (name: string) => resourceNamed(json, 'google_container_node_pool', name);

  test('one node pool per tier, in the zone, labelled and tainted with the class', () => {
    expect(resources(json, 'google_container_node_pool').map(([, r]) => r.name).sort()).toEqual(['l4', 'l4-spot', 'system-pool', 'v6e-1']);
    for (const name of ['v6e-1', 'l4-spot', 'l4']) {
      expect(pool(name).node_locations).toEqual(['us-central1-b']);
      expect(pool(name).node_config.labels).toEqual(CLASS_LABEL);
      expect(pool(name).node_config.taint).toEqual(CLASS_TAINT);
    }
  });

  test('v6e-1: ct6e-standard-1t single-host (no placement policy), autoscaling 1-2 starting at 1', () => {
    expect(pool('v6e-1').node_config.machine_type).toBe('ct6e-standard-1t');
    expect(pool('v6e-1').placement_policy).toBeUndefined();
    expect(pool('v6e-1').autoscaling).toEqual({ min_node_count: 1, max_node_count: 2 });
    expect(pool('v6e-1').initial_node_count).toBe(1);
    expect(pool('v6e-1').node_config.guest_accelerator).toBeUndefined();
  });

  test('l4-spot: preemptible g2-standard-4 + L4 (driver LATEST), 0-2 starting at 1; l4: on demand, 1-2', () => {
    const accelerator = [{ type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } }];
    expect(pool('l4-spot').node_config).toMatchObject({ machine_type: 'g2-standard-4', preemptible: true, guest_accelerator: accelerator });
    expect([pool('l4-spot').autoscaling, pool('l4-spot').initial_node_count]).toEqual([{ min_node_count: 0, max_node_count: 2 }, 1]);
    expect(pool('l4').node_config).toMatchObject({ machine_type: 'g2-standard-4', guest_accelerator: accelerator });
    expect(pool('l4').node_config.preemptible).toBeUndefined();
    expect(pool('l4').node_config.spot).toBeUndefined();
    expect([pool('l4').autoscaling, pool('l4').initial_node_count]).toEqual([{ min_node_count: 1, max_node_count: 2 }, 1]);
  });

  test('the ComputeClass lists the pools in tier order and does not scale up outside them', () => {
    expect(objectNamed(json, 'ComputeClass', 'vllm-fallback')).toEqual({
      apiVersion: 'cloud.google.com/v1',
      kind: 'ComputeClass',
      metadata: { name: 'vllm-fallback' },
      spec: { priorities: [{ nodepools: ['v6e-1'] }, { nodepools: ['l4-spot'] }, { nodepools: ['l4'] }], whenUnsatisfiable: 'DoNotScaleUp' },
    });
  });

  test('the class ships after every pool exists (and goes before them on destroy)', () => {
    const release = resourceNamed(json, 'helm_release', 'compute-class-vllm-fallback');
    for (const name of ['v6e-1', 'l4-spot', 'l4', 'system-pool']) expect(release.depends_on).toContain(addressOf(json, 'google_container_node_pool', name));
    expect(helmValues(json, 'compute-class-vllm-fallback').objects).toHaveLength(1);
  });

  test('what workloads get: selector, tolerations (GPU then TPU), tiers in order, node capacity', () => {
    expect(cc.nodeSelector).toEqual(CLASS_LABEL);
    expect(cc.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(cc.tiers.map((t) => [t.priority, t.tier.name, t.tier.kind, t.maxNodes])).toEqual([
      [1, 'v6e-1', AcceleratorKind.TPU, 2], [2, 'l4-spot', AcceleratorKind.GPU, 2], [3, 'l4', AcceleratorKind.GPU, 2]]);
    expect(cc.maxNodes).toBe(6);
    expect(cc.tpuTiers.map((t) => t.tpuPool!.capacity)).toEqual([{ generation: cc.tpuTiers[0].tpuPool!.shape.generation, chips: 2, vms: 2 }]);
    expect(cc.gpuTiers.map((t) => t.gpuPool!.gpus)).toEqual([2, 2]);
    expect(cc.fqn).toBe(cc.release.fqn);
  });
});

describe('FungibleComputeClass options', () => {
  test('GPU first, TPU as the fallback (the stockout workaround); a reserved TPU tier; per-tier zone; active migration; ScaleUpAnyway', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f, {
      name: 'gpu-first',
      whenUnsatisfiable: 'ScaleUpAnyway',
      activeMigration: true,
      releaseName: 'gpu-first-class',
      tiers: [
        CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-8', driverVersion: GpuDriverVersion.DEFAULT, spot: true, zone: 'us-central1-a' }),
        CapacityTier.tpu({ name: 'v6e-4', machineType: 'ct6e-standard-4t', topology: '2x2', nodeCount: 2, reservation: ReservationAffinity.specific({ name: 'my-v6e' }) }),
      ],
    });
    const json = synth(f.stack);
    expect(objectNamed(json, 'ComputeClass', 'gpu-first').spec).toEqual({
      activeMigration: { optimizeRulePriority: true },
      priorities: [{ nodepools: ['l4'] }, { nodepools: ['v6e-4'] }],
      whenUnsatisfiable: 'ScaleUpAnyway',
    });
    expect(resourceNamed(json, 'helm_release', 'gpu-first-class')).toBeDefined();
    const l4 = resourceNamed(json, 'google_container_node_pool', 'l4');
    expect([l4.node_locations, l4.node_count, l4.node_config.spot, l4.node_config.labels]).toEqual([['us-central1-a'], 1, true, { 'cloud.google.com/compute-class': 'gpu-first' }]);
    const v6e = resourceNamed(json, 'google_container_node_pool', 'v6e-4');
    expect([v6e.node_locations, v6e.node_count, v6e.placement_policy, v6e.node_config.reservation_affinity.values]).toEqual([['us-central1-b'], 2, undefined, ['my-v6e']]);
    expect(cc.tolerations.map((t) => t.key)).toEqual(['nvidia.com/gpu', 'google.com/tpu']);
    expect(cc.maxNodes).toBe(3);
  });

  test('a GPU-only class tolerates only the GPU taint', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f, { tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4' })] });
    expect(cc.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(cc.hasKind(AcceleratorKind.TPU)).toBe(false);
  });
});
