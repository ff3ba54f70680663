/**
 * What a reviewer wants to know about one synthesized stack, read from its
 * cdk.tf.json alone: resources, TPU/GPU capacity per pool, Helm releases, the
 * Kubernetes objects shipped in carrier-chart values, container images,
 * provider constraints, escape hatches and variables.
 */
import { parseAllDocuments } from 'yaml';
import { TpuMachineType } from '../../lib/tpu/tpu-machine-type';
import { Json, many, one } from './synth-tree';
import {
  defaultTemplate, ExprContext, protectExpressions, resolveNumber, resolveString, restoreDeep, Shown, showValue, simplifyExpression, soleExpression,
} from './tf-expr';

/** Key of the escape-hatch list in the stack's `//` metadata (lib/providers/escape-hatches.ts). */
export const ESCAPE_HATCH_KEY = 'tpu_gke_escape_hatches';

/** A resource or data source of the stack. */
export interface ResourceEntry {
  /** Terraform address, e.g. `google_container_node_pool.Platform_Cube1_NodePool_D5D9252F` or `data.http.X`. */
  readonly address: string;
  readonly type: string;
  readonly id: string;
  readonly data: boolean;
  /** `name` or `metadata.name`, shown. */
  readonly name?: Shown;
  readonly body: Json;
}

/** A count range (autoscaling pools have min < max); `undefined` bounds are unknown. */
export interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** A GKE node pool and the accelerators it holds. */
export interface PoolSummary {
  readonly address: string;
  readonly name: Shown;
  readonly kind: 'tpu' | 'gpu' | 'cpu';
  readonly machineType: Shown;
  /** Catalog name of the TPU generation (`v6e`, `tpu7x`); `?` for TPU machine types not in the catalog. */
  readonly generation?: string;
  /** Slice topology and whether it is multi-host. */
  readonly topology?: string;
  readonly multiHost?: boolean;
  readonly vms: Range;
  /** Where the VM count came from when it is a variable default. */
  readonly vmsVia?: string;
  readonly autoscaling: boolean;
  /** TPU chips (tpu pools) or GPUs (gpu pools). */
  readonly accelerators: Range;
  /** GPU type (`nvidia-l4`); TPU pools: the generation. */
  readonly acceleratorType?: string;
  readonly zones?: Shown;
  /** True when the pool sets no node locations: counts are per zone of the cluster. */
  readonly perZone: boolean;
  /** Reservation affinity (Markdown). */
  readonly reservation: string;
  readonly placement: string;
  readonly spot: boolean;
  /** Flex-start VMs (`node_config.flex_start`) or queued provisioning: capacity obtained when available, for a limited time. */
  readonly flexStart: boolean;
}

/** Accelerator totals of one kind (a TPU generation or a GPU type). */
export interface CapacityTotal {
  readonly kind: 'tpu' | 'gpu';
  /** TPU generation catalog name or GPU type. */
  readonly type: string;
  readonly accelerators: Range;
  readonly vms: Range;
  readonly pools: number;
}

/** A Kubernetes object the stack creates. */
export interface ObjectSummary {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** Helm release that ships it, or `terraform` for kubernetes_* resources. */
  readonly source: string;
  readonly body: Json;
}

/** Architecture layer of a release in the diagram. */
export type Layer = 'controller' | 'workload' | 'gateway';

/** A helm_release: a pinned chart, or the project's carrier chart with objects. */
export interface ReleaseSummary {
  readonly address: string;
  readonly name: Shown;
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  readonly namespace: Shown;
  readonly carrier: boolean;
  readonly layer: Layer;
  readonly objects: readonly ObjectSummary[];
  /** Manifests read at plan time (shown as their URL or expression). */
  readonly remoteManifests: readonly string[];
  /** Parsed chart values (chart releases). */
  readonly values?: Json;
}

/** How an image reference is pinned. */
export type ImagePinning = 'digest' | 'tag' | 'floating' | 'plan-time';

