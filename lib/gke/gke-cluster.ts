import { Construct } from 'constructs';
import { IConstruct } from 'constructs';
import { IResolvable, ITerraformDependable, Token } from 'cdktf';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { Errors } from '../errors';
import { parseCidr } from '../util/cidr';
import { NameRules, validateName } from '../util/names';
import { GkeAddon } from './gke-addon';
import { GkeVersion } from './gke-version';
import { NodeServiceAccount, nodeServiceAccountId } from './node-service-account';
import { PrivateNodesNat } from './private-nodes-nat';
import { GkeClusterVersion, GkeVersionSelection } from './gke-version-selection';
import { GkeClusterAttributes, ImportedGkeCluster } from './imported-gke-cluster';

/**
 * What other constructs need to know about a GKE cluster: one this stack creates
 * ({@link GkeCluster}, {@link AutopilotCluster}) or an existing one
 * ({@link GkeCluster.fromClusterAttributes}).
 */
export interface IGkeCluster extends IConstruct {
  /** Cluster name. */
  readonly name: string;
  /** Region (regional cluster) or zone (zonal cluster). */
  readonly location: string;
  /** Project ID the cluster lives in. */
  readonly project: string;
  /**
   * The Terraform resource. Only clusters this stack creates have one: an imported
   * cluster throws IMPORTED_UNSUPPORTED (use {@link IGkeCluster.clusterId},
   * {@link IGkeCluster.endpoint} and {@link IGkeCluster.dependable} instead).
   */
  readonly resource: ContainerCluster;
  /** Terraform ID of the cluster (`projects/<project>/locations/<location>/clusters/<name>`), for node pools. */
  readonly clusterId: string;
  /** Control-plane endpoint (an IP address, without scheme), for the kubernetes and helm providers. */
  readonly endpoint: string;
  /** Base64-encoded public certificate of the cluster's certificate authority. */
  readonly clusterCaCertificate: string;
  /** What resources that need the cluster wait for: the cluster resource, or the data source of an imported cluster. */
  readonly dependable: ITerraformDependable;
  /**
   * Workload Identity pool (`<project>.svc.id.goog`), if enabled.
   * @default - none (Workload Identity off)
   */
  readonly workloadPool?: string;
  /**
   * The lowest GKE version the cluster is known to run at synth time: the pinned version,
   * or the highest feature minimum its Terraform preconditions enforce.
   * @default - unknown (the version is chosen at plan time and nothing requires a minimum yet)
   */
  readonly minVersion?: GkeVersion;
  /** True for Autopilot clusters. */
  readonly autopilot: boolean;
  /**
   * Email of the IAM service account the cluster's nodes run as.
   * @default - the project's default Compute Engine account
   */
  readonly nodeServiceAccountEmail?: string;

  /**
   * Requires GKE `minimum` for `feature` (e.g. "dynamic sub-slicing"): throws
   * GKE_VERSION_TOO_OLD at synth time when the version selection cannot reach it (a pin
   * below it), otherwise adds a precondition on the chosen version and a postcondition on
   * the control plane's `master_version` whose messages name the feature and the fix.
   */
  requireVersion(feature: string, minimum: GkeVersion): void;
}

/** GKE release channels. */
export enum ReleaseChannel {
  /** Newest GKE versions first (needed for the newest TPU features). */
  RAPID = 'RAPID',
  /** GKE's default channel. */
  REGULAR = 'REGULAR',
  /** Versions that have been in REGULAR for a while. */
  STABLE = 'STABLE',
  /** Longer support of a minor version. */
  EXTENDED = 'EXTENDED',
}

/** Scopes of a maintenance exclusion (gcloud `--add-maintenance-exclusion-scope`). */
export enum MaintenanceExclusionScope {
  /** No upgrades at all (at most 30 days). */
  NO_UPGRADES = 'NO_UPGRADES',
  /** Patch upgrades only. */
  NO_MINOR_UPGRADES = 'NO_MINOR_UPGRADES',
  /** Control-plane patch upgrades only; no node upgrades. */
  NO_MINOR_OR_NODE_UPGRADES = 'NO_MINOR_OR_NODE_UPGRADES',
}

