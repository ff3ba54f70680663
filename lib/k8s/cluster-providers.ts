/**
 * The kubernetes and helm providers of each GKE cluster a stack deploys into,
 * configured from that cluster: endpoint, CA certificate, and credentials of the
 * identity running Terraform. By default the providers run `gke-gcloud-auth-plugin` whenever they
 * connect, so no credential is written to the plan or the state; an access token
 * read through `data.google_client_config` (stored in state) is an explicit
 * opt-in. Nothing here contacts the cluster at plan time for new resources, so a
 * stack that creates its cluster still plans on an empty project.
 */
import { Construct, IConstruct } from 'constructs';
import { Fn, ITerraformDependable, TerraformStack, Token } from 'cdktf';
import { DataGoogleClientConfig } from '@cdktf/provider-google/lib/data-google-client-config';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { Errors } from '../errors';
import { ProviderRequirements } from '../providers/provider-requirements';
import { IGkeCluster } from '../gke/gke-cluster';

const ID = 'ClusterProviders';
const IS_CLUSTER_PROVIDERS = Symbol.for('tpu-gke-cdktf.ClusterProviders');
/** Terraform provider aliases: a letter, then letters, digits, underscores and hyphens. */
const ALIAS = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

/** How the kubernetes and helm providers authenticate to the cluster. */
export enum ClusterCredentials {
  /**
   * The providers run {@link GKE_AUTH_PLUGIN_EXEC} (`gke-gcloud-auth-plugin` with
   * Application Default Credentials, the identity the google provider uses) each
   * time they connect. Nothing is stored in the plan or the state, and a long
   * apply gets a fresh token whenever the provider reconnects. The machine
   * running Terraform needs the plugin on its PATH.
   */
  GKE_AUTH_PLUGIN = 'gke-auth-plugin',
  /**
   * `token = data.google_client_config.access_token`: no plugin needed, but the
   * OAuth access token of the identity running Terraform (valid about an hour) is
   * stored in the state and in saved plans, so anyone who can read them can act
   * as that identity until the token expires. Only for machines where the plugin
   * cannot be installed, with state access limited to the identity itself.
   */
  ACCESS_TOKEN_IN_STATE = 'access-token-in-state',
}

/** Exec credential plugin configuration written by {@link ClusterCredentials.GKE_AUTH_PLUGIN}. */
export interface ExecCredentialPlugin {
  /** ExecCredential API version. */
  readonly apiVersion: string;
  /** Executable looked up on the PATH. */
  readonly command: string;
  /** Arguments. */
  readonly args: readonly string[];
}

/**
 * `gke-gcloud-auth-plugin --use_application_default_credentials`: the token comes
 * from Application Default Credentials (a Workload Identity Federation credential
 * file in CI, `gcloud auth application-default login` on a workstation), the same
 * source as the google provider's, so both act as one identity.
 */
export const GKE_AUTH_PLUGIN_EXEC: ExecCredentialPlugin = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'gke-gcloud-auth-plugin',
  args: ['--use_application_default_credentials'],
};

/** Props of {@link ClusterProviders.configure}. */
export interface ClusterProvidersProps {
  /** The cluster the providers talk to. */
  readonly cluster: IGkeCluster;
  /**
   * Resources every in-cluster object of this cluster depends on besides the cluster
   * (e.g. the system node pool the controllers run on), so destroy removes in-cluster
   * objects first.
   * @default []
   */
  readonly baseDependencies?: readonly ITerraformDependable[];
  /**
   * How the providers authenticate. {@link ClusterCredentials.ACCESS_TOKEN_IN_STATE}
   * stores an access token in the state; choose it only where the plugin cannot run.
   * @default ClusterCredentials.GKE_AUTH_PLUGIN
   */
  readonly credentials?: ClusterCredentials;
  /**
   * Alias of the cluster's kubernetes and helm providers (`kubernetes.<alias>`,
   * `helm.<alias>`): a letter, then letters, digits, underscores and hyphens; unique in the stack.
   * @default - none (the default providers) for the stack's first cluster; for every
   * further cluster, its construct path below the stack in lower case with `_` for other
   * characters (e.g. `europe_cluster` for `Europe/Cluster`)
   */
  readonly alias?: string;
}

