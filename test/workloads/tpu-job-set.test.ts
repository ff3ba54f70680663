import { GkeCluster } from '../../lib/gke/gke-cluster';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { TpuPoolGroup } from '../../lib/gke/tpu-pool-group';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { KueueStack } from '../../lib/kueue/kueue-stack';
import { WorkloadPriority } from '../../lib/kueue/workload-priority';
import { TpuJobSet, TpuJobSetProps } from '../../lib/workloads/tpu-job-set';
import { addressOf, errorOf, objectNamed, resourceNamed, synth } from '../helpers/synth';
import { dynamicSlicingQueue, verifyK8s, workloadFixture } from './fixture';

const TRAINER = { name: 'trainer', image: 'us-docker.pkg.dev/my-project/train/jax:1.0', command: ['python3', 'train.py'] };
const TOLERATIONS = [{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }];

/** One v5p 2x2x4 pool (4 VMs, 16 chips) and JobSets on it. */
function onV5p(jobs: Partial<TpuJobSetProps>[]) {
  const f = workloadFixture();
  const pool = f.pool('v5p-32', 'ct5p-hightpu-4t', '2x2x4');
  jobs.forEach((j, i) => new TpuJobSet(f.stack, `Job${i}`, { name: `train-${i}`, platform: pool, container: TRAINER, ...j }));
  return { f, pool };
}

