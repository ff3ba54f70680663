/**
 * ClusterProviders: the kubernetes and helm providers authenticate with
 * gke-gcloud-auth-plugin by default, so no access token reaches the plan or the
 * state; a token read from data.google_client_config is an explicit opt-in.
 */
import { ClusterCredentials, ClusterProviders, GKE_AUTH_PLUGIN_EXEC } from '../../lib/k8s/cluster-providers';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { TpuNetwork } from '../../lib/network/tpu-network';
import { synth, testStack, withCluster } from '../helpers/synth';

const HOST = 'https://${google_container_cluster.Cluster_3DA9CCBA.endpoint}';
const CA = '${base64decode(google_container_cluster.Cluster_3DA9CCBA.master_auth[0].cluster_ca_certificate)}';

test('default: both providers run gke-gcloud-auth-plugin with Application Default Credentials, no token, no client config', () => {
  const stack = testStack();
  withCluster(stack);
  const json = synth(stack);
  const exec = {
    api_version: 'client.authentication.k8s.io/v1beta1',
    command: 'gke-gcloud-auth-plugin',
    args: ['--use_application_default_credentials'],
  };
  expect(json.provider.kubernetes).toEqual([{ host: HOST, cluster_ca_certificate: CA, exec: [exec] }]);
  expect(json.provider.helm).toEqual([{ kubernetes: { host: HOST, cluster_ca_certificate: CA, exec } }]);
  expect(json.data?.google_client_config).toBeUndefined();
  expect(JSON.stringify(json)).not.toMatch(/access_token|google_client_config/);
  expect(ClusterProviders.of(stack).credentials).toBe(ClusterCredentials.GKE_AUTH_PLUGIN);
  expect(GKE_AUTH_PLUGIN_EXEC).toEqual({ apiVersion: exec.api_version, command: exec.command, args: exec.args });
});

test('ACCESS_TOKEN_IN_STATE: the explicit opt-in reads the token from data.google_client_config and runs no plugin', () => {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'my-project', region: 'us-central1' });
  const network = new TpuNetwork(stack, 'Network', { region: 'us-central1' });
  const cluster = new GkeCluster(stack, 'Cluster', {
    name: 'test-cluster', project: 'my-project', location: 'us-central1',
    network: network.network.id, subnetwork: network.tpuSubnet.id,
  });
  ClusterProviders.configure(stack, { cluster, credentials: ClusterCredentials.ACCESS_TOKEN_IN_STATE });
  const json = synth(stack);
  const token = '${data.google_client_config.ClusterProviders_ClientConfig_CD8FD6D0.access_token}';
  expect(Object.keys(json.data.google_client_config)).toEqual(['ClusterProviders_ClientConfig_CD8FD6D0']);
  expect(json.provider.kubernetes).toEqual([{ host: HOST, cluster_ca_certificate: CA, token }]);
  expect(json.provider.helm).toEqual([{ kubernetes: { host: HOST, cluster_ca_certificate: CA, token } }]);
});
