/**
 * Offline verification of the Kubernetes objects in synthesized stacks, against
 * the upstream schemas vendored in `schemas/k8s/` (see its SOURCES.md).
 *
 *     npm run verify:k8s                                   # every cdktf.out/stacks/<stack>/cdk.tf.json
 *     node dist/scripts/verify/k8s-objects.js cdktf.out    # a synth output directory
 *     node dist/scripts/verify/k8s-objects.js path/to/cdk.tf.json other.yaml
 *     ... --quiet                                          # print only FAIL/UNKNOWN lines and the summaries
 *
 * What it finds in a `cdk.tf.json`:
 * - objects shipped through the project's carrier chart (`helm_release` whose chart is the
 *   `K8sObjectsChart` asset): `objects[]` of its values, and literal YAML in `manifests[]`;
 * - objects (apiVersion + kind + metadata/spec) anywhere in the values of other `helm_release`s;
 * - `kubernetes_manifest.manifest`;
 * - the `metadata` block of typed `kubernetes_*` resources (checked with the ObjectMeta rules);
 * - the values of third-party charts that publish a `values.schema.json` (llm-d-modelservice,
 *   llm-d-infra), merged over the chart's default values the way Helm does before it validates.
 * A directory argument is searched for `cdk.tf.json` files; a `.yaml`/`.yml` file is read as
 * Kubernetes manifests (multi-document).
 *
 * How an object is checked (like the API server with strict field validation):
 * unknown fields are rejected unless the schema says `x-kubernetes-preserve-unknown-fields`;
 * types, enums, patterns, required fields and bounds are checked; `x-kubernetes-int-or-string`
 * accepts both; embedded resources accept apiVersion/kind/metadata; CRD `default`s are applied
 * first (the API server defaults before it validates); metadata follows the ObjectMeta rules
 * (name, namespace, label keys and values). A kind without a vendored schema is UNKNOWN.
 *
 * Terraform expressions: a check that fails on a value containing `${...}` is not a failure;
 * it is counted and printed as a NOTE (the value is only known at apply time).
 *
 * A shipped CustomResourceDefinition (for example the GAIE CRDs the stacks install) is not
 * schema-checked as an object: it must equal the vendored upstream CRD of the same name.
 *
 * Not checked: CEL rules (`x-kubernetes-validations`), list-map key uniqueness, formats other
 * than `byte` and `date-time`, admission webhooks, cross-object references, and the content of
 * manifests that are themselves Terraform expressions (for example a remote manifest fetched
 * with `data.http`).
 *
 * Exit code 1 on any FAIL or UNKNOWN.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { compactCrd, SchemaIndexEntry, withoutTimestamps } from './vendor-k8s-schemas';

// ---------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------

/** Status of one checked item. */
export type Status = 'OK' | 'FAIL' | 'UNKNOWN';

/** What was checked. */
export type ItemKind = 'object' | 'metadata' | 'values';

/** Result of checking one object, one typed resource's metadata, or one chart's values. */
export interface Finding {
  readonly status: Status;
  readonly item: ItemKind;
  /** `Kind/name`, `kubernetes_namespace_v1.<id>` or `values <chart>@<version>`. */
  readonly label: string;
  /** Where it was found in the input (`helm_release.X.values[0] objects[2]`). */
  readonly where: string;
  /** One reason per problem: `<json path>: <reason>`. */
  readonly problems: readonly string[];
  /** Problems on Terraform expressions, tolerated. */
  readonly notes: readonly string[];
}

/** Something found that could not be checked at all (not a failure). */
export interface Skipped {
  readonly where: string;
  readonly reason: string;
}

/** Everything found in one input file. */
export interface FileReport {
  /** Stack name (the directory of a cdk.tf.json), or the file name. */
  readonly name: string;
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly skipped: readonly Skipped[];
}

// ---------------------------------------------------------------------------
// Schema registry
// ---------------------------------------------------------------------------

/** Finds `schemas/k8s` walking up from this file (works from scripts/ and dist/scripts/). */
export function defaultSchemaDirectory(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'schemas', 'k8s');
    if (fs.existsSync(path.join(candidate, 'index.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`schemas/k8s/index.json not found above ${__dirname}`);
    dir = parent;
  }
}

interface KindEntry {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly served: boolean;
  readonly deprecationWarning?: string;
  readonly scope?: string;
  readonly source: string;
  /** CRD: the openAPIV3Schema; built-in: a `$ref` into an OpenAPI document added to ajv. */
  readonly crdSchema?: object;
  readonly ref?: string;
}

/** A vendored CRD in its compact form, to compare a shipped CustomResourceDefinition with. */
interface VendoredCrd {
  readonly source: string;
  readonly compact: unknown;
}

interface ChartEntry {
  readonly chart: string;
  readonly version: string;
  readonly schema: object;
  readonly defaults: object;
}

/** Kubernetes `Quantity` grammar (resource.ParseQuantity), used where OpenAPI says only string|number. */
const QUANTITY = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+))?$';
const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS1035_LABEL = '^[a-z]([-a-z0-9]*[a-z0-9])?$';
const LABEL_KEY = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';

