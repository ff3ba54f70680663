import { Construct } from 'constructs';
import { ITerraformDependable, TerraformStack, Token } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { Errors } from '../errors';
import { IGkeCluster } from '../gke/gke-cluster';
import { serviceAccount } from '../k8s/workloads';
import { K8sObject } from '../k8s/types';
import { NameRules, validateName } from '../util/names';
import { claimUniqueName } from '../util/unique-names';

/** Annotation that ties a Kubernetes service account to a Google service account. */
export const GCP_SERVICE_ACCOUNT_ANNOTATION = 'iam.gke.io/gcp-service-account';

/** Props of {@link WorkloadIdentityAccount}. */
export interface WorkloadIdentityAccountProps {
  /** Cluster whose Workload Identity pool the Kubernetes service account belongs to. */
  readonly cluster: IGkeCluster;
  /** Google service account ID (6-30 characters), e.g. `tpu-reader-sa`. */
  readonly accountId: string;
  /** Namespace of the Kubernetes service account. */
  readonly namespace: string;
  /** Name of the Kubernetes service account, e.g. `ray-ksa`. */
  readonly kubernetesServiceAccount: string;
  /**
   * Display name of the Google service account.
   * @default - the account ID
   */
  readonly displayName?: string;
}

/**
 * Workload Identity Federation for GKE the way the recipes set it up: a Google
 * service account, the `roles/iam.workloadIdentityUser` binding that lets
 * `<namespace>/<ksa>` of the cluster's pool act as it, and the Kubernetes
 * service account object annotated with the Google account
 * ({@link WorkloadIdentityAccount.kubernetesObject}, shipped by the workload that uses it).
 * Grant the account what it needs with its {@link WorkloadIdentityAccount.member}.
 */
export class WorkloadIdentityAccount extends Construct {
  /** The Google service account. */
  public readonly account: ServiceAccount;
  /** The `roles/iam.workloadIdentityUser` binding for the Kubernetes service account. */
  public readonly binding: ServiceAccountIamMember;
  /** Email of the Google service account. */
  public readonly email: string;
  /** IAM member string of the Google service account (`serviceAccount:<email>`). */
  public readonly member: string;
  /** Namespace of the Kubernetes service account. */
  public readonly namespace: string;
  /** Name of the Kubernetes service account. */
  public readonly kubernetesServiceAccount: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityAccountProps) {
    super(scope, id);
    validateName(NameRules.SERVICE_ACCOUNT_ID, props.accountId);
    validateName(NameRules.K8S_DNS_SUBDOMAIN, props.kubernetesServiceAccount, 'Kubernetes service account');
    validateName(NameRules.K8S_DNS_LABEL, props.namespace, 'Kubernetes namespace');
    if (!props.cluster.workloadPool) {
      throw Errors.missingProp('WorkloadIdentityAccount', 'workloadIdentity', `cluster "${props.cluster.name}" has no Workload Identity pool`);
    }
    // Service account IDs are unique per project; the account lives in the provider's project, the cluster's.
    claimUniqueName(TerraformStack.of(this), props.cluster.project,
      Token.isUnresolved(props.cluster.project) ? 'the stack\'s project' : `project "${props.cluster.project}"`,
      'Service account', props.accountId, this.node.path);
    this.namespace = props.namespace;
    this.kubernetesServiceAccount = props.kubernetesServiceAccount;

    this.account = new ServiceAccount(this, 'Account', {
      accountId: props.accountId,
      displayName: props.displayName ?? props.accountId,
    });
    this.email = this.account.email;
    this.member = this.account.member;
    // The pool `<project>.svc.id.goog` exists once the first cluster using it does.
    this.binding = new ServiceAccountIamMember(this, 'WorkloadIdentityUser', {
      serviceAccountId: this.account.name,
      role: 'roles/iam.workloadIdentityUser',
      member: `serviceAccount:${props.cluster.workloadPool}[${props.namespace}/${props.kubernetesServiceAccount}]`,
      dependsOn: [props.cluster.dependable],
    });
  }

  /** The Kubernetes ServiceAccount object, annotated with the Google service account. */
  public kubernetesObject(): K8sObject {
    return serviceAccount({
      name: this.kubernetesServiceAccount,
      namespace: this.namespace,
      annotations: { [GCP_SERVICE_ACCOUNT_ANNOTATION]: this.email },
    });
  }

  /**
   * Throws when the Kubernetes service account is bound in another namespace than the
   * workload's `namespace` (pods can only use service accounts of their own namespace).
   * Skipped while either namespace is a Terraform reference.
   */
  public checkNamespace(namespace: string): void {
    if (this.namespace !== namespace && !Token.isUnresolved(this.namespace) && !Token.isUnresolved(namespace)) {
      throw Errors.namespaceMismatch(`Service account "${this.kubernetesServiceAccount}"`, this.namespace, namespace);
    }
  }

  /** What workloads using the account wait for: the account and its Workload Identity binding. */
  public get dependables(): readonly ITerraformDependable[] {
    return [this.account, this.binding];
  }
}
