import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { TaintEffect } from '../../lib/gke/node-pool-options';
import { TpuNodePool, TpuNodePoolProps } from '../../lib/gke/tpu-node-pool';
import { WorkloadPolicy } from '../../lib/gke/workload-policy';
import { addressOf, errorOf, Json, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

function pool(props: Partial<TpuNodePoolProps> & { policyTopology?: string }): { json: Json; pool: TpuNodePool } {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  const workloadPolicy = props.policyTopology ? new WorkloadPolicy(stack, 'Policy', { region: 'us-central1', acceleratorTopology: props.policyTopology }) : undefined;
  const p = new TpuNodePool(stack, 'Pool', { cluster, name: 'tpu', machineType: 'ct6e-standard-4t', zone: 'us-central1-b', workloadPolicy, ...props });
  return { json: synth(stack), pool: p };
}

describe('TpuNodePool', () => {
  test('seed 001: v6e-16, ct6e-standard-4t 4x4 -> 4 nodes, COMPACT, gVNIC, cloud-platform scope, DRANET label and profile', () => {
    const { json, pool: p } = pool({
      name: 'v6e-16', topology: '4x4', gvnic: true, oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
      labels: { 'cloud.google.com/gke-networking-dra-driver': 'true' }, managedDranet: true,
    });
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-16')).toMatchObject({
      node_count: 4,
      node_locations: ['us-central1-b'],
      placement_policy: { type: 'COMPACT', tpu_topology: '4x4' },
      network_config: { accelerator_network_profile: 'auto' },
      node_config: {
        machine_type: 'ct6e-standard-4t', gvnic: { enabled: true }, image_type: 'COS_CONTAINERD',
        oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        labels: { 'cloud.google.com/gke-networking-dra-driver': 'true' },
      },
    });
    expect(p.capacity).toMatchObject({ chips: 16, vms: 4 });
    expect(p.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4' });
  });

  test('single-host pools get no placement policy (GKE rejects a topology there) but keep the topology node selector', () => {
    const { json, pool: p } = pool({ name: 'tpu-v6e-single-1', reservation: ReservationAffinity.specific({ name: 'my-res' }) });
    const r = resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-single-1');
    expect(r.placement_policy).toBeUndefined();
    expect(r.node_count).toBe(1);
    expect(r.node_config.reservation_affinity).toEqual({
      consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['my-res'],
    });
    expect(p.nodeSelector['cloud.google.com/gke-tpu-topology']).toBe('2x2');
  });

  test('seed 004: autoscaled single-host pool with compute-class label and taint', () => {
    const { json, pool: p } = pool({
      name: 'v6e-1', machineType: 'ct6e-standard-1t', autoscaling: { minNodes: 1, maxNodes: 2, initialNodes: 1 },
      labels: { 'cloud.google.com/compute-class': 'vllm-fallback' },
      taints: [{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: TaintEffect.NO_SCHEDULE }],
    });
    const r = resourceNamed(json, 'google_container_node_pool', 'v6e-1');
    expect(r).toMatchObject({ initial_node_count: 1, autoscaling: { min_node_count: 1, max_node_count: 2 } });
    expect(r.node_count).toBeUndefined();
    expect(r.node_config.taint).toEqual([{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: 'NO_SCHEDULE' }]);
    expect(p.capacity.chips).toBe(2);
  });

  test('tpu7x multi-host pool references the workload policy resource\'s name (a dependency), with no placement type', () => {
    // A PROVISION_ONLY policy (the default) needs a specific reservation (test/gke/capacity-mode.test.ts).
    const { json } = pool({ name: 'cube', machineType: 'tpu7x-standard-4t', topology: '4x4x4', policyTopology: '4x4x4', reservation: ReservationAffinity.specific({ name: 'r' }) });
    const policyAddress = addressOf(json, 'google_compute_resource_policy', 'superslice-policy');
    expect(resourceNamed(json, 'google_container_node_pool', 'cube')).toMatchObject({
      node_count: 16, placement_policy: { type: '', policy_name: `\${${policyAddress}.name}`, tpu_topology: '4x4x4' },
    });
  });

  test('reservation paths: block and shared project', () => {
    expect(ReservationAffinity.specific({ project: 'shared', name: 'r', block: 'block-0' }).reservation).toBe('projects/shared/reservations/r/reservationBlocks/block-0');
    expect(ReservationAffinity.specific({ project: 'shared', name: 'r', block: 'b', subBlock: 's' }).reservation).toBe('projects/shared/reservations/r/reservationBlocks/b/reservationSubBlocks/s');
    expect(ReservationAffinity.specific({ name: 'r' }).reservation).toBe('r');
  });
});

