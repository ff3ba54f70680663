/**
 * Checks every google / google-beta resource and data source of synthesized stacks
 * (cdktf.out/stacks/<stack>/cdk.tf.json) against the vendored argument schema of the 7.x provider
 * (schemas/google-7/google.schema.json, see extract-google-schema.ts):
 *
 * - FAIL: an argument the provider does not have (removed, renamed, misspelt: the nearest names are
 *   suggested), a required argument missing, a primitive of the wrong type, several blocks where the
 *   provider takes one, an empty block the provider rejects (AT_LEAST_ONE_OF), a google type the
 *   vendored schema does not cover (unless --allow-unknown-types).
 * - WARN: a deprecated argument (with the provider's deprecation text), any other empty block.
 *
 * Cannot see: values inside expressions (`${...}` is not type-checked), GA-vs-beta availability (the
 * schema is google-beta's, a superset of google's), enum values, ExactlyOneOf / ConflictsWith /
 * RequiredWith and validation functions (not in the Pulumi declarations; only the AtLeastOneOf blocks
 * below are curated), list sizes other than single blocks, provider blocks, non-google types.
 *
 *     npm run verify:tf-schema                      # cdktf.out
 *     node dist/scripts/verify/tf-schema.js [-q] [--allow-unknown-types] <cdktf.out | cdk.tf.json>...
 */
import * as fs from 'fs';
import * as path from 'path';
import { AttributeSchema, BlockSchema, GoogleSchema, loadGoogleSchema, camelCase, singular } from './google-schema';

/**
 * Blocks the provider rejects when empty: every argument in them is AtLeastOneOf (an empty block fails
 * plan with "one of ... must be specified"). The Pulumi declarations do not carry AtLeastOneOf, so this
 * table is read from the provider source, hashicorp/terraform-provider-google-beta (7.45.0,
 * commit 93c65b2d60fe), file and key list named per entry. Paths are Terraform argument paths.
 */
export const AT_LEAST_ONE_OF: Readonly<Record<string, string>> = {
  'google_container_cluster.addons_config': 'google-beta/services/container/resource_container_cluster.go: addonsConfigKeys',
  'google_container_cluster.private_cluster_config': 'google-beta/services/container/resource_container_cluster.go: privateClusterConfigKeys',
  'google_container_cluster.cluster_autoscaling.auto_provisioning_defaults.shielded_instance_config':
    'google-beta/services/container/resource_container_cluster.go: enable_secure_boot, enable_integrity_monitoring',
  'google_container_cluster.protect_config': 'google-beta/services/container/resource_container_cluster.go: workload_config, workload_vulnerability_mode',
  'google_compute_subnetwork.log_config': 'google-beta/services/compute/resource_compute_subnetwork.go: aggregation_interval, filter_expr, flow_sampling, metadata',
  'google_compute_resource_policy.instance_schedule_policy': 'google-beta/services/compute/resource_compute_resource_policy.go: vm_start_schedule, vm_stop_schedule',
  'google_compute_resource_policy.snapshot_schedule_policy.snapshot_properties':
    'google-beta/services/compute/resource_compute_resource_policy.go: guest_flush, labels, storage_locations',
  'google_storage_bucket.website': 'google-beta/services/storage/resource_storage_bucket.go: main_page_suffix, not_found_page',
  'google_monitoring_alert_policy.documentation': 'google-beta/services/monitoring/resource_monitoring_alert_policy.go: content, links, mime_type, subject',
};

/** Empty blocks that mean something and are not reported (`ip_allocation_policy {}` makes a cluster VPC-native). */
export const EMPTY_BLOCK_OK: ReadonlySet<string> = new Set(['google_container_cluster.ip_allocation_policy']);

/** Terraform meta-arguments and cdktf metadata at the top of a resource or data source body. */
const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'timeouts', '//']);

export type Level = 'FAIL' | 'WARN';

export interface Finding {
  readonly level: Level;
  readonly stack: string;
  /** `google_container_cluster.Cluster_3DA9CCBA` or `data.google_project.Project`. */
  readonly address: string;
  /** Argument path inside the body, e.g. `addons_config` or `node_config.taint[0].effect`; empty for the body. */
  readonly path: string;
  readonly message: string;
}

