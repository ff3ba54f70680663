/**
 * What a reviewer reads in a PR: old → new values, hidden depends_on noise,
 * disruptive TPU pool replacements, PR marks in the diagrams, and a comment
 * that drops whole stacks (with a note naming the artifact) and carries one marker.
 */
import { commentMarkdown, droppedStacksNote, SUMMARY_ARTIFACT } from '../../scripts/summary';
import { architecture, DIAGRAM_BUDGET } from '../../scripts/summary/diagram';
import { diffMarks, diffStack, renderDiff, valueChanges } from '../../scripts/summary/diff';
import { summarizeStack } from '../../scripts/summary/model';
import { commentBody, commentMarker, GITHUB_COMMENT_LIMIT } from '../../scripts/pr-comment';
import * as fs from 'fs';
import * as path from 'path';
import { plain, servingStack } from './fixtures';

const base = servingStack();

test('changed values: old → new per field, list elements by name', () => {
  const pr = servingStack({ vllmImage: 'vllm/vllm-tpu:v0.12.0', replicas: 3 });
  const d = diffStack('serving', base, pr);
  expect(d.changed.map((c) => c.values)).toEqual([[
    'Deployment var.namespace/vllm: `spec.replicas`: `1` → `3`',
    'Deployment var.namespace/vllm: `spec.template.spec.containers[vllm].image`: `vllm/vllm-tpu:v0.11.1` → `vllm/vllm-tpu:v0.12.0`',
  ]]);
  expect(valueChanges({ a: 1, b: ['x'] }, { a: 2, c: true })).toEqual(['`a`: `1` → `2`', '`b`: removed (was `["x"]`)', '`c`: added `true`']);
  // Long strings show the changed middle; JSON in a string is compared field by field.
  const query = (pools: string): string => `min by (node_pool_name) ({"kubernetes.io/node/status_condition", node_pool_name=~"${pools}"}) == 0`;
  expect(valueChanges({ q: query('tpu7-pool-1|tpu7-pool-2') }, { q: query('tpu7-pool-1|tpu7-pool-2|tpu7-pool-3') }))
    .toEqual(['`q`: `…|tpu7-pool-2"}) == 0` → `…|tpu7-pool-2|tpu7-pool-3"}) == 0`']);
  expect(valueChanges({ d: JSON.stringify({ title: 't', tiles: [{ name: 'a', w: 1 }] }) }, { d: JSON.stringify({ title: 't', tiles: [{ name: 'a', w: 2 }] }) }))
    .toEqual(['`d.tiles[a].w`: `1` → `2`']);
});

test('depends_on-only changes are counted, not listed', () => {
  const pr = servingStack();
  pr.resource.kubernetes_namespace_v1.Ns_77777777.depends_on = ['google_container_node_pool.Slice_0A1B2C3D'];
  pr.resource.helm_release.Gateway_AAAAAAAA.depends_on = [];
  const d = diffStack('serving', base, pr);
  expect(d.changed).toEqual([]);
  expect(d.dependsOnOnly).toBe(2);
  expect(renderDiff([d])).toBe('## Changes per stack\n\n_No changes in the synthesized stacks._\n\nUnchanged: `serving` (2 resources differ only in `depends_on`, not listed).\n');
  // Next to a real change, the count is on the resources line.
  pr.resource.helm_release.Kueue_88888888.version = '0.17.5';
  expect(renderDiff([diffStack('serving', base, pr)])).toContain('- Resources: 0 added, 0 removed, 1 changed (2 more differ only in `depends_on`, not listed)\n- Changed:\n'
    + '  - `helm_release.Kueue_88888888` (`kueue`): `version` — chart version `0.17.4` → `0.17.5`\n    - `version`: `0.17.4` → `0.17.5`\n');
});

