import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { LlmdPdStack } from '../../stacks/llm-d-pd';
import { QwenPdStack } from '../../stacks/qwen-pd';
import { SubslicingStack } from '../../stacks/subslicing';
import { GkeGatewayClass } from '../../lib/serving/pd/inference-gateway';
import { Seed000 } from '../../lib/presets/seeds';
import { addressOf, errorOf, helmValues, Json, objectNamed, resourceNamed, resources, synth, synthWithCanary } from '../helpers/synth';

function expectNoCanary(make: (app: App) => TerraformStack, secretName = 'llm-d-hf-token'): void {
  const canary = 'hf_CANARYpdCANARY0123456789';
  const { files, json } = synthWithCanary(make, canary);
  expect(files.size).toBeGreaterThan(3);
  for (const [file, text] of files) expect({ file, leaked: text.includes('CANARY') }).toEqual({ file, leaked: false });
  // The only route the token takes: the write-only Secret data, by reference.
  expect(resourceNamed(json, 'kubernetes_secret_v1', secretName).data_wo).toEqual({ HF_TOKEN: '${var.hf_token}' });
  expect(json.variable.hf_token).toMatchObject({ sensitive: true, default: '' });
  // Its only routes: the write-only Secret data, and whether it is empty (data_wo_revision; see SecretSource.fromVariable).
  expect(JSON.stringify(json).match(/var\.hf_token\b/g)).toHaveLength(2);
  expect(resourceNamed(json, 'kubernetes_secret_v1', secretName).data_wo_revision).toBe('${(((var.hf_token_revision * 2) - 1) + nonsensitive(min(1, length(var.hf_token))))}');
}

/** The command script of a container as Terraform evaluates it (a `${jsonencode("...")}` literal is decoded). */
function script(command: string): string {
  const m = /^\$\{jsonencode\("(.*)"\)\}$/s.exec(command);
  return m ? JSON.parse(`"${m[1].replace(/\$\$\{/g, '${')}"`) : command;
}

