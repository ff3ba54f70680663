import { configureBackend, describeStateBackend, gcsStateSettings } from '../../lib/stack/backend';
import { errorOf, synth, testStack } from '../helpers/synth';

describe('state backend settings', () => {
  test('GCS when TPU_GKE_STATE_BUCKET is set: <prefix>/<stack>, prefix defaults to tpu-gke-cdktf', () => {
    const stack = testStack('s1');
    configureBackend(stack, { TPU_GKE_STATE_BUCKET: 'my-state', TPU_GKE_STATE_PREFIX: 'team/a' });
    expect(synth(stack).terraform.backend).toEqual({ gcs: { bucket: 'my-state', prefix: 'team/a/s1' } });
    expect(gcsStateSettings({ TPU_GKE_STATE_BUCKET: 'my-state', TPU_GKE_STATE_PREFIX: '' })).toEqual({ bucket: 'my-state', prefix: 'tpu-gke-cdktf' });
    expect(gcsStateSettings({ TPU_GKE_STATE_BUCKET: 'tf_state.example.com' })).toEqual({ bucket: 'tf_state.example.com', prefix: 'tpu-gke-cdktf' });
  });

  test('unset or empty bucket: local state, and the synth says so', () => {
    const stack = testStack('s2');
    configureBackend(stack, { TPU_GKE_STATE_BUCKET: '' });
    expect(synth(stack).terraform.backend).toEqual({ local: { path: '../../../terraform.s2.tfstate' } });
    expect(describeStateBackend({})).toBe('State: LOCAL files terraform.<stack>.tfstate in the project root (TPU_GKE_STATE_BUCKET is unset): '
      + 'fine for a trial on one machine, lost with this directory and not shared; set TPU_GKE_STATE_BUCKET=<bucket> for shared, locked state.');
    expect(describeStateBackend({ TPU_GKE_STATE_BUCKET: ' ', TPU_GKE_STATE_PREFIX: 'team' })).toBe('State: LOCAL files terraform.<stack>.tfstate in the project root (TPU_GKE_STATE_BUCKET is empty): '
      + 'fine for a trial on one machine, lost with this directory and not shared; set TPU_GKE_STATE_BUCKET=<bucket> for shared, locked state. '
      + 'TPU_GKE_STATE_PREFIX is ignored without a bucket.');
    expect(describeStateBackend({ TPU_GKE_STATE_BUCKET: 'my-state', TPU_GKE_STATE_PREFIX: 'team/a' }))
      .toBe('State: GCS, gs://my-state/team/a/<stack>/default.tfstate (TPU_GKE_STATE_BUCKET, TPU_GKE_STATE_PREFIX).');
  });

  test('a gs:// URL is refused with the bare name as the fix', () => {
    expect(errorOf(() => gcsStateSettings({ TPU_GKE_STATE_BUCKET: 'gs://my-state/tf' }))).toBe(
      'TPU_GKE_STATE_BUCKET "gs://my-state/tf" is a URL, not a bucket name. Allowed: a bucket name (lowercase letters, digits, hyphens, underscores and dots; '
      + 'starts and ends with a letter or digit; at most 63 characters between dots; not an IP address; no "goog" prefix, no "google"). '
      + 'Fix: drop the scheme: TPU_GKE_STATE_BUCKET=my-state (put any path into TPU_GKE_STATE_PREFIX)');
  });

  test.each(['My_State', 'ab', 'goog-state', 'my-google-state', '192.168.5.4', '-state', 'x'.repeat(64)])('bucket name %p is refused', (bucket) => {
    // Before: any string went into the backend block and failed only at `terraform init`.
    expect(errorOf(() => configureBackend(testStack(), { TPU_GKE_STATE_BUCKET: bucket }))).toBe(
      `TPU_GKE_STATE_BUCKET "${bucket}" is not a Cloud Storage bucket name. Allowed: 3-222 characters; lowercase letters, digits, hyphens, underscores and dots; `
      + 'starts and ends with a letter or digit; at most 63 characters between dots; not an IP address; no "goog" prefix, no "google". '
      + 'Fix: set it to the name of an existing bucket you can write to, as `gcloud storage buckets list --format="value(name)"` prints it');
  });

  test.each([
    ['/team/a', 'team/a'],
    ['team//a', 'team/a'],
    ['team/a/', 'team/a'],
    ['team/../a', 'team/a'],
    ['my state', 'my-state'],
  ])('prefix %p is refused (suggests %p)', (prefix, suggestion) => {
    expect(errorOf(() => gcsStateSettings({ TPU_GKE_STATE_BUCKET: 'my-state', TPU_GKE_STATE_PREFIX: prefix }))).toBe(
      `TPU_GKE_STATE_PREFIX "${prefix}" is not a plain object path inside the bucket. Allowed: 1-512 characters; segments of letters, digits, ".", "_" and "-" `
      + 'joined by single "/", no leading or trailing "/", no "." or ".." segment. '
      + `Fix: use a path such as "${suggestion}", or unset it for "tpu-gke-cdktf"`);
  });
});
