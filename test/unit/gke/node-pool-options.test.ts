/**
 * Unit tests of lib/gke/node-pool-options.ts (shared accelerator node pool options).
 *
 * Sources: GKE node pool API — autoscaling minNodeCount >= 0, maxNodeCount >= 1, min <= max, per zone
 * ("Cluster autoscaler"); node pool names `[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?` (<= 40 characters);
 * taint effects NO_SCHEDULE, PREFER_NO_SCHEDULE, NO_EXECUTE (NodeTaint.effect); node pools cannot be
 * added to Autopilot clusters.
 */
import type { IGkeCluster } from '../../../lib/gke/gke-cluster';
import {
  acceleratorNodePoolConfig, nodePoolSize, TaintEffect, taintsToTerraform, validateAutoscaling, validateNodePool,
} from '../../../lib/gke/node-pool-options';
import { codeOf, errorOf } from '../helpers';

const FIX = 'Fix: set 0 <= minNodes <= initialNodes <= maxNodes (and maxNodes >= 1) for node pool "p"';

describe('validateAutoscaling', () => {
  test('returns the initial node count: given, else minNodes, else 1', () => {
    expect(validateAutoscaling('p', { minNodes: 0, maxNodes: 1 })).toBe(1);
    expect(validateAutoscaling('p', { minNodes: 2, maxNodes: 4 })).toBe(2);
    expect(validateAutoscaling('p', { minNodes: 0, maxNodes: 4, initialNodes: 0 })).toBe(0);
    expect(validateAutoscaling('p', { minNodes: 1, maxNodes: 4, initialNodes: 4 })).toBe(4);
    expect(validateAutoscaling('p', { minNodes: 3, maxNodes: 3 })).toBe(3);
  });

  test.each([
    [{ minNodes: -1, maxNodes: 2 }, 'Node pool "p" autoscaling minNodes -1 is out of range. Allowed: an integer >= 0.'],
    [{ minNodes: 0.5, maxNodes: 2 }, 'Node pool "p" autoscaling minNodes 0.5 is out of range. Allowed: an integer >= 0.'],
    [{ minNodes: 0, maxNodes: 0 }, 'Node pool "p" autoscaling maxNodes 0 is out of range. Allowed: an integer >= 1.'],
    [{ minNodes: 0, maxNodes: 1.5 }, 'Node pool "p" autoscaling maxNodes 1.5 is out of range. Allowed: an integer >= 1.'],
    [{ minNodes: 3, maxNodes: 2 }, 'Node pool "p" autoscaling minNodes 3 is out of range. Allowed: at most maxNodes (2).'],
    [{ minNodes: 1, maxNodes: 3, initialNodes: 0 }, 'Node pool "p" autoscaling initialNodes 0 is out of range. Allowed: between minNodes (1) and maxNodes (3).'],
    [{ minNodes: 1, maxNodes: 3, initialNodes: 4 }, 'Node pool "p" autoscaling initialNodes 4 is out of range. Allowed: between minNodes (1) and maxNodes (3).'],
    [{ minNodes: 1, maxNodes: 3, initialNodes: 1.5 }, 'Node pool "p" autoscaling initialNodes 1.5 is out of range. Allowed: between minNodes (1) and maxNodes (3).'],
  ])('rejects %j', (a, message) => {
    expect(errorOf(() => validateAutoscaling('p', a))).toBe(`${message} ${FIX}`);
  });
});

describe('nodePoolSize', () => {
  test('autoscaled: initial node count and the maximum', () => {
    expect(nodePoolSize('p', { minNodes: 0, maxNodes: 8 }, { count: 99, min: 1, fix: 'x' })).toEqual({ initialNodeCount: 1, maxNodes: 8 });
  });

  test('fixed: the count, which must be an integer >= min (inclusive)', () => {
    expect(nodePoolSize('p', undefined, { count: 2, min: 2, fix: 'x' })).toEqual({ nodeCount: 2, maxNodes: 2 });
    expect(nodePoolSize('p', undefined, { count: 0, min: 0, fix: 'x' })).toEqual({ nodeCount: 0, maxNodes: 0 });
    expect(errorOf(() => nodePoolSize('p', undefined, { count: 1, min: 2, fix: 'use two nodes' }))).toBe(
      'Node pool "p" node count 1 is out of range. Allowed: an integer >= 2. Fix: use two nodes');
    expect(codeOf(() => nodePoolSize('p', undefined, { count: 2.5, min: 1, fix: 'x' }))).toBe('OUT_OF_RANGE');
  });
});

describe('taintsToTerraform', () => {
  test('copies key, value and effect', () => {
    expect(taintsToTerraform([
      { key: 'a', value: 'b', effect: TaintEffect.NO_SCHEDULE }, { key: 'c', value: 'd', effect: TaintEffect.NO_EXECUTE },
    ])).toEqual([{ key: 'a', value: 'b', effect: 'NO_SCHEDULE' }, { key: 'c', value: 'd', effect: 'NO_EXECUTE' }]);
    expect(TaintEffect.PREFER_NO_SCHEDULE).toBe('PREFER_NO_SCHEDULE');
    expect(taintsToTerraform([])).toEqual([]);
  });
});

const cluster = (over: Partial<IGkeCluster> = {}) => ({
  name: 'c', location: 'us-central1', project: 'p', clusterId: 'cluster-id', autopilot: false, ...over,
}) as unknown as IGkeCluster;

