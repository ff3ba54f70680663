/**
 * The synth-time checks every prefill/decode deployment shares: tensor
 * parallelism uses exactly a replica's TensorCores, and all replicas fit the
 * platform's capacity (claimed on its ledger, next to everything else the stack
 * schedules there).
 */
import { Errors } from '../../errors';
import { ITpuPlatform } from '../../gke/tpu-platform';
import { Labels } from '../../k8s/types';
import { PdRole } from '../vllm-tpu';

/** How big one side of the split is. */
export interface PdRoleSizing {
  /** Prefill or decode. */
  readonly role: PdRole;
  /** Workload name, for messages and the capacity ledger. */
  readonly workload: string;
  /** Model replicas. */
  readonly replicas: number;
  /** TPU chips one replica spans (one pod, or one LeaderWorkerSet group). */
  readonly chipsPerReplica: number;
  /** vLLM tensor parallel size of a replica. */
  readonly tensorParallelSize: number;
}

/** Checks tensor parallelism and replica counts, then claims the chips of every role on the platform's ledger. */
export function claimPdCapacity(platform: ITpuPlatform, roles: readonly PdRoleSizing[]): void {
  const generation = platform.capacity.generation;
  for (const r of roles) {
    if (!Number.isInteger(r.replicas) || r.replicas < 0) {
      throw Errors.outOfRange(`${r.role.name} replicas of "${r.workload}"`, r.replicas, 'an integer >= 0', 'set the number of model replicas');
    }
    const tensorCores = r.chipsPerReplica * generation.tensorCoresPerChip;
    if (r.tensorParallelSize !== tensorCores) {
      throw Errors.tensorParallelNotTensorCores(r.workload, r.tensorParallelSize, r.chipsPerReplica, generation.name, tensorCores);
    }
  }
  for (const r of roles) platform.ledger.claim(r.workload, r.replicas * r.chipsPerReplica, generation);
}

/** Node selector of a platform: its own when it has one, else its accelerator and single-host topology. */
export function platformNodeSelector(platform: ITpuPlatform): Labels {
  const own = (platform as { readonly nodeSelector?: Labels }).nodeSelector;
  if (own) return own;
  return {
    'cloud.google.com/gke-tpu-accelerator': platform.capacity.generation.acceleratorLabel,
    'cloud.google.com/gke-tpu-topology': platform.machineType.singleHostTopology.toString(),
  };
}

/** Throws NODE_SELECTOR_MATCHES_NO_POOL when `selector` sets a TPU label the platform's nodes do not carry. */
export function checkNodeSelector(workload: string, selector: Labels, platform: ITpuPlatform): void {
  const nodes = platformNodeSelector(platform);
  for (const [key, value] of Object.entries(selector)) {
    if (key in nodes && nodes[key] !== value) throw Errors.nodeSelectorMatchesNoPool(workload, key, value, nodes[key]);
  }
}

/** Throws SELECTOR_MISSES_MODEL_SERVERS when the pool selector asks for a label the model servers do not carry. */
export function checkPoolSelector(pool: string, selector: Labels, podLabels: Labels, idlePodLabels: readonly Labels[] = []): void {
  const describe = (labels: Labels) => Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ');
  for (const [key, value] of Object.entries(selector)) {
    if (podLabels[key] !== value) throw Errors.selectorMissesModelServers(pool, key, value, describe(podLabels));
  }
  for (const idle of idlePodLabels) {
    if (Object.entries(selector).every(([key, value]) => idle[key] === value)) {
      throw Errors.selectorMatchesIdlePods(pool, describe(selector), describe(idle));
    }
  }
}