/** Kinds whose name must be a DNS-1123 label (63 characters) rather than a subdomain. */
const LABEL_NAMED_KINDS = new Set(['/Namespace']);
/** Kinds whose name must be a DNS-1035 label (starts with a letter). */
const DNS1035_NAMED_KINDS = new Set(['/Service']);

/** ObjectMeta as the API server validates it (fields it does not know are rejected, strict). */
function objectMetaSchema(namePattern: string, nameMax: number): object {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { type: 'string', maxLength: nameMax, pattern: namePattern },
      generateName: { type: 'string' },
      namespace: { type: 'string', maxLength: 63, pattern: DNS1123_LABEL },
      labels: {
        type: 'object',
        propertyNames: { maxLength: 317, pattern: LABEL_KEY },
        additionalProperties: { type: 'string', maxLength: 63, pattern: LABEL_VALUE },
      },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      finalizers: { type: 'array', items: { type: 'string' } },
      ownerReferences: { type: 'array', items: { type: 'object', required: ['apiVersion', 'kind', 'name', 'uid'] } },
      uid: { type: 'string' },
      resourceVersion: { type: 'string' },
      generation: { type: 'integer' },
      creationTimestamp: { type: ['string', 'null'] },
      deletionTimestamp: { type: ['string', 'null'] },
      deletionGracePeriodSeconds: { type: 'integer' },
      managedFields: { type: 'array' },
      selfLink: { type: 'string' },
    },
    anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
  };
}

const SUPPORTED_FORMATS = new Set(['byte', 'date-time']);

/**
 * Turns a Kubernetes structural schema node into JSON Schema for ajv.
 * `structural` is true where the node describes the shape of the data (not inside
 * anyOf/oneOf/not value validations): only there are unknown fields closed.
 * `lists` (custom resources): `x-kubernetes-list-type` map and set reject duplicate entries,
 * as the API server does for custom resources (built-in kinds check duplicates per field in
 * Go code, sometimes only as a warning, so they are not modelled).
 */
export function toAjvSchema(node: unknown, structural = true, lists = false): unknown {
  if (Array.isArray(node)) return node.map((n) => toAjvSchema(n, structural, lists));
  if (!node || typeof node !== 'object') return node;
  const src = node as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'example' || k === 'externalDocs' || k === 'nullable') continue;
    if ((k === 'properties' || k === 'patternProperties') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, toAjvSchema(pv, structural, lists)]));
    } else if ((k === 'items' || k === 'additionalProperties') && v && typeof v === 'object') {
      out[k] = toAjvSchema(v, structural, lists);
    } else if (k === 'allOf' && Array.isArray(v)) {
      // `allOf: [{$ref}]` is how the OpenAPI documents reference a type: still structural.
      out[k] = v.map((n: any) => toAjvSchema(n, structural && n && n.$ref !== undefined, lists));
    } else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) {
      out[k] = v.map((n: unknown) => toAjvSchema(n, false, lists));
    } else if (k === 'not') {
      out[k] = toAjvSchema(v, false, lists);
    } else {
      out[k] = v;
    }
  }
  const isIntOrString = (list: unknown): boolean => Array.isArray(list) && list.length === 2 &&
    list.map((x: any) => x?.type).sort().join() === 'integer,string';
  if (src['x-kubernetes-int-or-string'] === true || out.format === 'int-or-string') {
    out.type = ['integer', 'string'];
    if (isIntOrString(out.anyOf)) delete out.anyOf;
    if (isIntOrString(out.oneOf)) delete out.oneOf;
  }
  if (out.format !== undefined && !SUPPORTED_FORMATS.has(out.format)) delete out.format;
  if (src.nullable === true && out.type !== undefined) out.type = [...new Set([...[out.type].flat(), 'null'])];
  if (typeof out.pattern === 'string') {
    try { new RegExp(out.pattern); } catch { delete out.pattern; } // a Go RE2 pattern JavaScript cannot compile
  }
  if (src['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
  }
  if (lists && src['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (lists && src['x-kubernetes-list-type'] === 'map' && Array.isArray(src['x-kubernetes-list-map-keys'])) out.k8sListMapKeys = src['x-kubernetes-list-map-keys'];
  if (structural && src['x-kubernetes-preserve-unknown-fields'] !== true && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** ajv keyword: the entries of a list-type map must differ in their key fields. */
function duplicateListMapKeys(keys: string[], data: unknown[]): boolean {
  const seen = new Map<string, number>();
  const errors: Array<Partial<ErrorObject>> = [];
  data.forEach((item, i) => {
    if (!item || typeof item !== 'object') return;
    const id = JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k]));
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else errors.push({ keyword: 'k8sListMapKeys', params: { keys }, message: `entries ${first} and ${i} have the same ${keys.map((k) => `${k}=${JSON.stringify((item as Record<string, unknown>)[k])}`).join(', ')} (list keyed by ${keys.join(', ')})` });
  });
  (duplicateListMapKeys as unknown as { errors: unknown }).errors = errors;
  return errors.length === 0;
}

/** Applies CRD `default`s at structural positions, as the API server does before validating. */
export function applyDefaults(schema: any, data: unknown): void {
  if (!schema || typeof schema !== 'object' || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    if (schema.items) data.forEach((d) => applyDefaults(schema.items, d));
    return;
  }
  const obj = data as Record<string, unknown>;
  for (const [k, s] of Object.entries<any>(schema.properties ?? {})) {
    if (obj[k] === undefined && s && s.default !== undefined) obj[k] = structuredClone(s.default);
    if (obj[k] !== undefined) applyDefaults(s, obj[k]);
  }
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    for (const [k, v] of Object.entries(obj)) if (!(k in (schema.properties ?? {}))) applyDefaults(schema.additionalProperties, v);
  }
}

