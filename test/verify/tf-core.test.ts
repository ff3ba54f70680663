import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  checkStackCore, findTerraform, main, ReferenceRewriter, rewriteStack, sampleForPattern, sampleValue, SKIPPED_EXIT_CODE, SKIPPED_MESSAGE,
} from '../../scripts/verify/tf-core';

const PROJECT_RULE = '${can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))}';

/** A small stack Terraform core accepts: provider, data sources, count, depends_on, conditions on known and unknown values. */
function validStack(): Record<string, any> {
  return {
    '//': { metadata: { stackName: 'fixture' } },
    terraform: {
      required_version: '>= 1.5',
      required_providers: { google: { source: 'hashicorp/google', version: '7.10.0' } },
      backend: { gcs: { bucket: 'state' } },
    },
    provider: { google: [{ project: '${var.project_id}' }], kubernetes: [{ host: 'https://${google_container_cluster.Cluster.endpoint}' }] },
    variable: {
      project_id: { type: 'string', validation: [{ condition: PROJECT_RULE, error_message: 'project_id must be a project ID.' }] },
      zone: { type: 'string', default: 'us-central1-a' },
    },
    data: {
      google_container_engine_versions: { Versions: { location: '${var.zone}' } },
    },
    resource: {
      google_container_cluster: {
        Cluster: {
          name: 'c', location: '${var.zone}',
          min_master_version: '${data.google_container_engine_versions.Versions.release_channel_default_version["RAPID"]}',
          provider: 'google-beta',
          lifecycle: {
            ignore_changes: ['node_config'],
            precondition: [{
              condition: '${startswith(data.google_container_engine_versions.Versions.release_channel_default_version["RAPID"], "1.35")}',
              error_message: 'The RAPID default is older than 1.35.',
            }],
          },
        },
      },
      google_container_node_pool: {
        Pool: {
          cluster: '${google_container_cluster.Cluster.name}',
          depends_on: ['google_container_cluster.Cluster'],
          lifecycle: {
            precondition: [{ condition: '${google_container_cluster.Cluster.name == "c"}', error_message: 'cluster name' }],
            postcondition: [{ condition: '${self.cluster == "c" && self.instance_group_urls != null}', error_message: 'pool' }],
          },
        },
      },
      kubernetes_namespace_v1: { Ns: { count: '${var.zone == "nowhere" ? 0 : 1}', metadata: { name: 'ns' } } },
    },
    locals: { endpoint: 'https://${google_container_cluster.Cluster.endpoint}' },
    output: {
      ns: { value: '${kubernetes_namespace_v1.Ns[0].metadata.name}' },
      literal: { value: 'keep $${google_container_cluster.Cluster.name} and self.x literal' },
    },
  };
}

describe('rewrite (no terraform needed)', () => {
  const targets = new Map([
    ['google_container_cluster.C', { name: 'google_container_cluster__C', known: new Set(['name']) }],
    ['data.google_project.P', { name: 'data__google_project__P', known: new Set(['project_id']) }],
    ['kubernetes_namespace_v1.N', { name: 'kubernetes_namespace_v1__N', known: new Set<string>() }],
  ]);
  const rw = new ReferenceRewriter(targets);

  test('configured values stay known, computed ones become unknown of any type', () => {
    expect(rw.template('${google_container_cluster.C.name}')).toBe('${terraform_data.google_container_cluster__C.input.name}');
    expect(rw.template('https://${google_container_cluster.C.endpoint}/x')).toBe('https://${jsondecode(terraform_data.google_container_cluster__C.id).endpoint}/x');
    expect(rw.template('${base64decode(google_container_cluster.C.master_auth[0].cluster_ca_certificate)}'))
      .toBe('${base64decode(jsondecode(terraform_data.google_container_cluster__C.id).master_auth[0].cluster_ca_certificate)}');
    expect(rw.template('${data.google_project.P.number}')).toBe('${jsondecode(terraform_data.data__google_project__P.id).number}');
  });

  test('instance keys, splats, nested strings and whole-resource references', () => {
    expect(rw.template('${kubernetes_namespace_v1.N[0].metadata[0].name}'))
      .toBe('${jsondecode(terraform_data.kubernetes_namespace_v1__N[0].id).metadata[0].name}');
    expect(rw.template('${kubernetes_namespace_v1.N[*].id}')).toBe('${[for r in terraform_data.kubernetes_namespace_v1__N : jsondecode(r.id).id]}');
    expect(rw.template('${join(",", ["${google_container_cluster.C.name}-x", data.google_project.P.project_id])}'))
      .toBe('${join(",", ["${terraform_data.google_container_cluster__C.input.name}-x", terraform_data.data__google_project__P.input.project_id])}');
    expect(rw.template('${length(kubernetes_namespace_v1.N)}')).toBe('${length(terraform_data.kubernetes_namespace_v1__N)}');
  });

  test('literal text, escapes, other references and undeclared resources are left alone', () => {
    expect(rw.template('self.is_locked = google_container_cluster.C.name $${google_container_cluster.C.name}'))
      .toBe('self.is_locked = google_container_cluster.C.name $${google_container_cluster.C.name}');
    expect(rw.template('${var.x}-${local.y}-${each.key}-${google_container_cluster.Missing.name}'))
      .toBe('${var.x}-${local.y}-${each.key}-${google_container_cluster.Missing.name}');
  });

  test('a stack: terraform_data per resource, data source and provider; backend and required_providers dropped; meta-arguments kept', () => {
    const r = rewriteStack(validStack());
    const data = r.config.resource as any;
    expect(Object.keys(data.terraform_data).sort()).toEqual([
      'data__google_container_engine_versions__Versions', 'google_container_cluster__Cluster', 'google_container_node_pool__Pool',
      'kubernetes_namespace_v1__Ns', 'provider__google__0', 'provider__kubernetes__0',
    ]);
    expect(r.config.terraform).toEqual({ required_version: '>= 1.5' });
    const pool = data.terraform_data.google_container_node_pool__Pool;
    expect(pool.depends_on).toEqual(['terraform_data.google_container_cluster__Cluster']);
    expect(pool.input).toEqual({ cluster: '${terraform_data.google_container_cluster__Cluster.input.name}' });
    expect(pool.lifecycle.postcondition[0].condition).toBe('${self.input.cluster == "c" && jsondecode(self.id).instance_group_urls != null}');
    expect(data.terraform_data.kubernetes_namespace_v1__Ns.count).toBe('${var.zone == "nowhere" ? 0 : 1}');
    expect(data.terraform_data.google_container_cluster__Cluster.input.provider).toBeUndefined();
    expect(r.notes).toEqual(['google_container_cluster.Cluster: lifecycle.ignore_changes dropped (it names provider attributes)']);
    expect(rewriteStack({ module: { m: { source: './m' } } }).unsupported).toEqual(['top-level "module" blocks are not supported by the provider-free rewrite']);
  });

  test('sample values satisfy the variable\'s regex validation', () => {
    expect(sampleValue('project_id', { type: 'string', validation: [{ condition: PROJECT_RULE }] })).toBe('sample-project-123');
    expect(sampleValue('reservation_name', { type: 'string', validation: [{ condition: '${can(regex("^[a-z]+$", var.reservation_name))}' }] }))
      .toBe('samplereservationname');
    expect(sampleValue('manifest_sha256', { type: 'string', validation: [{ condition: '${can(regex("^[0-9a-f]{64}$", var.manifest_sha256))}' }] }))
      .toBe('0'.repeat(64));
    expect(sampleForPattern('^(gs|s3)://[a-z0-9._-]{3,}/?$')).toBe('gs://aaa');
    expect(sampleForPattern('^[^a]$')).toBeUndefined();
    expect(sampleValue('replicas', { type: 'number' })).toBe(1);
    expect(sampleValue('enabled', { type: 'bool' })).toBe(false);
  });
});