/** A window in which GKE does not upgrade the cluster. */
export interface MaintenanceExclusion {
  /** Exclusion name. */
  readonly name: string;
  /** RFC 3339 start, e.g. `2026-05-18T00:00:00Z`. */
  readonly startTime: string;
  /** RFC 3339 end. */
  readonly endTime: string;
  /**
   * What the exclusion blocks.
   * @default MaintenanceExclusionScope.NO_UPGRADES
   */
  readonly scope?: MaintenanceExclusionScope;
}

/** The cluster's managed CPU node pool for system pods and controllers. */
export interface SystemNodePoolProps {
  /**
   * Machine type of the system (non-accelerator) nodes.
   * @default "e2-standard-4"
   */
  readonly machineType?: string;
  /**
   * Nodes per zone of the cluster's location.
   * @default 1
   */
  readonly nodeCountPerZone?: number;
  /**
   * Pool name.
   * @default "system-pool"
   */
  readonly name?: string;
  /**
   * Shielded VM Secure Boot on the system nodes (general-purpose machine types support it).
   * @default true
   */
  readonly secureBoot?: boolean;
}

/** Props of {@link GkeCluster}: one prop per gcloud flag the recipes use. */
export interface GkeClusterProps {
  /** Cluster name (1-40 lowercase letters, digits, hyphens). */
  readonly name: string;
  /** Project ID (used for the Workload Identity pool). */
  readonly project: string;
  /** Region for a regional cluster, zone for a zonal one. */
  readonly location: string;
  /**
   * VPC network self link / ID. Omit to use the project's `default` network.
   * @default - the default network
   */
  readonly network?: string;
  /**
   * Subnetwork self link / ID for the nodes (VPC-native, GKE-managed secondary ranges).
   * @default - the network's subnet in the region
   */
  readonly subnetwork?: string;
  /**
   * Name of the subnetwork's existing secondary range for Pods
   * (`ip_allocation_policy.cluster_secondary_range_name`), e.g. a range a Shared VPC
   * host project set aside for this cluster.
   * @default - none: GKE creates the Pod range
   */
  readonly podsRangeName?: string;
  /**
   * Name of the subnetwork's existing secondary range for Services
   * (`ip_allocation_policy.services_secondary_range_name`).
   * @default - none: GKE creates the Service range
   */
  readonly servicesRangeName?: string;
  /**
   * Release channel.
   * @default ReleaseChannel.REGULAR (GKE's default channel)
   */
  readonly releaseChannel?: ReleaseChannel;
  /**
   * GKE version of the control plane: the channel default, the channel's newest version,
   * the newest of a prefix (all read from `google_container_engine_versions` at plan time),
   * or a pin. Feature minimums are enforced with Terraform pre- and postconditions.
   * @default GkeVersionSelection.channelDefault()
   */
  readonly version?: GkeVersionSelection;
  /**
   * The system node pool, managed as its own `google_container_node_pool` so a
   * change to it never replaces the cluster.
   * @default - e2-standard-4, 1 node per zone
   */
  readonly systemNodePool?: SystemNodePoolProps;
  /**
   * Add-ons to enable (gcloud `--addons`).
   * @default []
   */
  readonly addons?: readonly GkeAddon[];
  /**
   * Gateway API (standard channel).
   * @default false
   */
  readonly gatewayApi?: boolean;
  /**
   * Google Cloud Managed Service for Prometheus.
   * @default false
   */
  readonly managedPrometheus?: boolean;
  /**
   * Automatic application monitoring scope (gcloud `--auto-monitoring-scope`); needs managed Prometheus.
   * @default - not set
   */
  readonly autoMonitoringScope?: 'ALL' | 'NONE';
  /**
   * GKE Dataplane V2 (`ADVANCED_DATAPATH`): eBPF networking that enforces Kubernetes
   * NetworkPolicies. Can only be chosen when the cluster is created. The recipes' features
   * run on it: seeds 000 and 003 enable it next to their TPU pools, and Autopilot (seed 001,
   * with managed DRANET) always runs it.
   * @default true
   */
  readonly dataplaneV2?: boolean;
  /**
   * Private nodes (no external IPs; `private_cluster_config.enable_private_nodes`) with a
   * Cloud Router and Cloud NAT on the cluster's network for egress (image pulls from
   * public registries, Hugging Face downloads). Off by default: the seeds' clusters have
   * public nodes and several workloads download from the internet.
   * @default false
   */
  readonly privateNodes?: boolean;
  /**
   * CIDR ranges allowed to reach the control plane (master authorized networks). Off by
   * default: Terraform's in-cluster providers and CI runners must reach the endpoint.
   * @default - not restricted
   */
  readonly masterAuthorizedNetworks?: readonly string[];
  /**
   * Email of an existing IAM service account for every node pool of the cluster.
   * @default - a dedicated account `<name>-nodes` ({@link NodeServiceAccount}) with the
   * least-privilege GKE node role, instead of the default Compute Engine account
   */
  readonly nodeServiceAccount?: string;
  /**
   * Dataplane V2 metrics (needs Dataplane V2).
   * @default false
   */
  readonly dataplaneV2Metrics?: boolean;
  /**
   * Workload Identity Federation for GKE with pool `<project>.svc.id.goog`.
   * @default true
   */
  readonly workloadIdentity?: boolean;
  /**
   * Image streaming (GCFS) for all node pools.
   * @default false
   */
  readonly imageStreaming?: boolean;
  /**
   * Maintenance exclusions (gcloud `--add-maintenance-exclusion-*`).
   * @default []
   */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * Daily maintenance window start (`HH:MM`, UTC). GKE's API needs a window next to
   * any exclusion, so it is written whenever exclusions are set.
   * @default "03:00"
   */
  readonly dailyMaintenanceWindowStart?: string;
  /**
   * Terraform deletion protection of the cluster. Must be false for `cdktf destroy`.
   * @default true
   */
  readonly deletionProtection?: boolean | IResolvable;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** GKE limits a `NO_UPGRADES` exclusion to 30 days. */
const NO_UPGRADES_MAX_DAYS = 30;

/**
 * A GKE Standard cluster with a separately managed system node pool. Accelerator
 * pools are added with {@link TpuNodePool}, {@link SuperslicePool} or a GPU pool.
 */
export class GkeCluster extends Construct implements IGkeCluster {
  public readonly name: string;
  public readonly location: string;
  public readonly project: string;
  public readonly resource: ContainerCluster;
  public readonly systemNodePool: ContainerNodePool;
  public readonly workloadPool?: string;
  public readonly autopilot = false;
  /** Email of the service account every node pool runs as. */
  public readonly nodeServiceAccountEmail: string;
  /** The dedicated node service account (unless `nodeServiceAccount` named an existing one). */
  public readonly nodeServiceAccount?: NodeServiceAccount;
  /** Cloud Router and NAT of private nodes (with `privateNodes`). */
  public readonly nat?: PrivateNodesNat;
  /** The version selection, its data source and the version conditions. */
  public readonly version: GkeClusterVersion;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    validateName(NameRules.GKE_CLUSTER, props.name);
    const dataplaneV2 = props.dataplaneV2 ?? true;
    if (props.dataplaneV2Metrics && !dataplaneV2) {
      throw Errors.missingProp('GkeCluster', 'dataplaneV2', 'Dataplane V2 metrics need Dataplane V2');
    }
    if (props.autoMonitoringScope && !props.managedPrometheus) {
      throw Errors.missingProp('GkeCluster', 'managedPrometheus', 'auto-monitoring needs managed Prometheus');
    }
    for (const cidr of props.masterAuthorizedNetworks ?? []) if (!Token.isUnresolved(cidr)) parseCidr('Master authorized network', cidr);
    const exclusions = props.maintenanceExclusions ?? [];
    exclusions.forEach(validateExclusion);
    const windowStart = props.dailyMaintenanceWindowStart ?? '03:00';
    if (!Token.isUnresolved(windowStart) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(windowStart)) {
      throw Errors.invalidValue('Daily maintenance window start', windowStart, ['HH:MM in UTC, e.g. "03:00"'], 'write the start time as HH:MM');
    }

