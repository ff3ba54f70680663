/**
 * Runs Terraform core on a provider-free rewrite of each synthesized stack
 * (cdktf.out/stacks/<stack>/cdk.tf.json), with no provider binary and no network:
 *
 * - every resource, data source and provider block becomes a built-in `terraform_data` resource
 *   whose `input` is the original body (meta-arguments count / for_each / depends_on / lifecycle
 *   pre- and postconditions kept); references are rewritten so they still resolve;
 * - variables, locals and outputs are kept (expressions rewritten); backend and required_providers
 *   are dropped (terraform_data is built in);
 * - then `terraform init -backend=false`, `terraform validate` and
 *   `terraform plan -refresh=false -input=false` with sample values for variables without a default
 *   (chosen to satisfy the variable's `regex(...)` validations).
 *
 * Catches: references to undeclared resources, data sources, variables or locals, bad depends_on
 * targets, dependency cycles, count/for_each misuse, failing variable validations, failing
 * preconditions and postconditions whose inputs are known at plan.
 *
 * References: `google_x.N.attr` becomes `terraform_data.google_x__N.input.attr` when `attr` is a
 * top-level primitive of the original body (a configured value, known at plan as in real Terraform;
 * terraform_data's `output` would be unknown until apply), otherwise
 * `jsondecode(terraform_data.google_x__N.id).attr...`, an unknown value of any type (what a computed
 * attribute is at plan): conditions that depend on it are deferred, as Terraform defers them.
 *
 * Cannot see: provider schemas (tf-schema.ts checks google arguments), computed attribute names
 * (`.endpoint` on anything is accepted), values data sources would read at plan (they are unknown
 * here, so conditions on them are deferred and a count/for_each on them fails here where a real
 * plan could succeed), the contents of `dynamic` blocks, modules.
 *
 *     npm run verify:tf-core                                   # cdktf.out
 *     node dist/scripts/verify/tf-core.js [--allow-skip] [--keep] [--var name=value]... <cdktf.out | stack dir | cdk.tf.json>...
 *
 * Without `terraform` on PATH it prints "SKIPPED: terraform not found" and exits 3, or 0 with --allow-skip.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stackFiles, stackName } from './tf-schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Exit code when terraform is missing and --allow-skip is not given. */
export const SKIPPED_EXIT_CODE = 3;
export const SKIPPED_MESSAGE = 'SKIPPED: terraform not found on PATH: the Terraform-core layer (validate + plan of the provider-free rewrite) did not run';

/** Meta-arguments that stay on the terraform_data; everything else goes into `input`. */
const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'timeouts', '//']);

/** What one original resource / data source looks like, for the reference rewrite. */
interface Target {
  /** Name of its terraform_data. */
  readonly name: string;
  /** Top-level arguments with a primitive value (known at plan). */
  readonly known: ReadonlySet<string>;
}

export interface Rewrite {
  /** The provider-free configuration (Terraform JSON syntax). */
  readonly config: JsonObject;
  /** terraform_data name -> original address, to translate Terraform's messages back. */
  readonly origins: Readonly<Record<string, string>>;
  /** What the rewrite left out or could not carry (shown with the stack's result). */
  readonly notes: readonly string[];
  /** Constructs the rewrite cannot carry (a module call): the stack fails. */
  readonly unsupported: readonly string[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_-]/;

/** Rewrites references in every string of a JSON value (object keys stay). */
function rewriteValue(value: Json, rw: (template: string) => string): Json {
  if (typeof value === 'string') return rw(value);
  if (Array.isArray(value)) return value.map((v) => rewriteValue(v, rw));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = rewriteValue(v, rw);
    return out;
  }
  return value;
}

/** Index after the `}` closing an interpolation whose expression starts at `start`. */
function interpolationEnd(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i + 1) - 1;
    else if (c === '{') depth += 1;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Index after the `"` closing a quoted string whose content starts at `start` (nested templates skipped). */
function stringEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i += 1;
    else if ((c === '$' || c === '%') && text[i + 1] === '{') i = interpolationEnd(text, i + 2) - 1;
    else if (c === '"') return i + 1;
  }
  return text.length;
}

/**
 * The reference rewriter for one configuration: `template` rewrites a JSON string (a Terraform
 * template), `expression` rewrites bare expression text.
 */
export class ReferenceRewriter {
  constructor(private readonly targets: ReadonlyMap<string, Target>, private readonly self?: Target) {}

  /** Rewrites the interpolations of a template string; literal text is kept. */
  template(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      if ((text.startsWith('$${', i) || text.startsWith('%%{', i))) { out += text.slice(i, i + 3); i += 3; continue; }
      if ((text[i] === '$' || text[i] === '%') && text[i + 1] === '{') {
        const end = interpolationEnd(text, i + 2);
        out += `${text.slice(i, i + 2)}${this.expression(text.slice(i + 2, end - 1))}}`;
        i = end;
        continue;
      }
      out += text[i];
      i += 1;
    }
    return out;
  }

  /** Rewrites references in expression text (quoted strings inside are templates). */
  expression(code: string): string {
    let out = '';
    let i = 0;
    while (i < code.length) {
      const c = code[i];
      if (c === '"') {
        const end = stringEnd(code, i + 1);
        out += `"${this.template(code.slice(i + 1, end - 1))}"`;
        i = end;
        continue;
      }
      const prev = i > 0 ? code[i - 1] : '';
      if (IDENT_START.test(c) && !IDENT.test(prev) && prev !== '.') {
        const match = this.reference(code, i);
        if (match) { out += match.text; i = match.end; continue; }
        let j = i;
        while (j < code.length && IDENT.test(code[j])) j += 1;
        out += code.slice(i, j);
        i = j;
        continue;
      }
      out += c;
      i += 1;
    }
    return out;
  }

  /** A resource / data source / self reference starting at `i`, rewritten, or undefined. */
  private reference(code: string, i: number): { text: string; end: number } | undefined {
    const words: string[] = [];
    let j = i;
    for (;;) {
      let k = j;
      while (k < code.length && IDENT.test(code[k])) k += 1;
      if (k === j) break;
      words.push(code.slice(j, k));
      j = k;
      if (words.length === (words[0] === 'data' ? 3 : 2) || code[j] !== '.' || !IDENT_START.test(code[j + 1] ?? '')) break;
      if (words[0] === 'self') break;
      j += 1;
    }
    let target: Target | undefined;
    let base: string;
    if (words[0] === 'self' && this.self) {
      target = this.self;
      base = 'self';
    } else {
      const address = words.join('.');
      target = words.length >= 2 ? this.targets.get(address) : undefined;
      if (!target) return undefined;
      base = `terraform_data.${target.name}`;
    }
    const steps = traversal(code, j);
    let idx = 0;
    let index = '';
    let splat = false;
    if (steps[0] === '[*]' || steps[0] === '.*') { splat = true; idx = 1; } else if (steps[0]?.startsWith('[') && base !== 'self') { index = this.expression(steps[0]); idx = 1; }
    const attr = steps[idx]?.startsWith('.') ? steps[idx].slice(1) : undefined;
    const rest = steps.slice(attr === undefined ? idx : idx + 1).map((s) => (s.startsWith('[') ? this.expression(s) : s)).join('');
    const end = j + steps.join('').length;
    if (attr === undefined && !splat) return { text: `${base}${index}${rest}`, end };
    const access = (instance: string): string => (attr !== undefined && rest === '' && target!.known.has(attr)
      ? `${instance}.input.${attr}`
      : `jsondecode(${instance}.id)${attr !== undefined ? `.${attr}` : ''}${rest}`);
    if (splat) return { text: `[for r in ${base} : ${access('r')}]`, end };
    return { text: access(`${base}${index}`), end };
  }
}

