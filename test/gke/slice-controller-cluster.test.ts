import { GoogleProviders } from '../../lib/providers/google-providers';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { MaintenanceExclusionScope } from '../../lib/gke/gke-cluster';
import { SliceControllerCluster, SliceControllerClusterProps } from '../../lib/gke/slice-controller-cluster';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { SliceKind } from '../../lib/tpu/slice-topology';
import { Seed000 } from '../../lib/presets/seeds';
import { errorOf, Json, resourceNamed, synth, testStack } from '../helpers/synth';

function cluster(props: Partial<SliceControllerClusterProps> = {}): { json: Json; construct: SliceControllerCluster } {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
  const network = new TpuNetwork(stack, 'Net', { region: 'us-central1' });
  const construct = new SliceControllerCluster(stack, 'Cluster', { project: 'my-project', region: 'us-central1', network, name: 'tpu-serving-cluster', ...props });
  return { json: synth(stack), construct };
}

describe('SliceControllerCluster (seed 000 gcloud container clusters create flags)', () => {
  const { json } = cluster({ systemMachineType: Seed000.SYSTEM_MACHINE_TYPE });
  const c = resourceNamed(json, 'google_container_cluster', 'tpu-serving-cluster');

  test('--location=REGION (regional)', () => expect(c.location).toBe('us-central1'));
  test('--release-channel=rapid', () => expect(c.release_channel).toEqual({ channel: 'RAPID' }));
  test('--cluster-version: the newest Rapid version from google_container_engine_versions (not a pinned build GKE stops offering)', () => {
    const [[dataId, data]] = Object.entries(json.data.google_container_engine_versions) as [string, Json][];
    expect(data).toMatchObject({ location: 'us-central1', project: 'my-project' });
    expect(c.min_master_version).toBe(`\${lookup(data.google_container_engine_versions.${dataId}.release_channel_latest_version, "RAPID", "")}`);
    expect(c.lifecycle.precondition.map((p: Json) => p.error_message.split(' needs ')[0])).toEqual(['dynamic super-slicing']);
  });
  test('--network / --subnetwork / --enable-ip-alias: VPC-native on the TPU subnet', () => {
    expect(c.network).toMatch(/^\$\{google_compute_network\..+\.id\}$/);
    expect(c.subnetwork).toMatch(/^\$\{google_compute_subnetwork\..+\.id\}$/);
    expect(c.networking_mode).toBe('VPC_NATIVE');
    expect(c.ip_allocation_policy).toEqual({});
  });
  test('--gateway-api=standard', () => expect(c.gateway_api_config).toEqual({ channel: 'CHANNEL_STANDARD' }));
  test('--enable-managed-prometheus and --enable-dataplane-v2-metrics', () => {
    expect(c.monitoring_config).toEqual({
      managed_prometheus: { enabled: true },
      advanced_datapath_observability_config: { enable_metrics: true, enable_relay: false },
    });
  });
  test('--enable-dataplane-v2', () => expect(c.datapath_provider).toBe('ADVANCED_DATAPATH'));
  test('--workload-pool=PROJECT.svc.id.goog', () => expect(c.workload_identity_config).toEqual({ workload_pool: 'my-project.svc.id.goog' }));
  test('--addons=HttpLoadBalancing,GcpFilestoreCsiDriver,GcsFuseCsiDriver,HorizontalPodAutoscaling,NodeLocalDNS and --enable-slice-controller', () => {
    expect(c.addons_config).toEqual({
      http_load_balancing: { disabled: false },
      gcp_filestore_csi_driver_config: { enabled: true },
      gcs_fuse_csi_driver_config: { enabled: true },
      horizontal_pod_autoscaling: { disabled: false },
      dns_cache_config: { enabled: true },
      slice_controller_config: { enabled: true },
    });
  });
  test('--machine-type=n2-standard-32 --num-nodes=1: a separate system pool, 1 node per zone', () => {
    expect(c.remove_default_node_pool).toBe(true);
    expect(c.initial_node_count).toBe(1);
    expect(resourceNamed(json, 'google_container_node_pool', 'system-pool')).toMatchObject({
      node_count: 1, location: 'us-central1',
      node_config: { machine_type: 'n2-standard-32', workload_metadata_config: { mode: 'GKE_METADATA' } },
    });
  });
  test('deletion protection on by default', () => expect(c.deletion_protection).toBe(true));
  test('no maintenance policy unless an exclusion is asked for', () => expect(c.maintenance_policy).toBeUndefined());
});