test('a TPU pool whose reservation changes is replaced: flagged disruptive and marked in the diagram', () => {
  const pr = servingStack();
  pr.resource.google_container_node_pool.Slice_0A1B2C3D.node_config.reservation_affinity.values = ['projects/${var.project_id}/reservations/other'];
  const d = diffStack('serving', base, pr);
  expect(d.changed[0].disruptive).toBe('replaces the TPU pool (forces a new pool: `node_config.reservation_affinity`): its slice is deleted and created again');
  expect(renderDiff([d])).toContain('> ⚠️ **Disruptive**: `google_container_node_pool.Slice_0A1B2C3D` (`v6e-slice`) replaces the TPU pool (forces a new pool: `node_config.reservation_affinity`): its slice is deleted and created again.');
  expect(diffMarks(d).get('google_container_node_pool.Slice_0A1B2C3D')).toBe('replaced');
  const arch = architecture(summarizeStack('serving', pr), pr, { marks: diffMarks(d) });
  // Aggregated with the other v6e pool, the node names the replaced one and is red.
  expect(plain(arch.diagrams[0].mermaid)).toMatch(/ {4}(n\d+)\["2 pools v6e-single \+1 more<br\/>⚠ replaced: v6e-slice<br\/>TPU v6e: 17-18 chips[^\n]*\n[\s\S]*class \1 replaced/);
});

test('machine type or topology recreates the nodes; node_count and non-TPU pools are not disruptive', () => {
  const topo = servingStack();
  topo.resource.google_container_node_pool.Slice_0A1B2C3D.placement_policy.tpu_topology = '4x8';
  expect(diffStack('serving', base, topo).changed[0].disruptive).toBe('recreates every node of the TPU pool (`placement_policy.tpu_topology`): the slice restarts');
  const count = servingStack({ v6eNodes: 8 });
  expect(diffStack('serving', base, count).changed[0].disruptive).toBeUndefined();
  const gpu = servingStack();
  gpu.resource.google_container_node_pool.L4_66666666.node_config.spot = false;
  expect(diffStack('serving', base, gpu).changed[0].disruptive).toBeUndefined();
  const removed = servingStack();
  delete removed.resource.google_container_node_pool.Slice_0A1B2C3D;
  expect(renderDiff([diffStack('serving', base, removed)])).toContain('> ⚠️ **Disruptive**: removes TPU pool `v6e-slice` and the work running on it.');
});

test('added resources are marked new in the diagram', () => {
  const pr = servingStack({ secondSlice: true });
  const d = diffStack('serving', base, pr);
  expect([...diffMarks(d)]).toEqual([['google_container_node_pool.Slice2_5A5B5C5D', 'added']]);
  const mermaid = plain(architecture(summarizeStack('serving', pr), pr, { marks: diffMarks(d) }).diagrams[0].mermaid);
  expect(mermaid).toContain('classDef added fill:#dafbe1,stroke:#1a7f37,stroke-width:3px');
  expect(mermaid).toMatch(/ {4}(n\d+)\["3 pools v6e-single \+2 more<br\/>\+ new: v6e-slice-2<br\/>TPU v6e: 33-34 chips[^\n]*\n[\s\S]*class \1 changed/);
  // Where the width allows one node per shape, the new pool is its own green node.
  const wide = plain(architecture(summarizeStack('serving', pr), pr, { marks: diffMarks(d), budget: { ...DIAGRAM_BUDGET, width: 5000 } }).diagrams[0].mermaid);
  // (v6e-slice-2 has no reservation, so it is not "the same shape as" v6e-slice.)
  expect(wide).toMatch(/ {4}(n\d+)\["\+ new: pool v6e-slice-2<br\/>ct6e-standard-4t × 4<br\/>4x4 · 16 chips<br\/>zone var.zone \(default<br\/>us-east5-b\)"\]\n[\s\S]*class \1 added/);
});

test('IAM grants are named by role and member; a flex-start pool says so', () => {
  const pr = servingStack();
  pr.resource.google_project_iam_member = { Reader_12345678: { role: 'roles/storage.objectViewer', member: 'serviceAccount:${var.project_id}.svc.id.goog[serving/vllm]', project: '${var.project_id}' } };
  const d = diffStack('serving', base, pr);
  expect(d.added).toEqual([{ address: 'google_project_iam_member.Reader_12345678', name: 'roles/storage.objectViewer → serviceAccount:${var.project_id}.svc.id.goog[serving/vllm]' }]);
  pr.resource.google_monitoring_alert_policy = { Alert_87654321: { display_name: 'serving: TPU node unready', combiner: 'OR' } };
  expect(diffStack('serving', base, pr).added.map((r) => r.name).sort()).toEqual([
    'roles/storage.objectViewer → serviceAccount:${var.project_id}.svc.id.goog[serving/vllm]', 'serving: TPU node unready',
  ]);
  const flex = servingStack();
  flex.resource.google_container_node_pool.Single_55555555.node_config.flex_start = true;
  const pools = summarizeStack('serving', flex).pools;
  expect(pools.find((p) => p.name.text === 'v6e-single')!.flexStart).toBe(true);
  const wide = plain(architecture(summarizeStack('serving', flex), flex, { budget: { ...DIAGRAM_BUDGET, width: 5000 } }).diagrams[0].mermaid);
  expect(wide).toContain('["pool v6e-single<br/>ct6e-standard-1t × 1-2<br/>1x1 · 1-2 chips<br/>zone var.zone (default<br/>us-east5-b)<br/>flex-start VMs"]');
});

describe('the PR comment', () => {
  const stacks = ['alpha', 'beta', 'gamma'].map((name) => ({ name, json: servingStack() }));

  test('over the limit, whole stacks are left out (unchanged first, then from the end) with a note naming the artifact', () => {
    const pr = servingStack({ replicas: 2 });
    const head = [stacks[0], { name: 'beta', json: pr }, stacks[2]];
    const diffs = head.map((s, i) => diffStack(s.name, stacks[i].json, s.json));
    const full = commentMarkdown(head, diffs, { limit: 10_000_000 });
    const oneStack = full.indexOf('<details>', full.indexOf('<details>') + 1) - full.indexOf('<details>');
    const cut = commentMarkdown(head, diffs, { limit: full.length - oneStack / 2 });
    expect(cut).toContain(droppedStacksNote(['gamma']));
    expect(droppedStacksNote(['gamma'])).toBe("> [!NOTE]\n> Left out to fit GitHub's comment size limit: `gamma`. Their full summary and changes are in the workflow run's artifact `cdktf-out` (files `summary/<stack>.md` and `summary/changes.md`).\n");
    expect(cut).toContain('<summary>Full summary of <code>alpha</code></summary>');
    expect(cut).not.toContain('<summary>Full summary of <code>gamma</code></summary>');
    // Every kept stack is whole: fences and details balanced, each diagram closed.
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((cut.match(/<details>/g) ?? []).length).toBe((cut.match(/<\/details>/g) ?? []).length);
    const tight = commentMarkdown(head, diffs, { limit: 6000 });
    expect(tight).toContain(droppedStacksNote(['alpha', 'beta', 'gamma']));
    expect(tight).not.toContain('```mermaid');
  });

  test('the artifact named in the note is the one the workflow uploads', () => {
    const workflow = fs.readFileSync(path.join(__dirname, '..', '..', '.github', 'workflows', 'pull-request.yml'), 'utf8');
    expect(workflow).toMatch(new RegExp(`name: ${SUMMARY_ARTIFACT}\\n\\s+path: cdktf.out\\n`));
  });

  test('the marker appears once, even when the body file already carries it', () => {
    const md = commentMarkdown(stacks, undefined);
    expect(md.startsWith('# Infrastructure summary\n')).toBe(true);
    const body = commentBody('summary', md);
    expect(body.split(commentMarker('summary')).length - 1).toBe(1);
    expect(commentBody('summary', body)).toBe(body);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });
});
