/**
 * Rules every synthesized stack keeps, whatever construct wrote the resource:
 * cross-resource names are references (or explicit dependencies), no empty block the
 * provider rejects, no pinned GKE build, no deprecated default argument.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { createStacks } from '../../stacks/app';
import { Json } from '../helpers/synth';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-refs-'));
const app = new App({ outdir });
const ids = createStacks(app).map((s) => s.node.id);
app.synth();
const stacks: [string, Json][] = ids.map((id) => [id, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'))]);

/** [address, body] of every resource of the stack. */
function allResources(json: Json): [string, Json][] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byId]) =>
    Object.entries(byId as Json).map(([id, body]) => [`${type}.${id}`, body] as [string, Json]));
}

/** Every string inside `value` with its path (the `//` metadata left out). */
function strings(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).filter(([k]) => k !== '//').flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

/** Arguments that hold a resource's own name. */
const OWN_NAME = ['name', 'account_id', 'repository_id', 'display_name', 'description'];

/**
 * Literal names of GCP resources that appear as a whole value in another google resource:
 * such a value is a name where a reference belongs (Terraform sees no dependency).
 */
function literalGoogleNames(json: Json): string[] {
  const named = allResources(json)
    .filter(([address]) => address.startsWith('google_'))
    .map(([address, b]) => [address, b.name ?? b.account_id ?? b.repository_id] as [string, unknown])
    .filter((e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('${'));
  const found: string[] = [];
  for (const [address, body] of allResources(json).filter(([a]) => a.startsWith('google_'))) {
    for (const [at, value] of strings(body)) {
      if (OWN_NAME.includes(at.slice(1))) continue;
      for (const [owner, name] of named) if (owner !== address && value === name) found.push(`${address}${at} = "${name}" (name of ${owner})`);
    }
  }
  return found;
}

/** Kubernetes Secrets (literal names) that a release or object names without depending on them. */
function undeclaredSecretUses(json: Json): string[] {
  const secrets = allResources(json)
    .filter(([address]) => address.startsWith('kubernetes_secret_v1.'))
    .map(([address, b]) => [address, b.metadata?.name] as [string, unknown])
    .filter((e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('${'));
  const found: string[] = [];
  for (const [address, body] of allResources(json).filter(([a]) => a.startsWith('helm_release.') || a.startsWith('kubernetes_'))) {
    const text = JSON.stringify({ ...body, depends_on: undefined, '//': undefined });
    for (const [secret, name] of secrets) {
      if (secret === address) continue;
      const named = new RegExp(`(^|[\\s:"'\\\\n])${name.replace(/[-.]/g, '\\$&')}($|[\\s"',\\\\])`).test(text);
      if (named && !(body.depends_on ?? []).includes(secret) && !text.includes(`\${${secret}.`)) found.push(`${address} names Secret "${name}" without depending on ${secret}`);
    }
  }
  return found;
}

describe('every stack of the app', () => {
  test('synthesizes the seven stacks', () => expect(ids.sort()).toEqual(
    ['fungibility', 'llm-d-pd', 'qwen-pd', 'ray-llm', 'ray-llm-autopilot', 'subslicing', 'superslicing']));

  test.each(ids)('%s: no GCP resource names another one by a literal (policies, accounts, buckets, networks, repositories are references)', (id) => {
    expect(literalGoogleNames(stacks.find(([s]) => s === id)![1])).toEqual([]);
  });

  test('the check finds a literal workload-policy name (the TPU7x pools wrote "superslice-policy")', () => {
    const json = {
      resource: {
        google_compute_resource_policy: { p: { name: 'superslice-policy' } },
        google_container_node_pool: {
          ok: { placement_policy: { policy_name: '${google_compute_resource_policy.p.name}' } },
          bad: { placement_policy: { policy_name: 'superslice-policy' } },
        },
      },
    };
    expect(literalGoogleNames(json)).toEqual(['google_container_node_pool.bad.placement_policy.policy_name = "superslice-policy" (name of google_compute_resource_policy.p)']);
  });

  test.each(ids)('%s: every release or object that names a Secret the stack creates depends on it', (id) => {
    expect(undeclaredSecretUses(stacks.find(([s]) => s === id)![1])).toEqual([]);
  });

  test('the check finds a release that mounts a Secret without depending on it', () => {
    const json = {
      resource: {
        kubernetes_secret_v1: { s: { metadata: { name: 'hf-secret' } } },
        helm_release: {
          ok: { values: ['secretName: hf-secret\n'], depends_on: ['kubernetes_secret_v1.s'] },
          bad: { values: ['env:\n  - secretKeyRef:\n      name: hf-secret\n'] },
        },
      },
    };
    expect(undeclaredSecretUses(json)).toEqual(['helm_release.bad names Secret "hf-secret" without depending on kubernetes_secret_v1.s']);
  });

  test.each(ids)('%s: no empty addons_config, no pinned GKE build, no default admission_policy', (id) => {
    const json = stacks.find(([s]) => s === id)![1];
    for (const [, cluster] of Object.entries(json.resource.google_container_cluster ?? {}) as [string, Json][]) {
      if ('addons_config' in cluster) expect(Object.keys(cluster.addons_config).length).toBeGreaterThan(0);
      expect(cluster.min_master_version ?? '').not.toMatch(/^\d+\.\d+\.\d+-gke\.\d+$/);
    }
    for (const [, cache] of Object.entries(json.resource.google_storage_anywhere_cache ?? {}) as [string, Json][]) {
      expect(cache.admission_policy).toBeUndefined();
    }
  });
});
