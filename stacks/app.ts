/**
 * Every stack of the app with the seeds' values as defaults. main.ts synthesizes
 * them; tests and the benchmark build the same list.
 */
import { App, TerraformStack } from 'cdktf';
import { SubslicingStack } from './subslicing';
import { SuperslicingStack } from './superslicing';

export function createStacks(app: App): TerraformStack[] {
  return [
    new SubslicingStack(app, 'subslicing'),
    new SuperslicingStack(app, 'superslicing'),
  ];
}
