/**
 * ModelBucket.fromBucketName: an existing bucket gets IAM grants by name and is
 * accepted wherever a model bucket is; nothing about the bucket itself is managed.
 */
import { BucketAccess, ModelBucket } from '../../lib/gcp/model-bucket';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resources, synth, testStack } from '../helpers/synth';

describe('ModelBucket.fromBucketName', () => {
  test('grants reference the existing bucket by name; no bucket, cache or dependency is created', () => {
    const stack = testStack('bucket');
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    const bucket = ModelBucket.fromBucketName(stack, 'Weights', 'team-model-weights');
    const grants = bucket.grant('Reader', 'serviceAccount:reader@p.iam.gserviceaccount.com', BucketAccess.READ);
    expect(grants).toHaveLength(2);
    const json = synth(stack);
    expect(resources(json, 'google_storage_bucket')).toEqual([]);
    expect(resources(json, 'google_storage_anywhere_cache')).toEqual([]);
    expect(resources(json, 'google_storage_bucket_iam_member').map(([, r]) => [r.bucket, r.role, r.member])).toEqual([
      ['team-model-weights', 'roles/storage.bucketViewer', 'serviceAccount:reader@p.iam.gserviceaccount.com'],
      ['team-model-weights', 'roles/storage.objectViewer', 'serviceAccount:reader@p.iam.gserviceaccount.com'],
    ]);
    expect(bucket.name).toBe('team-model-weights');
    expect(bucket.dependables).toEqual([]);
  });

  test('a bucket this stack creates offers the same interface: its name resolves through the resource, which users wait for', () => {
    const stack = testStack('owned');
    GoogleProviders.configure(stack, { project: 'p', region: 'us-central1' });
    const bucket = new ModelBucket(stack, 'Weights', { name: 'my-weights', location: 'us-central1' });
    expect(bucket.dependables).toEqual([bucket.bucket]);
    bucket.grant('Writer', 'serviceAccount:w@p.iam.gserviceaccount.com', BucketAccess.READ_WRITE);
    const json = synth(stack);
    expect(resources(json, 'google_storage_bucket_iam_member').map(([, r]) => r.bucket)).toEqual([
      expect.stringMatching(/^\$\{google_storage_bucket\.Weights_Bucket_[0-9A-F]+\.name\}$/),
      expect.stringMatching(/^\$\{google_storage_bucket\.Weights_Bucket_[0-9A-F]+\.name\}$/),
    ]);
  });

  test('a name Cloud Storage rejects fails at synth time', () => {
    const stack = testStack('bad');
    expect(errorOf(() => ModelBucket.fromBucketName(stack, 'Weights', 'Team_Weights'))).toMatch(/^Cloud Storage bucket name "Team_Weights" would be rejected/);
    expect(errorOf(() => ModelBucket.fromBucketName(stack, 'Short', 'ab'))).toMatch(/^Cloud Storage bucket name "ab" would be rejected.*Fix: lengthen it to at least 3 characters$/);
  });
});