/** The vendored schemas, compiled lazily. */
export class SchemaRegistry {
  private readonly kinds = new Map<string, KindEntry>();
  private readonly byGroupKind = new Map<string, KindEntry[]>();
  private readonly charts = new Map<string, ChartEntry[]>();
  private readonly crds = new Map<string, VendoredCrd>();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly metaValidators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;

  /** Loads `index.json` of a schema directory (default: the project's `schemas/k8s`). */
  constructor(dir: string = defaultSchemaDirectory()) {
    this.ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateSchema: false, logger: false });
    this.ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    this.ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
    for (const f of ['int32', 'int64', 'float', 'double']) this.ajv.addFormat(f, true);
    this.ajv.addKeyword({ keyword: 'k8sListMapKeys', type: 'array', schemaType: 'array', errors: true, validate: duplicateListMapKeys });
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as SchemaIndexEntry[];
    const chartDefaults = new Map<string, object>();
    for (const e of index) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, e.file), 'utf8'));
      const source = `${e.bundle}/${path.basename(e.file)}`;
      if (e.type === 'crd') {
        if (doc.plural) this.crds.set(`${doc.plural}.${doc.group}`, { source, compact: doc });
        for (const v of doc.versions) {
          this.addKind({ group: doc.group, version: v.name, kind: doc.kind, served: v.served, deprecationWarning: v.deprecated ? (v.deprecationWarning ?? 'deprecated') : undefined, scope: doc.scope, source, crdSchema: v.schema });
        }
      } else if (e.type === 'openapi') {
        const id = `k8s-openapi:${e.file}`;
        const schemas: Record<string, unknown> = {};
        for (const [name, s] of Object.entries(doc.components.schemas)) schemas[name] = toAjvSchema(s);
        const quantity = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
        if (schemas[quantity]) schemas[quantity] = { type: ['string', 'number'], pattern: QUANTITY };
        this.ajv.addSchema({ $id: id, components: { schemas } });
        for (const k of doc.kinds) this.addKind({ group: k.group, version: k.version, kind: k.kind, served: true, source, ref: `${id}#/components/schemas/${k.schema}` });
      } else if (e.type === 'chart-values') {
        chartDefaults.set(e.bundle, doc);
      } else if (e.type === 'chart-values-schema') {
        const list = this.charts.get(e.chart!) ?? [];
        list.push({ chart: e.chart!, version: e.version, schema: doc, defaults: {} });
        this.charts.set(e.chart!, list);
      }
    }
    for (const [chart, list] of this.charts) {
      this.charts.set(chart, list.map((c) => ({ ...c, defaults: chartDefaults.get(`charts/${chart}-${c.version}`) ?? {} })));
    }
  }

  private addKind(entry: KindEntry): void {
    const key = `${entry.group}/${entry.version}/${entry.kind}`;
    if (this.kinds.has(key)) return;
    this.kinds.set(key, entry);
    const gk = `${entry.group}/${entry.kind}`;
    this.byGroupKind.set(gk, [...(this.byGroupKind.get(gk) ?? []), entry]);
  }

  /** The schema entry of an apiVersion/kind, or the other versions of that kind when this one is not vendored. */
  lookup(apiVersion: string, kind: string): { entry?: KindEntry; others: KindEntry[] } {
    const { group, version } = splitApiVersion(apiVersion);
    return { entry: this.kinds.get(`${group}/${version}/${kind}`), others: this.byGroupKind.get(`${group}/${kind}`) ?? [] };
  }

  /** Compiled validator of a kind. */
  validator(entry: KindEntry): ValidateFunction {
    const key = `${entry.group}/${entry.version}/${entry.kind}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      if (entry.ref) {
        fn = this.ajv.compile({ $ref: entry.ref });
      } else {
        // The API server accepts apiVersion/kind/metadata at the root of every custom resource;
        // metadata is checked with the ObjectMeta rules.
        const root = toAjvSchema(entry.crdSchema, true, true) as Record<string, any>;
        root.properties = { ...root.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
        fn = this.ajv.compile(root);
      }
      this.compiled.set(key, fn);
    }
    return fn;
  }

  /** ObjectMeta validator for a kind (`group/Kind`): the name rule depends on the kind. */
  metaValidator(groupKind: string): ValidateFunction {
    const rule = DNS1035_NAMED_KINDS.has(groupKind) ? 'dns1035' : LABEL_NAMED_KINDS.has(groupKind) ? 'label' : 'subdomain';
    let fn = this.metaValidators.get(rule);
    if (!fn) {
      fn = this.ajv.compile(rule === 'dns1035' ? objectMetaSchema(DNS1035_LABEL, 63)
        : rule === 'label' ? objectMetaSchema(DNS1123_LABEL, 63) : objectMetaSchema(DNS1123_SUBDOMAIN, 253));
      this.metaValidators.set(rule, fn);
    }
    return fn;
  }

  /** The vendored CRD named `<plural>.<group>`, if any. */
  vendoredCrd(name: string): VendoredCrd | undefined {
    return this.crds.get(name);
  }

  /** Vendored values schemas of a chart (every version), or undefined when none is vendored. */
  chartSchemas(chart: string): readonly ChartEntry[] | undefined {
    return this.charts.get(chart);
  }

  /** Compiles a chart's values schema (cached by chart and version). */
  chartValidator(c: ChartEntry): ValidateFunction {
    const key = `chart:${c.chart}@${c.version}`;
    let fn = this.compiled.get(key);
    if (!fn) {
      const { $schema: _ignored, ...schema } = c.schema as Record<string, unknown>;
      fn = this.ajv.compile(schema);
      this.compiled.set(key, fn);
    }
    return fn;
  }
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

// ---------------------------------------------------------------------------
// Validation of one object
// ---------------------------------------------------------------------------

/** True for a value that holds a Terraform expression (known only at apply time). */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON pointer (`/spec/a/0/b.c`) to a JSON path (`.spec.a[0]["b.c"]`). */
export function jsonPath(pointer: string): string {
  if (!pointer) return '.';
  return pointer.split('/').slice(1).map((raw) => {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(k)) return `[${k}]`;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`;
  }).join('');
}

