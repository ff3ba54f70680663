import { CustomMetricsAdapter } from '../../lib/k8s/custom-metrics-adapter';
import { ServiceExposure } from '../../lib/k8s/service-exposure';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { fungibleTpuEnv } from '../../lib/serving/fungible/fungible-vllm-server';
import { tpuSliceShape } from '../../lib/tpu/tpu-machine-type';
import { addressOf, helmValues, objectNamed, resourceNamed, synth } from '../helpers/synth';
import { fungibilityFixture, fungibleClass, GPU_IMAGE, TPU_IMAGE, vllmServer } from './fungibility-fixture';

const HF_ENV = { name: 'HUGGING_FACE_HUB_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-secret', key: 'hf_api_token' } } };
const READY = { httpGet: { path: '/health', port: 8000 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };

describe('FungibleVllmServer on the seed tiers', () => {
  const f = fungibilityFixture();
  const cc = fungibleClass(f);
  const server = vllmServer(f, cc);
  const json = synth(f.stack);
  const deployment = objectNamed(json, 'Deployment', 'vllm');
  const pod = deployment.spec.template.spec;

  test('one replica of app=vllm on the class, tolerating both accelerator taints, one replica per node', () => {
    expect(deployment.metadata).toEqual({ name: 'vllm', namespace: 'serving' });
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({ matchLabels: { app: 'vllm' } });
    expect(deployment.spec.template.metadata).toEqual({ labels: { app: 'vllm' } });
    expect(pod.nodeSelector).toEqual({ 'cloud.google.com/compute-class': 'vllm-fallback' });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pod.affinity).toEqual({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'vllm' } }, topologyKey: 'kubernetes.io/hostname' }] } });
    expect(pod.volumes).toEqual([{ name: 'gpu', hostPath: { path: '/home/kubernetes/bin/nvidia', type: 'DirectoryOrCreate' } }]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['vllm-gpu', 'vllm-tpu']);
  });

  test('vllm-gpu as upstream: privileged, no GPU request, driver mounted, 43Gi ephemeral storage, TP 1, Qwen2-1.5B', () => {
    expect(pod.containers[0]).toEqual({
      name: 'vllm-gpu',
      image: GPU_IMAGE,
      args: ['--host=0.0.0.0', '--port=8000', '--tensor-parallel-size=1', '--model=Qwen/Qwen2-1.5B'],
      securityContext: { privileged: true },
      env: [HF_ENV],
      volumeMounts: [{ name: 'gpu', mountPath: '/usr/local/nvidia', readOnly: true }],
      resources: { limits: { 'ephemeral-storage': '43Gi' } },
      readinessProbe: READY,
    });
  });

  test('vllm-tpu as upstream: privileged, no TPU request, the v6e-1 runtime environment, max model length 8192', () => {
    expect(pod.containers[1]).toEqual({
      name: 'vllm-tpu',
      image: TPU_IMAGE,
      args: ['--host=0.0.0.0', '--port=8000', '--max-model-len=8192', '--model=Qwen/Qwen2-1.5B'],
      securityContext: { privileged: true },
      env: [
        HF_ENV,
        { name: 'TPU_TOPOLOGY', value: '1x1' },
        { name: 'TPU_WORKER_ID', value: '0' },
        { name: 'TPU_SKIP_MDS_QUERY', value: 'true' },
        { name: 'TPU_TOPOLOGY_WRAP', value: 'false,false,false' },
        { name: 'TPU_CHIPS_PER_HOST_BOUNDS', value: '1,1,1' },
        { name: 'TPU_ACCELERATOR_TYPE', value: 'v6e-1' },
        { name: 'TPU_RUNTIME_METRICS_PORTS', value: '8431' },
        { name: 'TPU_TOPOLOGY_ALT', value: 'false' },
        { name: 'CHIPS_PER_HOST_BOUNDS', value: '1,1,1' },
        { name: 'TPU_WORKER_HOSTNAMES', value: 'localhost' },
        { name: 'HOST_BOUNDS', value: '1,1,1' },
        { name: 'TPU_HOST_BOUNDS', value: '1,1,1' },
        { name: 'NODE_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
        { name: 'VBAR_CONTROL_SERVICE_URL', value: '$(NODE_IP):8353' },
      ],
      readinessProbe: READY,
    });
    for (const c of pod.containers) expect(JSON.stringify(c.resources ?? {})).not.toMatch(/google\.com\/tpu|nvidia\.com\/gpu/);
  });

  test('Service vllm-service: an internal LoadBalancer (GKE annotation) 80 -> 8000 by default', () => {
    expect(objectNamed(json, 'Service', 'vllm-service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'vllm-service', namespace: 'serving', annotations: { 'networking.gke.io/load-balancer-type': 'Internal' } },
      spec: { type: 'LoadBalancer', selector: { app: 'vllm' }, ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }] },
    });
    expect([server.serviceName, server.servicePort, server.modelId, server.exposure.kind]).toEqual(['vllm-service', 80, 'Qwen/Qwen2-1.5B', 'internal']);
  });

  test('an external LoadBalancer carries its source ranges and no internal annotation', () => {
    const f = fungibilityFixture();
    const s = vllmServer(f, fungibleClass(f), { exposure: ServiceExposure.externalLoadBalancer({ sourceRanges: ['203.0.113.0/24', '198.51.100.7/32'] }) });
    expect((s.service as any).metadata).toEqual({ name: 'vllm-service', namespace: 'serving' });
    expect((s.service as any).spec).toEqual({
      type: 'LoadBalancer', selector: { app: 'vllm' }, ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP' }],
      loadBalancerSourceRanges: ['203.0.113.0/24', '198.51.100.7/32'],
    });
  });

  test('the release waits for the class, the namespace and the secret, not for the rollout', () => {
    const release = resourceNamed(json, 'helm_release', 'vllm');
    expect(release.depends_on).toEqual(expect.arrayContaining([
      addressOf(json, 'helm_release', 'compute-class-vllm-fallback'),
      addressOf(json, 'kubernetes_namespace_v1', 'serving'),
      addressOf(json, 'kubernetes_secret_v1', 'hf-secret'),
    ]));
    expect(release.wait).toBe(false);
    expect(release.namespace).toBe('serving');
    expect(helmValues(json, 'vllm').objects.map((o: any) => o.kind)).toEqual(['Deployment']);
  });

  test('the Service has its own release that Terraform waits for (load balancer address on apply, its removal on destroy)', () => {
    const release = resourceNamed(json, 'helm_release', 'vllm-service');
    expect(release).toMatchObject({ namespace: 'serving', wait: true });
    expect(release.depends_on).toContain(addressOf(json, 'kubernetes_namespace_v1', 'serving'));
    expect(helmValues(json, 'vllm-service').objects.map((o: any) => o.kind)).toEqual(['Service']);
  });
});

