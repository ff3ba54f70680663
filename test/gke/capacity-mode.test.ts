/**
 * Capacity modes: the exact provider arguments of each mode, the Kueue objects of
 * queued provisioning, and every rule with its source.
 *
 * Sources (read, not guessed):
 * - [DWS]  GKE "About flex-start provisioning mode", https://cloud.google.com/kubernetes-engine/docs/concepts/dws
 *          (TPU v5e, v5p, v6e; v3/v4 unsupported; flex-start VMs for single-host TPU slice pools; nodes run up to seven days, the default).
 * - [QP]   GKE "Run a large-scale workload with flex-start with queued provisioning",
 *          https://cloud.google.com/kubernetes-engine/docs/how-to/provisioningrequest (both --flex-start and
 *          --enable-queued-provisioning; Kueue automates the ProvisioningRequest lifecycle).
 * - [TFQP] hashicorp/terraform-provider-google google/services/container/resource_container_node_pool_test.go,
 *          TestAccContainerNodePool_enableQueuedProvisioning: autoscaling total_min_node_count = 0, no node_count,
 *          reservation_affinity NO_RESERVATION, queued_provisioning { enabled = true }.
 * - [TFFS] same file, TestAccContainerNodePool_withFlexStart: initial_node_count = 0, total_min_node_count = 0,
 *          flex_start = true, max_run_duration = "604800s", reservation_affinity NO_RESERVATION.
 * - [TFRA] website/docs/r/container_node_pool.html.markdown, reservation_affinity: NO_RESERVATION, ANY_RESERVATION,
 *          SPECIFIC_RESERVATION with key compute.googleapis.com/reservation-name.
 * - [KUEUE] Kueue v0.17.4 CRDs (schemas/k8s/kueue-v0.17.4): ProvisioningRequestConfig.spec.provisioningClassName
 *          (required), managedResources; AdmissionCheck.spec.parameters {apiGroup, kind, name}. Checked by `npm run verify:k8s`.
 * - [SLICE] GKE dynamic slicing (TPU7x super-/sub-slicing) runs on All Capacity mode reservations (the recipe seeds
 *          000 and the GKE dynamic slicing guide they follow): PROVISION_ONLY cubes consume a specific reservation block.
 */
