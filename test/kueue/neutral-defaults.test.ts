/**
 * Library defaults that used to be seed 000's: no WorkloadPriorityClass unless asked
 * for (Seed000.WORKLOAD_PRIORITIES holds the recipe's three), no priority on
 * SliceJobSet and the P/D LeaderWorkerSets unless given, and no fixed /dev/shm size
 * (Seed000.PD_SERVERS.shmSize holds the recipe's 100Gi).
 */
import { TerraformVariable } from 'cdktf';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { SliceJobSet } from '../../lib/kueue/slice-job-set';
import { WorkloadPriority } from '../../lib/kueue/workload-priority';
import { Seed000 } from '../../lib/presets/seeds';
import { ModelProfile } from '../../lib/serving/model-profile';
import { PdLeaderWorkerSets } from '../../lib/serving/pd/pd-leader-worker-sets';
import { errorOf, Json, objectNamed, resources, synth } from '../helpers/synth';
import { dynamicSlicingQueue, workloadFixture } from '../workloads/fixture';

const priorityClasses = (json: Json) => resources(json, 'helm_release')
  .flatMap(([, r]) => (r.values ?? []).map((v: string) => v))
  .filter((v: string) => v.includes('kind: WorkloadPriorityClass'));

describe('KueueStack and its workloads without priorities', () => {
  test('KueueStack creates no WorkloadPriorityClass by default; SliceJobSet has no priority label', () => {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    new SliceJobSet(f.stack, 'Job', { kueue, name: 'smoke', sliceTopology: '2x2x2' });
    const json = synth(f.stack);
    expect(kueue.priorities).toEqual([]);
    expect(priorityClasses(json)).toEqual([]);
    expect(objectNamed(json, 'JobSet', 'smoke').metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'lq' });
  });

  test('a workload asking for a priority class the stack does not create is refused', () => {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    expect(errorOf(() => new SliceJobSet(f.stack, 'Job', { kueue, name: 'smoke', sliceTopology: '2x2x2', priority: WorkloadPriority.HIGH }))).toBe(
      'KueueStack test/Kueue needs `priorities` (a workload asks for priority class "high-priority-3000" and the stack creates no WorkloadPriorityClass). '
      + 'Allowed: a value for `priorities`. Fix: pass `priorities`');
  });
});

describe('PdLeaderWorkerSets neutral defaults', () => {
  function servers(props: Record<string, unknown> = {}) {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    const token = new TerraformVariable(f.stack, 'hf_token', { type: 'string', sensitive: true });
    const hfToken = new TokenSecret(f.stack, 'Token', { namespace: kueue.namespace as K8sNamespace, name: 'hf', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
    const lws = new PdLeaderWorkerSets(f.stack, 'Servers', { kueue, hfToken, bucket: 'weights', model: ModelProfile.generic('org/m', { revision: 'main' }), image: 'img', ...props });
    return { json: synth(f.stack), lws };
  }
  const leader = (json: Json, name: string) => objectNamed(json, 'LeaderWorkerSet', name).spec.leaderWorkerTemplate.leaderTemplate;

  test('no priority-class label and a /dev/shm without its own size limit', () => {
    const { json, lws } = servers();
    const t = leader(json, lws.prefillName);
    expect(t.metadata.labels['kueue.x-k8s.io/priority-class']).toBeUndefined();
    expect(t.spec.volumes.find((v: Json) => v.name === 'dshm')).toEqual({ name: 'dshm', emptyDir: { medium: 'Memory' } });
  });

  test('the seed\'s size when passed: Seed000.PD_SERVERS.shmSize, 100Gi; the seed\'s three priority classes', () => {
    const { json, lws } = servers({ shmSize: Seed000.PD_SERVERS.shmSize });
    expect(leader(json, lws.prefillName).spec.volumes.find((v: Json) => v.name === 'dshm')).toEqual({ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '100Gi' } });
    expect(Seed000.WORKLOAD_PRIORITIES.map((p) => p.name)).toEqual(['low-priority-1000', 'medium-priority-2000', 'high-priority-3000']);
  });
});
