import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  CapacityMode, GoogleProviders, K8sNamespace, KueueStack, TpuJobSet, TpuMachineType, TpuNodePool,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';
import { PlatformCluster } from './platform-cluster';

/** The TPU capacity modes this example shows, one stack each. */
export type ExampleCapacityMode = 'spot' | 'flex-start' | 'queued-provisioning';

/** Props of {@link CapacityModeStack}. */
export interface CapacityModeStackProps {
  /** How the pool's TPU capacity is bought. */
  readonly mode: ExampleCapacityMode;
}

/**
 * One TPU pool per capacity mode, with a batch JobSet queued on it by Kueue:
 * - `spot`: a v6e 2x4 single-host pool of Spot VMs (fixed size, preemptible);
 * - `flex-start`: a v6e 2x4 single-host pool of DWS flex-start VMs, scaled from
 *   zero by the pending pods (flex-start runs single-host TPU pools);
 * - `queued-provisioning`: a v5p 2x2x4 multi-host slice obtained all at once
 *   through Kueue's ProvisioningRequest admission check (the KueueStack adds the
 *   ProvisioningRequestConfig and AdmissionCheck because the pool uses the mode).
 */
export class CapacityModeStack extends TerraformStack {
  public readonly pool: TpuNodePool;
  public readonly kueue: KueueStack;

  constructor(scope: Construct, id: string, props: CapacityModeStackProps) {
    super(scope, id);
    const { project, capacity } = PLATFORM;
    GoogleProviders.configure(this, { project, region: capacity.region });
    const { cluster } = new PlatformCluster(this, 'Batch', { name: `acme-${props.mode}`, region: capacity.region });
    this.pool = new TpuNodePool(this, 'Pool', { cluster, zone: capacity.zone, ...poolFor(props.mode) });
    const namespace = new K8sNamespace(this, 'BatchNamespace', { name: 'batch', cluster });
    this.kueue = new KueueStack(this, 'Kueue', { cluster, platform: this.pool, workloadNamespace: namespace, dynamicSlicing: false });
    new TpuJobSet(this, 'Eval', {
      name: 'nightly-eval',
      queue: this.kueue,
      // Pools that scale up from zero get the slice's other pods only once its first pod is scheduled.
      exclusivePlacement: props.mode === 'spot',
      container: {
        name: 'eval',
        image: 'us-docker.pkg.dev/acme-ml-platform/batch/eval:2026.11',
        command: ['python3', 'eval.py', '--suite=nightly'],
      },
    });
  }
}

/** The pool of each mode: machine type, shape, size and the typed capacity choice. */
function poolFor(mode: ExampleCapacityMode): Pick<ConstructorParameters<typeof TpuNodePool>[2], 'name' | 'machineType' | 'topology' | 'nodeCount' | 'autoscaling' | 'capacityMode'> {
  switch (mode) {
    case 'spot':
      return { name: 'v6e-8-spot', machineType: TpuMachineType.CT6E_STANDARD_8T, nodeCount: 2, capacityMode: CapacityMode.spot() };
    case 'flex-start':
      return {
        name: 'v6e-8-flex', machineType: TpuMachineType.CT6E_STANDARD_8T,
        autoscaling: { minNodes: 0, maxNodes: 4 }, capacityMode: CapacityMode.flexStart({ maxRunDurationSeconds: 24 * 3600 }),
      };
    case 'queued-provisioning':
      return {
        // A multi-host slice takes no autoscaling bounds: it scales from 0 to its 4 VMs as one unit.
        name: 'v5p-2x2x4-queued', machineType: TpuMachineType.CT5P_HIGHTPU_4T, topology: '2x2x4',
        capacityMode: CapacityMode.queuedProvisioning(),
      };
  }
}
