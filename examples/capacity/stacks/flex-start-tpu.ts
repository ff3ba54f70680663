import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CapacityMode, TpuNodePool } from 'tpu-gke-cdktf';
import { EXAMPLE, exampleCluster } from './capacity-cluster';

/**
 * Single-host v6e flex-start VMs (DWS): the pool starts empty and autoscales to 4
 * nodes when pods ask for TPUs; each node runs at most one day.
 */
export class FlexStartTpuStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = exampleCluster(this, 'flex-tpu');
    new TpuNodePool(this, 'Pool', {
      cluster, name: 'v6e-flex', machineType: 'ct6e-standard-4t', zone: EXAMPLE.zone,
      capacityMode: CapacityMode.flexStart({ maxRunDurationSeconds: 86400 }),
      autoscaling: { minNodes: 0, maxNodes: 4, initialNodes: 0 },
    });
  }
}
