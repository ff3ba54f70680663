import { parse } from 'yaml';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { TpuSliceTarget } from '../../lib/serving/tpu-slice-target';
import { RAY_LLM_SAMPLES_ARCHIVE } from '../../lib/serving/ray/ray-llm-service';
import { BucketAccess } from '../../lib/gcp/model-bucket';
import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { addressOf, errorOf, Json, objectNamed, resourceNamed, resources, synth, testStack } from '../helpers/synth';
import { download, rayLlm, servingFixture, servingParts } from './fixture';

/** Address of the google_service_account with `accountId`. */
function accountAddress(json: Json, accountId: string): string {
  const [id] = resources(json, 'google_service_account').find(([, r]) => r.account_id === accountId)!;
  return `google_service_account.${id}`;
}

describe('RayLlmService on a v6e 4x4 DRANET node pool (seed 001 Standard)', () => {
  const f = servingFixture();
  const d = download(f);
  const svc = rayLlm(f, { download: d });
  const json = synth(f.stack);
  const rs = objectNamed(json, 'RayService', 'vllm-tpu-multihost');
  const head = rs.spec.rayClusterConfig.headGroupSpec;
  const [workers] = rs.spec.rayClusterConfig.workerGroupSpecs;
  const worker = workers.template.spec.containers[0];

  test('metadata and labels as upstream', () => {
    expect(rs.apiVersion).toBe('ray.io/v1');
    expect(rs.metadata).toEqual({
      name: 'vllm-tpu-multihost', namespace: 'serving',
      labels: { 'ai.gke.io/model': 'gemma-4-31B-it', 'ai.gke.io/inference-server': 'vllm' },
    });
  });

  test('serve config: port 8000, application llm, the seed import path, and every LLMConfig input by env', () => {
    expect(parse(rs.spec.serveConfigV2)).toEqual({
      http_options: { host: '0.0.0.0', port: 8000 },
      applications: [{
        name: 'llm',
        import_path: 'ai-ml.gke-ray.rayserve.llm.tpu.serve_tpu_multihost:deployment',
        runtime_env: {
          working_dir: 'https://github.com/GoogleCloudPlatform/kubernetes-engine-samples/archive/744e5b3c38b6f18d761a8a250770a98400a77090.zip',
          env_vars: {
            MODEL_ID: 'google/gemma-4-31B-it', MODEL_SOURCE: '/data/google/gemma-4-31B-it', ACCELERATOR_TYPE: 'TPU-V6E',
            TPU_TOPOLOGY: '4x4', TENSOR_PARALLEL_SIZE: '16', MAX_MODEL_LEN: '8192', MAX_NUM_BATCHED_TOKENS: '4096',
            VLLM_XLA_CACHE_PATH: '/tmp/vllm_xla_cache',
          },
        },
      }],
    });
  });

  test('head: 2 CPU / 16Gi, ports 6379/8265/10001/8000, GCS FUSE annotations and volumes', () => {
    expect(head.rayStartParams).toEqual({});
    expect(head.template.metadata.annotations).toEqual({
      'gke-gcsfuse/volumes': 'true', 'gke-gcsfuse/cpu-limit': '0', 'gke-gcsfuse/memory-limit': '0', 'gke-gcsfuse/ephemeral-storage-limit': '0',
    });
    const c = head.template.spec.containers[0];
    expect(head.template.spec.serviceAccountName).toBe('ray-ksa');
    expect(c.name).toBe('ray-head');
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.ports).toEqual([
      { containerPort: 6379, name: 'gcs' }, { containerPort: 8265, name: 'dashboard' },
      { containerPort: 10001, name: 'client' }, { containerPort: 8000, name: 'serve' },
    ]);
    expect(c.resources).toEqual({ limits: { cpu: '2', memory: '16Gi' }, requests: { cpu: '2', memory: '16Gi' } });
    expect(c.volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }, { name: 'gcs-fuse-csi-ephemeral', mountPath: '/data' }]);
    expect(head.template.spec.volumes).toEqual([
      { name: 'dshm', emptyDir: { medium: 'Memory' } },
      { name: 'gke-gcsfuse-cache', emptyDir: { medium: 'Memory' } },
      { name: 'gcs-fuse-csi-ephemeral', csi: { driver: 'gcsfuse.csi.storage.gke.io', volumeAttributes: { bucketName: `\${jsonencode(${addressOf(json, 'google_storage_bucket', 'my-weights')}.name)}`, mountOptions: 'implicit-dirs' } } },
    ]);
  });

  test('worker group tpu-group: numOfHosts 4 from the catalog, 4 chips / 20 CPU / 200Gi per host, netdev claim, slice nodeSelector', () => {
    expect(workers).toMatchObject({ groupName: 'tpu-group', replicas: 1, minReplicas: 1, maxReplicas: 1, numOfHosts: 4, rayStartParams: {} });
    expect(svc.numOfHosts).toBe(4);
    expect(worker.resources).toEqual({
      limits: { cpu: '20', 'google.com/tpu': '4', memory: '200Gi' },
      requests: { cpu: '20', 'google.com/tpu': '4', memory: '200Gi' },
      claims: [{ name: 'netdev' }],
    });
    expect(workers.template.spec.resourceClaims).toEqual([{ name: 'netdev', resourceClaimTemplateName: 'all-netdev' }]);
    expect(workers.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4' });
  });

  test('worker env: HF, JAX/TPU Ray backend, NODE_IP and the control service URL', () => {
    expect(worker.env).toEqual([
      { name: 'HF_HOME', value: '/data/huggingface' },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } } },
      { name: 'JAX_PLATFORMS', value: 'tpu,cpu' },
      { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'VBAR_CONTROL_SERVICE_URL', value: '$(NODE_IP):8353' },
      { name: 'TPU_MULTIHOST_BACKEND', value: 'ray' },
      { name: 'TPU_BACKEND_TYPE', value: 'jax' },
      { name: 'ENABLE_PJRT_COMPATIBILITY', value: 'true' },
    ]);
  });

  test('ResourceClaimTemplate all-netdev: resource.k8s.io/v1, netdev.google.com, allocation mode All', () => {
    expect(objectNamed(json, 'ResourceClaimTemplate', 'all-netdev')).toEqual({
      apiVersion: 'resource.k8s.io/v1', kind: 'ResourceClaimTemplate', metadata: { name: 'all-netdev', namespace: 'serving' },
      spec: { spec: { devices: { requests: [{ name: 'req-netdev', exactly: { deviceClassName: 'netdev.google.com', allocationMode: 'All' } }] } } },
    });
  });

  test('the 16 chips are claimed on the pool ledger', () => {
    expect(f.pool.ledger.claims).toEqual([{ name: 'RayService "vllm-tpu-multihost"', chips: 16 }]);
    expect(svc.tensorParallelSize).toBe(16);
  });

  test('the release ships the KSA, the claim template and the RayService, after pool, IAM, secret and download', () => {
    const release = resourceNamed(json, 'helm_release', 'vllm-tpu-multihost');
    expect(parse(release.values[0]).objects.map((o: Json) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/ray-ksa', 'ResourceClaimTemplate/all-netdev', 'RayService/vllm-tpu-multihost',
    ]);
    const reader = accountAddress(json, 'tpu-reader-sa');
    const writer = accountAddress(json, 'model-downloader-sa');
    expect(objectNamed(json, 'ServiceAccount', 'ray-ksa').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': `\${jsonencode(${reader}.email)}` });
    const wiBinding = resources(json, 'google_service_account_iam_member').find(([, r]) => r.member.endsWith('[serving/ray-ksa]'))!;
    expect(wiBinding[1]).toMatchObject({ role: 'roles/iam.workloadIdentityUser', member: 'serviceAccount:my-project.svc.id.goog[serving/ray-ksa]', service_account_id: `\${${reader}.name}` });
    expect(release.depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'google_container_node_pool', 'v6e-16'), addressOf(json, 'kubernetes_secret_v1', 'hf-secret'),
      addressOf(json, 'helm_release', 'model-downloader'), `google_service_account_iam_member.${wiBinding[0]}`,
    ]));
    expect(release.depends_on).not.toContain(writer);
  });

  test('the Ray pods read the bucket; only the download Job may write', () => {
    const reader = accountAddress(json, 'tpu-reader-sa');
    const writer = accountAddress(json, 'model-downloader-sa');
    const grants = resources(json, 'google_storage_bucket_iam_member').map(([, r]) => `${r.member} ${r.role}`).sort();
    expect(grants).toEqual([
      `\${${writer}.member} roles/storage.bucketViewer`,
      `\${${writer}.member} roles/storage.objectUser`,
      `\${${reader}.member} roles/storage.bucketViewer`,
      `\${${reader}.member} roles/storage.objectViewer`,
    ].sort());
  });

  test('service endpoints follow KubeRay naming', () => {
    expect(svc.headService).toBe('vllm-tpu-multihost-head-svc');
    expect(svc.serveService).toBe('vllm-tpu-multihost-serve-svc');
    expect(svc.endpoint).toBe('http://vllm-tpu-multihost-serve-svc:8000');
  });
});

