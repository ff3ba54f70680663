import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadGoogleSchema } from '../../scripts/verify/google-schema';
import { AT_LEAST_ONE_OF, checkStack, Finding, main, nearestNames } from '../../scripts/verify/tf-schema';

const schema = loadGoogleSchema();

/** A small stack every check accepts. */
function validStack(): Record<string, any> {
  return {
    data: { google_client_config: { Config: {} }, google_project: { Project: { project_id: '${var.project_id}' } } },
    resource: {
      google_container_cluster: {
        Cluster: {
          name: 'c', location: '${var.zone}', initial_node_count: 1, deletion_protection: false,
          ip_allocation_policy: {},
          addons_config: { gcs_fuse_csi_driver_config: { enabled: true } },
          node_config: { taint: [{ key: 'google.com/tpu', value: 'present', effect: 'NO_SCHEDULE' }] },
          maintenance_policy: {
            daily_maintenance_window: { start_time: '03:00' },
            maintenance_exclusion: [{ exclusion_name: 'x', start_time: '2026-12-20T00:00:00Z', end_time: '2026-12-27T00:00:00Z' }],
          },
          lifecycle: { ignore_changes: ['node_config'] },
          provider: 'google-beta',
          '//': { metadata: { path: 'stack/Cluster' } },
        },
      },
      google_container_node_pool: {
        Pool: {
          cluster: '${google_container_cluster.Cluster.id}', node_count: '${var.nodes}',
          node_config: { machine_type: 'g2-standard-8', guest_accelerator: [{ type: 'nvidia-l4', count: 1 }] },
          depends_on: ['google_container_cluster.Cluster'],
        },
      },
      google_storage_bucket: { Bucket: { name: 'weights', location: 'US', uniform_bucket_level_access: true } },
      google_storage_anywhere_cache: { Cache: { bucket: '${google_storage_bucket.Bucket.name}', zone: 'us-central1-a', ttl: '86400s' } },
      kubernetes_namespace_v1: { Ns: { metadata: { name: 'ns' } } },
    },
  };
}

function findings(tf: Record<string, any>): string[] {
  return checkStack('fixture', tf, schema).findings.map((f: Finding) => `${f.level} ${f.address}${f.path ? `.${f.path}` : ''}: ${f.message}`);
}

test('a valid stack passes: every google resource and data source is checked, others are not', () => {
  const r = checkStack('fixture', validStack(), schema);
  expect(r.findings).toEqual([]);
  expect([r.checked, r.arguments]).toEqual([6, 34]);
});

test('an unknown argument fails with the nearest names', () => {
  const tf = validStack();
  tf.resource.google_container_cluster.Cluster.node_locatoins = ['us-central1-a'];
  tf.resource.google_container_cluster.Cluster.minMasterVersion = '1.34';
  expect(findings(tf)).toEqual([
    'FAIL google_container_cluster.Cluster.node_locatoins: no argument "node_locatoins" in the 7.x provider (did you mean node_locations?)',
    'FAIL google_container_cluster.Cluster.minMasterVersion: no argument "minMasterVersion" in the 7.x provider (did you mean min_master_version?)',
  ]);
});

test('Pulumi\'s pluralized list names are not Terraform names: taints, guestAccelerators and maintenanceExclusions map back to the singular', () => {
  const tf = validStack();
  const cluster = tf.resource.google_container_cluster.Cluster;
  cluster.node_config = { taints: cluster.node_config.taint };
  tf.resource.google_container_node_pool.Pool.node_config.guest_accelerators = [];
  expect(findings(tf)).toEqual([
    'FAIL google_container_cluster.Cluster.node_config.taints: no argument "taints" in the 7.x provider (did you mean taint?)',
    'FAIL google_container_node_pool.Pool.node_config.guest_accelerators: no argument "guest_accelerators" in the 7.x provider (did you mean guest_accelerator?)',
  ]);
  expect(Object.keys(schema.blocks['container.ClusterMaintenancePolicy'].attributes)).toContain('maintenance_exclusion');
  expect(schema.resources.google_storage_bucket.attributes.cors.pulumi).toBe('cors');
  expect(Object.keys(schema.blocks['storage.BucketCor'].attributes)).toEqual(['max_age_seconds', 'method', 'origin', 'response_header']);
});

test('an empty addons_config fails (AtLeastOneOf, with the provider source); ip_allocation_policy {} is meaningful; other empty blocks warn', () => {
  const tf = validStack();
  tf.resource.google_container_cluster.Cluster.addons_config = {};
  tf.resource.google_container_cluster.Cluster.workload_identity_config = [{}];
  expect(findings(tf)).toEqual([
    'FAIL google_container_cluster.Cluster.addons_config: empty block: the provider requires at least one of its arguments '
      + '(AtLeastOneOf, google-beta/services/container/resource_container_cluster.go: addonsConfigKeys); omit the block or set one',
    'WARN google_container_cluster.Cluster.workload_identity_config[0]: empty block: check that the provider accepts it, or omit it',
  ]);
});