describe('subslicing stack: P/D on Ironwood sub-slices (seed 000 steps 10-11)', () => {
  const json = synth(new SubslicingStack(Testing.app(), 'subslicing'));
  const prefill = objectNamed(json, 'LeaderWorkerSet', 'kueue-vllm-prefill-model-streamer');
  const decode = objectNamed(json, 'LeaderWorkerSet', 'kueue-vllm-decode-model-streamer');

  test('the LeaderWorkerSets: 4 groups of 2, RecreateGroupOnPodRestart, one slice per group, llm-d and Kueue labels', () => {
    for (const [lws, role] of [[prefill, 'prefill'], [decode, 'decode']] as const) {
      expect(lws.apiVersion).toBe('leaderworkerset.x-k8s.io/v1');
      expect(lws.metadata).toEqual({
        name: `kueue-vllm-${role}-model-streamer`,
        namespace: '${jsonencode(var.namespace)}',
        annotations: { 'leaderworkerset.sigs.k8s.io/exclusive-topology': 'cloud.google.com/gke-tpu-slice' },
        labels: {
          'llm-d.ai/guide': 'pd-disaggregation', 'llm-d.ai/model': 'Qwen3.5-397B-A17B-FP8', 'llm-d.ai/role': role,
          'inference.networking.k8s.io/engine-type': 'vllm',
          'kueue.x-k8s.io/queue-name': 'lq', 'kueue.x-k8s.io/priority-class': 'high-priority-3000',
        },
      });
      expect(lws.spec.replicas).toBe(4);
      expect(lws.spec.leaderWorkerTemplate.size).toBe(2);
      expect(lws.spec.leaderWorkerTemplate.restartPolicy).toBe('RecreateGroupOnPodRestart');
      for (const t of [lws.spec.leaderWorkerTemplate.leaderTemplate, lws.spec.leaderWorkerTemplate.workerTemplate]) {
        expect(t.metadata.labels).toEqual({
          'llm-d.ai/guide': 'pd-disaggregation', 'llm-d.ai/model': 'Qwen3.5-397B-A17B-FP8', 'llm-d.ai/role': role,
          'inference.networking.k8s.io/engine-type': 'vllm',
        });
        expect(t.metadata.annotations).toEqual({ 'cloud.google.com/gke-tpu-slice-topology': '2x2x2', 'gke-gcsfuse/volumes': 'true' });
        expect(t.spec.serviceAccountName).toBe('gcs-fuse-ksa');
        expect(t.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-tpu-accelerator': 'tpu7x' });
        expect(t.spec.tolerations).toEqual([{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }]);
        expect(t.spec.volumes).toEqual([
          { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '100Gi' } },
          {
            name: 'gcs-fuse-csi-ephemeral',
            csi: {
              driver: 'gcsfuse.csi.storage.gke.io',
              volumeAttributes: {
                bucketName: '${jsonencode(var.model_bucket)}',
                mountOptions: 'implicit-dirs,file-cache:enable-parallel-downloads:true,file-cache:parallel-downloads-per-file:100,file-cache:max-parallel-downloads:-1,file-cache:download-chunk-size-mb:10,file-cache:max-size-mb:-1',
              },
            },
          },
        ]);
        const c = t.spec.containers[0];
        expect(c.image).toBe('docker.io/vllm/vllm-tpu:nightly-20260430-18ed615-5b39b26');
        expect(c.imagePullPolicy).toBe('IfNotPresent');
        expect(c.resources).toEqual({
          limits: { 'google.com/tpu': '4', memory: '850Gi', cpu: '220' },
          requests: { 'google.com/tpu': '4', memory: '850Gi', cpu: '220' },
        });
        expect(c.volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }, { name: 'gcs-fuse-csi-ephemeral', mountPath: '/data' }]);
        expect(c.env.map((e: Json) => e.name)).toEqual([
          'HF_TOKEN', 'HF_HOME', 'TPU_MULTIHOST_BACKEND', 'SKIP_JAX_PRECOMPILE', 'TPU_NODE_ID', 'JAX_PLATFORMS', 'MODEL_IMPL_TYPE',
          'TPU_BACKEND_TYPE', 'PJRT_DEVICE', 'USE_MOE_EP_KERNEL', 'VLLM_DISABLE_SHARED_EXPERTS_STREAM', 'VLLM_LOGGING_LEVEL', 'VLLM_MLA_DISABLE',
          'VLLM_ENGINE_CLIENT_STARTUP_TIMEOUT', 'USE_BATCHED_RPA_KERNEL', 'RAY_RESERVE_CPU_FOR_RAYLET', 'RAY_heartbeat_timeout_milliseconds',
          'RAY_initial_reconstruction_timeout_milliseconds', 'RAY_external_storage_heartbeat_timeout_ms', 'RAY_grpc_server_thread_pool_size',
          'RAY_max_pending_lease_requests_per_scheduling_category', 'RAY_rpc_server_listen_quiet_period_ms', 'RAY_gcs_server_request_timeout_seconds',
          'TPU_SIDE_CHANNEL_PORT', 'TPU_KV_TRANSFER_PORT', 'VLLM_XLA_CACHE_PATH',
        ]);
        const env = Object.fromEntries(c.env.map((e: Json) => [e.name, e.value ?? e.valueFrom]));
        expect(env).toMatchObject({
          HF_TOKEN: { secretKeyRef: { name: 'llm-d-hf-token', key: 'HF_TOKEN' } }, HF_HOME: '/usr/vllm', TPU_MULTIHOST_BACKEND: 'ray',
          SKIP_JAX_PRECOMPILE: '1', TPU_NODE_ID: '$(LWS_WORKER_INDEX)', JAX_PLATFORMS: '', MODEL_IMPL_TYPE: 'vllm', TPU_BACKEND_TYPE: 'jax',
          PJRT_DEVICE: 'TPU', USE_MOE_EP_KERNEL: '0', VLLM_DISABLE_SHARED_EXPERTS_STREAM: '1', VLLM_LOGGING_LEVEL: 'DEBUG', VLLM_MLA_DISABLE: '1',
          VLLM_ENGINE_CLIENT_STARTUP_TIMEOUT: '1800', USE_BATCHED_RPA_KERNEL: '0', RAY_RESERVE_CPU_FOR_RAYLET: '1',
          RAY_heartbeat_timeout_milliseconds: '300000', RAY_initial_reconstruction_timeout_milliseconds: '300000',
          RAY_external_storage_heartbeat_timeout_ms: '60000', RAY_grpc_server_thread_pool_size: '100',
          RAY_max_pending_lease_requests_per_scheduling_category: '1000', RAY_rpc_server_listen_quiet_period_ms: '3600000',
          RAY_gcs_server_request_timeout_seconds: '3600', TPU_SIDE_CHANNEL_PORT: '9600', TPU_KV_TRANSFER_PORT: '9100',
          VLLM_XLA_CACHE_PATH: '${jsonencode("gs://${var.model_bucket}/xla_cache")}',
        });
      }
    }
  });

  test('leaders start the Ray head and vllm serve with the Run:ai streamer and TPUConnectorHMA; workers join Ray', () => {
    const prefillLeader = prefill.spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0];
    const decodeLeader = decode.spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0];
    expect(prefillLeader.name).toBe('vllm-leader');
    expect(prefillLeader.command.slice(0, 2)).toEqual(['sh', '-c']);
    const serve = (role: string, port: number) => 'vllm serve --model=gs://${var.model_bucket}/models--Qwen--Qwen3.5-397B-A17B-FP8/snapshots/ea5b4f81096f3901c91dea97f81324302495781d'
      + ' --load-format=runai_streamer --served-model-name=Qwen/Qwen3.5-397B-A17B-FP8 --max-model-len=9216 --max-num-batched-tokens=8192'
      + ' --max-num-seqs=512 --tensor-parallel-size=16 --language-model-only --limit-mm-per-prompt \'{"image": 0, "video": 0}\''
      + ' --kv-cache-dtype=fp8 --enable-expert-parallel --no-disable-hybrid-kv-cache-manager'
      + ` --kv-transfer-config '{"kv_connector":"TPUConnectorHMA","kv_connector_module_path":"tpu_inference.distributed.tpu_connector_hma","kv_role":"${role}"}'`
      + ` --port=${port} --disable-access-log-for-endpoints=/health,/metrics,/v1/models`;
    const leader = (role: string, port: number) => [
      'chmod +x /workspace/vllm/examples/online_serving/multi-node-serving.sh',
      'bash /workspace/vllm/examples/online_serving/multi-node-serving.sh leader --ray_cluster_size=$(LWS_GROUP_SIZE) --ray_init_timeout=1800',
      serve(role, port), '',
    ].join('\n');
    expect(script(prefillLeader.command[2])).toBe(leader('kv_producer', 8000));
    expect(script(decodeLeader.command[2])).toBe(leader('kv_consumer', 8200));
    const worker = prefill.spec.leaderWorkerTemplate.workerTemplate.spec.containers[0];
    expect(worker.name).toBe('vllm-worker');
    expect(worker.command).toEqual(['sh', '-c', [
      'chmod +x /workspace/vllm/examples/online_serving/multi-node-serving.sh',
      '/workspace/vllm/examples/online_serving/multi-node-serving.sh worker --ray_address=$(LWS_LEADER_ADDRESS) --ray_init_timeout=1800', '',
    ].join('\n')]);
    expect(prefillLeader.ports).toEqual([
      { containerPort: 8000, name: 'modelserver' }, { containerPort: 9100, name: 'tpu-kv-transfer' }, { containerPort: 9600, name: 'tpu-pd-coord' }]);
    expect(decodeLeader.ports).toEqual([
      { containerPort: 8200, name: 'vllm' }, { containerPort: 9100, name: 'tpu-kv-transfer' }, { containerPort: 9600, name: 'tpu-pd-coord' }]);
    expect(worker.ports).toEqual([{ containerPort: 9100, name: 'tpu-kv-transfer' }, { containerPort: 9600, name: 'tpu-pd-coord' }]);
  });

  test('the decode leader has the routing sidecar as a native sidecar; prefill has none', () => {
    expect(decode.spec.leaderWorkerTemplate.leaderTemplate.spec.initContainers).toEqual([{
      name: 'routing-proxy',
      image: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.8.0',
      imagePullPolicy: 'Always',
      args: ['--port=8000', '--vllm-port=8200', '--connector=nixlv2', '--zap-log-level=1', '--secure-proxy=false'],
      ports: [{ containerPort: 8000, name: 'modelserver', protocol: 'TCP' }],
      resources: {},
      restartPolicy: 'Always',
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true },
    }]);
    expect(prefill.spec.leaderWorkerTemplate.leaderTemplate.spec.initContainers).toBeUndefined();
    expect(decode.spec.leaderWorkerTemplate.workerTemplate.spec.initContainers).toBeUndefined();
  });

  test('namespace, Hugging Face token Secret from a sensitive variable, KSA gcs-fuse-ksa', () => {
    expect(resourceNamed(json, 'kubernetes_secret_v1', 'llm-d-hf-token').metadata).toEqual({ name: 'llm-d-hf-token', namespace: '${var.namespace}' });
    expect(objectNamed(json, 'ServiceAccount', 'gcs-fuse-ksa').metadata).toEqual({ name: 'gcs-fuse-ksa', namespace: '${jsonencode(var.namespace)}' });
    // No default: the seed's "model-weights" is a global bucket name the user does not own.
    expect(json.variable.model_bucket).not.toHaveProperty('default');
  });

  test('bucket IAM: bucketViewer and objectUser for the Workload Identity principal, with the project number', () => {
    const grants = resources(json, 'google_storage_bucket_iam_member').map(([, r]) => r);
    expect(grants.map((g) => g.role)).toEqual(['roles/storage.bucketViewer', 'roles/storage.objectUser']);
    const project = Object.keys(json.data.google_project)[0];
    for (const g of grants) {
      expect(g.bucket).toBe('${var.model_bucket}');
      expect(g.member).toBe(`principal://iam.googleapis.com/projects/\${data.google_project.${project}.number}/locations/global/workloadIdentityPools/\${var.project_id}.svc.id.goog/subject/ns/\${var.namespace}/sa/gcs-fuse-ksa`);
    }
    expect(json.data.google_project[project].project_id).toBe('${var.project_id}');
  });

  test('GAIE v1.5.0 CRDs from the vendored files (no download); GKE owns the GA InferencePool CRD at 1.36, so only the alpha ones', () => {
    const http = Object.values(json.data.http as Record<string, Json>).map((d) => d.url);
    expect(http.filter((u) => u.includes('gateway-api-inference-extension'))).toEqual([]);
    expect(helmValues(json, 'gaie-crds').manifests.map((m: string) => /\n  name: (\S+)\n/.exec(m)![1])).toEqual([
      'inferencemodelrewrites.inference.networking.x-k8s.io', 'inferenceobjectives.inference.networking.x-k8s.io',
      'inferencepoolimports.inference.networking.x-k8s.io',
    ]);
    expect(resourceNamed(json, 'helm_release', 'gaie-crds').chart).toContain('K8sObjectsChart');
  });

  test('the slice controller manifest is pinned by the required variable slice_controller_sha256', () => {
    expect(json.variable.slice_controller_sha256).toMatchObject({ type: 'string', nullable: false });
    expect(json.variable.slice_controller_sha256.default).toBeUndefined();
    expect(json.variable.slice_controller_sha256.validation).toEqual([{
      condition: '${can(regex("^[0-9a-f]{64}$", var.slice_controller_sha256))}',
      error_message: 'slice_controller_sha256 must match 64 lowercase hex characters (sha256sum output).',
    }]);
    const [data] = Object.values(json.data.http as Record<string, Json>);
    expect(data.lifecycle.postcondition[1].condition).toBe('${sha256(self.response_body) == var.slice_controller_sha256}');
  });

  test('Gateway llm-d-inference-gateway: gke-l7-rilb, HTTP 80, routes from its own namespace only', () => {
    expect(objectNamed(json, 'Gateway', 'llm-d-inference-gateway')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'llm-d-inference-gateway', namespace: '${jsonencode(var.namespace)}' },
      spec: {
        gatewayClassName: 'gke-l7-rilb',
        listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    });
  });

  test('the llm-d router: pinned chart, provider gke, P/D profiles, pool on the leaders (llm-d.ai/guide + worker index 0) port 8000, HTTPRoute to the gateway', () => {
    const release = resourceNamed(json, 'helm_release', 'pd-disaggregation');
    expect(release).toMatchObject({ chart: 'llm-d-router-gateway', repository: 'oci://ghcr.io/llm-d/charts', version: 'v0.10.0', create_namespace: false });
    const values = helmValues(json, 'pd-disaggregation');
    expect(values.provider).toEqual({ name: 'gke' });
    expect(values.httpRoute).toEqual({ create: true, inferenceGatewayName: 'llm-d-inference-gateway', requestTimeout: '0s' });
    expect(values.router.modelServers).toEqual({
      type: 'vllm', protocol: 'http', targetPorts: [{ number: 8000 }],
      matchLabels: { 'llm-d.ai/guide': 'pd-disaggregation', 'leaderworkerset.sigs.k8s.io/worker-index': '0' },
    });
    expect(values.router.inferencePool).toEqual({ failureMode: 'FailOpen' });
    expect(values.router.epp).toMatchObject({
      replicas: 1, flags: { v: 2 }, pluginsConfigFile: 'pd-config.yaml',
      resources: { requests: { cpu: '4', memory: '8Gi' }, limits: { memory: '16Gi' } },
    });
    const picker = parse(values.router.epp.pluginsCustomConfig['pd-config.yaml']);
    expect(picker.apiVersion).toBe('llm-d.ai/v1alpha1');
    expect(picker.kind).toBe('EndpointPickerConfig');
    expect(picker.schedulingProfiles.map((p: Json) => [p.name, p.plugins.map((x: Json) => x.pluginRef)])).toEqual([
      ['prefill', ['prefill-filter', 'prefix-cache-affinity-filter', 'token-load-scorer', 'max-score-picker']],
      ['decode', ['decode-filter', 'active-request-scorer', 'max-score-picker']],
    ]);
    expect(picker.plugins[1]).toEqual({ type: 'disagg-profile-handler', parameters: { deciders: { prefill: 'always-disagg-pd-decider' } } });
  });

  test('order: CRDs before every part, gateway before the router, router and bucket IAM before the model servers', () => {
    expect(resourceNamed(json, 'helm_release', 'llm-d-inference-gateway').depends_on).toContain(addressOf(json, 'helm_release', 'gaie-crds'));
    const router = resourceNamed(json, 'helm_release', 'pd-disaggregation');
    expect(router.depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'gaie-crds'), addressOf(json, 'helm_release', 'llm-d-inference-gateway')]));
    const servers = resourceNamed(json, 'helm_release', 'pd-model-servers');
    expect(servers.depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'pd-disaggregation'), addressOf(json, 'helm_release', 'kueue-objects'),
      addressOf(json, 'helm_release', 'lws'), addressOf(json, 'kubernetes_secret_v1', 'llm-d-hf-token'),
      ...resources(json, 'google_storage_bucket_iam_member').map(([id]) => `google_storage_bucket_iam_member.${id}`),
    ]));
  });

  test('capacity: the sub-slicing JobSet (48) and the LWS pair (64) share the 128-chip ledger', () => {
    const stack = new SubslicingStack(Testing.app(), 'ledger');
    expect(stack.platform.pool.ledger.claims).toEqual([
      { name: 'kueue-jobset-simple-subslicing', chips: 48 },
      { name: 'kueue-vllm-prefill-model-streamer', chips: 32 },
      { name: 'kueue-vllm-decode-model-streamer', chips: 32 },
    ]);
    expect(stack.platform.pool.ledger.remaining).toBe(16);
  });

  test('more groups than the cubes hold fail at synth time, naming the earlier claims', () => {
    expect(errorOf(() => new SubslicingStack(Testing.app(), 'big', { pdServing: { prefillReplicas: 6, decodeReplicas: 5 } }))).toBe(
      'Workload "kueue-vllm-decode-model-streamer" on SuperslicePool "Superslice" (2 x 4x4x4 cubes) (128 chips) needs 40 TPU chips but only 32 remain '
      + '(already claimed: kueue-jobset-simple-subslicing: 48, kueue-vllm-prefill-model-streamer: 48). Allowed: at most 32 chips. '
      + 'Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('tensor parallelism must use the slice TensorCores (2 per tpu7x chip)', () => {
    expect(errorOf(() => new SubslicingStack(Testing.app(), 'tp', { pdServing: { model: Seed000.QWEN3_5_397B_A17B_FP8.with({ tensorParallelSize: 8 }) } }))).toBe(
      'Tensor parallel size 8 of "kueue-vllm-prefill-model-streamer" does not match its 8 tpu7x chips per replica (16 TensorCores). '
      + 'Allowed: 16 (chips per replica x TensorCores per chip). Fix: set the tensor parallel size to 16, or give each replica 8 TensorCores');
  });

  test('group size x chips per pod must equal the slice chips', () => {
    expect(errorOf(() => new SubslicingStack(Testing.app(), 'size', { pdServing: { groupSize: 3 } }))).toBe(
      'Workload "kueue-vllm-prefill-model-streamer" runs 3 pods x 4 chips = 12 chips on a 2x2x2 slice of 8 chips. '
      + 'Allowed: pods x chips per pod = 8. Fix: use 2 pods of 4 chips (one pod per TPU VM)');
  });

  test('an existing Secret is referenced, not created; pdServing false leaves the serving out', () => {
    const existing = synth(new SubslicingStack(Testing.app(), 'existing', { pdServing: { existingHfTokenSecret: true } }));
    expect(resources(existing, 'kubernetes_secret_v1')).toHaveLength(0);
    expect(existing.variable.hf_token).toBeUndefined();
    const without = synth(new SubslicingStack(Testing.app(), 'without', { pdServing: false }));
    expect(resources(without, 'helm_release').map(([, r]) => r.name)).not.toContain('pd-model-servers');
    expect(without.variable.model_bucket).toBeUndefined();
  });

  test('a canary token passed as TF_VAR_hf_token never reaches the output', () => {
    expectNoCanary((app) => new SubslicingStack(app, 'subslicing'));
  });
});

