import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import type { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { DataGoogleContainerCluster } from '@cdktf/provider-google/lib/data-google-container-cluster';
import { Errors } from '../errors';
import { NameRules, validateName } from '../util/names';
import type { IGkeCluster } from './gke-cluster';
import { GkeVersion } from './gke-version';
import { gkeVersionAtLeastHcl } from './gke-version-hcl';

const IMPORT_CALL = 'GkeCluster.fromClusterAttributes()';

/** Attributes of an existing GKE cluster, for {@link GkeCluster.fromClusterAttributes}. */
export interface GkeClusterAttributes {
  /** Cluster name. */
  readonly name: string;
  /** Region (regional cluster) or zone (zonal cluster). */
  readonly location: string;
  /** Project ID the cluster lives in (the service project of a Shared VPC). */
  readonly project: string;
  /**
   * The cluster runs Workload Identity Federation for GKE (pool `<project>.svc.id.goog`).
   * Checked at plan time by a postcondition on the data source.
   * @default true
   */
  readonly workloadIdentity?: boolean;
  /**
   * The cluster is an Autopilot cluster (no node pools can be added). Checked at plan
   * time by a postcondition on the data source.
   * @default false
   */
  readonly autopilot?: boolean;
  /**
   * Email of the IAM service account node pools added to this cluster run as.
   * @default - none: adding a node pool throws IMPORTED_ATTRIBUTE_MISSING rather than
   * silently running the nodes as the project's default Compute Engine account
   */
  readonly nodeServiceAccountEmail?: string;
  /**
   * The lowest GKE version the control plane is known to run (a full GKE version such as
   * `1.35.2-gke.1842000`); features that need a newer version fail at synth time.
   * @default - unknown: feature minimums are checked at plan time only, by postconditions
   * on the data source's `master_version`
   */
  readonly minVersion?: string;
}

/**
 * A GKE cluster that exists already (created by another stack or team). Endpoint and
 * CA certificate come from `data.google_container_cluster`, read at plan time, so the
 * kubernetes and helm providers can be wired to it; node pools can be added to it by
 * its ID. Built by {@link GkeCluster.fromClusterAttributes}.
 */
export class ImportedGkeCluster extends Construct implements IGkeCluster {
  public readonly name: string;
  public readonly location: string;
  public readonly project: string;
  public readonly autopilot: boolean;
  public readonly workloadPool?: string;
  public readonly minVersion?: GkeVersion;
  /** The data source the endpoint and CA certificate are read from. */
  public readonly data: DataGoogleContainerCluster;
  private readonly serviceAccountEmail?: string;
  private readonly requirements: { feature: string; minimum: GkeVersion }[] = [];

  constructor(scope: Construct, id: string, attrs: GkeClusterAttributes) {
    super(scope, id);
    validateName(NameRules.GKE_CLUSTER, attrs.name);
    this.name = attrs.name;
    this.location = attrs.location;
    this.project = attrs.project;
    this.autopilot = attrs.autopilot ?? false;
    this.workloadPool = attrs.workloadIdentity ?? true ? `${attrs.project}.svc.id.goog` : undefined;
    this.minVersion = attrs.minVersion === undefined || Token.isUnresolved(attrs.minVersion) ? undefined : GkeVersion.parse(attrs.minVersion);
    this.serviceAccountEmail = attrs.nodeServiceAccountEmail;
    this.data = new DataGoogleContainerCluster(this, 'Cluster', { name: attrs.name, location: attrs.location, project: attrs.project });
    this.writeConditions();
  }

  /** Not available: this stack does not manage the cluster. */
  public get resource(): ContainerCluster {
    throw Errors.importedUnsupported('GKE cluster', this.node.path, 'the `resource` attribute',
      'use `clusterId`, `endpoint`, `clusterCaCertificate` or `dependable`, which imported clusters provide');
  }

  /** `id` of the data source: `projects/<project>/locations/<location>/clusters/<name>`. */
  public get clusterId(): string {
    return this.data.id;
  }

  /** Control-plane endpoint, read at plan time. */
  public get endpoint(): string {
    return this.data.endpoint;
  }

  /** CA certificate (base64), read at plan time. */
  public get clusterCaCertificate(): string {
    return this.data.masterAuth.get(0).clusterCaCertificate;
  }

  /** The data source: resources that need the cluster wait until it is read. */
  public get dependable(): ITerraformDependable {
    return this.data;
  }

  /** The node service account given when importing; throws IMPORTED_ATTRIBUTE_MISSING when none was. */
  public get nodeServiceAccountEmail(): string {
    if (this.serviceAccountEmail === undefined) {
      throw Errors.importedAttributeMissing('GKE cluster', this.node.path, 'nodeServiceAccountEmail', IMPORT_CALL);
    }
    return this.serviceAccountEmail;
  }

  /**
   * Requires GKE `minimum` for `feature`: throws GKE_VERSION_TOO_OLD when `minVersion`
   * is known and older, and checks the control plane's `master_version` at plan time.
   */
  public requireVersion(feature: string, minimum: GkeVersion): void {
    if (this.minVersion && !this.minVersion.isAtLeast(minimum)) {
      throw Errors.gkeVersionTooOld(feature, this.minVersion.text, minimum.text,
        `upgrade the control plane of cluster "${this.name}" to ${minimum.text} or later (gcloud container clusters upgrade --master), then raise \`minVersion\` in ${IMPORT_CALL}`);
    }
    if (this.requirements.some((r) => r.feature === feature && r.minimum.compare(minimum) === 0)) return;
    this.requirements.push({ feature, minimum });
    this.writeConditions();
  }

  private writeConditions(): void {
    const postcondition = [{
      condition: `\${self.enable_autopilot == ${this.autopilot}}`,
      errorMessage: `Cluster "${this.name}" ${this.autopilot ? 'is not' : 'is'} an Autopilot cluster. Fix: set \`autopilot: ${!this.autopilot}\` in ${IMPORT_CALL}.`,
    }];
    if (this.workloadPool) {
      postcondition.push({
        condition: `\${length(self.workload_identity_config) > 0 && self.workload_identity_config[0].workload_pool == "${this.workloadPool}"}`,
        errorMessage: `Cluster "${this.name}" does not run Workload Identity with pool ${this.workloadPool}. `
          + `Fix: enable Workload Identity on the cluster, or set \`workloadIdentity: false\` in ${IMPORT_CALL}.`,
      });
    }
    for (const r of this.requirements) {
      postcondition.push({
        condition: `\${${gkeVersionAtLeastHcl('self.master_version', r.minimum)}}`,
        errorMessage: `${r.feature} needs GKE ${r.minimum.text} or later, but the control plane of cluster "${this.name}" runs "\${self.master_version}". `
          + `Fix: upgrade the control plane to ${r.minimum.text} or later (gcloud container clusters upgrade --master), or turn the feature off.`,
      });
    }
    this.data.lifecycle = { postcondition };
  }
}