function valueAt(root: unknown, pointer: string): unknown {
  let cur: any = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function brief(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** One ajv error as `<json path>: <reason>`. */
function describe(e: ErrorObject, data: unknown, prefix: string): string {
  const at = jsonPath(prefix + e.instancePath);
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties': return `${jsonPath(`${prefix}${e.instancePath}/${String(p.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`)}: unknown field`;
    case 'required': return `${at}: missing required field "${p.missingProperty}"`;
    case 'type': return `${at}: must be ${[p.type].flat().join(' or ')} (got ${brief(valueAt(data, e.instancePath))})`;
    case 'enum': return `${at}: must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')} (got ${brief(valueAt(data, e.instancePath))})`;
    case 'pattern': return `${at}: ${brief(valueAt(data, e.instancePath))} does not match ${p.pattern}`;
    case 'propertyNames': return `${at}: invalid key ${JSON.stringify(p.propertyName)}`;
    case 'anyOf':
    case 'oneOf': return `${at}: matches none of the allowed forms (got ${brief(valueAt(data, e.instancePath))})`;
    default: return `${at}: ${e.message}`;
  }
}

/** Splits ajv errors into real problems and problems on Terraform expressions. */
function sortErrors(errors: readonly ErrorObject[] | null | undefined, data: unknown, prefix = ''): { problems: string[]; notes: string[] } {
  const problems = new Set<string>();
  const notes = new Set<string>();
  // The branches of a failed anyOf/oneOf are summarised by the anyOf/oneOf error itself.
  const alternatives = (errors ?? []).filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  for (const e of errors ?? []) {
    if (e.propertyName !== undefined && e.keyword !== 'propertyNames') continue; // summarised by the propertyNames error
    if (alternatives.some((a) => e.schemaPath.startsWith(a))) continue;
    const value = valueAt(data, e.instancePath);
    const name = e.keyword === 'propertyNames' ? (e.params as any).propertyName : e.keyword === 'additionalProperties' ? (e.params as any).additionalProperty : undefined;
    if (isExpression(value) || isExpression(name)) {
      notes.add(`${jsonPath(prefix + e.instancePath)}: ${brief(isExpression(value) ? value : name)} is an expression resolved at apply time (${e.keyword} not checked)`);
    } else {
      problems.add(describe(e, data, prefix));
    }
  }
  return { problems: [...problems], notes: [...notes] };
}

/** Drops null map entries: the API server treats a null field as absent. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

/** The `Kind/name` label of an object. */
export function objectLabel(obj: Record<string, any>): string {
  const m = isPlainObject(obj.metadata) ? obj.metadata : {};
  const name = typeof m.name === 'string' ? m.name : typeof m.generateName === 'string' ? `${m.generateName}*` : '<no name>';
  return `${obj.kind}/${name}`;
}

/** First JSON path where two JSON values differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const d = firstDifference(a[k], b[k], `${at}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return a === b ? undefined : at || '.';
}

/**
 * Checks a shipped CustomResourceDefinition: it must be the vendored upstream CRD of
 * that name (same group, names, scope, versions and schemas), named `<plural>.<group>`.
 * A CRD that is not vendored is UNKNOWN.
 */
export function validateCrdObject(registry: SchemaRegistry, obj: Record<string, any>, where: string): Finding {
  const label = objectLabel(obj);
  const base = { item: 'object' as const, label, where };
  const name = isPlainObject(obj.metadata) ? obj.metadata.name : undefined;
  const vendored = typeof name === 'string' ? registry.vendoredCrd(name) : undefined;
  if (!vendored) return { ...base, status: 'UNKNOWN', problems: [`no vendored CRD named ${JSON.stringify(name)} to compare with`], notes: [] };
  const problems: string[] = [];
  const shipped = JSON.parse(JSON.stringify(compactCrd(obj)));
  const diff = firstDifference(shipped, vendored.compact);
  if (diff !== undefined) problems.push(`differs from the vendored upstream CRD ${vendored.source} at ${diff} (of the compact form: group, kind, plural, scope, versions[].schema)`);
  const metaFn = registry.metaValidator('apiextensions.k8s.io/CustomResourceDefinition');
  if (!metaFn(obj.metadata)) problems.push(...sortErrors(metaFn.errors, obj.metadata, '/metadata').problems);
  return { ...base, status: problems.length ? 'FAIL' : 'OK', problems, notes: diff === undefined ? [`identical to the vendored ${vendored.source}`] : [] };
}

/** Checks one Kubernetes object. */
export function validateObject(registry: SchemaRegistry, obj: Record<string, any>, where: string): Finding {
  const label = objectLabel(obj);
  const base = { item: 'object' as const, label, where };
  const { entry, others } = registry.lookup(obj.apiVersion, obj.kind);
  if (!entry && obj.apiVersion === 'apiextensions.k8s.io/v1' && obj.kind === 'CustomResourceDefinition') return validateCrdObject(registry, obj, where);
  if (!entry) {
    if (!others.length) return { ...base, status: 'UNKNOWN', problems: [`no vendored schema for ${obj.apiVersion} ${obj.kind}`], notes: [] };
    return { ...base, status: 'FAIL', problems: [`.apiVersion: ${obj.apiVersion} is not a version of ${obj.kind} (vendored: ${others.filter((o) => o.served).map((o) => `${o.group ? `${o.group}/` : ''}${o.version}`).join(', ')})`], notes: [] };
  }
  if (!entry.served) return { ...base, status: 'FAIL', problems: [`.apiVersion: ${obj.apiVersion} ${obj.kind} is no longer served`], notes: [] };
  const data = withoutNulls(structuredClone(obj)) as Record<string, any>;
  if (entry.crdSchema) applyDefaults(entry.crdSchema, data);
  const fn = registry.validator(entry);
  fn(data);
  const body = sortErrors(fn.errors, data);
  const metaFn = registry.metaValidator(`${entry.group}/${entry.kind}`);
  if (!isPlainObject(data.metadata)) body.problems.push('.metadata: missing required field (an object with a name)');
  else if (!metaFn(data.metadata)) {
    const meta = sortErrors(metaFn.errors, data.metadata, '/metadata');
    body.problems.push(...meta.problems.filter((p) => !body.problems.includes(p)));
    body.notes.push(...meta.notes.filter((n) => !body.notes.includes(n)));
  }
  if (entry.scope === 'Cluster' && isPlainObject(data.metadata) && data.metadata.namespace !== undefined) {
    body.notes.push(`.metadata.namespace: ${entry.kind} is cluster-scoped; the namespace is ignored`);
  }
  if (entry.deprecationWarning) body.notes.push(`.apiVersion: ${entry.deprecationWarning}`);
  return { ...base, status: body.problems.length ? 'FAIL' : 'OK', problems: body.problems, notes: body.notes };
}

/** Typed `kubernetes_*` resource types and the kind their `metadata` belongs to. */
const TYPED_RESOURCE_KINDS: Record<string, string> = {
  kubernetes_namespace: '/Namespace', kubernetes_namespace_v1: '/Namespace',
  kubernetes_service: '/Service', kubernetes_service_v1: '/Service',
};

/** Checks the `metadata` block of a typed `kubernetes_*` resource with the ObjectMeta rules (snake_case → camelCase). */
export function validateTypedMetadata(registry: SchemaRegistry, type: string, id: string, body: Record<string, any>): Finding {
  const label = `${type}.${id}`;
  const where = `resource.${type}.${id}.metadata`;
  const blocks = [body.metadata].flat().filter(isPlainObject);
  if (!blocks.length) return { status: 'FAIL', item: 'metadata', label, where, problems: ['.metadata: missing'], notes: [] };
  const meta = Object.fromEntries(Object.entries(blocks[0]).map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]));
  const fn = registry.metaValidator(TYPED_RESOURCE_KINDS[type] ?? '/Other');
  fn(meta);
  const res = sortErrors(fn.errors, meta, '/metadata');
  return { status: res.problems.length ? 'FAIL' : 'OK', item: 'metadata', label, where, problems: res.problems, notes: res.notes };
}

