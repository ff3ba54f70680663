import * as fs from 'fs';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { errorOf, resources, synth, testStack, withCluster } from '../helpers/synth';

describe('TokenSecret', () => {
  test('from a sensitive variable: write-only data, the value never in the synthesized JSON', () => {
    const canary = 'hf_CANARYcanaryCANARYcanary1234567890';
    const stack = testStack();
    withCluster(stack);
    const ns = new K8sNamespace(stack, 'Ns', { name: 'llm-d-pd' });
    const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: canary });
    const secret = new TokenSecret(stack, 'Hf', { namespace: ns, name: 'llm-d-hf-token', key: 'HF_TOKEN', source: SecretSource.fromVariable(token) });
    const json = synth(stack);
    const [[, body]] = resources(json, 'kubernetes_secret_v1');
    expect(body).toMatchObject({ metadata: { name: 'llm-d-hf-token', namespace: 'llm-d-pd' }, type: 'Opaque', data_wo: { HF_TOKEN: '${var.hf_token}' }, data_wo_revision: 1 });
    expect(body.data).toBeUndefined();
    expect(secret.envVar('HF_TOKEN')).toEqual({ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'llm-d-hf-token', key: 'HF_TOKEN' } } });
    // The variable default is the only place a literal could leak; stacks never set one (tokenVariable defaults to "").
    delete json.variable;
    expect(JSON.stringify(json)).not.toContain(canary);
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
