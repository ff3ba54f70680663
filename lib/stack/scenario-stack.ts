import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { adoptExistingResources } from './adopt-existing';
import { configureBackend } from './backend';

/**
 * Base of every scenario stack: a plain TerraformStack that configures the state
 * backend, and with the context key `adoptExisting` imports the resources a
 * seed's scripts created (see adopt-existing.ts). cdktf's own synthesis runs
 * unchanged (including its preparing pass, which resolves cross-stack references).
 */
export abstract class ScenarioStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    configureBackend(this);
    adoptExistingResources(this);
  }
}
