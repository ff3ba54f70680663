import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  CapacityMode, GoogleProviders, K8sNamespace, KueueStack, TpuJobSet, TpuMachineType, TpuNodePool, WorkloadPriority,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';
import { PlatformCluster } from './platform-cluster';

/**
 * Training on TPU v5p: a 2x2x4 slice pool (4 VMs, 16 chips, COMPACT placement, from
 * the catalog) on a specific reservation, Kueue with JobSet, and a JobSet that
 * trains on the slice, queued and restarted as a whole on failure. The JobSet's
 * chips are claimed on the pool's capacity ledger.
 */
export class V5pTrainingStack extends TerraformStack {
  public readonly pool: TpuNodePool;
  public readonly training: TpuJobSet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { project, v5p } = PLATFORM;
    GoogleProviders.configure(this, { project, region: v5p.region });
    const { cluster } = new PlatformCluster(this, 'Training', { name: 'acme-train', region: v5p.region });
    this.pool = new TpuNodePool(this, 'V5pSlice', {
      cluster,
      name: 'v5p-2x2x4',
      machineType: TpuMachineType.CT5P_HIGHTPU_4T,
      topology: '2x2x4',
      zone: v5p.zone,
      capacityMode: CapacityMode.reservation({ name: v5p.reservation }),
    });
    const namespace = new K8sNamespace(this, 'Research', { name: 'research', cluster });
    const kueue = new KueueStack(this, 'Kueue', { cluster, platform: this.pool, workloadNamespace: namespace, dynamicSlicing: false, priorities: [WorkloadPriority.HIGH] });
    this.training = new TpuJobSet(this, 'Pretrain', {
      name: 'pretrain-llm',
      queue: kueue,
      priority: WorkloadPriority.HIGH,
      maxRestarts: 3,
      container: {
        name: 'train',
        image: 'us-docker.pkg.dev/acme-ml-platform/train/maxtext:2026.11',
        command: ['python3', '-m', 'MaxText.train', 'MaxText/configs/base.yml', 'run_name=pretrain-llm'],
      },
    });
  }
}
