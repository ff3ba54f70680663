import { Construct, IConstruct } from 'constructs';
import { IResolvable, ITerraformDependable, Token } from 'cdktf';
import { StorageAnywhereCache } from '@cdktf/provider-google/lib/storage-anywhere-cache';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { Errors } from '../errors';
import { isRegion, requireZoneIn } from '../util/locations';
import { NameRules, validateName } from '../util/names';
import { ImportedModelBucket } from './imported-model-bucket';

/**
 * When an Anywhere Cache stores a block it missed. Values are the provider's
 * spellings (`admit-on-first-miss`); gcloud spells them `ADMIT_ON_FIRST_MISS`.
 */
export class AnywhereCacheAdmission {
  /** Cache every block on its first read (gcloud `ADMIT_ON_FIRST_MISS`, the API default). */
  public static readonly ADMIT_ON_FIRST_MISS = new AnywhereCacheAdmission('admit-on-first-miss');
  /**
   * Cache a block only when it is read a second time (gcloud `ADMIT_ON_SECOND_MISS`).
   * Deprecated: Cloud Storage now treats it as admit-on-first-miss, and google provider
   * 7.40.0 deprecated the value (it goes in a future major version).
   * @deprecated use ADMIT_ON_FIRST_MISS
   */
  public static readonly ADMIT_ON_SECOND_MISS = new AnywhereCacheAdmission('admit-on-second-miss');

  private constructor(
    /** Value of `google_storage_anywhere_cache.admission_policy`. */
    public readonly value: string,
  ) {}

  public toString(): string {
    return this.value;
  }
}

/** The bucket roles a principal gets for one kind of access. */
export class BucketAccess {
  /** List and read objects (and read bucket metadata, which GCS FUSE mounts ask for). */
  public static readonly READ = new BucketAccess('read', ['roles/storage.bucketViewer', 'roles/storage.objectViewer']);
  /** Read, create, overwrite and delete objects; no IAM or bucket changes. */
  public static readonly READ_WRITE = new BucketAccess('read-write', ['roles/storage.bucketViewer', 'roles/storage.objectUser']);

  private constructor(
    /** Short name, for construct IDs and messages. */
    public readonly name: string,
    /** Predefined IAM roles granted on the bucket. */
    public readonly roles: readonly string[],
  ) {}
}

/** What other constructs need of a model bucket: one this stack creates or an existing one ({@link ModelBucket.fromBucketName}). */
export interface IModelBucket extends IConstruct {
  /** Bucket name (for a bucket this stack creates, it resolves through the resource, so users wait for it). */
  readonly name: string;
  /** What users of the bucket wait for: the bucket resource; none for an existing bucket. */
  readonly dependables: readonly ITerraformDependable[];
  /**
   * Grants `member` (e.g. `serviceAccount:x@p.iam.gserviceaccount.com`) the roles of
   * `access` on the bucket, one `google_storage_bucket_iam_member` per role; `id` names
   * the grant (unique per bucket). Returns the bindings, for workloads to wait on.
   */
  grant(id: string, member: string, access: BucketAccess): ITerraformDependable[];
}

/** Anywhere Cache TTL bounds (Cloud Storage: whole seconds from 1 hour to 7 days). */
const MIN_TTL_SECONDS = 3600;
const MAX_TTL_SECONDS = 7 * 86400;

/** Props of {@link ModelBucket}. */
export interface ModelBucketProps {
  /** Bucket name (globally unique; usually a Terraform variable). */
  readonly name: string;
  /** Bucket location: the region of the accelerators (gcloud `--location`). */
  readonly location: string;
  /**
   * Default storage class (gcloud `--default-storage-class`).
   * @default "STANDARD"
   */
  readonly storageClass?: string;
  /**
   * Zones that get an Anywhere Cache (gcloud `storage buckets anywhere-caches create`):
   * the zones the accelerators read from. One cache per zone.
   * @default [] (no cache)
   */
  readonly cacheZones?: readonly string[];
  /**
   * Time to live of cache entries, in whole seconds (1 hour to 7 days).
   * @default 86400 (gcloud `--ttl=1d`)
   */
  readonly cacheTtlSeconds?: number;
  /**
   * Cache admission policy.
   * @default AnywhereCacheAdmission.ADMIT_ON_FIRST_MISS
   */
  readonly cacheAdmission?: AnywhereCacheAdmission;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects (the weights) or
   * Anywhere Caches. Destroying a cache only disables it and Cloud Storage removes it
   * about an hour later; until then the provider deletes the bucket only with
   * `forceDestroy` (and then waits for the removal).
   * @default false
   */
  readonly forceDestroy?: boolean | IResolvable;
}

