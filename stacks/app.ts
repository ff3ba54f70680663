/**
 * Every stack of the app with the seeds' values as defaults. main.ts synthesizes
 * them; tests and the benchmark build the same list.
 */
import { App, TerraformStack } from 'cdktf';
import { FungibilityStack } from './fungibility';
import { LlmdPdStack } from './llm-d-pd';
import { QwenPdStack } from './qwen-pd';
import { RayLlmClusterMode, RayLlmStack } from './ray-llm';
import { SubslicingStack } from './subslicing';
import { SuperslicingStack } from './superslicing';

export function createStacks(app: App): TerraformStack[] {
  return [
    new SubslicingStack(app, 'subslicing'),
    new SuperslicingStack(app, 'superslicing'),
    new RayLlmStack(app, 'ray-llm'),
    new RayLlmStack(app, 'ray-llm-autopilot', { mode: RayLlmClusterMode.AUTOPILOT }),
    new FungibilityStack(app, 'fungibility'),
    new LlmdPdStack(app, 'llm-d-pd'),
    new QwenPdStack(app, 'qwen-pd'),
  ];
}