import { CapacityKind, CapacityMode, capacityKindFromContext, CAPACITY_CONTEXT_KEY } from '../../lib/gke/capacity-mode';
import { GpuNodePool } from '../../lib/gke/gpu-node-pool';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool, TpuNodePoolProps } from '../../lib/gke/tpu-node-pool';
import { TpuPoolGroup } from '../../lib/gke/tpu-pool-group';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { KueueStack } from '../../lib/kueue/kueue-stack';
import { App, TerraformStack, Testing } from 'cdktf';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { FungibleComputeClass } from '../../lib/serving/fungible/fungible-compute-class';
import { errorOf, Json, objectNamed, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

function tpuPool(props: Partial<TpuNodePoolProps>): Json {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  new TpuNodePool(stack, 'Pool', { cluster, name: 'tpu', machineType: 'ct6e-standard-4t', zone: 'us-central1-b', ...props });
  return resourceNamed(synth(stack), 'google_container_node_pool', 'tpu');
}

function tpuPoolError(props: Partial<TpuNodePoolProps>): string {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  return errorOf(() => new TpuNodePool(stack, 'Pool', { cluster, name: 'tpu', machineType: 'ct6e-standard-4t', zone: 'us-central1-b', ...props }));
}

describe('CapacityMode: provider arguments per mode', () => {
  test('reservation: SPECIFIC_RESERVATION with the block path [TFRA], fixed size', () => {
    const r = tpuPool({ capacityMode: CapacityMode.reservation({ name: 'res', project: 'other-project', block: 'block-0' }), nodeCount: 2 });
    expect(r.node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name',
      values: ['projects/other-project/reservations/res/reservationBlocks/block-0'],
    });
    expect(r.node_count).toBe(2);
    expect(r.node_config.spot).toBeUndefined();
    expect(r.node_config.flex_start).toBeUndefined();
    expect(r.queued_provisioning).toBeUndefined();
  });

  test('any reservation: ANY_RESERVATION [TFRA]', () => {
    expect(tpuPool({ capacityMode: CapacityMode.anyReservation() }).node_config.reservation_affinity).toEqual({ consume_reservation_type: 'ANY_RESERVATION' });
  });

  test('on-demand: NO_RESERVATION, never a reservation [TFRA]', () => {
    const r = tpuPool({ capacityMode: CapacityMode.onDemand() });
    expect(r.node_config.reservation_affinity).toEqual({ consume_reservation_type: 'NO_RESERVATION' });
    expect(r.node_config.spot).toBeUndefined();
  });

  test('spot: node_config.spot, no reservation affinity written', () => {
    const r = tpuPool({ capacityMode: CapacityMode.spot(), nodeCount: 3 });
    expect(r.node_config.spot).toBe(true);
    expect(r.node_config.reservation_affinity).toBeUndefined();
    expect(r.node_count).toBe(3);
  });

  test('flex-start: flex_start, max_run_duration 604800s, NO_RESERVATION, total autoscaling from 0, initial 0 [TFFS]', () => {
    const r = tpuPool({ capacityMode: CapacityMode.flexStart(), autoscaling: { minNodes: 0, maxNodes: 4, initialNodes: 0 } });
    expect(r.node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s', reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' } });
    expect(r.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 4 });
    expect(r.initial_node_count).toBe(0);
    expect(r.node_count).toBeUndefined();
    expect(r.queued_provisioning).toBeUndefined();
  });

  test('flex-start with a shorter run: max_run_duration "3600s"', () => {
    const r = tpuPool({ capacityMode: CapacityMode.flexStart({ maxRunDurationSeconds: 3600 }), autoscaling: { minNodes: 0, maxNodes: 1, initialNodes: 0 } });
    expect(r.node_config.max_run_duration).toBe('3600s');
  });

  test('queued provisioning, multi-host v6e 4x4: queued_provisioning + flex_start, 0..4 nodes as one unit, NO_RESERVATION [QP][TFQP]', () => {
    const r = tpuPool({ capacityMode: CapacityMode.queuedProvisioning(), topology: '4x4' });
    expect(r.queued_provisioning).toEqual({ enabled: true });
    expect(r.node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s', reservation_affinity: { consume_reservation_type: 'NO_RESERVATION' } });
    expect(r.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 4 });
    expect(r.initial_node_count).toBe(0);
    expect(r.node_count).toBeUndefined();
    expect(r.placement_policy).toEqual({ type: 'COMPACT', tpu_topology: '4x4' });
  });

  test('GPU pool, spot and flex-start', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    new GpuNodePool(stack, 'Spot', { cluster, name: 'l4-spot', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1-b', capacityMode: CapacityMode.spot() });
    new GpuNodePool(stack, 'Flex', {
      cluster, name: 'l4-flex', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1-b',
      capacityMode: CapacityMode.flexStart(), autoscaling: { minNodes: 0, maxNodes: 2, initialNodes: 0 },
    });
    const json = synth(stack);
    expect(resourceNamed(json, 'google_container_node_pool', 'l4-spot').node_config.spot).toBe(true);
    const flex = resourceNamed(json, 'google_container_node_pool', 'l4-flex');
    expect(flex.node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s' });
    expect(flex.autoscaling).toEqual({ total_min_node_count: 0, total_max_node_count: 2 });
  });
});