    this.name = props.name;
    this.location = props.location;
    this.project = props.project;
    this.workloadPool = props.workloadIdentity ?? true ? `${props.project}.svc.id.goog` : undefined;
    const channel = props.releaseChannel ?? ReleaseChannel.REGULAR;
    this.version = new GkeClusterVersion(this, 'Version', {
      selection: props.version ?? GkeVersionSelection.channelDefault(), channel, location: props.location, project: props.project,
    });

    const system = props.systemNodePool ?? {};
    const systemPoolName = system.name ?? 'system-pool';
    validateName(NameRules.GKE_NODE_POOL, systemPoolName);
    const perZone = system.nodeCountPerZone ?? 1;
    if (!Number.isInteger(perZone) || perZone < 1) {
      throw Errors.outOfRange('System nodes per zone', perZone, 'an integer >= 1', 'set systemNodePool.nodeCountPerZone to 1 or more');
    }

    if (props.nodeServiceAccount === undefined) {
      this.nodeServiceAccount = new NodeServiceAccount(this, 'NodeServiceAccount', { project: props.project, accountId: nodeServiceAccountId(props.name) });
    }
    this.nodeServiceAccountEmail = props.nodeServiceAccount ?? this.nodeServiceAccount!.email;

    // No cluster-level node_config: with remove_default_node_pool it makes the provider
    // replace the cluster on every apply (hashicorp/terraform-provider-google#12070), so the
    // short-lived default pool still runs as the default account (#17511).
    this.resource = new ContainerCluster(this, 'Cluster', {
      dependsOn: this.nodeServiceAccount ? [...this.nodeServiceAccount.grants] : undefined,
      name: props.name,
      privateClusterConfig: props.privateNodes ? { enablePrivateNodes: true } : undefined,
      masterAuthorizedNetworksConfig: props.masterAuthorizedNetworks ? {
        cidrBlocks: props.masterAuthorizedNetworks.map((cidr) => ({ cidrBlock: cidr })),
      } : undefined,
      location: props.location,
      network: props.network,
      subnetwork: props.subnetwork,
      networkingMode: 'VPC_NATIVE',
      // An empty block still matters: VPC-native with GKE-managed ranges.
      ipAllocationPolicy: props.podsRangeName === undefined && props.servicesRangeName === undefined ? {}
        : { clusterSecondaryRangeName: props.podsRangeName, servicesSecondaryRangeName: props.servicesRangeName },
      releaseChannel: { channel },
      minMasterVersion: this.version.minMasterVersion,
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: props.deletionProtection ?? true,
      datapathProvider: dataplaneV2 ? 'ADVANCED_DATAPATH' : undefined,
      workloadIdentityConfig: this.workloadPool ? { workloadPool: this.workloadPool } : undefined,
      gatewayApiConfig: props.gatewayApi ? { channel: 'CHANNEL_STANDARD' } : undefined,
      addonsConfig: GkeAddon.toAddonsConfig(props.addons ?? []),
      monitoringConfig: props.managedPrometheus || props.dataplaneV2Metrics ? {
        managedPrometheus: props.managedPrometheus ? {
          enabled: true,
          autoMonitoringConfig: props.autoMonitoringScope ? { scope: props.autoMonitoringScope } : undefined,
        } : undefined,
        advancedDatapathObservabilityConfig: props.dataplaneV2Metrics ? { enableMetrics: true, enableRelay: false } : undefined,
      } : undefined,
      nodePoolDefaults: props.imageStreaming ? { nodeConfigDefaults: { gcfsConfig: { enabled: true } } } : undefined,
      maintenancePolicy: exclusions.length ? {
        dailyMaintenanceWindow: { startTime: windowStart },
        maintenanceExclusion: exclusions.map((e) => ({
          exclusionName: e.name,
          startTime: e.startTime,
          endTime: e.endTime,
          exclusionOptions: { scope: e.scope ?? MaintenanceExclusionScope.NO_UPGRADES },
        })),
      } : undefined,
    });
    this.version.bind(this.resource);

