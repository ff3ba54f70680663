import { planFingerprint, renderPlanComment, summarizePlan } from '../../scripts/plan-summary';

/** A `terraform show -json` plan in miniature: a new v6e slice, a resized pool, a replaced cluster, a data read. */
function plan(secret = 'hf_CANARY_plan_123'): Record<string, any> {
  const pool = (nodes: number): Record<string, any> => ({
    name: 'v6e-slice', node_count: nodes, node_locations: ['us-east5-b'],
    node_config: [{ machine_type: 'ct6e-standard-4t', spot: false, guest_accelerator: [] }],
    placement_policy: [{ type: 'COMPACT', tpu_topology: '4x4' }], autoscaling: [],
  });
  return {
    format_version: '1.2',
    variables: { hf_token: { value: secret } },
    resource_changes: [
      { address: 'google_container_node_pool.Slice_0A1B2C3D', mode: 'managed', type: 'google_container_node_pool', change: { actions: ['create'], before: null, after: pool(4) } },
      {
        address: 'google_container_node_pool.Tpu7_11111111', mode: 'managed', type: 'google_container_node_pool',
        change: {
          actions: ['update'],
          before: { name: 'tpu7-pool-1', node_count: 16, node_config: [{ machine_type: 'tpu7x-standard-4t' }], placement_policy: [{ tpu_topology: '4x4x4', policy_name: 'p' }] },
          after: { name: 'tpu7-pool-1', node_count: 16, node_config: [{ machine_type: 'tpu7x-standard-4t', labels: { a: 'b' } }], placement_policy: [{ tpu_topology: '4x4x4', policy_name: 'p' }] },
        },
      },
      { address: 'google_container_cluster.Cluster_ABCDEF01', mode: 'managed', type: 'google_container_cluster', change: { actions: ['delete', 'create'] } },
      { address: 'helm_release.Old_22222222', mode: 'managed', type: 'helm_release', change: { actions: ['delete'] } },
      { address: 'helm_release.Kueue_88888888', mode: 'managed', type: 'helm_release', change: { actions: ['no-op'] } },
      { address: 'data.http.Manifest_33333333', mode: 'data', type: 'http', change: { actions: ['read'] } },
    ],
  };
}

test('counts, destructive changes first, and the accelerator capacity the plan adds', () => {
  const s = summarizePlan(plan());
  expect(s.counts).toEqual({ create: 1, update: 1, delete: 1, replace: 1, read: 1 });
  expect(s.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
    'delete helm_release.Old_22222222',
    'replace google_container_cluster.Cluster_ABCDEF01',
    'update google_container_node_pool.Tpu7_11111111',
    'create google_container_node_pool.Slice_0A1B2C3D',
    'read data.http.Manifest_33333333',
  ]);
  expect(s.capacity).toEqual(['adds 16 TPU v6e chips (4 VMs)']);
});

test('the comment: counts, capacity, cautions, the change list and the plan text; no variable values', () => {
  const md = renderPlanComment({ stack: 'serving', exitCode: 2, plan: plan(), planText: 'Terraform will perform the following actions:\n  # (sensitive value)\n' });
  expect(md).toBe([
    '### ✅ `terraform plan`: `serving`',
    '',
    '**Plan: 1 to add, 1 to change, 1 to destroy, 1 to replace** (1 data source read)',
    '',
    'Accelerators: this plan adds 16 TPU v6e chips (4 VMs).',
    '',
    '> [!CAUTION]',
    '> 2 resources destroyed or replaced:',
    '> - `helm_release.Old_22222222` (delete)',
    '> - `google_container_cluster.Cluster_ABCDEF01` (replace)',
    '',
    '<details>',
    '<summary>4 changes</summary>',
    '',
    '```diff',
    '- helm_release.Old_22222222',
    '-/+ google_container_cluster.Cluster_ABCDEF01',
    '~ google_container_node_pool.Tpu7_11111111',
    '+ google_container_node_pool.Slice_0A1B2C3D',
    '```',
    '</details>',
    '',
    '<details>',
    '<summary>Plan output</summary>',
    '',
    '```text',
    'Terraform will perform the following actions:\n  # (sensitive value)\n',
    '```',
    '</details>',
    '',
  ].join('\n'));
  expect(md).not.toContain('hf_CANARY_plan_123');
});

test('a failed plan says so, shows the error tail and fails the check', () => {
  const md = renderPlanComment({ stack: 'serving', exitCode: 1, errorText: 'Error: No value for required variable\n\n  on variables.tf line 1', runUrl: 'https://github.example/acme/infra/actions/runs/1' });
  expect(md).toBe([
    '### ❌ `terraform plan`: `serving`',
    '',
    '**The plan failed** (exit code 1); this check fails. [Run log](https://github.example/acme/infra/actions/runs/1)',
    '',
    '```text',
    'Error: No value for required variable\n\n  on variables.tf line 1',
    '```',
    '',
  ].join('\n'));
});

