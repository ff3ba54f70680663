/**
 * Builder for GKE custom ComputeClasses (`cloud.google.com/v1`, cluster-scoped;
 * CRD installed by GKE). The CRD's CEL rules are not checked by schema
 * validation, so the builder checks the ones that apply to the fields it writes.
 */
import { Errors } from '../errors';
import { K8sObject, Labels } from './types';
import { TpuMachineType } from '../tpu/tpu-machine-type';

/** Node label (and pod nodeSelector key) that selects a ComputeClass. */
export const COMPUTE_CLASS_LABEL = 'cloud.google.com/compute-class';

/** One rule of a ComputeClass, tried in order. */
export interface ComputeClassPriority {
  /**
   * Exact machine type, e.g. `ct6e-standard-4t`.
   * @default - any (or `machineFamily`)
   */
  readonly machineType?: string;
  /**
   * Machine family, e.g. `n4` (not together with `machineType`).
   * @default - any
   */
  readonly machineFamily?: string;
  /**
   * Accelerator network profile: `auto` or `auto-<suffix>` (GKE managed DRANET networks).
   * @default - none
   */
  readonly acceleratorNetworkProfile?: string;
  /**
   * TPU type, chips per node and topology.
   * @default - none
   */
  readonly tpu?: { readonly type: string; readonly count: number; readonly topology: string };
  /**
   * Spot VMs.
   * @default - not set
   */
  readonly spot?: boolean;
  /**
   * GPU type, GPUs per node and driver version (`gpu`).
   * @default - none
   */
  readonly gpu?: ComputeClassGpu;
  /**
   * Names of existing (manually created) node pools (`nodepools`). The CRD accepts
   * nothing else in a priority that sets this.
   * @default - none
   */
  readonly nodepools?: readonly string[];
}

/** The `gpu` block of a ComputeClass priority. */
export interface ComputeClassGpu {
  /** Accelerator type, e.g. `nvidia-l4`. */
  readonly type: string;
  /** GPUs per node. */
  readonly count: number;
  /**
   * Driver GKE installs.
   * @default - GKE default (`default`)
   */
  readonly driverVersion?: 'default' | 'latest';
}

/** Options of {@link computeClass}. */
export interface ComputeClassOptions {
  /** Class name; pods select it with `nodeSelector: {cloud.google.com/compute-class: <name>}`. */
  readonly name: string;
  /**
   * Labels.
   * @default {}
   */
  readonly labels?: Labels;
  /** Rules in order of preference. */
  readonly priorities: readonly ComputeClassPriority[];
  /**
   * Let GKE create node pools for the class (needed on Autopilot for hardware it does not run yet).
   * @default false
   */
  readonly nodePoolAutoCreation?: boolean;
  /**
   * DRA networking on the nodes the class creates (`nodePoolConfig.dra.networking`).
   * @default false
   */
  readonly draNetworking?: boolean;
  /**
   * What the autoscaler does when no rule can be met.
   * @default - GKE default (`DoNotScaleUp`)
   */
  readonly whenUnsatisfiable?: 'ScaleUpAnyway' | 'DoNotScaleUp';
  /**
   * Active migration (`activeMigration.optimizeRulePriority`): move workloads to a
   * higher-priority rule when its capacity becomes available (evicts the pods).
   * @default - not set (GKE default: false)
   */
  readonly optimizeRulePriority?: boolean;
}

function checkPriority(className: string, p: ComputeClassPriority, index: number): void {
  const what = `ComputeClass "${className}" priority ${index + 1}`;
  if (p.machineType && p.machineFamily) {
    throw Errors.invalidValue(`${what} machineFamily`, p.machineFamily, ['machineType or machineFamily, not both'], 'remove machineFamily or machineType');
  }
  const anp = p.acceleratorNetworkProfile;
  if (anp !== undefined && anp !== 'auto' && !anp.startsWith('auto-')) {
    throw Errors.invalidValue(`${what} acceleratorNetworkProfile`, anp, ['auto', 'auto-<suffix>'], 'use "auto" for GKE managed DRANET');
  }
  if (p.nodepools !== undefined) {
    const others = Object.entries(p).filter(([k, v]) => k !== 'nodepools' && v !== undefined).map(([k]) => k).sort();
    if (others.length) throw Errors.computeClassNodepoolsNotAlone(className, index + 1, others);
  }
}

