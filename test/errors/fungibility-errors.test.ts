/**
 * Synth-time errors of GPU + TPU fungibility, with their exact messages.
 */
import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { FungibleComputeClass } from '../../lib/serving/fungible/fungible-compute-class';
import { errorOf, testStack } from '../helpers/synth';
import { fungibilityFixture, fungibleClass, seedTiers, vllmServer } from '../serving/fungibility-fixture';

describe('FungibleComputeClass errors', () => {
  test('the seed\'s limitation: TPU + GPU cannot be one class on Autopilot', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'asia-northeast1' });
    const cluster = new AutopilotCluster(stack, 'Ap', { name: 'tpu-gpu-fungibility', project: 'p', region: 'asia-northeast1' });
    ClusterProviders.configure(stack, { cluster });
    expect(errorOf(() => new FungibleComputeClass(stack, 'C', { cluster, name: 'vllm-fallback', zone: 'asia-northeast1-b', tiers: seedTiers() }))).toBe(
      'FungibleComputeClass "vllm-fallback" cannot run on Autopilot cluster "tpu-gpu-fungibility": GKE denies classes that mix TPU and GPU machine rules, '
      + 'so the tiers must be node pools. Allowed: a GKE Standard cluster (GkeCluster). Fix: create the cluster with GkeCluster; FungibleComputeClass then creates one node pool per tier');
  });

  test('a tier pool name GKE would reject', () => {
    const f = fungibilityFixture();
    expect(errorOf(() => fungibleClass(f, { tiers: [CapacityTier.gpu({ name: 'L4_Spot', machineType: 'g2-standard-4' })] }))).toBe(
      'Capacity tier (GKE node pool) name "L4_Spot" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "l4-spot"');
    expect(errorOf(() => fungibleClass(f, { tiers: [CapacityTier.gpu({ name: `l4-${'x'.repeat(40)}`, machineType: 'g2-standard-4' })] }, 'Long'))).toContain(
      'Fix: shorten it to at most 40 characters');
  });

  test('duplicate tiers', () => {
    const f = fungibilityFixture();
    expect(errorOf(() => fungibleClass(f, {
      tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4', spot: true }), CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4' })],
    }))).toBe('capacity tier name "l4" is used twice. Allowed: unique names. Fix: rename one of the capacity tiers');
  });

  test('no tiers', () => {
    expect(errorOf(() => fungibleClass(fungibilityFixture(), { tiers: [] }))).toBe(
      'FungibleComputeClass "vllm-fallback" has no capacity tiers. Allowed: one or more tiers, most preferred first. '
      + 'Fix: pass `tiers`, e.g. [CapacityTier.tpu(...), CapacityTier.gpu(...)]');
  });

  test('autoscaling bounds that make no sense: min > max, initial outside the bounds, max 0', () => {
    // A fresh stack per case: the pool name is claimed in its cluster before the bounds are checked.
    const tpu = (autoscaling: { minNodes: number; maxNodes: number; initialNodes?: number }) =>
      () => fungibleClass(fungibilityFixture(), { tiers: [CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', autoscaling })] });
    const f = fungibilityFixture();
    expect(errorOf(tpu({ minNodes: 2, maxNodes: 1 }))).toBe(
      'Node pool "v6e-1" autoscaling minNodes 2 is out of range. Allowed: at most maxNodes (1). Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "v6e-1"');
    expect(errorOf(tpu({ minNodes: 1, maxNodes: 2, initialNodes: 3 }))).toBe(
      'Node pool "v6e-1" autoscaling initialNodes 3 is out of range. Allowed: between minNodes (1) and maxNodes (2). Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "v6e-1"');
    expect(errorOf(() => fungibleClass(f, { tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4', autoscaling: { minNodes: 0, maxNodes: 0 } })] }, 'Gpu'))).toBe(
      'Node pool "l4" autoscaling maxNodes 0 is out of range. Allowed: an integer >= 1. Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "l4"');
  });

  test('a GKE version older than custom ComputeClasses', () => {
    expect(errorOf(() => fungibleClass(fungibilityFixture({ minVersion: '1.30.2-gke.1000000' })))).toBe(
      'GKE version "1.30.2-gke.1000000" is too old for custom ComputeClasses. Allowed: "1.30.3-gke.1451000" or later. '
      + 'Fix: choose a newer GKE version: GkeVersionSelection.pin("1.30.3-gke.1451000") or later, a newer prefix, or channelLatest()');
  });

  test('a ComputeClass name that is not a label value', () => {
    expect(errorOf(() => fungibleClass(fungibilityFixture(), { name: 'VLLM.fallback' }))).toContain('ComputeClass name "VLLM.fallback" would be rejected by GKE');
  });
});

describe('TPU tier errors', () => {
  test('a multi-host topology', () => {
    expect(errorOf(() => CapacityTier.tpu({ name: 'v6e-8', machineType: 'ct6e-standard-4t', topology: '2x4' }))).toBe(
      'Capacity tier "v6e-8" topology "2x4" is not the single-host slice of ct6e-standard-4t; a fungible tier serves one replica per TPU VM. '
      + 'Allowed: "2x2" (or no topology). Fix: omit the topology or set "2x2"; for a larger slice pick a machine type with more chips per VM (e.g. ct6e-standard-8t for 2x4)');
  });

  test('a topology of the wrong shape or an unknown machine type', () => {
    expect(errorOf(() => CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', topology: '1x1x1' }))).toBe(
      'TPU topology "1x1x1" has the wrong number of dimensions for v6e. Allowed: 2-dimensional topologies. Fix: write a AxB (e.g. "4x4") topology');
    expect(errorOf(() => CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1' }))).toContain('TPU machine type "ct6e-standard-1" is not in the catalog');
  });

  test('the seed topology is accepted and nothing is sent to GKE', () => {
    expect(CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', topology: '1x1' }).machineType.name).toBe('ct6e-standard-1t');
  });
});

describe('FungibleVllmServer errors', () => {
  test('TPU tiers of different shapes (the TPU environment is fixed per Deployment)', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f, {
      tiers: [CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t' }), CapacityTier.tpu({ name: 'v6e-4', machineType: 'ct6e-standard-4t' })],
    });
    expect(errorOf(() => vllmServer(f, cc))).toBe(
      'Capacity tier "v6e-4" machine type "ct6e-standard-4t" differs from tier "v6e-1" ("ct6e-standard-1t"); one Deployment has one container command line per accelerator kind. '
      + 'Allowed: "ct6e-standard-1t" for every tier of this kind. Fix: give every tier of the same accelerator kind the same shape, or serve the other shape with its own Deployment and ComputeClass');
  });

  test('GPU tiers with different GPUs per node', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f, {
      tiers: [CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4' }), CapacityTier.gpu({ name: 'l4x2', machineType: 'g2-standard-24' })],
    });
    expect(errorOf(() => vllmServer(f, cc))).toContain('Capacity tier "l4x2" GPUs per node "2" differs from tier "l4" ("1")');
  });

  test('a TPU generation without a known runtime environment', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f, { tiers: [CapacityTier.tpu({ name: 'v5p', machineType: 'ct5p-hightpu-4t' })] });
    expect(errorOf(() => vllmServer(f, cc))).toBe(
      'Capacity tier "v5p" machine type "ct5p-hightpu-4t" has no known TPU runtime environment for a pod that requests no google.com/tpu. '
      + 'Allowed: v5e single-host machine types, v6e single-host machine types. Fix: use a v5e or v6e single-host machine type for TPU tiers');
  });

  test('ports outside 1-65535', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f);
    expect(errorOf(() => vllmServer(f, cc, { port: 0 }))).toBe('vLLM port 0 is out of range. Allowed: 1 to 65535. Fix: use a TCP port such as 8000');
    expect(errorOf(() => vllmServer(f, cc, { servicePort: 80.5 }, 'V2'))).toBe('Service port 80.5 is out of range. Allowed: 1 to 65535. Fix: use a TCP port such as 80');
  });

  test('a missing image', () => {
    const f = fungibilityFixture();
    const cc = fungibleClass(f);
    expect(errorOf(() => vllmServer(f, cc, { tpuImage: undefined }))).toBe(
      'FungibleVllmServer needs `tpuImage` (ComputeClass "vllm-fallback" has TPU tiers). Allowed: a value for `tpuImage`. Fix: pass `tpuImage`');
    expect(errorOf(() => vllmServer(f, cc, { gpuImage: undefined }, 'V2'))).toContain('FungibleVllmServer needs `gpuImage`');
  });
});
