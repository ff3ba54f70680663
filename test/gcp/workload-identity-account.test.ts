import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resources, synth, testStack, withCluster } from '../helpers/synth';

describe('WorkloadIdentityAccount', () => {
  test('GSA tpu-reader-sa, workloadIdentityUser for <pool>[default/ray-ksa] after the cluster, annotated KSA', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    const a = new WorkloadIdentityAccount(stack, 'Reader', { cluster, accountId: 'tpu-reader-sa', namespace: 'default', kubernetesServiceAccount: 'ray-ksa' });
    const json = synth(stack);
    // The cluster's node service account is the other google_service_account of the stack.
    const [[accountId, account]] = resources(json, 'google_service_account').filter(([, r]) => r.account_id === 'tpu-reader-sa');
    expect(account).toMatchObject({ account_id: 'tpu-reader-sa', display_name: 'tpu-reader-sa' });
    const [[, binding]] = resources(json, 'google_service_account_iam_member');
    expect(binding).toMatchObject({
      role: 'roles/iam.workloadIdentityUser',
      member: 'serviceAccount:my-project.svc.id.goog[default/ray-ksa]',
      service_account_id: `\${google_service_account.${accountId}.name}`,
    });
    expect(binding.depends_on).toEqual([`google_container_cluster.${resources(json, 'google_container_cluster')[0][0]}`]);
    expect(a.kubernetesObject()).toEqual({
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name: 'ray-ksa', namespace: 'default', annotations: { 'iam.gke.io/gcp-service-account': a.email } },
    });
    expect(a.dependables).toHaveLength(2);
  });

  test('a cluster without Workload Identity is refused', () => {
    const stack = testStack();
    GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
    const cluster = new GkeCluster(stack, 'C', { name: 'c', project: 'p', location: 'us-east5-b', workloadIdentity: false });
    expect(errorOf(() => new WorkloadIdentityAccount(stack, 'A', { cluster, accountId: 'tpu-reader-sa', namespace: 'default', kubernetesServiceAccount: 'ray-ksa' }))).toBe(
      'WorkloadIdentityAccount needs `workloadIdentity` (cluster "c" has no Workload Identity pool). Allowed: a value for `workloadIdentity`. Fix: pass `workloadIdentity`');
  });

  test('service account IDs follow the IAM rules', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack);
    expect(errorOf(() => new WorkloadIdentityAccount(stack, 'A', { cluster, accountId: 'sa', namespace: 'default', kubernetesServiceAccount: 'ray-ksa' }))).toBe(
      'Service account name "sa" would be rejected by GKE. Allowed: 6-30 characters; lowercase letters, digits and hyphens; starts with a letter, ends with a letter or digit. Fix: lengthen it to at least 6 characters');
  });
});