describe('CapacityMode: rules', () => {
  test('modes are exclusive: capacityMode with the legacy spot/reservation props is rejected', () => {
    expect(tpuPoolError({ capacityMode: CapacityMode.onDemand(), spot: true, reservation: ReservationAffinity.any() })).toBe(
      'Node pool "tpu" capacity mode on-demand is set together with `spot` and `reservation`. Allowed: one way to choose capacity: `capacityMode` alone. '
      + 'Fix: remove `spot` and `reservation`; `capacityMode` covers them (CapacityMode.spot(), CapacityMode.reservation(...), ...)');
  });

  test('GPU: capacityMode with preemptible is rejected', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new GpuNodePool(stack, 'P', {
      cluster, name: 'l4', machineType: 'g2-standard-4', accelerator: 'nvidia-l4', zone: 'us-central1-b', preemptible: true, capacityMode: CapacityMode.spot(),
    }))).toBe('Node pool "l4" capacity mode spot is set together with `preemptible`. Allowed: one way to choose capacity: `capacityMode` alone. '
      + 'Fix: remove `preemptible`; `capacityMode` covers them (CapacityMode.spot(), CapacityMode.reservation(...), ...)');
  });

  test('queued provisioning needs autoscaling from zero: a static node count is rejected [TFQP]', () => {
    expect(tpuPoolError({ capacityMode: CapacityMode.queuedProvisioning(), nodeCount: 2 })).toBe(
      'Node pool "tpu" capacity mode queued-provisioning has a static node count (2). Allowed: autoscaling from zero: `autoscaling: { minNodes: 0, maxNodes: N }` and no `nodeCount`. '
      + 'Fix: replace nodeCount with autoscaling: { minNodes: 0, maxNodes: 2 }');
  });

  test('flex-start needs autoscaling from zero: minNodes 1 is rejected [TFFS]', () => {
    expect(tpuPoolError({ capacityMode: CapacityMode.flexStart(), autoscaling: { minNodes: 1, maxNodes: 2 } })).toBe(
      'Node pool "tpu" capacity mode flex-start autoscales from minNodes 1, initialNodes 0. Allowed: autoscaling from zero: minNodes 0 and initialNodes 0 (GKE creates the nodes when workloads ask for them). '
      + 'Fix: set minNodes: 0 and remove initialNodes');
  });

  test('flex-start VMs only on single-host TPU pools [DWS]', () => {
    expect(tpuPoolError({ capacityMode: CapacityMode.flexStart(), topology: '4x4' })).toBe(
      'Node pool "tpu" capacity mode flex-start is set on a multi-host TPU slice pool. Allowed: flex-start VMs on single-host TPU pools; multi-host slices through queued provisioning. '
      + 'Fix: use CapacityMode.queuedProvisioning() for a multi-host slice, or a single-host machine type');
  });

  test('flex-start is not offered for TPU7x (GKE lists v5e, v5p, v6e) [DWS]', () => {
    expect(tpuPoolError({ machineType: 'tpu7x-standard-4t', capacityMode: CapacityMode.flexStart(), autoscaling: { minNodes: 0, maxNodes: 1, initialNodes: 0 } })).toBe(
      'Node pool "tpu" capacity mode flex-start is not available for TPU tpu7x. Allowed: TPU v5e, v5p, v6e (GKE\'s flex-start list). '
      + 'Fix: use reservation, on-demand or spot for tpu7x, or a listed generation');
  });

  test('max run duration: at most seven days [DWS]', () => {
    expect(errorOf(() => CapacityMode.flexStart({ maxRunDurationSeconds: 604801 }))).toBe(
      'Capacity mode flex-start maxRunDurationSeconds 604801 is out of range. Allowed: a whole number of seconds from 1 to 604800 (seven days, GKE\'s limit for flex-start nodes). '
      + 'Fix: set maxRunDurationSeconds to at most 604800, or omit it for seven days');
  });

  test('multi-host queued provisioning takes no autoscaling prop (the slice scales as one unit)', () => {
    expect(tpuPoolError({ capacityMode: CapacityMode.queuedProvisioning(), topology: '4x4', autoscaling: { minNodes: 0, maxNodes: 4 } })).toBe(
      'Node pool "tpu" capacity mode queued-provisioning is set with `autoscaling` on a multi-host TPU slice pool. Allowed: no autoscaling prop: the pool scales from 0 to the slice\'s VMs as one unit. Fix: remove `autoscaling`');
  });

  test('a PROVISION_ONLY workload policy (dynamic slicing) needs a specific reservation [SLICE]', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new SuperslicePool(stack, 'S', { cluster, poolNamePrefix: 'tpu7-pool-', cubes: 2, region: 'us-central1', zone: 'us-central1-ai1a', capacityMode: CapacityMode.spot() }))).toBe(
      'Node pool "tpu7-pool-1" capacity mode spot is used with a PROVISION_ONLY workload policy (dynamic slicing). '
      + 'Allowed: reservation: dynamic slicing provisions TPU7x cubes from an All Capacity mode reservation block. Fix: use CapacityMode.reservation({ name, project, block }) for the cubes');
  });

  test('a PROVISION_ONLY workload policy with the legacy reservation prop: ANY_RESERVATION is rejected too [SLICE]', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new SuperslicePool(stack, 'S', { cluster, poolNamePrefix: 'tpu7-pool-', cubes: 2, region: 'us-central1', zone: 'us-central1-ai1a', reservation: ReservationAffinity.any() }))).toBe(
      'Node pool "tpu7-pool-1" reservation is ANY_RESERVATION with a PROVISION_ONLY workload policy (dynamic slicing). '
      + 'Allowed: reservation: dynamic slicing provisions TPU7x cubes from an All Capacity mode reservation block. Fix: use CapacityMode.reservation({ name, project, block }) for the cubes');
  });

  test('SuperslicePool with capacityMode reservation writes the block path on every cube', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const s = new SuperslicePool(stack, 'S', { cluster, poolNamePrefix: 'tpu7-pool-', cubes: 2, region: 'us-central1', zone: 'us-central1-ai1a', capacityMode: CapacityMode.reservation({ name: 'r', project: 'my-project', block: 'block-0' }) });
    const json = synth(stack);
    expect(s.capacityMode?.kind).toBe(CapacityKind.RESERVATION);
    for (const p of ['tpu7-pool-1', 'tpu7-pool-2']) {
      expect(resourceNamed(json, 'google_container_node_pool', p).node_config.reservation_affinity.values).toEqual(['projects/my-project/reservations/r/reservationBlocks/block-0']);
    }
  });

  test('pools of a group share one capacity mode', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const a = new TpuNodePool(stack, 'A', { cluster, name: 'a', machineType: 'ct6e-standard-4t', zone: 'us-central1-b', capacityMode: CapacityMode.spot() });
    const b = new TpuNodePool(stack, 'B', { cluster, name: 'b', machineType: 'ct6e-standard-4t', zone: 'us-central1-b', capacityMode: CapacityMode.onDemand() });
    expect(errorOf(() => new TpuPoolGroup('serving', [a, b]))).toBe(
      'Capacity mode of node pool "b" in group "serving" "on-demand" is not supported. Allowed: "spot". Fix: give every pool of a group the same capacityMode');
  });
});

