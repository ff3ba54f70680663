/**
 * What the stack's workloads do with the capacity and how requests reach them,
 * read from the shipped Kubernetes objects and chart values: pods and
 * accelerators each workload requests, how the stack is exposed
 * (internal/external, ports) and the traffic between entry points and
 * workloads (Service selectors, Gateway -> HTTPRoute -> backend, in-cluster
 * URLs in a container's env/args).
 */
import { TpuGeneration } from '../../lib/tpu/tpu-generation';
import { ObjectSummary, ReleaseSummary, StackSummary } from './model';
import { Json, many, one } from './synth-tree';
import { resolveNumber } from './tf-expr';

/** Accelerators one workload requests when all its pods run. */
export interface WorkloadUsage {
  /** `Kind/name`. */
  readonly workload: string;
  readonly release: string;
  readonly pods: number;
  /** TPU chips by generation catalog name (`?` when the pod does not select one). */
  readonly tpuChips: ReadonlyMap<string, number>;
  readonly gpus: number;
}

/** A node of the request path. */
export interface TrafficNode {
  readonly key: string;
  /** `client`, `entry` (Gateway, LoadBalancer/ClusterIP Service), `pool` (InferencePool), `workload`. */
  readonly role: 'client' | 'entry' | 'pool' | 'workload';
  readonly label: readonly string[];
  /** Release (or `terraform`) that ships it: the diagram marks it from the release's diff. */
  readonly release?: string;
}

/** A traffic edge, labelled with the port or route. */
export interface TrafficEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** The request path of a stack. */
export interface RequestPath {
  readonly nodes: readonly TrafficNode[];
  readonly edges: readonly TrafficEdge[];
}

const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'JobSet', 'LeaderWorkerSet', 'RayService', 'RayCluster', 'RayJob']);

function num(value: unknown, ctx: StackSummary['ctx'], fallback: number): number {
  return resolveNumber(value, ctx)?.value ?? fallback;
}

function spec(o: { body: Json }): Json {
  return one(o.body.spec) ?? {};
}

/** Pod templates of a workload object with how many pods of each run. */
export function podTemplates(o: { kind: string; body: Json }, ctx: StackSummary['ctx']): { count: number; template: Json }[] {
  const s = spec(o);
  const tpl = (t: unknown): Json => one(t) ?? {};
  switch (o.kind) {
    case 'Pod': return [{ count: 1, template: { spec: s } }];
    case 'Deployment': case 'StatefulSet': case 'ReplicaSet': return [{ count: num(s.replicas, ctx, 1), template: tpl(s.template) }];
    case 'Job': return [{ count: num(s.parallelism, ctx, 1), template: tpl(s.template) }];
    case 'CronJob': return [{ count: num(s.jobTemplate?.spec?.parallelism, ctx, 1), template: tpl(s.jobTemplate?.spec?.template) }];
    case 'JobSet': return many(s.replicatedJobs).map((rj) => ({
      count: num(rj.replicas, ctx, 1) * num(rj.template?.spec?.parallelism, ctx, 1), template: tpl(rj.template?.spec?.template),
    }));
    case 'LeaderWorkerSet': {
      const lwt = s.leaderWorkerTemplate ?? {};
      const replicas = num(s.replicas, ctx, 1);
      const size = num(lwt.size, ctx, 1);
      if (lwt.leaderTemplate) return [{ count: replicas, template: tpl(lwt.leaderTemplate) }, { count: replicas * (size - 1), template: tpl(lwt.workerTemplate) }];
      return [{ count: replicas * size, template: tpl(lwt.workerTemplate) }];
    }
    case 'RayService': case 'RayCluster': case 'RayJob': {
      const rc = o.kind === 'RayService' ? s.rayClusterConfig ?? {} : o.kind === 'RayJob' ? s.rayClusterSpec ?? {} : s;
      return [
        { count: 1, template: tpl(rc.headGroupSpec?.template) },
        ...many(rc.workerGroupSpecs).map((g) => ({ count: num(g.replicas ?? g.minReplicas, ctx, 1) * num(g.numOfHosts, ctx, 1), template: tpl(g.template) })),
      ];
    }
    default: return [];
  }
}

function requested(container: Json, resource: string, ctx: StackSummary['ctx']): number {
  const r = container.resources ?? {};
  return num(r.limits?.[resource] ?? r.requests?.[resource], ctx, 0);
}

