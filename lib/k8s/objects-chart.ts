/**
 * The project-owned carrier chart (`charts/k8s-objects`), copied into each stack's
 * output as a Terraform asset so the synthesized stack is self-contained.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { Errors } from '../errors';

const ID = 'K8sObjectsChart';

/** Finds `charts/k8s-objects` walking up from this file (works from lib/, dist/lib/ and an installed package). */
export function objectsChartDirectory(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'charts', 'k8s-objects');
    if (fs.existsSync(path.join(candidate, 'Chart.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw Errors.chartNotFound(__dirname);
    dir = parent;
  }
}

/** Per-stack singleton asset of the carrier chart. */
export class ObjectsChart extends Construct {
  public static of(scope: Construct): ObjectsChart {
    const stack = TerraformStack.of(scope);
    const found = stack.node.tryFindChild(ID);
    return found instanceof ObjectsChart ? found : new ObjectsChart(stack);
  }

  /** Chart path relative to the stack directory, for `helm_release.chart`. */
  public readonly path: string;

  private constructor(scope: TerraformStack) {
    super(scope, ID);
    const asset = new TerraformAsset(this, 'Asset', { path: objectsChartDirectory(), type: AssetType.DIRECTORY });
    this.path = `./${asset.path}`;
  }
}
