import * as fs from 'fs';
import * as path from 'path';
import { root, sources } from '../helpers/sources';

/**
 * Global patches an importer of the library (or the app's users) would inherit:
 * replacing Node's stack-trace capture or module loader, or overriding cdktf's
 * synthesis passes (skipping the preparing pass silently breaks cross-stack references).
 */
const PATCHES: readonly [string, RegExp][] = [
  ['Error.captureStackTrace replaced', /Error\.captureStackTrace\s*=[^=]/],
  ['Module._load replaced', /\._load\s*=[^=]/],
  ['Module._extensions replaced', /extensions\s*\[\s*['"]\.[a-z]+['"]\s*\]\s*=[^=]/],
  ['Module.prototype._compile replaced', /_compile\s*=[^=]/],
  ["cdktf's prepareStack overridden", /^\s*(public\s+|protected\s+)?prepareStack\s*\(/m],
];

function patchesIn(source: string): string[] {
  return PATCHES.filter(([, pattern]) => pattern.test(source)).map(([what]) => what);
}

describe('no patching of Node or cdktf internals (app, library, stacks, scripts)', () => {
  const files = ['main.ts', 'lib', 'stacks', 'scripts', 'bench'].flatMap(sources);

  test('there are sources to check', () => expect(files.length).toBeGreaterThan(20));

  test.each(files.map((f) => [path.relative(root, f)]))('%s', (file) => {
    expect(patchesIn(fs.readFileSync(path.join(root, file), 'utf8'))).toEqual([]);
  });

  test('the rules catch each patch', () => {
    expect(patchesIn('Error.captureStackTrace = function () {};')).toEqual(['Error.captureStackTrace replaced']);
    expect(patchesIn('loader._load = function lazy() {};')).toEqual(['Module._load replaced']);
    expect(patchesIn("extensions['.js'] = function () {};")).toEqual(['Module._extensions replaced']);
    expect(patchesIn('Module.prototype._compile = f;')).toEqual(['Module.prototype._compile replaced']);
    expect(patchesIn('class S extends TerraformStack {\n  public prepareStack(): void {}\n}')).toEqual(["cdktf's prepareStack overridden"]);
    expect(patchesIn('Error.captureStackTrace(this, E); if (a._load === b) {}')).toEqual([]);
  });
});
