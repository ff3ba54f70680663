import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  CapacityMode, GoogleProviders, K8sNamespace, KueueStack, TpuLeaderWorkerSet, TpuMachineType, TpuNodePool,
} from 'tpu-gke-cdktf';
import { PLATFORM } from '../config';
import { PlatformCluster } from './platform-cluster';

/** Props of {@link ServingCell}. */
export interface ServingCellProps {
  /** Cluster name. */
  readonly name: string;
  /** Region of the cell. */
  readonly region: string;
  /** Zone of the TPU pool. */
  readonly zone: string;
  /**
   * Alias of the cell cluster's kubernetes and helm providers.
   * @default - none (the stack's first cluster)
   */
  readonly providerAlias?: string;
}

/**
 * One regional serving cell: its own cluster (and providers), a v6e 4x4 slice pool
 * on Spot VMs, Kueue with LeaderWorkerSet, and a multi-host server queued on the
 * pool. Everything in the cell deploys into the cell's cluster.
 */
export class ServingCell extends Construct {
  public readonly site: PlatformCluster;
  public readonly kueue: KueueStack;
  public readonly server: TpuLeaderWorkerSet;

  constructor(scope: Construct, id: string, props: ServingCellProps) {
    super(scope, id);
    this.site = new PlatformCluster(this, 'Site', { name: props.name, region: props.region, providerAlias: props.providerAlias });
    const cluster = this.site.cluster;
    const pool = new TpuNodePool(this, 'V6eSlice', {
      cluster,
      name: 'v6e-4x4',
      machineType: TpuMachineType.CT6E_STANDARD_4T,
      topology: '4x4',
      zone: props.zone,
      capacityMode: CapacityMode.spot(),
    });
    const namespace = new K8sNamespace(this, 'Serving', { name: 'serving', cluster });
    this.kueue = new KueueStack(this, 'Kueue', { cluster, platform: pool, workloadNamespace: namespace, dynamicSlicing: false });
    this.server = new TpuLeaderWorkerSet(this, 'Server', {
      name: 'chat',
      queue: this.kueue,
      leader: {
        name: 'server',
        image: 'us-docker.pkg.dev/acme-ml-platform/serving/chat-server:2026.11',
        ports: [{ name: 'http', containerPort: 8000 }],
      },
    });
  }
}

/**
 * Two regional clusters in one stack, each receiving its own releases (Kueue,
 * JobSet, LWS, the queue objects and the server): the first cluster uses the
 * default kubernetes/helm providers, the second its own aliased pair.
 */
export class TwoRegionServingStack extends TerraformStack {
  public readonly us: ServingCell;
  public readonly europe: ServingCell;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { project, regions } = PLATFORM;
    GoogleProviders.configure(this, { project, region: regions.us.region });
    this.us = new ServingCell(this, 'Us', { name: 'acme-serve-us', ...regions.us });
    this.europe = new ServingCell(this, 'Europe', { name: 'acme-serve-eu', ...regions.europe, providerAlias: 'europe' });
  }
}
