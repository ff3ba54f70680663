/**
 * Regenerates the vendored Kubernetes schemas under `schemas/k8s/` that the
 * Kubernetes-objects verification layer (`scripts/verify/k8s-objects.ts`) reads.
 *
 *     node dist/scripts/verify/vendor-k8s-schemas.js                      # download the pinned upstream files
 *     node dist/scripts/verify/vendor-k8s-schemas.js --from DIR [--from DIR2]   # read them from local copies
 *     node dist/scripts/verify/vendor-k8s-schemas.js --out schemas/k8s    # output directory (default)
 *
 * Every file comes from a pinned tag (table {@link UPSTREAM}). With `--from`, each
 * file is looked up by its `local` path under each given directory instead of
 * being downloaded (for machines without internet access that hold copies of the
 * same upstream files). A file that is found nowhere is reported and left out;
 * SOURCES.md says so.
 *
 * The files are stored compactly: schema `description`, `example` and
 * `externalDocs` are dropped, a CRD keeps only its group, kind, scope and
 * per-version `openAPIV3Schema`, and a Kubernetes OpenAPI v3 document keeps only
 * the component schemas reachable from the kinds it serves. Nothing else is
 * changed: validation keywords and `x-kubernetes-*` extensions stay as upstream
 * wrote them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, Tags } from 'yaml';

/** How a vendored file is read and stored. */
export type SchemaFileType = 'crd' | 'openapi' | 'jsonschema-crd' | 'chart-values-schema' | 'chart-values';

/** One upstream file. */
export interface UpstreamFile {
  /** Download URL at a pinned tag or commit. */
  readonly url: string;
  /** Path of the same file under a `--from` directory (the first one found is used). */
  readonly local: string | readonly string[];
  /** Name of the vendored file inside the bundle directory. */
  readonly out: string;
  /** For `jsonschema-crd`: the group, version, kind and scope the JSON Schema describes. */
  readonly gvk?: { readonly group: string; readonly version: string; readonly kind: string; readonly scope: 'Cluster' | 'Namespaced' };
}

/** A set of files from one upstream release. */
export interface UpstreamBundle {
  /** Directory under `schemas/k8s/`. */
  readonly bundle: string;
  /** What it is, for SOURCES.md. */
  readonly title: string;
  /** Upstream version (tag) of the files. */
  readonly version: string;
  /** Repository or publisher. */
  readonly source: string;
  readonly type: SchemaFileType;
  /** For chart bundles: chart name (the values are matched to `helm_release.chart` and `version`). */
  readonly chart?: string;
  readonly files: readonly UpstreamFile[];
  /** Caveats (version differences between what the stacks install and what is vendored). */
  readonly notes?: readonly string[];
}

const GH = 'https://raw.githubusercontent.com';

function crdFiles(repoAtTag: string, dir: string, localDirs: string | readonly string[], names: readonly string[]): UpstreamFile[] {
  return names.map((n) => ({ url: `${GH}/${repoAtTag}/${dir}/${n}.yaml`, local: [localDirs].flat().map((d) => `${d}/${n}.yaml`), out: `${n}.json` }));
}

const K8S_TAG = 'v1.35.0';
const K8S_DOCS = [
  'api__v1', 'apis__apps__v1', 'apis__batch__v1', 'apis__autoscaling__v2', 'apis__networking.k8s.io__v1',
  'apis__policy__v1', 'apis__rbac.authorization.k8s.io__v1', 'apis__resource.k8s.io__v1',
  'apis__resource.k8s.io__v1beta1', 'apis__resource.k8s.io__v1beta2', 'apis__scheduling.k8s.io__v1',
  'apis__storage.k8s.io__v1',
];

/**
 * Exactly the controller versions the stacks install (see lib/kueue/kueue-stack.ts
 * `PINNED`, lib/serving/pd/gaie-crds.ts, lib/serving/pd/llmd-release.ts), and the
 * Kubernetes built-ins of the targeted minor.
 */
