/**
 * Helm releases Terraform waits for are atomic: a failed install is uninstalled
 * and a failed upgrade rolled back instead of leaving a half-installed release.
 */
import { Testing } from 'cdktf';
import { HelmChartRelease } from '../../lib/k8s/helm-chart-release';
import { ManifestRelease } from '../../lib/k8s/manifest-release';
import { createStacks } from '../../stacks/app';
import { errorOf, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { a: 'b' } };
const chart = { chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: '0.17.4', namespace: 'kueue-system' };

test('atomic follows wait: on for waited releases, off for the others, and can be turned off', () => {
  const stack = testStack();
  withCluster(stack);
  new HelmChartRelease(stack, 'Waited', { releaseName: 'waited', ...chart });
  new HelmChartRelease(stack, 'NoWait', { releaseName: 'nowait', ...chart, wait: false });
  new ManifestRelease(stack, 'Objects', { releaseName: 'objects', objects: [configMap] });
  new ManifestRelease(stack, 'Long', { releaseName: 'long', namespace: 'other', objects: [{ ...configMap, metadata: { name: 'c', namespace: 'other' } }], atomic: false, timeoutSeconds: 3600 });
  const json = synth(stack);
  expect(resourceNamed(json, 'helm_release', 'waited')).toMatchObject({ wait: true, atomic: true, timeout: 600 });
  expect(resourceNamed(json, 'helm_release', 'nowait')).toMatchObject({ wait: false, atomic: false });
  expect(resourceNamed(json, 'helm_release', 'objects')).toMatchObject({ wait: true, atomic: true });
  expect(resourceNamed(json, 'helm_release', 'long')).toMatchObject({ wait: true, atomic: false, timeout: 3600 });
});

test('atomic without wait is rejected (Helm would wait anyway)', () => {
  const stack = testStack();
  withCluster(stack);
  const message = 'Helm release "r" sets atomic without wait (Helm would wait anyway, contradicting wait: false). '
    + 'Allowed: atomic: true with wait: true, or atomic: false. Fix: drop `atomic` (it follows `wait`) or set `wait: true`';
  expect(errorOf(() => new HelmChartRelease(stack, 'A', { releaseName: 'r', ...chart, wait: false, atomic: true }))).toBe(message);
  expect(errorOf(() => new ManifestRelease(stack, 'B', { releaseName: 'r', objects: [configMap], wait: false, atomic: true }))).toBe(message);
});

test('in the stacks, only the hour-long model downloads are waited on without atomic', () => {
  const app = Testing.app();
  const waitedNotAtomic: string[] = [];
  for (const stack of createStacks(app)) {
    const json = JSON.parse(Testing.synth(stack));
    for (const r of Object.values(json.resource?.helm_release ?? {}) as any[]) {
      expect(typeof r.atomic).toBe('boolean');
      if (r.atomic) expect(r.wait).toBe(true);
      if (r.wait && !r.atomic) waitedNotAtomic.push(`${stack.node.id}/${r.name}:${r.timeout}`);
    }
  }
  expect(waitedNotAtomic).toEqual(['ray-llm/model-downloader:3600', 'ray-llm-autopilot/model-downloader:3600']);
});
