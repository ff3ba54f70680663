import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { GCP_HEALTH_CHECK_RANGES, NamespaceNetworkPolicy } from '../../lib/k8s/namespace-network-policy';
import { errorOf, helmValues, synth, testStack, withCluster } from '../helpers/synth';

describe('NamespaceNetworkPolicy', () => {
  test('default deny of ingress, then same-namespace pods, the given ranges and Google Cloud health checks', () => {
    const stack = testStack();
    withCluster(stack);
    const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
    new NamespaceNetworkPolicy(stack, 'Np', { namespace, allowFromCidrs: ['172.16.0.0/26'] });
    const values = helmValues(synth(stack), 'np'); // the release is named after the construct path by default
    const meta = (name: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'serving' } });
    expect(GCP_HEALTH_CHECK_RANGES).toEqual(['35.191.0.0/16', '130.211.0.0/22']);
    expect(values.objects).toEqual([
      { ...meta('default-deny-ingress'), spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      { ...meta('allow-same-namespace'), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } },
      { ...meta('allow-load-balancers'), spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [
        { ipBlock: { cidr: '172.16.0.0/26' } }, { ipBlock: { cidr: '35.191.0.0/16' } }, { ipBlock: { cidr: '130.211.0.0/22' } },
      ] }] } },
    ]);
  });

  test('a malformed source range is rejected', () => {
    const stack = testStack();
    withCluster(stack);
    const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
    expect(errorOf(() => new NamespaceNetworkPolicy(stack, 'Np', { namespace, allowFromCidrs: ['10.0.0.0'] })))
      .toMatch(/^NetworkPolicy source range "10\.0\.0\.0" is not an IPv4 CIDR range\./);
  });
});
