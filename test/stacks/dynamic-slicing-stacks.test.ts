import { Testing } from 'cdktf';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { SubslicingStack } from '../../stacks/subslicing';
import { SuperslicingStack } from '../../stacks/superslicing';
import { configureBackend } from '../../lib/stack/backend';
import { errorOf, Json, objectNamed, resourceNamed, resources, synth, testStack } from '../helpers/synth';

describe('subslicing stack', () => {
  const stack = new SubslicingStack(Testing.app(), 'subslicing');
  const json = synth(stack);

  test('environment enters as Terraform variables with the seed defaults', () => {
    expect(json.variable.project_id.default).toBeUndefined();
    expect(json.variable.reservation_name.default).toBeUndefined();
    expect(json.variable.zone.default).toBe('us-central1-ai1a');
    expect(json.variable.reservation_block.default).toBe('block-0');
    expect(json.variable.reservation_project.default).toBe('');
    expect(json.variable.namespace.default).toBe('llm-d-pd-disaggregation');
    expect(json.variable.deletion_protection.default).toBe(true);
    expect(json.locals.region).toBe('${element(regex("^(.+)-[^-]+$", var.zone), 0)}');
  });

  test('the reservation path falls back to the project and uses the block', () => {
    expect(resourceNamed(json, 'google_container_node_pool', 'tpu7-pool-1').node_config.reservation_affinity.values).toEqual([
      'projects/${coalesce(var.reservation_project, var.project_id)}/reservations/${var.reservation_name}/reservationBlocks/${var.reservation_block}',
    ]);
  });

  test('what it creates: network, cluster, system pool, 2 cubes, policy, 3 charts, slice controller, Kueue objects, the JobSet, the P/D serving releases', () => {
    const count = (type: string) => resources(json, type).length;
    expect([count('google_compute_network'), count('google_compute_subnetwork'), count('google_compute_firewall')]).toEqual([1, 2, 1]);
    expect([count('google_container_cluster'), count('google_container_node_pool'), count('google_compute_resource_policy')]).toEqual([1, 3, 1]);
    expect(resources(json, 'helm_release').map(([, r]) => r.name).sort()).toEqual(
      ['gaie-crds', 'gmp-scrape-configs', 'jobset', 'kueue', 'kueue-jobset-simple-subslicing', 'kueue-objects', 'kueue-slice-controller',
        'llm-d-inference-gateway', 'lws', 'pd-disaggregation', 'pd-model-servers']);
    expect(objectNamed(json, 'JobSet', 'kueue-jobset-simple-subslicing').spec.replicatedJobs[0].replicas).toBe(6);
  });

  test('provider constraints follow the escape hatches in use', () => {
    expect(json.terraform.required_providers).toEqual({
      'google': { source: 'hashicorp/google', version: '>= 7.20.0, < 8.0.0' },
      'google-beta': { source: 'hashicorp/google-beta', version: '>= 7.24.0, < 8.0.0' },
      'kubernetes': { source: 'hashicorp/kubernetes', version: '>= 2.38.0, < 3.0.0' },
      'helm': { source: 'hashicorp/helm', version: '>= 3.1.1, < 4.0.0' },
      'http': { source: 'hashicorp/http', version: '>= 3.4.0, < 4.0.0' },
    });
    expect(json['//'].tpu_gke_escape_hatches.map((h: Json) => h.id).sort()).toEqual(['slice-controller-addon', 'workload-policy-accelerator-topology-mode']);
  });

  test('no kubernetes_manifest: the stack plans on an empty project', () => {
    expect(json.resource.kubernetes_manifest).toBeUndefined();
    for (const [, r] of resources(json, 'helm_release')) expect(r.upgrade_install).toBeUndefined();
  });

  test('local state outside cdktf.out, as a relative path', () => {
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.subslicing.tfstate' } });
  });

  test('GKE version: the newest Rapid version (no pinned build), super- and sub-slicing minimums as pre- and postconditions', () => {
    const cluster = resourceNamed(json, 'google_container_cluster', 'tpu-serving-cluster');
    expect(cluster.min_master_version).toMatch(/^\$\{lookup\(data\.google_container_engine_versions\.[A-Za-z0-9_]+\.release_channel_latest_version, "RAPID", ""\)\}$/);
    const features = (conditions: Json[]) => conditions.map((c) => [c.error_message.split(' needs GKE ')[0], c.condition.match(/>= (\d+), false\)\}$/)[1]]);
    const expected = [['dynamic super-slicing', '1000035000002000001842000'], ['dynamic sub-slicing', '1000036000000000003712000']];
    expect(features(cluster.lifecycle.precondition)).toEqual(expected);
    expect(features(cluster.lifecycle.postcondition)).toEqual(expected);
  });

  test('the sub-slicing default for the old seed GKE pin fails clearly', () => {
    expect(errorOf(() => new SubslicingStack(Testing.app(), 'old', { gkeVersion: GkeVersionSelection.pin('1.36.0-gke.2459000') }))).toContain(
      'is too old for dynamic sub-slicing');
  });
});

describe('superslicing stack', () => {
  const json = synth(new SuperslicingStack(Testing.app(), 'superslicing'));

  test('one 4x4x8 JobSet of 32 pods at medium priority', () => {
    const js = objectNamed(json, 'JobSet', 'kueue-jobset-simple-superslicing');
    expect(js.metadata.labels).toEqual({ 'kueue.x-k8s.io/queue-name': 'lq', 'kueue.x-k8s.io/priority-class': 'medium-priority-2000' });
    expect(js.spec.replicatedJobs[0].template.spec.parallelism).toBe(32);
    expect(js.spec.replicatedJobs[0].template.spec.template.metadata.annotations['cloud.google.com/gke-tpu-slice-topology']).toBe('4x4x8');
  });

  test('a super-slice larger than the cubes fails at synth time', () => {
    expect(errorOf(() => new SuperslicingStack(Testing.app(), 'big', { sliceTopology: '4x8x8' }))).toContain(
      'needs 256 TPU chips but only 128 remain');
  });
});

describe('state backend', () => {
  test('GCS when TPU_GKE_STATE_BUCKET is set', () => {
    const stack = testStack('s1');
    configureBackend(stack, { TPU_GKE_STATE_BUCKET: 'my-state', TPU_GKE_STATE_PREFIX: 'team/a' });
    expect(synth(stack).terraform.backend).toEqual({ gcs: { bucket: 'my-state', prefix: 'team/a/s1' } });
  });
});

describe('stack outputs', () => {
  test('cluster name, location and the get-credentials command', () => {
    const json = synth(new SubslicingStack(Testing.app(), 'subslicing'));
    expect(json.output.cluster_name.value).toBe('tpu-serving-cluster');
    expect(json.output.get_credentials.value).toBe('gcloud container clusters get-credentials tpu-serving-cluster --location ${local.region} --project ${var.project_id}');
  });
});