/** Traversal steps after position `i`: `.name`, `.*`, `[...]` (balanced, strings skipped). */
function traversal(code: string, i: number): string[] {
  const steps: string[] = [];
  let j = i;
  for (;;) {
    if (code[j] === '.' && code[j + 1] === '*') { steps.push('.*'); j += 2; continue; }
    if (code[j] === '.' && IDENT_START.test(code[j + 1] ?? '')) {
      let k = j + 1;
      while (k < code.length && IDENT.test(code[k])) k += 1;
      steps.push(code.slice(j, k));
      j = k;
      continue;
    }
    if (code[j] === '[') {
      let depth = 0;
      let k = j;
      for (; k < code.length; k++) {
        if (code[k] === '"') k = stringEnd(code, k + 1) - 1;
        else if (code[k] === '[') depth += 1;
        else if (code[k] === ']' && --depth === 0) break;
      }
      steps.push(code.slice(j, k + 1));
      j = k + 1;
      continue;
    }
    return steps;
  }
}

/** terraform_data name for an original address (`google_x.N` -> `google_x__N`, `data.google_y.M` -> `data__google_y__M`). */
function dataName(address: string): string {
  return address.replace(/\./g, '__');
}

/** Rewrites one synthesized stack into a provider-free configuration. */
export function rewriteStack(tf: JsonObject): Rewrite {
  const notes: string[] = [];
  const unsupported: string[] = [];
  const targets = new Map<string, Target>();
  const origins: Record<string, string> = {};
  const bodies: { address: string; name: string; body: JsonObject }[] = [];
  for (const kind of ['resource', 'data'] as const) {
    const byType = tf[kind];
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (!isObject(body)) continue;
        const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
        const known = new Set(Object.entries(body)
          .filter(([k, v]) => !META.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
          .map(([k]) => k));
        const target = { name: dataName(address), known };
        targets.set(address, target);
        origins[target.name] = address;
        bodies.push({ address, name: target.name, body });
      }
    }
  }
  const providers = tf.provider;
  if (isObject(providers)) {
    for (const [pname, configs] of Object.entries(providers)) {
      (Array.isArray(configs) ? configs : [configs]).forEach((body, i) => {
        if (!isObject(body)) return;
        const name = `provider__${pname}__${i}`;
        origins[name] = `provider.${pname}${typeof body.alias === 'string' ? ` (alias ${body.alias})` : ''}`;
        bodies.push({ address: `provider.${pname}`, name, body });
      });
    }
  }
  const rewriter = new ReferenceRewriter(targets);
  const rw = (v: Json): Json => rewriteValue(v, (s) => rewriter.template(s));

  const resources: JsonObject = {};
  for (const { address, name, body } of bodies) {
    const self = targets.get(address);
    const selfRewriter = new ReferenceRewriter(targets, self ?? { name, known: new Set() });
    const out: JsonObject = {};
    if (body.count !== undefined) out.count = rw(body.count);
    if (body.for_each !== undefined) out.for_each = rw(body.for_each);
    if (Array.isArray(body.depends_on)) {
      out.depends_on = body.depends_on.map((d) => {
        const plain = typeof d === 'string' ? d.replace(/^\$\{(.*)\}$/, '$1') : String(d);
        const t = targets.get(plain);
        return t ? `terraform_data.${t.name}` : plain;
      });
    }
    if (isObject(body.lifecycle)) {
      const lc: JsonObject = {};
      for (const [k, v] of Object.entries(body.lifecycle)) {
        if (k === 'precondition' || k === 'postcondition') lc[k] = rewriteValue(v, (s) => selfRewriter.template(s));
        else if (k === 'create_before_destroy' || k === 'prevent_destroy') lc[k] = v;
        else if (k === 'replace_triggered_by' && Array.isArray(v)) {
          lc[k] = v.map((ref) => {
            const plain = String(ref).replace(/^\$\{(.*)\}$/, '$1');
            const t = [...targets.entries()].find(([a]) => plain === a || plain.startsWith(`${a}.`) || plain.startsWith(`${a}[`));
            return t ? `terraform_data.${t[1].name}` : plain;
          });
        } else if (k !== '//') notes.push(`${address}: lifecycle.${k} dropped (it names provider attributes)`);
      }
      out.lifecycle = lc;
    }
    const input: JsonObject = {};
    for (const [k, v] of Object.entries(body)) {
      if (META.has(k)) continue;
      if (k === 'dynamic' && isObject(v)) {
        // Iterator references in the content have no meaning outside the block: keep the for_each only.
        for (const [block, spec] of Object.entries(v)) {
          input[`dynamic_${block}_for_each`] = isObject(spec) ? rw(spec.for_each ?? null) : null;
          notes.push(`${address}: dynamic "${block}" content not checked (only its for_each)`);
        }
        continue;
      }
      input[k] = rw(v);
    }
    out.input = input;
    resources[name] = out;
  }

  const config: JsonObject = {};
  const terraform = isObject(tf.terraform) ? tf.terraform : {};
  config.terraform = typeof terraform.required_version === 'string' ? { required_version: terraform.required_version } : {};
  if (isObject(tf.variable)) config.variable = rw(tf.variable);
  if (isObject(tf.locals)) config.locals = rw(tf.locals);
  if (isObject(tf.output)) {
    const outputs: JsonObject = {};
    for (const [name, o] of Object.entries(tf.output)) {
      if (!isObject(o)) continue;
      const copy = rw(o) as JsonObject;
      if (Array.isArray(o.depends_on)) copy.depends_on = o.depends_on.map((d) => { const t = targets.get(String(d)); return t ? `terraform_data.${t.name}` : d; });
      outputs[name] = copy;
    }
    config.output = outputs;
  }
  config.resource = { terraform_data: resources };
  for (const key of Object.keys(tf)) {
    if (['//', 'terraform', 'provider', 'resource', 'data', 'variable', 'locals', 'output'].includes(key)) continue;
    if (key === 'moved' || key === 'import' || key === 'removed') notes.push(`${key} blocks dropped (they only concern state)`);
    else unsupported.push(`top-level "${key}" blocks are not supported by the provider-free rewrite`);
  }
  return { config, origins, notes, unsupported };
}

