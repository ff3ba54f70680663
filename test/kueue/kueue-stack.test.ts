import { GkeCluster } from '../../lib/gke/gke-cluster';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { KueueStack, KueueStackProps, QuotaMode, RECIPE_SLICE_CONTROLLER_URL, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { Seed000 } from '../../lib/presets/seeds';
import { addressOf, errorOf, helmValues, Json, objectNamed, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

const PIN = '5'.repeat(64);

function kueueStack(props: Partial<KueueStackProps> = {}, minVersion = '1.36.0-gke.3712000'): Json {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion });
  const platform = new SuperslicePool(stack, 'Superslice', {
    cluster, region: 'us-central1', zone: 'us-central1-ai1a', cubes: Seed000.CUBES, reservation: ReservationAffinity.specific({ name: 'r' }),
  });
  const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd-disaggregation' });
  new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, sliceController: recipeSliceController(PIN), names: Seed000.KUEUE_NAMES, priorities: Seed000.WORKLOAD_PRIORITIES, ...props });
  return synth(stack);
}

describe('KueueStack (seed 000 steps 6-7)', () => {
  const json = kueueStack();

  test.each([
    ['kueue', 'oci://registry.k8s.io/kueue/charts', 'kueue', '0.17.4', 'kueue-system'],
    ['jobset', 'oci://registry.k8s.io/jobset/charts', 'jobset', '0.11.1', 'jobset-system'],
    ['lws', 'oci://registry.k8s.io/lws/charts', 'lws', 'v0.8.0', 'lws-system'],
  ])('helm release %s from %s/%s %s in %s', (name, repository, chart, version, namespace) => {
    expect(resourceNamed(json, 'helm_release', name)).toMatchObject({ repository, chart, version, namespace, create_namespace: true, wait: true });
  });

  test('Kueue is installed first; JobSet and LWS after it; the slice controller after all three', () => {
    const kueue = addressOf(json, 'helm_release', 'kueue');
    expect(resourceNamed(json, 'helm_release', 'jobset').depends_on).toContain(kueue);
    expect(resourceNamed(json, 'helm_release', 'lws').depends_on).toContain(kueue);
    expect(resourceNamed(json, 'helm_release', 'kueue-slice-controller').depends_on).toEqual(expect.arrayContaining([
      kueue, addressOf(json, 'helm_release', 'jobset'), addressOf(json, 'helm_release', 'lws'),
    ]));
  });

  test('the slice controller manifest is the recipe build, read at plan time, pinned by sha256 and shipped verbatim', () => {
    const [data] = Object.values(json.data.http) as any[];
    expect(data.url).toBe(RECIPE_SLICE_CONTROLLER_URL);
    expect(data.lifecycle.postcondition).toEqual([
      { condition: '${self.status_code == 200}', error_message: `Fetching ${RECIPE_SLICE_CONTROLLER_URL} did not return HTTP 200.` },
      { condition: `\${sha256(self.response_body) == "${PIN}"}`, error_message: `The manifest at ${RECIPE_SLICE_CONTROLLER_URL} does not have the pinned sha256 ${PIN}.` },
    ]);
    expect(data.url).toContain('/raw/9086457ea35cd31a3bb95b714bf72309a2be357c/kueue-slice-controller-v0.8.0-200.yaml');
    expect(helmValues(json, 'kueue-slice-controller').manifests).toEqual([expect.stringMatching(/^\$\{jsonencode\(data\.http\..+\.response_body\)\}$/)]);
    expect(resourceNamed(json, 'helm_release', 'kueue-slice-controller').namespace).toBe('default');
  });

  test('Topology slice-topology: the 7 levels in order', () => {
    expect(objectNamed(json, 'Topology', 'slice-topology').spec.levels.map((l: Json) => l.nodeLabel)).toEqual([
      'cloud.google.com/gce-topology-block',
      'cloud.google.com/gke-tpu-partition-4x4x4-id',
      'cloud.google.com/gke-tpu-partition-2x4x4-id',
      'cloud.google.com/gke-tpu-partition-2x2x4-id',
      'cloud.google.com/gke-tpu-partition-2x2x2-id',
      'cloud.google.com/gke-tpu-partition-2x2x1-id',
      'kubernetes.io/hostname',
    ]);
  });

  test('ResourceFlavor slice-rf and AdmissionCheck ac', () => {
    expect(objectNamed(json, 'ResourceFlavor', 'slice-rf').spec).toEqual({ nodeLabels: { 'cloud.google.com/gke-tpu-accelerator': 'tpu7x' }, topologyName: 'slice-topology' });
    expect(objectNamed(json, 'AdmissionCheck', 'ac').spec).toEqual({ controllerName: 'accelerator.gke.io/slice' });
  });

  test('ClusterQueue cq: quota derived from the cubes (128 chips, 32 x 224 vCPU, 32 x 960 GB)', () => {
    expect(objectNamed(json, 'ClusterQueue', 'cq').spec).toEqual({
      namespaceSelector: {},
      admissionChecksStrategy: { admissionChecks: [{ name: 'ac' }] },
      preemption: { withinClusterQueue: 'LowerPriority' },
      resourceGroups: [{
        coveredResources: ['google.com/tpu', 'cpu', 'memory'],
        flavors: [{ name: 'slice-rf', resources: [
          { name: 'google.com/tpu', nominalQuota: '128' },
          { name: 'cpu', nominalQuota: '7168' },
          { name: 'memory', nominalQuota: '30720Gi' },
        ] }],
      }],
    });
  });

  test('QuotaMode.UNLIMITED reproduces the seed placeholder', () => {
    const quota = objectNamed(kueueStack({ quota: QuotaMode.UNLIMITED }), 'ClusterQueue', 'cq').spec.resourceGroups[0].flavors[0].resources;
    expect(quota).toEqual([
      { name: 'google.com/tpu', nominalQuota: '999999' }, { name: 'cpu', nominalQuota: '999999' }, { name: 'memory', nominalQuota: '999999Pi' },
    ]);
  });

  test('LocalQueue lq in the workload namespace; the three WorkloadPriorityClasses', () => {
    expect(objectNamed(json, 'LocalQueue', 'lq')).toMatchObject({ metadata: { namespace: 'llm-d-pd-disaggregation' }, spec: { clusterQueue: 'cq' } });
    for (const [name, value, description] of [
      ['low-priority-1000', 1000, 'Low priority workloads'],
      ['medium-priority-2000', 2000, 'Medium priority workloads'],
      ['high-priority-3000', 3000, 'High priority workloads'],
    ] as const) {
      expect(objectNamed(json, 'WorkloadPriorityClass', name)).toMatchObject({ apiVersion: 'kueue.x-k8s.io/v1beta2', value, description });
    }
  });

  test('Kueue objects wait for the controllers and the namespace', () => {
    expect(resourceNamed(json, 'helm_release', 'kueue-objects').depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'kueue'), addressOf(json, 'helm_release', 'kueue-slice-controller'), addressOf(json, 'kubernetes_namespace_v1', 'llm-d-pd-disaggregation'),
    ]));
  });
});

