import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { Errors } from '../errors';
import { COMPUTE_CLASS_LABEL, computeClass } from '../k8s/compute-class';
import { ManifestRelease } from '../k8s/manifest-release';
import { K8sObject, Labels, TPU_TOLERATION, Toleration } from '../k8s/types';
import { TpuMachineType } from '../tpu/tpu-machine-type';
import { NameRules, validateName } from '../util/names';
import { CapacityKind, CapacityMode } from './capacity-mode';
import { IGkeCluster } from './gke-cluster';
import { GkeFeatureVersions } from './gke-version';
import { TaintEffect } from './node-pool-options';
import { TpuNodePool } from './tpu-node-pool';
import { TpuPoolGroup } from './tpu-pool-group';

/** Fallback order of the capacity modes: committed capacity first, preemptible last. */
export const FALLBACK_ORDER: readonly CapacityKind[] = [
  CapacityKind.RESERVATION, CapacityKind.ANY_RESERVATION, CapacityKind.ON_DEMAND, CapacityKind.FLEX_START, CapacityKind.SPOT,
];

/** One step of a fallback chain. */
export interface FallbackStep {
  /** How the step's pool obtains its VMs (not queued provisioning: serving pods are not Kueue workloads). */
  readonly capacityMode: CapacityMode;
  /** Most nodes of the step's pool. */
  readonly maxNodes: number;
  /**
   * Nodes kept when idle (flex-start steps must stay 0).
   * @default 0
   */
  readonly minNodes?: number;
}

/** Props of {@link TpuFallbackComputeClass}. */
export interface TpuFallbackComputeClassProps {
  /** GKE Standard cluster. */
  readonly cluster: IGkeCluster;
  /** ComputeClass name (also the node label/taint value and the pools' name prefix). */
  readonly name: string;
  /** Zone of the pools. */
  readonly zone: string;
  /** Single-host TPU machine type of every step, e.g. `ct6e-standard-4t`. */
  readonly machineType: TpuMachineType | string;
  /** Steps in fallback order: reservation → on-demand → flex-start → spot (any subset, in that order). */
  readonly steps: readonly FallbackStep[];
  /**
   * Helm release that ships the ComputeClass object.
   * @default "compute-class-<name>"
   */
  readonly releaseName?: string;
}

/**
 * TPU serving capacity that falls back automatically: one autoscaled single-host
 * TPU pool per capacity mode (`<name>-<mode>`), each labelled and tainted
 * `cloud.google.com/compute-class=<name>`, and a ComputeClass whose priorities list
 * the pools in the order reservation → on-demand → flex-start → spot, so pods land
 * on the cheapest committed capacity and fall back when it is full. Each pool's
 * mode is checked like any pool's ({@link CapacityMode}); the chain must follow the
 * order, each mode once, and queued provisioning is not a step (serving pods are
 * not Kueue workloads).
 */
export class TpuFallbackComputeClass extends Construct implements ITerraformDependable {
  public readonly name: string;
  /** Pools in fallback order. */
  public readonly pools: readonly TpuNodePool[];
  /** The pools as one platform (capacity at their maximum sizes). */
  public readonly group: TpuPoolGroup;
  public readonly object: K8sObject;
  public readonly release: ManifestRelease;
  /** Pod nodeSelector that selects the class. */
  public readonly nodeSelector: Labels;
  /** Toleration for GKE's TPU taint. */
  public readonly tolerations: readonly Toleration[] = [TPU_TOLERATION];

  constructor(scope: Construct, id: string, props: TpuFallbackComputeClassProps) {
    super(scope, id);
    this.name = validateName(NameRules.K8S_DNS_LABEL, props.name, 'ComputeClass');
    props.cluster.requireVersion('custom ComputeClasses', GkeFeatureVersions.CUSTOM_COMPUTE_CLASSES);
    if (!props.steps.length) throw Errors.missingProp(`TpuFallbackComputeClass "${this.name}"`, 'steps', 'a fallback chain needs at least one capacity mode');
    let last = -1;
    for (const step of props.steps) {
      const at = FALLBACK_ORDER.indexOf(step.capacityMode.kind);
      if (at < 0 || at <= last) {
        throw Errors.capacityRule(`TpuFallbackComputeClass "${this.name}" step ${step.capacityMode.kind}`,
          at < 0 ? 'is not a fallback step' : 'is out of order or repeated',
          `each of ${FALLBACK_ORDER.join(' → ')} at most once, in that order`,
          'list the steps from committed capacity (reservation) to preemptible (spot); use a KueueStack for queued provisioning');
      }
      last = at;
    }
    const labels = { [COMPUTE_CLASS_LABEL]: this.name };
    this.pools = props.steps.map((step) => new TpuNodePool(this, `Pool-${step.capacityMode.kind}`, {
      cluster: props.cluster,
      name: `${this.name}-${step.capacityMode.kind}`,
      machineType: props.machineType,
      zone: props.zone,
      capacityMode: step.capacityMode,
      autoscaling: { minNodes: step.minNodes ?? 0, maxNodes: step.maxNodes, initialNodes: step.minNodes ?? 0 },
      labels,
      taints: [{ key: COMPUTE_CLASS_LABEL, value: this.name, effect: TaintEffect.NO_SCHEDULE }],
    }));
    this.group = new TpuPoolGroup(`ComputeClass ${this.name}`, this.pools, { mixedCapacityModes: true });
    this.nodeSelector = labels;
    this.object = computeClass({
      name: this.name,
      priorities: this.pools.map((p) => ({ nodepools: [p.name] })),
      whenUnsatisfiable: 'DoNotScaleUp',
    });
    this.release = new ManifestRelease(this, 'Release', {
      cluster: props.cluster,
      releaseName: props.releaseName ?? `compute-class-${this.name}`,
      objects: [this.object],
      dependsOn: this.pools,
    });
  }

  public get fqn(): string {
    return this.release.fqn;
  }
}
