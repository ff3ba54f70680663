import { Testing } from 'cdktf';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { parse } from 'yaml';
import { RayLlmClusterMode, RayLlmStack } from '../../stacks/ray-llm';
import { addressOf, errorOf, expectTokenOnlyInSecret, Json, objectNamed, resourceNamed, resources, shippedObjects, synth } from '../helpers/synth';

const releases = (json: Json) => resources(json, 'helm_release').map(([, r]) => r.name).sort();
const workerSpec = (json: Json) => objectNamed(json, 'RayService', 'vllm-tpu-multihost').spec.rayClusterConfig.workerGroupSpecs[0].template.spec;

/** Features whose GKE minimum the cluster checks: from its precondition messages, and the same from its postconditions. */
function versionChecks(cluster: Json): string[] {
  const features = (conditions: Json[] = []) => conditions.map((c) => String(c.error_message).split(' needs GKE ')[0]);
  expect(features(cluster.lifecycle?.postcondition)).toEqual(features(cluster.lifecycle?.precondition));
  return features(cluster.lifecycle?.precondition);
}

describe('ray-llm stack (Standard, the default)', () => {
  const stack = new RayLlmStack(Testing.app(), 'ray-llm');
  const json = synth(stack);

  test('environment enters as Terraform variables with the seed defaults', () => {
    expect(json.variable.project_id.default).toBeUndefined();
    expect(json.variable.bucket_name.default).toBeUndefined();
    expect(json.variable.zone.default).toBe('us-east5-b');
    expect(json.variable.namespace.default).toBe('default');
    expect(json.variable.image.default).toBe('');
    expect(json.variable.hf_token).toMatchObject({ default: '', sensitive: true });
    expect(json.variable.deletion_protection.default).toBe(true);
    expect(json.variable.bucket_force_destroy.default).toBe(false);
  });

  test('zonal Standard cluster: RayOperator + GcsFuseCsiDriver, n2-standard-8 system nodes, Dataplane V2, Workload Identity, DRANET minimum', () => {
    const cluster = resourceNamed(json, 'google_container_cluster', 'ray-llm-cluster');
    expect(cluster).toMatchObject({
      location: '${var.zone}',
      addons_config: { ray_operator_config: [{ enabled: true }], gcs_fuse_csi_driver_config: { enabled: true } },
      datapath_provider: 'ADVANCED_DATAPATH',
      workload_identity_config: { workload_pool: '${var.project_id}.svc.id.goog' },
      release_channel: { channel: 'REGULAR' },
      deletion_protection: '${var.deletion_protection}',
    });
    // The newest REGULAR version, not a pinned build GKE stops offering; DRANET's minimum is a precondition.
    expect(cluster.min_master_version).toMatch(/^\$\{lookup\(data\.google_container_engine_versions\.[A-Za-z0-9_]+\.release_channel_latest_version, "REGULAR", ""\)\}$/);
    expect(versionChecks(cluster)).toEqual(['GKE managed DRANET']);
    expect(cluster.network).toBeUndefined();
    expect(resourceNamed(json, 'google_container_node_pool', 'system-pool')).toMatchObject({ node_count: 3, node_config: { machine_type: 'n2-standard-8' } });
  });

  test('TPU pool v6e-16: ct6e-standard-4t, 4x4 -> 4 nodes, gVNIC, cloud-platform, DRANET profile (escape hatch) and label', () => {
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-16')).toMatchObject({
      node_count: 4,
      node_locations: ['${var.zone}'],
      placement_policy: { type: 'COMPACT', tpu_topology: '4x4' },
      network_config: { accelerator_network_profile: 'auto' },
      node_config: {
        machine_type: 'ct6e-standard-4t', gvnic: { enabled: true },
        oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'],
        labels: { 'cloud.google.com/gke-networking-dra-driver': 'true' },
      },
    });
    expect(json['//'].tpu_gke_escape_hatches.map((h: Json) => h.id)).toEqual(['node-pool-accelerator-network-profile']);
    expect(json.terraform.required_providers.google.version).toBe('>= 7.31.0, < 8.0.0');
    expect(json.terraform.required_providers['google-beta']).toBeUndefined();
  });

  test('weights bucket in the region, Anywhere Cache in the TPU zone (1 day, admit on first miss)', () => {
    const [[, bucket]] = resources(json, 'google_storage_bucket');
    expect(bucket).toMatchObject({ name: '${var.bucket_name}', location: '${local.region}', storage_class: 'STANDARD', uniform_bucket_level_access: true, force_destroy: '${var.bucket_force_destroy}' });
    const [[, cache]] = resources(json, 'google_storage_anywhere_cache');
    expect(cache).toMatchObject({ zone: '${var.zone}', ttl: '86400s' });
    expect(cache.admission_policy).toBeUndefined();
  });

  test('Artifact Registry ray-repo; the image defaults to it unless the image variable is set', () => {
    expect(resources(json, 'google_artifact_registry_repository')[0][1]).toMatchObject({ repository_id: 'ray-repo', format: 'DOCKER', location: '${local.region}' });
    expect(json.locals.default_image).toBe('${local.region}-docker.pkg.dev/${var.project_id}/ray-repo/vllm-tpu-ray:vllm-tpu');
    const head = objectNamed(json, 'RayService', 'vllm-tpu-multihost').spec.rayClusterConfig.headGroupSpec.template.spec.containers[0];
    expect(head.image).toBe('${jsonencode(coalesce(var.image, local.default_image))}');
  });

  test('identities: tpu-reader-sa for ray-ksa (read), model-downloader-sa for model-downloader (read-write), the nodes\' own account', () => {
    const accounts = resources(json, 'google_service_account').map(([, a]) => a.account_id).sort();
    expect(accounts).toEqual(['model-downloader-sa', 'ray-llm-cluster-nodes', 'tpu-reader-sa']);
    const wi = resources(json, 'google_service_account_iam_member').map(([, m]) => m.member).sort();
    expect(wi).toEqual(['serviceAccount:${var.project_id}.svc.id.goog[${var.namespace}/model-downloader]', 'serviceAccount:${var.project_id}.svc.id.goog[${var.namespace}/ray-ksa]']);
    const roles = resources(json, 'google_storage_bucket_iam_member').map(([, m]) => m.role).sort();
    expect(roles).toEqual(['roles/storage.bucketViewer', 'roles/storage.bucketViewer', 'roles/storage.objectUser', 'roles/storage.objectViewer']);
    expect(roles).not.toContain('roles/storage.objectAdmin');
  });

  test('namespace default is adopted, not created; hf-secret/hf_api_token from the sensitive variable', () => {
    const [[, ns]] = resources(json, 'kubernetes_namespace_v1');
    expect(ns.count).toBe('${contains(["default", "kube-system", "kube-public", "kube-node-lease"], var.namespace) ? 0 : 1}');
    const secret = resourceNamed(json, 'kubernetes_secret_v1', 'hf-secret');
    expect(secret).toMatchObject({ data_wo: { hf_api_token: '${var.hf_token}' }, metadata: { namespace: '${var.namespace}' } });
    expect(secret.data).toBeUndefined();
  });

  test('workloads: download Job, then the RayService (after the TPU pool), then Gradio', () => {
    expect(releases(json)).toEqual(['gmp-scrape-configs', 'gradio', 'model-downloader', 'vllm-tpu-multihost']);
    expect(shippedObjects(json).map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/gradio', 'Job/model-downloader', 'PodMonitoring/ray-serve-llm', 'RayService/vllm-tpu-multihost', 'ResourceClaimTemplate/all-netdev',
      'Service/gradio', 'ServiceAccount/model-downloader', 'ServiceAccount/ray-ksa',
    ]);
    const ray = resourceNamed(json, 'helm_release', 'vllm-tpu-multihost');
    expect(ray.depends_on).toEqual(expect.arrayContaining([addressOf(json, 'helm_release', 'model-downloader'), addressOf(json, 'google_container_node_pool', 'v6e-16')]));
    expect(resourceNamed(json, 'helm_release', 'gradio').depends_on).toContain(addressOf(json, 'helm_release', 'vllm-tpu-multihost'));
    expect(resourceNamed(json, 'helm_release', 'model-downloader')).toMatchObject({ wait_for_jobs: true, timeout: 3600 });
  });

  test('RayService as upstream: numOfHosts 4, TP 16, slice nodeSelector, netdev claim', () => {
    const rs = objectNamed(json, 'RayService', 'vllm-tpu-multihost');
    expect(rs.spec.rayClusterConfig.workerGroupSpecs[0].numOfHosts).toBe(4);
    expect(parse(rs.spec.serveConfigV2).applications[0].runtime_env.env_vars).toMatchObject({ TENSOR_PARALLEL_SIZE: '16', TPU_TOPOLOGY: '4x4', ACCELERATOR_TYPE: 'TPU-V6E' });
    expect(workerSpec(json).nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4' });
    expect(workerSpec(json).resourceClaims).toEqual([{ name: 'netdev', resourceClaimTemplateName: 'all-netdev' }]);
    expect(stack.tpuPool!.ledger.claimed).toBe(16);
  });

  test('outputs: cluster, image, bucket and the port-forward command', () => {
    expect(json.output.get_credentials.value).toBe('gcloud container clusters get-credentials ray-llm-cluster --location ${var.zone} --project ${var.project_id}');
    expect(json.output.image_uri.value).toBe('${coalesce(var.image, local.default_image)}');
    expect(json.output.port_forward.value).toBe('kubectl port-forward -n ${var.namespace} svc/vllm-tpu-multihost-head-svc 8000:8000');
  });

  test('no kubernetes_manifest; local state per stack', () => {
    expect(json.resource.kubernetes_manifest).toBeUndefined();
    expect(json.terraform.backend).toEqual({ local: { path: '../../../terraform.ray-llm.tfstate' } });
  });
});

