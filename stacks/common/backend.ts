import * as path from 'path';
import { GcsBackend, LocalBackend, TerraformStack } from 'cdktf';

/** Environment variables that select a GCS state backend at synth time. */
export const STATE_BUCKET_ENV = 'TPU_GKE_STATE_BUCKET';
export const STATE_PREFIX_ENV = 'TPU_GKE_STATE_PREFIX';

/**
 * Local state by default (`terraform.<stack>.tfstate` in the project root, written
 * as a relative path so the synthesized JSON is the same on every machine).
 * With TPU_GKE_STATE_BUCKET set, state goes to that GCS bucket under
 * `<TPU_GKE_STATE_PREFIX or "tpu-gke-cdktf">/<stack>`.
 */
export function configureBackend(stack: TerraformStack, env: NodeJS.ProcessEnv = process.env): void {
  const bucket = env[STATE_BUCKET_ENV];
  if (bucket) {
    new GcsBackend(stack, { bucket, prefix: path.posix.join(env[STATE_PREFIX_ENV] || 'tpu-gke-cdktf', stack.node.id) });
  } else {
    // Terraform runs in cdktf.out/stacks/<stack>/; keep state outside cdktf.out, which synth rewrites.
    new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
  }
}