const terraform = findTerraform();

test('without terraform on PATH the CLI says SKIPPED and fails unless --allow-skip', () => {
  const lines: string[] = [];
  const env = { PATH: '/nonexistent' };
  expect(main(['cdktf.out'], (l) => lines.push(l), env)).toBe(SKIPPED_EXIT_CODE);
  expect(lines[0]).toBe(SKIPPED_MESSAGE);
  expect(SKIPPED_MESSAGE).toMatch(/^SKIPPED: terraform not found/);
  lines.length = 0;
  expect(main(['--allow-skip', 'cdktf.out'], (l) => lines.push(l), env)).toBe(0);
  expect(lines).toEqual([SKIPPED_MESSAGE, '(--allow-skip given: exit 0)']);
});

if (terraform) {
  describe(`Terraform core (${terraform})`, () => {
    const run = (tf: Record<string, any>) => checkStackCore('fixture', tf, { terraform });

    test('a valid stack validates and plans; a precondition on a computed value is deferred, not failed', () => {
      const r = run(validStack());
      expect([r.ok, r.stage, r.summary]).toEqual([true, 'done', 'Plan: 6 to add, 0 to change, 0 to destroy.']);
    });

    test('a dangling reference is rejected at validate, named by its original address', () => {
      const tf = validStack();
      tf.resource.google_container_node_pool.Pool.cluster = '${google_container_cluster.Missing.name}';
      const r = run(tf);
      expect([r.ok, r.stage]).toEqual([false, 'validate']);
      expect(r.summary).toMatch(/^Error: Reference to undeclared resource \| .*google_container_cluster" "Missing" has not been declared/);
    });

    test('an undefined variable and a bad depends_on target are rejected', () => {
      const tf = validStack();
      tf.locals.endpoint = '${var.endpoint}';
      const r = run(tf);
      expect([r.ok, r.stage]).toEqual([false, 'validate']);
      expect(r.summary).toMatch(/^Error: Reference to undeclared input variable \| .*"endpoint"/);
      const tf2 = validStack();
      tf2.resource.google_container_node_pool.Pool.depends_on = ['google_container_cluster.Gone'];
      expect(run(tf2).summary).toMatch(/^Error: Reference to undeclared resource/);
    });

    test('a precondition that fails on known values fails the plan with its message', () => {
      const tf = validStack();
      tf.resource.google_container_node_pool.Pool.cluster = 'other';
      tf.resource.google_container_node_pool.Pool.lifecycle.precondition[0].condition = '${google_container_cluster.Cluster.name == "other"}';
      const r = run(tf);
      expect([r.ok, r.stage]).toEqual([false, 'plan']);
      expect(r.errors.join(' ')).toMatch(/Resource precondition failed.*cluster name/);
    });

    test('a variable validation fails with the given value, and the CLI exits 1', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-core-test-'));
      try {
        fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(validStack()));
        const lines: string[] = [];
        expect(main(['--var', 'project_id=X', dir], (l) => lines.push(l))).toBe(1);
        expect(lines[0]).toMatch(/^FAIL tf-core-test-\w+: plan: Error: Invalid value for variable .*project_id must be a project ID\./);
        expect(lines[lines.length - 1]).toMatch(/^0 ok, 1 FAIL; 6 blocks, 3 pre\/postconditions, 1 variable validations \(Terraform v\d/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
} else {
  test('terraform is not installed here: the real Terraform-core checks did not run (see the SKIPPED test above)', () => {
    expect(findTerraform()).toBeUndefined();
  });
}
