import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { NameRules, validateName } from '../util/names';
import type { BucketAccess, IModelBucket } from './model-bucket';

/**
 * A Cloud Storage bucket that exists already, by name (built by
 * {@link ModelBucket.fromBucketName}). Grants add `google_storage_bucket_iam_member`
 * bindings on it, which leave its other IAM members alone; the bucket itself, its
 * settings and its caches stay outside this stack.
 */
export class ImportedModelBucket extends Construct implements IModelBucket {
  public readonly name: string;
  /** None: the bucket exists before the stack runs. */
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, bucketName: string) {
    super(scope, id);
    this.name = validateName(NameRules.GCS_BUCKET, bucketName);
  }

  /** Grants `member` the roles of `access` on the bucket (see {@link IModelBucket.grant}). */
  public grant(id: string, member: string, access: BucketAccess): ITerraformDependable[] {
    return access.roles.map((role) => new StorageBucketIamMember(this, `${id}-${role.replace('roles/storage.', '')}`, {
      bucket: this.name,
      role,
      member,
    }));
  }
}