export interface StackReport {
  readonly stack: string;
  /** google / google-beta resources and data sources checked against the schema. */
  readonly checked: number;
  /** Arguments (at every nesting level) looked up in the schema. */
  readonly arguments: number;
  readonly findings: readonly Finding[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isExpression = (v: unknown): boolean => typeof v === 'string' && v.includes('${');
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Up to three argument names close to `key` (edit distance, singular/plural, camelCase, shared words). */
export function nearestNames(key: string, names: readonly string[]): string[] {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const exact = names.filter((n) => n === snake || n === singular(key) || n === `${key}s` || camelCase(n) === key);
  const scored = names
    .map((n) => ({ n, d: distance(snake, n) }))
    .filter(({ n, d }) => d <= Math.max(2, Math.floor(n.length / 3)) || (snake.length >= 5 && (n.includes(snake) || snake.includes(n))))
    .sort((a, b) => a.d - b.d || (a.n < b.n ? -1 : 1))
    .map(({ n }) => n);
  return [...new Set([...exact, ...scored])].slice(0, 3);
}

/** Checks one synthesized stack JSON. */
export function checkStack(stack: string, tf: Record<string, Json>, schema: GoogleSchema = loadGoogleSchema(),
  options: { readonly allowUnknownTypes?: boolean } = {}): StackReport {
  const findings: Finding[] = [];
  let checked = 0;
  const counter = { arguments: 0 };
  for (const kind of ['resource', 'data'] as const) {
    const byType = tf[kind];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!type.startsWith('google_') || !isObject(byName)) continue;
      const block = (kind === 'data' ? schema.dataSources : schema.resources)[type];
      for (const [name, body] of Object.entries(byName)) {
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        const report = (level: Level, p: string, message: string): void => { findings.push({ level, stack, address, path: p, message }); };
        if (!block) {
          report(options.allowUnknownTypes ? 'WARN' : 'FAIL', '',
            `${kind === 'data' ? 'data source' : 'resource'} type ${type} is not in the vendored 7.x schema: add it to `
            + `${kind === 'data' ? 'DATA_SOURCES' : 'RESOURCES'} in scripts/verify/extract-google-schema.ts and regenerate`);
          continue;
        }
        checked += 1;
        if (!isObject(body)) { report('FAIL', '', 'the body is not an object'); continue; }
        checkBody(schema, block, body, type, '', true, report, counter);
      }
    }
  }
  return { stack, checked, arguments: counter.arguments, findings };
}

function checkBody(schema: GoogleSchema, block: BlockSchema, body: Record<string, Json>, schemaPath: string, where: string,
  top: boolean, report: (level: Level, p: string, message: string) => void, counter: { arguments: number }): void {
  const join = (a: string, b: string): string => (a ? `${a}.${b}` : b);
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || (top && META.has(key))) continue;
    if (key === 'dynamic' && isObject(value)) {
      // cdktf iterators: dynamic "<block>" { for_each, content } -> check the content as the block.
      for (const [blockName, spec] of Object.entries(value)) {
        if (isObject(spec) && isObject(spec.content)) checkBody(schema, block, { [blockName]: spec.content }, schemaPath, where, false, report, counter);
      }
      continue;
    }
    const attr = block.attributes[key];
    const p = join(where, key);
    counter.arguments += 1;
    if (!attr) {
      const near = nearestNames(key, Object.keys(block.attributes));
      report('FAIL', p, `no argument "${key}" in the 7.x provider${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`);
      continue;
    }
    if (value === null) continue;
    if (attr.outputOnly) report('FAIL', p, `"${key}" is computed by the provider (output only) and cannot be set`);
    if (attr.deprecated) report('WARN', p, `deprecated: ${attr.deprecated}`);
    checkValue(schema, attr, value, join(schemaPath, key), p, report, counter);
  }
  for (const [name, attr] of Object.entries(block.attributes)) {
    if (attr.required && (body[name] === undefined || body[name] === null)) {
      report('FAIL', where, `required argument "${name}" is missing`);
    }
  }
}

function checkValue(schema: GoogleSchema, attr: AttributeSchema, value: Json, schemaPath: string, p: string,
  report: (level: Level, p: string, message: string) => void, counter: { arguments: number }): void {
  if (isExpression(value)) return;
  if (attr.type === 'block') {
    const items = Array.isArray(value) ? value : [value];
    if (!attr.repeated && items.length > 1) report('FAIL', p, `${items.length} blocks where the provider takes at most one`);
    items.forEach((item, i) => {
      const ip = Array.isArray(value) ? `${p}[${i}]` : p;
      if (isExpression(item) || item === null) return;
      if (!isObject(item)) { report('FAIL', ip, `a block is expected, got ${JSON.stringify(item).slice(0, 60)}`); return; }
      const keys = Object.keys(item).filter((k) => k !== '//');
      if (keys.length === 0) {
        const source = AT_LEAST_ONE_OF[schemaPath];
        if (source) report('FAIL', ip, `empty block: the provider requires at least one of its arguments (AtLeastOneOf, ${source}); omit the block or set one`);
        else if (!EMPTY_BLOCK_OK.has(schemaPath)) report('WARN', ip, 'empty block: check that the provider accepts it, or omit it');
        return;
      }
      checkBody(schema, schema.blocks[attr.block!], item, schemaPath, ip, false, report, counter);
    });
    return;
  }
  if (attr.type === 'list') {
    if (!Array.isArray(value)) { report('FAIL', p, `a list is expected, got ${describe(value)}`); return; }
    value.forEach((v, i) => checkPrimitive(attr.element ?? 'any', v, `${p}[${i}]`, report));
    return;
  }
  if (attr.type === 'map') {
    if (!isObject(value)) { report('FAIL', p, `a map is expected, got ${describe(value)}`); return; }
    for (const [k, v] of Object.entries(value)) checkPrimitive(attr.element ?? 'any', v, `${p}.${k}`, report);
    return;
  }
  checkPrimitive(attr.type, value, p, report);
}