describe('llm-d-pd stack (seed 002)', () => {
  const json = synth(new LlmdPdStack(Testing.app(), 'llm-d-pd'));

  test('cluster prepared as llm-d asks: Gateway API, managed Prometheus with auto-monitoring, Workload Identity, proxy-only subnet', () => {
    const cluster = resources(json, 'google_container_cluster')[0][1];
    expect(cluster).toMatchObject({
      name: 'llm-d-pd-cluster', location: '${local.region}',
      release_channel: { channel: 'RAPID' },
      gateway_api_config: { channel: 'CHANNEL_STANDARD' },
      monitoring_config: { managed_prometheus: { enabled: true, auto_monitoring_config: { scope: 'ALL' } } },
      workload_identity_config: { workload_pool: '${var.project_id}.svc.id.goog' },
    });
    // The Rapid default (seed 003 sets no version); GKE installs the InferencePool CRD from 1.34.0-gke.1626000 on.
    expect(cluster.min_master_version).toBeUndefined();
    expect(cluster.lifecycle.precondition.map((c: Json) => c.error_message.split(' needs ')[0])).toEqual(['the GKE-managed InferencePool CRD (inference.networking.k8s.io/v1)']);
    expect(cluster.lifecycle.precondition[0].condition).toMatch(/release_channel_default_version, "RAPID", ""\)\)\] : .* >= 1000034000000000001626000, false\)\}$/);
    const proxy = resourceNamed(json, 'google_compute_subnetwork', 'llm-d-pd-proxy');
    expect(proxy).toMatchObject({ purpose: 'REGIONAL_MANAGED_PROXY', role: 'ACTIVE', ip_cidr_range: '172.16.0.0/26' });
    expect(resourceNamed(json, 'google_container_node_pool', 'system-pool').node_config.machine_type).toBe('e2-standard-8');
  });

  test('one ct6e-standard-8t pool sized for 1 decode + 2 prefill replicas (3 single-host 2x4 nodes, no placement policy)', () => {
    const pool = resourceNamed(json, 'google_container_node_pool', 'tpu-v6e-2x4');
    expect(pool.node_config.machine_type).toBe('ct6e-standard-8t');
    expect(pool.node_count).toBe(3);
    expect(pool.node_locations).toEqual(['${var.zone}']);
    expect(pool.placement_policy).toBeUndefined();
  });

  test('namespace llm-d-pd and Secret llm-d-hf-token (key HF_TOKEN)', () => {
    expect(json.variable.namespace.default).toBe('llm-d-pd');
    expect(resourceNamed(json, 'kubernetes_namespace_v1', '${var.namespace}')).toBeDefined();
    expect(resourceNamed(json, 'kubernetes_secret_v1', 'llm-d-hf-token').data_wo).toEqual({ HF_TOKEN: '${var.hf_token}' });
  });

  test('the three releases of llm-d v0.6.0 with the seed names, charts and repositories', () => {
    expect(resourceNamed(json, 'helm_release', 'infra-pd')).toMatchObject({
      chart: 'llm-d-infra', repository: 'https://llm-d-incubation.github.io/llm-d-infra/', version: 'v1.4.0', namespace: '${var.namespace}' });
    expect(resourceNamed(json, 'helm_release', 'gaie-pd')).toMatchObject({
      chart: 'inferencepool', repository: 'oci://registry.k8s.io/gateway-api-inference-extension/charts', version: 'v1.4.0' });
    expect(resourceNamed(json, 'helm_release', 'ms-pd')).toMatchObject({
      chart: 'llm-d-modelservice', repository: 'https://llm-d-incubation.github.io/llm-d-modelservice/', version: 'v0.4.9' });
    // The chart's only GKE provider; the Gateway's class is the internal one, routes from the namespace only.
    expect(helmValues(json, 'infra-pd').gateway).toEqual({
      provider: 'gke-l7-regional-external-managed',
      gatewayClassName: 'gke-l7-rilb',
      listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    // Model loading can outlast a Helm timeout: apply does not wait for the vLLM pods.
    expect(resourceNamed(json, 'helm_release', 'ms-pd')).toMatchObject({ wait: false, timeout: 600 });
  });

  test('helmfile needs: gaie after infra, ms after both; ms also after its TPU pool (destroyed before it)', () => {
    expect(resourceNamed(json, 'helm_release', 'gaie-pd').depends_on).toContain(addressOf(json, 'helm_release', 'infra-pd'));
    expect(resourceNamed(json, 'helm_release', 'ms-pd').depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'infra-pd'), addressOf(json, 'helm_release', 'gaie-pd'), addressOf(json, 'kubernetes_secret_v1', 'llm-d-hf-token'),
      addressOf(json, 'google_container_node_pool', 'tpu-v6e-2x4')]));
  });

  test('gaie-pd: llm-d inference scheduler v0.7.0, prefix-based P/D decider, pool on the llm-d labels, provider gke', () => {
    const v = helmValues(json, 'gaie-pd');
    expect(v.inferenceExtension.image).toEqual({ name: 'llm-d-inference-scheduler', hub: 'ghcr.io/llm-d', tag: 'v0.7.0', pullPolicy: 'Always' });
    expect(v.inferenceExtension.monitoring).toEqual({ interval: '10s', prometheus: { enabled: true, auth: { secretName: 'pd-gateway-sa-metrics-reader-secret' } } });
    expect(v.inferencePool).toEqual({
      targetPorts: [{ number: 8000 }], targetPortNumber: 8000, modelServerType: 'vllm',
      modelServers: { matchLabels: { 'llm-d.ai/inference-serving': 'true', 'llm-d.ai/guide': 'pd-disaggregation' } },
    });
    expect(v.provider).toEqual({ name: 'gke' });
    const picker = parse(v.inferenceExtension.pluginsCustomConfig['pd-config.yaml']);
    expect(picker.featureGates).toEqual(['prepareDataPlugins']);
    expect(picker.plugins.find((p: Json) => p.type === 'prefix-based-pd-decider')).toEqual({ type: 'prefix-based-pd-decider', parameters: { nonCachedTokens: 16 } });
  });

  test('ms-pd: Llama-3.3-70B-Instruct, 1 decode + 2 prefill at TP 8 on tpu-v6e-slice 2x4, TPUConnector, sidecar v0.7.1', () => {
    const v = helmValues(json, 'ms-pd');
    expect(v.multinode).toBe(false);
    expect(v.accelerator).toEqual({ type: 'google' });
    expect(v.modelArtifacts).toEqual({
      uri: 'hf://meta-llama/Llama-3.3-70B-Instruct', size: '200Gi', authSecretName: 'llm-d-hf-token', name: 'meta-llama/Llama-3.3-70B-Instruct',
      labels: {
        'llm-d.ai/inference-serving': 'true', 'llm-d.ai/guide': 'pd-disaggregation', 'llm-d.ai/hardware-variant': 'tpu',
        'llm-d.ai/hardware-vendor': 'google', 'llm-d.ai/model': 'Llama-3.3-70B-Instruct',
      },
    });
    expect(v.routing).toEqual({ servicePort: 8000, proxy: { image: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.7.1', connector: 'nixlv2', secure: false } });
    for (const [role, replicas, kv] of [['decode', 1, 'kv_both'], ['prefill', 2, 'kv_producer']] as const) {
      expect(v[role]).toMatchObject({
        parallelism: { tensor: 8 }, create: true, replicas,
        extraConfig: { nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '2x4' } },
      });
      const c = v[role].containers[0];
      expect(c).toMatchObject({ name: 'vllm', image: 'vllm/vllm-tpu:v0.13.2', modelCommand: 'vllmServe', mountModelVolume: true });
      expect(c.args).toEqual(['--tensor-parallel-size', '8', '--kv-transfer-config',
        `{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"${kv}","kv_ip":"$(POD_IP)"}`,
        '--disable-uvicorn-access-log', '--max-model-len', '32000']);
      expect(c.resources).toEqual({ limits: { memory: '64Gi', cpu: '16' }, requests: { memory: '64Gi', cpu: '16' } });
      expect(c.ports).toEqual([
        { containerPort: 8000, name: 'vllm', protocol: 'TCP' }, { containerPort: 9100, name: 'tpu-kv-transfer', protocol: 'TCP' },
        { containerPort: 9600, name: 'tpu-pd-coord', protocol: 'TCP' }]);
    }
  });

  test('HTTPRoute llm-d-pd-disaggregation: path / from infra-pd-inference-gateway to InferencePool gaie-pd', () => {
    expect(objectNamed(json, 'HTTPRoute', 'llm-d-pd-disaggregation').spec).toEqual({
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'infra-pd-inference-gateway' }],
      rules: [{
        backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'gaie-pd', weight: 1 }],
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      }],
    });
    expect(resourceNamed(json, 'helm_release', 'llm-d-pd-disaggregation').depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'infra-pd'), addressOf(json, 'helm_release', 'gaie-pd')]));
  });

  test('the pool grows with the replicas (one per node), and every replica claims its 8 chips', () => {
    const stack = new LlmdPdStack(Testing.app(), 'ok');
    expect(stack.pool.ledger.claims).toEqual([{ name: 'ms-pd-prefill', chips: 16 }, { name: 'ms-pd-decode', chips: 8 }]);
    expect(stack.pool.ledger.remaining).toBe(0);
    const bigger = new LlmdPdStack(Testing.app(), 'bigger', { prefillReplicas: 3, decodeReplicas: 2 });
    expect(bigger.pool.capacity.chips).toBe(40);
    expect(bigger.pool.ledger.claims).toEqual([{ name: 'ms-pd-prefill', chips: 24 }, { name: 'ms-pd-decode', chips: 16 }]);
  });

  test('a tensor parallel size that does not use the VM fails at synth time', () => {
    expect(errorOf(() => new LlmdPdStack(Testing.app(), 'tp', { tensorParallelSize: 16 }))).toBe(
      'Workload "ms-pd-prefill" asks for 16 TPU chips per pod but a ct6e-standard-8t node has 8. Allowed: a divisor of 8. '
      + 'Fix: request at most 8 chips per pod, or use a machine type with more chips per VM');
  });

  test('a canary token passed as TF_VAR_hf_token never reaches the output', () => {
    expectNoCanary((app) => new LlmdPdStack(app, 'llm-d-pd'));
  });

  test('the internal gateway by default; the guide\'s external class and NetworkPolicies only on request', () => {
    const base = synth(new LlmdPdStack(Testing.app(), 'llm-d-pd'));
    expect(base.output.gateway_address_command.description).toBe('Prints the internal IP of the inference gateway (plain HTTP, reachable from inside the VPC only).');
    expect(resources(base, 'helm_release').map(([, r]) => r.name)).not.toContain('network-policy');
    const json = synth(new LlmdPdStack(Testing.app(), 'ext', { gatewayClass: GkeGatewayClass.L7_REGIONAL_EXTERNAL_MANAGED, networkPolicies: true }));
    expect(helmValues(json, 'infra-pd').gateway.gatewayClassName).toBe('gke-l7-regional-external-managed');
    expect(json.output.gateway_address_command.description).toBe(
      'Prints the external IP of the inference gateway (plain HTTP, reachable from the internet: restrict it with a Cloud Armor policy or use GkeGatewayClass.L7_RILB).');
    expect(objectNamed(json, 'NetworkPolicy', 'allow-load-balancers').spec.ingress[0].from[0].ipBlock.cidr)
      .toMatch(/^\$\{jsonencode\(google_compute_subnetwork\.Network_ProxySubnet_[0-9A-F]+\.ip_cidr_range\)\}$/);
  });
});