/** Regular expressions a variable's validations require of it (`can(regex("...", var.x))`). */
export function validationPatterns(name: string, variable: JsonObject): RegExp[] {
  const validations = Array.isArray(variable.validation) ? variable.validation : isObject(variable.validation) ? [variable.validation] : [];
  const out: RegExp[] = [];
  for (const v of validations) {
    if (!isObject(v) || typeof v.condition !== 'string') continue;
    const re = new RegExp(`regex\\(\\s*"((?:[^"\\\\]|\\\\.)*)"\\s*,\\s*var\\.${name}\\s*\\)`, 'g');
    for (const m of v.condition.matchAll(re)) {
      try { out.push(new RegExp(JSON.parse(`"${m[1]}"`) as string)); } catch { /* an RE2-only pattern: not used for sampling */ }
    }
  }
  return out;
}

/**
 * The shortest string a simple regular expression accepts (anchors, literals, classes, `\\d`/`\\w`, groups
 * with alternatives, quantifiers), or undefined for anything else. `^[0-9a-f]{64}$` -> 64 zeros.
 */
export function sampleForPattern(source: string): string | undefined {
  let i = 0;
  const alternatives = (): string | undefined => {
    const first = sequence();
    while (source[i] === '|') { i += 1; sequence(); }
    return first;
  };
  const sequence = (): string | undefined => {
    let out = '';
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      const atom = unit();
      if (atom === undefined) return undefined;
      let min = 1;
      const q = /^(\{(\d+)(,\d*)?\}|\*|\+|\?)\??/.exec(source.slice(i));
      if (q) {
        min = q[2] !== undefined ? Number(q[2]) : q[1] === '+' ? 1 : 0;
        i += q[0].length;
      }
      out += atom.repeat(min);
    }
    return out;
  };
  const unit = (): string | undefined => {
    const c = source[i];
    if (c === '^' || c === '$') { i += 1; return ''; }
    if (c === '(') {
      i += source.startsWith('(?:', i) ? 3 : 1;
      const inner = alternatives();
      if (source[i] !== ')') return undefined;
      i += 1;
      return inner;
    }
    if (c === '[') {
      const end = source.indexOf(']', i + 2);
      if (end < 0 || source[i + 1] === '^') return undefined;
      const body = source.slice(i + 1, end);
      i = end + 1;
      const range = /([a-z0-9])-[a-z0-9]/i.exec(body);
      return range ? range[1] : body.replace(/\\/g, '')[0];
    }
    if (c === '\\') {
      const e = source[i + 1];
      i += 2;
      return e === 'd' ? '0' : e === 'w' ? 'a' : /[sSDWbB]/.test(e) ? undefined : e;
    }
    if (c === '.') { i += 1; return 'a'; }
    if (/[*+?{})|]/.test(c)) return undefined;
    i += 1;
    return c;
  };
  const out = alternatives();
  return i === source.length ? out : undefined;
}