/** A container image used by the stack. */
export interface ImageSummary {
  /** The reference as shown (expressions simplified). */
  readonly image: string;
  readonly tag?: string;
  readonly pinning: ImagePinning;
  /** Why it is floating, or where a plan-time value comes from. */
  readonly note?: string;
  readonly usedBy: readonly string[];
}

/** A provider constraint. */
export interface ProviderSummary {
  readonly name: string;
  readonly source: string;
  readonly version: string;
}

/** An escape hatch from the stack metadata. */
export interface HatchSummary {
  readonly id: string;
  readonly address: string;
  readonly resourceName?: string;
  readonly field: string;
  readonly provider: string;
  readonly minimumVersion: string;
  readonly reason: string;
}

/** A declared variable. */
export interface VariableSummary {
  readonly name: string;
  readonly type: string;
  readonly default?: unknown;
  readonly required: boolean;
  readonly sensitive: boolean;
  readonly description: string;
}

/** Everything the summary reports for one stack. */
export interface StackSummary {
  readonly name: string;
  readonly resources: readonly ResourceEntry[];
  /** Managed resources by type, sorted by type. */
  readonly resourceCounts: readonly [string, number][];
  readonly dataSourceCount: number;
  readonly clusters: readonly ResourceEntry[];
  readonly autopilot: boolean;
  readonly pools: readonly PoolSummary[];
  readonly capacity: readonly CapacityTotal[];
  readonly releases: readonly ReleaseSummary[];
  readonly objects: readonly ObjectSummary[];
  readonly images: readonly ImageSummary[];
  readonly providers: readonly ProviderSummary[];
  readonly terraformVersion?: string;
  readonly backend: string;
  readonly hatches: readonly HatchSummary[];
  readonly variables: readonly VariableSummary[];
  readonly ctx: ExprContext;
}

/** Reads the summary of one synthesized stack. */
export function summarizeStack(name: string, json: Json): StackSummary {
  const resources = listResources(json);
  const ctx = contextFor(json, resources);
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const clusters = resources.filter((r) => !r.data && r.type === 'google_container_cluster');
  const pools = resources.filter((r) => !r.data && r.type === 'google_container_node_pool').map((r) => summarizePool(r, resources, ctx));
  const releases = resources.filter((r) => !r.data && r.type === 'helm_release').map((r) => summarizeRelease(r, byAddress, ctx));
  const objects = [
    ...resources.filter((r) => !r.data && r.type.startsWith('kubernetes_')).map((r) => terraformObject(r, ctx)).filter((o): o is ObjectSummary => !!o),
    ...releases.flatMap((r) => r.objects),
  ];
  const counts = new Map<string, number>();
  for (const r of resources) if (!r.data) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const terraform = json.terraform ?? {};
  return {
    name,
    resources,
    resourceCounts: [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)),
    dataSourceCount: resources.filter((r) => r.data).length,
    clusters,
    autopilot: clusters.some((c) => c.body.enable_autopilot === true),
    pools,
    capacity: capacityTotals(pools),
    releases,
    objects,
    images: collectImages(releases, objects, ctx),
    providers: Object.entries(terraform.required_providers ?? {}).map(([n, p]: [string, any]) => ({
      name: n, source: String(p?.source ?? ''), version: String(p?.version ?? 'any'),
    })).sort((a, b) => a.name.localeCompare(b.name)),
    terraformVersion: terraform.required_version,
    backend: describeBackend(terraform.backend),
    hatches: many(json['//']?.[ESCAPE_HATCH_KEY]).map((h) => ({
      id: String(h.id), address: String(h.address), field: String(h.field), provider: String(h.provider),
      minimumVersion: String(h.minimum_version), reason: String(h.reason),
      resourceName: byAddress.get(String(h.address))?.name?.text,
    })),
    variables: Object.entries(json.variable ?? {}).map(([n, v]: [string, any]) => ({
      name: n, type: String(v.type ?? 'any'), default: v.default, required: !('default' in v),
      sensitive: v.sensitive === true, description: String(v.description ?? ''),
    })).sort((a, b) => a.name.localeCompare(b.name)),
    ctx,
  };
}

