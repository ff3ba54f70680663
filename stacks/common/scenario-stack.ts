import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { configureBackend } from './backend';

/** Set to `1` to run cdktf's preparing resolve pass anyway (debugging). */
export const PREPARE_PASS_ENV = 'TPU_GKE_PREPARE_PASS';

/**
 * Base of every scenario stack: configures the state backend and skips cdktf's
 * preparing resolve pass.
 *
 * Before synthesizing, cdktf resolves every element of a stack once just to find
 * cross-stack references (and to add a default backend). These stacks are
 * self-contained (no cross-stack references) and always configure a backend, so
 * that pass only repeats work: skipping it cuts synth time by about a third. A
 * test synthesizes every stack both ways and requires identical output.
 */
export abstract class ScenarioStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    configureBackend(this);
  }

  public prepareStack(): void {
    if (process.env[PREPARE_PASS_ENV] === '1') super.prepareStack();
  }
}
