import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DataGoogleProject } from '@cdktf/provider-google/lib/data-google-project';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Errors } from '../errors';
import { IGkeCluster } from '../gke/gke-cluster';
import { NameRules, validateName } from '../util/names';
import { BucketAccess } from './model-bucket';

/**
 * The IAM principal of a Kubernetes service account under Workload Identity
 * Federation for GKE (no Google service account involved):
 * `principal://iam.googleapis.com/projects/<number>/locations/global/workloadIdentityPools/<pool>/subject/ns/<ns>/sa/<ksa>`.
 */
export function workloadIdentityPrincipal(projectNumber: string, workloadPool: string, namespace: string, serviceAccount: string): string {
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${workloadPool}/subject/ns/${namespace}/sa/${serviceAccount}`;
}

/** Props of {@link WorkloadIdentityBucketAccess}. */
export interface WorkloadIdentityBucketAccessProps {
  /** Cluster whose Workload Identity pool the service account belongs to. */
  readonly cluster: IGkeCluster;
  /** Name of an existing bucket (usually a Terraform variable). */
  readonly bucket: string;
  /** Namespace of the Kubernetes service account. */
  readonly namespace: string;
  /** Name of the Kubernetes service account, e.g. `gcs-fuse-ksa`. */
  readonly serviceAccount: string;
  /**
   * Roles granted on the bucket.
   * @default BucketAccess.READ_WRITE (`roles/storage.bucketViewer` + `roles/storage.objectUser`)
   */
  readonly access?: BucketAccess;
}

/**
 * Grants a Kubernetes service account roles on an existing bucket directly, as
 * a Workload Identity principal. The principal names the project by number,
 * which is read with a `google_project` data source (known at plan time).
 */
export class WorkloadIdentityBucketAccess extends Construct {
  /** The IAM member string (`principal://...`). */
  public readonly principal: string;
  public readonly bindings: readonly StorageBucketIamMember[];

  constructor(scope: Construct, id: string, props: WorkloadIdentityBucketAccessProps) {
    super(scope, id);
    validateName(NameRules.K8S_DNS_SUBDOMAIN, props.serviceAccount, 'Kubernetes service account');
    validateName(NameRules.K8S_DNS_LABEL, props.namespace, 'Kubernetes namespace');
    if (!props.cluster.workloadPool) {
      throw Errors.missingProp('WorkloadIdentityBucketAccess', 'workloadIdentity', `cluster "${props.cluster.name}" has no Workload Identity pool`);
    }
    const project = new DataGoogleProject(this, 'Project', { projectId: props.cluster.project });
    this.principal = workloadIdentityPrincipal(project.number, props.cluster.workloadPool, props.namespace, props.serviceAccount);
    const access = props.access ?? BucketAccess.READ_WRITE;
    // The pool <project>.svc.id.goog exists once the first cluster using it does.
    this.bindings = access.roles.map((role) => new StorageBucketIamMember(this, role.replace('roles/storage.', ''), {
      bucket: props.bucket,
      role,
      member: this.principal,
      dependsOn: [props.cluster.dependable],
    }));
  }

  /** What workloads using the service account wait for. */
  public get dependables(): readonly ITerraformDependable[] {
    return this.bindings;
  }
}
