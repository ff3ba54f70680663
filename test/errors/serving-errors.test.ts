import { TpuGkeError } from '../../lib/errors';
import { TpuSliceTarget } from '../../lib/serving/tpu-slice-target';
import { rayLlm, servingFixture, servingParts } from '../serving/fixture';
import { errorOf, testStack, withCluster } from '../helpers/synth';

function thrown(fn: () => unknown): TpuGkeError {
  try {
    fn();
  } catch (e) {
    return e as TpuGkeError;
  }
  throw new Error('expected an error, but none was thrown');
}

describe('Ray LLM serving errors', () => {
  test('stable codes', () => {
    expect(thrown(() => rayLlm(servingFixture(), { tensorParallelSize: 4 })).code).toBe('TENSOR_PARALLEL_MISMATCH');
    expect(thrown(() => rayLlm(servingFixture(), { numOfHosts: 8 })).code).toBe('PODS_DO_NOT_COVER_SLICE');
    const f = servingFixture();
    rayLlm(f);
    expect(thrown(() => rayLlm(f, { name: 'again' }, 'Again')).code).toBe('CAPACITY_EXCEEDED');
  });

  test('a Ray accelerator type is needed for generations Ray has no name for here', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { minVersion: '1.36.0-gke.3712000' });
    const tpu = TpuSliceTarget.computeClass({ cluster, machineType: 'tpu7x-standard-4t', topology: '2x2x2', managedDranet: false });
    expect(errorOf(() => rayLlm(servingParts(stack, cluster), { tpu }))).toBe(
      'Ray accelerator type for TPU generation "tpu7x" is not supported. Allowed: "v5e", "v5p", "v6e". Fix: pass `acceleratorType` with the name your Ray version uses for this generation');
  });

  test('single-host slices: the catalog still rejects a topology GKE would reject', () => {
    const stack = testStack();
    const { cluster } = withCluster(stack, { minVersion: '1.35.2-gke.1842000' });
    expect(errorOf(() => TpuSliceTarget.computeClass({ cluster, machineType: 'ct6e-standard-4t', topology: '2x2' }))).toBe(
      'TPU topology "2x2" on a single-host ct6e-standard-4t pool is rejected by GKE. Allowed: no topology on this single-host pool. Fix: omit the topology; the machine type alone defines the single-host slice');
  });
});