export const UPSTREAM: readonly UpstreamBundle[] = [
  {
    bundle: 'kubernetes-1.35', title: 'Kubernetes built-in kinds (OpenAPI v3)', version: K8S_TAG,
    source: 'kubernetes/kubernetes `api/openapi-spec/v3`', type: 'openapi',
    files: K8S_DOCS.map((d) => ({
      url: `${GH}/kubernetes/kubernetes/${K8S_TAG}/api/openapi-spec/v3/${d}_openapi.json`,
      local: `kubernetes-1.35/${d}_openapi.json`, out: `${d}.json`,
    })),
    notes: [
      'The stacks target GKE 1.34 (llm-d-pd, qwen-pd, fungibility defaults), 1.35 (ray-llm*) and 1.36 (subslicing, superslicing); only the 1.35 documents are vendored, so a built-in field added in 1.36 or removed after 1.34 is not seen.',
      'The local copy these files were generated from is labelled "kubernetes-1.35" and its documents say `version: unversioned`; the exact 1.35 patch release is not recorded. The download URLs use tag v1.35.0.',
    ],
  },
  {
    bundle: 'kueue-v0.17.4', title: 'Kueue CRDs', version: 'v0.17.4', source: 'kubernetes-sigs/kueue', type: 'crd',
    files: crdFiles('kubernetes-sigs/kueue/v0.17.4', 'config/components/crd/bases', 'kueue-v0.17.4', [
      'kueue.x-k8s.io_admissionchecks', 'kueue.x-k8s.io_clusterqueues', 'kueue.x-k8s.io_cohorts',
      'kueue.x-k8s.io_localqueues', 'kueue.x-k8s.io_provisioningrequestconfigs', 'kueue.x-k8s.io_resourceflavors',
      'kueue.x-k8s.io_topologies', 'kueue.x-k8s.io_workloadpriorityclasses',
    ]),
    notes: ['Only the Kueue kinds a stack can create are vendored (not Workload, MultiKueue*).'],
  },
  {
    bundle: 'jobset-v0.11.1', title: 'JobSet CRD', version: 'v0.11.1', source: 'kubernetes-sigs/jobset', type: 'crd',
    files: crdFiles('kubernetes-sigs/jobset/v0.11.1', 'config/components/crd/bases', 'jobset-v0.11.1', ['jobset.x-k8s.io_jobsets']),
  },
  {
    bundle: 'lws-v0.8.0', title: 'LeaderWorkerSet CRD', version: 'v0.8.0', source: 'kubernetes-sigs/lws', type: 'crd',
    files: crdFiles('kubernetes-sigs/lws/v0.8.0', 'config/crd/bases', 'lws-v0.8.0', ['leaderworkerset.x-k8s.io_leaderworkersets']),
  },
  {
    bundle: 'gateway-api-v1.6.1', title: 'Gateway API CRDs (standard channel)', version: 'v1.6.1',
    source: 'kubernetes-sigs/gateway-api', type: 'crd',
    files: crdFiles('kubernetes-sigs/gateway-api/v1.6.1', 'config/crd/standard', 'gateway-api-v1.6.1', [
      'gateway.networking.k8s.io_gatewayclasses', 'gateway.networking.k8s.io_gateways', 'gateway.networking.k8s.io_grpcroutes',
      'gateway.networking.k8s.io_httproutes', 'gateway.networking.k8s.io_referencegrants',
    ]),
    notes: ['GKE installs and upgrades the Gateway API CRDs itself; the version a given cluster serves follows its GKE version, not this pin.'],
  },
  {
    bundle: 'gaie-v1.5.0', title: 'Gateway API Inference Extension CRDs (InferencePool v1 and the experimental bundle)',
    version: 'v1.5.0', source: 'kubernetes-sigs/gateway-api-inference-extension', type: 'crd',
    // Second local layout: the project's own copy of the same tag (vendor/gateway-api-inference-extension/v1.5.0).
    files: crdFiles('kubernetes-sigs/gateway-api-inference-extension/v1.5.0', 'config/crd/bases', ['gaie-v1.5.0', 'gateway-api-inference-extension/v1.5.0'], [
      'inference.networking.k8s.io_inferencepools', 'inference.networking.x-k8s.io_inferenceobjectives',
      'inference.networking.x-k8s.io_inferencemodelrewrites', 'inference.networking.x-k8s.io_inferencepoolimports',
    ]),
    notes: ['On GKE >= 1.34.0-gke.1626000 GKE manages the InferencePool CRD; its version follows GKE.'],
  },
  {
    bundle: 'kuberay-v1.7.0', title: 'KubeRay CRDs', version: 'v1.7.0', source: 'ray-project/kuberay', type: 'crd',
    files: crdFiles('ray-project/kuberay/v1.7.0', 'ray-operator/config/crd/bases', 'kuberay-v1.7.0', [
      'ray.io_rayclusters', 'ray.io_rayjobs', 'ray.io_rayservices',
    ]),
    notes: ['The ray-llm stacks use GKE\'s Ray operator add-on, which runs the KubeRay version GKE bundles with the cluster version, not a version the stacks pin.'],
  },
  {
    bundle: 'gmp-v0.17.2', title: 'Google Cloud Managed Service for Prometheus CRDs (PodMonitoring, ClusterPodMonitoring)', version: 'v0.17.2',
    source: 'GoogleCloudPlatform/prometheus-engine `charts/operator/crds`', type: 'crd',
    files: crdFiles('GoogleCloudPlatform/prometheus-engine/v0.17.2', 'charts/operator/crds', 'prometheus-engine/v0.17.2/charts/operator/crds', [
      'monitoring.googleapis.com_podmonitorings', 'monitoring.googleapis.com_clusterpodmonitorings',
    ]),
    notes: [
      'GKE installs and upgrades these CRDs with managed collection; the version a cluster serves follows its GKE version. v0.17.2 is the newest release tag of prometheus-engine (later tags are release candidates).',
      'Only the kinds a stack can create are vendored (not Rules, ClusterRules, GlobalRules, OperatorConfig, ClusterNodeMonitoring).',
    ],
  },
  {
    bundle: 'gke-computeclass', title: 'GKE ComputeClass (JSON Schema of the live CRD)', version: 'datreeio/CRDs-catalog commit 77e49833',
    source: 'datreeio/CRDs-catalog `cloud.google.com/computeclass_v1.json` (GKE publishes no CRD source)', type: 'jsonschema-crd',
    files: [{
      url: `${GH}/datreeio/CRDs-catalog/77e49833/cloud.google.com/computeclass_v1.json`,
      local: 'gke/cloud.google.com/computeclass_v1.json', out: 'cloud.google.com_computeclasses.json',
      gvk: { group: 'cloud.google.com', version: 'v1', kind: 'ComputeClass', scope: 'Cluster' },
    }],
    notes: [
      'GKE installs this CRD; the catalog copy was converted from a recent live cluster. Fields it has may be unknown to an older control plane.',
      'Only the abbreviated commit 77e49833 of the catalog is recorded offline; the URL uses it as the ref.',
    ],
  },
  {
    bundle: 'charts/llm-d-modelservice-v0.4.9', title: 'llm-d-modelservice chart values schema and default values', version: 'v0.4.9',
    source: 'llm-d-incubation/llm-d-modelservice (tag llm-d-modelservice-v0.4.9)', type: 'chart-values-schema', chart: 'llm-d-modelservice',
    files: [
      { url: `${GH}/llm-d-incubation/llm-d-modelservice/llm-d-modelservice-v0.4.9/charts/llm-d-modelservice/values.schema.json`, local: 'llm-d/charts/llm-d-modelservice/values.schema.v0.4.9.json', out: 'values.schema.json' },
      { url: `${GH}/llm-d-incubation/llm-d-modelservice/llm-d-modelservice-v0.4.9/charts/llm-d-modelservice/values.yaml`, local: 'llm-d/charts/llm-d-modelservice/values.v0.4.9.yaml', out: 'values.json' },
    ],
  },
  {
    bundle: 'charts/llm-d-infra-v1.4.0', title: 'llm-d-infra chart values schema and default values', version: 'v1.4.0',
    source: 'llm-d-incubation/llm-d-infra (tag llm-d-infra-v1.4.0)', type: 'chart-values-schema', chart: 'llm-d-infra',
    files: [
      { url: `${GH}/llm-d-incubation/llm-d-infra/llm-d-infra-v1.4.0/charts/llm-d-infra/values.schema.json`, local: 'llm-d/charts/llm-d-infra/values.schema.v1.4.0.json', out: 'values.schema.json' },
      { url: `${GH}/llm-d-incubation/llm-d-infra/llm-d-infra-v1.4.0/charts/llm-d-infra/values.yaml`, local: 'llm-d/charts/llm-d-infra/values.v1.4.0.yaml', out: 'values.json' },
    ],
  },
];

