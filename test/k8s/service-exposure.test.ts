import { GKE_INTERNAL_LB_ANNOTATION, ServiceExposure } from '../../lib/k8s/service-exposure';

describe('ServiceExposure', () => {
  test('internal: LoadBalancer with the GKE internal annotation, optional source ranges', () => {
    expect(GKE_INTERNAL_LB_ANNOTATION).toBe('networking.gke.io/load-balancer-type');
    expect(ServiceExposure.internalLoadBalancer().fields).toEqual({
      type: 'LoadBalancer', annotations: { 'networking.gke.io/load-balancer-type': 'Internal' }, loadBalancerSourceRanges: undefined,
    });
    expect(ServiceExposure.internalLoadBalancer({ sourceRanges: ['10.0.0.0/8'] }).fields.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
  });

  test('external: LoadBalancer without annotation, with the source ranges', () => {
    const e = ServiceExposure.externalLoadBalancer({ sourceRanges: ['203.0.113.0/24'] });
    expect([e.kind, e.fields]).toEqual(['external', { type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] }]);
  });

  test('external without source ranges is a synth-time error', () => {
    expect(() => ServiceExposure.externalLoadBalancer({ sourceRanges: [] })).toThrow(
      'External load balancer has no source ranges (it would admit the whole internet). '
      + 'Allowed: ServiceExposure.externalLoadBalancer({ sourceRanges: [...] }) with at least one CIDR range. '
      + 'Fix: list the client ranges, e.g. sourceRanges: ["203.0.113.0/24"], or use ServiceExposure.internalLoadBalancer()');
  });

  test('a malformed source range is rejected', () => {
    expect(() => ServiceExposure.externalLoadBalancer({ sourceRanges: ['203.0.113.0'] })).toThrow('External load balancer source range "203.0.113.0" is not an IPv4 CIDR range');
  });

  test('cluster IP: no load balancer', () => {
    expect(ServiceExposure.clusterIp().fields).toEqual({ type: 'ClusterIP' });
  });
});
