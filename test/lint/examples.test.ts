/**
 * The example consumer repos under examples/ are built like an adopter's: the packed
 * library by its tarball, the peers at the versions the library is tested with, and
 * sources that import only the package's public API. `.ci/examples-check.sh` installs,
 * compiles, synthesizes and verifies them for real; this test keeps their declarations
 * honest offline.
 */
import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';
import { importSpecifiers } from '../helpers/sources';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const examples = fs.readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && fs.existsSync(path.join(root, 'examples', e.name, 'package.json')))
  .map((e) => e.name);

/**
 * What an example's source may import: the package by name, cdktf, constructs, Node
 * built-ins, and its own files (relative paths that stay inside the example).
 */
function disallowedImports(source: string, file = '/example/stacks/a.ts', exampleDir = '/example'): string[] {
  return importSpecifiers(source).filter((s) => !(s === 'tpu-gke-cdktf' || s === 'cdktf' || s === 'constructs' || builtinModules.includes(s)
    || (s.startsWith('.') && !path.relative(exampleDir, path.resolve(path.dirname(file), s)).startsWith('..'))));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', 'dist', 'cdktf.out'].includes(e.name)) return [];
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sources(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

test('there is an example platform repo', () => expect(examples).toContain('platform'));

describe.each(examples.map((e) => [e]))('examples/%s', (name) => {
  const dir = path.join(root, 'examples', name);
  const example = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

  test('depends on the packed tarball (npm pack at the repository root), never on source paths', () => {
    expect(example.dependencies['tpu-gke-cdktf']).toBe(`file:../../${pkg.name}-${pkg.version}.tgz`);
  });

  test('pins the peers and the TypeScript toolchain at the versions the library is tested with', () => {
    const deps = { ...example.dependencies, ...example.devDependencies };
    for (const peer of [...Object.keys(pkg.peerDependencies), 'typescript', '@types/node']) {
      expect([peer, deps[peer]]).toEqual([peer, pkg.devDependencies[peer]]);
    }
  });

  test('compiles with strict TypeScript', () => {
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(tsconfig.compilerOptions.paths).toBeUndefined();
  });

  test.each(sources(dir).map((f) => [path.relative(dir, f)]))('%s imports only tpu-gke-cdktf, its peers, Node built-ins and its own files', (file) => {
    expect(disallowedImports(fs.readFileSync(path.join(dir, file), 'utf8'), path.join(dir, file), dir)).toEqual([]);
  });
});

test('the import rule rejects source paths, deep package paths and providers', () => {
  expect(disallowedImports("import { GkeCluster } from '../../../lib/gke/gke-cluster';")).toEqual(['../../../lib/gke/gke-cluster']);
  expect(disallowedImports("import { x } from 'tpu-gke-cdktf/dist/lib/gke/gke-cluster';")).toEqual(['tpu-gke-cdktf/dist/lib/gke/gke-cluster']);
  expect(disallowedImports("import { x } from '../../stacks/subslicing';")).toEqual(['../../stacks/subslicing']);
  expect(disallowedImports("import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';")).toEqual(['@cdktf/provider-google/lib/container-cluster']);
  expect(disallowedImports("import * as fs from 'fs';\nimport { PLATFORM } from '../config';\nimport { App } from 'cdktf';")).toEqual([]);
});