/** Where an in-cluster construct deploys, for {@link ClusterProviders.forTarget}. */
export interface ClusterTarget {
  /** The construct, for messages (e.g. `Helm release "kueue"`). */
  readonly what: string;
  /**
   * The cluster the construct was given.
   * @default - the namespace's cluster, else the stack's only cluster
   */
  readonly cluster?: IGkeCluster;
  /**
   * The namespace the construct was given; it carries its cluster.
   * @default - none
   */
  readonly namespace?: { readonly name: string; readonly cluster: IGkeCluster };
}

/**
 * The `kubernetes` and `helm` providers of one GKE cluster in a stack, configured
 * from the cluster (endpoint, CA, and credentials from `gke-gcloud-auth-plugin`
 * unless a token in state is chosen). A stack may deploy into several clusters:
 * each gets its own pair, the first un-aliased, every further one under its own
 * alias, and every in-cluster resource names the provider of its cluster.
 */
export class ClusterProviders extends Construct {
  /**
   * Configures the kubernetes and helm providers of `props.cluster` in the stack of
   * `scope`. Call once per cluster and stack, before creating constructs that deploy
   * into the cluster. Once a stack configures any cluster explicitly, constructs that
   * target a cluster it did not configure fail (CLUSTER_NOT_WIRED).
   */
  public static configure(scope: Construct, props: ClusterProvidersProps): ClusterProviders {
    const stack = TerraformStack.of(scope);
    if (ClusterProviders.all(stack).some((p) => p.cluster === props.cluster)) throw Errors.clusterAlreadyWired(clusterLabel(props.cluster), stack.node.id);
    return ClusterProviders.create(stack, props, true);
  }

  /**
   * The providers of `cluster` in the stack of `scope`: the configured ones, or, in a
   * stack that configures no cluster explicitly, providers created on first use (default
   * credentials, no base dependencies). Throws CLUSTER_NOT_WIRED when the stack
   * configures providers explicitly but not for `cluster`.
   *
   * Without `cluster`: the stack's only providers; throws PROVIDERS_NOT_CONFIGURED when
   * it has none and CLUSTER_AMBIGUOUS when it has several.
   */
  public static of(scope: Construct, cluster?: IGkeCluster): ClusterProviders {
    return ClusterProviders.lookup(scope, cluster, `Construct ${scope.node.path}`);
  }

  private static lookup(scope: Construct, cluster: IGkeCluster | undefined, what: string): ClusterProviders {
    const stack = TerraformStack.of(scope);
    const all = ClusterProviders.all(stack);
    if (cluster === undefined) {
      if (all.length === 1) return all[0];
      if (all.length === 0) throw Errors.providersNotConfigured('cluster providers', stack.node.id, 'ClusterProviders.configure(stack, { cluster })');
      throw Errors.clusterAmbiguous(what, stack.node.id, all.map((p) => clusterLabel(p.cluster)));
    }
    const found = all.find((p) => p.cluster === cluster);
    if (found) return found;
    const explicit = all.filter((p) => p.explicit);
    if (explicit.length) throw Errors.clusterNotWired(clusterLabel(cluster), stack.node.id, explicit.map((p) => clusterLabel(p.cluster)));
    return ClusterProviders.create(stack, { cluster }, false);
  }

  /**
   * The providers an in-cluster construct uses: those of the cluster it was given, else
   * of its namespace's cluster, else the stack's only ones. Throws CLUSTER_MISMATCH when
   * the given cluster and the namespace's cluster differ.
   */
  public static forTarget(scope: Construct, target: ClusterTarget): ClusterProviders {
    const { cluster, namespace } = target;
    if (cluster && namespace && namespace.cluster !== cluster) {
      throw Errors.clusterMismatch(target.what, clusterLabel(cluster), namespaceText(namespace.name), clusterLabel(namespace.cluster));
    }
    return ClusterProviders.lookup(scope, cluster ?? namespace?.cluster, target.what);
  }

  /** Every cluster's providers in `stack`, in the order they were created. */
  public static all(stack: TerraformStack): ClusterProviders[] {
    return stack.node.children.filter(ClusterProviders.isClusterProviders);
  }

  /** True for {@link ClusterProviders} (also across copies of the library). */
  public static isClusterProviders(x: unknown): x is ClusterProviders {
    return typeof x === 'object' && x !== null && IS_CLUSTER_PROVIDERS in x;
  }

