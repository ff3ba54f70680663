import { TerraformVariable } from 'cdktf';
import { parse } from 'yaml';
import { escapeTerraformTemplate, renderYaml } from '../../lib/k8s/render';
import { synth, testStack } from '../helpers/synth';
import { TerraformOutput } from 'cdktf';

describe('renderYaml', () => {
  test('keeps YAML 1.1 booleans-looking strings as strings and preserves key order', () => {
    const text = renderYaml({ b: 'yes', a: 'on', c: '0755', d: 'no', e: 1, f: true });
    expect(text).toBe('b: "yes"\na: "on"\nc: "0755"\nd: "no"\ne: 1\nf: true\n');
    expect(parse(text, { version: '1.1' })).toEqual({ b: 'yes', a: 'on', c: '0755', d: 'no', e: 1, f: true });
  });

  test('escapes literal ${...} and %{...} so Terraform leaves shell variables alone', () => {
    expect(escapeTerraformTemplate('echo ${KV_CONFIG} %{x} $(LWS_GROUP_SIZE)')).toBe('echo $${KV_CONFIG} %%{x} $(LWS_GROUP_SIZE)');
  });

  test('a Terraform reference becomes a jsonencode() scalar, whatever the value holds', () => {
    const stack = testStack();
    const ns = new TerraformVariable(stack, 'namespace', { type: 'string' });
    new TerraformOutput(stack, 'yaml', { value: renderYaml({ namespace: ns.stringValue, path: `gs://${ns.stringValue}/x`, cmd: 'echo ${HOME}' }) });
    expect(synth(stack).output.yaml.value).toBe(
      'namespace: ${jsonencode(var.namespace)}\npath: ${jsonencode("gs://${var.namespace}/x")}\ncmd: "echo $${HOME}"\n');
  });

  test('quotes, backslashes, tabs, %{, ": " and " #" next to a reference stay inside the HCL string literal and one YAML scalar', () => {
    const stack = testStack();
    const ns = new TerraformVariable(stack, 'namespace', { type: 'string' });
    new TerraformOutput(stack, 'yaml', { value: renderYaml({ cmd: `say '{"a": 1}' \\ %{x}\t${ns.stringValue} \${HOME} #1` }) });
    const text: string = synth(stack).output.yaml.value;
    expect(text).toBe('cmd: ${jsonencode("say \'{\\"a\\":\\u00201}\' \\\\ %%{x}\\t${var.namespace} $${HOME} \\u00231")}\n');
    // Before Terraform evaluates it, the line is still one plain YAML scalar.
    expect(Object.keys(parse(text))).toEqual(['cmd']);
  });
});
