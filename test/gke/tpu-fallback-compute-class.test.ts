/**
 * Fallback chains (issue 12 §2): one pool per capacity mode behind a ComputeClass whose
 * priorities go reservation → on-demand → flex-start → spot. Rules: the chain's order
 * and uniqueness (this library's contract), each pool's capacity rules
 * (test/gke/capacity-mode.test.ts), and the GKE ComputeClass CRD rule that a `nodepools`
 * priority carries nothing else (schemas/k8s/gke-computeclass, checked by `npm run verify:k8s`).
 */
import { CapacityMode } from '../../lib/gke/capacity-mode';
import { TpuFallbackComputeClass, TpuFallbackComputeClassProps } from '../../lib/gke/tpu-fallback-compute-class';
import { errorOf, Json, objectNamed, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

function chain(props: Partial<TpuFallbackComputeClassProps> = {}): { json: Json; cc: TpuFallbackComputeClass } {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  const cc = new TpuFallbackComputeClass(stack, 'Fallback', {
    cluster, name: 'v6e-serving', zone: 'us-central1-b', machineType: 'ct6e-standard-4t',
    steps: [
      { capacityMode: CapacityMode.reservation({ name: 'v6e-res' }), maxNodes: 4, minNodes: 4 },
      { capacityMode: CapacityMode.onDemand(), maxNodes: 2 },
      { capacityMode: CapacityMode.flexStart({ maxRunDurationSeconds: 86400 }), maxNodes: 4 },
      { capacityMode: CapacityMode.spot(), maxNodes: 8 },
    ],
    ...props,
  });
  return { json: synth(stack), cc };
}

describe('TpuFallbackComputeClass', () => {
  const { json, cc } = chain();

  test('ComputeClass priorities list the pools reservation → on-demand → flex-start → spot', () => {
    expect(objectNamed(json, 'ComputeClass', 'v6e-serving').spec).toEqual({
      priorities: [
        { nodepools: ['v6e-serving-reservation'] }, { nodepools: ['v6e-serving-on-demand'] },
        { nodepools: ['v6e-serving-flex-start'] }, { nodepools: ['v6e-serving-spot'] },
      ],
      whenUnsatisfiable: 'DoNotScaleUp',
    });
    expect(cc.nodeSelector).toEqual({ 'cloud.google.com/compute-class': 'v6e-serving' });
  });

  test('each pool carries its mode, the class label and taint', () => {
    const res = resourceNamed(json, 'google_container_node_pool', 'v6e-serving-reservation');
    expect(res.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['v6e-res'] });
    expect(res.autoscaling).toEqual({ min_node_count: 4, max_node_count: 4 });
    expect(res.node_config.labels).toEqual({ 'cloud.google.com/compute-class': 'v6e-serving' });
    expect(res.node_config.taint).toEqual([{ key: 'cloud.google.com/compute-class', value: 'v6e-serving', effect: 'NO_SCHEDULE' }]);
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-serving-on-demand').node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-serving-flex-start')).toMatchObject({
      autoscaling: { total_min_node_count: 0, total_max_node_count: 4 }, node_config: { flex_start: true, max_run_duration: '86400s' },
    });
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-serving-spot').node_config.spot).toBe(true);
    expect(cc.group.capacity).toMatchObject({ chips: 18 * 4, vms: 18 });
  });

  test('out of order or repeated steps are rejected', () => {
    expect(errorOf(() => chain({ steps: [{ capacityMode: CapacityMode.spot(), maxNodes: 1 }, { capacityMode: CapacityMode.onDemand(), maxNodes: 1 }] }))).toBe(
      'TpuFallbackComputeClass "v6e-serving" step on-demand is out of order or repeated. Allowed: each of reservation → any-reservation → on-demand → flex-start → spot at most once, in that order. '
      + 'Fix: list the steps from committed capacity (reservation) to preemptible (spot); use a KueueStack for queued provisioning');
  });

  test('queued provisioning is not a serving step', () => {
    expect(errorOf(() => chain({ steps: [{ capacityMode: CapacityMode.queuedProvisioning(), maxNodes: 1 }] }))).toBe(
      'TpuFallbackComputeClass "v6e-serving" step queued-provisioning is not a fallback step. Allowed: each of reservation → any-reservation → on-demand → flex-start → spot at most once, in that order. '
      + 'Fix: list the steps from committed capacity (reservation) to preemptible (spot); use a KueueStack for queued provisioning');
  });

  test('a flex-start step keeps its pool rules: TPU7x is not offered flex-start', () => {
    expect(errorOf(() => chain({ machineType: 'tpu7x-standard-4t', steps: [{ capacityMode: CapacityMode.flexStart(), maxNodes: 1 }] }))).toContain(
      'capacity mode flex-start is not available for TPU tpu7x');
  });
});