function listResources(json: Json): ResourceEntry[] {
  const out: ResourceEntry[] = [];
  for (const [mode, data] of [['resource', false], ['data', true]] as const) {
    for (const [type, byId] of Object.entries((json[mode] ?? {}) as Json)) {
      for (const [id, body] of Object.entries((byId ?? {}) as Json)) {
        out.push({ address: `${data ? 'data.' : ''}${type}.${id}`, type, id, data, body: body as Json });
      }
    }
  }
  out.sort((a, b) => a.address.localeCompare(b.address));
  const ctx = contextFor(json, out);
  return out.map((r) => {
    const raw = r.body.name ?? one(r.body.metadata)?.name;
    return raw === undefined ? r : { ...r, name: showValue(raw, ctx) };
  });
}

/** Variables and literal attributes of the stack, for showing expressions. */
export function contextFor(json: Json, resources?: readonly { type: string; id: string; data: boolean; body: Json }[]): ExprContext {
  const variables = (json.variable ?? {}) as Json;
  const locals = (json.locals ?? {}) as Json;
  return {
    variableDefault: (n) => variables[n]?.default,
    local: (n) => locals[n],
    attribute: (type, id, attr) => {
      const data = type.startsWith('data.');
      const t = data ? type.slice(5) : type;
      const body = resources
        ? resources.find((r) => r.data === data && r.type === t && r.id === id)?.body
        : (json[data ? 'data' : 'resource']?.[t]?.[id] as Json | undefined);
      return body?.[attr];
    },
  };
}

// ------------------------------------------------------------------ node pools

const GPU_FAMILIES: Readonly<Record<string, string>> = {
  a2: 'nvidia-tesla-a100', a3: 'nvidia-h100', a4: 'nvidia-b200', g2: 'nvidia-l4', g4: 'nvidia-rtx-pro-6000',
};

function summarizePool(r: ResourceEntry, resources: readonly ResourceEntry[], ctx: ExprContext): PoolSummary {
  const b = r.body;
  const nc = one(b.node_config) ?? {};
  const machine: Shown = nc.machine_type === undefined ? { text: 'e2-medium', note: 'GKE default', planTime: false } : showValue(nc.machine_type, ctx);
  const machineName = resolveString(nc.machine_type, ctx)?.value;
  const zonesList = Array.isArray(b.node_locations) ? b.node_locations : undefined;
  const zoneFactor = zonesList && zonesList.length > 0 ? zonesList.length : 1;
  const auto = one(b.autoscaling);
  let vms: Range;
  let vmsVia: string | undefined;
  if (auto && (auto.max_node_count !== undefined || auto.total_max_node_count !== undefined)) {
    const total = auto.total_max_node_count !== undefined;
    const factor = total ? 1 : zoneFactor;
    const min = resolveNumber(total ? auto.total_min_node_count ?? 0 : auto.min_node_count ?? 0, ctx);
    const max = resolveNumber(total ? auto.total_max_node_count : auto.max_node_count, ctx);
    vms = { min: min && min.value * factor, max: max && max.value * factor };
    vmsVia = min?.via ?? max?.via;
  } else {
    const count = resolveNumber(b.node_count ?? b.initial_node_count ?? 1, ctx);
    vms = { min: count && count.value * zoneFactor, max: count && count.value * zoneFactor };
    vmsVia = count?.via;
  }
  const common = {
    address: r.address, name: r.name ?? { text: r.id, planTime: false }, machineType: machine, vms, vmsVia,
    autoscaling: !!auto, zones: zonesList ? showValue(zonesList, ctx) : undefined, perZone: !zonesList,
    reservation: describeReservation(one(nc.reservation_affinity), ctx), spot: nc.spot === true || nc.preemptible === true,
    flexStart: nc.flex_start === true || one(b.queued_provisioning)?.enabled === true,
  };
  const tpu = machineName ? TpuMachineType.ALL.find((m) => m.name === machineName) : undefined;
  const placement = one(b.placement_policy);
  if (tpu || (machineName && /^(ct\d|tpu)/.test(machineName))) {
    const perVm = tpu?.chipsPerVm;
    const topology = placement?.tpu_topology ? showValue(placement.tpu_topology, ctx).text : tpu?.singleHostTopology.toString();
    const multiHost = !!placement?.tpu_topology && topology !== tpu?.singleHostTopology.toString();
    return {
      ...common, kind: 'tpu', generation: tpu?.generation.name ?? '?', acceleratorType: tpu?.generation.name ?? '?',
      topology, multiHost,
      accelerators: { min: mul(vms.min, perVm), max: mul(vms.max, perVm) },
      placement: describePlacement(placement, resources, ctx),
    };
  }
  const gpus = many(nc.guest_accelerator).filter((g) => g.type !== undefined);
  const family = machineName ? /^([a-z]\d+)-/.exec(machineName)?.[1] : undefined;
  if (gpus.length || (family && GPU_FAMILIES[family])) {
    const perVm = gpus.length ? gpus.reduce((s, g) => s + (resolveNumber(g.count, ctx)?.value ?? NaN), 0) : undefined;
    const type = gpus.length ? gpus.map((g) => showValue(g.type, ctx).text).join(' + ') : `${GPU_FAMILIES[family!]} (implied by ${family})`;
    const known = perVm !== undefined && !Number.isNaN(perVm) ? perVm : undefined;
    return {
      ...common, kind: 'gpu', acceleratorType: type,
      accelerators: { min: mul(vms.min, known), max: mul(vms.max, known) },
      placement: describePlacement(placement, resources, ctx),
    };
  }
  return { ...common, kind: 'cpu', accelerators: {}, placement: describePlacement(placement, resources, ctx) };
}

