import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  CapacityMode, GoogleProviders, K8sNamespace, KueueStack, TpuFallbackComputeClass, TpuJobSet, TpuNodePool, TpuPoolGroup,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';
import { PlatformCluster } from './platform-cluster';

/**
 * Fallback chains on v6e (from the capacity-mode examples of issue 12): serving pods
 * that select the ComputeClass `v6e-serving` land on the reservation first, then
 * on-demand, flex-start and Spot capacity (one autoscaled pool per step); batch
 * JobSets in the LocalQueue are admitted on the reserved pool's Kueue flavor first,
 * then on the Spot pool's.
 */
export class CapacityFallbackStack extends TerraformStack {
  public readonly serving: TpuFallbackComputeClass;
  public readonly kueue: KueueStack;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { project, capacity } = PLATFORM;
    GoogleProviders.configure(this, { project, region: capacity.region });
    const { cluster } = new PlatformCluster(this, 'Fallback', { name: 'acme-fallback', region: capacity.region });
    this.serving = new TpuFallbackComputeClass(this, 'Serving', {
      cluster, name: 'v6e-serving', zone: capacity.zone, machineType: 'ct6e-standard-4t',
      steps: [
        { capacityMode: CapacityMode.reservation({ name: 'acme-v6e-serving' }), minNodes: 4, maxNodes: 4 },
        { capacityMode: CapacityMode.onDemand(), maxNodes: 2 },
        { capacityMode: CapacityMode.flexStart(), maxNodes: 4 },
        { capacityMode: CapacityMode.spot(), maxNodes: 8 },
      ],
    });
    const reserved = new TpuNodePool(this, 'BatchReserved', {
      cluster, name: 'batch-reserved', machineType: 'ct6e-standard-4t', zone: capacity.zone,
      capacityMode: CapacityMode.reservation({ name: 'acme-v6e-batch' }), nodeCount: 2,
    });
    const spot = new TpuNodePool(this, 'BatchSpot', {
      cluster, name: 'batch-spot', machineType: 'ct6e-standard-4t', zone: capacity.zone,
      capacityMode: CapacityMode.spot(), nodeCount: 4,
    });
    const namespace = new K8sNamespace(this, 'BatchNamespace', { name: 'batch', cluster });
    this.kueue = new KueueStack(this, 'Kueue', {
      cluster, workloadNamespace: namespace, dynamicSlicing: false,
      platform: new TpuPoolGroup('batch pools', [reserved, spot], { mixedCapacityModes: true }),
      fallbackPools: [reserved, spot],
    });
    new TpuJobSet(this, 'Sweep', {
      name: 'hparam-sweep',
      queue: this.kueue,
      replicas: 4,
      container: { name: 'sweep', image: 'us-docker.pkg.dev/acme-ml-platform/batch/sweep:2026.11', command: ['python3', 'sweep.py'] },
    });
  }
}
