/**
 * The platform repo's app: every stack of the example, composed from the public
 * API of the packed tpu-gke-cdktf library. `npm run synth` writes cdktf.out/.
 */
import { App } from 'cdktf';
import { CapacityFallbackStack } from './stacks/capacity-fallback';
import { CapacityModeStack } from './stacks/capacity-modes';
import { FungibleServingStack } from './stacks/fungible-serving';
import { Tpu7xInferenceStack } from './stacks/tpu7x-inference';
import { TwoRegionServingStack } from './stacks/two-region-serving';
import { V5pTrainingStack } from './stacks/v5p-training';

const app = new App({ outdir: process.env.CDKTF_OUTDIR || 'cdktf.out' });
new Tpu7xInferenceStack(app, 'tpu7x-inference');
new V5pTrainingStack(app, 'v5p-training');
new TwoRegionServingStack(app, 'two-region-serving');
new FungibleServingStack(app, 'fungible-serving');
new CapacityModeStack(app, 'tpu-spot', { mode: 'spot' });
new CapacityModeStack(app, 'tpu-flex-start', { mode: 'flex-start' });
new CapacityModeStack(app, 'tpu-queued-provisioning', { mode: 'queued-provisioning' });
new CapacityFallbackStack(app, 'tpu-capacity-fallback');
app.synth();
