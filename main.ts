/**
 * The app: one stack per scenario, each with the seed's values as defaults.
 * `npm run synth` (or `cdktf synth`) writes every stack to cdktf.out/.
 */
import { App } from 'cdktf';
import { createStacks } from './stacks/app';
import { describeStateBackend } from './lib/stack/backend';

const app = new App({ outdir: process.env.CDKTF_OUTDIR || 'cdktf.out' });
createStacks(app);
app.synth();
// Say where state goes: local state is a legitimate default for a trial, but never a silent one.
process.stderr.write(`${describeStateBackend()}\n`);