describe('KueueStack with queued provisioning [QP][KUEUE]', () => {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  const platform = new TpuNodePool(stack, 'Pool', {
    cluster, name: 'v6e-16', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b', capacityMode: CapacityMode.queuedProvisioning(),
  });
  const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'work' });
  const kueue = new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, dynamicSlicing: false, namePrefix: 'tpu' });
  const json = synth(stack);

  test('ProvisioningRequestConfig of class queued-provisioning.gke.io managing google.com/tpu', () => {
    expect(kueue.queuedProvisioning).toBe(true);
    expect(objectNamed(json, 'ProvisioningRequestConfig', 'tpu-dws')).toEqual({
      apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ProvisioningRequestConfig', metadata: { name: 'tpu-dws' },
      spec: { provisioningClassName: 'queued-provisioning.gke.io', managedResources: ['google.com/tpu'] },
    });
  });

  test('AdmissionCheck of kueue.x-k8s.io/provisioning-request pointing at the config', () => {
    expect(objectNamed(json, 'AdmissionCheck', 'tpu-dws')).toEqual({
      apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'AdmissionCheck', metadata: { name: 'tpu-dws' },
      spec: { controllerName: 'kueue.x-k8s.io/provisioning-request', parameters: { apiGroup: 'kueue.x-k8s.io', kind: 'ProvisioningRequestConfig', name: 'tpu-dws' } },
    });
  });

  test('the ClusterQueue requires the check', () => {
    expect(objectNamed(json, 'ClusterQueue', 'tpu').spec.admissionChecksStrategy).toEqual({ admissionChecks: [{ name: 'tpu-dws' }] });
  });
});

describe('context key "capacity"', () => {
  function kindIn(context: Record<string, unknown> | undefined, id = 'qwen-pd'): CapacityKind {
    const app: App = Testing.app({ context });
    const stack = new TerraformStack(app, id);
    return capacityKindFromContext(stack, CapacityKind.RESERVATION, [CapacityKind.RESERVATION, CapacityKind.SPOT, CapacityKind.ON_DEMAND]);
  }

  test('default: the seed mode; a string switches every stack; an object switches one stack', () => {
    expect(kindIn(undefined)).toBe(CapacityKind.RESERVATION);
    expect(kindIn({ [CAPACITY_CONTEXT_KEY]: 'spot' })).toBe(CapacityKind.SPOT);
    expect(kindIn({ [CAPACITY_CONTEXT_KEY]: { 'qwen-pd': 'on-demand' } })).toBe(CapacityKind.ON_DEMAND);
    expect(kindIn({ [CAPACITY_CONTEXT_KEY]: { 'llm-d-pd': 'spot' } })).toBe(CapacityKind.RESERVATION);
  });

  test('a mode the recipe cannot run on is rejected at synth time', () => {
    expect(errorOf(() => kindIn({ [CAPACITY_CONTEXT_KEY]: 'flex-start' }))).toBe(
      'Context "capacity" for stack "qwen-pd" "flex-start" is not supported. Allowed: "reservation", "spot", "on-demand". '
      + 'Fix: set "capacity" to one of the listed modes (or {"qwen-pd": "<mode>"} to switch only this stack); the recipe\'s default is reservation');
  });
});

