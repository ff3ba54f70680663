import * as fs from 'fs';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { errorOf, resources, synth, testStack, withCluster } from '../helpers/synth';

describe('TokenSecret', () => {
  test('from a sensitive variable: write-only data, the value only referenced', () => {
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd' });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
    const secret = new TokenSecret(stack, 'Hf', { namespace: ns, name: 'llm-d-hf-token', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
    const json = synth(stack);
    const [[, body]] = resources(json, 'kubernetes_secret_v1');
    expect(body).toMatchObject({ metadata: { name: 'llm-d-hf-token', namespace: 'llm-d-pd' }, type: 'Opaque', data_wo: { HF_TOKEN: '${var.hf_token}' }, data_wo_revision: '${(((1 * 2) - 1) + nonsensitive(min(1, length(var.hf_token))))}' });
    expect(body.data).toBeUndefined();
    expect(secret.envVar('HF_TOKEN')).toEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'llm-d-hf-token', key: 'HF_TOKEN' } } });
    // A default holding a token is refused (SENSITIVE_VARIABLE_DEFAULT); the canary tests below cover values passed at apply time.
  });

  test('rotation: data_wo_revision follows the revision variable, and a first non-empty token counts as a change', () => {
    // Before: data_wo_revision was always 1, so a changed token never reached the cluster.
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd' });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
    const revision = new TerraformVariable(stack, 'hf_token_revision', { type: 'number', default: 1 });
    new TokenSecret(stack, 'Hf', { namespace: ns, name: 'llm-d-hf-token', key: 'HF_TOKEN', source: SecretSource.fromVariable(token, revision.numberValue) });
    const [[, body]] = resources(synth(stack), 'kubernetes_secret_v1');
    // revision 1: 1 while the token is empty, 2 once it is set; revision 2: 3 / 4, ... (always >= 1, as the provider requires).
    expect(body.data_wo_revision).toBe('${(((var.hf_token_revision * 2) - 1) + nonsensitive(min(1, length(var.hf_token))))}');
  });

  test.each([0, -1, 1.5])('a revision of %p is refused', (revision) => {
    const stack = testStack();
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true });
    expect(errorOf(() => SecretSource.fromVariable(token, revision))).toBe(
      `Revision of secret variable "hf_token" ${revision} is out of range. Allowed: an integer >= 1. Fix: start at 1 and raise it by one each time the token changes`);
  });

  test('an existing Secret is referenced, not created', () => {
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd' });
    new TokenSecret(stack, 'Hf', { namespace: ns, name: 'hf-secret', key: 'hf_api_token', source: SecretSource.existing() });
    expect(resources(synth(stack), 'kubernetes_secret_v1')).toEqual([]);
  });

  test('a variable that is not sensitive is refused', () => {
    const stack = testStack();
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string' });
    expect(errorOf(() => SecretSource.fromVariable(token))).toBe(
      'Terraform variable "hf_token" holds a secret but is not marked sensitive. Allowed: a variable declared with `sensitive: true`. Fix: declare the variable with `sensitive: true` so Terraform redacts it');
  });

  test('a canary passed with --var never reaches the output directory', () => {
    const outdir = fs.mkdtempSync('/tmp/tpu-gke-canary-');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 's');
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'x' });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
    new TokenSecret(stack, 'Hf', { namespace: ns, name: 's', key: 'k', source: SecretSource.fromVariable(token) });
    process.env.TF_VAR_hf_token = 'hf_CANARYcanaryCANARYcanary1234567890';
    try {
      app.synth();
    } finally {
      delete process.env.TF_VAR_hf_token;
    }
    expect(fs.readFileSync(`${outdir}/stacks/s/cdk.tf.json`, 'utf8')).not.toContain('CANARY');
  });
});