describe('ray-llm-autopilot stack', () => {
  const json = synth(new RayLlmStack(Testing.app(), 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT }));

  test('regional Autopilot cluster with the Ray operator; no node pools, no escape hatch', () => {
    const cluster = resourceNamed(json, 'google_container_cluster', 'ray-llm-cluster');
    expect(cluster).toMatchObject({
      enable_autopilot: true, location: '${local.region}', addons_config: { ray_operator_config: [{ enabled: true }] },
    });
    expect(cluster.min_master_version).toMatch(/release_channel_latest_version, "REGULAR", ""\)\}$/);
    expect(versionChecks(cluster)).toEqual(['GKE managed DRANET']);
    expect(resources(json, 'google_container_node_pool')).toEqual([]);
    expect(json['//'].tpu_gke_escape_hatches).toBeUndefined();
    expect(json.terraform.required_providers.google.version).toBe('>= 6.50.0, < 8.0.0');
  });

  test('dranet-compute-class ships with the RayService; TPU workers select it, the slice and the cache zone', () => {
    expect(objectNamed(json, 'ComputeClass', 'dranet-compute-class').spec).toEqual({
      nodePoolAutoCreation: { enabled: true },
      nodePoolConfig: { dra: { networking: { enabled: true } } },
      priorities: [{ machineType: 'ct6e-standard-4t', acceleratorNetworkProfile: 'auto' }],
    });
    expect(workerSpec(json).nodeSelector).toEqual({
      'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4',
      'cloud.google.com/compute-class': 'dranet-compute-class', 'topology.kubernetes.io/zone': '${jsonencode(var.zone)}',
    });
    expect(releases(json)).toEqual(['gmp-scrape-configs', 'gradio', 'model-downloader', 'vllm-tpu-multihost']);
  });

  test('the zone pin can be dropped', () => {
    const j = synth(new RayLlmStack(Testing.app(), 'ap', { mode: RayLlmClusterMode.AUTOPILOT, pinAutopilotZone: false }));
    expect(workerSpec(j).nodeSelector['topology.kubernetes.io/zone']).toBeUndefined();
  });

  test('the cache zone is still the zone variable; the WI pool is the project pool', () => {
    expect(resources(json, 'google_storage_anywhere_cache')[0][1].zone).toBe('${var.zone}');
    expect(resources(json, 'google_service_account_iam_member').map(([, m]) => m.member)).toContain('serviceAccount:${var.project_id}.svc.id.goog[${var.namespace}/ray-ksa]');
  });
});