function mul(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a * b;
}

/** `projects/P/reservations/R/reservationBlocks/B` -> `R` (block `B`, project `P`), Markdown. */
function describeReservation(affinity: Json | undefined, ctx: ExprContext): string {
  if (!affinity) return '—';
  const type = String(affinity.consume_reservation_type ?? '');
  if (type === 'NO_RESERVATION') return 'none (on-demand)';
  if (type === 'ANY_RESERVATION') return 'any matching';
  const values = many(affinity.values).map((v) => (typeof v === 'string' ? v : String(v)));
  const code = (t: string): string => `\`${t}\``;
  return values.map((value) => {
    const segments = splitPath(value);
    const get = (key: string): string | undefined => {
      const i = segments.indexOf(key);
      return i >= 0 && i + 1 < segments.length ? showValue(segments[i + 1], ctx).text : undefined;
    };
    const name = get('reservations');
    if (!name) return `specific ${code(showValue(value, ctx).text)}`;
    const extras = [['block', get('reservationBlocks')], ['sub-block', get('reservationSubBlocks')], ['project', get('projects')]]
      .filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${code(v!)}`);
    return `specific ${code(name)}${extras.length ? ` (${extras.join(', ')})` : ''}`;
  }).join('; ');
}

/** Splits a path on `/` outside interpolations. */
function splitPath(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') depth += 1;
    else if (c === '}' && depth > 0) depth -= 1;
    if (c === '/' && depth === 0) {
      out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur);
  return out;
}

function describePlacement(placement: Json | undefined, resources: readonly ResourceEntry[], ctx: ExprContext): string {
  if (!placement) return '—';
  const parts: string[] = [];
  if (placement.type) parts.push(String(placement.type));
  if (placement.policy_name) {
    // The pool references the policy (`${google_compute_resource_policy.<id>.name}`); a literal name is matched by name.
    const ref = /^\$\{(google_compute_resource_policy\.[A-Za-z0-9_-]+)\.name\}$/.exec(String(placement.policy_name));
    const policy = resources.find((r) => r.type === 'google_compute_resource_policy'
      && (ref ? r.address === ref[1] : r.name?.text === showValue(placement.policy_name, ctx).text));
    const policyName = policy?.name?.text ?? showValue(placement.policy_name, ctx).text;
    const wp = policy && one(policy.body.workload_policy);
    const details = wp ? [wp.type, wp.accelerator_topology, wp.accelerator_topology_mode].filter(Boolean).map(String).join(', ') : '';
    parts.push(`workload policy \`${policyName}\`${details ? ` (${details})` : ''}`);
  }
  return parts.join(', ') || '—';
}

