/**
 * Adopting infrastructure a seed's gcloud scripts created: with the cdktf context
 * key `adoptExisting` set to true, every network, subnetwork, firewall, cluster,
 * node pool, workload policy, bucket, service account and Artifact Registry
 * repository of the stack gets a
 * Terraform `import` block (cdktf `importFrom`), so `plan` shows "import" rather
 * than "create". IDs are built from the same names and variables the resources
 * use, in the import ID formats the google provider documents
 * (website/docs/r/<type>.html.markdown, "Import"):
 *
 * | type | ID |
 * |---|---|
 * | google_compute_network | `projects/{{project}}/global/networks/{{name}}` |
 * | google_compute_subnetwork | `projects/{{project}}/regions/{{region}}/subnetworks/{{name}}` |
 * | google_compute_firewall | `projects/{{project}}/global/firewalls/{{name}}` |
 * | google_container_cluster | `projects/{{project_id}}/locations/{{location}}/clusters/{{cluster_id}}` |
 * | google_container_node_pool | `{{project_id}}/{{location}}/{{cluster_id}}/{{pool_id}}` |
 * | google_compute_resource_policy | `projects/{{project}}/regions/{{region}}/resourcePolicies/{{name}}` |
 * | google_storage_bucket | `{{project_id}}/{{bucket}}` |
 * | google_service_account | `projects/{{project_id}}/serviceAccounts/{{email}}` |
 * | google_artifact_registry_repository | `projects/{{project}}/locations/{{location}}/repositories/{{repository_id}}` |
 *
 * Everything else is created as usual: IAM members are additive (creating one that
 * exists changes nothing), Helm releases and Kubernetes objects are re-installed
 * over what the seed applied (docs/configuration.md, "Adopting what the recipes created").
 */
import { Construct, IConstruct } from 'constructs';
import { Aspects, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import { Errors } from '../errors';
import { GoogleProviders } from '../providers/google-providers';

/** cdktf context key that turns adoption on (`true` in cdktf.json `context` or CDKTF_CONTEXT_JSON). */
export const ADOPT_EXISTING_CONTEXT_KEY = 'adoptExisting';

/** Resource types adopted, in the order docs/configuration.md lists them. */
export const ADOPTED_RESOURCE_TYPES: readonly string[] = [
  'google_compute_network', 'google_compute_subnetwork', 'google_compute_firewall', 'google_container_cluster',
  'google_container_node_pool', 'google_compute_resource_policy', 'google_storage_bucket', 'google_service_account',
  'google_artifact_registry_repository',
];

/** Whether the context key `adoptExisting` is true for `scope` (validated: a boolean or "true"/"false"). */
export function adoptExistingEnabled(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(ADOPT_EXISTING_CONTEXT_KEY);
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw Errors.invalidValue(`Context "${ADOPT_EXISTING_CONTEXT_KEY}"`, typeof value === 'string' ? value : JSON.stringify(value), ['true', 'false'],
    'set it to true to import the existing resources, then remove it (or set false) after the first apply');
}

/** Adds the adoption aspect to `stack` when the context key says so; returns whether it did. */
export function adoptExistingResources(stack: TerraformStack): boolean {
  if (!adoptExistingEnabled(stack)) return false;
  Aspects.of(stack).add(new AdoptExisting(stack));
  return true;
}

/** Raw argument `name` of a resource as written in its configuration (a literal or a token). */
function arg(resource: TerraformResource, name: string): string | undefined {
  const value = (resource as unknown as Record<string, unknown>)[`${name}Input`];
  return typeof value === 'string' ? value : undefined;
}

class AdoptExisting implements IAspect {
  private done = false;

  constructor(private readonly stack: TerraformStack) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.stack) return;
    this.done = true;
    const resources = this.stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    const clusters = resources.filter((r) => r.terraformResourceType === 'google_container_cluster');
    const project = (r: TerraformResource): string => arg(r, 'project') ?? GoogleProviders.of(r).project;
    const resolve = (value: unknown): unknown => Tokenization.resolve(value, { scope: this.stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });
    // A pool names its cluster by reference (`cluster.id`) or by name.
    const clusterOf = (pool: TerraformResource): TerraformResource | undefined => {
      const ref = resolve(arg(pool, 'cluster'));
      return clusters.find((c) => resolve((c as unknown as { id: string }).id) === ref || resolve(arg(c, 'name')) === ref);
    };
    for (const r of resources) {
      const name = arg(r, 'name');
      let id: string | undefined;
      switch (r.terraformResourceType) {
        case 'google_compute_network':
          id = `projects/${project(r)}/global/networks/${name}`;
          break;
        case 'google_compute_subnetwork':
          id = `projects/${project(r)}/regions/${arg(r, 'region') ?? GoogleProviders.of(r).region}/subnetworks/${name}`;
          break;
        case 'google_compute_firewall':
          id = `projects/${project(r)}/global/firewalls/${name}`;
          break;
        case 'google_container_cluster':
          id = `projects/${project(r)}/locations/${arg(r, 'location')}/clusters/${name}`;
          break;
        case 'google_container_node_pool': {
          const cluster = clusterOf(r);
          if (!cluster) throw Errors.invalidValue(`Node pool "${name}" cluster`, String(resolve(arg(r, 'cluster'))), ['a google_container_cluster of the same stack'],
            'adoptExisting builds node pool IDs from the cluster resource; create the pool in the cluster\'s stack');
          id = `${project(r)}/${arg(r, 'location') ?? arg(cluster, 'location')}/${arg(cluster, 'name')}/${name}`;
          break;
        }
        case 'google_compute_resource_policy':
          id = `projects/${project(r)}/regions/${arg(r, 'region') ?? GoogleProviders.of(r).region}/resourcePolicies/${name}`;
          break;
        case 'google_storage_bucket':
          id = `${project(r)}/${name}`;
          break;
        case 'google_service_account':
          id = `projects/${project(r)}/serviceAccounts/${arg(r, 'accountId')}@${project(r)}.iam.gserviceaccount.com`;
          break;
        case 'google_artifact_registry_repository':
          id = `projects/${project(r)}/locations/${arg(r, 'location')}/repositories/${arg(r, 'repositoryId')}`;
          break;
        default:
          break;
      }
      if (id !== undefined) r.importFrom(id, r.provider);
    }
  }
}