/** Sample value for a variable without a default: typed, and matching its regex validations where a candidate does. */
export function sampleValue(name: string, variable: JsonObject): Json {
  const type = typeof variable.type === 'string' ? variable.type.replace(/\s/g, '') : 'string';
  if (type === 'bool') return false;
  if (type === 'number') return 1;
  if (/^(list|set|tuple)\(/.test(type)) return [];
  if (/^(map|object)\(/.test(type)) return {};
  const dashed = name.replace(/_/g, '-');
  const candidates = [
    ...(/project/.test(name) ? ['sample-project-123'] : []),
    ...(/zone/.test(name) ? ['us-central1-a'] : []),
    ...(/region|location/.test(name) ? ['us-central1'] : []),
    ...(/bucket/.test(name) ? ['sample-bucket-123'] : []),
    ...(/token|secret|password|key/.test(name) ? ['sample-token'] : []),
    `sample-${dashed}`, `sample${dashed.replace(/-/g, '')}`, 'sample', 'a1', '1',
  ];
  const patterns = validationPatterns(name, variable);
  for (const p of patterns) {
    const generated = sampleForPattern(p.source);
    if (generated !== undefined) candidates.push(generated);
  }
  return candidates.find((c) => patterns.every((p) => p.test(c))) ?? candidates[0];
}

/** Sample values for the variables without a default (`overrides` win). */
export function sampleVariables(tf: JsonObject, overrides: Readonly<Record<string, string>> = {}): JsonObject {
  const out: JsonObject = {};
  if (!isObject(tf.variable)) return out;
  for (const [name, v] of Object.entries(tf.variable)) {
    if (name in overrides) out[name] = overrides[name];
    else if (isObject(v) && !('default' in v)) out[name] = sampleValue(name, v);
  }
  return out;
}

export interface CoreResult {
  readonly stack: string;
  readonly ok: boolean;
  /** Where it stopped: rewrite, init, validate, plan, or done. */
  readonly stage: 'rewrite' | 'init' | 'validate' | 'plan' | 'done';
  /** `Plan: 23 to add, ...` or the first error. */
  readonly summary: string;
  /** Terraform's error diagnostics, translated back to the original addresses. */
  readonly errors: readonly string[];
  readonly notes: readonly string[];
  readonly seconds: number;
  /** What the rewrite carries to Terraform: blocks rewritten, pre/postconditions, variable validations. */
  readonly counts: CoreCounts;
}

export interface CoreCounts {
  readonly blocks: number;
  readonly conditions: number;
  readonly validations: number;
}

/** How many blocks, conditions and variable validations a stack hands to Terraform. */
export function countChecks(tf: JsonObject): CoreCounts {
  let blocks = 0; let conditions = 0; let validations = 0;
  const asList = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  for (const kind of ['resource', 'data'] as const) {
    const byType = tf[kind];
    if (!isObject(byType)) continue;
    for (const byName of Object.values(byType)) {
      if (!isObject(byName)) continue;
      for (const body of Object.values(byName)) {
        blocks += 1;
        if (isObject(body) && isObject(body.lifecycle)) conditions += asList(body.lifecycle.precondition).length + asList(body.lifecycle.postcondition).length;
      }
    }
  }
  if (isObject(tf.provider)) for (const c of Object.values(tf.provider)) blocks += asList(c).length;
  if (isObject(tf.output)) for (const o of Object.values(tf.output)) if (isObject(o)) conditions += asList(o.precondition).length;
  if (isObject(tf.variable)) for (const v of Object.values(tf.variable)) if (isObject(v)) validations += asList(v.validation).length;
  return { blocks, conditions, validations };
}

/** The terraform binary on PATH (or TERRAFORM), or undefined. */
export function findTerraform(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TERRAFORM && fs.existsSync(env.TERRAFORM)) return env.TERRAFORM;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'terraform');
    try { fs.accessSync(candidate, fs.constants.X_OK); return candidate; } catch { /* next */ }
  }
  return undefined;
}

