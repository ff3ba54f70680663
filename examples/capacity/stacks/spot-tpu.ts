import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CapacityMode, TpuNodePool } from 'tpu-gke-cdktf';
import { EXAMPLE, exampleCluster } from './capacity-cluster';

/** Four single-host v6e Spot VMs (`node_config.spot`): cheapest, preemptible at any time. */
export class SpotTpuStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = exampleCluster(this, 'spot-tpu');
    new TpuNodePool(this, 'Pool', {
      cluster, name: 'v6e-spot', machineType: 'ct6e-standard-4t', zone: EXAMPLE.zone,
      capacityMode: CapacityMode.spot(), nodeCount: 4,
    });
  }
}