// Built outside the call so the same object fits validateNodePool with or without a `zone` prop.
const poolProps = (name: string, autopilot = false) => {
  const props = { cluster: cluster({ autopilot }), name, zone: 'us-central1-a' };
  return props;
};

describe('validateNodePool', () => {
  test('the pool name follows the GKE node pool rule', () => {
    expect(errorOf(() => validateNodePool(poolProps('Pool_1')))).toBe(
      'GKE node pool name "Pool_1" would be rejected by GKE. Allowed: 1-40 characters; lowercase letters, digits and hyphens; '
      + 'starts with a letter, ends with a letter or digit. Fix: use a name such as "pool-1"');
    expect(codeOf(() => validateNodePool(poolProps('a'.repeat(41))))).toBe('INVALID_NAME');
  });

  test('a valid pool on a Standard cluster passes and returns its name', () => {
    expect(validateNodePool(poolProps('tpu-pool'))).toBe('tpu-pool');
  });

  test('the zone must lie in the cluster location', () => {
    const props = { cluster: cluster(), name: 'tpu', zone: 'us-east5-a' };
    expect(errorOf(() => validateNodePool(props))).toBe(
      'Node pool "tpu" zone "us-east5-a" is not in the location of cluster "c" "us-central1". Allowed: a zone of us-central1 (e.g. "us-central1-a"). '
      + 'Fix: use a zone of the cluster\'s region (or the zone of a zonal cluster)');
  });

  test('a pool name is claimed once per cluster (the same owner may repeat)', () => {
    const c = cluster();
    const props = { cluster: c, name: 'tpu', zone: 'us-central1-b' };
    expect(validateNodePool(props, 'stack/A')).toBe('tpu');
    expect(validateNodePool(props, 'stack/A')).toBe('tpu');
    expect(errorOf(() => validateNodePool(props, 'stack/B'))).toBe(
      'GKE node pool name "tpu" is used twice in cluster "c" (by stack/A and stack/B). Allowed: one GKE node pool per name in cluster "c". '
      + 'Fix: rename one of them (e.g. "tpu-2")');
    expect(validateNodePool({ cluster: cluster(), name: 'tpu', zone: 'us-central1-b' }, 'stack/B')).toBe('tpu');
    const d = cluster();
    const defaults = { cluster: d, name: 'gpu', zone: 'us-central1-b' };
    validateNodePool(defaults);
    expect(errorOf(() => validateNodePool(defaults, 'stack/C'))).toMatch(/^GKE node pool name "gpu" is used twice in cluster "c" \(by  and stack\/C\)/);
  });

  test('Autopilot clusters take no node pools', () => {
    expect(codeOf(() => validateNodePool(poolProps('tpu', true)))).toBe('NODE_POOL_ON_AUTOPILOT');
  });
});

describe('acceleratorNodePoolConfig', () => {
  // toMatchObject: the node settings other pool options add are tested with those options.
  test('minimal: the zone, fixed size, COS, nothing else set', () => {
    expect(acceleratorNodePoolConfig({ cluster: cluster(), name: 'tpu', zone: 'us-central1-b' }, { nodeCount: 4, maxNodes: 4 }, { machineType: 'm' })).toMatchObject({
      name: 'tpu', cluster: 'cluster-id', location: 'us-central1', nodeLocations: ['us-central1-b'], nodeCount: 4,
      initialNodeCount: undefined, autoscaling: undefined, dependsOn: undefined,
      nodeConfig: {
        imageType: 'COS_CONTAINERD', spot: undefined, labels: undefined, taint: undefined, oauthScopes: undefined,
        shieldedInstanceConfig: { enableSecureBoot: false, enableIntegrityMonitoring: true },
        workloadMetadataConfig: undefined, machineType: 'm',
      },
    });
  });

  test('every option written, the accelerator node config and pool arguments last', () => {
    const dep = { fqn: 'x' } as never;
    const config = acceleratorNodePoolConfig({
      cluster: cluster({ workloadPool: 'p.svc.id.goog' }), name: 'tpu', zone: 'z', autoscaling: { minNodes: 0, maxNodes: 3 }, spot: true,
      labels: { a: 'b' }, taints: [{ key: 'k', value: 'v', effect: TaintEffect.NO_SCHEDULE }], oauthScopes: ['s'], imageType: 'UBUNTU_CONTAINERD', secureBoot: true,
      dependsOn: [dep],
    }, { initialNodeCount: 1, maxNodes: 3 }, { machineType: 'm', imageType: 'COS_CONTAINERD' }, { nodeCount: 9 });
    expect(config).toMatchObject({
      name: 'tpu', cluster: 'cluster-id', location: 'us-central1', nodeLocations: ['z'], nodeCount: 9, initialNodeCount: 1,
      autoscaling: { minNodeCount: 0, maxNodeCount: 3 }, dependsOn: [dep],
      nodeConfig: {
        imageType: 'COS_CONTAINERD', spot: true, labels: { a: 'b' }, taint: [{ key: 'k', value: 'v', effect: 'NO_SCHEDULE' }], oauthScopes: ['s'],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: 'GKE_METADATA' }, machineType: 'm',
      },
    });
  });

  test('spot false and empty labels or taints are omitted', () => {
    const config = acceleratorNodePoolConfig({ cluster: cluster(), name: 'tpu', zone: 'z', spot: false, labels: {}, taints: [] },
      { nodeCount: 1, maxNodes: 1 }, {});
    expect(config.nodeConfig).toMatchObject({ spot: undefined, labels: undefined, taint: undefined });
  });
});