/** How a priority reads in the TPU mixing error. */
function ruleKind(p: ComputeClassPriority): string {
  if (p.gpu) return `GPU (${p.gpu.type})`;
  const machine = p.machineType ?? p.machineFamily;
  return machine ? `machine (${machine})` : 'non-TPU';
}

/** Machine families of the TPU catalog (`ct5lp`, `ct5p`, `ct6e`, `tpu7x`). */
const TPU_FAMILIES = new Set(TpuMachineType.ALL.map((m) => m.name.slice(0, m.name.indexOf('-'))));

/**
 * A TPU rule: a `tpu` block, or a TPU machine type or family (e.g. the DRANET
 * class's `machineType: ct6e-standard-4t`). Counting the latter is the cautious
 * reading of GKE's rule: it can only reject classes GKE might deny.
 */
function isTpuRule(p: ComputeClassPriority): boolean {
  const family = (p.machineType ?? '').split('-')[0] || p.machineFamily;
  return p.tpu !== undefined || (family !== undefined && TPU_FAMILIES.has(family));
}

/**
 * GKE's admission rule (custom-compute-class-limitation): once any priority is a
 * TPU rule, every priority must be a TPU rule or a `nodepools` rule. A TPU-then-GPU
 * fallback therefore has to be built from node pools (GKE Standard only).
 */
function checkTpuMixing(o: ComputeClassOptions): void {
  if (!o.priorities.some(isTpuRule)) return;
  o.priorities.forEach((p, i) => {
    if (!isTpuRule(p) && !p.nodepools) throw Errors.computeClassMixesTpu(o.name, i + 1, ruleKind(p));
  });
}

/** A cluster-scoped ComputeClass; throws on the CEL rule violations the builder knows. */
export function computeClass(o: ComputeClassOptions): K8sObject {
  o.priorities.forEach((p, i) => checkPriority(o.name, p, i));
  checkTpuMixing(o);
  return {
    apiVersion: 'cloud.google.com/v1',
    kind: 'ComputeClass',
    metadata: { name: o.name, ...(o.labels ? { labels: o.labels } : {}) },
    spec: {
      ...(o.nodePoolAutoCreation !== undefined ? { nodePoolAutoCreation: { enabled: o.nodePoolAutoCreation } } : {}),
      ...(o.draNetworking !== undefined ? { nodePoolConfig: { dra: { networking: { enabled: o.draNetworking } } } } : {}),
      ...(o.optimizeRulePriority !== undefined ? { activeMigration: { optimizeRulePriority: o.optimizeRulePriority } } : {}),
      priorities: o.priorities.map((p) => ({
        ...(p.nodepools ? { nodepools: [...p.nodepools] } : {}),
        ...(p.machineType ? { machineType: p.machineType } : {}),
        ...(p.machineFamily ? { machineFamily: p.machineFamily } : {}),
        ...(p.tpu ? { tpu: { type: p.tpu.type, count: p.tpu.count, topology: p.tpu.topology } } : {}),
        ...(p.gpu ? { gpu: { type: p.gpu.type, count: p.gpu.count, ...(p.gpu.driverVersion ? { driverVersion: p.gpu.driverVersion } : {}) } } : {}),
        ...(p.spot !== undefined ? { spot: p.spot } : {}),
        ...(p.acceleratorNetworkProfile ? { acceleratorNetworkProfile: p.acceleratorNetworkProfile } : {}),
      })),
      ...(o.whenUnsatisfiable ? { whenUnsatisfiable: o.whenUnsatisfiable } : {}),
    },
  };
}
