import { AnywhereCacheAdmission, BucketAccess, ModelBucket } from '../../lib/gcp/model-bucket';
import { GoogleProviders } from '../../lib/providers/google-providers';
import { errorOf, resources, synth, testStack } from '../helpers/synth';

function bucketStack() {
  const stack = testStack();
  GoogleProviders.configure(stack, { project: 'p', region: 'us-east5' });
  return stack;
}

describe('ModelBucket', () => {
  test('seed 001: STANDARD in the region, uniform access, Anywhere Cache in the TPU zone with TTL 1 day, admit on first miss', () => {
    const stack = bucketStack();
    new ModelBucket(stack, 'Bucket', { name: 'my-weights', location: 'us-east5', cacheZones: ['us-east5-b'] });
    const json = synth(stack);
    const [[, bucket]] = resources(json, 'google_storage_bucket');
    expect(bucket).toMatchObject({
      name: 'my-weights', location: 'us-east5', storage_class: 'STANDARD',
      uniform_bucket_level_access: true, public_access_prevention: 'enforced', force_destroy: false,
    });
    const [[, cache]] = resources(json, 'google_storage_anywhere_cache');
    expect(cache).toMatchObject({ zone: 'us-east5-b', ttl: '86400s' });
    expect(cache.bucket).toMatch(/^\$\{google_storage_bucket\.Bucket_[0-9A-F]+\.name\}$/);
  });

  test('admission_policy is not written for the default (deprecated argument since google 7.40.0; its default is admit-on-first-miss)', () => {
    for (const cacheAdmission of [undefined, AnywhereCacheAdmission.ADMIT_ON_FIRST_MISS]) {
      const stack = bucketStack();
      new ModelBucket(stack, 'Bucket', { name: 'my-weights', location: 'us-east5', cacheZones: ['us-east5-b'], cacheAdmission });
      const [[, cache]] = resources(synth(stack), 'google_storage_anywhere_cache');
      expect(cache).not.toHaveProperty('admission_policy');
      expect(cache).toMatchObject({ zone: 'us-east5-b', ttl: '86400s' });
    }
  });

  test('the provider spells admission policies in kebab case (gcloud: ADMIT_ON_SECOND_MISS)', () => {
    expect(AnywhereCacheAdmission.ADMIT_ON_SECOND_MISS.value).toBe('admit-on-second-miss');
    const stack = bucketStack();
    new ModelBucket(stack, 'Bucket', {
      name: 'my-weights', location: 'us-east5', cacheZones: ['us-east5-a', 'us-east5-b'], cacheTtlSeconds: 3600, cacheAdmission: AnywhereCacheAdmission.ADMIT_ON_SECOND_MISS,
    });
    const caches = resources(synth(stack), 'google_storage_anywhere_cache').map(([, c]) => [c.zone, c.ttl, c.admission_policy]).sort();
    expect(caches).toEqual([['us-east5-a', '3600s', 'admit-on-second-miss'], ['us-east5-b', '3600s', 'admit-on-second-miss']]);
  });

  test('no cache zones, no cache', () => {
    const stack = bucketStack();
    new ModelBucket(stack, 'Bucket', { name: 'my-weights', location: 'us-east5' });
    expect(resources(synth(stack), 'google_storage_anywhere_cache')).toEqual([]);
  });

  test('grants: read = bucketViewer + objectViewer, read-write = bucketViewer + objectUser', () => {
    expect(BucketAccess.READ.roles).toEqual(['roles/storage.bucketViewer', 'roles/storage.objectViewer']);
    expect(BucketAccess.READ_WRITE.roles).toEqual(['roles/storage.bucketViewer', 'roles/storage.objectUser']);
    const stack = bucketStack();
    const b = new ModelBucket(stack, 'Bucket', { name: 'my-weights', location: 'us-east5' });
    expect(b.grant('Reader', 'serviceAccount:r@p.iam.gserviceaccount.com', BucketAccess.READ)).toHaveLength(2);
    const members = resources(synth(stack), 'google_storage_bucket_iam_member').map(([, m]) => `${m.role} ${m.member}`);
    expect(members).toEqual([
      'roles/storage.bucketViewer serviceAccount:r@p.iam.gserviceaccount.com',
      'roles/storage.objectViewer serviceAccount:r@p.iam.gserviceaccount.com',
    ]);
  });

  test('cache TTL outside 1 hour .. 7 days is refused', () => {
    expect(errorOf(() => new ModelBucket(bucketStack(), 'B', { name: 'my-weights', location: 'us-east5', cacheTtlSeconds: 60 }))).toBe(
      'Anywhere Cache TTL in seconds 60 is out of range. Allowed: whole seconds from 3600 (1 hour) to 604800 (7 days). Fix: set cacheTtlSeconds within the range, e.g. 86400 for one day');
    expect(errorOf(() => new ModelBucket(bucketStack(), 'B', { name: 'my-weights', location: 'us-east5', cacheTtlSeconds: 8 * 86400 }))).toContain('604800');
  });

  test('the bucket name follows the Cloud Storage rules (3-63 characters, ...; lib/util/names.ts has the boundaries)', () => {
    expect(errorOf(() => new ModelBucket(bucketStack(), 'B', { name: 'b', location: 'us-east5' }))).toBe(
      'Cloud Storage bucket name "b" would be rejected by GKE. Allowed: 3-222 characters; lowercase letters, digits, hyphens, underscores and dots; '
      + 'starts and ends with a letter or digit; at most 63 characters between dots; not an IP address; no "goog" prefix, no "google". '
      + 'Fix: lengthen it to at least 3 characters');
  });

  test('one cache per zone', () => {
    expect(errorOf(() => new ModelBucket(bucketStack(), 'B', { name: 'my-weights', location: 'us-east5', cacheZones: ['us-east5-b', 'us-east5-b'] }))).toBe(
      'Anywhere Cache zone name "us-east5-b" is used twice. Allowed: unique names. Fix: rename one of the Anywhere Cache zones');
  });
});