/**
 * A Cloud Storage bucket for model weights: uniform bucket-level access (IAM
 * only, no ACLs), public access prevention enforced, optionally fronted by
 * Anywhere Caches in the accelerator zones. Access is granted per principal with
 * {@link ModelBucket.grant}, so readers and writers can be told apart.
 */
export class ModelBucket extends Construct implements IModelBucket {
  /**
   * A bucket that exists already (created elsewhere; not managed by this stack), by name.
   * Grants add IAM members on it; nothing else about the bucket changes.
   */
  public static fromBucketName(scope: Construct, id: string, bucketName: string): IModelBucket {
    return new ImportedModelBucket(scope, id, bucketName);
  }

  /** The bucket resource. */
  public readonly bucket: StorageBucket;
  /** One Anywhere Cache per cache zone. */
  public readonly caches: readonly StorageAnywhereCache[];
  /** Bucket name (resolves through the resource, so users wait for the bucket). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ModelBucketProps) {
    super(scope, id);
    validateName(NameRules.GCS_BUCKET, props.name);
    const ttl = props.cacheTtlSeconds ?? 86400;
    if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS || ttl > MAX_TTL_SECONDS) {
      throw Errors.outOfRange('Anywhere Cache TTL in seconds', ttl, `whole seconds from ${MIN_TTL_SECONDS} (1 hour) to ${MAX_TTL_SECONDS} (7 days)`,
        'set cacheTtlSeconds within the range, e.g. 86400 for one day');
    }
    const zones = props.cacheZones ?? [];
    const literal = zones.filter((z) => !Token.isUnresolved(z));
    const duplicate = literal.find((z, i) => literal.indexOf(z) !== i);
    if (duplicate) throw Errors.duplicateName('Anywhere Cache zone', duplicate);
    // A regional bucket is cached in its own zones only; multi- and dual-region locations are not checked here.
    if (isRegion(props.location)) {
      for (const zone of zones) {
        requireZoneIn('Anywhere Cache zone', zone, 'the region of bucket location', props.location,
          'cache in a zone of the bucket\'s region, or create the bucket in the accelerators\' region');
      }
    }

    this.bucket = new StorageBucket(this, 'Bucket', {
      name: props.name,
      location: props.location,
      storageClass: props.storageClass ?? 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: props.forceDestroy ?? false,
    });
    this.name = this.bucket.name;
    const admission = props.cacheAdmission ?? AnywhereCacheAdmission.ADMIT_ON_FIRST_MISS;
    this.caches = zones.map((zone, i) => new StorageAnywhereCache(this, i === 0 ? 'Cache' : `Cache${i + 1}`, {
      bucket: this.bucket.name,
      zone,
      ttl: `${ttl}s`,
      // google 7.40.0 deprecated the argument (every plan warns when it is set): the default is left to the provider.
      admissionPolicy: admission === AnywhereCacheAdmission.ADMIT_ON_FIRST_MISS ? undefined : admission.value,
    }));
  }

  /** The bucket resource (see {@link IModelBucket.dependables}). */
  public get dependables(): readonly ITerraformDependable[] {
    return [this.bucket];
  }

  /**
   * Grants `member` (e.g. `serviceAccount:x@p.iam.gserviceaccount.com`) the roles of
   * `access` on this bucket, one `google_storage_bucket_iam_member` per role.
   * `id` names the grant (unique per bucket). Returns the bindings, for workloads to wait on.
   */
  public grant(id: string, member: string, access: BucketAccess): ITerraformDependable[] {
    return access.roles.map((role) => new StorageBucketIamMember(this, `${id}-${role.replace('roles/storage.', '')}`, {
      bucket: this.bucket.name,
      role,
      member,
    }));
  }
}
