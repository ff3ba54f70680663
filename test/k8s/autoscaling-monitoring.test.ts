import { horizontalPodAutoscaler } from '../../lib/k8s/autoscaling';
import { podMonitoring } from '../../lib/k8s/monitoring';
import { errorOf } from '../helpers/synth';

describe('podMonitoring', () => {
  test('the gke-ai-labs scrape config: /metrics on 8000 every 15s', () => {
    expect(podMonitoring({ name: 'vllm-pod-monitoring', namespace: 'default', selector: { app: 'vllm' }, endpoints: [{ port: 8000, interval: '15s' }] })).toEqual({
      apiVersion: 'monitoring.googleapis.com/v1',
      kind: 'PodMonitoring',
      metadata: { name: 'vllm-pod-monitoring', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'vllm' } }, endpoints: [{ port: 8000, path: '/metrics', interval: '15s' }] },
    });
  });

  test('defaults: path /metrics, interval 30s; labels', () => {
    const o = podMonitoring({ name: 'm', namespace: 'ns', labels: { a: 'b' }, selector: { app: 'x' }, endpoints: [{ port: 'metrics', path: '/prom' }] });
    expect(o.metadata.labels).toEqual({ a: 'b' });
    expect((o.spec as any).endpoints).toEqual([{ port: 'metrics', path: '/prom', interval: '30s' }]);
  });
});

describe('horizontalPodAutoscaler', () => {
  test('per-pod custom metric on a Deployment', () => {
    expect(horizontalPodAutoscaler({
      name: 'vllm-hpa', namespace: 'default', deployment: 'vllm', minReplicas: 1, maxReplicas: 4,
      podsMetrics: [{ metric: 'prometheus.googleapis.com|vllm:num_requests_waiting|gauge', averageValue: '1' }],
    })).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'vllm-hpa', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'vllm' },
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [{ type: 'Pods', pods: { metric: { name: 'prometheus.googleapis.com|vllm:num_requests_waiting|gauge' }, target: { type: 'AverageValue', averageValue: '1' } } }],
      },
    });
  });

  test('replica bounds', () => {
    const hpa = (minReplicas: number, maxReplicas: number) => () => horizontalPodAutoscaler({ name: 'h', namespace: 'n', deployment: 'd', minReplicas, maxReplicas, podsMetrics: [] });
    expect(errorOf(hpa(0, 2))).toBe('HorizontalPodAutoscaler "h" minReplicas 0 is out of range. Allowed: an integer >= 1. Fix: set 1 <= minReplicas <= maxReplicas for HorizontalPodAutoscaler "h"');
    expect(errorOf(hpa(3, 2))).toBe('HorizontalPodAutoscaler "h" maxReplicas 2 is out of range. Allowed: an integer >= minReplicas (3). Fix: set 1 <= minReplicas <= maxReplicas for HorizontalPodAutoscaler "h"');
  });
});
