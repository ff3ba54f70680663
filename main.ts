/**
 * The app: one stack per scenario, each with the seed's values as defaults.
 * `npm run synth` (or `cdktf synth`) writes every stack to cdktf.out/.
 */
import { App } from 'cdktf';
import { SubslicingStack } from './stacks/subslicing';
import { SuperslicingStack } from './stacks/superslicing';

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
new SubslicingStack(app, 'subslicing');
new SuperslicingStack(app, 'superslicing');
app.synth();