    if (props.privateNodes) {
      this.nat = new PrivateNodesNat(this, 'Nat', { name: props.name, network: props.network ?? 'default', location: props.location });
    }

    this.systemNodePool = new ContainerNodePool(this, 'SystemNodePool', {
      name: systemPoolName,
      cluster: this.resource.id,
      location: props.location,
      nodeCount: perZone,
      nodeConfig: {
        machineType: system.machineType ?? 'e2-standard-4',
        serviceAccount: this.nodeServiceAccountEmail,
        shieldedInstanceConfig: { enableSecureBoot: system.secureBoot ?? true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: this.workloadPool ? { mode: 'GKE_METADATA' } : undefined,
      },
    });
  }

  /**
   * An existing cluster this stack does not manage, for installing controllers and
   * workloads into it ({@link ClusterProviders} wires to it) and adding node pools to
   * it: endpoint and CA certificate are read at plan time from
   * `data.google_container_cluster`.
   */
  public static fromClusterAttributes(scope: Construct, id: string, attrs: GkeClusterAttributes): IGkeCluster {
    return new ImportedGkeCluster(scope, id, attrs);
  }

  /** The lowest GKE version the cluster is known to run at synth time (see {@link IGkeCluster.minVersion}). */
  public get minVersion(): GkeVersion | undefined {
    return this.version.floor;
  }

