import { WorkloadPriority } from '../../lib/kueue/workload-priority';
import { TpuLeaderWorkerSet, TpuLeaderWorkerSetProps } from '../../lib/workloads/tpu-leader-worker-set';
import { addressOf, errorOf, objectNamed, resourceNamed, synth } from '../helpers/synth';
import { dynamicSlicingQueue, verifyK8s, workloadFixture } from './fixture';

const LEADER = { name: 'vllm-leader', image: 'vllm/vllm-tpu:v0.11.1', command: ['sh', '-c', 'serve'], ports: [{ containerPort: 8000, name: 'http' }] };
const WORKER = { name: 'vllm-worker', image: 'vllm/vllm-tpu:v0.11.1', command: ['sh', '-c', 'join'] };
const TPU4 = { requests: { 'google.com/tpu': '4' }, limits: { 'google.com/tpu': '4' } };

/** One v6e 4x4 pool (4 VMs x 4 chips) and LeaderWorkerSets on it. */
function onV6e(sets: Partial<TpuLeaderWorkerSetProps>[]) {
  const f = workloadFixture();
  const pool = f.pool('v6e-16', 'ct6e-standard-4t', '4x4');
  sets.forEach((s, i) => new TpuLeaderWorkerSet(f.stack, `Lws${i}`, { name: `serve-${i}`, platform: pool, leader: LEADER, worker: WORKER, ...s }));
  return { f, pool };
}

