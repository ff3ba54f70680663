/**
 * The app: one stack per scenario, each with the seed's values as defaults.
 * `npm run synth` (or `cdktf synth`) writes every stack to cdktf.out/.
 */
import { App } from 'cdktf';
import { createStacks } from './stacks/app';

const app = new App({ outdir: process.env.CDKTF_OUTDIR || 'cdktf.out' });
createStacks(app);
app.synth();