/** Helm's coalescing of user values over chart defaults: maps merge, null deletes, anything else replaces. */
export function mergeValues(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = mergeValues(out[k], v);
  }
  return out;
}

/** Checks one chart's user values (merged over its defaults) against its vendored values.schema.json. */
export function validateChartValues(registry: SchemaRegistry, chart: string, version: string, userValues: readonly unknown[], where: string): Finding | undefined {
  const vendored = registry.chartSchemas(chart);
  if (!vendored) return undefined;
  const label = `values ${chart}@${version}`;
  const c = vendored.find((x) => x.version === version);
  if (!c) {
    return { status: 'UNKNOWN', item: 'values', label, where, notes: [],
      problems: [`no vendored values schema for ${chart} ${version} (vendored: ${vendored.map((x) => x.version).join(', ')}); run scripts/verify/vendor-k8s-schemas`] };
  }
  const merged = userValues.reduce((acc, v) => mergeValues(acc, v), structuredClone(c.defaults));
  const fn = registry.chartValidator(c);
  fn(merged);
  const res = sortErrors(fn.errors, merged);
  return { status: res.problems.length ? 'FAIL' : 'OK', item: 'values', label, where, problems: res.problems, notes: res.notes };
}

// ---------------------------------------------------------------------------
// Discovery in a cdk.tf.json
// ---------------------------------------------------------------------------

