import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CapacityMode, K8sNamespace, KueueStack, TpuFallbackComputeClass, TpuNodePool, TpuPoolGroup } from 'tpu-gke-cdktf';
import { EXAMPLE, exampleCluster } from './capacity-cluster';

/**
 * Fallback chains: serving pods that select the ComputeClass `v6e-serving` land on
 * the reservation first, then on-demand, flex-start and Spot capacity; batch jobs in
 * the LocalQueue `batch` are admitted on the reservation flavor first, then Spot.
 */
export class FallbackTpuStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = exampleCluster(this, 'fallback-tpu');
    new TpuFallbackComputeClass(this, 'Serving', {
      cluster, name: 'v6e-serving', zone: EXAMPLE.zone, machineType: 'ct6e-standard-4t',
      steps: [
        { capacityMode: CapacityMode.reservation({ name: 'v6e-serving-res' }), maxNodes: 4, minNodes: 4 },
        { capacityMode: CapacityMode.onDemand(), maxNodes: 2 },
        { capacityMode: CapacityMode.flexStart(), maxNodes: 4 },
        { capacityMode: CapacityMode.spot(), maxNodes: 8 },
      ],
    });
    const reserved = new TpuNodePool(this, 'BatchReserved', {
      cluster, name: 'batch-reserved', machineType: 'ct6e-standard-4t', zone: EXAMPLE.zone,
      capacityMode: CapacityMode.reservation({ name: 'v6e-batch-res' }), nodeCount: 2,
    });
    const spot = new TpuNodePool(this, 'BatchSpot', {
      cluster, name: 'batch-spot', machineType: 'ct6e-standard-4t', zone: EXAMPLE.zone,
      capacityMode: CapacityMode.spot(), nodeCount: 4,
    });
    const namespace = new K8sNamespace(this, 'Namespace', { name: 'batch' });
    new KueueStack(this, 'Kueue', {
      cluster, workloadNamespace: namespace, namePrefix: 'batch',
      platform: new TpuPoolGroup('batch pools', [reserved, spot], { mixedCapacityModes: true }),
      fallbackPools: [reserved, spot],
    });
  }
}
