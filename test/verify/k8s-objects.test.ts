import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import {
  applyDefaults, checkTerraformJson, Finding, jsonPath, main, mergeValues, SchemaRegistry, toAjvSchema,
} from '../../scripts/verify/k8s-objects';

/** Chart path of the carrier chart as cdktf writes it into a stack. */
const CARRIER = './assets/K8sObjectsChart_Asset_25A2507B/49FA422E2381787B5356A157AB0F5955';

function clusterQueue(): Record<string, any> {
  return {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ClusterQueue',
    metadata: { name: 'cq' },
    spec: {
      namespaceSelector: {},
      resourceGroups: [{
        coveredResources: ['google.com/tpu'],
        flavors: [{ name: 'slice-rf', resources: [{ name: 'google.com/tpu', nominalQuota: 64 }] }],
      }],
    },
  };
}

function deployment(): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: '${jsonencode(var.namespace)}', labels: { app: 'web' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [{
            name: 'web', image: 'nginx:1.27',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '500m', memory: '1Gi' } },
          }],
        },
      },
    },
  };
}

function computeClass(): Record<string, any> {
  // whenUnsatisfiable is required by the schema but has a default: the API server fills it in.
  return { apiVersion: 'cloud.google.com/v1', kind: 'ComputeClass', metadata: { name: 'tpu-first' }, spec: { priorities: [{ machineFamily: 'n2' }] } };
}

function service(): Record<string, any> {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }] },
  };
}

/** A small synthesized stack: one carrier release, one llm-d chart release, one typed namespace. */
function stack(objects: unknown[], modelServiceValues: Record<string, unknown> = { decode: { replicas: 2 } }, version = 'v0.4.9'): Record<string, any> {
  return {
    resource: {
      helm_release: {
        Objects_Release: { name: 'objects', chart: CARRIER, values: [stringify({ objects, manifests: ['${jsonencode(data.http.M.response_body)}'] })] },
        ModelServers_Release: {
          name: 'ms', chart: 'llm-d-modelservice', repository: 'https://llm-d-incubation.github.io/llm-d-modelservice/',
          version, values: [stringify(modelServiceValues)],
        },
      },
      kubernetes_namespace_v1: { Namespace: { metadata: { name: '${var.namespace}' } } },
    },
  };
}

let registry: SchemaRegistry;
beforeAll(() => { registry = new SchemaRegistry(path.join(__dirname, '..', '..', 'schemas', 'k8s')); });

function only(findings: readonly Finding[], label: string): Finding {
  const matches = findings.filter((f) => f.label === label);
  expect(matches).toHaveLength(1);
  return matches[0];
}

