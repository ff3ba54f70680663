import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../../errors';
import { IGkeCluster } from '../../gke/gke-cluster';
import { GkeFeatureVersions } from '../../gke/gke-version';
import { GpuNodePool } from '../../gke/gpu-node-pool';
import { NodeTaint, TaintEffect } from '../../gke/node-pool-options';
import { TpuNodePool } from '../../gke/tpu-node-pool';
import { COMPUTE_CLASS_LABEL, computeClass } from '../../k8s/compute-class';
import { ManifestRelease } from '../../k8s/manifest-release';
import { GPU_TOLERATION, K8sObject, Labels, TPU_TOLERATION, Toleration } from '../../k8s/types';
import { NameRules, validateName } from '../../util/names';
import { AcceleratorKind, CapacityTier, GpuCapacityTier, TpuCapacityTier } from './capacity-tier';

/** Props of {@link FungibleComputeClass}. */
export interface FungibleComputeClassProps {
  /** GKE Standard cluster the pools are added to. */
  readonly cluster: IGkeCluster;
  /** ComputeClass name; also the node label and taint value of every tier, e.g. `vllm-fallback`. */
  readonly name: string;
  /** Zone of the tiers' node pools (a tier can override it). */
  readonly zone: string;
  /** Capacity tiers, most preferred first. */
  readonly tiers: readonly CapacityTier[];
  /**
   * What the autoscaler does when no tier can grow: `DoNotScaleUp` leaves pods
   * Pending; `ScaleUpAnyway` lets GKE create a node outside the listed rules, which
   * for an accelerator workload is a node without the accelerator.
   * @default "DoNotScaleUp" (written explicitly: older GKE versions defaulted to ScaleUpAnyway)
   */
  readonly whenUnsatisfiable?: 'ScaleUpAnyway' | 'DoNotScaleUp';
  /**
   * Active migration (`activeMigration.optimizeRulePriority`): when a more preferred
   * tier has room again, GKE evicts pods from less preferred tiers so they reschedule
   * there. Each move restarts a replica (model reload), so use a PodDisruptionBudget.
   * @default - not set (GKE default: no migration)
   */
  readonly activeMigration?: boolean;
  /**
   * Helm release that ships the ComputeClass object.
   * @default "compute-class-<name>"
   */
  readonly releaseName?: string;
}

/** A tier with the node pool created for it. */
export interface FungibleTier {
  /** The tier as declared. */
  readonly tier: CapacityTier;
  /** 1-based position in the class (1 = most preferred). */
  readonly priority: number;
  /**
   * The TPU pool.
   * @default - none (GPU tier)
   */
  readonly tpuPool?: TpuNodePool;
  /**
   * The GPU pool.
   * @default - none (TPU tier)
   */
  readonly gpuPool?: GpuNodePool;
  /** Nodes at the pool's maximum size. */
  readonly maxNodes: number;
}

/**
 * GPU + TPU fungibility: one node pool per capacity tier, each labelled and tainted
 * `cloud.google.com/compute-class=<name>`, and a custom ComputeClass whose
 * priorities list the pools in tier order (`nodepools` rules). Pods that select the
 * class run on the first tier that has or can add a node, and fall back tier by tier.
 *
 * GKE denies a ComputeClass that mixes TPU rules with GPU (or any other machine)
 * rules, so a TPU-then-GPU class can only be built from node pools: this works on
 * GKE Standard and not on Autopilot.
 *
 * When GKE cannot get TPU capacity (stockout), falling back from a TPU tier to the
 * next tier can take up to 10 hours. Cap the TPU tier at capacity you hold
 * (`autoscaling.maxNodes`, a `reservation`), or list GPU tiers first and TPU last.
 */
export class FungibleComputeClass extends Construct implements ITerraformDependable {
  /** ComputeClass name. */
  public readonly name: string;
  /** The cluster the class and its tier pools are on. */
  public readonly cluster: IGkeCluster;
  /** Tiers in priority order, with their pools. */
  public readonly tiers: readonly FungibleTier[];
  /** The ComputeClass object. */
  public readonly object: K8sObject;
  /** The release that ships the ComputeClass (after every pool exists). */
  public readonly release: ManifestRelease;
  /** Pod nodeSelector that selects the class. */
  public readonly nodeSelector: Labels;
  /** Tolerations for the accelerator taints GKE puts on the tiers' nodes (GPU first, then TPU, as the seed lists them). */
  public readonly tolerations: readonly Toleration[];
  /** Nodes across all tiers at their maximum sizes. */
  public readonly maxNodes: number;

