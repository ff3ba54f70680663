import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CapacityMode, K8sNamespace, KueueStack, TpuNodePool } from 'tpu-gke-cdktf';
import { EXAMPLE, exampleCluster } from './capacity-cluster';

/**
 * A multi-host v6e 4x4 slice through queued provisioning: the pool has no nodes
 * until Kueue's ProvisioningRequest admission check obtains all 4 VMs at once for
 * a queued workload. KueueStack adds the ProvisioningRequestConfig, the
 * AdmissionCheck and the ClusterQueue's check itself.
 */
export class QueuedProvisioningTpuStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = exampleCluster(this, 'queued-tpu');
    const pool = new TpuNodePool(this, 'Pool', {
      cluster, name: 'v6e-4x4-queued', machineType: 'ct6e-standard-4t', topology: '4x4', zone: EXAMPLE.zone,
      capacityMode: CapacityMode.queuedProvisioning(),
    });
    const namespace = new K8sNamespace(this, 'Namespace', { name: 'training' });
    new KueueStack(this, 'Kueue', { cluster, platform: pool, workloadNamespace: namespace, namePrefix: 'training' });
  }
}