describe('KueueStack fallback flavors (issue 12 §2) [QP][KUEUE]', () => {
  function fallbackStack(extra: Partial<TpuNodePoolProps>[] = []): Json {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const mk = (name: string, p: Partial<TpuNodePoolProps>): TpuNodePool => new TpuNodePool(stack, name, {
      cluster, name, machineType: 'ct6e-standard-4t', zone: 'us-central1-b', ...p,
    });
    // Given out of order: the flavors come out reservation → queued provisioning → spot.
    const pools = [
      mk('spot', { capacityMode: CapacityMode.spot(), nodeCount: 2 }),
      mk('queued', { capacityMode: CapacityMode.queuedProvisioning(), topology: '4x4' }),
      mk('reserved', { capacityMode: CapacityMode.reservation({ name: 'res' }), nodeCount: 1 }),
      ...extra.map((p, i) => mk(`extra${i}`, p)),
    ];
    const platform = new TpuPoolGroup('batch', pools.filter((p) => !p.shape.multiHost), { mixedCapacityModes: true });
    const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'work' });
    new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, dynamicSlicing: false, namePrefix: 'batch', fallbackPools: pools });
    return synth(stack);
  }

  test('one flavor per pool in fallback order with the pool\'s quota; the queued flavor alone gets the ProvisioningRequest check', () => {
    const json = fallbackStack();
    expect(objectNamed(json, 'ResourceFlavor', 'batch-reservation').spec).toEqual({ nodeLabels: { 'cloud.google.com/gke-nodepool': 'reserved' } });
    const cq = objectNamed(json, 'ClusterQueue', 'batch').spec;
    expect(cq.resourceGroups[0].flavors.map((f: Json) => [f.name, f.resources[0].nominalQuota])).toEqual([
      ['batch-reservation', '4'], ['batch-queued-provisioning', '16'], ['batch-spot', '8'],
    ]);
    expect(cq.admissionChecksStrategy).toEqual({ admissionChecks: [{ name: 'batch-dws', onFlavors: ['batch-queued-provisioning'] }] });
    expect(objectNamed(json, 'ProvisioningRequestConfig', 'batch-dws').spec.provisioningClassName).toBe('queued-provisioning.gke.io');
  });

  test('each mode once', () => {
    expect(errorOf(() => fallbackStack([{ capacityMode: CapacityMode.spot() }]))).toBe(
      'KueueStack fallback pool "extra0" repeats capacity mode spot. Allowed: one pool per capacity mode: reservation, any-reservation, on-demand, flex-start, queued-provisioning, spot. '
      + 'Fix: give each fallback pool its own capacityMode');
  });
});

describe('fungible capacity tiers take a capacity mode', () => {
  test('a flex-start TPU tier and a Spot GPU tier', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    new FungibleComputeClass(stack, 'Class', {
      cluster, name: 'vllm-fallback', zone: 'us-central1-b', tiers: [
        CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', capacityMode: CapacityMode.flexStart(), autoscaling: { minNodes: 0, maxNodes: 2, initialNodes: 0 } }),
        CapacityTier.gpu({ name: 'l4-spot', machineType: 'g2-standard-4', capacityMode: CapacityMode.spot(), autoscaling: { minNodes: 0, maxNodes: 2 } }),
      ],
    });
    const json = synth(stack);
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-1').node_config).toMatchObject({ flex_start: true, max_run_duration: '604800s' });
    expect(resourceNamed(json, 'google_container_node_pool', 'l4-spot').node_config.spot).toBe(true);
  });

  test('the tier keeps the pool rules: a Spot tier with preemptible is rejected', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new FungibleComputeClass(stack, 'Class', {
      cluster, name: 'vllm-fallback', zone: 'us-central1-b',
      tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4', preemptible: true, capacityMode: CapacityMode.spot() })],
    }))).toBe('Node pool "l4" capacity mode spot is set together with `preemptible`. Allowed: one way to choose capacity: `capacityMode` alone. '
      + 'Fix: remove `preemptible`; `capacityMode` covers them (CapacityMode.spot(), CapacityMode.reservation(...), ...)');
  });
});