/** Error diagnostics of Terraform's human output, with terraform_data names mapped back. */
export function errorsOf(output: string, origins: Readonly<Record<string, string>>): string[] {
  const back = (s: string): string => s.replace(/terraform_data\.([A-Za-z0-9_-]+)/g, (m, n: string) => origins[n] ?? m)
    .replace(/\bjsondecode\(([^()]*)\.id\)/g, '$1');
  const errors: string[] = [];
  const lines = output.split('\n').map((l) => l.replace(/^[│╷╵]\s?/, ''));
  for (let i = 0; i < lines.length; i++) {
    if (!/^Error: /.test(lines[i])) continue;
    const detail: string[] = [lines[i]];
    for (let j = i + 1; j < lines.length && !/^(Error|Warning): /.test(lines[j]) && detail.length < 12; j++) {
      if (lines[j].trim()) detail.push(lines[j].trim());
    }
    errors.push(back(detail.join(' | ')));
  }
  if (!errors.length && output.trim()) errors.push(back(output.trim().split('\n').slice(-3).join(' | ')));
  return errors;
}

export interface RunOptions {
  readonly terraform: string;
  readonly vars?: Readonly<Record<string, string>>;
  /** Keep the rewritten directory (its path is put in the notes). */
  readonly keep?: boolean;
}

