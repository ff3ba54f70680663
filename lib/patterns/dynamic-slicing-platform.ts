/**
 * The platform both dynamic-slicing stacks share (seed 000 steps 3-7): network,
 * Slice Controller cluster, superslice cubes, controllers and Kueue objects.
 */
import { Construct } from 'constructs';
import { ClusterProviders } from '../k8s/cluster-providers';
import { GoogleProviders } from '../providers/google-providers';
import { K8sNamespace } from '../k8s/k8s-namespace';
import { KueueStack, RECIPE_SLICE_CONTROLLER_URL, recipeSliceController } from '../kueue/kueue-stack';
import { MaintenanceExclusion } from '../gke/gke-cluster';
import { GkeVersionSelection } from '../gke/gke-version-selection';
import { ReservationAffinity } from '../gke/reservation-affinity';
import { SliceControllerCluster } from '../gke/slice-controller-cluster';
import { SuperslicePool } from '../gke/superslice-pool';
import { TpuNetwork } from '../network/tpu-network';
import { deletionProtectionVariable, GcpEnvironment, namespaceVariable, orDefault, stringVariable } from '../stack/variables';
import { clusterOutputs } from '../stack/outputs';

export interface DynamicSlicingPlatformProps {
  /**
   * Cluster name.
   * @default "tpu-serving-cluster"
   */
  readonly clusterName?: string;
  /**
   * Network name prefix.
   * @default "qwen-serving"
   */
  readonly networkPrefix?: string;
  /**
   * GKE version (Rapid channel). Super-slicing needs 1.35.2-gke.1842000 and sub-slicing
   * 1.36.0-gke.3712000; Terraform preconditions check the chosen version.
   * @default GkeVersionSelection.channelLatest() (the newest Rapid version)
   */
  readonly gkeVersion?: GkeVersionSelection;
  /**
   * 4x4x4 cubes (16-node pools) in the reservation block.
   * @default 2
   */
  readonly cubes?: number;
  /**
   * Maintenance exclusions for the cluster.
   * @default []
   */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * SHA-256 of the recipe's slice controller manifest (RECIPE_SLICE_CONTROLLER_URL),
   * checked at plan time. The project could not obtain the file to pin it, so by
   * default it is the required Terraform variable `slice_controller_sha256`.
   * @default - the variable slice_controller_sha256 (no default)
   */
  readonly sliceControllerSha256?: string;
}

export class DynamicSlicingPlatform extends Construct {
  public readonly env: GcpEnvironment;
  public readonly network: TpuNetwork;
  public readonly cluster: SliceControllerCluster;
  public readonly pool: SuperslicePool;
  public readonly namespace: K8sNamespace;
  public readonly kueue: KueueStack;

  constructor(scope: Construct, id: string, props: DynamicSlicingPlatformProps = {}) {
    super(scope, id);
    this.env = new GcpEnvironment(scope, 'Environment', { zone: 'us-central1-ai1a' });
    const reservationName = stringVariable(scope, 'reservation_name', {
      description: 'Name of the TPU7x All Capacity mode reservation.',
      pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter)',
    }).stringValue;
    const reservationProject = stringVariable(scope, 'reservation_project', {
      description: 'Project that owns the reservation (shared reservations); empty means project_id.', default: '',
      // It becomes projects/<project>/reservations/...: an ID, not a name or number.
      pattern: '(([a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])?',
      patternHint: 'empty (= project_id) or the ID of the project that owns the reservation (6-30 lowercase letters, digits, hyphens)',
    }).stringValue;
    const reservationBlock = stringVariable(scope, 'reservation_block', {
      description: 'Reservation block the cubes are carved from.', default: 'block-0',
      pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation block name such as block-0 (1-63 lowercase letters, digits, hyphens)',
    }).stringValue;
    const namespace = namespaceVariable(scope, 'Kubernetes namespace of the workloads (LocalQueue lq).', 'llm-d-pd-disaggregation');
    const deletionProtection = deletionProtectionVariable(scope);
    const sliceControllerSha256 = props.sliceControllerSha256 ?? stringVariable(scope, 'slice_controller_sha256', {
      description: `SHA-256 of the slice controller manifest, checked when plan downloads it: \`curl -sL ${RECIPE_SLICE_CONTROLLER_URL} | sha256sum\`, after reviewing the file.`,
      pattern: '[0-9a-f]{64}', patternHint: '64 lowercase hex characters (sha256sum output)',
    }).stringValue;

    GoogleProviders.configure(scope, { project: this.env.projectId, region: this.env.region });
    this.network = new TpuNetwork(this, 'Network', { region: this.env.region, namePrefix: props.networkPrefix ?? 'qwen-serving' });
    this.cluster = new SliceControllerCluster(this, 'Cluster', {
      project: this.env.projectId,
      region: this.env.region,
      network: this.network,
      name: props.clusterName,
      version: props.gkeVersion,
      maintenanceExclusions: props.maintenanceExclusions,
      deletionProtection: deletionProtection.booleanValue,
    });
    ClusterProviders.configure(scope, { cluster: this.cluster, baseDependencies: [this.cluster.systemNodePool] });

    this.pool = new SuperslicePool(this, 'Superslice', {
      cluster: this.cluster,
      region: this.env.region,
      zone: this.env.zone,
      cubes: props.cubes,
      reservation: ReservationAffinity.specific({
        project: orDefault(reservationProject, this.env.projectId),
        name: reservationName,
        block: reservationBlock,
      }),
    });
    this.namespace = new K8sNamespace(this, 'WorkloadNamespace', { name: namespace, cluster: this.cluster });
    this.kueue = new KueueStack(this, 'Kueue', {
      cluster: this.cluster, platform: this.pool, workloadNamespace: this.namespace, sliceController: recipeSliceController(sliceControllerSha256),
    });
    clusterOutputs(scope, this.cluster);
  }
}