describe('TpuLeaderWorkerSet', () => {
  test('v6e 4x4: one group of 4 pods (leader + 3 workers) x 4 chips on the pool, exclusive per node pool, ledger claim', () => {
    const { f, pool } = onV6e([{ name: 'llama-70b', podLabels: { app: 'llama' } }]);
    const json = synth(f.stack);
    const lws = objectNamed(json, 'LeaderWorkerSet', 'llama-70b');
    const selector = { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4' };
    const tolerations = [{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }];
    expect(lws).toEqual({
      apiVersion: 'leaderworkerset.x-k8s.io/v1',
      kind: 'LeaderWorkerSet',
      metadata: {
        name: 'llama-70b', namespace: 'default',
        annotations: { 'leaderworkerset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-nodepool' },
        labels: { app: 'llama' },
      },
      spec: {
        replicas: 1,
        leaderWorkerTemplate: {
          size: 4,
          restartPolicy: 'RecreateGroupOnPodRestart',
          leaderTemplate: { metadata: { labels: { app: 'llama' } }, spec: { nodeSelector: selector, tolerations, containers: [{ ...LEADER, resources: TPU4 }] } },
          workerTemplate: { metadata: { labels: { app: 'llama' } }, spec: { nodeSelector: selector, tolerations, containers: [{ ...WORKER, resources: TPU4 }] } },
        },
      },
    });
    expect(pool.ledger.claims).toEqual([{ name: 'llama-70b', chips: 16 }]);
    expect(resourceNamed(json, 'helm_release', 'llama-70b').depends_on).toEqual(
      expect.arrayContaining([addressOf(json, 'google_container_node_pool', 'v6e-16')]));
    expect(verifyK8s(json).filter((x) => x.label === 'LeaderWorkerSet/llama-70b').map((x) => [x.status, x.problems])).toEqual([['OK', []]]);
  });

  test('without a worker container the workers run the leader\'s; leaderPodLabels select the leaders', () => {
    const f = workloadFixture();
    const pool = f.pool('v5e-16', 'ct5lp-hightpu-4t', '4x4');
    const lws = new TpuLeaderWorkerSet(f.stack, 'Lws', { name: 'jetstream', platform: pool, leader: LEADER, podLabels: { app: 'js' } });
    const obj = objectNamed(synth(f.stack), 'LeaderWorkerSet', 'jetstream');
    expect(obj.spec.leaderWorkerTemplate.workerTemplate.spec.containers).toEqual([{ ...LEADER, resources: TPU4 }]);
    expect(obj.spec.leaderWorkerTemplate.leaderTemplate.spec.nodeSelector).toEqual({
      'cloud.google.com/gke-tpu-accelerator': 'tpu-v5-lite-podslice', 'cloud.google.com/gke-tpu-topology': '4x4',
    });
    expect(lws.groupSize).toBe(4);
    expect(lws.leaderPodLabels).toEqual({ app: 'js', 'leaderworkerset.sigs.k8s.io/worker-index': '0' });
  });

  test('restart policy, service account, host network, volumes, a string queue with a priority', () => {
    const { f } = onV6e([{
      name: 'tuned', restartPolicy: 'None', serviceAccountName: 'server', hostNetwork: true, queue: 'serving', priority: WorkloadPriority.HIGH,
      volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
    }]);
    const lws = objectNamed(synth(f.stack), 'LeaderWorkerSet', 'tuned');
    expect(lws.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'serving', 'kueue.x-k8s.io/priority-class': 'high-priority-3000' });
    expect(lws.spec.leaderWorkerTemplate.restartPolicy).toBe('None');
    for (const t of [lws.spec.leaderWorkerTemplate.leaderTemplate, lws.spec.leaderWorkerTemplate.workerTemplate]) {
      expect(t.metadata).toBeUndefined();
      expect(t.spec).toMatchObject({
        serviceAccountName: 'server', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet', volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }],
      });
    }
  });

  test('exclusivePlacement: false leaves the groups to the scheduler', () => {
    const { f } = onV6e([{ name: 'flex', exclusivePlacement: false }]);
    expect(objectNamed(synth(f.stack), 'LeaderWorkerSet', 'flex').metadata).toEqual({ name: 'flex', namespace: 'default' });
  });

  test('tpu7x dynamic slices: one group per 2x2x2 sub-slice (2 pods), queued, exclusive per slice', () => {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    new TpuLeaderWorkerSet(f.stack, 'Lws', { name: 'qwen', queue: kueue, topology: '2x2x2', replicas: 4, leader: LEADER, worker: WORKER });
    const json = synth(f.stack);
    const lws = objectNamed(json, 'LeaderWorkerSet', 'qwen');
    expect(lws.metadata).toEqual({
      name: 'qwen', namespace: 'training',
      annotations: { 'leaderworkerset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-tpu-slice' },
      labels: { 'kueue.x-k8s.io/queue-name': 'lq' },
    });
    expect(lws.spec).toMatchObject({ replicas: 4, leaderWorkerTemplate: { size: 2 } });
    expect(lws.spec.leaderWorkerTemplate.workerTemplate.metadata).toEqual({ annotations: { 'cloud.google.com/gke-tpu-slice-topology': '2x2x2' } });
    expect(kueue.platform.ledger.claims).toEqual([{ name: 'qwen', chips: 32 }]);
    expect(verifyK8s(json).filter((x) => x.label === 'LeaderWorkerSet/qwen').map((x) => x.status)).toEqual(['OK']);
  });

  test('checks: too many groups for the pool, a worker asking for fewer chips, a topology of another generation', () => {
    expect(errorOf(() => onV6e([{ replicas: 2 }]))).toBe(
      'TpuLeaderWorkerSet "serve-0" replicas 2 ask for 2 slices of 4x4 but node pool "v6e-16" has 1. Allowed: at most 1. ' +
      'Fix: lower `replicas` to 1, or add node pools of 4x4 slices (a TpuPoolGroup combines them)');
    expect(errorOf(() => onV6e([{ worker: { ...WORKER, resources: { requests: { 'google.com/tpu': '1' } } } }]))).toBe(
      'Container "vllm-worker" of TpuLeaderWorkerSet "serve-0" google.com/tpu requests "1" is not the 4 chips of a ct6e-standard-4t VM. ' +
      'Allowed: "4" (one pod per TPU VM, using all of its chips). Fix: remove google.com/tpu from the container resources (it is set from the catalog)');
    expect(errorOf(() => onV6e([{ topology: '2x2x2' }]))).toBe(
      'TPU topology "2x2x2" has the wrong number of dimensions for v6e. Allowed: 2-dimensional topologies. Fix: write a AxB (e.g. "4x4") topology');
    expect(errorOf(() => onV6e([{ topology: '4x8' }]))).toBe(
      'TpuLeaderWorkerSet "serve-0" topology "4x8" is not the slice node pool "v6e-16" provides ("4x4"). Allowed: "4x4". ' +
      'Fix: omit `topology` (the platform\'s slice is used), or run the workload on node pools of "4x8" slices');
  });
});