function capacityTotals(pools: readonly PoolSummary[]): CapacityTotal[] {
  const totals = new Map<string, { kind: 'tpu' | 'gpu'; type: string; acc: Range; vms: Range; pools: number }>();
  for (const p of pools) {
    if (p.kind === 'cpu') continue;
    const type = p.acceleratorType ?? '?';
    const key = `${p.kind}:${type}`;
    const t = totals.get(key) ?? { kind: p.kind, type, acc: { min: 0, max: 0 }, vms: { min: 0, max: 0 }, pools: 0 };
    t.acc = addRange(t.acc, p.accelerators);
    t.vms = addRange(t.vms, p.vms);
    t.pools += 1;
    totals.set(key, t);
  }
  return [...totals.values()]
    .map((t) => ({ kind: t.kind, type: t.type, accelerators: t.acc, vms: t.vms, pools: t.pools }))
    .sort((a, b) => (a.kind === b.kind ? a.type.localeCompare(b.type) : a.kind === 'tpu' ? -1 : 1));
}

function addRange(a: Range, b: Range): Range {
  return { min: mul1(a.min, b.min), max: mul1(a.max, b.max) };
}

function mul1(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

// ------------------------------------------------------------------ releases

const WORKLOAD_KINDS = new Set([
  'Deployment', 'StatefulSet', 'Job', 'CronJob', 'Pod', 'ReplicaSet', 'JobSet', 'LeaderWorkerSet',
  'RayService', 'RayCluster', 'RayJob',
]);
const GATEWAY_KINDS = new Set(['Gateway', 'HTTPRoute', 'GRPCRoute', 'InferencePool', 'InferenceModel', 'InferenceObjective', 'Ingress']);

/** True for objects that expose traffic: Gateways, routes, inference pools, Ingresses, LoadBalancer Services. */
export function isEntryPoint(o: { kind: string; body: Json }): boolean {
  return GATEWAY_KINDS.has(o.kind) || (o.kind === 'Service' && o.body.spec?.type === 'LoadBalancer');
}

function summarizeRelease(r: ResourceEntry, byAddress: ReadonlyMap<string, ResourceEntry>, ctx: ExprContext): ReleaseSummary {
  const b = r.body;
  const name = r.name ?? { text: r.id, planTime: false };
  const chart = String(b.chart ?? '');
  const rawValues = ([] as unknown[]).concat(b.values ?? []).filter((v): v is string => typeof v === 'string');
  const docs = rawValues.flatMap((v) => parseYamlDocuments(v));
  const values = docs[0] as Json | undefined;
  const carrier = !b.repository && chart.startsWith('./') && !!values && (Array.isArray(values.objects) || Array.isArray(values.manifests));
  const objects: ObjectSummary[] = [];
  const remoteManifests: string[] = [];
  if (carrier && values) {
    const source = name.text;
    for (const o of many(values.objects)) objects.push(objectOf(o, source, ctx));
    for (const m of many(values.manifests) as unknown[]) {
      if (typeof m !== 'string') continue;
      const expr = soleExpression(m);
      if (expr) {
        remoteManifests.push(describeRemoteManifest(expr, byAddress, ctx));
        continue;
      }
      for (const doc of parseYamlDocuments(m)) if (doc && typeof doc === 'object' && (doc as Json).kind) objects.push(objectOf(doc as Json, source, ctx));
    }
  }
  const layer: Layer = carrier ? layerOfObjects(objects, remoteManifests) : layerOfChart(chart);
  return {
    address: r.address, name, chart, repository: b.repository, version: b.version, namespace: showValue(b.namespace ?? 'default', ctx),
    carrier, layer, objects, remoteManifests, values: carrier ? undefined : values,
  };
}

/** Parses YAML text that may hold Terraform interpolations; unparseable text yields nothing. */
export function parseYamlDocuments(text: string): unknown[] {
  const { text: safe, restore } = protectExpressions(text);
  try {
    return parseAllDocuments(safe, { version: '1.1' } as any)
      .map((d: any) => restoreDeep(d.toJS(), restore))
      .filter((d: unknown) => d !== null && d !== undefined);
  } catch {
    return [];
  }
}

function objectOf(o: Json, source: string, ctx: ExprContext): ObjectSummary {
  const md = o.metadata ?? {};
  return {
    apiVersion: String(o.apiVersion ?? ''), kind: String(o.kind ?? '?'),
    name: showValue(md.name ?? md.generateName ?? '?', ctx).text,
    namespace: md.namespace === undefined ? undefined : showValue(md.namespace, ctx).text,
    source, body: o,
  };
}

function describeRemoteManifest(expr: string, byAddress: ReadonlyMap<string, ResourceEntry>, ctx: ExprContext): string {
  const m = /^(?:jsonencode\()?data\.http\.([A-Za-z0-9_-]+)\.(?:response_body|body)\)?$/.exec(expr.trim());
  const url = m ? byAddress.get(`data.http.${m[1]}`)?.body.url : undefined;
  return url !== undefined ? showValue(url, ctx).text : simplifyExpression(expr, ctx);
}

function layerOfObjects(objects: readonly ObjectSummary[], remote: readonly string[]): Layer {
  if (objects.some((o) => WORKLOAD_KINDS.has(o.kind))) return 'workload';
  if (objects.length > 0 && remote.length === 0 && objects.every((o) => isEntryPoint(o) || ['Service', 'ServiceAccount', 'ConfigMap', 'ReferenceGrant'].includes(o.kind)) && objects.some(isEntryPoint)) return 'gateway';
  return 'controller';
}

function layerOfChart(chart: string): Layer {
  const c = chart.toLowerCase();
  if (/inferencepool|gateway|infra|router/.test(c)) return 'gateway';
  if (/modelservice|vllm|serve|model|llm/.test(c)) return 'workload';
  return 'controller';
}

const TERRAFORM_KINDS: Readonly<Record<string, [string, string]>> = {
  namespace: ['v1', 'Namespace'], secret: ['v1', 'Secret'], service_account: ['v1', 'ServiceAccount'],
  config_map: ['v1', 'ConfigMap'], service: ['v1', 'Service'], deployment: ['apps/v1', 'Deployment'],
  job: ['batch/v1', 'Job'], role: ['rbac.authorization.k8s.io/v1', 'Role'], role_binding: ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  cluster_role: ['rbac.authorization.k8s.io/v1', 'ClusterRole'], cluster_role_binding: ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
  persistent_volume_claim: ['v1', 'PersistentVolumeClaim'], storage_class: ['storage.k8s.io/v1', 'StorageClass'],
};

function terraformObject(r: ResourceEntry, ctx: ExprContext): ObjectSummary | undefined {
  const key = r.type.replace(/^kubernetes_/, '').replace(/_v\d+$/, '');
  const known = TERRAFORM_KINDS[key];
  const kind = known?.[1] ?? key.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  const md = one(r.body.metadata) ?? {};
  return {
    apiVersion: known?.[0] ?? '', kind, name: showValue(md.name ?? r.id, ctx).text,
    namespace: md.namespace === undefined ? undefined : showValue(md.namespace, ctx).text,
    source: 'terraform', body: r.body,
  };
}

// ------------------------------------------------------------------ images

const FLOATING_TAGS = /^(latest|nightly|main|master|dev|develop|edge|stable|canary|head|rolling|unstable|next)$/i;
const FLOATING_SUFFIX = /[-_.](latest|nightly)$/i;

/** Classifies an image reference (`repo[:tag][@digest]`), which may hold Terraform expressions. */
export function classifyImage(raw: string, ctx: ExprContext): Omit<ImageSummary, 'usedBy'> {
  const shown = showValue(raw, ctx);
  if (shown.planTime && soleExpression(raw) !== undefined) {
    const fallback = defaultTemplate(raw, ctx);
    if (fallback === undefined || fallback === '' || soleExpression(fallback) !== undefined) {
      return { image: shown.text, pinning: 'plan-time', note: 'set at plan time' };
    }
    const inner = classifyImage(fallback, ctx);
    return { ...inner, image: shown.text, note: `default \`${inner.image}\`${inner.note ? `; ${inner.note}` : ''}` };
  }
  // Interpolations may contain ':' or '/': mask them before splitting the reference.
  const masked = maskInterpolations(shown.text);
  const at = masked.indexOf('@');
  if (at >= 0) return { image: shown.text, tag: shown.text.slice(at + 1), pinning: 'digest' };
  const colon = masked.lastIndexOf(':');
  if (colon <= masked.lastIndexOf('/')) return { image: shown.text, pinning: 'floating', note: 'no tag: pulls latest' };
  const tag = shown.text.slice(colon + 1);
  if (masked.slice(colon + 1) !== tag) return { image: shown.text, tag, pinning: 'plan-time', note: 'tag set at plan time' };
  if (FLOATING_TAGS.test(tag) || FLOATING_SUFFIX.test(tag)) return { image: shown.text, tag, pinning: 'floating', note: `floating tag "${tag}"` };
  return { image: shown.text, tag, pinning: 'tag' };
}

/** Replaces every `${...}` (nested braces included) with as many `#` characters. */
function maskInterpolations(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth += 1;
        else if (text[j] === '}' && --depth === 0) break;
      }
      out += '#'.repeat(j - i + 1);
      i = j;
    } else {
      out += text[i];
    }
  }
  return out;
}

