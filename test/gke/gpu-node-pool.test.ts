import { GpuAccelerator, GpuDriverVersion } from '../../lib/gke/gpu-accelerator';
import { GKE_ACCELERATOR_LABEL, GpuNodePool, GpuNodePoolProps } from '../../lib/gke/gpu-node-pool';
import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { TaintEffect } from '../../lib/gke/node-pool-options';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

function pool(props: Partial<GpuNodePoolProps> = {}) {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  const p = new GpuNodePool(stack, 'L4', {
    cluster, name: 'l4-spot', zone: 'us-central1-b', machineType: 'g2-standard-4', accelerator: GpuAccelerator.NVIDIA_L4,
    ...props,
  });
  return { stack, pool: p, json: () => synth(stack) };
}

describe('GpuNodePool', () => {
  test('the seed l4-spot pool: g2-standard-4 + 1 nvidia-l4, driver LATEST, preemptible, 0-2 nodes starting at 1, class label and taint', () => {
    const { json } = pool({
      preemptible: true,
      autoscaling: { minNodes: 0, maxNodes: 2 },
      labels: { 'cloud.google.com/compute-class': 'vllm-fallback' },
      taints: [{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: TaintEffect.NO_SCHEDULE }],
    });
    const r = resourceNamed(json(), 'google_container_node_pool', 'l4-spot');
    expect(r.node_locations).toEqual(['us-central1-b']);
    expect(r.location).toBe('us-central1');
    expect(r.initial_node_count).toBe(1);
    expect(r.node_count).toBeUndefined();
    expect(r.autoscaling).toEqual({ min_node_count: 0, max_node_count: 2 });
    expect(r.node_config).toEqual({
      machine_type: 'g2-standard-4',
      image_type: 'COS_CONTAINERD',
      guest_accelerator: [{ type: 'nvidia-l4', count: 1, gpu_driver_installation_config: { gpu_driver_version: 'LATEST' } }],
      preemptible: true,
      labels: { 'cloud.google.com/compute-class': 'vllm-fallback' },
      taint: [{ key: 'cloud.google.com/compute-class', value: 'vllm-fallback', effect: 'NO_SCHEDULE' }],
      service_account: expect.stringMatching(/^\$\{google_service_account\.Cluster_NodeServiceAccount_[0-9A-F]+\.email\}$/),
      shielded_instance_config: { enable_secure_boot: false, enable_integrity_monitoring: true },
      workload_metadata_config: { mode: 'GKE_METADATA' },
    });
  });

  test('fixed size by default; Spot VMs; the GPU count comes from the G2 machine type', () => {
    const { pool: p, json } = pool({ machineType: 'g2-standard-24', accelerator: 'nvidia-l4', spot: true, nodeCount: 3, driverVersion: GpuDriverVersion.DEFAULT });
    expect([p.acceleratorCount, p.nodeCount, p.gpus]).toEqual([2, 3, 6]);
    expect(p.nodeSelector).toEqual({ [GKE_ACCELERATOR_LABEL]: 'nvidia-l4' });
    const r = resourceNamed(json(), 'google_container_node_pool', 'l4-spot');
    expect(r.node_count).toBe(3);
    expect(r.autoscaling).toBeUndefined();
    expect(r.node_config.spot).toBe(true);
    expect(r.node_config.preemptible).toBeUndefined();
    expect(r.node_config.guest_accelerator[0]).toEqual({ type: 'nvidia-l4', count: 2, gpu_driver_installation_config: { gpu_driver_version: 'DEFAULT' } });
  });

  test('an uncatalogued accelerator takes the count it is given (default 1)', () => {
    expect(pool({ machineType: 'n1-standard-8', accelerator: 'nvidia-tesla-t4' }).pool.acceleratorCount).toBe(1);
    expect(pool({ machineType: 'n1-standard-8', accelerator: 'nvidia-tesla-t4', acceleratorCount: 2 }).pool.gpus).toBe(2);
  });

  test('autoscaled pools count their maximum', () => {
    expect(pool({ autoscaling: { minNodes: 1, maxNodes: 4, initialNodes: 2 } }).pool.gpus).toBe(4);
  });

  test('the G2 catalog', () => {
    expect(GpuAccelerator.NVIDIA_L4.machineTypes).toEqual([
      'g2-standard-4', 'g2-standard-8', 'g2-standard-12', 'g2-standard-16', 'g2-standard-24', 'g2-standard-32', 'g2-standard-48', 'g2-standard-96']);
    expect(['g2-standard-4', 'g2-standard-24', 'g2-standard-48', 'g2-standard-96'].map((m) => GpuAccelerator.NVIDIA_L4.gpusPerVm(m))).toEqual([1, 2, 4, 8]);
    expect(GpuAccelerator.of('nvidia-l4')).toBe(GpuAccelerator.NVIDIA_L4);
    expect(GpuAccelerator.of('nvidia-h100-80gb').gpusPerVm('a3-highgpu-8g')).toBeUndefined();
  });
});