  constructor(scope: Construct, id: string, props: FungibleComputeClassProps) {
    super(scope, id);
    this.cluster = props.cluster;
    this.name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'ComputeClass');
    if (props.cluster.autopilot) throw Errors.fungibleOnAutopilot(this.name, props.cluster.name);
    props.cluster.requireVersion('custom ComputeClasses', GkeFeatureVersions.CUSTOM_COMPUTE_CLASSES);
    if (props.tiers.length === 0) throw Errors.noCapacityTiers(this.name);
    const seen = new Set<string>();
    for (const tier of props.tiers) {
      validateName(NameRules.GKE_NODE_POOL, tier.name, 'Capacity tier (GKE node pool)');
      if (seen.has(tier.name)) throw Errors.duplicateName('capacity tier', tier.name);
      seen.add(tier.name);
    }

    const labels = { [COMPUTE_CLASS_LABEL]: this.name };
    const taints: NodeTaint[] = [{ key: COMPUTE_CLASS_LABEL, value: this.name, effect: TaintEffect.NO_SCHEDULE }];
    this.tiers = props.tiers.map((tier, i) => this.createTier(tier, i + 1, props, labels, taints));
    this.maxNodes = this.tiers.reduce((sum, t) => sum + t.maxNodes, 0);
    this.nodeSelector = labels;
    this.tolerations = [
      ...(this.hasKind(AcceleratorKind.GPU) ? [GPU_TOLERATION] : []),
      ...(this.hasKind(AcceleratorKind.TPU) ? [TPU_TOLERATION] : []),
    ];

    this.object = computeClass({
      name: this.name,
      priorities: this.tiers.map((t) => ({ nodepools: [t.tier.name] })),
      whenUnsatisfiable: props.whenUnsatisfiable ?? 'DoNotScaleUp',
      optimizeRulePriority: props.activeMigration,
    });
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.cluster,
      releaseName: props.releaseName ?? `compute-class-${this.name}`,
      objects: [this.object],
      dependsOn: this.tiers.map((t) => (t.tpuPool ?? t.gpuPool)!),
    });
  }

  /** True when some tier carries accelerators of `kind`. */
  public hasKind(kind: AcceleratorKind): boolean {
    return this.tiers.some((t) => t.tier.kind === kind);
  }

  /** The TPU tiers with their pools, in priority order. */
  public get tpuTiers(): readonly FungibleTier[] {
    return this.tiers.filter((t) => t.tpuPool);
  }

  /** The GPU tiers with their pools, in priority order. */
  public get gpuTiers(): readonly FungibleTier[] {
    return this.tiers.filter((t) => t.gpuPool);
  }

  /** Workloads wait for the ComputeClass (which waits for every pool). */
  public get fqn(): string {
    return this.release.fqn;
  }

  private createTier(tier: CapacityTier, priority: number, props: FungibleComputeClassProps,
    labels: Labels, taints: readonly NodeTaint[]): FungibleTier {
    const common = {
      cluster: props.cluster,
      name: tier.name,
      zone: tier.props.zone ?? props.zone,
      labels,
      taints,
    };
    if (tier instanceof TpuCapacityTier) {
      const p = tier.props;
      const tpuPool = new TpuNodePool(this, tier.name, {
        ...common, machineType: tier.machineType, autoscaling: p.autoscaling, nodeCount: p.nodeCount,
        spot: p.spot, reservation: p.reservation, capacityMode: p.capacityMode,
      });
      return { tier, priority, tpuPool, maxNodes: tpuPool.nodeCount };
    }
    if (tier instanceof GpuCapacityTier) {
      const p = tier.props;
      const gpuPool = new GpuNodePool(this, tier.name, {
        ...common, machineType: p.machineType, accelerator: tier.accelerator, acceleratorCount: p.acceleratorCount,
        driverVersion: p.driverVersion, autoscaling: p.autoscaling, nodeCount: p.nodeCount, spot: p.spot, preemptible: p.preemptible,
        capacityMode: p.capacityMode,
      });
      return { tier, priority, gpuPool, maxNodes: gpuPool.nodeCount };
    }
    throw Errors.invalidValue(`Capacity tier "${tier.name}" kind`, String(tier.kind), ['tpu', 'gpu'], 'create tiers with CapacityTier.tpu() or CapacityTier.gpu()');
  }
}
