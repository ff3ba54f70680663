/**
 * A sensitive variable's default is written verbatim into cdk.tf.json, so a
 * non-empty one is rejected: by SecretSource.fromVariable at once, and by a
 * validation on every stack that uses the library's providers at synth time.
 */
import { TerraformVariable } from 'cdktf';
import { SecretSource } from '../../lib/k8s/token-secret';
import { ProviderRequirements } from '../../lib/providers/provider-requirements';
import { sensitiveDefaultErrors } from '../../lib/providers/sensitive-variables';
import { errorOf, synth, testStack, withCluster } from '../helpers/synth';

const MESSAGE = 'Sensitive Terraform variable "my_token" has a non-empty default, which cdktf writes into the synthesized JSON '
  + '(and so into the repository and every plan). Allowed: no default or an empty string. '
  + 'Fix: remove the default and pass the value at apply time (TF_VAR_my_token, a *.auto.tfvars.json file kept out of git, or the CI secret)';

test('SecretSource.fromVariable rejects a sensitive variable whose default holds a token', () => {
  const stack = testStack();
  const v = new TerraformVariable(stack, 'my_token', { type: 'string', sensitive: true, default: 'hf_canary' });
  expect(errorOf(() => SecretSource.fromVariable(v))).toBe(MESSAGE);
});

test('SecretSource.fromVariable accepts an empty default and no default', () => {
  const stack = testStack();
  const empty = new TerraformVariable(stack, 'a', { type: 'string', sensitive: true, default: '' });
  const none = new TerraformVariable(stack, 'b', { type: 'string', sensitive: true });
  expect(SecretSource.fromVariable(empty)).toBeInstanceOf(SecretSource);
  expect(SecretSource.fromVariable(none)).toBeInstanceOf(SecretSource);
});

test('synthesis fails for any sensitive variable with a value in its default, even one no construct reads', () => {
  const stack = testStack();
  withCluster(stack);
  new TerraformVariable(stack, 'my_token', { type: 'string', sensitive: true, default: 'hf_canary' });
  expect(errorOf(() => synth(stack))).toContain(MESSAGE);
});

test('non-string defaults count as values; non-sensitive defaults and empty sensitive ones pass', () => {
  const stack = testStack();
  ProviderRequirements.of(stack);
  new TerraformVariable(stack, 'my_token', { type: 'map(string)', sensitive: true, default: { a: 'b' } });
  new TerraformVariable(stack, 'zone', { type: 'string', default: 'us-central1-a' });
  new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
  expect(sensitiveDefaultErrors(stack)).toEqual([MESSAGE]);
});

test('a stack without such variables synthesizes', () => {
  const stack = testStack();
  withCluster(stack);
  new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
  expect(synth(stack).variable.hf_token).toEqual({ type: 'string', sensitive: true, default: '' });
});
