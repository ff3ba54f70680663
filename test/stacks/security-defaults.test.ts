/**
 * Security defaults every stack of the app must keep (issue 10): no public endpoint
 * without source ranges, internal gateways with same-namespace routes, a dedicated
 * least-privilege node service account on every pool, Dataplane V2 on Standard
 * clusters, every plan-time download pinned by sha256, and no floating workload
 * dependencies (branch archives, `:latest` images, unpinned pip installs).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { parse } from 'yaml';
import { createStacks } from '../../stacks/app';
import { Json, resources } from '../helpers/synth';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-sec-'));
const app = new App({ outdir });
const ids = createStacks(app).map((s) => s.node.id);
app.synth();
const stacks: [string, Json][] = ids.map((id) => [id, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'))]);

/** Every Kubernetes object in a stack: carrier-chart objects and raw manifests, in helm values. */
function objects(json: Json): Json[] {
  return resources(json, 'helm_release').flatMap(([, r]) => (r.values ?? []).flatMap((v: string) => {
    const values = parse(v, { version: '1.1' }) ?? {};
    const raw = (values.manifests ?? []).filter((m: unknown) => typeof m === 'string' && !m.startsWith('${'))
      .flatMap((m: string) => m.split(/^---$/m).map((d) => parse(d)).filter(Boolean));
    return [...(values.objects ?? []), ...raw] as Json[];
  }));
}

/** Every container image a value names: `image: "<ref>"` strings and chart-style `{ hub|repository, name?, tag }` objects. */
function imagesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(imagesIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Json).flatMap(([k, v]) => {
    if (k === 'image' && typeof v === 'string') return [v];
    if (k === 'image' && v && typeof v === 'object' && typeof v.tag === 'string') return [`${v.hub ?? v.repository ?? ''}/${v.name ?? ''}:${v.tag}`, ...imagesIn(v)];
    return imagesIn(v);
  });
}