function collectImages(releases: readonly ReleaseSummary[], objects: readonly ObjectSummary[], ctx: ExprContext): ImageSummary[] {
  const uses = new Map<string, string[]>();
  const add = (image: string, user: string): void => {
    const list = uses.get(image) ?? [];
    if (!list.includes(user)) list.push(user);
    uses.set(image, list);
  };
  for (const o of objects) {
    walkContainers(o.body, (c) => {
      if (typeof c.image === 'string') add(c.image, `${o.kind}/${o.name}${c.name ? ` (${String(c.name)})` : ''}`);
    });
  }
  for (const r of releases) {
    if (r.carrier || !r.values) continue;
    walkChartImages(r.values, '', (image, where) => add(image, `release ${r.name.text} (${where || 'values'})`));
  }
  return [...uses.entries()]
    .map(([image, usedBy]) => ({ ...classifyImage(image, ctx), usedBy }))
    .sort((a, b) => a.image.localeCompare(b.image));
}

/** Calls `visit` for every container spec (containers, initContainers, ephemeralContainers) inside `value`. */
function walkContainers(value: unknown, visit: (c: Json) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walkContainers(v, visit);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Json)) {
    if ((k === 'containers' || k === 'initContainers' || k === 'ephemeralContainers') && Array.isArray(v)) {
      for (const c of v) if (c && typeof c === 'object') visit(c as Json);
    }
    walkContainers(v, visit);
  }
}