function generationOf(template: Json, only: string | undefined): string {
  const label = template.spec?.nodeSelector?.['cloud.google.com/gke-tpu-accelerator'];
  if (typeof label === 'string') {
    try {
      return TpuGeneration.of(label).name;
    } catch {
      return '?';
    }
  }
  return only ?? '?';
}

/** Accelerators requested per workload object (objects without accelerators are left out). */
export function workloadUsage(s: StackSummary): WorkloadUsage[] {
  const generations = [...new Set(s.pools.filter((p) => p.kind === 'tpu').map((p) => p.generation ?? '?'))];
  const only = generations.length === 1 ? generations[0] : undefined;
  const out: WorkloadUsage[] = [];
  for (const o of s.objects.filter((x) => POD_TEMPLATE_KINDS.has(x.kind))) {
    const tpuChips = new Map<string, number>();
    let gpus = 0;
    let pods = 0;
    for (const { count, template } of podTemplates(o, s.ctx)) {
      pods += count;
      const ps = template.spec ?? {};
      // Sidecars (init containers that keep running) hold their resources too.
      const containers = [...many(ps.containers), ...many(ps.initContainers).filter((c) => c.restartPolicy === 'Always')];
      const tpu = containers.reduce((n, c) => n + requested(c, 'google.com/tpu', s.ctx), 0);
      const gpu = containers.reduce((n, c) => n + requested(c, 'nvidia.com/gpu', s.ctx), 0);
      if (tpu) {
        const g = generationOf(template, only);
        tpuChips.set(g, (tpuChips.get(g) ?? 0) + count * tpu);
      }
      gpus += count * gpu;
    }
    if (tpuChips.size || gpus) out.push({ workload: `${o.kind}/${o.name}`, release: o.source, pods, tpuChips, gpus });
  }
  return out;
}

/** TPU chips the workloads request, by generation. */
export function chipsRequested(usage: readonly WorkloadUsage[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const u of usage) for (const [g, n] of u.tpuChips) out.set(g, (out.get(g) ?? 0) + n);
  return out;
}

// ------------------------------------------------------------------ exposure and traffic

const INTERNAL_GATEWAY_CLASSES = /rilb|internal/i;
/** Charts that install an InferencePool with its endpoint picker (GAIE `inferencepool`, llm-d's router). */
const POOL_CHART = /inferencepool|router/i;

/** `internal` or `external` for an entry point (Gateway class, LoadBalancer annotation), `cluster` for ClusterIP. */
export function exposureOf(kind: string, body: Json): 'internal' | 'external' | 'cluster' {
  if (kind === 'Gateway') return INTERNAL_GATEWAY_CLASSES.test(String(spec({ body }).gatewayClassName ?? '')) ? 'internal' : 'external';
  if (kind === 'Service') {
    const type = spec({ body }).type ?? 'ClusterIP';
    if (type !== 'LoadBalancer' && type !== 'NodePort') return 'cluster';
    const md = one(body.metadata) ?? {};
    const ann = md.annotations ?? {};
    const lbType = String(ann['networking.gke.io/load-balancer-type'] ?? ann['cloud.google.com/load-balancer-type'] ?? '');
    return /internal/i.test(lbType) ? 'internal' : 'external';
  }
  return 'external';
}

function ports(body: Json): string {
  const list = many(spec({ body }).ports ?? spec({ body }).listeners);
  return list.map((p) => `:${p.port}`).join(' ');
}

function matches(selector: Json | undefined, labels: Json | undefined): boolean {
  const sel = selector?.matchLabels ?? selector;
  if (!sel || typeof sel !== 'object' || !Object.keys(sel).length || !labels) return false;
  return Object.entries(sel).every(([k, v]) => typeof v !== 'object' && labels[k] === v);
}

function podLabels(o: ObjectSummary, ctx: StackSummary['ctx']): Json[] {
  return podTemplates(o, ctx).map((t) => one(t.template.metadata)?.labels ?? {});
}

function gatewayChartFacts(r: ReleaseSummary): { className: string; port: string } | undefined {
  const g = r.values?.gateway;
  if (!g || typeof g !== 'object') return undefined;
  const className = String(g.gatewayClassName ?? g.provider ?? '');
  const port = many(g.listeners).map((l) => `:${l.port}`).join(' ');
  return { className, port };
}