/** True for a `helm_release.chart` that is the project's carrier chart asset. */
export function isCarrierChart(chart: unknown): boolean {
  return typeof chart === 'string' && /(^|\/)assets\/K8sObjectsChart_Asset_/.test(chart);
}

function looksLikeObject(v: unknown): v is Record<string, any> {
  return isPlainObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string';
}

/**
 * YAML 1.1 like Helm's sigs.k8s.io/yaml (yes/no/on/off are booleans, 0755 is octal), with
 * timestamps kept as the strings they are in the JSON the API server receives.
 */
function parseYaml(text: string): { docs: unknown[]; error?: string } {
  const docs: unknown[] = [];
  for (const d of parseAllDocuments(text, { version: '1.1', uniqueKeys: true, customTags: withoutTimestamps })) {
    if (d.errors.length) return { docs, error: d.errors[0].message.split('\n')[0] };
    const v = d.toJS({ maxAliasCount: -1 });
    if (v !== null && v !== undefined) docs.push(v);
  }
  return { docs };
}

/** Collects objects (apiVersion + kind with metadata or spec) anywhere inside a value. */
function collectNested(value: unknown, where: string, out: Array<{ obj: Record<string, any>; where: string }>): void {
  if (Array.isArray(value)) value.forEach((v, i) => collectNested(v, `${where}[${i}]`, out));
  else if (looksLikeObject(value) && (isPlainObject(value.metadata) || isPlainObject(value.spec))) out.push({ obj: value, where });
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) collectNested(v, `${where}.${k}`, out);
}

function checkManifestText(registry: SchemaRegistry, text: string, where: string, findings: Finding[], skipped: Skipped[]): void {
  if (/^\s*\$\{[\s\S]*\}\s*$/.test(text)) {
    skipped.push({ where, reason: `manifest is a Terraform expression (${brief(text.trim())}), only known at apply time` });
    return;
  }
  const parsed = parseYaml(text);
  if (parsed.error) {
    findings.push({ status: 'FAIL', item: 'object', label: 'manifest', where, problems: [`YAML parse error: ${parsed.error}`], notes: [] });
    return;
  }
  parsed.docs.forEach((d, i) => {
    if (looksLikeObject(d)) findings.push(validateObject(registry, d, `${where}#${i}`));
    else findings.push({ status: 'FAIL', item: 'object', label: 'manifest', where: `${where}#${i}`, problems: ['document is not a Kubernetes object (apiVersion and kind)'], notes: [] });
  });
}

