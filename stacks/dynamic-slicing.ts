import { Construct } from 'constructs';
import {
  CapacityKind,
  capacityKindFromContext,
  clusterOutputs,
  deletionProtectionVariable,
  DynamicSlicingPlatform,
  GcpEnvironment,
  GkeVersionSelection,
  GoogleProviders,
  MaintenanceExclusion,
  namespaceVariable,
  orDefault,
  ReservationAffinity,
  Seed000,
  stringVariable,
} from 'tpu-gke-cdktf';

/** What the two dynamic-slicing stacks (seed 000) let a user change; every default is the seed's value. */
export interface SeedDynamicSlicingProps {
  /**
   * Cluster name.
   * @default Seed000.CLUSTER_NAME ("tpu-serving-cluster")
   */
  readonly clusterName?: string;
  /**
   * Network name prefix.
   * @default Seed000.NETWORK_PREFIX ("qwen-serving")
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
   * @default Seed000.CUBES (2)
   */
  readonly cubes?: number;
  /**
   * Maintenance exclusions for the cluster.
   * @default []
   */
  readonly maintenanceExclusions?: readonly MaintenanceExclusion[];
  /**
   * SHA-256 of the recipe's slice controller manifest (Seed000.SLICE_CONTROLLER_URL),
   * checked at plan time. The project could not obtain the file to pin it, so by
   * default it is the required Terraform variable `slice_controller_sha256`.
   * @default - the variable slice_controller_sha256 (no default)
   */
  readonly sliceControllerSha256?: string;
}

/**
 * The seed's inputs as Terraform variables (project, zone, reservation, namespace,
 * deletion protection, the slice controller's SHA-256), the Google providers, the
 * {@link DynamicSlicingPlatform} with the seed's names, and the cluster outputs.
 */
export function seedDynamicSlicingPlatform(stack: Construct, props: SeedDynamicSlicingProps): DynamicSlicingPlatform {
  // The context key `capacity` can only confirm the seed's mode: dynamic slicing carves
  // PROVISION_ONLY cubes out of an All Capacity mode reservation block.
  capacityKindFromContext(stack, CapacityKind.RESERVATION, [CapacityKind.RESERVATION]);
  const env = new GcpEnvironment(stack, 'Environment', { zone: 'us-central1-ai1a' });
  const reservationName = stringVariable(stack, 'reservation_name', {
    description: 'Name of the TPU7x All Capacity mode reservation.',
    pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation name (1-63 lowercase letters, digits, hyphens; starts with a letter)',
  }).stringValue;
  const reservationProject = stringVariable(stack, 'reservation_project', {
    description: 'Project that owns the reservation (shared reservations); empty means project_id.', default: '',
    // It becomes projects/<project>/reservations/...: an ID, not a name or number.
    pattern: '(([a-z][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])?',
    patternHint: 'empty (= project_id) or the ID of the project that owns the reservation (6-30 lowercase letters, digits, hyphens)',
  }).stringValue;
  const reservationBlock = stringVariable(stack, 'reservation_block', {
    description: 'Reservation block the cubes are carved from.', default: 'block-0',
    pattern: '[a-z]([-a-z0-9]{0,61}[a-z0-9])?', patternHint: 'a reservation block name such as block-0 (1-63 lowercase letters, digits, hyphens)',
  }).stringValue;
  const namespace = namespaceVariable(stack, `Kubernetes namespace of the workloads (LocalQueue ${Seed000.KUEUE_NAMES.localQueue}).`, Seed000.NAMESPACE);
  const deletionProtection = deletionProtectionVariable(stack);
  const sliceControllerSha256 = props.sliceControllerSha256 ?? stringVariable(stack, 'slice_controller_sha256', {
    description: `SHA-256 of the slice controller manifest, checked when plan downloads it: \`curl -sL ${Seed000.SLICE_CONTROLLER_URL} | sha256sum\`, after reviewing the file.`,
    pattern: '[0-9a-f]{64}', patternHint: '64 lowercase hex characters (sha256sum output)',
  }).stringValue;

  GoogleProviders.configure(stack, { project: env.projectId, region: env.region });
  const platform = new DynamicSlicingPlatform(stack, 'Platform', {
    project: env.projectId,
    region: env.region,
    zone: env.zone,
    reservation: ReservationAffinity.specific({ project: orDefault(reservationProject, env.projectId), name: reservationName, block: reservationBlock }),
    sliceController: Seed000.sliceController(sliceControllerSha256),
    namespace,
    clusterName: props.clusterName ?? Seed000.CLUSTER_NAME,
    networkPrefix: props.networkPrefix ?? Seed000.NETWORK_PREFIX,
    gkeVersion: props.gkeVersion,
    cubes: props.cubes ?? Seed000.CUBES,
    poolNamePrefix: Seed000.POOL_NAME_PREFIX,
    workloadPolicyName: Seed000.WORKLOAD_POLICY_NAME,
    kueueNames: Seed000.KUEUE_NAMES,
    systemMachineType: Seed000.SYSTEM_MACHINE_TYPE,
    priorities: Seed000.WORKLOAD_PRIORITIES,
    maintenanceExclusions: props.maintenanceExclusions,
    deletionProtection: deletionProtection.booleanValue,
  });
  clusterOutputs(stack, platform.cluster);
  return platform;
}