/** Rewrites one stack into a temporary directory and runs init, validate and plan there. */
export function checkStackCore(stack: string, tf: JsonObject, options: RunOptions): CoreResult {
  const started = Date.now();
  const counts = countChecks(tf);
  const done = (ok: boolean, stage: CoreResult['stage'], summary: string, errors: string[], notes: readonly string[]): CoreResult =>
    ({ stack, ok, stage, summary, errors, notes, seconds: (Date.now() - started) / 1000, counts });
  const rewrite = rewriteStack(tf);
  if (rewrite.unsupported.length) return done(false, 'rewrite', rewrite.unsupported[0], [...rewrite.unsupported], rewrite.notes);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tf-core-${stack}-`));
  const notes = options.keep ? [...rewrite.notes, `rewrite kept in ${dir}`] : rewrite.notes;
  try {
    fs.writeFileSync(path.join(dir, 'main.tf.json'), `${JSON.stringify(rewrite.config, null, 1)}\n`);
    fs.writeFileSync(path.join(dir, 'terraform.tfvars.json'), `${JSON.stringify(sampleVariables(tf, options.vars), null, 1)}\n`);
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
    if (env.TF_CLI_CONFIG_FILE && !fs.existsSync(env.TF_CLI_CONFIG_FILE)) delete env.TF_CLI_CONFIG_FILE;
    delete env.TF_WORKSPACE;
    delete env.TF_DATA_DIR;
    const run = (args: string[]): { status: number | null; output: string } => {
      const r = spawnSync(options.terraform, args, { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
      return { status: r.status, output: `${r.stdout ?? ''}\n${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}` };
    };
    const init = run(['init', '-backend=false', '-input=false', '-no-color']);
    if (init.status !== 0) { const e = errorsOf(init.output, rewrite.origins); return done(false, 'init', e[0] ?? 'terraform init failed', e, notes); }
    const validate = run(['validate', '-no-color']);
    if (validate.status !== 0) { const e = errorsOf(validate.output, rewrite.origins); return done(false, 'validate', e[0] ?? 'terraform validate failed', e, notes); }
    const plan = run(['plan', '-refresh=false', '-input=false', '-lock=false', '-no-color']);
    if (plan.status !== 0) { const e = errorsOf(plan.output, rewrite.origins); return done(false, 'plan', e[0] ?? 'terraform plan failed', e, notes); }
    const summary = /Plan: [^\n]*/.exec(plan.output)?.[0] ?? (/No changes\./.test(plan.output) ? 'No changes.' : 'plan ran');
    return done(true, 'done', summary, [], notes);
  } finally {
    if (!options.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Terraform's version line (`Terraform v1.11.4`), or ''. */
function terraformVersion(terraform: string): string {
  const r = spawnSync(terraform, ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  return /Terraform v[0-9.]+/.exec(r.stdout ?? '')?.[0] ?? '';
}

const USAGE = 'usage: tf-core [--allow-skip] [--keep] [--var name=value]... <cdktf.out | stack dir | cdk.tf.json>...';

/** CLI; returns the exit code (0 ok, 1 a stack failed, 2 usage, 3 terraform missing without --allow-skip). */
export function main(argv: readonly string[], log: (line: string) => void = console.log, env: NodeJS.ProcessEnv = process.env): number {
  let allowSkip = false;
  let keep = false;
  const vars: Record<string, string> = {};
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--allow-skip') allowSkip = true;
    else if (a === '--keep') keep = true;
    else if (a === '--var') {
      const m = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/s.exec(argv[++i] ?? '');
      if (!m) { log(`--var needs name=value; ${USAGE}`); return 2; }
      vars[m[1]] = m[2];
    } else if (a.startsWith('-')) { log(`unknown option ${a}; ${USAGE}`); return 2; } else inputs.push(a);
  }
  const terraform = findTerraform(env);
  if (!terraform) {
    log(SKIPPED_MESSAGE);
    log(allowSkip ? '(--allow-skip given: exit 0)' : `exit ${SKIPPED_EXIT_CODE}: install terraform >= 1.4 or pass --allow-skip to accept the gap`);
    return allowSkip ? 0 : SKIPPED_EXIT_CODE;
  }
  const files = stackFiles(inputs.length ? inputs : ['cdktf.out']);
  if (!files.length) { log('no cdk.tf.json found: synthesize first (npm run synth)'); return 2; }
  let failed = 0;
  const total = { blocks: 0, conditions: 0, validations: 0 };
  for (const file of files) {
    const stack = stackName(file);
    const r = checkStackCore(stack, JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject, { terraform, vars, keep });
    total.blocks += r.counts.blocks; total.conditions += r.counts.conditions; total.validations += r.counts.validations;
    if (r.ok) log(`OK ${stack}: ${r.summary} (${r.seconds.toFixed(1)} s)`);
    else {
      failed += 1;
      log(`FAIL ${stack}: ${r.stage}: ${r.summary}`);
      for (const e of r.errors.slice(1, 6)) log(`  ${e}`);
    }
    for (const n of r.notes) log(`  note: ${n}`);
  }
  log(`${files.length - failed} ok, ${failed} FAIL; ${total.blocks} blocks, ${total.conditions} pre/postconditions, `
    + `${total.validations} variable validations (${terraformVersion(terraform)} core on a provider-free rewrite)`);
  return failed ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
