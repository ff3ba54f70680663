/**
 * Test helpers: synthesize a stack in memory and query the JSON.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { App, TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GkeVersionSelection } from '../../lib/gke/gke-version-selection';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { TpuNetwork } from '../../lib/network/tpu-network';

export type Json = Record<string, any>;

/** A fresh stack in a test app. */
export function testStack(id = 'test'): TerraformStack {
  const app: App = Testing.app();
  return new TerraformStack(app, id);
}

/** Synthesizes `stack` as `cdktf synth` does (metadata and assets included) and returns the parsed cdk.tf.json. */
export function synth(stack: TerraformStack): Json {
  const outdir = Testing.fullSynth(stack);
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
}

/** All resources of `type` as [logicalId, body] pairs. */
export function resources(json: Json, type: string): [string, Json][] {
  return Object.entries(json.resource?.[type] ?? {}) as [string, Json][];
}

/** The only resource of `type` whose `name` (or metadata.name) is `name`. */
export function resourceNamed(json: Json, type: string, name: string): Json {
  const found = resources(json, type).filter(([, r]) => r.name === name || r.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0][1];
}

/** The logical address `type.id` of the resource named `name`. */
export function addressOf(json: Json, type: string, name: string): string {
  const found = resources(json, type).find(([, r]) => r.name === name || r.metadata?.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return `${type}.${found[0]}`;
}

/** Parsed YAML values of the helm_release named `releaseName` (first values document). */
export function helmValues(json: Json, releaseName: string): Json {
  const release = resourceNamed(json, 'helm_release', releaseName);
  return release.values ? parse(release.values[0], { version: '1.1' }) : {};
}

/** Every Kubernetes object shipped through carrier-chart releases, in order. */
export function shippedObjects(json: Json): Json[] {
  return resources(json, 'helm_release')
    .filter(([, r]) => String(r.chart).includes('K8sObjectsChart'))
    .flatMap(([, r]) => (parse(r.values[0], { version: '1.1' }).objects ?? []) as Json[]);
}

/** The shipped object of `kind` named `name`. */
export function objectNamed(json: Json, kind: string, name: string): Json {
  const found = shippedObjects(json).filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0];
}

export interface TestCluster {
  readonly network: TpuNetwork;
  readonly cluster: GkeCluster;
}

/** Google providers, a network, a Standard cluster (pinned to `minVersion` when given) and the cluster providers, for construct tests. */
export function withCluster(scope: Construct, props: { minVersion?: string; location?: string } = {}): TestCluster {
  GoogleProviders.configure(scope, { project: 'my-project', region: 'us-central1' });
  const network = new TpuNetwork(scope, 'Network', { region: 'us-central1' });
  const cluster = new GkeCluster(scope, 'Cluster', {
    name: 'test-cluster', project: 'my-project', location: props.location ?? 'us-central1',
    network: network.network.id, subnetwork: network.tpuSubnet.id,
    version: props.minVersion === undefined ? undefined : GkeVersionSelection.pin(props.minVersion),
  });
  ClusterProviders.configure(scope, { cluster, baseDependencies: [cluster.systemNodePool] });
  return { network, cluster };
}

/** Runs `fn` and returns the thrown error's message (fails the test if nothing is thrown). */
export { errorOf } from '../unit/helpers';

/**
 * Synthesizes the stack `make` adds to a fresh app into a temporary directory, with
 * `TF_VAR_<variable>` (as a deploy sets it) and `HF_TOKEN` (where a careless construct
 * might read it) set to `canary`, and returns the text of every output file and the
 * stack's parsed cdk.tf.json.
 */
export function synthWithCanary(make: (app: App) => TerraformStack, canary: string, variable = 'hf_token'): { files: Map<string, string>; json: Json } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-canary-'));
  const envNames = [`TF_VAR_${variable}`, 'HF_TOKEN'];
  const saved = envNames.map((n) => process.env[n]);
  envNames.forEach((n) => { process.env[n] = canary; });
  let id: string;
  try {
    const app = new App({ outdir });
    id = make(app).node.id;
    app.synth();
  } finally {
    envNames.forEach((n, i) => {
      if (saved[i] === undefined) delete process.env[n];
      else process.env[n] = saved[i];
    });
  }
  const files = new Map<string, string>();
  const walk = (d: string): void => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => {
    const file = path.join(d, e.name);
    if (e.isDirectory()) walk(file);
    else files.set(file, fs.readFileSync(file, 'utf8'));
  });
  walk(outdir);
  const json = JSON.parse(files.get(path.join(outdir, 'stacks', id, 'cdk.tf.json'))!);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { files, json };
}

/**
 * Asserts that a canary token set as `TF_VAR_hf_token` reaches no synthesized file, and that
 * the only reference to the sensitive `hf_token` variable is the write-only data of the Secret
 * `secretName` under `key`.
 */
export function expectTokenOnlyInSecret(make: (app: App) => TerraformStack, secretName: string, key: string): void {
  const { files, json } = synthWithCanary(make, 'hf_CANARYtokenCANARY0123456789');
  expect(files.size).toBeGreaterThan(3);
  for (const [file, text] of files) expect({ file, leaked: text.includes('CANARY') }).toEqual({ file, leaked: false });
  expect(json.variable.hf_token).toMatchObject({ sensitive: true });
  expect(resourceNamed(json, 'kubernetes_secret_v1', secretName).data_wo).toEqual({ [key]: '${var.hf_token}' });
  // Its only routes: the write-only Secret data, and whether it is empty (data_wo_revision; see SecretSource.fromVariable).
  expect(JSON.stringify(json).match(/var\.hf_token\b/g)).toHaveLength(2);
  expect(resourceNamed(json, 'kubernetes_secret_v1', secretName).data_wo_revision).toBe('${(((var.hf_token_revision * 2) - 1) + nonsensitive(min(1, length(var.hf_token))))}');
}
