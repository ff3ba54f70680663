/**
 * The platform repo's smoke test of its synthesized stacks (run after `npm run
 * synth`: `node dist/check.js`): a few facts per stack that the library derives
 * and this platform relies on. Exits non-zero on the first failed assertion.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const outdir = path.resolve(process.env.CDKTF_OUTDIR || 'cdktf.out');
const stack = (name: string): Json => JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
const all = (json: Json, type: string): Json[] => Object.values(json.resource?.[type] ?? {});
const named = (json: Json, type: string, name: string): Json => {
  const found = all(json, type).filter((r) => r.name === name);
  assert.strictEqual(found.length, 1, `one ${type} named ${name}`);
  return found[0];
};
const releaseText = (json: Json, name: string): string => (named(json, 'helm_release', name).values ?? []).join('\n');

// 1. tpu7x: the generic profile's flags only (no seed model flags), TP = TensorCores of a 2x2x2 sub-slice.
{
  const json = stack('tpu7x-inference');
  const servers = releaseText(json, 'llama-pd-model-servers');
  assert.match(servers, /--served-model-name=meta-llama\/Llama-3\.1-70B-Instruct --max-model-len=16384 --tensor-parallel-size=16 /);
  assert.strictEqual((servers.match(/--max-model-len=/g) ?? []).length, 2, 'one --max-model-len per role (the prefill and decode leaders run vLLM)');
  assert.doesNotMatch(servers, /enable-expert-parallel|kv-cache-dtype|TPUConnectorHMA|Qwen/);
  const cube = named(json, 'google_container_node_pool', 'platform-superslice-1');
  assert.strictEqual(cube.node_count, 16);
  assert.strictEqual(cube.placement_policy.tpu_topology, '4x4x4');
}

// 2. v5p 2x2x4: 4 VMs of 4 chips, one queued JobSet of 4 pods per slice.
{
  const json = stack('v5p-training');
  const pool = named(json, 'google_container_node_pool', 'v5p-2x2x4');
  assert.strictEqual(pool.node_count, 4);
  assert.deepStrictEqual(pool.placement_policy, { type: 'COMPACT', tpu_topology: '2x2x4' });
  assert.deepStrictEqual(pool.node_config.reservation_affinity.values, ['acme-v5p-train']);
  const jobset = releaseText(json, 'pretrain-llm');
  assert.match(jobset, /kueue\.x-k8s\.io\/queue-name: /);
  assert.match(jobset, /google\.com\/tpu: "?4"?/);
}

// 3. Two clusters: each release goes through its own cluster's helm provider.
{
  const json = stack('two-region-serving');
  assert.deepStrictEqual(json.provider.helm.map((p: Json) => p.alias ?? null), [null, 'europe']);
  const providers = all(json, 'helm_release').map((r) => `${r.name}:${r.provider ?? 'helm'}`).sort();
  for (const name of ['chat', 'jobset', 'kueue', 'kueue-objects', 'lws']) {
    assert.ok(providers.includes(`${name}:helm`) && providers.includes(`${name}:helm.europe`), `${name} in both clusters`);
  }
}

// 4. Fungibility: the class lists the platform's tiers in its order.
{
  const json = stack('fungible-serving');
  const computeClass = all(json, 'helm_release').map((r) => (r.values ?? []).join('\n')).find((v) => /kind: ComputeClass/.test(v));
  assert.ok(computeClass, 'a ComputeClass');
  const listed = [...computeClass.matchAll(/- nodepools:\s*\n\s*- (\S+)/g)].map((m) => m[1]);
  assert.deepStrictEqual(listed, ['v6e-1-reserved', 'v6e-1-spot', 'l4'], 'the platform\'s tiers, in its order');
}

// 5. Capacity modes on TPU pools.
{
  const spot = named(stack('tpu-spot'), 'google_container_node_pool', 'v6e-8-spot');
  assert.strictEqual(spot.node_config.spot, true);
  const flex = named(stack('tpu-flex-start'), 'google_container_node_pool', 'v6e-8-flex');
  assert.strictEqual(flex.node_config.flex_start, true);
  assert.strictEqual(flex.node_config.max_run_duration, '86400s');
  assert.strictEqual(flex.autoscaling.total_min_node_count, 0);
  const queuedJson = stack('tpu-queued-provisioning');
  const queued = named(queuedJson, 'google_container_node_pool', 'v5p-2x2x4-queued');
  assert.deepStrictEqual(queued.queued_provisioning, { enabled: true });
  const kueue = releaseText(queuedJson, 'kueue-objects');
  assert.match(kueue, /kind: ProvisioningRequestConfig/);
  assert.match(kueue, /controllerName: kueue\.x-k8s\.io\/provisioning-request/);
}

// 6. Fallback chains: ComputeClass reservation -> on-demand -> flex-start -> Spot; Kueue flavors reservation -> Spot.
{
  const json = stack('tpu-capacity-fallback');
  const computeClass = releaseText(json, 'compute-class-v6e-serving');
  const steps = [...computeClass.matchAll(/- nodepools:\s*\n\s*- (\S+)/g)].map((m) => m[1]);
  assert.deepStrictEqual(steps, ['v6e-serving-reservation', 'v6e-serving-on-demand', 'v6e-serving-flex-start', 'v6e-serving-spot']);
  const queue = releaseText(json, 'kueue-objects');
  const flavors = [...queue.matchAll(/- name: (kueue-\S+)\n\s*resources:/g)].map((m) => m[1]);
  assert.deepStrictEqual(flavors, ['kueue-reservation', 'kueue-spot']);
}

process.stdout.write('examples check: 8 stacks synthesized; model profile, v5p JobSet, per-cluster providers, tiers, capacity modes and fallback chains as expected\n');