describe('SliceControllerCluster options', () => {
  test('maintenance exclusion (seed: no_upgrades window) comes with the daily window GKE requires', () => {
    const { json } = cluster({
      maintenanceExclusions: [{ name: 'no-upgrade-next-month', startTime: '2026-12-01T00:00:00Z', endTime: '2026-12-20T00:00:00Z' }],
    });
    expect(resourceNamed(json, 'google_container_cluster', 'tpu-serving-cluster').maintenance_policy).toEqual({
      daily_maintenance_window: { start_time: '03:00' },
      maintenance_exclusion: [{
        exclusion_name: 'no-upgrade-next-month', start_time: '2026-12-01T00:00:00Z', end_time: '2026-12-20T00:00:00Z',
        exclusion_options: { scope: 'NO_UPGRADES' },
      }],
    });
  });

  test('the seed\'s 89-day NO_UPGRADES window is rejected (GKE allows 30 days), a longer minor-upgrade exclusion is fine', () => {
    const seedWindow = { name: 'no-upgrade-next-month', startTime: '2026-05-18T00:00:00Z', endTime: '2026-08-15T00:00:00Z' };
    expect(errorOf(() => cluster({ maintenanceExclusions: [seedWindow] }))).toBe(
      'Maintenance exclusion "no-upgrade-next-month" length in days 89 is out of range. Allowed: at most 30 days for scope NO_UPGRADES. ' +
      'Fix: shorten the window, or use scope NO_MINOR_UPGRADES / NO_MINOR_OR_NODE_UPGRADES for longer exclusions');
    expect(() => cluster({ maintenanceExclusions: [{ ...seedWindow, scope: MaintenanceExclusionScope.NO_MINOR_UPGRADES }] })).not.toThrow();
  });

  test('the seed\'s pinned 1.36.0-gke.2459000 is too old for sub-slicing but fine for super-slicing', () => {
    const { construct } = cluster({ version: GkeVersionSelection.pin('1.36.0-gke.2459000') });
    expect(() => construct.requireSliceSupport(SliceKind.SUPER_SLICE)).not.toThrow();
    expect(errorOf(() => construct.requireSliceSupport(SliceKind.SUB_SLICE))).toBe(
      'GKE version "1.36.0-gke.2459000" is too old for dynamic sub-slicing. Allowed: "1.36.0-gke.3712000" or later. ' +
      'Fix: choose a newer GKE version: GkeVersionSelection.pin("1.36.0-gke.3712000") or later, a newer prefix, or channelLatest()');
  });

  test('a version below the super-slicing minimum fails at construction', () => {
    expect(errorOf(() => cluster({ version: GkeVersionSelection.pin('1.35.1-gke.1000000') }))).toContain('is too old for dynamic super-slicing');
  });

  test('malformed versions and cluster names are rejected', () => {
    expect(errorOf(() => cluster({ version: GkeVersionSelection.pin('1.36') }))).toBe(
      'GKE version "1.36" is not a GKE version string. Allowed: MAJOR.MINOR.PATCH-gke.BUILD (e.g. "1.36.0-gke.3712000"). ' +
      'Fix: copy the version from `gcloud container get-server-config`');
    expect(errorOf(() => cluster({ name: 'a-very-long-cluster-name-that-gke-will-reject' }))).toBe(
      'GKE cluster name "a-very-long-cluster-name-that-gke-will-reject" would be rejected by GKE. ' +
      'Allowed: 1-40 characters; lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit. ' +
      'Fix: shorten it to at most 40 characters');
  });
});

describe('SliceControllerCluster neutral default', () => {
  test('without systemMachineType the system pool takes GkeCluster\'s default e2-standard-4, one node per zone (the recipe\'s n2-standard-32 is Seed000.SYSTEM_MACHINE_TYPE)', () => {
    expect(resourceNamed(cluster().json, 'google_container_node_pool', 'system-pool')).toMatchObject({ node_count: 1, node_config: { machine_type: 'e2-standard-4' } });
  });
});
