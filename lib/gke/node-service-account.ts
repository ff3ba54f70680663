import { Construct } from 'constructs';
import { ITerraformDependable, Token } from 'cdktf';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { Errors } from '../errors';

/**
 * Project roles of a dedicated GKE node service account. GKE's "Configure GKE node
 * service accounts" (cloud.google.com/kubernetes-engine/security/configure-node-service-accounts)
 * and its service-account troubleshooting page say node service accounts must hold every
 * permission of the predefined Kubernetes Engine Default Node Service Account role
 * (logging and metric writes, resource metadata, autoscaling metrics); granting the role
 * itself keeps the account correct when GKE adds a permission. Image pulls are granted
 * per repository (see {@link DockerRepository}), not project-wide.
 */
export const NODE_SERVICE_ACCOUNT_ROLES: readonly string[] = ['roles/container.defaultNodeServiceAccount'];

/** Props of {@link NodeServiceAccount}. */
export interface NodeServiceAccountProps {
  /** Project of the account and its role grants. */
  readonly project: string;
  /** Account ID (6-30 characters: a lowercase letter, then letters, digits, hyphens). */
  readonly accountId: string;
  /**
   * Display name.
   * @default - "GKE nodes (<accountId>)"
   */
  readonly displayName?: string;
  /**
   * Project roles granted to the account.
   * @default NODE_SERVICE_ACCOUNT_ROLES
   */
  readonly roles?: readonly string[];
}

/** The account ID of the dedicated node service account of cluster `clusterName`: `<name, at most 24 characters>-nodes`. */
export function nodeServiceAccountId(clusterName: string): string {
  return `${clusterName.slice(0, 24).replace(/-+$/, '')}-nodes`;
}

/**
 * A dedicated IAM service account for GKE nodes with the least-privilege node role,
 * instead of the project's default Compute Engine account (which often holds Editor).
 */
export class NodeServiceAccount extends Construct implements ITerraformDependable {
  public readonly resource: ServiceAccount;
  /** The account's email. */
  public readonly email: string;
  /** `serviceAccount:<email>`, for IAM bindings. */
  public readonly member: string;
  /** The project role grants (create nodes after them). */
  public readonly grants: readonly ProjectIamMember[];

  constructor(scope: Construct, id: string, props: NodeServiceAccountProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.accountId) && !/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(props.accountId)) {
      throw Errors.invalidValue('Node service account ID', props.accountId, ['6-30 characters: a lowercase letter, then lowercase letters, digits or hyphens, not ending in a hyphen'],
        'pass a shorter or valid accountId');
    }
    this.resource = new ServiceAccount(this, 'Account', {
      project: props.project,
      accountId: props.accountId,
      displayName: props.displayName ?? `GKE nodes (${props.accountId})`,
      description: 'Least-privilege identity of GKE nodes (managed by Terraform).',
    });
    this.email = this.resource.email;
    this.member = this.resource.member;
    this.grants = (props.roles ?? NODE_SERVICE_ACCOUNT_ROLES).map((role, i) => new ProjectIamMember(this, `Role${i}`, {
      project: props.project,
      role,
      member: this.resource.member,
    }));
  }

  public get fqn(): string {
    return this.resource.fqn;
  }
}
