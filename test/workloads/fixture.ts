/**
 * Small stacks for the generic TPU workload tests: a cluster, TPU node pools of
 * any catalog shape, and optionally a Kueue stack.
 */
import * as path from 'path';
import { TerraformStack } from 'cdktf';
import { GkeCluster } from '../../lib/gke/gke-cluster';
import { ReservationAffinity } from '../../lib/gke/reservation-affinity';
import { SuperslicePool } from '../../lib/gke/superslice-pool';
import { TpuNodePool } from '../../lib/gke/tpu-node-pool';
import { K8sNamespace } from '../../lib/k8s/k8s-namespace';
import { KueueStack, recipeSliceController } from '../../lib/kueue/kueue-stack';
import { checkTerraformJson, Finding, SchemaRegistry } from '../../scripts/verify/k8s-objects';
import { Json, testStack, withCluster } from '../helpers/synth';

export interface WorkloadFixture {
  readonly stack: TerraformStack;
  readonly cluster: GkeCluster;
  /** Adds a TPU node pool named `name`. */
  pool(name: string, machineType: string, topology?: string, nodeCount?: number): TpuNodePool;
}

/** A stack with a cluster pinned to a GKE version new enough for dynamic slicing. */
export function workloadFixture(): WorkloadFixture {
  const stack = testStack();
  const { cluster } = withCluster(stack, { minVersion: '1.36.0-gke.3712000' });
  return {
    stack,
    cluster,
    pool: (name, machineType, topology, nodeCount) => new TpuNodePool(stack, name, { cluster, name, machineType, topology, nodeCount, zone: 'us-central1-b' }),
  };
}

/** Kueue with dynamic slicing on two tpu7x cubes, LocalQueue "lq" in namespace "training". */
export function dynamicSlicingQueue(f: WorkloadFixture): KueueStack {
  const platform = new SuperslicePool(f.stack, 'Superslice', {
    cluster: f.cluster, region: 'us-central1', zone: 'us-central1-ai1a', reservation: ReservationAffinity.specific({ name: 'r' }), cubes: 2,
  });
  const workloadNamespace = new K8sNamespace(f.stack, 'Ns', { name: 'training' });
  return new KueueStack(f.stack, 'Kueue', { cluster: f.cluster, platform, workloadNamespace, sliceController: recipeSliceController('5'.repeat(64)),
    dynamicSlicing: true, names: { localQueue: 'lq' } });
}

let registry: SchemaRegistry | undefined;

/** The project's offline Kubernetes check (scripts/verify/k8s-objects.ts) on a synthesized stack. */
export function verifyK8s(json: Json): Finding[] {
  registry ??= new SchemaRegistry(path.join(__dirname, '..', '..', 'schemas', 'k8s'));
  return checkTerraformJson(registry, json).findings;
}