describe('qwen-pd stack (seed 003)', () => {
  const json = synth(new QwenPdStack(Testing.app(), 'qwen-pd'));

  test('network qwen-pd (not the seed\'s qwen-serving, which subslicing keeps): MTU 8896, 10.10.0.0/18, proxy-only 172.16.0.0/26, allow-internal', () => {
    expect(resourceNamed(json, 'google_compute_network', 'qwen-pd-main')).toMatchObject({ mtu: 8896, routing_mode: 'REGIONAL', auto_create_subnetworks: false });
    // Custom mode and private Google access: documented deviations from the seed's auto-mode network.
    expect(resourceNamed(json, 'google_compute_subnetwork', 'qwen-pd-tpu')).toMatchObject({ ip_cidr_range: '10.10.0.0/18', private_ip_google_access: true });
    expect(resources(json, 'google_compute_subnetwork')).toHaveLength(2);
    expect(resourceNamed(json, 'google_compute_subnetwork', 'qwen-pd-proxy')).toMatchObject({ ip_cidr_range: '172.16.0.0/26', purpose: 'REGIONAL_MANAGED_PROXY', role: 'ACTIVE' });
    expect(resourceNamed(json, 'google_compute_firewall', 'qwen-pd-allow-internal')).toMatchObject({
      source_ranges: ['172.16.0.0/12', '10.0.0.0/8'], allow: [{ protocol: 'all' }] });
  });

  test('cluster as seed §4: regional, Rapid, e2-standard-4 x 1, Gateway API, Prometheus, Dataplane V2 + metrics, Workload Identity, add-ons', () => {
    const cluster = resources(json, 'google_container_cluster')[0][1];
    expect(cluster).toMatchObject({
      name: 'qwen-serving-cluster', location: '${local.region}', release_channel: { channel: 'RAPID' },
      networking_mode: 'VPC_NATIVE', datapath_provider: 'ADVANCED_DATAPATH',
      gateway_api_config: { channel: 'CHANNEL_STANDARD' },
      monitoring_config: { managed_prometheus: { enabled: true }, advanced_datapath_observability_config: { enable_metrics: true } },
      workload_identity_config: { workload_pool: '${var.project_id}.svc.id.goog' },
      addons_config: {
        http_load_balancing: { disabled: false }, horizontal_pod_autoscaling: { disabled: false }, gcs_fuse_csi_driver_config: { enabled: true },
        dns_cache_config: { enabled: true }, ray_operator_config: [{ enabled: true }],
      },
    });
    expect(resourceNamed(json, 'google_container_node_pool', 'system-pool')).toMatchObject({ node_count: 1, node_config: { machine_type: 'e2-standard-4' } });
  });

  test('eight pools tpu-v6e-single-1..8: ct6e-standard-4t, 1 node, one zone, specific reservation, GKE_METADATA, no topology', () => {
    for (let i = 1; i <= 8; i++) {
      const pool = resourceNamed(json, 'google_container_node_pool', `tpu-v6e-single-${i}`);
      expect(pool).toMatchObject({
        node_count: 1, node_locations: ['${var.zone}'],
        node_config: {
          machine_type: 'ct6e-standard-4t', workload_metadata_config: { mode: 'GKE_METADATA' },
          reservation_affinity: { consume_reservation_type: 'SPECIFIC_RESERVATION', key: 'compute.googleapis.com/reservation-name', values: ['${var.reservation_name}'] },
        },
      });
      expect(pool.placement_policy).toBeUndefined();
    }
    expect(resources(json, 'google_container_node_pool')).toHaveLength(9);
  });

  test('namespace default is adopted, not created; Secret llm-d-hf-token with the key the chart reads', () => {
    expect(json.variable.namespace.default).toBe('default');
    expect(resources(json, 'kubernetes_namespace_v1')[0][1].count).toBe('${contains(["default", "kube-system", "kube-public", "kube-node-lease"], var.namespace) ? 0 : 1}');
    expect(resourceNamed(json, 'kubernetes_secret_v1', 'llm-d-hf-token').data_wo).toEqual({ HF_TOKEN: '${var.hf_token}' });
  });

  test('ms-pd values: the seed values_tpu.yaml as typed config', () => {
    const v = helmValues(json, 'ms-pd');
    expect(v.modelArtifacts).toEqual({
      uri: 'hf://Qwen/Qwen3-32B', size: '200Gi', authSecretName: 'llm-d-hf-token', name: 'Qwen/Qwen3-32B',
      labels: {
        'llm-d.ai/inference-serving': 'true', 'llm-d.ai/guide': 'pd-disaggregation', 'llm-d.ai/hardware-variant': 'tpu',
        'llm-d.ai/hardware-vendor': 'google', 'llm-d.ai/model': 'Qwen3-32B',
      },
    });
    expect(v.tracing).toEqual({ enabled: true, otlpEndpoint: 'localhost:4317', serviceNames: { routingProxy: 'routing-proxy' }, sampling: { sampler: 'always_off', samplerArg: '0' } });
    expect(v.routing).toEqual({ servicePort: 8000, proxy: { image: 'ghcr.io/llm-d/llm-d-routing-sidecar:v0.5.0', connector: 'nixlv2', secure: false } });
    for (const role of ['decode', 'prefill']) {
      const r = v[role];
      expect(r).toMatchObject({
        parallelism: { tensor: 4 }, create: true, replicas: 4,
        extraConfig: { nodeSelector: { 'cloud.google.com/gke-tpu-accelerator': 'tpu-v6e-slice', 'cloud.google.com/gke-tpu-topology': '2x2' } },
        monitoring: { podmonitor: { enabled: false, portName: 'vllm', path: '/metrics', interval: '30s' } },
        volumes: [{ name: 'metrics-volume', emptyDir: {} }, { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }, { name: 'torch-compile-cache', emptyDir: {} }],
      });
      const c = r.containers[0];
      expect(c).toMatchObject({ name: 'vllm', image: 'vllm/vllm-tpu:v0.13.2', modelCommand: 'custom', mountModelVolume: true });
      expect(c.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
      expect(c.env).toEqual([
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'TPU_SIDE_CHANNEL_PORT', value: '9600' }, { name: 'TPU_KV_TRANSFER_PORT', value: '9100' }]);
      expect(c.resources).toEqual({
        limits: { memory: '64Gi', cpu: '16', 'google.com/tpu': '4' }, requests: { memory: '64Gi', cpu: '16', 'google.com/tpu': '4' } });
      expect(c.volumeMounts).toEqual([
        { name: 'metrics-volume', mountPath: '/.config' }, { name: 'shm', mountPath: '/dev/shm' }, { name: 'torch-compile-cache', mountPath: '/.cache' }]);
      expect(c.startupProbe).toEqual({ httpGet: { path: '/health', port: 'vllm' }, initialDelaySeconds: 15, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 120 });
      expect(c.livenessProbe).toEqual({ httpGet: { path: '/health', port: 'vllm' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
      expect(c.readinessProbe).toEqual({ httpGet: { path: '/v1/models', port: 'vllm' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 });
    }
    expect(v.decode.containers[0].ports).toEqual([
      { containerPort: 8200, name: 'vllm', protocol: 'TCP' }, { containerPort: 9100, name: 'tpu-kv-transfer', protocol: 'TCP' },
      { containerPort: 9600, name: 'tpu-coord', protocol: 'TCP' }]);
    expect(v.prefill.containers[0].ports[0]).toEqual({ containerPort: 8000, name: 'vllm', protocol: 'TCP' });
  });

  test('vLLM commands: TPUConnector consumer on 8200 (decode) and producer (prefill) with the seed flags', () => {
    const v = helmValues(json, 'ms-pd');
    expect(v.decode.containers[0].command[2]).toBe([
      '# decode: kv_consumer of the KV cache',
      'KV_CONFIG=\'{"kv_connector":"TPUConnector","kv_connector_module_path":"tpu_inference.distributed.tpu_connector","kv_role":"kv_consumer","kv_ip":"$(POD_IP)"}\'',
      'echo "KV_CONFIG=$KV_CONFIG"',
      'python3 -m vllm.entrypoints.openai.api_server \\\n  --model "Qwen/Qwen3-32B" \\\n  --port 8200 \\\n  --tensor-parallel-size 4 \\\n  --kv-transfer-config "$KV_CONFIG" \\\n'
        + '  --disable-uvicorn-access-log \\\n  --max-num-seqs 256 \\\n  --block-size 128 \\\n  --gpu-memory-utilization 0.90 \\\n  --max-model-len 8192',
      '',
    ].join('\n'));
    const prefill = v.prefill.containers[0].command[2];
    expect(prefill).toContain('"kv_role":"kv_producer"');
    expect(prefill).toContain('--port 8000 \\\n  --tensor-parallel-size 4 \\\n  --kv-transfer-config "$KV_CONFIG" \\\n  --disable-uvicorn-access-log \\\n  --enable-chunked-prefill \\\n');
  });

  test('ms-pd waits for all eight TPU pools, so destroy removes the servers before their nodes', () => {
    const deps = resourceNamed(json, 'helm_release', 'ms-pd').depends_on;
    for (let i = 1; i <= 8; i++) expect(deps).toContain(addressOf(json, 'google_container_node_pool', `tpu-v6e-single-${i}`));
  });

  test('gaie-pd fits the e2-standard-4 system nodes; HTTPRoute to infra-pd-inference-gateway', () => {
    expect(helmValues(json, 'gaie-pd').inferenceExtension.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '8Gi' } });
    expect(objectNamed(json, 'HTTPRoute', 'llm-d-pd-disaggregation').spec.parentRefs[0].name).toBe('infra-pd-inference-gateway');
  });

  test('capacity: 4 x 4 prefill + 4 x 4 decode = all 32 chips of the eight pools', () => {
    const stack = new QwenPdStack(Testing.app(), 'cap');
    expect(stack.pools.capacity.chips).toBe(32);
    expect(stack.pools.ledger.claims).toEqual([{ name: 'ms-pd-prefill', chips: 16 }, { name: 'ms-pd-decode', chips: 16 }]);
    expect(errorOf(() => new QwenPdStack(Testing.app(), 'big', { decodeReplicas: 5 }))).toBe(
      'Workload "ms-pd-decode" on tpu-v6e-single pools (8 pools) (32 chips) needs 20 TPU chips but only 16 remain (already claimed: ms-pd-prefill: 16). '
      + 'Allowed: at most 16 chips. Fix: shrink the workload, add node pools (cubes), or remove another workload from the stack');
  });

  test('TP must equal the chips per replica; the node selector topology must be a pool that exists', () => {
    expect(errorOf(() => new QwenPdStack(Testing.app(), 'tp', { tensorParallelSize: 8 }))).toBe(
      'Tensor parallel size 8 of "ms-pd-prefill" does not match its 4 v6e chips per replica (4 TensorCores). '
      + 'Allowed: 4 (chips per replica x TensorCores per chip). Fix: set the tensor parallel size to 4, or give each replica 8 TensorCores');
    expect(errorOf(() => new QwenPdStack(Testing.app(), 'pool', { machineType: 'ct6e-standard-8t', chipsPerReplica: 8, tensorParallelSize: 8, prefillReplicas: 2, decodeReplicas: 2 }))).toBe(
      'Node selector cloud.google.com/gke-tpu-topology="2x2" of "ms-pd-prefill" matches no node pool of the platform. Allowed: "2x4". '
      + 'Fix: select "2x4", or add node pools with cloud.google.com/gke-tpu-topology="2x2"');
  });

  test('the benchmark Job is opt-in: ShareGPT, rate 80, 2000 prompts, waits for the gateway', () => {
    expect(resources(json, 'helm_release').map(([, r]) => r.name)).not.toContain('qwen3-pd-benchmark');
    const withBench = synth(new QwenPdStack(Testing.app(), 'bench', { benchmark: true }));
    const job = objectNamed(withBench, 'Job', 'qwen3-pd-benchmark');
    const c = job.spec.template.spec.containers[0];
    expect(c).toMatchObject({ name: 'llm-benchmark', image: 'vllm/vllm-openai:v0.13.0', command: ['/bin/bash', '-c'] });
    expect(job.spec.template.spec).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'qwen3-pd-benchmark', volumes: [{ name: 'dataset-volume', emptyDir: {} }] });
    expect(c.volumeMounts).toEqual([{ name: 'dataset-volume', mountPath: '/data' }]);
    expect(Object.fromEntries(c.env.map((e: Json) => [e.name, e.value ?? e.valueFrom]))).toEqual({
      NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } }, GATEWAY: 'infra-pd-inference-gateway', MODEL: 'Qwen/Qwen3-32B',
      DATASET_URL: 'https://huggingface.co/datasets/anon8231489123/ShareGPT_Vicuna_unfiltered/resolve/main/ShareGPT_V3_unfiltered_cleaned_split.json',
    });
    expect(c.args[0]).toContain('vllm bench serve --base-url "$BASE_URL" --model "$MODEL" --dataset-name sharegpt --dataset-path /data/sharegpt.json \\\n  --request-rate 80.0 --num-prompts 2000 --tokenizer "$MODEL"');
    expect(c.args[0]).toContain('until curl -s "$BASE_URL/v1/models" | grep -q "$MODEL"; do');
    expect(objectNamed(withBench, 'Role', 'qwen3-pd-benchmark').rules).toEqual([
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], resourceNames: ['infra-pd-inference-gateway'], verbs: ['get'] }]);
    expect(resourceNamed(withBench, 'helm_release', 'qwen3-pd-benchmark').depends_on).toEqual(expect.arrayContaining([
      addressOf(withBench, 'helm_release', 'ms-pd'), addressOf(withBench, 'helm_release', 'llm-d-pd-disaggregation')]));
  });

  test('a canary token passed as TF_VAR_hf_token never reaches the output', () => {
    expectNoCanary((app) => new QwenPdStack(app, 'qwen-pd', { benchmark: true }));
  });
});

describe('subslicing P/D deviations from the seed that keep traffic on serving pods', () => {
  const json = synth(new SubslicingStack(Testing.app(), 'subslicing'));

  test('leaders get a /health readiness probe on their vLLM port; workers (no server) get none', () => {
    for (const [name, port] of [['kueue-vllm-prefill-model-streamer', 'modelserver'], ['kueue-vllm-decode-model-streamer', 'vllm']] as const) {
      const lws = objectNamed(json, 'LeaderWorkerSet', name);
      expect(lws.spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0].readinessProbe).toEqual({
        httpGet: { path: '/health', port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3,
      });
      expect(lws.spec.leaderWorkerTemplate.workerTemplate.spec.containers[0].readinessProbe).toBeUndefined();
    }
  });
});