describe('k8s-objects verification', () => {
  test('valid objects, chart values and typed metadata pass; expressions become notes', () => {
    const { findings, skipped } = checkTerraformJson(registry, stack([clusterQueue(), deployment(), computeClass(), service()]));
    expect(findings.map((f) => `${f.status} ${f.label}`)).toEqual([
      'OK ClusterQueue/cq', 'OK Deployment/web', 'OK ComputeClass/tpu-first', 'OK Service/web',
      'OK values llm-d-modelservice@v0.4.9', 'OK kubernetes_namespace_v1.Namespace',
    ]);
    expect(only(findings, 'Deployment/web').notes).toEqual([
      '.metadata.namespace: "${jsonencode(var.namespace)}" is an expression resolved at apply time (pattern not checked)',
    ]);
    expect(skipped).toEqual([{
      where: 'helm_release.Objects_Release.values[0] manifests[0]',
      reason: 'manifest is a Terraform expression ("${jsonencode(data.http.M.response_body)}"), only known at apply time',
    }]);
  });

  test('an unknown field in a Kueue ClusterQueue spec is rejected with its path', () => {
    const cq = clusterQueue();
    cq.spec.queueingStrategi = 'StrictFIFO';
    const f = only(checkTerraformJson(registry, stack([cq])).findings, 'ClusterQueue/cq');
    expect(f.status).toBe('FAIL');
    expect(f.problems).toEqual(['.spec.queueingStrategi: unknown field']);
    expect(f.where).toBe('helm_release.Objects_Release.values[0] objects[0]');
  });

  test('an enum violation and a missing required field in Kueue are rejected', () => {
    const cq = clusterQueue();
    cq.spec.queueingStrategy = 'Fifo';
    delete cq.spec.resourceGroups[0].coveredResources;
    const f = only(checkTerraformJson(registry, stack([cq])).findings, 'ClusterQueue/cq');
    expect(f.problems).toEqual([
      '.spec.queueingStrategy: must be one of "StrictFIFO", "BestEffortFIFO" (got "Fifo")',
      '.spec.resourceGroups[0]: missing required field "coveredResources"',
    ]);
  });

  test('duplicate keys in a list-type map of a custom resource are rejected', () => {
    const cq = clusterQueue();
    cq.spec.resourceGroups[0].flavors.push({ name: 'slice-rf', resources: [{ name: 'google.com/tpu', nominalQuota: 8 }] });
    const f = only(checkTerraformJson(registry, stack([cq])).findings, 'ClusterQueue/cq');
    expect(f.problems).toEqual(['.spec.resourceGroups[0].flavors: entries 0 and 1 have the same name="slice-rf" (list keyed by name)']);
  });

  test('a wrong type in a built-in kind is rejected', () => {
    const d = deployment();
    d.spec.replicas = 'two';
    d.spec.template.spec.containers[0].resources.limits.cpu = 'half';
    const f = only(checkTerraformJson(registry, stack([d])).findings, 'Deployment/web');
    expect(f.status).toBe('FAIL');
    expect(f.problems).toEqual([
      '.spec.replicas: must be integer (got "two")',
      expect.stringMatching(/^\.spec\.template\.spec\.containers\[0\]\.resources\.limits\.cpu: "half" does not match /),
    ]);
  });

  test('a missing required field in a built-in kind is rejected', () => {
    const d = deployment();
    delete d.spec.template.spec.containers[0].name;
    const f = only(checkTerraformJson(registry, stack([d])).findings, 'Deployment/web');
    expect(f.problems).toEqual(['.spec.template.spec.containers[0]: missing required field "name"']);
  });

  test('an expression where a number belongs is tolerated and reported as a note', () => {
    const d = deployment();
    d.spec.replicas = '${var.replicas}';
    const f = only(checkTerraformJson(registry, stack([d])).findings, 'Deployment/web');
    expect(f.status).toBe('OK');
    expect(f.notes).toContain('.spec.replicas: "${var.replicas}" is an expression resolved at apply time (type not checked)');
  });

  test('a kind without a vendored schema is UNKNOWN, and a version that is not served fails', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    const cq = { ...clusterQueue(), apiVersion: 'kueue.x-k8s.io/v1alpha1' };
    const { findings } = checkTerraformJson(registry, stack([widget, cq]));
    expect(only(findings, 'Widget/w')).toMatchObject({ status: 'UNKNOWN', problems: ['no vendored schema for example.com/v1 Widget'] });
    expect(only(findings, 'ClusterQueue/cq')).toMatchObject({
      status: 'FAIL', problems: ['.apiVersion: kueue.x-k8s.io/v1alpha1 is not a version of ClusterQueue (vendored: kueue.x-k8s.io/v1beta1, kueue.x-k8s.io/v1beta2)'],
    });
  });

  test('metadata follows the ObjectMeta rules (name, label values, unknown fields)', () => {
    const svc = service();
    svc.metadata = { name: '9web', labels: { app: 'not ok' }, nme: 'x' };
    const f = only(checkTerraformJson(registry, stack([svc])).findings, 'Service/9web');
    expect(f.problems).toEqual([
      '.metadata.nme: unknown field',
      '.metadata.name: "9web" does not match ^[a-z]([-a-z0-9]*[a-z0-9])?$',
      '.metadata.labels.app: "not ok" does not match ^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
    ]);
  });

  test('a shipped CRD must be the vendored upstream one', () => {
    const vendored = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'k8s', 'gaie-v1.5.0', 'inference.networking.x-k8s.io_inferenceobjectives.json'), 'utf8'));
    const crd = (): Record<string, any> => ({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
      metadata: { name: `${vendored.plural}.${vendored.group}`, annotations: { 'inference.networking.k8s.io/bundle-version': 'v1.5.0' } },
      spec: {
        group: vendored.group, names: { kind: vendored.kind, plural: vendored.plural }, scope: vendored.scope,
        versions: vendored.versions.map((v: any) => ({ name: v.name, served: v.served, storage: true, schema: { openAPIV3Schema: structuredClone(v.schema) } })),
      },
    });
    const changed = crd();
    changed.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.priority.type = 'string';
    const other = { ...crd(), metadata: { name: 'widgets.example.com' } };
    const tf = stack([]);
    tf.resource.helm_release.Objects_Release.values = [stringify({ objects: [], manifests: [[crd(), changed, other].map((c) => stringify(c)).join('---\n')] })];
    const findings = checkTerraformJson(registry, tf).findings.filter((f) => f.label.startsWith('CustomResourceDefinition/'));
    expect(findings.map((f) => [f.status, f.label, f.problems])).toEqual([
      ['OK', 'CustomResourceDefinition/inferenceobjectives.inference.networking.x-k8s.io', []],
      ['FAIL', 'CustomResourceDefinition/inferenceobjectives.inference.networking.x-k8s.io', [
        'differs from the vendored upstream CRD gaie-v1.5.0/inference.networking.x-k8s.io_inferenceobjectives.json at .versions[0].schema.properties.spec.properties.priority.type (of the compact form: group, kind, plural, scope, versions[].schema)',
      ]],
      ['UNKNOWN', 'CustomResourceDefinition/widgets.example.com', ['no vendored CRD named "widgets.example.com" to compare with']],
    ]);
    expect(findings[1].where).toBe('helm_release.Objects_Release.values[0] manifests[0]#1');
  });

  test('a bad llm-d-modelservice value is rejected against the chart values schema', () => {
    const { findings } = checkTerraformJson(registry, stack([], { decode: { replicas: 'two' }, modelArtifacts: { uri: 'hf://Qwen/Qwen3-32B', urii: 'x' } }));
    const f = only(findings, 'values llm-d-modelservice@v0.4.9');
    expect(f.status).toBe('FAIL');
    expect(f.problems).toEqual(['.decode.replicas: must be integer (got "two")', '.modelArtifacts.urii: unknown field']);
    expect(f.where).toBe('helm_release.ModelServers_Release');
  });

  test('a chart version without a vendored values schema is UNKNOWN', () => {
    const f = only(checkTerraformJson(registry, stack([], {}, 'v0.4.12')).findings, 'values llm-d-modelservice@v0.4.12');
    expect(f.status).toBe('UNKNOWN');
    expect(f.problems).toEqual(['no vendored values schema for llm-d-modelservice v0.4.12 (vendored: v0.4.9); run scripts/verify/vendor-k8s-schemas']);
  });

  test('a carrier chart value other than objects and manifests is rejected', () => {
    const tf = stack([]);
    tf.resource.helm_release.Objects_Release.values = [stringify({ object: [clusterQueue()] })];
    const f = only(checkTerraformJson(registry, tf).findings, 'values k8s-objects (carrier chart)');
    expect(f.problems).toEqual(['.object: unknown field (the carrier chart reads only objects and manifests)']);
  });

  test('the CLI prints one line per object and a summary, and exits 1 on a failure', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-k8s-'));
    try {
      for (const [name, objects] of [['good', [clusterQueue()]], ['bad', [{ ...clusterQueue(), spec: { foo: 1 } }]]] as const) {
        fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
        fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(stack([...objects])));
      }
      let out = '';
      const code = main(['--quiet', dir], (s) => { out += s; });
      expect(code).toBe(1);
      expect(out.split('\n')).toEqual([
        expect.stringMatching(/^FAIL ClusterQueue\/cq: \.spec\.foo: unknown field \[helm_release\.Objects_Release\.values\[0\] objects\[0\]\]$/),
        'summary bad: objects 0 ok, 1 fail, 0 unknown; typed metadata 1 ok, 0 fail; chart values 1 ok, 0 fail; 1 notes, 1 not checked',
        'summary good: objects 1 ok, 0 fail, 0 unknown; typed metadata 1 ok, 0 fail; chart values 1 ok, 0 fail; 1 notes, 1 not checked',
        'verify:k8s: 2 files; objects 1 ok, 1 fail, 0 unknown; typed metadata 2 ok, 0 fail; chart values 2 ok, 0 fail — FAILED in 1 file(s)',
        '',
      ]);
      fs.rmSync(path.join(dir, 'stacks', 'bad'), { recursive: true });
      expect(main(['--quiet', dir], () => undefined)).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('k8s-objects helpers', () => {
  test('schema translation closes objects except where unknown fields are preserved', () => {
    expect(toAjvSchema({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false });
    expect(toAjvSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } }))
      .toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(toAjvSchema({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual({ type: ['integer', 'string'] });
    expect(toAjvSchema({ type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } })).toEqual({
      type: 'object', additionalProperties: false,
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } },
    });
  });

  test('CRD defaults are applied before validation, so a defaulted required field may be left out', () => {
    const data = { spec: { priorities: [{}] } };
    applyDefaults({ properties: { spec: { properties: { whenUnsatisfiable: { type: 'string', default: 'DoNotScaleUp' }, priorities: { items: { properties: { x: { default: 1 } } } } } } } }, data);
    expect(data).toEqual({ spec: { whenUnsatisfiable: 'DoNotScaleUp', priorities: [{ x: 1 }] } });
    const cc = computeClass();
    cc.spec.whenUnsatisfiable = 'Never';
    expect(only(checkTerraformJson(registry, stack([cc])).findings, 'ComputeClass/tpu-first').problems)
      .toEqual(['.spec.whenUnsatisfiable: must be one of "ScaleUpAnyway", "DoNotScaleUp" (got "Never")']);
  });

  test('JSON paths and Helm value merging', () => {
    expect(jsonPath('/spec/resourceGroups/0/labels/cloud.google.com~1gke-tpu')).toBe('.spec.resourceGroups[0].labels["cloud.google.com/gke-tpu"]');
    expect(mergeValues({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: null, e: 3 }, d: [2] })).toEqual({ a: { b: 1, e: 3 }, d: [2] });
  });
});