describe('FungibleVllmServer options', () => {
  test('autoscaling: PodMonitoring on /metrics every 15s, HPA on vllm:num_requests_waiting up to the class capacity, no fixed replicas', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f);
    const adapter = new CustomMetricsAdapter(f.stack, 'Adapter', { cluster: f.cluster });
    vllmServer(f, cc, { autoscaling: { metricsAdapter: adapter } }, 'Scaled');
    const json = synth(f.stack);
    expect(resourceNamed(json, 'helm_release', 'vllm').depends_on).toContain(addressOf(json, 'helm_release', 'custom-metrics-stackdriver-adapter'));
    expect(objectNamed(json, 'Deployment', 'vllm').spec.replicas).toBeUndefined();
    expect(objectNamed(json, 'PodMonitoring', 'vllm-pod-monitoring').spec).toEqual({
      selector: { matchLabels: { app: 'vllm' } }, endpoints: [{ port: 8000, path: '/metrics', interval: '15s' }],
    });
    expect(objectNamed(json, 'HorizontalPodAutoscaler', 'vllm-hpa').spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'vllm' },
      minReplicas: 1,
      maxReplicas: 6,
      metrics: [{ type: 'Pods', pods: { metric: { name: 'prometheus.googleapis.com|vllm:num_requests_waiting|gauge' }, target: { type: 'AverageValue', averageValue: '1' } } }],
    });
  });

  test('autoscaling bounds and target are props', () => {
    const f = fungibilityFixture();
    const s = vllmServer(f, fungibleClass(f), { autoscaling: { minReplicas: 2, maxReplicas: 3, targetRequestsWaiting: '500m', scrapeInterval: '5s' } });
    const [pm, hpa] = s.autoscalingObjects as any[];
    expect(pm.spec.endpoints[0].interval).toBe('5s');
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.metrics[0].pods.target.averageValue]).toEqual([2, 3, '500m']);
  });

  test('names, ports, replicas, model, args; probes and anti-affinity can be turned off', () => {
    const f = fungibilityFixture();
    const s = vllmServer(f, fungibleClass(f), {
      name: 'qwen', serviceName: 'qwen-lb', exposure: ServiceExposure.clusterIp(), servicePort: 8080, port: 9000, replicas: 3, model: 'Qwen/Qwen2-7B',
      maxModelLen: 4096, tpuArgs: ['--enforce-eager'], gpuArgs: ['--dtype=half'], ephemeralStorageLimit: '80Gi', onePodPerNode: false, readinessProbe: false,
    });
    const d = s.deployment as any;
    const [gpu, tpu] = d.spec.template.spec.containers;
    expect([d.metadata.name, d.spec.replicas, d.spec.template.spec.affinity]).toEqual(['qwen', 3, undefined]);
    expect(gpu.args).toEqual(['--host=0.0.0.0', '--port=9000', '--tensor-parallel-size=1', '--model=Qwen/Qwen2-7B', '--dtype=half']);
    expect(tpu.args).toEqual(['--host=0.0.0.0', '--port=9000', '--max-model-len=4096', '--model=Qwen/Qwen2-7B', '--enforce-eager']);
    expect([gpu.name, tpu.name, gpu.readinessProbe, tpu.readinessProbe, gpu.resources]).toEqual(['qwen-gpu', 'qwen-tpu', undefined, undefined, { limits: { 'ephemeral-storage': '80Gi' } }]);
    expect((s.service as any).spec).toEqual({ type: 'ClusterIP', selector: { app: 'qwen' }, ports: [{ name: 'http', port: 8080, targetPort: 9000, protocol: 'TCP' }] });
    expect(s.release.releaseName).toBe('qwen');
  });

  test('a GPU-only class runs only the GPU container; a TPU-only class only the TPU container', () => {
    const f = fungibilityFixture();
    const gpuOnly = vllmServer(f, fungibleClass(f, { tiers: [CapacityTier.gpu({ name: 'l4x2', machineType: 'g2-standard-24' })] }), { tpuImage: undefined });
    const gpuPod = (gpuOnly.deployment as any).spec.template.spec;
    expect(gpuPod.containers.map((c: any) => c.name)).toEqual(['vllm-gpu']);
    expect(gpuPod.containers[0].args).toContain('--tensor-parallel-size=2');
    const g = fungibilityFixture();
    const tpuOnly = vllmServer(g, fungibleClass(g, { tiers: [CapacityTier.tpu({ name: 'v6e-4', machineType: 'ct6e-standard-4t' })] }), { gpuImage: undefined });
    const tpuPod = (tpuOnly.deployment as any).spec.template.spec;
    expect(tpuPod.containers.map((c: any) => c.name)).toEqual(['vllm-tpu']);
    expect(tpuPod.volumes).toBeUndefined();
    expect(tpuPod.tolerations).toEqual([{ key: 'google.com/tpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(tpuPod.containers[0].args).toEqual(['--host=0.0.0.0', '--port=8000', '--tensor-parallel-size=4', '--max-model-len=8192', '--model=Qwen/Qwen2-1.5B']);
  });
});

describe('fungibleTpuEnv', () => {
  const env = (machineType: string) => Object.fromEntries(fungibleTpuEnv(tpuSliceShape({ machineType })).filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));

  test('v6e 2x2 host: four chips, four metrics ports', () => {
    expect(env('ct6e-standard-4t')).toMatchObject({
      TPU_TOPOLOGY: '2x2', TPU_CHIPS_PER_HOST_BOUNDS: '2,2,1', CHIPS_PER_HOST_BOUNDS: '2,2,1', TPU_ACCELERATOR_TYPE: 'v6e-4',
      TPU_RUNTIME_METRICS_PORTS: '8431,8432,8433,8434', HOST_BOUNDS: '1,1,1', TPU_HOST_BOUNDS: '1,1,1',
    });
  });

  test('v5e names its slices v5litepod-N', () => {
    expect(env('ct5lp-hightpu-8t')).toMatchObject({ TPU_TOPOLOGY: '2x4', TPU_ACCELERATOR_TYPE: 'v5litepod-8', TPU_CHIPS_PER_HOST_BOUNDS: '2,4,1' });
    expect(env('ct5lp-hightpu-1t')).toMatchObject({ TPU_TOPOLOGY: '1x1', TPU_ACCELERATOR_TYPE: 'v5litepod-1' });
  });
});
