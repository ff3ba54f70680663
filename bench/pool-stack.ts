/**
 * A generated stack with N TPU node pools, for the per-pool cost of synth
 * (`npm run bench`): one network, one GKE cluster and N multi-host v6e 4x4 pools,
 * built from the package's public API as an adopter would.
 *
 *   node dist/bench/pool-stack.js N    (writes to $CDKTF_OUTDIR, default a temp dir)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { GkeCluster, GoogleProviders, TpuNetwork, TpuNodePool } from 'tpu-gke-cdktf';

/** Adds `pools` TPU node pools (ct6e-standard-4t, 4x4, 4 nodes each) and their cluster to a new stack of `app`. */
export function poolStack(app: App, pools: number): TerraformStack {
  const stack = new TerraformStack(app, `pools-${pools}`);
  GoogleProviders.configure(stack, { project: 'bench-project', region: 'us-east5' });
  const network = new TpuNetwork(stack, 'Network', { region: 'us-east5' });
  const cluster = new GkeCluster(stack, 'Cluster', {
    name: 'bench-cluster', project: 'bench-project', location: 'us-east5',
    network: network.network.id, subnetwork: network.tpuSubnet.id,
  });
  for (let i = 0; i < pools; i++) {
    new TpuNodePool(stack, `Pool${i}`, { cluster, name: `tpu-pool-${i}`, machineType: 'ct6e-standard-4t', topology: '4x4', zone: 'us-east5-b' });
  }
  return stack;
}

if (require.main === module) {
  const pools = Number(process.argv[2]);
  if (!Number.isInteger(pools) || pools < 0) throw new Error(`pool count "${process.argv[2]}" is not a whole number. Fix: node dist/bench/pool-stack.js 16`);
  const outdir = process.env.CDKTF_OUTDIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-pools-'));
  const app = new App({ outdir });
  poolStack(app, pools);
  app.synth();
}
