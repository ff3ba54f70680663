import * as path from 'path';
import { GcsBackend, LocalBackend, TerraformStack } from 'cdktf';
import { Errors } from '../errors';
import { NameRules } from '../util/names';

/** Environment variable that selects a GCS state backend at synth time: the bucket name. */
export const STATE_BUCKET_ENV = 'TPU_GKE_STATE_BUCKET';
/** Environment variable with the object prefix of the state in that bucket (`<prefix>/<stack>`). */
export const STATE_PREFIX_ENV = 'TPU_GKE_STATE_PREFIX';

/** Prefix of the state objects when TPU_GKE_STATE_PREFIX is unset or empty. */
export const DEFAULT_STATE_PREFIX = 'tpu-gke-cdktf';

/** Where state goes: a GCS bucket and prefix, or local files (`undefined`). */
export interface GcsStateSettings {
  /** Cloud Storage bucket that holds the state. */
  readonly bucket: string;
  /** Object prefix; each stack's state is under `<prefix>/<stack>`. */
  readonly prefix: string;
}

/** Object-name segments of a prefix: letters, digits, `.`, `_`, `-`; no empty, `.` or `..` segment. */
const PREFIX_SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_PREFIX_LENGTH = 512;

/**
 * The GCS state settings from `env`, validated; `undefined` for local state
 * (TPU_GKE_STATE_BUCKET unset or empty, which CI gets from an unset repository
 * variable). A bucket name that Cloud Storage would reject, or a prefix that is
 * not a plain object path, fails synth with the value and the fix.
 */
export function gcsStateSettings(env: NodeJS.ProcessEnv = process.env): GcsStateSettings | undefined {
  const bucket = (env[STATE_BUCKET_ENV] ?? '').trim();
  const rawPrefix = env[STATE_PREFIX_ENV] ?? '';
  if (bucket === '') return undefined;
  const rule = NameRules.GCS_BUCKET;
  if (bucket.startsWith('gs://')) {
    throw Errors.invalidStateBackend(STATE_BUCKET_ENV, bucket, 'is a URL, not a bucket name', `a bucket name (${rule.description})`,
      `drop the scheme: ${STATE_BUCKET_ENV}=${bucket.slice(5).split('/')[0]} (put any path into ${STATE_PREFIX_ENV})`);
  }
  if (bucket.length < (rule.minLength ?? 1) || bucket.length > rule.maxLength || !rule.pattern.test(bucket)) {
    throw Errors.invalidStateBackend(STATE_BUCKET_ENV, bucket, 'is not a Cloud Storage bucket name',
      `${rule.minLength}-${rule.maxLength} characters; ${rule.description}`,
      `set it to the name of an existing bucket you can write to, as \`gcloud storage buckets list --format="value(name)"\` prints it`);
  }
  const prefix = rawPrefix.trim() === '' ? DEFAULT_STATE_PREFIX : rawPrefix;
  const segments = prefix.split('/');
  if (prefix.length > MAX_PREFIX_LENGTH || segments.some((s) => !PREFIX_SEGMENT.test(s) || s === '.' || s === '..')) {
    const suggestion = segments.map((s) => s.replace(/[^A-Za-z0-9._-]+/g, '-')).filter((s) => s !== '' && s !== '.' && s !== '..' && s !== '-').join('/');
    throw Errors.invalidStateBackend(STATE_PREFIX_ENV, rawPrefix, 'is not a plain object path inside the bucket',
      `1-${MAX_PREFIX_LENGTH} characters; segments of letters, digits, ".", "_" and "-" joined by single "/", no leading or trailing "/", no "." or ".." segment`,
      `use a path such as "${suggestion || DEFAULT_STATE_PREFIX}", or unset it for "${DEFAULT_STATE_PREFIX}"`);
  }
  return { bucket, prefix };
}

/** One line that says where `npm run synth` put each stack's state (printed by main.ts). */
export function describeStateBackend(env: NodeJS.ProcessEnv = process.env): string {
  const gcs = gcsStateSettings(env);
  if (gcs) return `State: GCS, gs://${gcs.bucket}/${gcs.prefix}/<stack>/default.tfstate (${STATE_BUCKET_ENV}, ${STATE_PREFIX_ENV}).`;
  const ignored = (env[STATE_PREFIX_ENV] ?? '').trim() !== '' ? ` ${STATE_PREFIX_ENV} is ignored without a bucket.` : '';
  return `State: LOCAL files terraform.<stack>.tfstate in the project root (${STATE_BUCKET_ENV} is ${env[STATE_BUCKET_ENV] === undefined ? 'unset' : 'empty'}): `
    + `fine for a trial on one machine, lost with this directory and not shared; set ${STATE_BUCKET_ENV}=<bucket> for shared, locked state.${ignored}`;
}

/**
 * Local state by default (`terraform.<stack>.tfstate` in the project root, written
 * as a relative path so the synthesized JSON is the same on every machine).
 * With TPU_GKE_STATE_BUCKET set, state goes to that GCS bucket under
 * `<TPU_GKE_STATE_PREFIX or "tpu-gke-cdktf">/<stack>`; both are validated
 * (see {@link gcsStateSettings}).
 */
export function configureBackend(stack: TerraformStack, env: NodeJS.ProcessEnv = process.env): void {
  const gcs = gcsStateSettings(env);
  if (gcs) {
    new GcsBackend(stack, { bucket: gcs.bucket, prefix: path.posix.join(gcs.prefix, stack.node.id) });
  } else {
    // Terraform runs in cdktf.out/stacks/<stack>/; keep state outside cdktf.out, which synth rewrites.
    new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
  }
}
