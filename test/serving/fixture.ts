/**
 * A Standard cluster with a v6e 4x4 DRANET pool, a weights bucket, identities and
 * the HF secret: everything a RayLlmService needs, for construct tests.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { IGkeCluster } from '../../lib/gke/gke-cluster';
import { ModelBucket } from '../../lib/gcp/model-bucket';
import { WorkloadIdentityAccount } from '../../lib/gcp/workload-identity-account';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { HfModelDownload } from '../../lib/serving/hf-model-download';
import { RayLlmService, RayLlmServiceProps } from '../../lib/serving/ray/ray-llm-service';
import { TpuSliceTarget } from '../../lib/serving/tpu-slice-target';
import { Seed001 } from '../../lib/presets/seeds';
import { testStack, withCluster } from '../helpers/synth';

/** Seed 001's model: the library has no default model. */
export const SEED_MODEL = 'google/gemma-4-31B-it';

export interface ServingParts {
  readonly stack: TerraformStack;
  readonly namespace: K8sNamespace;
  readonly bucket: ModelBucket;
  readonly reader: WorkloadIdentityAccount;
  readonly writer: WorkloadIdentityAccount;
  readonly secret: TokenSecret;
}

export interface ServingFixture extends ServingParts {
  readonly cluster: GkeCluster;
  readonly pool: TpuNodePool;
}

export function servingFixture(o: { topology?: string; managedDranet?: boolean } = {}): ServingFixture {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion: '1.35.2-gke.1842000', location: 'us-east5-b' });
  const pool = new TpuNodePool(stack, 'Pool', {
    cluster, name: 'v6e-16', machineType: 'ct6e-standard-4t', topology: o.topology ?? '4x4', zone: 'us-east5-b',
    managedDranet: o.managedDranet ?? true,
  });
  return { ...servingParts(stack, cluster), cluster, pool };
}

/** Namespace `serving`, bucket, reader/writer identities and the HF secret on an existing stack and cluster. */
export function servingParts(stack: TerraformStack, cluster: IGkeCluster): ServingParts {
  const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
  const bucket = new ModelBucket(stack, 'Bucket', { name: 'my-weights', location: 'us-east5', cacheZones: ['us-east5-b'] });
  const reader = new WorkloadIdentityAccount(stack, 'Reader', { cluster, accountId: 'tpu-reader-sa', namespace: 'serving', kubernetesServiceAccount: 'ray-ksa' });
  const writer = new WorkloadIdentityAccount(stack, 'Writer', { cluster, accountId: 'model-downloader-sa', namespace: 'serving', kubernetesServiceAccount: 'model-downloader' });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
  const secret = new TokenSecret(stack, 'Hf', { namespace, name: 'hf-secret', key: 'hf_api_token', source: SecretSource.fromVariable(token) });
  return { stack, namespace, bucket, reader, writer, secret };
}

/** A RayLlmService on the fixture's pool, with `props` overriding the defaults. */
export function rayLlm(f: ServingParts & { pool?: TpuNodePool }, props: Partial<RayLlmServiceProps> = {}, id = 'RayLlm'): RayLlmService {
  return new RayLlmService(f.stack, id, {
    namespace: f.namespace, tpu: props.tpu ?? TpuSliceTarget.nodePool(f.pool!), image: 'us-east5-docker.pkg.dev/p/ray-repo/vllm-tpu-ray:vllm-tpu',
    bucket: f.bucket, serviceAccount: f.reader, hfToken: f.secret, model: Seed001.GEMMA_4_31B_IT,
    name: id === 'RayLlm' ? Seed001.RAY_SERVICE_NAME : undefined, ...props,
  });
}

/** The fixture's download Job. */
export function download(f: ServingParts, props: { modelId?: string } = {}): HfModelDownload {
  return new HfModelDownload(f.stack, 'Download', { namespace: f.namespace, bucket: f.bucket, account: f.writer, hfToken: f.secret, modelId: SEED_MODEL, name: Seed001.DOWNLOAD_JOB_NAME, ...props });
}
