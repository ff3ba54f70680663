import { parse } from 'yaml';
import { computeClass } from '../../lib/k8s/compute-class';
import { DeviceAllocationMode, resourceClaimTemplate } from '../../lib/k8s/dra';
import { rayService, rayServiceServices, serveConfigYaml } from '../../lib/k8s/ray';
import { errorOf } from '../helpers/synth';

const template = { spec: { containers: [{ name: 'c', image: 'i' }] } };

describe('RayService builder', () => {
  test('replica bounds default to replicas; numOfHosts only when given; rayStartParams always present', () => {
    const rs = rayService({
      name: 'r', namespace: 'n', serveConfigV2: 'applications: []\n', rayVersion: '2.50.0',
      headGroupSpec: { template },
      workerGroupSpecs: [{ groupName: 'cpu', replicas: 2, template }, { groupName: 'tpu', numOfHosts: 4, maxReplicas: 3, rayStartParams: { 'num-cpus': '0' }, template }],
    });
    const spec = rs.spec as { serveConfigV2: string; rayClusterConfig: { rayVersion: string; headGroupSpec: unknown; workerGroupSpecs: unknown[] } };
    expect(spec.serveConfigV2).toBe('applications: []\n');
    expect(spec.rayClusterConfig.rayVersion).toBe('2.50.0');
    expect(spec.rayClusterConfig.headGroupSpec).toEqual({ rayStartParams: {}, template });
    expect(spec.rayClusterConfig.workerGroupSpecs).toEqual([
      { groupName: 'cpu', replicas: 2, minReplicas: 2, maxReplicas: 2, rayStartParams: {}, template },
      { groupName: 'tpu', replicas: 1, minReplicas: 1, maxReplicas: 3, numOfHosts: 4, rayStartParams: { 'num-cpus': '0' }, template },
    ]);
  });

  test('a serve config object is rendered to YAML text; numbers in env_vars stay strings', () => {
    const text = serveConfigYaml({ applications: [{ name: 'llm', runtime_env: { env_vars: { TENSOR_PARALLEL_SIZE: '16' } } }] });
    expect(text).toBe('applications:\n  - name: llm\n    runtime_env:\n      env_vars:\n        TENSOR_PARALLEL_SIZE: "16"\n');
    expect(parse(text, { version: '1.1' }).applications[0].runtime_env.env_vars.TENSOR_PARALLEL_SIZE).toBe('16');
  });

  test('KubeRay service names', () => {
    expect(rayServiceServices('vllm-tpu-multihost')).toEqual({ head: 'vllm-tpu-multihost-head-svc', serve: 'vllm-tpu-multihost-serve-svc' });
  });
});

describe('ResourceClaimTemplate builder', () => {
  test('ExactCount with a count', () => {
    expect(resourceClaimTemplate({ name: 'one-nic', namespace: 'n', requests: [{ name: 'nic', deviceClassName: 'netdev.google.com', allocationMode: DeviceAllocationMode.EXACT_COUNT, count: 2 }] }).spec).toEqual({
      spec: { devices: { requests: [{ name: 'nic', exactly: { deviceClassName: 'netdev.google.com', allocationMode: 'ExactCount', count: 2 } }] } },
    });
  });
});

describe('ComputeClass builder (checks the CRD CEL rules the schema validator skips)', () => {
  test('TPU priority with spot and a policy', () => {
    expect(computeClass({
      name: 'tpu', whenUnsatisfiable: 'DoNotScaleUp',
      priorities: [{ tpu: { type: 'tpu-v6e-slice', count: 4, topology: '4x4' }, spot: true }],
    }).spec).toEqual({ priorities: [{ tpu: { type: 'tpu-v6e-slice', count: 4, topology: '4x4' }, spot: true }], whenUnsatisfiable: 'DoNotScaleUp' });
  });

  test('machineType and machineFamily together are refused', () => {
    expect(errorOf(() => computeClass({ name: 'cc', priorities: [{ machineType: 'n4-standard-8', machineFamily: 'n4' }] }))).toBe(
      'ComputeClass "cc" priority 1 machineFamily "n4" is not supported. Allowed: "machineType or machineFamily, not both". Fix: remove machineFamily or machineType');
  });

  test('accelerator network profile must be auto or auto-<suffix>', () => {
    expect(computeClass({ name: 'cc', priorities: [{ machineType: 'ct6e-standard-4t', acceleratorNetworkProfile: 'auto-rdma' }] })).toBeDefined();
    expect(errorOf(() => computeClass({ name: 'cc', priorities: [{ machineType: 'ct6e-standard-4t', acceleratorNetworkProfile: 'manual' }] }))).toBe(
      'ComputeClass "cc" priority 1 acceleratorNetworkProfile "manual" is not supported. Allowed: "auto", "auto-<suffix>". Fix: use "auto" for GKE managed DRANET');
  });
});
