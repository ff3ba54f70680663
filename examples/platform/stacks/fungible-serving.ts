import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  CapacityTier, FungibleComputeClass, FungibleVllmServer, GoogleProviders, GpuDriverVersion, K8sNamespace,
  ReservationAffinity, SecretSource, ServiceExposure, TokenSecret, tokenRevision, tokenVariable,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';
import { PlatformCluster } from './platform-cluster';

/**
 * The platform's own fallback order for a small model (not the recipe's tiers):
 * reserved TPU v6e first, then the same TPU shape on Spot VMs, then on-demand
 * NVIDIA L4 GPUs. GKE's ComputeClass tries the tiers in this order.
 */
export function platformTiers(): CapacityTier[] {
  return [
    CapacityTier.tpu({
      name: 'v6e-1-reserved', machineType: 'ct6e-standard-1t',
      reservation: ReservationAffinity.specific({ name: 'acme-v6e-serving' }),
      autoscaling: { minNodes: 1, maxNodes: 4, initialNodes: 1 },
    }),
    CapacityTier.tpu({
      name: 'v6e-1-spot', machineType: 'ct6e-standard-1t', spot: true,
      autoscaling: { minNodes: 0, maxNodes: 4, initialNodes: 0 },
    }),
    CapacityTier.gpu({
      name: 'l4', machineType: 'g2-standard-8', accelerator: 'nvidia-l4', driverVersion: GpuDriverVersion.LATEST,
      autoscaling: { minNodes: 0, maxNodes: 2, initialNodes: 0 },
    }),
  ];
}

/**
 * GPU + TPU fungibility with the platform's own tiers: a FungibleComputeClass
 * over three node pools and one vLLM Deployment that runs on whichever tier
 * has capacity (the TPU or GPU image and flags per node).
 */
export class FungibleServingStack extends TerraformStack {
  public readonly computeClass: FungibleComputeClass;
  public readonly server: FungibleVllmServer;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { project, fungible } = PLATFORM;
    GoogleProviders.configure(this, { project, region: fungible.region });
    const { cluster } = new PlatformCluster(this, 'Serving', { name: 'acme-fungible', region: fungible.region });
    this.computeClass = new FungibleComputeClass(this, 'ComputeClass', {
      cluster, name: 'acme-chat-fallback', zone: fungible.zone, tiers: platformTiers(),
    });
    const namespace = new K8sNamespace(this, 'ChatNamespace', { name: 'chat', cluster });
    const hfToken = new TokenSecret(this, 'HfToken', {
      namespace, name: 'hf-token', key: 'HF_TOKEN',
      source: SecretSource.fromVariable(tokenVariable(this, 'hf_token', 'Hugging Face token (the model is public: may stay empty).'), tokenRevision(this, 'hf_token')),
    });
    this.server = new FungibleVllmServer(this, 'Chat', {
      computeClass: this.computeClass,
      namespace,
      hfToken,
      model: 'Qwen/Qwen2.5-1.5B-Instruct',
      tpuImage: 'vllm/vllm-tpu:v0.13.2',
      gpuImage: 'vllm/vllm-openai:v0.13.0',
      name: 'chat',
      serviceName: 'chat-api',
      replicas: 2,
      maxModelLen: 4096,
      exposure: ServiceExposure.internalLoadBalancer(),
    });
  }
}
