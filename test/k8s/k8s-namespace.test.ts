import { TerraformVariable } from 'cdktf';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { resources, synth, testStack, withCluster } from '../helpers/synth';

describe('K8sNamespace adoptBuiltIn', () => {
  test('a literal built-in namespace is not created (count 0); others are created as before', () => {
    const stack = testStack();
    withCluster(stack);
    new K8sNamespace(stack, 'Default', { name: 'default', adoptBuiltIn: true });
    new K8sNamespace(stack, 'Own', { name: 'ray', adoptBuiltIn: true });
    const byName = Object.fromEntries(resources(synth(stack), 'kubernetes_namespace_v1').map(([, r]) => [r.metadata.name, r]));
    expect(byName.default.count).toBe(0);
    expect(byName.ray.count).toBeUndefined();
  });

  test('a namespace variable is checked at plan time', () => {
    const stack = testStack();
    withCluster(stack);
    const ns = new TerraformVariable(stack, 'namespace', { type: 'string', default: 'default' });
    new K8sNamespace(stack, 'Ns', { name: ns.stringValue, adoptBuiltIn: true });
    const [[, r]] = resources(synth(stack), 'kubernetes_namespace_v1');
    expect(r.count).toBe('${contains(["default", "kube-system", "kube-public", "kube-node-lease"], var.namespace) ? 0 : 1}');
  });

  test('without adoptBuiltIn nothing changes', () => {
    const stack = testStack();
    withCluster(stack);
    new K8sNamespace(stack, 'Ns', { name: 'default' });
    const [[, r]] = resources(synth(stack), 'kubernetes_namespace_v1');
    expect(r.count).toBeUndefined();
  });
});