  /** Terraform ID of the cluster (see {@link IGkeCluster.clusterId}). */
  public get clusterId(): string {
    return this.resource.id;
  }

  /** Control-plane endpoint (see {@link IGkeCluster.endpoint}). */
  public get endpoint(): string {
    return this.resource.endpoint;
  }

  /** CA certificate, base64 (see {@link IGkeCluster.clusterCaCertificate}). */
  public get clusterCaCertificate(): string {
    return this.resource.masterAuth.clusterCaCertificate;
  }

  /** The cluster resource (see {@link IGkeCluster.dependable}). */
  public get dependable(): ITerraformDependable {
    return this.resource;
  }

  /** Requires GKE `minimum` for `feature` (see {@link IGkeCluster.requireVersion}). */
  public requireVersion(feature: string, minimum: GkeVersion): void {
    this.version.require(feature, minimum);
  }
}

function validateExclusion(e: MaintenanceExclusion): void {
  for (const [field, value] of [['startTime', e.startTime], ['endTime', e.endTime]] as const) {
    if (!Token.isUnresolved(value) && !RFC3339.test(value)) {
      throw Errors.invalidValue(`Maintenance exclusion "${e.name}" ${field}`, value, ['RFC 3339 timestamps such as "2026-05-18T00:00:00Z"'], 'write the time in RFC 3339 with a zone');
    }
  }
  if (Token.isUnresolved(e.startTime) || Token.isUnresolved(e.endTime)) return;
  const days = (Date.parse(e.endTime) - Date.parse(e.startTime)) / 86_400_000;
  if (days <= 0) {
    throw Errors.outOfRange(`Maintenance exclusion "${e.name}" length in days`, days, 'an end after the start', 'move endTime after startTime');
  }
  if ((e.scope ?? MaintenanceExclusionScope.NO_UPGRADES) === MaintenanceExclusionScope.NO_UPGRADES && days > NO_UPGRADES_MAX_DAYS) {
    throw Errors.outOfRange(`Maintenance exclusion "${e.name}" length in days`, Math.round(days * 10) / 10,
      `at most ${NO_UPGRADES_MAX_DAYS} days for scope NO_UPGRADES`,
      'shorten the window, or use scope NO_MINOR_UPGRADES / NO_MINOR_OR_NODE_UPGRADES for longer exclusions');
  }
}