test('no changes, and a long plan text is truncated to fit the comment limit', () => {
  const empty = { resource_changes: [{ address: 'helm_release.K_1', mode: 'managed', type: 'helm_release', change: { actions: ['no-op'] } }] };
  expect(renderPlanComment({ stack: 's', exitCode: 0, plan: empty })).toContain('_No changes. The infrastructure matches the configuration._');
  const long = renderPlanComment({ stack: 's', exitCode: 2, plan: plan(), planText: 'x'.repeat(200000), limit: 20000 });
  expect(long.length).toBeLessThanOrEqual(20000);
  expect(long).toContain('… (plan text truncated; see the run log)');
  expect((long.match(/^```/gm) ?? []).length % 2).toBe(0);
});

test('the fingerprint ignores change order, object key order, variables, no-ops and reads', () => {
  const a = plan('one');
  const b = plan('two');
  b.resource_changes.reverse();
  const pool = b.resource_changes.find((rc: any) => rc.address === 'google_container_node_pool.Slice_0A1B2C3D').change.after;
  b.resource_changes.find((rc: any) => rc.address === 'google_container_node_pool.Slice_0A1B2C3D').change.after =
    Object.fromEntries(Object.entries(pool).reverse());
  b.resource_changes.find((rc: any) => rc.address === 'helm_release.Kueue_88888888').change.after = { version: '9.9.9' };
  b.resource_changes.find((rc: any) => rc.address === 'data.http.Manifest_33333333').change.after = { body: 'changed' };
  expect(planFingerprint(a)).toBe(planFingerprint(b));
  expect(planFingerprint(a)).toMatch(/^[0-9a-f]{64}$/);
});

test('the fingerprint changes with any value a reviewer saw: after, before, unknowns, replace paths, action order, outputs', () => {
  const base = planFingerprint(plan());
  const changed = (edit: (p: Record<string, any>) => void): string => {
    const p = plan();
    edit(p);
    return planFingerprint(p);
  };
  const rc = (p: Record<string, any>, address: string): any => p.resource_changes.find((r: any) => r.address === address).change;
  const fingerprints = [
    changed((p) => { rc(p, 'google_container_node_pool.Slice_0A1B2C3D').after.node_count = 8; }),
    changed((p) => { rc(p, 'google_container_node_pool.Tpu7_11111111').before.node_count = 15; }),
    changed((p) => { rc(p, 'google_container_node_pool.Tpu7_11111111').after_unknown = { id: true }; }),
    changed((p) => { rc(p, 'google_container_cluster.Cluster_ABCDEF01').replace_paths = [['name']]; }),
    changed((p) => { rc(p, 'google_container_cluster.Cluster_ABCDEF01').actions = ['create', 'delete']; }),
    changed((p) => { rc(p, 'helm_release.Old_22222222').actions = ['update']; }),
    changed((p) => { p.output_changes = { endpoint: { actions: ['create'], after: '10.0.0.1' } }; }),
  ];
  for (const f of fingerprints) expect(f).not.toBe(base);
  expect(new Set(fingerprints).size).toBe(fingerprints.length);
  // An output that does not change counts as nothing.
  expect(changed((p) => { p.output_changes = { endpoint: { actions: ['no-op'], after: '10.0.0.1' } }; })).toBe(base);
});

test('error text cannot break out of its code block: the fence is longer than any backtick run in it', () => {
  const hostile = 'Error: bad\n```\n</details>\n<img src=x onerror=alert(1)> @org/team\n````\nmore';
  const md = renderPlanComment({ stack: 'serving`<b>', exitCode: 1, errorText: hostile });
  expect(md).toBe([
    '### ❌ `terraform plan`: `servingb`',
    '',
    '**The plan failed** (exit code 1); this check fails.',
    '',
    '`````text',
    hostile,
    '`````',
    '',
  ].join('\n'));
});

test('a plan made without refresh says that drift is not shown', () => {
  const md = renderPlanComment({ stack: 'serving', exitCode: 0, plan: { resource_changes: [] }, refreshed: false });
  expect(md).toBe([
    '### ✅ `terraform plan`: `serving`',
    '',
    "_Planned against the recorded state without refresh (the pull-request identity cannot read Helm release records): changes made outside Terraform are not shown; the apply workflow's plan refreshes._",
    '',
    '**Plan: 0 to add, 0 to change, 0 to destroy, 0 to replace**',
    '',
    '_No changes. The infrastructure matches the configuration._',
    '',
  ].join('\n'));
  expect(renderPlanComment({ stack: 'serving', exitCode: 0, plan: { resource_changes: [] } })).not.toContain('without refresh');
});