describe('TpuJobSet', () => {
  test('v5p 2x2x4: one Job of 4 pods x 4 chips, exact selectors, exclusive node-pool placement, the ledger claim recorded', () => {
    const { f, pool } = onV5p([{ name: 'llama-pretrain' }]);
    const json = synth(f.stack);
    const js = objectNamed(json, 'JobSet', 'llama-pretrain');
    expect(js).toEqual({
      apiVersion: 'jobset.x-k8s.io/v1alpha2',
      kind: 'JobSet',
      metadata: {
        name: 'llama-pretrain', namespace: 'default',
        annotations: { 'alpha.jobset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-nodepool' },
      },
      spec: {
        replicatedJobs: [{
          name: 'slice-job',
          replicas: 1,
          template: {
            spec: {
              parallelism: 4,
              completions: 4,
              backoffLimit: 0,
              template: {
                spec: {
                  tolerations: TOLERATIONS,
                  nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v5p-slice', 'cloud.google.com/gke-tpu-topology': '2x2x4' },
                  containers: [{ ...TRAINER, resources: { requests: { 'google.com/tpu': '4' }, limits: { 'google.com/tpu': '4' } } }],
                  restartPolicy: 'Never',
                },
              },
            },
          },
        }],
      },
    });
    expect(pool.ledger.claims).toEqual([{ name: 'llama-pretrain', chips: 16 }]);
    expect(pool.ledger.remaining).toBe(0);
    expect(resourceNamed(json, 'helm_release', 'llama-pretrain').depends_on).toEqual(
      expect.arrayContaining([addressOf(json, 'google_container_node_pool', 'v5p-32')]));
  });

  test('v5p multislice: 2 pools as one group, 2 replicas, an existing LocalQueue with a priority, maxRestarts, host network', () => {
    const f = workloadFixture();
    const group = new TpuPoolGroup('v5p 2x2x4 slices', [f.pool('v5p-a', 'ct5p-hightpu-4t', '2x2x4'), f.pool('v5p-b', 'ct5p-hightpu-4t', '2x2x4')]);
    const job = new TpuJobSet(f.stack, 'Job', {
      name: 'multislice', platform: group, replicas: 2, queue: 'team-a', priority: WorkloadPriority.MEDIUM, namespace: 'ml', maxRestarts: 3, hostNetwork: true, container: TRAINER,
    });
    const js = objectNamed(synth(f.stack), 'JobSet', 'multislice');
    expect(js.metadata).toEqual({
      name: 'multislice', namespace: 'ml',
      labels: { 'kueue.x-k8s.io/queue-name': 'team-a', 'kueue.x-k8s.io/priority-class': 'medium-priority-2000' },
      annotations: { 'alpha.jobset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-nodepool' },
    });
    expect(js.spec.failurePolicy).toEqual({ maxRestarts: 3 });
    expect(js.spec.replicatedJobs[0]).toMatchObject({ replicas: 2, template: { spec: { parallelism: 4, completions: 4 } } });
    expect(js.spec.replicatedJobs[0].template.spec.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    expect(job.chips).toBe(32);
    expect(group.ledger.claims).toEqual([{ name: 'multislice', chips: 32 }]);
    expect(job.subdomain).toBe('multislice');
  });

  test('exclusivePlacement: false drops the annotation (pools scaled up from zero by the pods themselves)', () => {
    const { f } = onV5p([{ name: 'flex', exclusivePlacement: false }]);
    expect(objectNamed(synth(f.stack), 'JobSet', 'flex').metadata).toEqual({ name: 'flex', namespace: 'default' });
  });

  test('v5e single-host ct5lp-hightpu-4t: each replica is one 2x2 VM, no exclusive placement', () => {
    const f = workloadFixture();
    const pool = f.pool('v5e-single', 'ct5lp-hightpu-4t', undefined, 3);
    new TpuJobSet(f.stack, 'Job', { name: 'batch-infer', platform: pool, replicas: 3, container: TRAINER });
    const js = objectNamed(synth(f.stack), 'JobSet', 'batch-infer');
    expect(js.metadata).toEqual({ name: 'batch-infer', namespace: 'default' });
    const job = js.spec.replicatedJobs[0];
    expect(job).toMatchObject({ replicas: 3, template: { spec: { parallelism: 1, completions: 1 } } });
    expect(job.template.spec.template.spec.nodeSelector).toEqual({
      'cloud.google.com/gke-tpu-accelerator': 'tpu-v5-lite-podslice', 'cloud.google.com/gke-tpu-topology': '2x2',
    });
    expect(job.template.spec.template.spec.containers[0].resources).toEqual({ requests: { 'google.com/tpu': '4' }, limits: { 'google.com/tpu': '4' } });
    expect(pool.ledger.claims).toEqual([{ name: 'batch-infer', chips: 12 }]);
  });

  test('tpu7x single-host 2x2x1: one pod of 4 chips per replica on a plain node pool', () => {
    const f = workloadFixture();
    const pool = f.pool('tpu7x-single', 'tpu7x-standard-4t');
    new TpuJobSet(f.stack, 'Job', { name: 'smoke', platform: pool, topology: '2x2x1', container: TRAINER });
    const job = objectNamed(synth(f.stack), 'JobSet', 'smoke').spec.replicatedJobs[0];
    expect(job).toMatchObject({ replicas: 1, template: { spec: { parallelism: 1, completions: 1 } } });
    expect(job.template.spec.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu7x', 'cloud.google.com/gke-tpu-topology': '2x2x1' });
    expect(pool.ledger.claims).toEqual([{ name: 'smoke', chips: 4 }]);
  });

  test('queued on a KueueStack: its LocalQueue, namespace and priority class; waits for Kueue and the pools', () => {
    const f = workloadFixture();
    const pool = f.pool('v6e-16', 'ct6e-standard-4t', '4x4');
    const workloadNamespace = new K8sNamespace(f.stack, 'Ns', { name: 'research' });
    const kueue = new KueueStack(f.stack, 'Kueue', { cluster: f.cluster, platform: pool, workloadNamespace, dynamicSlicing: false, names: { localQueue: 'research-lq' }, priorities: [WorkloadPriority.HIGH] });
    new TpuJobSet(f.stack, 'Job', { name: 'finetune', queue: kueue, priority: WorkloadPriority.HIGH, container: TRAINER });
    const json = synth(f.stack);
    const js = objectNamed(json, 'JobSet', 'finetune');
    expect(js.metadata.namespace).toBe('research');
    expect(js.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'research-lq', 'kueue.x-k8s.io/priority-class': 'high-priority-3000' });
    expect(resourceNamed(json, 'helm_release', 'finetune').depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'kueue-objects'), addressOf(json, 'google_container_node_pool', 'v6e-16'),
    ]));
    expect(pool.ledger.claims).toEqual([{ name: 'finetune', chips: 16 }]);
  });

  test('tpu7x dynamic slices through a slicing KueueStack: slice annotation, accelerator selector only, no exclusive placement', () => {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    new TpuJobSet(f.stack, 'Job', { name: 'sub', queue: kueue, topology: '2x2x4', replicas: 3, container: TRAINER });
    const js = objectNamed(synth(f.stack), 'JobSet', 'sub');
    expect(js.metadata).toEqual({ name: 'sub', namespace: 'training', labels: { 'kueue.x-k8s.io/queue-name': 'lq' } });
    const job = js.spec.replicatedJobs[0];
    expect(job).toMatchObject({ replicas: 3, template: { spec: { parallelism: 4, completions: 4 } } });
    expect(job.template.spec.template.metadata).toEqual({ annotations: { 'cloud.google.com/gke-tpu-slice-topology': '2x2x4' } });
    expect(job.template.spec.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu7x' });
    expect(kueue.platform.ledger.claims).toEqual([{ name: 'sub', chips: 48 }]);
  });

  test('the synthesized objects pass the project\'s Kubernetes schema check, which rejects a broken JobSet', () => {
    const { f } = onV5p([{ name: 'checked', maxRestarts: 2, serviceAccountName: 'trainer', podLabels: { app: 'train' }, volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }] }]);
    const json = synth(f.stack);
    const findings = verifyK8s(json).filter((x) => x.label === 'JobSet/checked');
    expect(findings.map((x) => [x.status, x.problems])).toEqual([['OK', []]]);

    const broken = JSON.parse(JSON.stringify(json));
    const release = Object.values(broken.resource.helm_release as Record<string, { name: string; values: string[] }>).find((r) => r.name === 'checked')!;
    release.values = [release.values[0].replace('parallelism: 4', 'parallelism: four')];
    const failed = verifyK8s(broken).filter((x) => x.label === 'JobSet/checked');
    expect(failed.map((x) => x.status)).toEqual(['FAIL']);
    expect(failed[0].problems.join('\n')).toContain('.spec.replicatedJobs[0].template.spec.parallelism');
  });

  test('two clusters in one stack: the JobSet goes to the cluster it is given; one given no cluster is ambiguous', () => {
    const f = workloadFixture();
    const network = new TpuNetwork(f.stack, 'EuNetwork', { region: 'europe-west4', namePrefix: 'eu-net' });
    const eu = new GkeCluster(f.stack, 'Europe', {
      name: 'eu-cluster', project: 'my-project', location: 'europe-west4', network: network.networkId, subnetwork: network.subnetworkId,
    });
    ClusterProviders.configure(f.stack, { cluster: eu });
    const pool = new TpuNodePool(f.stack, 'EuPool', { cluster: eu, name: 'v5p-eu', machineType: 'ct5p-hightpu-4t', topology: '2x2x4', zone: 'europe-west4-b' });
    new TpuJobSet(f.stack, 'EuJob', { name: 'eu-train', platform: pool, cluster: eu, container: TRAINER });
    const json = synth(f.stack);
    expect(resourceNamed(json, 'helm_release', 'eu-train').provider).toBe('helm.europe');
    expect(errorOf(() => new TpuJobSet(f.stack, 'Other', { name: 'other', platform: f.pool('v5p-us', 'ct5p-hightpu-4t', '2x2x4'), container: TRAINER }))).toBe(
      'TpuJobSet "other" (test/Other) names no cluster, and stack test has providers for several. ' +
      'Allowed: cluster "test-cluster" (test/Cluster), cluster "eu-cluster" (test/Europe). Fix: pass `cluster` (or a namespace created on the target cluster)');
  });

  test('pod labels, service account, volumes and annotations reach the pods; a K8sNamespace is waited for', () => {
    const f = workloadFixture();
    const kueue = dynamicSlicingQueue(f);
    const pool = f.pool('v6e-16', 'ct6e-standard-4t', '4x4');
    const ns = new K8sNamespace(f.stack, 'Team', { name: 'team-b' });
    new TpuJobSet(f.stack, 'Static', {
      name: 'static', platform: pool, namespace: ns, serviceAccountName: 'trainer', podLabels: { app: 'train' },
      podAnnotations: { 'gke-gcsfuse/volumes': 'true' }, volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }], container: TRAINER,
    });
    new TpuJobSet(f.stack, 'Dynamic', { name: 'dynamic', queue: kueue, topology: '2x2x2', podAnnotations: { 'gke-gcsfuse/volumes': 'true' }, container: TRAINER });
    const json = synth(f.stack);
    const pod = objectNamed(json, 'JobSet', 'static').spec.replicatedJobs[0].template.spec.template;
    expect(pod.metadata).toEqual({ labels: { app: 'train' }, annotations: { 'gke-gcsfuse/volumes': 'true' } });
    expect(pod.spec).toMatchObject({ serviceAccountName: 'trainer', volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory' } }] });
    expect(objectNamed(json, 'JobSet', 'static').metadata.namespace).toBe('team-b');
    expect(resourceNamed(json, 'helm_release', 'static').depends_on).toEqual(expect.arrayContaining([addressOf(json, 'kubernetes_namespace_v1', 'team-b')]));
    expect(objectNamed(json, 'JobSet', 'dynamic').spec.replicatedJobs[0].template.spec.template.metadata).toEqual({
      annotations: { 'cloud.google.com/gke-tpu-slice-topology': '2x2x2', 'gke-gcsfuse/volumes': 'true' },
    });
  });

  describe('checks', () => {
    test('a topology the generation does not have', () => {
      expect(errorOf(() => onV5p([{ topology: '2x2x3' }]))).toBe(
        'TPU topology "2x2x3" is not a valid v5p multi-host topology (did you mean "2x2x1", "2x2x2", "2x2x4"?). ' +
        'Allowed: single-host "2x2x1"; multi-host "2x2x2", "2x2x4", "2x4x4", then AxBxC with every side a multiple of 4, A <= B <= C and at most 6144 chips (e.g. "4x4x4", "4x4x8"). ' +
        'Fix: pick one of the v5p topologies GKE supports');
    });

    test('a valid topology that is not the pool\'s slice', () => {
      expect(errorOf(() => onV5p([{ topology: '2x4x4' }]))).toBe(
        'TpuJobSet "train-0" topology "2x4x4" is not the slice node pool "v5p-32" provides ("2x2x4"). Allowed: "2x2x4". ' +
        'Fix: omit `topology` (the platform\'s slice is used), or run the workload on node pools of "2x4x4" slices');
    });

    test('more slices than the pools hold', () => {
      expect(errorOf(() => onV5p([{ replicas: 2 }]))).toBe(
        'TpuJobSet "train-0" replicas 2 ask for 2 slices of 2x2x4 but node pool "v5p-32" has 1. Allowed: at most 1. ' +
        'Fix: lower `replicas` to 1, or add node pools of 2x2x4 slices (a TpuPoolGroup combines them)');
    });

    test('the ledger counts the other workloads on the platform', () => {
      const f = workloadFixture();
      const pool = f.pool('v5e-single', 'ct5lp-hightpu-4t', undefined, 3);
      new TpuJobSet(f.stack, 'A', { name: 'a', platform: pool, replicas: 2, container: TRAINER });
      expect(errorOf(() => new TpuJobSet(f.stack, 'B', { name: 'b', platform: pool, replicas: 2, container: TRAINER }))).toBe(
        'Workload "b" on node pool "v5e-single" (12 chips) needs 8 TPU chips but only 4 remain (already claimed: a: 8). ' +
        'Allowed: at most 4 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
    });

    test('a container asking for another number of chips than a VM has', () => {
      const container = { ...TRAINER, resources: { limits: { 'google.com/tpu': '2', memory: '64Gi' } } };
      expect(errorOf(() => onV5p([{ name: 'half', container }]))).toBe(
        'Container "trainer" of TpuJobSet "half" google.com/tpu limits "2" is not the 4 chips of a ct5p-hightpu-4t VM. ' +
        'Allowed: "4" (one pod per TPU VM, using all of its chips). Fix: remove google.com/tpu from the container resources (it is set from the catalog)');
    });

    test('JobSet\'s derived pod names must be DNS-1035 labels of at most 63 characters', () => {
      expect(errorOf(() => onV5p([{ name: 'llama-3-405b-pretraining-run-0042-europe', jobName: 'slice-workers' }]))).toBe(
        'JobSet "llama-3-405b-pretraining-run-0042-europe" pod name "llama-3-405b-pretraining-run-0042-europe-slice-workers-0-3-abcde" has 64 characters, ' +
        'which the JobSet webhook rejects. Allowed: DNS-1035 labels of at most 63 characters, starting with a letter: ' +
        '<jobset>-<replicated job>-<job index>-<pod index>-<5 random characters>. Fix: shorten the JobSet name or `jobName`, or start the JobSet name with a letter');
      expect(errorOf(() => onV5p([{ name: '405b' }]))).toBe(
        'JobSet "405b" pod name "405b-slice-job-0-3-abcde" does not start with a letter, which the JobSet webhook rejects. Allowed: DNS-1035 labels of at most 63 characters, ' +
        'starting with a letter: <jobset>-<replicated job>-<job index>-<pod index>-<5 random characters>. Fix: shorten the JobSet name or `jobName`, or start the JobSet name with a letter');
      expect(() => onV5p([{ name: 'llama-3-405b-pretraining-run-0042-europe', jobName: 'slice' }])).not.toThrow();
    });

    test('a LocalQueue name and a namespace name are checked like Kubernetes checks them', () => {
      expect(errorOf(() => onV5p([{ queue: 'Team_A' }]))).toBe(
        'Kueue LocalQueue name "Team_A" would be rejected by GKE. Allowed: 1-253 characters; lowercase letters, digits, hyphens and dots. Fix: use a name such as "team-a"');
      expect(errorOf(() => onV5p([{ namespace: 'ML' }]))).toBe(
        'Kubernetes namespace name "ML" would be rejected by GKE. Allowed: 1-63 characters; lowercase letters, digits and hyphens; starts and ends with a letter or digit. Fix: use a name such as "ml"');
    });

    test('a container that already asks for every chip keeps its other resources', () => {
      const container = { ...TRAINER, resources: { requests: { 'google.com/tpu': '4', cpu: '100' } } };
      const { f } = onV5p([{ name: 'full', container }]);
      expect(objectNamed(synth(f.stack), 'JobSet', 'full').spec.replicatedJobs[0].template.spec.template.spec.containers[0].resources).toEqual({
        requests: { 'google.com/tpu': '4', cpu: '100' }, limits: { 'google.com/tpu': '4' },
      });
    });

    test('a priority without a queue, no platform, and replicas or retries out of range', () => {
      expect(errorOf(() => onV5p([{ priority: WorkloadPriority.LOW }]))).toBe(
        'TpuJobSet "train-0" needs `queue` (a Kueue priority class applies only to a workload submitted to a LocalQueue). Allowed: a value for `queue`. Fix: pass `queue`');
      const f = workloadFixture();
      expect(errorOf(() => new TpuJobSet(f.stack, 'J', { name: 'j', container: TRAINER }))).toBe(
        'TpuJobSet "j" needs `platform` (the TPU node pool, pool group or KueueStack the workload runs on). Allowed: a value for `platform`. Fix: pass `platform`');
      expect(errorOf(() => onV5p([{ replicas: 0 }]))).toBe(
        'TpuJobSet "train-0" replicas 0 is out of range. Allowed: an integer >= 1. Fix: set `replicas` to the number of slices to run');
      expect(errorOf(() => onV5p([{ backoffLimit: -1 }]))).toBe(
        'TpuJobSet "train-0" backoffLimit -1 is out of range. Allowed: an integer >= 0. Fix: set `backoffLimit` to a whole number of retries');
    });

    test('a SuperslicePool needs the slice controller; a queue\'s platform and namespace win', () => {
      const f = workloadFixture();
      const kueue = dynamicSlicingQueue(f);
      expect(errorOf(() => new TpuJobSet(f.stack, 'A', { name: 'a', platform: kueue.platform, container: TRAINER }))).toBe(
        'TpuJobSet "a" needs `queue` (the cubes of a SuperslicePool are carved into slices by the Kueue slice controller: pass a KueueStack with dynamicSlicing). ' +
        'Allowed: a value for `queue`. Fix: pass `queue`');
      const other = f.pool('v5p-32', 'ct5p-hightpu-4t', '2x2x4');
      expect(errorOf(() => new TpuJobSet(f.stack, 'B', { name: 'b', queue: kueue, platform: other, topology: '2x2x2', container: TRAINER }))).toBe(
        'TpuJobSet "b" platform node pool "v5p-32" is not the platform of its queue (Kueue admits it against the queue\'s quota and capacity). ' +
        'Allowed: SuperslicePool "Superslice" (2 x 4x4x4 cubes). Fix: omit `platform` (the queue\'s platform is used), or queue the workload on a KueueStack of this platform');
      expect(errorOf(() => new TpuJobSet(f.stack, 'C', { name: 'c', queue: kueue, namespace: 'default', topology: '2x2x2', container: TRAINER }))).toBe(
        'Namespace of TpuJobSet "c" "default" is not supported. Allowed: "training". Fix: omit `namespace`: a workload is submitted in the namespace of its LocalQueue');
      expect(errorOf(() => new TpuJobSet(f.stack, 'D', { name: 'd', queue: kueue, container: TRAINER }))).toBe(
        'TpuJobSet "d" needs `topology` (a tpu7x dynamic slice is requested by its topology, e.g. "2x2x2" or "4x4x8"). Allowed: a value for `topology`. Fix: pass `topology`');
      const custom = { capacity: other.capacity, machineType: other.machineType, ledger: other.ledger, dependables: [] };
      expect(errorOf(() => new TpuJobSet(f.stack, 'E', { name: 'e', platform: custom, container: TRAINER }))).toBe(
        'TpuJobSet "e" platform node pool "v5p-32" has slices of unknown shape. ' +
        'Allowed: a TpuNodePool, a TpuPoolGroup, or a SuperslicePool through a KueueStack with dynamicSlicing. Fix: run the workload on one of the listed platforms');
    });
  });
});