describe.each(stacks)('security defaults of stack %s', (id, json) => {
  const text = JSON.stringify(json);

  test('no external LoadBalancer Service without source ranges', () => {
    const services = objects(json).filter((o) => o.kind === 'Service' && o.spec?.type === 'LoadBalancer');
    for (const s of services) {
      const internal = s.metadata?.annotations?.['networking.gke.io/load-balancer-type'] === 'Internal';
      expect({ service: s.metadata.name, internal, ranges: internal || (s.spec.loadBalancerSourceRanges ?? []).length > 0 })
        .toEqual({ service: s.metadata.name, internal, ranges: true });
    }
    if (id === 'fungibility') {
      expect(services.map((s) => [s.metadata.name, s.metadata.annotations])).toEqual([['vllm-service', { 'networking.gke.io/load-balancer-type': 'Internal' }]]);
    }
  });

  test('gateways are internal (gke-l7-rilb) and take routes from their own namespace only', () => {
    const gateways = objects(json).filter((o) => o.kind === 'Gateway').map((g) => [g.spec.gatewayClassName, g.spec.listeners.map((l: Json) => l.allowedRoutes)]);
    const infra = resources(json, 'helm_release').filter(([, r]) => r.chart === 'llm-d-infra')
      .map(([, r]) => parse(r.values[0]).gateway).map((g: Json) => [g.gatewayClassName, g.listeners.map((l: Json) => l.allowedRoutes)]);
    for (const g of [...gateways, ...infra]) expect(g).toEqual(['gke-l7-rilb', [{ namespaces: { from: 'Same' } }]]);
    const expected = { 'subslicing': 1, 'llm-d-pd': 1, 'qwen-pd': 1 }[id] ?? 0;
    expect(gateways.length + infra.length).toBe(expected);
  });

  test('every node pool runs as the dedicated node service account with GKE_METADATA; Autopilot provisions nodes as it', () => {
    const accounts = resources(json, 'google_service_account').filter(([, a]) => /-nodes$/.test(a.account_id));
    expect(accounts).toHaveLength(1);
    const [[accountId, account]] = accounts;
    const email = `\${google_service_account.${accountId}.email}`;
    expect(account.account_id).not.toMatch(/compute/);
    const roles = resources(json, 'google_project_iam_member').filter(([, m]) => m.member === `\${google_service_account.${accountId}.member}`).map(([, m]) => m.role);
    expect(roles).toEqual(['roles/container.defaultNodeServiceAccount']);
    const pools = resources(json, 'google_container_node_pool');
    for (const [, p] of pools) {
      expect([p.name, p.node_config.service_account, p.node_config.workload_metadata_config]).toEqual([p.name, email, { mode: 'GKE_METADATA' }]);
      expect(p.node_config.shielded_instance_config.enable_integrity_monitoring).toBe(true);
    }
    const [[, cluster]] = resources(json, 'google_container_cluster');
    if (cluster.enable_autopilot) {
      expect(pools).toEqual([]);
      expect(cluster.cluster_autoscaling.auto_provisioning_defaults.service_account).toBe(email);
    } else {
      expect(pools.length).toBeGreaterThan(1);
      expect(cluster.datapath_provider).toBe('ADVANCED_DATAPATH');
    }
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^google_project_iam_member\./)]));
    expect(text).not.toMatch(/-compute@developer\.gserviceaccount\.com/);
  });

  test('every plan-time download has a sha256 postcondition', () => {
    const downloads = Object.entries((json.data?.http ?? {}) as Record<string, Json>);
    // Only the dynamic-slicing stacks download at plan time (the slice controller manifest).
    expect(downloads.length).toBe(['subslicing', 'superslicing'].includes(id) ? 1 : 0);
    for (const [, d] of downloads) {
      expect(d.lifecycle.postcondition.map((c: Json) => c.condition)).toEqual([
        '${self.status_code == 200}', expect.stringMatching(/^\$\{sha256\(self\.response_body\) == ("[0-9a-f]{64}"|var\.[a-z0-9_]+)\}$/),
      ]);
    }
  });

  test('no branch archives, :latest images or unpinned pip installs', () => {
    expect(text).not.toMatch(/\/archive\/(?![0-9a-f]{40}\.zip)[^"\s]*\.(zip|tar\.gz)/);
    expect(text).not.toMatch(/archive\/main\.zip|refs\/heads\//);
    const images = resources(json, 'helm_release').flatMap(([, r]) => (r.values ?? []).flatMap((v: string) => imagesIn(parse(v, { version: '1.1' }))));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).not.toMatch(/:latest$/);
    expect(text).not.toMatch(/:latest\b/);
    const installs = [...text.matchAll(/pip3? install ((?:(?!\\n|\\"|&&)[^\n])*)/g)].map((m) => m[1].replace(/\\/g, ''));
    expect(installs.length > 0).toBe(['subslicing', 'superslicing', 'ray-llm', 'ray-llm-autopilot'].includes(id));
    for (const line of installs) {
      const requirements = line.split(/\s+/).filter((w) => w && !w.startsWith('-') && !w.startsWith('http')).map((w) => w.replace(/^['"]|['"]$/g, ''));
      for (const r of requirements) expect(r).toMatch(/==/);
    }
  });
});

test('no Dockerfile under images/ defaults to a latest tag', () => {
  const root = path.resolve(__dirname, '../../images');
  const dockerfiles: string[] = [];
  const walk = (d: string) => fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name === 'Dockerfile' && dockerfiles.push(path.join(d, e.name))));
  walk(root);
  expect(dockerfiles.length).toBe(2);
  for (const f of dockerfiles) {
    const text = fs.readFileSync(f, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(text).not.toMatch(/:latest\b/);
    expect(text).toMatch(/^(FROM [^\s$]+:[^\s]+|ARG [A-Z_]+=[^\s]+:[^\s]+)$/m);
  }
});
