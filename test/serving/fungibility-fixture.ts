/**
 * A Standard cluster with the seed's three tiers (v6e-1, l4-spot, l4) behind the
 * ComputeClass `vllm-fallback`, the namespace and the HF secret, for construct tests.
 */
import { TerraformStack, TerraformVariable } from 'cdktf';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { SecretSource, TokenSecret } from '../../lib/k8s/token-secret';
import { CapacityTier } from '../../lib/serving/fungible/capacity-tier';
import { FungibleComputeClass, FungibleComputeClassProps } from '../../lib/serving/fungible/fungible-compute-class';
import { FungibleVllmServer, FungibleVllmServerProps } from '../../lib/serving/fungible/fungible-vllm-server';
import { Seed004 } from '../../lib/presets/seeds';
import { testStack, withCluster } from '../helpers/synth';

export const TPU_IMAGE = 'us-central1-docker.pkg.dev/p/docker-repo/vllm-fungibility:TPU';
export const GPU_IMAGE = 'us-central1-docker.pkg.dev/p/docker-repo/vllm-fungibility:GPU';

/** The seed's tiers. */
export function seedTiers(): CapacityTier[] {
  return [
    CapacityTier.tpu({ name: 'v6e-1', machineType: 'ct6e-standard-1t', autoscaling: { minNodes: 1, maxNodes: 2 } }),
    CapacityTier.gpu({ name: 'l4-spot', machineType: 'g2-standard-4', preemptible: true, autoscaling: { minNodes: 0, maxNodes: 2 } }),
    CapacityTier.gpu({ name: 'l4', machineType: 'g2-standard-4', autoscaling: { minNodes: 1, maxNodes: 2 } }),
  ];
}

export interface FungibilityFixture {
  readonly stack: TerraformStack;
  readonly cluster: GkeCluster;
  readonly namespace: K8sNamespace;
  readonly secret: TokenSecret;
}

export function fungibilityFixture(o: { minVersion?: string } = {}): FungibilityFixture {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion: o.minVersion });
  const namespace = new K8sNamespace(stack, 'Ns', { name: 'serving' });
  const token = new TerraformVariable(stack, 'hf_token', { type: 'string', sensitive: true, default: '' });
  const secret = new TokenSecret(stack, 'Hf', { namespace, name: 'hf-secret', key: 'hf_api_token', source: SecretSource.fromVariable(token) });
  return { stack, cluster, namespace, secret };
}

/** A FungibleComputeClass on the fixture's cluster (seed tiers unless overridden). */
export function fungibleClass(f: FungibilityFixture, props: Partial<FungibleComputeClassProps> = {}, id = 'Class'): FungibleComputeClass {
  return new FungibleComputeClass(f.stack, id, { cluster: f.cluster, name: 'vllm-fallback', zone: 'us-central1-b', tiers: seedTiers(), ...props });
}

/** A FungibleVllmServer on `cc` with both images and the seed's values (Seed004: model, TPU max length, names). */
export function vllmServer(f: FungibilityFixture, cc: FungibleComputeClass, props: Partial<FungibleVllmServerProps> = {}, id = 'Vllm'): FungibleVllmServer {
  return new FungibleVllmServer(f.stack, id, {
    computeClass: cc, namespace: f.namespace, hfToken: f.secret, tpuImage: TPU_IMAGE, gpuImage: GPU_IMAGE,
    model: Seed004.QWEN2_1_5B, maxModelLen: Seed004.TPU_MAX_MODEL_LEN, name: Seed004.DEPLOYMENT_NAME, serviceName: Seed004.SERVICE_NAME, ...props,
  });
}