function describe(value: Json): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'an object';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

function checkPrimitive(type: string, value: Json, p: string, report: (level: Level, p: string, message: string) => void): void {
  if (value === null || isExpression(value) || type === 'any') return;
  const t = typeof value;
  const ok = type === 'string' ? t === 'string' || t === 'number' || t === 'boolean'
    : type === 'number' ? t === 'number' || (t === 'string' && /^-?\d+(\.\d+)?$/.test(value as string))
      : type === 'bool' ? t === 'boolean' || value === 'true' || value === 'false'
        : true;
  if (!ok) report('FAIL', p, `${type} expected, got ${describe(value)}`);
}

/** The cdk.tf.json files under each input: a file, a stack directory, or a cdktf.out directory (its stacks/*). */
export function stackFiles(inputs: readonly string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (fs.statSync(input).isFile()) { out.push(input); continue; }
    if (fs.existsSync(path.join(input, 'cdk.tf.json'))) { out.push(path.join(input, 'cdk.tf.json')); continue; }
    const stacks = path.join(input, 'stacks');
    if (!fs.existsSync(stacks)) throw new Error(`${input}: neither a cdk.tf.json, a stack directory nor a cdktf.out directory`);
    for (const d of fs.readdirSync(stacks).sort()) {
      const f = path.join(stacks, d, 'cdk.tf.json');
      if (fs.existsSync(f)) out.push(f);
    }
  }
  return out;
}

/** Stack name of a cdk.tf.json path (its directory name). */
export function stackName(file: string): string {
  return path.basename(path.dirname(path.resolve(file)));
}

/** Report lines: every FAIL, WARNs unless quiet, one line per stack, totals last. */
export function formatReports(reports: readonly StackReport[], schema: GoogleSchema, quiet = false): string[] {
  const lines: string[] = [];
  let checked = 0; let args = 0; let fails = 0; let warns = 0;
  for (const r of reports) {
    const f = r.findings.filter((x) => x.level === 'FAIL').length;
    const w = r.findings.length - f;
    checked += r.checked; args += r.arguments; fails += f; warns += w;
    for (const x of r.findings) {
      if (quiet && x.level === 'WARN') continue;
      lines.push(`${x.level} ${x.stack}: ${x.address}${x.path ? `.${x.path}` : ''}: ${x.message}`);
    }
    lines.push(`${f ? 'FAIL' : 'OK'} ${r.stack}: ${r.checked} checked, ${f} FAIL, ${w} WARN`);
  }
  lines.push(`${checked} checked, ${fails} FAIL, ${warns} WARN; ${args} arguments (google 7.x arguments: ${schema.meta.source})`);
  return lines;
}

/** CLI; returns the exit code (1 on any FAIL, 2 on a usage error). */
export function main(argv: readonly string[], log: (line: string) => void = console.log): number {
  const quiet = argv.includes('-q');
  const allowUnknownTypes = argv.includes('--allow-unknown-types');
  const unknownFlag = argv.find((a) => a.startsWith('-') && a !== '-q' && a !== '--allow-unknown-types');
  if (unknownFlag) {
    log(`unknown option ${unknownFlag}; usage: tf-schema [-q] [--allow-unknown-types] <cdktf.out | stack dir | cdk.tf.json>...`);
    return 2;
  }
  const inputs = argv.filter((a) => !a.startsWith('-'));
  const files = stackFiles(inputs.length ? inputs : ['cdktf.out']);
  if (!files.length) { log('no cdk.tf.json found: synthesize first (npm run synth)'); return 2; }
  const schema = loadGoogleSchema();
  const reports = files.map((f) => checkStack(stackName(f), JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, Json>, schema, { allowUnknownTypes }));
  for (const line of formatReports(reports, schema, quiet)) log(line);
  return reports.some((r) => r.findings.some((x) => x.level === 'FAIL')) ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