/** Images in chart values: `image: "repo:tag"` or `image: {registry, repository, tag}`. */
function walkChartImages(value: unknown, where: string, visit: (image: string, where: string) => void): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkChartImages(v, `${where}[${i}]`, visit));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Json)) {
    const path = where ? `${where}.${k}` : k;
    if (k === 'image' && typeof v === 'string' && v) {
      visit(v, path);
    } else if (k === 'image' && v && typeof v === 'object' && typeof (v as Json).repository === 'string') {
      const img = v as Json;
      const repo = [img.registry, img.repository].filter((s) => typeof s === 'string' && s).join('/');
      const ref = img.digest ? `${repo}@${img.digest}` : img.tag !== undefined && img.tag !== '' ? `${repo}:${String(img.tag)}` : repo;
      visit(ref, path);
    } else {
      walkChartImages(v, path, visit);
    }
  }
}

// ------------------------------------------------------------------ backend

function describeBackend(backend: Json | undefined): string {
  if (!backend) return 'local (default)';
  const [type, cfg] = Object.entries(backend)[0] ?? ['local', {}];
  if (type === 'gcs') return `gcs (gs://${cfg?.bucket}/${cfg?.prefix ?? ''})`;
  if (type === 'local') return `local (${cfg?.path ?? 'terraform.tfstate'})`;
  return type;
}
