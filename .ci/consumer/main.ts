/**
 * A platform repo's own stack, composed only from the public constructs of the
 * packed tpu-gke-cdktf tarball: a GKE cluster on an existing (shared) VPC, a
 * v6e 4x4 multi-host TPU slice pool, and Kueue without dynamic slicing.
 * `.ci/consumer-check.sh` compiles this file against the installed package,
 * runs it, and the assertions below check the synthesized JSON.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  ClusterProviders, GkeCluster, GoogleProviders, K8sNamespace, KueueStack, ReservationAffinity, TpuMachineType, TpuNodePool,
} from 'tpu-gke-cdktf';

class TeamTpuStack extends TerraformStack {
  public readonly pool: TpuNodePool;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    GoogleProviders.configure(this, { project: 'acme-ml', region: 'us-east5' });
    const cluster = new GkeCluster(this, 'Cluster', {
      name: 'acme-tpu',
      project: 'acme-ml',
      location: 'us-east5',
      network: 'projects/acme-net/global/networks/shared-vpc',
      subnetwork: 'projects/acme-net/regions/us-east5/subnetworks/tpu',
    });
    ClusterProviders.configure(this, { cluster, baseDependencies: [cluster.systemNodePool] });
    this.pool = new TpuNodePool(this, 'V6eSlice', {
      cluster,
      name: 'v6e-4x4',
      machineType: TpuMachineType.CT6E_STANDARD_4T,
      topology: '4x4',
      zone: 'us-east5-b',
      reservation: ReservationAffinity.specific({ name: 'acme-v6e' }),
    });
    const namespace = new K8sNamespace(this, 'Team', { name: 'team-a' });
    new KueueStack(this, 'Kueue', { cluster, platform: this.pool, workloadNamespace: namespace, dynamicSlicing: false });
  }
}

const outdir = path.resolve('cdktf.out');
const app = new App({ outdir });
const stack = new TeamTpuStack(app, 'team-tpu');
app.synth();

const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'team-tpu', 'cdk.tf.json'), 'utf8'));
const only = (type: string, name: string): any => {
  const found = Object.values(json.resource[type] ?? {}).filter((r: any) => r.name === name);
  assert.strictEqual(found.length, 1, `one ${type} named ${name}`);
  return found[0];
};

// The pool comes from the catalog: 4x4 on ct6e-standard-4t = 4 VMs, 16 chips, COMPACT placement.
assert.strictEqual(stack.pool.capacity.chips, 16);
const pool = only('google_container_node_pool', 'v6e-4x4');
assert.strictEqual(pool.node_count, 4);
assert.deepStrictEqual(pool.placement_policy, { type: 'COMPACT', tpu_topology: '4x4' });
assert.strictEqual(pool.node_config.machine_type, 'ct6e-standard-4t');
assert.deepStrictEqual(pool.node_locations, ['us-east5-b']);
assert.deepStrictEqual(pool.node_config.reservation_affinity.values, ['acme-v6e']);

// The existing network is referenced, not created.
const cluster = only('google_container_cluster', 'acme-tpu');
assert.strictEqual(cluster.network, 'projects/acme-net/global/networks/shared-vpc');
assert.strictEqual(json.resource.google_compute_network, undefined);

// Kueue without dynamic slicing: the three charts, no slice controller, objects for v6e.
const releases = Object.values(json.resource.helm_release) as any[];
assert.deepStrictEqual(releases.map((r) => r.name).sort(), ['jobset', 'kueue', 'kueue-objects', 'lws']);
const objects = releases.find((r) => r.name === 'kueue-objects').values[0] as string;
assert.match(objects, /kind: ResourceFlavor/);
assert.match(objects, /cloud\.google\.com\/gke-tpu-accelerator: tpu-v6e-slice/);
assert.doesNotMatch(objects, /accelerator\.gke\.io\/slice/);
assert.match(objects, /nominalQuota: "16"/);

// The carrier chart was found inside the installed package and copied into the stack.
const chartPath = releases.find((r) => r.name === 'kueue-objects').chart as string;
assert.ok(fs.existsSync(path.join(outdir, 'stacks', 'team-tpu', chartPath, 'Chart.yaml')), `carrier chart at ${chartPath}`);

process.stdout.write('consumer check: team-tpu synthesized (v6e 4x4: 4 VMs, 16 chips; Kueue without dynamic slicing)\n');
