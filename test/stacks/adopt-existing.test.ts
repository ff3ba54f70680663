/**
 * `adoptExisting`: import blocks for what a seed's scripts created, with IDs in the
 * formats the google provider documents (terraform-provider-google
 * website/docs/r/<type>.html.markdown, section "Import"):
 *   compute_network           projects/{{project}}/global/networks/{{name}}
 *   compute_subnetwork        projects/{{project}}/regions/{{region}}/subnetworks/{{name}}
 *   compute_firewall          projects/{{project}}/global/firewalls/{{name}}
 *   container_cluster         projects/{{project_id}}/locations/{{location}}/clusters/{{cluster_id}}
 *   container_node_pool       {{project_id}}/{{location}}/{{cluster_id}}/{{pool_id}}
 *   compute_resource_policy   projects/{{project}}/regions/{{region}}/resourcePolicies/{{name}}
 *   storage_bucket            {{project_id}}/{{bucket}}
 *   google_service_account    projects/{{project_id}}/serviceAccounts/{{email}}
 *   artifact_registry_repository projects/{{project}}/locations/{{location}}/repositories/{{repository_id}}
 */
import { App, Testing } from 'cdktf';
import { adoptExistingEnabled, ADOPT_EXISTING_CONTEXT_KEY } from '../../lib/stack/adopt-existing';
import { FungibilityStack } from '../../stacks/fungibility';
import { RayLlmStack } from '../../stacks/ray-llm';
import { SubslicingStack } from '../../stacks/subslicing';
import { errorOf, Json, resources, synth } from '../helpers/synth';

/** import blocks of a synthesized stack as address -> {id, provider}. */
function imports(json: Json): Record<string, { id: string; provider?: string }> {
  const out: Record<string, { id: string; provider?: string }> = {};
  for (const block of (json.import ?? []) as { to: string; id: string; provider?: string }[]) out[block.to] = { id: block.id, provider: block.provider };
  return out;
}

function idOf(json: Json, type: string, name: string, nameKey = 'name'): string {
  const found = resources(json, type).filter(([, r]) => r[nameKey] === name);
  expect(found).toHaveLength(1);
  return imports(json)[`${type}.${found[0][0]}`]?.id;
}

const PROJECT = '${var.project_id}';
const REGION = '${local.region}';

describe('subslicing with adoptExisting=true', () => {
  const app: App = Testing.app({ context: { [ADOPT_EXISTING_CONTEXT_KEY]: true } });
  const json = synth(new SubslicingStack(app, 'subslicing'));

  test.each([
    ['google_compute_network', 'qwen-serving-main', `projects/${PROJECT}/global/networks/qwen-serving-main`],
    ['google_compute_subnetwork', 'qwen-serving-tpu', `projects/${PROJECT}/regions/${REGION}/subnetworks/qwen-serving-tpu`],
    ['google_compute_subnetwork', 'qwen-serving-proxy', `projects/${PROJECT}/regions/${REGION}/subnetworks/qwen-serving-proxy`],
    ['google_compute_firewall', 'qwen-serving-allow-internal', `projects/${PROJECT}/global/firewalls/qwen-serving-allow-internal`],
    ['google_container_cluster', 'tpu-serving-cluster', `projects/${PROJECT}/locations/${REGION}/clusters/tpu-serving-cluster`],
    ['google_container_node_pool', 'system-pool', `${PROJECT}/${REGION}/tpu-serving-cluster/system-pool`],
    ['google_container_node_pool', 'tpu7-pool-1', `${PROJECT}/${REGION}/tpu-serving-cluster/tpu7-pool-1`],
    ['google_container_node_pool', 'tpu7-pool-2', `${PROJECT}/${REGION}/tpu-serving-cluster/tpu7-pool-2`],
    ['google_compute_resource_policy', 'superslice-policy', `projects/${PROJECT}/regions/${REGION}/resourcePolicies/superslice-policy`],
  ])('%s %s is imported from %s', (type, name, id) => {
    expect(idOf(json, type, name)).toBe(id);
  });

  test('the node service account is imported by its email', () => {
    expect(idOf(json, 'google_service_account', 'tpu-serving-cluster-nodes', 'account_id'))
      .toBe(`projects/${PROJECT}/serviceAccounts/tpu-serving-cluster-nodes@${PROJECT}.iam.gserviceaccount.com`);
  });

  test('the workload policy is imported through google-beta, like the resource', () => {
    const [[logicalId, policy]] = resources(json, 'google_compute_resource_policy');
    expect(imports(json)[`google_compute_resource_policy.${logicalId}`].provider).toBe(policy.provider);
  });

  test('only the adopted types are imported (IAM members, Helm releases, Kubernetes objects are created)', () => {
    const types = new Set(Object.keys(imports(json)).map((a) => a.split('.')[0]));
    expect([...types].sort()).toEqual(['google_compute_firewall', 'google_compute_network', 'google_compute_resource_policy', 'google_compute_subnetwork',
      'google_container_cluster', 'google_container_node_pool', 'google_service_account']);
  });
});

test('ray-llm with adoptExisting imports its bucket as {{project_id}}/{{bucket}}', () => {
  const json = synth(new RayLlmStack(Testing.app({ context: { [ADOPT_EXISTING_CONTEXT_KEY]: 'true' } }), 'ray-llm'));
  const [[logicalId, bucket]] = resources(json, 'google_storage_bucket');
  expect(imports(json)[`google_storage_bucket.${logicalId}`].id).toBe(`${PROJECT}/${bucket.name}`);
});

test('fungibility with adoptExisting imports the seed\'s docker-repo', () => {
  const json = synth(new FungibilityStack(Testing.app({ context: { [ADOPT_EXISTING_CONTEXT_KEY]: true } }), 'fungibility'));
  expect(idOf(json, 'google_artifact_registry_repository', 'docker-repo', 'repository_id')).toBe(`projects/${PROJECT}/locations/${REGION}/repositories/docker-repo`);
});

test('without the key no import block is written', () => {
  expect(synth(new SubslicingStack(Testing.app(), 'subslicing')).import).toBeUndefined();
});

test('a value other than true/false is rejected', () => {
  expect(errorOf(() => adoptExistingEnabled(new SubslicingStack(Testing.app({ context: { [ADOPT_EXISTING_CONTEXT_KEY]: 'yes' } }), 'subslicing')))).toBe(
    'Context "adoptExisting" "yes" is not supported. Allowed: "true", "false". Fix: set it to true to import the existing resources, then remove it (or set false) after the first apply');
});
