/**
 * Every stack of the app deployed into one project with its defaults: no two
 * create a project-scoped resource of the same name (a second apply would fail
 * with "already exists"). Stacks that describe one recipe twice are alternatives
 * (README: deploy one at a time) and may share names.
 */
import { Testing } from 'cdktf';
import { createStacks } from '../../stacks/app';

/** Resource types whose names are unique per project (or per region: a user may pick the same region). */
const PROJECT_SCOPED: Record<string, string> = {
  google_compute_network: 'name',
  google_compute_subnetwork: 'name',
  google_compute_firewall: 'name',
  google_compute_resource_policy: 'name',
  google_container_cluster: 'name',
  google_service_account: 'account_id',
  google_artifact_registry_repository: 'repository_id',
  google_storage_bucket: 'name',
};

/** Alternatives: the same platform in two variants, documented as one-at-a-time. */
const ALTERNATIVES = [['subslicing', 'superslicing'], ['ray-llm', 'ray-llm-autopilot']];

function projectNames(): Map<string, string[]> {
  const owners = new Map<string, string[]>();
  for (const stack of createStacks(Testing.app())) {
    const json = JSON.parse(Testing.synth(stack));
    for (const [type, field] of Object.entries(PROJECT_SCOPED)) {
      for (const body of Object.values<any>(json.resource?.[type] ?? {})) {
        const key = `${type} ${body[field]}`;
        owners.set(key, [...(owners.get(key) ?? []), stack.node.id]);
      }
    }
  }
  return owners;
}

const alternatives = (a: string, b: string) => a === b || ALTERNATIVES.some((g) => g.includes(a) && g.includes(b));

test('no two stacks (other than documented alternatives) create a project-scoped resource of the same name', () => {
  const names = projectNames();
  const collisions = [...names].filter(([, stacks]) => stacks.some((a) => stacks.some((b) => !alternatives(a, b))));
  // Before: subslicing, superslicing and qwen-pd all created network qwen-serving-main, its subnets and firewall.
  expect(collisions).toEqual([]);
  expect(names.get('google_compute_network qwen-serving-main')).toEqual(['subslicing', 'superslicing']);
  expect(names.get('google_compute_network qwen-pd-main')).toEqual(['qwen-pd']);
  expect(names.get('google_compute_network llm-d-pd-main')).toEqual(['llm-d-pd']);
});