const CARRIER_KEYS = new Set(['objects', 'manifests']);

function checkHelmRelease(registry: SchemaRegistry, id: string, r: Record<string, any>, findings: Finding[], skipped: Skipped[]): void {
  const at = `helm_release.${id}`;
  const userValues: unknown[] = [];
  (Array.isArray(r.values) ? r.values : []).forEach((text: unknown, i: number) => {
    const where = `${at}.values[${i}]`;
    if (typeof text !== 'string') return;
    if (/^\s*\$\{[\s\S]*\}\s*$/.test(text)) { skipped.push({ where, reason: 'values are a Terraform expression' }); return; }
    const parsed = parseYaml(text);
    if (parsed.error) { findings.push({ status: 'FAIL', item: 'values', label: `values ${r.chart}`, where, problems: [`YAML parse error: ${parsed.error}`], notes: [] }); return; }
    const doc = parsed.docs[0] ?? {};
    userValues.push(doc);
    if (isCarrierChart(r.chart)) {
      const unknownKeys = isPlainObject(doc) ? Object.keys(doc).filter((k) => !CARRIER_KEYS.has(k)) : [];
      if (!isPlainObject(doc) || unknownKeys.length) {
        findings.push({ status: 'FAIL', item: 'values', label: 'values k8s-objects (carrier chart)', where, notes: [],
          problems: [isPlainObject(doc) ? `${unknownKeys.map((k) => `.${k}`).join(', ')}: unknown field (the carrier chart reads only objects and manifests)` : '.: must be a map'] });
        return;
      }
      [doc.objects ?? []].flat().forEach((o: unknown, j: number) => {
        const w = `${where} objects[${j}]`;
        if (looksLikeObject(o)) findings.push(validateObject(registry, o, w));
        else findings.push({ status: 'FAIL', item: 'object', label: 'object', where: w, problems: ['not a Kubernetes object (apiVersion and kind)'], notes: [] });
      });
      [doc.manifests ?? []].flat().forEach((m: unknown, j: number) => {
        if (typeof m === 'string') checkManifestText(registry, m, `${where} manifests[${j}]`, findings, skipped);
      });
    } else {
      const nested: Array<{ obj: Record<string, any>; where: string }> = [];
      collectNested(doc, where, nested);
      for (const n of nested) findings.push(validateObject(registry, n.obj, n.where));
    }
  });
  if (isCarrierChart(r.chart)) return;
  for (const key of ['set', 'set_list', 'set_sensitive']) {
    if (r[key] !== undefined) skipped.push({ where: `${at}.${key}`, reason: `${key} entries are not merged into the values checked` });
  }
  const chart = String(r.chart);
  const version = typeof r.version === 'string' ? r.version : '';
  const values = validateChartValues(registry, chart, version, userValues, at);
  if (values) findings.push(values);
  else if (userValues.length) skipped.push({ where: at, reason: `chart ${chart}@${version} has no vendored values.schema.json; values not checked` });
}

/** Finds and checks everything in one synthesized stack (`cdk.tf.json` content). */
export function checkTerraformJson(registry: SchemaRegistry, tf: Record<string, any>): { findings: Finding[]; skipped: Skipped[] } {
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  const resources: Record<string, Record<string, any>> = tf.resource ?? {};
  for (const [type, byId] of Object.entries(resources)) {
    for (const [id, body] of Object.entries<any>(byId)) {
      if (type === 'helm_release') checkHelmRelease(registry, id, body, findings, skipped);
      else if (type === 'kubernetes_manifest') {
        const m = body.manifest;
        if (looksLikeObject(m)) findings.push(validateObject(registry, m, `kubernetes_manifest.${id}.manifest`));
        else skipped.push({ where: `kubernetes_manifest.${id}.manifest`, reason: 'manifest is not a literal object' });
      } else if (type.startsWith('kubernetes_') && body && body.metadata !== undefined) {
        findings.push(validateTypedMetadata(registry, type, id, body));
      }
    }
  }
  return { findings, skipped };
}

/** Checks a plain YAML manifest file (examples). */
export function checkManifestFile(registry: SchemaRegistry, text: string, file: string): { findings: Finding[]; skipped: Skipped[] } {
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  checkManifestText(registry, text, file, findings, skipped);
  return { findings, skipped };
}

// ---------------------------------------------------------------------------
// Files, output, CLI
// ---------------------------------------------------------------------------

