import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { GkeAddon } from '../../lib/gke/gke-addon';
import { ReleaseChannel } from '../../lib/gke/gke-cluster';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resources, synth, testStack, withCluster } from '../helpers/synth';

function autopilot(props: Partial<ConstructorParameters<typeof AutopilotCluster>[2]> = {}) {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
  const cluster = new AutopilotCluster(stack, 'Cluster', { name: 'ray-llm-cluster', project: 'p', region: 'us-east5', ...props });
  return { stack, cluster };
}

describe('AutopilotCluster', () => {
  test('seed 001 create-auto --enable-ray-operator --location=REGION', () => {
    const { stack, cluster } = autopilot({ addons: [GkeAddon.RAY_OPERATOR], version: GkeVersionSelection.pin('1.35.2-gke.1842000') });
    const [[, c]] = resources(synth(stack), 'google_container_cluster');
    expect(c).toEqual(expect.objectContaining({
      name: 'ray-llm-cluster', location: 'us-east5', enable_autopilot: true, release_channel: { channel: 'REGULAR' },
      min_master_version: '1.35.2-gke.1842000', deletion_protection: true, addons_config: { ray_operator_config: [{ enabled: true }] },
    }));
    // Autopilot owns nodes, datapath and Workload Identity: none of it is written.
    for (const field of ['node_config', 'remove_default_node_pool', 'initial_node_count', 'datapath_provider', 'workload_identity_config']) {
      expect({ field, value: c[field] }).toEqual({ field, value: undefined });
    }
    expect(resources(synth(stack), 'google_container_node_pool')).toEqual([]);
    expect(cluster).toMatchObject({ autopilot: true, location: 'us-east5', workloadPool: 'p.svc.id.goog' });
    expect(cluster.minVersion?.text).toBe('1.35.2-gke.1842000');
  });

  test('release channel and no add-ons', () => {
    const { stack } = autopilot({ releaseChannel: ReleaseChannel.RAPID });
    const [[, c]] = resources(synth(stack), 'google_container_cluster');
    expect(c.release_channel).toEqual({ channel: 'RAPID' });
    expect(c.addons_config).toBeUndefined();
  });

  test('TPU node pools cannot be added to an Autopilot cluster', () => {
    const { stack, cluster } = autopilot();
    expect(errorOf(() => new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e-16', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-east5-b' }))).toBe(
      'Node pool "v6e-16" cannot be added to Autopilot cluster "ray-llm-cluster". Allowed: node pools on GKE Standard clusters only. Fix: on Autopilot select TPUs with a ComputeClass and pod nodeSelectors (TpuSliceTarget.computeClass) instead of a node pool');
  });

  test('invalid cluster names are refused', () => {
    expect(errorOf(() => autopilot({ name: 'Ray_LLM' }))).toContain('GKE cluster name "Ray_LLM" would be rejected by GKE');
  });
});

describe('TpuNodePool managed DRANET version check', () => {
  test('a Standard cluster below 1.35.2-gke.1842000 cannot get a DRANET pool', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { minVersion: '1.35.1-gke.1000000' });
    expect(errorOf(() => new TpuNodePool(stack, 'Pool', {
      cluster, name: 'v6e-16', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b', managedDranet: true,
    }))).toBe('GKE version "1.35.1-gke.1000000" is too old for GKE managed DRANET. Allowed: "1.35.2-gke.1842000" or later. Fix: choose a newer GKE version: GkeVersionSelection.pin("1.35.2-gke.1842000") or later, a newer prefix, or channelLatest()');
  });

  test('the same cluster takes a pool without DRANET', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { minVersion: '1.35.1-gke.1000000' });
    const pool = new TpuNodePool(stack, 'Pool', { cluster, name: 'v6e-16', machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-central1-b' });
    expect(pool.managedDranet).toBe(false);
  });
});