describe('ray-llm options and synth-time errors', () => {
  test('existing hf-secret, no Gradio, weights already staged', () => {
    const json = synth(new RayLlmStack(Testing.app(), 'x', { existingHfSecret: true, gradio: false, downloadModel: false }));
    expect(resources(json, 'kubernetes_secret_v1')).toEqual([]);
    expect(releases(json)).toEqual(['gmp-scrape-configs', 'vllm-tpu-multihost']);
    expect(resources(json, 'google_service_account').map(([, a]) => a.account_id)).toEqual(['ray-llm-cluster-nodes', 'tpu-reader-sa']);
    expect(workerSpec(json).containers[0].env[1]).toEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } } });
  });

  test('a topology that is not a v6e multi-host slice fails in both modes', () => {
    const message = 'TPU topology "4x6" is not a valid v6e multi-host topology (did you mean "4x4", "4x8", "2x4"?). Allowed: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16". Fix: pick one of the v6e topologies GKE supports';
    expect(errorOf(() => new RayLlmStack(Testing.app(), 's', { topology: '4x6' }))).toBe(message);
    expect(errorOf(() => new RayLlmStack(Testing.app(), 'a', { topology: '4x6', mode: RayLlmClusterMode.AUTOPILOT }))).toBe(message);
  });

  test('a GKE minimum below the DRANET requirement fails in both modes', () => {
    const message = 'GKE version "1.35.1-gke.1500000" is too old for GKE managed DRANET. Allowed: "1.35.2-gke.1842000" or later. Fix: choose a newer GKE version: GkeVersionSelection.pin("1.35.2-gke.1842000") or later, a newer prefix, or channelLatest()';
    expect(errorOf(() => new RayLlmStack(Testing.app(), 's', { gkeVersion: GkeVersionSelection.pin('1.35.1-gke.1500000') }))).toBe(message);
    expect(errorOf(() => new RayLlmStack(Testing.app(), 'a', { gkeVersion: GkeVersionSelection.pin('1.35.1-gke.1500000'), mode: RayLlmClusterMode.AUTOPILOT }))).toBe(message);
  });

  test('an 8x8 slice scales hosts and tensor parallelism from the catalog', () => {
    const json = synth(new RayLlmStack(Testing.app(), 'big', { topology: '8x8', tpuPoolName: 'v6e-64' }));
    expect(resourceNamed(json, 'google_container_node_pool', 'v6e-64').node_count).toBe(16);
    const rs = objectNamed(json, 'RayService', 'vllm-tpu-multihost');
    expect(rs.spec.rayClusterConfig.workerGroupSpecs[0].numOfHosts).toBe(16);
    expect(parse(rs.spec.serveConfigV2).applications[0].runtime_env.env_vars.TENSOR_PARALLEL_SIZE).toBe('64');
  });
});

describe('ray-llm secrets', () => {
  test.each([RayLlmClusterMode.STANDARD, RayLlmClusterMode.AUTOPILOT])('a canary token passed as TF_VAR_hf_token never reaches the output (%s)', (mode) => {
    expectTokenOnlyInSecret((app) => new RayLlmStack(app, 'ray-llm', { mode }), 'hf-secret', 'hf_api_token');
  });
});
