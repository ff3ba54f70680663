import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { KueueStack, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { SliceJobSet, SliceJobSetProps } from '../../lib/kueue/slice-job-set';
import { WorkloadPriority } from '../../lib/kueue/workload-priority';
import { Seed000 } from '../../lib/presets/seeds';
import { addressOf, errorOf, Json, objectNamed, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

function build(jobs: Partial<SliceJobSetProps>[], minVersion = '1.36.0-gke.3712000'): Json {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion });
  const platform = new SuperslicePool(stack, 'Superslice', {
    cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: Seed000.CUBES, poolNamePrefix: Seed000.POOL_NAME_PREFIX, reservation: ReservationAffinity.specific({ name: 'r' }),
  });
  const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd-disaggregation' });
  const kueue = new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, sliceController: recipeSliceController('5'.repeat(64)), names: Seed000.KUEUE_NAMES, priorities: Seed000.WORKLOAD_PRIORITIES });
  jobs.forEach((j, i) => new SliceJobSet(stack, `Job${i}`, { kueue, name: `job-${i}`, sliceTopology: '2x2x2', ...j }));
  return synth(stack);
}

describe('SliceJobSet', () => {
  test('seed sub-slicing JobSet: 6 x (2 pods x 4 chips) on 2x2x2, lq, low-priority-1000', () => {
    const json = build([{ name: 'kueue-jobset-simple-subslicing', replicas: 6, priority: WorkloadPriority.LOW }]);
    const js = objectNamed(json, 'JobSet', 'kueue-jobset-simple-subslicing');
    expect(js.apiVersion).toBe('jobset.x-k8s.io/v1alpha2');
    expect(js.metadata).toEqual({
      name: 'kueue-jobset-simple-subslicing', namespace: 'llm-d-pd-disaggregation',
      labels: { 'kueue.x-k8s.io/queue-name': 'lq', 'kueue.x-k8s.io/priority-class': 'low-priority-1000' },
    });
    const job = js.spec.replicatedJobs[0];
    expect(job).toMatchObject({ name: 'job-jax', replicas: 6, template: { spec: { parallelism: 2, completions: 2, backoffLimit: 10 } } });
    const pod = job.template.spec.template;
    expect(pod.metadata.annotations).toEqual({ 'cloud.google.com/gke-tpu-slice-topology': '2x2x2' });
    expect(pod.spec.tolerations).toEqual([{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(pod.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu7x' });
    expect(pod.spec.restartPolicy).toBe('Never');
    const c = pod.spec.containers[0];
    expect(c).toMatchObject({ name: 'simple-container', image: 'python:3.12', resources: { requests: { 'google.com/tpu': '4' }, limits: { 'google.com/tpu': '4' } } });
    expect(c.command.slice(0, 2)).toEqual(['bash', '-c']);
    expect(c.command[2]).toContain('pip install "jax[tpu]==0.8.2" -f https://storage.googleapis.com/jax-releases/libtpu_releases.html');
    expect(c.command[2]).toContain('print("Global device count:", jax.device_count(), "Local device count:", jax.local_device_count())');
  });

  test('seed super-slicing JobSet: 1 x 32 pods on 4x4x8 at medium priority', () => {
    const json = build([{ name: 'kueue-jobset-simple-superslicing', sliceTopology: '4x4x8', priority: WorkloadPriority.MEDIUM }]);
    const js = objectNamed(json, 'JobSet', 'kueue-jobset-simple-superslicing');
    expect(js.metadata.labels['kueue.x-k8s.io/priority-class']).toBe('medium-priority-2000');
    expect(js.spec.replicatedJobs[0]).toMatchObject({ replicas: 1, template: { spec: { parallelism: 32, completions: 32 } } });
  });

  test('the workload waits for Kueue objects, the slice controller and the cubes', () => {
    const json = build([{ name: 'job' }]);
    expect(resourceNamed(json, 'helm_release', 'job').depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'kueue-objects'), addressOf(json, 'helm_release', 'kueue-slice-controller'),
      addressOf(json, 'google_container_node_pool', 'tpu7-pool-1'), addressOf(json, 'google_container_node_pool', 'tpu7-pool-2'),
    ]));
  });

  test('pods x chips per pod must cover the slice', () => {
    expect(errorOf(() => build([{ name: 'job', podsPerSlice: 3 }]))).toBe(
      'Workload "job" runs 3 pods x 4 chips = 12 chips on a 2x2x2 slice of 8 chips. Allowed: pods x chips per pod = 8. Fix: use 2 pods of 4 chips (one pod per TPU VM)');
  });

  test('replicas x slice chips must fit the cubes, counting the other workloads', () => {
    expect(errorOf(() => build([{ name: 'sub', replicas: 6 }, { name: 'super', sliceTopology: '4x4x8' }]))).toBe(
      'Workload "super" on SuperslicePool "Superslice" (2 x 4x4x4 cubes) (128 chips) needs 128 TPU chips but only 80 remain (already claimed: sub: 48). ' +
      'Allowed: at most 80 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('sub-slicing needs GKE 1.36.0-gke.3712000', () => {
    expect(errorOf(() => build([{ name: 'sub' }], '1.36.0-gke.2459000'))).toBe(
      'GKE version "1.36.0-gke.2459000" is too old for dynamic sub-slicing. Allowed: "1.36.0-gke.3712000" or later. Fix: choose a newer GKE version: GkeVersionSelection.pin("1.36.0-gke.3712000") or later, a newer prefix, or channelLatest()');
    expect(() => build([{ name: 'super', sliceTopology: '4x4x8' }], '1.36.0-gke.2459000')).not.toThrow();
  });

  test('invalid slice topologies are rejected', () => {
    expect(errorOf(() => build([{ name: 'job', sliceTopology: '4x8x4' }]))).toContain('Slice topology "4x8x4" is not a tpu7x dynamic-slicing topology');
  });
});