  private static create(stack: TerraformStack, props: ClusterProvidersProps, explicit: boolean): ClusterProviders {
    const existing = ClusterProviders.all(stack);
    const alias = props.alias ?? (existing.length === 0 ? undefined : defaultAlias(stack, props.cluster, existing));
    if (alias !== undefined) {
      if (!ALIAS.test(alias)) throw Errors.providerAliasInvalid(alias);
      const taken = existing.find((p) => p.alias === alias);
      if (taken) throw Errors.nameNotUnique('Cluster provider alias', alias, `stack ${stack.node.id}`, clusterLabel(taken.cluster), clusterLabel(props.cluster));
    }
    return new ClusterProviders(stack, alias === undefined ? ID : `${ID}-${alias}`, props, alias, explicit);
  }

  public readonly cluster: IGkeCluster;
  public readonly kubernetes: KubernetesProvider;
  public readonly helm: HelmProvider;
  /** How the providers authenticate. */
  public readonly credentials: ClusterCredentials;
  /** What every in-cluster resource should depend on. */
  public readonly baseDependencies: readonly ITerraformDependable[];
  /**
   * Alias of both providers.
   * @default - none: the stack's default kubernetes and helm providers
   */
  public readonly alias?: string;
  /** False when created on first use rather than by {@link ClusterProviders.configure}. */
  public readonly explicit: boolean;

  private constructor(scope: TerraformStack, id: string, props: ClusterProvidersProps, alias: string | undefined, explicit: boolean) {
    super(scope, id);
    Object.defineProperty(this, IS_CLUSTER_PROVIDERS, { value: true });
    this.cluster = props.cluster;
    this.alias = alias;
    this.explicit = explicit;
    this.baseDependencies = [...(props.baseDependencies ?? [])];
    this.credentials = props.credentials ?? ClusterCredentials.GKE_AUTH_PLUGIN;
    const host = `https://${props.cluster.endpoint}`;
    const clusterCaCertificate = Fn.base64decode(props.cluster.clusterCaCertificate);

    if (this.credentials === ClusterCredentials.ACCESS_TOKEN_IN_STATE) {
      const token = new DataGoogleClientConfig(this, 'ClientConfig', {}).accessToken;
      this.kubernetes = new KubernetesProvider(this, 'kubernetes', { alias, host, token, clusterCaCertificate });
      this.helm = new HelmProvider(this, 'helm', { alias, kubernetes: { host, token, clusterCaCertificate } });
    } else {
      const exec = { apiVersion: GKE_AUTH_PLUGIN_EXEC.apiVersion, command: GKE_AUTH_PLUGIN_EXEC.command, args: [...GKE_AUTH_PLUGIN_EXEC.args] };
      // kubernetes 2.x: `exec` is a nested block; helm 3.x: `kubernetes` and its `exec` are object attributes.
      this.kubernetes = new KubernetesProvider(this, 'kubernetes', { alias, host, clusterCaCertificate, exec: [exec] });
      this.helm = new HelmProvider(this, 'helm', { alias, kubernetes: { host, clusterCaCertificate, exec } });
    }
    const requirements = ProviderRequirements.of(this);
    requirements.declare('kubernetes');
    requirements.declare('helm');
  }
}

/** How messages name a cluster: its name when known at synth time, and its construct path. */
export function clusterLabel(cluster: IGkeCluster): string {
  const path = (cluster as Partial<IConstruct>).node?.path;
  if (Token.isUnresolved(cluster.name)) return `cluster ${path ?? '(unnamed)'}`;
  return path === undefined ? `cluster "${cluster.name}"` : `cluster "${cluster.name}" (${path})`;
}

function namespaceText(name: string): string {
  return Token.isUnresolved(name) ? '(a Terraform variable)' : `"${name}"`;
}

/** The cluster's construct path below the stack, as an alias; numbered when taken. */
function defaultAlias(stack: TerraformStack, cluster: IGkeCluster, existing: readonly ClusterProviders[]): string {
  const path = (cluster as Partial<IConstruct>).node?.path ?? cluster.name;
  const below = path.startsWith(`${stack.node.path}/`) ? path.slice(stack.node.path.length + 1) : path;
  let base = below.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(base)) base = `cluster_${base}`;
  let alias = base;
  for (let i = 2; existing.some((p) => p.alias === alias); i++) alias = `${base}_${i}`;
  return alias;
}
