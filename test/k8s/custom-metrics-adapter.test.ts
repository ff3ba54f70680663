import { AutopilotCluster } from '../../lib/gke/autopilot-cluster';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { ClusterProviders } from '../../lib/k8s/cluster-providers';
import { CUSTOM_METRICS_ADAPTER_MANIFEST, CustomMetricsAdapter } from '../../lib/k8s/custom-metrics-adapter';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { addressOf, errorOf, helmValues, resourceNamed, resources, synth, testStack, withCluster } from '../helpers/synth';

describe('CustomMetricsAdapter', () => {
  const stack = testStack();
  const { cluster } = withCluster(stack);
  new CustomMetricsAdapter(stack, 'Adapter', { cluster });
  const json = synth(stack);

  test('reads the pinned upstream manifest at plan time, with its digest', () => {
    const [[, http]] = Object.entries(json.data.http) as [string, any][];
    expect(http.url).toBe('https://raw.githubusercontent.com/GoogleCloudPlatform/k8s-stackdriver/af49d863755c0535f598cfde9288ae9a75251d38/'
      + 'custom-metrics-stackdriver-adapter/deploy/production/adapter_new_resource_model.yaml');
    expect(http.url).toBe(CUSTOM_METRICS_ADAPTER_MANIFEST.url);
    expect(http.lifecycle.postcondition[1].condition).toBe('${sha256(self.response_body) == "093e3d6269013603ecc9d7f90c571b929b4fa8e63ccf135c036e243d708e75f5"}');
    expect(helmValues(json, 'custom-metrics-stackdriver-adapter')).toEqual({ objects: [], manifests: [expect.stringMatching(/^\$\{jsonencode\(data\.http\..+\.response_body\)\}$/)] });
  });

  test('the adapter\'s Kubernetes service account reads Cloud Monitoring through Workload Identity', () => {
    const [[, member]] = resources(json, 'google_project_iam_member');
    expect(member.role).toBe('roles/monitoring.viewer');
    expect(member.project).toBe('my-project');
    expect(member.member).toMatch(/^principal:\/\/iam\.googleapis\.com\/projects\/\$\{data\.google_project\.[A-Za-z_0-9]+\.number\}\/locations\/global\/workloadIdentityPools\/my-project\.svc\.id\.goog\/subject\/ns\/custom-metrics\/sa\/custom-metrics-stackdriver-adapter$/);
    const release = resourceNamed(json, 'helm_release', 'custom-metrics-stackdriver-adapter');
    expect(release.depends_on).toContain(`google_project_iam_member.${resources(json, 'google_project_iam_member')[0][0]}`);
    expect(release.depends_on).toContain(addressOf(json, 'google_container_node_pool', 'system-pool'));
  });

  test('needs Workload Identity', () => {
    const s = testStack();
    GoogleProviders.configure(s, { project: 'p', region: 'us-central1' });
    const c = new GkeCluster(s, 'C', { name: 'c', project: 'p', location: 'us-central1', workloadIdentity: false });
    ClusterProviders.configure(s, { cluster: c });
    expect(errorOf(() => new CustomMetricsAdapter(s, 'A', { cluster: c }))).toBe(
      'CustomMetricsAdapter needs `workloadIdentity` (cluster "c" has no Workload Identity pool). Allowed: a value for `workloadIdentity`. Fix: pass `workloadIdentity`');
  });

  test('works on Autopilot too', () => {
    const s = testStack();
    GoogleProviders.configure(s, { project: 'p', region: 'us-central1' });
    const c = new AutopilotCluster(s, 'C', { name: 'c', project: 'p', region: 'us-central1' });
    ClusterProviders.configure(s, { cluster: c });
    expect(new CustomMetricsAdapter(s, 'A', { cluster: c }).release.releaseName).toBe('custom-metrics-stackdriver-adapter');
  });
});