describe('RayLlmService options and checks', () => {
  test('typed LLMConfig props reach the serve config env', () => {
    const f = servingFixture();
    rayLlm(f, { model: 'google/gemma-3-27b-it', modelSource: '/data/gemma3', maxModelLen: 4096, maxNumBatchedTokens: 2048, workingDir: 'https://example.com/pinned.zip' });
    const rs = objectNamed(synth(f.stack), 'RayService', 'vllm-tpu-multihost');
    const app = parse(rs.spec.serveConfigV2).applications[0];
    expect(app.runtime_env.working_dir).toBe('https://example.com/pinned.zip');
    expect(app.runtime_env.env_vars).toMatchObject({ MODEL_ID: 'google/gemma-3-27b-it', MODEL_SOURCE: '/data/gemma3', MAX_MODEL_LEN: '4096', MAX_NUM_BATCHED_TOKENS: '2048' });
    expect(rs.metadata.labels['ai.gke.io/model']).toBe('gemma-3-27b-it');
  });

  test('a GitHub branch or tag archive as working_dir is rejected; commit archives pass', () => {
    for (const url of ['https://github.com/GoogleCloudPlatform/kubernetes-engine-samples/archive/main.zip',
      'https://github.com/GoogleCloudPlatform/kubernetes-engine-samples/archive/refs/heads/main.zip',
      'https://github.com/GoogleCloudPlatform/kubernetes-engine-samples/archive/744e5b3.zip']) {
      expect(errorOf(() => rayLlm(servingFixture(), { workingDir: url }))).toBe(
        `Archive URL "${url}" names a branch or tag, whose content changes under the same URL. `
        + 'Allowed: a commit archive, https://github.com/<owner>/<repo>/archive/<40-hex commit>.zip. Fix: pin the archive to a full commit hash');
    }
    expect(RAY_LLM_SAMPLES_ARCHIVE).toMatch(/\/archive\/[0-9a-f]{40}\.zip$/);
  });

  test('read-write bucket access can be granted to the Ray pods on request', () => {
    const f = servingFixture();
    rayLlm(f, { bucketAccess: BucketAccess.READ_WRITE });
    const roles = resources(synth(f.stack), 'google_storage_bucket_iam_member').map(([, r]) => r.role).sort();
    expect(roles).toEqual(['roles/storage.bucketViewer', 'roles/storage.objectUser']);
  });

  test('a 4x8 slice gives 8 hosts and tensor parallel size 32', () => {
    const f = servingFixture({ topology: '4x8' });
    const svc = rayLlm(f);
    const rs = objectNamed(synth(f.stack), 'RayService', 'vllm-tpu-multihost');
    expect(rs.spec.rayClusterConfig.workerGroupSpecs[0].numOfHosts).toBe(8);
    expect(parse(rs.spec.serveConfigV2).applications[0].runtime_env.env_vars).toMatchObject({ TPU_TOPOLOGY: '4x8', TENSOR_PARALLEL_SIZE: '32' });
    expect(svc.numOfHosts * 4).toBe(32);
  });

  test('without managed DRANET on the pool: no claim template, no claims', () => {
    const f = servingFixture({ managedDranet: false });
    rayLlm(f);
    const json = synth(f.stack);
    const rs = objectNamed(json, 'RayService', 'vllm-tpu-multihost');
    const spec = rs.spec.rayClusterConfig.workerGroupSpecs[0].template.spec;
    expect(spec.resourceClaims).toBeUndefined();
    expect(spec.containers[0].resources.claims).toBeUndefined();
    expect(() => objectNamed(json, 'ResourceClaimTemplate', 'all-netdev')).toThrow('found 0');
  });

  test('hosts x chips per host must equal the chips of the slice', () => {
    expect(errorOf(() => rayLlm(servingFixture(), { numOfHosts: 2 }))).toBe(
      'Workload "RayService "vllm-tpu-multihost" worker group" runs 2 pods x 4 chips = 8 chips on a 4x4 slice of 16 chips. Allowed: pods x chips per pod = 16. Fix: use 4 pods of 4 chips (one pod per TPU VM)');
  });

  test('tensor parallel size must equal the chips of the slice', () => {
    expect(errorOf(() => rayLlm(servingFixture(), { tensorParallelSize: 8 }))).toBe(
      'Tensor parallel size 8 of "vllm-tpu-multihost" does not use the 4x4 slice of 16 chips. Allowed: 16 (one shard per chip in the slice). Fix: set tensorParallelSize to 16, or pick a topology with 8 chips');
  });

  test('a second service on the same slice exceeds the pool capacity', () => {
    const f = servingFixture();
    rayLlm(f);
    expect(errorOf(() => rayLlm(f, { name: 'second' }, 'Second'))).toBe(
      'Workload "RayService "second"" on node pool "v6e-16" (16 chips) needs 16 TPU chips but only 0 remain (already claimed: RayService "vllm-tpu-multihost": 16). Allowed: at most 0 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('the Serve port must be a TCP port', () => {
    expect(errorOf(() => rayLlm(servingFixture(), { servePort: 65536 }))).toBe(
      'Serve port 65536 is out of range. Allowed: 1 to 65535. Fix: use a TCP port such as 8000');
  });

  test('worker CPU beyond the machine type is refused', () => {
    expect(errorOf(() => rayLlm(servingFixture(), { workerResources: { cpu: '200', memory: '200Gi' } }))).toBe(
      'RayService "vllm-tpu-multihost" worker CPU 200 is out of range. Allowed: at most 180 cores (ct6e-standard-4t). Fix: request at most 180 CPUs per TPU host');
  });

  test('the served model must be the one the download stages', () => {
    const f = servingFixture();
    const d = download(f);
    expect(errorOf(() => rayLlm(f, { download: d, model: 'google/gemma-3-27b-it' }))).toBe(
      'RayService "vllm-tpu-multihost" model "google/gemma-3-27b-it" is not supported (did you mean "google/gemma-4-31B-it"?). Allowed: "google/gemma-4-31B-it". Fix: serve the model the download Job stages (or download the one you serve)');
  });

  test('the service account must live in the workload namespace', () => {
    const f = servingFixture();
    const other = new WorkloadIdentityAccount(f.stack, 'Other', {
      cluster: f.cluster, accountId: 'other-reader', namespace: 'elsewhere', kubernetesServiceAccount: 'ray-ksa',
    });
    expect(errorOf(() => rayLlm(f, { serviceAccount: other }))).toBe(
      'Service account "ray-ksa" in namespace "elsewhere" cannot serve a workload in namespace "serving". Allowed: "serving". Fix: bind the Kubernetes service account in "serving"');
  });
});

describe('RayLlmService on Autopilot (ComputeClass target)', () => {
  function autopilot(minVersion = '1.35.2-gke.1842000') {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
    const cluster = new AutopilotCluster(stack, 'Cluster', { name: 'ray-llm-cluster', project: 'p', region: 'us-east5', version: GkeVersionSelection.pin(minVersion) });
    ClusterProviders.configure(stack, { cluster });
    return { stack, cluster };
  }

  test('the ComputeClass, named after the slice by default (tpu-v6e-slice-4x4), ships first; workers select it, the slice and the zone', () => {
    const { stack, cluster } = autopilot();
    const f = servingParts(stack, cluster);
    const target = TpuSliceTarget.computeClass({ cluster, machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-east5-b' });
    rayLlm(f, { tpu: target });
    const json = synth(stack);
    expect(objectNamed(json, 'ComputeClass', 'tpu-v6e-slice-4x4')).toEqual({
      apiVersion: 'cloud.google.com/v1', kind: 'ComputeClass', metadata: { name: 'tpu-v6e-slice-4x4' },
      spec: {
        nodePoolAutoCreation: { enabled: true },
        nodePoolConfig: { dra: { networking: { enabled: true } } },
        priorities: [{ machineType: 'ct6e-standard-4t', acceleratorNetworkProfile: 'auto' }],
      },
    });
    const spec = objectNamed(json, 'RayService', 'vllm-tpu-multihost').spec.rayClusterConfig.workerGroupSpecs[0].template.spec;
    expect(spec.nodeSelector).toEqual({
      'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '4x4',
      'cloud.google.com/compute-class': 'tpu-v6e-slice-4x4', 'topology.kubernetes.io/zone': 'us-east5-b',
    });
    expect(spec.resourceClaims).toEqual([{ name: 'netdev', resourceClaimTemplateName: 'all-netdev' }]);
    expect(target.ledger.claims).toEqual([{ name: 'RayService "vllm-tpu-multihost"', chips: 16 }]);
  });

  test('the topology must be a v6e multi-host slice', () => {
    const { cluster } = autopilot();
    expect(errorOf(() => TpuSliceTarget.computeClass({ cluster, machineType: 'ct6e-standard-4t', topology: '4x6' }))).toBe(
      'TPU topology "4x6" is not a valid v6e multi-host topology (did you mean "4x4", "4x8", "2x4"?). Allowed: "2x4", "4x4", "4x8", "8x8", "8x16", "16x16". Fix: pick one of the v6e topologies GKE supports');
  });

  test('DRANET needs GKE 1.35.2-gke.1842000', () => {
    const { cluster } = autopilot('1.34.4-gke.1000000');
    expect(errorOf(() => TpuSliceTarget.computeClass({ cluster, machineType: 'ct6e-standard-4t', topology: '4x4' }))).toBe(
      'GKE version "1.34.4-gke.1000000" is too old for GKE managed DRANET. Allowed: "1.35.2-gke.1842000" or later. Fix: choose a newer GKE version: GkeVersionSelection.pin("1.35.2-gke.1842000") or later, a newer prefix, or channelLatest()');
  });
});

