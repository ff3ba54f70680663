/**
 * Credentials in every stack of the app: no access token in any provider
 * configuration (the kubernetes and helm providers run gke-gcloud-auth-plugin),
 * no google_client_config data source, and no sensitive variable with a value
 * in its default.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { createStacks } from '../../stacks/app';

type Json = Record<string, any>;

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'tpu-gke-credentials-'));
const app = new App({ outdir });
const ids = createStacks(app).map((s) => s.node.id);
app.synth();
const stacks: [string, Json][] = ids.map((id) => [id, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', id, 'cdk.tf.json'), 'utf8'))]);

const EXEC = {
  api_version: 'client.authentication.k8s.io/v1beta1',
  command: 'gke-gcloud-auth-plugin',
  args: ['--use_application_default_credentials'],
};

test('the app has the seven stacks', () => {
  expect(ids).toEqual(['subslicing', 'superslicing', 'ray-llm', 'ray-llm-autopilot', 'fungibility', 'llm-d-pd', 'qwen-pd']);
});

test.each(ids)('%s: no provider configuration holds a token or reads google_client_config', (id) => {
  const json = stacks.find(([s]) => s === id)![1];
  const providers = JSON.stringify(json.provider);
  expect(providers).not.toMatch(/access_token|google_client_config|"token"/);
  expect(json.data?.google_client_config).toBeUndefined();
  expect(Object.keys(json.provider).sort()).toEqual(expect.arrayContaining(['google', 'helm', 'kubernetes']));
});

test.each(ids)('%s: kubernetes and helm authenticate with gke-gcloud-auth-plugin against the stack cluster', (id) => {
  const json = stacks.find(([s]) => s === id)![1];
  const [kubernetes] = json.provider.kubernetes;
  const [helm] = json.provider.helm;
  expect(Object.keys(kubernetes).sort()).toEqual(['cluster_ca_certificate', 'exec', 'host']);
  expect(kubernetes.exec).toEqual([EXEC]);
  expect(helm).toEqual({ kubernetes: { host: kubernetes.host, cluster_ca_certificate: kubernetes.cluster_ca_certificate, exec: EXEC } });
  expect(kubernetes.host).toMatch(/^https:\/\/\$\{google_container_cluster\.[A-Za-z0-9_]+\.endpoint\}$/);
  expect(kubernetes.cluster_ca_certificate).toMatch(/^\$\{base64decode\(google_container_cluster\.[A-Za-z0-9_]+\.master_auth\[0\]\.cluster_ca_certificate\)\}$/);
});

test('the only sensitive variable is hf_token, empty by default, in every stack that downloads from Hugging Face', () => {
  const sensitive = stacks.flatMap(([id, json]) => Object.entries(json.variable ?? {})
    .filter(([, v]) => (v as Json).sensitive).map(([name, v]) => `${id}.${name}=${JSON.stringify((v as Json).default)}`));
  expect(sensitive).toEqual(['subslicing', 'ray-llm', 'ray-llm-autopilot', 'fungibility', 'llm-d-pd', 'qwen-pd'].map((id) => `${id}.hf_token=""`));
});

test('every stack protects its GKE cluster from deletion unless deletion_protection=false is applied first', () => {
  for (const [, json] of stacks) {
    expect(json.variable.deletion_protection).toEqual({
      type: 'bool', default: true, nullable: false,
      description: 'Terraform deletion protection of the GKE cluster. To tear down, apply false first (cdktf deploy <stack> --var deletion_protection=false), then cdktf destroy.',
    });
    const clusters = Object.values(json.resource.google_container_cluster) as Json[];
    expect(clusters.map((c) => c.deletion_protection)).toEqual(['${var.deletion_protection}']);
  }
});