describe('GpuNodePool errors', () => {
  test('spot and preemptible together', () => {
    expect(errorOf(() => pool({ spot: true, preemptible: true }))).toBe(
      'Node pool "l4-spot" sets both `spot` and `preemptible`. Allowed: one of Spot VMs (`spot`) or preemptible VMs (`preemptible`). '
      + 'Fix: keep one of the two (the seed\'s l4-spot pool uses `preemptible`)');
  });

  test('a GPU count that the G2 machine type does not have', () => {
    expect(errorOf(() => pool({ acceleratorCount: 2 }))).toBe(
      'Node pool "l4-spot" GPU count 2 does not match g2-standard-4, which has a fixed number of GPUs. Allowed: 1. '
      + 'Fix: set the accelerator count to 1 or pick the G2 machine type with 2 GPUs');
  });

  test('L4 on a machine type it does not come with', () => {
    expect(errorOf(() => pool({ machineType: 'n1-standard-4' }))).toBe(
      'nvidia-l4 machine type "n1-standard-4" is not supported (did you mean "g2-standard-4", "g2-standard-24", "g2-standard-48"?). Allowed: "g2-standard-4", "g2-standard-8", "g2-standard-12", "g2-standard-16", '
      + '"g2-standard-24", "g2-standard-32", "g2-standard-48", "g2-standard-96". Fix: nvidia-l4 GPUs come only with the listed machine types');
  });

  test('a TPU machine type', () => {
    expect(errorOf(() => pool({ machineType: 'ct6e-standard-1t' }))).toBe(
      'Node pool "l4-spot" machine type "ct6e-standard-1t" is not supported. Allowed: "a GPU machine type such as g2-standard-4". Fix: use TpuNodePool for TPU machine types');
  });

  test('a malformed accelerator type', () => {
    expect(errorOf(() => pool({ accelerator: 'L4' }))).toBe(
      'GPU accelerator type "L4" is not supported. Allowed: "nvidia-l4", "nvidia-<model>". '
      + 'Fix: use the accelerator name gcloud lists (`gcloud compute accelerator-types list`), e.g. "nvidia-l4"');
  });

  test('a name GKE rejects', () => {
    expect(errorOf(() => pool({ name: 'L4_Spot' }))).toBe(
      'GKE node pool name "L4_Spot" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit. Fix: use a name such as "l4-spot"');
  });

  test('a fixed pool may be empty but not negative', () => {
    expect(pool({ nodeCount: 0 }).pool.gpus).toBe(0);
    expect(errorOf(() => pool({ nodeCount: -1 }))).toBe(
      'Node pool "l4-spot" node count -1 is out of range. Allowed: an integer >= 0. Fix: set nodeCount, or use autoscaling');
  });

  test('autoscaling bounds that make no sense', () => {
    expect(errorOf(() => pool({ autoscaling: { minNodes: 3, maxNodes: 2 } }))).toBe(
      'Node pool "l4-spot" autoscaling minNodes 3 is out of range. Allowed: at most maxNodes (2). Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "l4-spot"');
    expect(errorOf(() => pool({ autoscaling: { minNodes: 0, maxNodes: 2, initialNodes: 3 } }))).toContain('autoscaling initialNodes 3 is out of range');
  });

  test('on Autopilot', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    const cluster = new AutopilotCluster(stack, 'Ap', { name: 'ap', project: 'p', region: 'us-central1' });
    expect(errorOf(() => new GpuNodePool(stack, 'G', { cluster, name: 'l4', zone: 'us-central1-b', machineType: 'g2-standard-4', accelerator: 'nvidia-l4' }))).toContain(
      'Node pool "l4" cannot be added to Autopilot cluster "ap"');
  });
});
