import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';
import { HelmChartRelease } from '../../lib/k8s/helm-chart-release';
import { ManifestRelease } from '../../lib/k8s/manifest-release';
import { RemoteManifest } from '../../lib/k8s/remote-manifest';
import { errorOf, helmValues, resourceNamed, synth, testStack, withCluster } from '../helpers/synth';

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns' }, data: { a: 'b' } });

describe('ManifestRelease', () => {
  test('ships objects as YAML values of the carrier chart, on the cluster helm provider', () => {
    const stack = testStack();
    withCluster(stack);
    const release = new ManifestRelease(stack, 'Objects', { releaseName: 'objects', objects: [configMap('one')] });
    release.addObjects(configMap('two'));
    const json = synth(stack);
    const r = resourceNamed(json, 'helm_release', 'objects');
    expect(r.chart).toMatch(/^\.\/assets\/K8sObjectsChart_Asset_[0-9A-F]+\/[0-9A-F]+$/);
    expect(r.provider).toBe('helm');
    expect(r.namespace).toBe('default');
    expect(r.depends_on).toEqual([expect.stringMatching(/^google_container_node_pool\.Cluster_SystemNodePool_/)]);
    expect(helmValues(json, 'objects')).toEqual({ objects: [configMap('one'), configMap('two')], manifests: [] });
  });

  test('the chart asset is copied into the stack output', () => {
    const outdir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'tpu-gke-'));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 's');
    withCluster(stack);
    new ManifestRelease(stack, 'Objects', { releaseName: 'objects', objects: [configMap('one')] });
    app.synth();
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks/s/cdk.tf.json'), 'utf8'));
    const chart = resourceNamed(json, 'helm_release', 'objects').chart;
    expect(fs.readFileSync(path.join(outdir, 'stacks/s', chart, 'Chart.yaml'), 'utf8')).toContain('name: k8s-objects');
    expect(fs.existsSync(path.join(outdir, 'stacks/s', chart, 'templates/objects.yaml'))).toBe(true);
  });

  test('duplicate objects are rejected', () => {
    const stack = testStack();
    withCluster(stack);
    expect(errorOf(() => new ManifestRelease(stack, 'Objects', { releaseName: 'objects', objects: [configMap('one'), configMap('one')] }))).toBe(
      'ConfigMap name "v1/ConfigMap/ns/one" is used twice. Allowed: unique names. Fix: rename one of the ConfigMaps');
  });

  test('release names longer than Helm allows are rejected', () => {
    const stack = testStack();
    withCluster(stack);
    expect(errorOf(() => new ManifestRelease(stack, 'Objects', { releaseName: 'x'.repeat(54) }))).toContain('Helm release name "xxxx');
  });

  test('a remote manifest is read at plan time, checked for HTTP 200 (and its digest when pinned)', () => {
    const stack = testStack();
    withCluster(stack);
    const manifest = new RemoteManifest(stack, 'Remote', { url: 'https://example.com/v1/manifest.yaml', sha256: 'a'.repeat(64) });
    new ManifestRelease(stack, 'Objects', { releaseName: 'remote', manifests: [manifest.body] });
    const json = synth(stack);
    const [data] = Object.values(json.data.http) as any[];
    expect(data.url).toBe('https://example.com/v1/manifest.yaml');
    expect(data.lifecycle.postcondition).toEqual([
      { condition: '${self.status_code == 200}', error_message: 'Fetching https://example.com/v1/manifest.yaml did not return HTTP 200.' },
      { condition: `\${sha256(self.response_body) == "${'a'.repeat(64)}"}`, error_message: `The manifest at https://example.com/v1/manifest.yaml does not have the pinned sha256 ${'a'.repeat(64)}.` },
    ]);
    expect(resourceNamed(json, 'helm_release', 'remote').values[0]).toMatch(/^objects: \[\]\nmanifests:\n  - \$\{jsonencode\(data\.http\.Remote_Http_[0-9A-F]+\.response_body\)\}\n$/);
    expect(json.terraform.required_providers.http).toEqual({ source: 'hashicorp/http', version: '>= 3.4.0, < 4.0.0' });
  });

  test('a remote manifest without a sha256 (or with a malformed one) is rejected: every plan-time download is pinned', () => {
    const stack = testStack();
    for (const sha256 of [undefined, 'A'.repeat(64), 'abc']) {
      expect(errorOf(() => new RemoteManifest(stack, `R${sha256}`, { url: 'https://example.com/m.yaml', sha256: sha256 as unknown as string }))).toBe(
        `Manifest sha256 of https://example.com/m.yaml "${sha256}" is not supported. Allowed: "64 lowercase hex characters". `
        + 'Fix: pass the output of `curl -sL <url> | sha256sum` for the manifest');
    }
  });
});

describe('HelmChartRelease', () => {
  test('pins repository charts and renders values to YAML', () => {
    const stack = testStack();
    withCluster(stack);
    new HelmChartRelease(stack, 'Kueue', { releaseName: 'kueue', chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: '0.17.4', namespace: 'kueue-system', values: { a: { b: 'on' } } });
    const r = resourceNamed(synth(stack), 'helm_release', 'kueue');
    expect(r).toMatchObject({ chart: 'kueue', repository: 'oci://registry.k8s.io/kueue/charts', version: '0.17.4', namespace: 'kueue-system', create_namespace: true, wait: true, timeout: 600 });
    expect(r.values).toEqual(['a:\n  b: "on"\n']);
  });

  test('floating versions are rejected', () => {
    const stack = testStack();
    withCluster(stack);
    expect(errorOf(() => new HelmChartRelease(stack, 'R', { releaseName: 'router', chart: 'llm-d-router', repository: 'oci://ghcr.io/llm-d/charts', version: 'v0', namespace: 'ns' }))).toBe(
      'Helm chart version of "router" "v0" is not supported. Allowed: "an exact version such as "0.17.4" or "v0.8.0"". Fix: pin the chart to one released version');
    expect(errorOf(() => new HelmChartRelease(stack, 'S', { releaseName: 'x', chart: 'c', repository: 'https://r', namespace: 'ns' }))).toBe(
      'Helm release "x" needs `version` (repository charts are pinned to an exact version). Allowed: a value for `version`. Fix: pass `version`');
  });
});