/** Input files for the arguments: directories are searched for `cdk.tf.json`. */
export function inputFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'assets' && e.name !== '.terraform') walk(p); }
      else if (e.name === 'cdk.tf.json') out.push(p);
    }
  };
  for (const a of args) {
    if (!fs.existsSync(a)) throw new Error(`${a}: no such file or directory`);
    if (fs.statSync(a).isDirectory()) walk(a); else out.push(a);
  }
  return out;
}

/** Checks one input file. */
export function checkFile(registry: SchemaRegistry, file: string): FileReport {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file) === 'cdk.tf.json' ? path.basename(path.dirname(file)) : path.basename(file);
  const res = /\.ya?ml$/.test(file) ? checkManifestFile(registry, text, file) : checkTerraformJson(registry, JSON.parse(text));
  return { name, file, ...res };
}

/** Counts of one report. */
export function counts(r: FileReport): Record<`${ItemKind}:${Status}` | 'notes' | 'skipped', number> {
  const c = { 'object:OK': 0, 'object:FAIL': 0, 'object:UNKNOWN': 0, 'metadata:OK': 0, 'metadata:FAIL': 0, 'metadata:UNKNOWN': 0, 'values:OK': 0, 'values:FAIL': 0, 'values:UNKNOWN': 0, notes: 0, skipped: r.skipped.length };
  for (const f of r.findings) { c[`${f.item}:${f.status}`]++; c.notes += f.notes.length; }
  return c;
}

/** The printed lines of one report (`quiet`: only FAIL/UNKNOWN and the summary). */
export function formatReport(r: FileReport, quiet = false): string[] {
  const lines: string[] = quiet ? [] : [`# ${r.name} (${r.file})`];
  for (const f of r.findings) {
    if (f.status === 'OK') {
      if (!quiet) lines.push(`OK ${f.label}`);
    } else if (f.status === 'UNKNOWN') {
      lines.push(`UNKNOWN ${f.label}: ${f.problems.join('; ')} [${f.where}]`);
    } else {
      for (const p of f.problems) lines.push(`FAIL ${f.label}: ${p} [${f.where}]`);
    }
    if (!quiet) for (const n of f.notes) lines.push(`NOTE ${f.label}: ${n}`);
  }
  if (!quiet) for (const s of r.skipped) lines.push(`NOTE not checked: ${s.where}: ${s.reason}`);
  const c = counts(r);
  lines.push(`summary ${r.name}: objects ${c['object:OK']} ok, ${c['object:FAIL']} fail, ${c['object:UNKNOWN']} unknown; ` +
    `typed metadata ${c['metadata:OK']} ok, ${c['metadata:FAIL']} fail; chart values ${c['values:OK']} ok, ${c['values:FAIL'] + c['values:UNKNOWN']} fail; ` +
    `${c.notes} notes, ${c.skipped} not checked`);
  return lines;
}

/** True when a report has a FAIL or UNKNOWN. */
export function failed(r: FileReport): boolean {
  return r.findings.some((f) => f.status !== 'OK');
}

/** Runs the command line; returns the exit code. */
export function main(argv: readonly string[], write: (s: string) => void = (s) => process.stdout.write(s)): number {
  const args: string[] = [];
  let quiet = false;
  let schemaDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '--schemas' && argv[i + 1]) schemaDir = argv[++i];
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}; usage: k8s-objects [--quiet] [--schemas DIR] [DIR|FILE]...`);
    else args.push(a);
  }
  const files = inputFiles(args.length ? args : ['cdktf.out']);
  if (!files.length) { write('verify:k8s: no cdk.tf.json found\n'); return 1; }
  const registry = new SchemaRegistry(schemaDir);
  const reports = files.map((f) => checkFile(registry, f));
  for (const r of reports) write(formatReport(r, quiet).join('\n') + '\n');
  const total = reports.map(counts).reduce((a, c) => { for (const k of Object.keys(c) as Array<keyof typeof c>) a[k] = (a[k] ?? 0) + c[k]; return a; }, {} as Record<string, number>);
  const bad = reports.filter(failed).length;
  write(`verify:k8s: ${reports.length} files; objects ${total['object:OK']} ok, ${total['object:FAIL']} fail, ${total['object:UNKNOWN']} unknown; ` +
    `typed metadata ${total['metadata:OK']} ok, ${total['metadata:FAIL']} fail; chart values ${total['values:OK']} ok, ${total['values:FAIL'] + total['values:UNKNOWN']} fail` +
    `${bad ? ` — FAILED in ${bad} file(s)` : ''}\n`);
  return bad ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exit(main(process.argv.slice(2)));
  } catch (e) {
    process.stderr.write(`verify:k8s: ${(e as Error).message}\n`);
    process.exit(2);
  }
}