/** Charts the stacks install that publish no `values.schema.json` (their values cannot be schema-checked). */
export const CHARTS_WITHOUT_VALUES_SCHEMA: readonly string[] = [
  'kueue 0.17.4, jobset 0.11.1, lws v0.8.0 (installed with their default values)',
  'inferencepool v1.4.0 (kubernetes-sigs/gateway-api-inference-extension `config/charts/inferencepool`)',
  'llm-d-router-gateway v0.10.0 (llm-d/llm-d-router)',
];

/** Entry of `schemas/k8s/index.json`. */
export interface SchemaIndexEntry {
  readonly file: string;
  readonly type: 'crd' | 'openapi' | 'chart-values-schema' | 'chart-values';
  readonly bundle: string;
  readonly version: string;
  readonly chart?: string;
}

const SCHEMA_MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
const SCHEMA_LIST_KEYS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_ONE_KEYS = new Set(['items', 'additionalProperties', 'additionalItems', 'not', 'propertyNames', 'contains']);
const DROPPED_KEYS = new Set(['description', 'example', 'externalDocs']);

/** Drops documentation keywords from a schema node, recursing only into sub-schemas (a property named `description` stays). */
export function stripDocs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (DROPPED_KEYS.has(k)) continue;
    if (SCHEMA_MAP_KEYS.has(k) && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([pk, pv]) => [pk, stripDocs(pv)]));
    } else if (SCHEMA_LIST_KEYS.has(k) && Array.isArray(v)) {
      out[k] = v.map(stripDocs);
    } else if (SCHEMA_ONE_KEYS.has(k) && v && typeof v === 'object') {
      out[k] = stripDocs(v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Compact form of a CustomResourceDefinition: group, kind, scope and the schema of every version. */
export function compactCrd(crd: any): object {
  const spec = crd.spec ?? {};
  return {
    group: spec.group,
    kind: spec.names?.kind,
    plural: spec.names?.plural,
    scope: spec.scope,
    versions: (spec.versions ?? []).map((v: any) => ({
      name: v.name,
      served: v.served !== false,
      ...(v.deprecated ? { deprecated: true, deprecationWarning: v.deprecationWarning } : {}),
      schema: stripDocs(v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
    })),
  };
}

/**
 * Compact form of a Kubernetes OpenAPI v3 document: the kinds of its own
 * group/version (name of their component schema) and every component schema
 * reachable from them.
 */
export function compactOpenApi(doc: any): object {
  const schemas: Record<string, any> = doc.components?.schemas ?? {};
  const served = new Set<string>();
  for (const p of Object.keys(doc.paths ?? {})) {
    const m = /^\/apis\/([^/]+)\/([^/]+)\//.exec(p) ?? /^\/api\/(v1)\//.exec(p);
    if (m) served.add(m.length === 3 ? `${m[1]}/${m[2]}` : `/${m[1]}`);
  }
  const kinds: Record<string, { group: string; version: string; kind: string; schema: string }> = {};
  for (const [name, s] of Object.entries(schemas)) {
    if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue; // Status, DeleteOptions, WatchEvent
    for (const gvk of s['x-kubernetes-group-version-kind'] ?? []) {
      if (!served.has(`${gvk.group}/${gvk.version}`)) continue;
      if (/List$/.test(gvk.kind)) continue;
      kinds[`${gvk.group}/${gvk.version}/${gvk.kind}`] = { group: gvk.group, version: gvk.version, kind: gvk.kind, schema: name };
    }
  }
  const keep = new Set<string>();
  const visit = (name: string): void => {
    if (keep.has(name) || !schemas[name]) return;
    keep.add(name);
    for (const m of JSON.stringify(schemas[name]).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) visit(m[1]);
  };
  Object.values(kinds).forEach((k) => visit(k.schema));
  const kept: Record<string, unknown> = {};
  for (const name of [...keep].sort()) kept[name] = stripDocs(schemas[name]);
  return { kinds: Object.values(kinds), components: { schemas: kept } };
}

/** A GKE-style JSON Schema of one kind, stored in the compact CRD form. */
export function compactJsonSchemaCrd(schema: any, gvk: NonNullable<UpstreamFile['gvk']>): object {
  const { $schema: _s, ...rest } = schema;
  return { group: gvk.group, kind: gvk.kind, scope: gvk.scope, versions: [{ name: gvk.version, served: true, schema: stripDocs(rest) }] };
}

/** Reads one upstream file; `origin` is the URL or the local copy (`<from dir name>/<local path>`). */
async function readUpstream(file: UpstreamFile, fromDirs: readonly string[]): Promise<{ text: string; origin: string } | undefined> {
  if (fromDirs.length) {
    for (const dir of fromDirs) {
      for (const local of [file.local].flat()) {
        const p = path.join(dir, local);
        if (fs.existsSync(p)) return { text: fs.readFileSync(p, 'utf8'), origin: `${path.basename(path.resolve(dir))}/${local}` };
      }
    }
    return undefined;
  }
  const res = await fetch(file.url);
  if (!res.ok) throw new Error(`${file.url}: HTTP ${res.status}`);
  return { text: await res.text(), origin: file.url };
}

/** YAML tags without `!!timestamp`: a date stays the string it is in JSON. */
export function withoutTimestamps(tags: Tags): Tags {
  return tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp');
}

/** Parses JSON, or YAML 1.1 the way kubectl and Helm read manifests. */
function parseYamlOrJson(text: string, name: string): any[] {
  if (/\.json$/.test(name)) return [JSON.parse(text)];
  return parseAllDocuments(text, { version: '1.1', customTags: withoutTimestamps }).map((d) => {
    if (d.errors.length) throw new Error(`${name}: ${d.errors[0].message}`);
    return d.toJS();
  }).filter((d) => d !== null && d !== undefined);
}

/** Result of one regeneration. */
export interface VendorResult {
  readonly written: string[];
  readonly missing: UpstreamFile[];
}

/** Reads every upstream file, writes the compact copies, index.json and SOURCES.md. */
export async function vendorSchemas(outDir: string, fromDirs: readonly string[]): Promise<VendorResult> {
  const written: string[] = [];
  const missing: UpstreamFile[] = [];
  const origins = new Map<UpstreamFile, string>();
  const index: SchemaIndexEntry[] = [];
  for (const b of UPSTREAM) {
    const dir = path.join(outDir, b.bundle);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const f of b.files) {
      const read = await readUpstream(f, fromDirs);
      if (read === undefined) { missing.push(f); continue; }
      origins.set(f, read.origin);
      const [doc] = parseYamlOrJson(read.text, f.url);
      let out: unknown;
      let type: SchemaIndexEntry['type'];
      if (b.type === 'crd') { out = compactCrd(doc); type = 'crd'; }
      else if (b.type === 'openapi') { out = compactOpenApi(doc); type = 'openapi'; }
      else if (b.type === 'jsonschema-crd') { out = compactJsonSchemaCrd(doc, f.gvk!); type = 'crd'; }
      else if (f.out === 'values.json') { out = doc ?? {}; type = 'chart-values'; }
      else { out = stripDocs(doc); type = 'chart-values-schema'; }
      const rel = `${b.bundle}/${f.out}`;
      fs.writeFileSync(path.join(outDir, rel), JSON.stringify(out) + '\n');
      written.push(rel);
      index.push({ file: rel, type, bundle: b.bundle, version: b.version, ...(b.chart ? { chart: b.chart } : {}) });
    }
  }
  fs.writeFileSync(path.join(outDir, 'index.json'), JSON.stringify(index, undefined, 1) + '\n');
  fs.writeFileSync(path.join(outDir, 'SOURCES.md'), sourcesMarkdown(missing, fromDirs.length ? origins : undefined));
  return { written, missing };
}

/**
 * SOURCES.md: source, version and URL of every vendored file, and what is not vendored.
 * `localOrigins` (files read with `--from`): the local copy each file was read from.
 */
export function sourcesMarkdown(missing: readonly UpstreamFile[], localOrigins?: ReadonlyMap<UpstreamFile, string>): string {
  const lines = [
    '# Vendored Kubernetes schemas: sources',
    '',
    'Upstream data used by `scripts/verify/k8s-objects.ts` (`npm run verify:k8s`). Generated by',
    '`scripts/verify/vendor-k8s-schemas.ts`; do not edit by hand. Regenerate with',
    '`npm run build && node dist/scripts/verify/vendor-k8s-schemas.js` (downloads the URLs below), or',
    '`... --from DIR` to read local copies of the same files.',
    '',
    'Stored compactly: documentation keywords (`description`, `example`, `externalDocs`) are dropped; a CRD keeps',
    'its group, kind, scope and each version\'s `openAPIV3Schema`; a Kubernetes OpenAPI v3 document keeps the kinds',
    'of its group/version and the component schemas reachable from them. Chart default values are stored as JSON.',
    localOrigins ? '\nThis copy was generated without internet access from local copies of the upstream files (column "read from"), not downloaded.' : '',
    '',
  ];
  for (const b of UPSTREAM) {
    lines.push(`## ${b.bundle}: ${b.title}`, '', `- Source: ${b.source}`, `- Version: ${b.version}`);
    for (const n of b.notes ?? []) lines.push(`- Note: ${n}`);
    lines.push('', `| file | upstream URL |${localOrigins ? ' read from |' : ''}`, `|---|---|${localOrigins ? '---|' : ''}`);
    for (const f of b.files) {
      const name = missing.includes(f) ? `(not vendored: no local copy) ${f.out}` : `\`${f.out}\``;
      lines.push(`| ${name} | ${f.url} |${localOrigins ? ` ${localOrigins.get(f) ?? '-'} |` : ''}`);
    }
    lines.push('');
  }
  lines.push('## Charts without a values schema', '',
    'These charts are installed by the stacks but publish no `values.schema.json`; their values are not schema-checked:', '');
  for (const c of CHARTS_WITHOUT_VALUES_SCHEMA) lines.push(`- ${c}`);
  lines.push('');
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}

function parseArgs(argv: readonly string[]): { out: string; from: string[] } {
  const opts = { out: path.join('schemas', 'k8s'), from: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from' && argv[i + 1]) opts.from.push(argv[++i]);
    else if (a === '--out' && argv[i + 1]) opts.out = argv[++i];
    else throw new Error(`unknown argument ${a}; usage: vendor-k8s-schemas [--from DIR]... [--out DIR]`);
  }
  return opts;
}

if (require.main === module) {
  const opts = parseArgs(process.argv.slice(2));
  vendorSchemas(opts.out, opts.from).then((r) => {
    process.stdout.write(`wrote ${r.written.length} files to ${opts.out}\n`);
    for (const m of r.missing) process.stdout.write(`missing (not vendored): ${[m.local].flat().join(' or ')} (${m.url})\n`);
  }).catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