describe('TpuNodePool errors', () => {
  test('tpu7x multi-host without a workload policy', () => {
    expect(errorOf(() => pool({ machineType: 'tpu7x-standard-4t', topology: '4x4x4' }))).toBe(
      'Multi-host tpu7x-standard-4t pool with topology "4x4x4" has no workload policy; GKE rejects compact placement for this generation. ' +
      'Allowed: a WorkloadPolicy whose acceleratorTopology is the pool topology. Fix: pass `workloadPolicy` (e.g. a SuperslicePool creates one)');
  });

  test('workload policy topology differs from the pool', () => {
    expect(errorOf(() => pool({ machineType: 'tpu7x-standard-4t', topology: '4x4x8', policyTopology: '4x4x4' }))).toBe(
      'Workload policy topology "4x4x4" does not match the pool topology "4x4x8". Allowed: "4x4x8". Fix: create the workload policy with the same accelerator topology as the pool');
  });

  test('workload policy on a single-host pool', () => {
    expect(errorOf(() => pool({ machineType: 'tpu7x-standard-4t', policyTopology: '4x4x4' }))).toBe(
      'Workload policy on a single-host tpu7x-standard-4t pool is rejected by GKE. Allowed: workload policies on multi-host pools only. Fix: remove `workloadPolicy` or use a multi-host topology');
  });

  test('workload policy on a COMPACT generation', () => {
    expect(errorOf(() => pool({ topology: '4x4', policyTopology: '4x4x4' }))).toBe(
      'Placement "workload policy "superslice-policy"" is not supported for ct6e-standard-4t pools. Allowed: COMPACT placement with tpu_topology (v6e). Fix: use the placement the catalog prescribes for this generation');
  });

  test('autoscaling a multi-host pool', () => {
    expect(errorOf(() => pool({ topology: '4x4', autoscaling: { minNodes: 0, maxNodes: 4 } }))).toBe(
      'Node pool "tpu" autoscaling "set" is not supported. Allowed: "fixed-size multi-host pools". Fix: remove `autoscaling`; a multi-host pool is one slice that scales all-or-nothing');
  });

  test('autoscaling bounds', () => {
    expect(errorOf(() => pool({ autoscaling: { minNodes: 3, maxNodes: 2 } }))).toBe(
      'Node pool "tpu" autoscaling minNodes 3 is out of range. Allowed: at most maxNodes (2). Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "tpu"');
    expect(errorOf(() => pool({ autoscaling: { minNodes: 1, maxNodes: 2, initialNodes: 5 } }))).toContain('autoscaling initialNodes 5 is out of range. Allowed: between minNodes (1) and maxNodes (2)');
  });

  test('a fixed single-host pool needs at least one slice', () => {
    expect(errorOf(() => pool({ machineType: 'ct6e-standard-1t', nodeCount: 0 }))).toBe(
      'Node pool "tpu" node count 0 is out of range. Allowed: an integer >= 1. Fix: set nodeCount to the number of single-host slices');
  });

  test('pool names GKE would reject', () => {
    expect(errorOf(() => pool({ name: 'TPU_pool' }))).toBe(
      'GKE node pool name "TPU_pool" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit. Fix: use a name such as "tpu-pool"');
  });
});
