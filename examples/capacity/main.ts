import { App } from 'cdktf';
import { FallbackTpuStack } from './stacks/fallback-tpu';
import { FlexStartTpuStack } from './stacks/flex-start-tpu';
import { QueuedProvisioningTpuStack } from './stacks/queued-provisioning-tpu';
import { SpotTpuStack } from './stacks/spot-tpu';

const app = new App();
new SpotTpuStack(app, 'spot-tpu');
new FlexStartTpuStack(app, 'flex-start-tpu');
new QueuedProvisioningTpuStack(app, 'queued-provisioning-tpu');
new FallbackTpuStack(app, 'fallback-tpu');
app.synth();
