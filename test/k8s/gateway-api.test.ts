import { gateway, httpRoute, inferencePool, inferencePoolBackend } from '../../lib/k8s/gateway-api';
import { leaderWorkerSet } from '../../lib/k8s/leader-worker-set';
import { role, roleBindingToServiceAccount } from '../../lib/k8s/rbac';

describe('Gateway API builders', () => {
  test('gateway: class, listeners, allowed routes only when set', () => {
    expect(gateway({
      name: 'g', namespace: 'ns', gatewayClassName: 'gke-l7-rilb',
      listeners: [{ name: 'default', port: 80, protocol: 'HTTP', allowRoutesFrom: 'All' }, { name: 'tls', port: 443, protocol: 'HTTPS' }],
    })).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'g', namespace: 'ns' },
      spec: {
        gatewayClassName: 'gke-l7-rilb',
        listeners: [
          { name: 'default', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'tls', port: 443, protocol: 'HTTPS' },
        ],
      },
    });
  });

  test('httpRoute: one path-prefix rule to an InferencePool, optional gateway namespace and timeouts', () => {
    expect(httpRoute({
      name: 'r', namespace: 'ns', gatewayName: 'g', gatewayNamespace: 'gw-ns', pathPrefix: '/',
      backends: [inferencePoolBackend('pool', { port: 8000, weight: 1 })], timeouts: { request: '0s', backendRequest: '0s' },
    })).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'ns' },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'g', namespace: 'gw-ns' }],
        rules: [{
          backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool', port: 8000, weight: 1 }],
          timeouts: { request: '0s', backendRequest: '0s' },
          matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        }],
      },
    });
  });

  test('inferencePool: GA API, selector, target ports, endpoint picker on 9002 failing open by default', () => {
    expect(inferencePool({ name: 'p', namespace: 'ns', selector: { 'llm-d.ai/guide': 'pd' }, targetPorts: [8000], endpointPickerService: 'p-epp' })).toEqual({
      apiVersion: 'inference.networking.k8s.io/v1', kind: 'InferencePool', metadata: { name: 'p', namespace: 'ns' },
      spec: {
        selector: { matchLabels: { 'llm-d.ai/guide': 'pd' } },
        targetPorts: [{ number: 8000 }],
        endpointPickerRef: { name: 'p-epp', port: { number: 9002 }, failureMode: 'FailOpen' },
      },
    });
  });
});

describe('LeaderWorkerSet builder', () => {
  test('replicas, size, restart policy and the two templates', () => {
    const pod = { spec: { containers: [{ name: 'c', image: 'i' }] } };
    expect(leaderWorkerSet({
      name: 'l', namespace: 'ns', annotations: { a: 'b' }, labels: { x: 'y' }, replicas: 4, size: 2,
      restartPolicy: 'RecreateGroupOnPodRestart', leaderTemplate: pod, workerTemplate: pod,
    })).toEqual({
      apiVersion: 'leaderworkerset.x-k8s.io/v1', kind: 'LeaderWorkerSet',
      metadata: { name: 'l', namespace: 'ns', annotations: { a: 'b' }, labels: { x: 'y' } },
      spec: { replicas: 4, leaderWorkerTemplate: { size: 2, restartPolicy: 'RecreateGroupOnPodRestart', leaderTemplate: pod, workerTemplate: pod } },
    });
  });
});

describe('RBAC builders', () => {
  test('a Role limited to named objects and its binding to a service account', () => {
    expect(role('r', 'ns', [{ apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], resourceNames: ['g'], verbs: ['get'] }]).rules).toEqual([
      { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways'], resourceNames: ['g'], verbs: ['get'] }]);
    expect(roleBindingToServiceAccount('b', 'ns', 'r', 'sa')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
    });
  });
});