test('a missing required argument fails, at the top (auto-named name included) and in nested blocks', () => {
  const tf = validStack();
  delete tf.resource.google_storage_bucket.Bucket.name;
  delete tf.resource.google_container_cluster.Cluster.maintenance_policy.maintenance_exclusion[0].start_time;
  expect(findings(tf)).toEqual([
    'FAIL google_container_cluster.Cluster.maintenance_policy.maintenance_exclusion[0]: required argument "start_time" is missing',
    'FAIL google_storage_bucket.Bucket: required argument "name" is missing',
  ]);
});

test('a deprecated argument warns with the provider\'s text', () => {
  const tf = validStack();
  tf.resource.google_storage_anywhere_cache.Cache.admission_policy = 'admit-on-second-miss';
  expect(findings(tf)).toEqual([
    'WARN google_storage_anywhere_cache.Cache.admission_policy: deprecated: `admit-on-second-miss` is deprecated and will be removed in a '
      + 'future major release. The backend will ignore this attribute and treat it as `admit-on-first-miss`.',
  ]);
});

test('primitives of the wrong type fail; expressions are not type-checked; a single block may not repeat', () => {
  const tf = validStack();
  const cluster = tf.resource.google_container_cluster.Cluster;
  cluster.initial_node_count = 'three';
  cluster.enable_shielded_nodes = 'yes';
  cluster.node_locations = 'us-central1-a';
  cluster.min_master_version = '${data.google_container_engine_versions.v.latest_master_version}';
  cluster.addons_config = [{ gcs_fuse_csi_driver_config: { enabled: true } }, { gcs_fuse_csi_driver_config: { enabled: false } }];
  expect(findings(tf)).toEqual([
    'FAIL google_container_cluster.Cluster.initial_node_count: number expected, got string "three"',
    'FAIL google_container_cluster.Cluster.addons_config: 2 blocks where the provider takes at most one',
    'FAIL google_container_cluster.Cluster.enable_shielded_nodes: bool expected, got string "yes"',
    'FAIL google_container_cluster.Cluster.node_locations: a list is expected, got string "us-central1-a"',
  ]);
});

test('a google type outside the vendored schema fails unless allowed', () => {
  const tf = { resource: { google_compute_instance: { Vm: { name: 'x' } } } };
  expect(findings(tf)).toEqual([
    'FAIL google_compute_instance.Vm: resource type google_compute_instance is not in the vendored 7.x schema: '
      + 'add it to RESOURCES in scripts/verify/extract-google-schema.ts and regenerate',
  ]);
  expect(checkStack('fixture', tf, schema, { allowUnknownTypes: true }).findings.map((f) => f.level)).toEqual(['WARN']);
});

test('the types the project emits or plans are in the schema, and every curated AtLeastOneOf path is a block there', () => {
  for (const t of ['google_container_cluster', 'google_container_node_pool', 'google_compute_router', 'google_compute_router_nat',
    'google_monitoring_dashboard', 'google_monitoring_alert_policy', 'google_service_account', 'google_project_iam_member']) {
    expect(schema.resources[t]).toBeDefined();
  }
  expect(Object.keys(schema.dataSources)).toEqual(['google_client_config', 'google_container_cluster', 'google_container_engine_versions', 'google_project']);
  for (const p of Object.keys(AT_LEAST_ONE_OF)) {
    const [type, ...names] = p.split('.');
    let block = schema.resources[type];
    for (const n of names) {
      const attr = block.attributes[n];
      expect([p, attr?.type]).toEqual([p, 'block']);
      block = schema.blocks[attr.block!];
    }
  }
});

test('nearest names: edit distance, camelCase and plural forms', () => {
  const names = ['node_locations', 'node_config', 'node_pool', 'taint', 'location'];
  expect(nearestNames('nodeLocations', names)).toEqual(['node_locations', 'location']);
  expect(nearestNames('taints', names)).toEqual(['taint']);
  expect(nearestNames('locaton', names)).toEqual(['location']);
  expect(nearestNames('zzz', names)).toEqual([]);
});

test('CLI: one line per stack, totals last, exit 1 on a FAIL and 0 otherwise', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-schema-'));
  try {
    const write = (stack: string, tf: object): void => {
      fs.mkdirSync(path.join(dir, 'stacks', stack), { recursive: true });
      fs.writeFileSync(path.join(dir, 'stacks', stack, 'cdk.tf.json'), JSON.stringify(tf));
    };
    write('good', validStack());
    const lines: string[] = [];
    expect(main(['-q', dir], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toBe('OK good: 6 checked, 0 FAIL, 0 WARN');
    expect(lines[1]).toMatch(/^6 checked, 0 FAIL, 0 WARN; 34 arguments \(google 7\.x arguments: @pulumi\/gcp 9\.37\.0 /);
    const broken = validStack();
    broken.resource.google_container_cluster.Cluster.addons_config = {};
    write('broken', broken);
    lines.length = 0;
    expect(main(['-q', dir], (l) => lines.push(l))).toBe(1);
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(/^FAIL broken: google_container_cluster\.Cluster\.addons_config: empty block/),
      'FAIL broken: 6 checked, 1 FAIL, 0 WARN',
    ]);
    expect(lines[lines.length - 1]).toMatch(/^12 checked, 1 FAIL, 0 WARN; 66 arguments /);
    expect(main(['--bogus', dir], () => undefined)).toBe(2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
