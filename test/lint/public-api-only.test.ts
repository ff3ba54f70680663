import * as fs from 'fs';
import * as path from 'path';
import { importSpecifiers } from '../helpers/sources';

const root = path.resolve(__dirname, '../..');
const stacksDir = path.join(root, 'stacks');

/** Module specifiers a recipe stack may import: the package by name, cdktf, constructs, and sibling recipe files. */
const ALLOWED = /^(tpu-gke-cdktf|cdktf|constructs|\.\/[a-z0-9-]+)$/;

function internalImports(source: string): string[] {
  return importSpecifiers(source).filter((s) => !ALLOWED.test(s));
}

describe('recipe stacks use only the public API, as an adopter would', () => {
  const files = fs.readdirSync(stacksDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  test('there are stacks to check', () => expect(files.length).toBeGreaterThanOrEqual(6));

  test.each(files.map((f) => [f]))('stacks/%s imports only tpu-gke-cdktf, cdktf, constructs and sibling stacks', (file) => {
    expect(internalImports(fs.readFileSync(path.join(stacksDir, file), 'utf8'))).toEqual([]);
  });

  test('the rule catches deep imports of the library and helpers outside the package', () => {
    expect(internalImports("import { GkeCluster } from '../lib/gke/gke-cluster';")).toEqual(['../lib/gke/gke-cluster']);
    expect(internalImports("import { x } from './common/variables';")).toEqual(['./common/variables']);
    expect(internalImports("import { x } from 'tpu-gke-cdktf/dist/lib/gke/gke-cluster';")).toEqual(['tpu-gke-cdktf/dist/lib/gke/gke-cluster']);
    expect(internalImports("const g = require('@cdktf/provider-google/lib/container-cluster');")).toEqual(['@cdktf/provider-google/lib/container-cluster']);
    expect(internalImports("import { SubslicingStack } from './subslicing';\nimport { App } from 'cdktf';\nimport { GkeCluster } from 'tpu-gke-cdktf';")).toEqual([]);
  });

  test('the package name resolves to the library entry point for stacks (tsconfig paths and package.json exports)', () => {
    const tsconfig = fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8');
    expect(tsconfig).toContain('"tpu-gke-cdktf": ["lib/index.ts"]');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('tpu-gke-cdktf');
    expect(pkg.exports['.'].default).toBe('./dist/lib/index.js');
  });
});