describe('KueueStack without dynamic slicing (e.g. a v6e multi-host pool)', () => {
  test('no slice controller, no admission check, no topology; the flavor selects the generation', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const platform = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b' });
    const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'team' });
    new KueueStack(stack, 'Kueue', { cluster, platform, workloadNamespace, dynamicSlicing: false, names: Seed000.KUEUE_NAMES });
    const json = synth(stack);
    expect(json.data?.http).toBeUndefined();
    expect(objectNamed(json, 'ResourceFlavor', 'slice-rf').spec).toEqual({ nodeLabels: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice' } });
    expect(objectNamed(json, 'ClusterQueue', 'cq').spec.admissionChecksStrategy).toBeUndefined();
    expect(objectNamed(json, 'ClusterQueue', 'cq').spec.resourceGroups[0].flavors[0].resources[0]).toEqual({ name: 'google.com/tpu', nominalQuota: '16' });
  });

  test('dynamic slicing without a pinned slice controller, or with a malformed pin, is rejected', () => {
    expect(errorOf(() => kueueStack({ sliceController: undefined, dynamicSlicing: true }))).toBe(
      'KueueStack needs `sliceController` (the slice controller manifest is downloaded at plan time and must be pinned by SHA-256, e.g. recipeSliceController(sha256)). '
      + 'Allowed: a value for `sliceController`. Fix: pass `sliceController`');
    expect(errorOf(() => kueueStack({ sliceController: recipeSliceController('ABC') }))).toBe(
      `Manifest sha256 of ${RECIPE_SLICE_CONTROLLER_URL} "ABC" is not supported. Allowed: "64 lowercase hex characters". `
      + 'Fix: pass the output of `curl -sL <url> | sha256sum` for the manifest');
  });

  test('dynamic slicing on a non-tpu7x platform is rejected', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const platform = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b' });
    const workloadNamespace = new K8sNamespace(stack, 'Ns', { name: 'team' });
    expect(errorOf(() => new KueueStack(stack, 'Kueue', { cluster: cluster as GkeCluster, platform, workloadNamespace, dynamicSlicing: true }))).toBe(
      'KueueStack with dynamic slicing needs tpu7x TPUs but the platform provides v6e. Allowed: "v6e". Fix: schedule it on a platform of the matching TPU generation');
  });
});