/**
 * The request path: clients -> entry points (Gateways, LoadBalancer Services) ->
 * inference pools -> workloads, and workload -> workload when a container names
 * another workload's in-cluster URL. Solid, labelled edges in the diagram.
 */
export function requestPath(s: StackSummary): RequestPath {
  const nodes = new Map<string, TrafficNode>();
  const edges: TrafficEdge[] = [];
  const edge = (from: string, to: string, label: string): void => {
    if (from !== to && !edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, label });
  };
  const workloads = s.objects.filter((o) => POD_TEMPLATE_KINDS.has(o.kind) && o.kind !== 'Job' && o.kind !== 'CronJob');
  const wKey = (o: ObjectSummary): string => `w:${o.kind}/${o.name}`;
  const addWorkload = (o: ObjectSummary): string => {
    const key = wKey(o);
    if (!nodes.has(key)) nodes.set(key, { key, role: 'workload', label: [`${o.kind} ${o.name}`], release: o.source });
    return key;
  };
  const clients = (exposure: 'internal' | 'external' | 'cluster'): string => {
    const key = `client:${exposure}`;
    const label = exposure === 'external' ? ['clients (internet)'] : exposure === 'internal' ? ['clients in the VPC'] : ['kubectl port-forward'];
    if (!nodes.has(key)) nodes.set(key, { key, role: 'client', label });
    return key;
  };
  // Services: selector -> pods of workload objects.
  const services = s.objects.filter((o) => o.kind === 'Service');
  const serviceTargets = new Map<string, string[]>();
  for (const svc of services) {
    const sel = spec(svc).selector;
    const targets = workloads.filter((w) => podLabels(w, s.ctx).some((l) => matches(sel, l))).map(addWorkload);
    serviceTargets.set(svc.name, targets);
    const exposure = exposureOf('Service', svc.body);
    const targetPort = many(spec(svc).ports).map((p) => `:${p.targetPort ?? p.port}`).join(' ');
    if (exposure === 'cluster') continue; // reached through other workloads (below) or port-forward
    const key = `svc:${svc.name}`;
    nodes.set(key, { key, role: 'entry', label: [`Service ${svc.name}`, `${spec(svc).type} ${exposure} ${ports(svc.body)}`], release: svc.source });
    edge(clients(exposure), key, ports(svc.body) || 'TCP');
    for (const t of targets) edge(key, t, targetPort || 'TCP');
  }
  // Inference pools: objects (selector) or chart releases (the stack's model servers).
  const poolKeys = new Map<string, string>();
  for (const p of s.objects.filter((o) => o.kind === 'InferencePool')) {
    const key = `pool:${p.name}`;
    nodes.set(key, { key, role: 'pool', label: [`InferencePool ${p.name}`], release: p.source });
    poolKeys.set(p.name, key);
    const sel = spec(p).selector;
    for (const w of workloads.filter((x) => podLabels(x, s.ctx).some((l) => matches(sel?.matchLabels ?? sel, l)))) edge(key, addWorkload(w), String(many(spec(p).targetPorts)[0]?.number ?? spec(p).targetPortNumber ?? 'HTTP'));
  }
  const chartPools = s.releases.filter((r) => !r.carrier && POOL_CHART.test(r.chart));
  const servingCharts = s.releases.filter((r) => !r.carrier && r.layer === 'workload');
  const servingObjects = workloads.filter((w) => w.kind === 'LeaderWorkerSet' || podLabels(w, s.ctx).some((l) => Object.keys(l).some((k) => k.startsWith('llm-d.ai/'))));
  for (const r of chartPools) {
    const key = `pool:${r.name.text}`;
    nodes.set(key, { key, role: 'pool', label: [`InferencePool ${r.name.text}`, `chart ${r.chart}`], release: r.name.text });
    poolKeys.set(r.name.text, key);
    for (const m of servingCharts) {
      const mk = `chart:${m.name.text}`;
      nodes.set(mk, { key: mk, role: 'workload', label: [`model servers ${m.name.text}`, `chart ${m.chart}`], release: m.name.text });
      edge(key, mk, 'picks an endpoint');
    }
    if (!servingCharts.length) for (const w of servingObjects) edge(key, addWorkload(w), 'picks an endpoint');
  }
  // Gateways (objects or gateway charts) -> HTTPRoutes -> backends.
  const gateways = new Map<string, string>();
  for (const g of s.objects.filter((o) => o.kind === 'Gateway')) {
    const exposure = exposureOf('Gateway', g.body);
    const key = `gw:${g.name}`;
    nodes.set(key, { key, role: 'entry', label: [`Gateway ${g.name}`, `${String(spec(g).gatewayClassName ?? '')} ${exposure} ${ports(g.body)}`.trim()], release: g.source });
    gateways.set(g.name, key);
    edge(clients(exposure), key, ports(g.body) || 'HTTP');
  }
  for (const r of s.releases.filter((x) => !x.carrier && x.layer === 'gateway' && !POOL_CHART.test(x.chart))) {
    const facts = gatewayChartFacts(r);
    const key = `gw:chart:${r.name.text}`;
    const exposure = facts ? exposureOf('Gateway', { spec: { gatewayClassName: facts.className } }) : 'internal';
    nodes.set(key, { key, role: 'entry', label: [`Gateway of ${r.name.text}`, `${facts?.className ?? r.chart} ${exposure} ${facts?.port ?? ''}`.trim()], release: r.name.text });
    gateways.set(r.name.text, key);
    edge(clients(exposure), key, facts?.port || 'HTTP');
  }
  for (const route of s.objects.filter((o) => o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute')) {
    const parents = many(spec(route).parentRefs).map((p) => String(p.name));
    const from = parents.map((n) => gateways.get(n) ?? [...gateways.entries()].find(([k]) => n.startsWith(k))?.[1]).filter((x): x is string => !!x);
    if (!from.length && gateways.size === 1) from.push([...gateways.values()][0]);
    for (const rule of many(spec(route).rules)) {
      const path = many(rule.matches).map((m) => m.path?.value).filter(Boolean).join(' ') || '/';
      for (const b of many(rule.backendRefs)) {
        const name = String(b.name);
        const targets = b.kind === 'InferencePool' ? [poolKeys.get(name)].filter((x): x is string => !!x) : serviceTargets.get(name) ?? [];
        for (const f of from) for (const t of targets) edge(f, t, `${route.kind} ${path}`);
      }
    }
  }
  // A Gateway with no route in the stack: chart-made routes lead to the inference pools.
  for (const g of gateways.values()) {
    if (!edges.some((e) => e.from === g)) for (const p of poolKeys.values()) edge(g, p, 'HTTPRoute');
  }
  // In-cluster URLs: workload A names workload B's Service (or the Ray serve Service).
  const hostToTargets = new Map<string, { keys: string[]; port?: string }>();
  for (const svc of services) hostToTargets.set(svc.name, { keys: serviceTargets.get(svc.name) ?? [] });
  for (const w of workloads.filter((x) => x.kind === 'RayService' || x.kind === 'RayCluster')) {
    for (const suffix of ['-serve-svc', '-head-svc']) hostToTargets.set(`${w.name}${suffix}`, { keys: [wKey(w)] });
  }
  for (const w of workloads) {
    const text = JSON.stringify(w.body);
    for (const m of text.matchAll(/https?:\/\/([a-z0-9][a-z0-9-]*)(?:\.[a-z0-9.-]*)?(?::(\d+))?/g)) {
      const t = hostToTargets.get(m[1]);
      if (!t) continue;
      for (const k of t.keys) {
        const target = workloads.find((x) => wKey(x) === k);
        if (target && target !== w) edge(addWorkload(w), addWorkload(target), m[2] ? `HTTP :${m[2]}` : 'HTTP');
      }
      // A ClusterIP Service in front of w is reached by port-forward: show it when w has no other entry.
    }
  }
  for (const svc of services.filter((x) => exposureOf('Service', x.body) === 'cluster')) {
    const targets = serviceTargets.get(svc.name) ?? [];
    if (!targets.length || targets.some((t) => edges.some((e) => e.to === t))) continue;
    const key = `svc:${svc.name}`;
    nodes.set(key, { key, role: 'entry', label: [`Service ${svc.name}`, `ClusterIP ${ports(svc.body)}`], release: svc.source });
    edge(clients('cluster'), key, ports(svc.body) || 'TCP');
    for (const t of targets) edge(key, t, many(spec(svc).ports).map((p) => `:${p.targetPort ?? p.port}`).join(' ') || 'TCP');
  }
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  return { nodes: [...nodes.values()].filter((n) => used.has(n.key)), edges };
}
