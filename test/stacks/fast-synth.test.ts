import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');

/** Runs `script` in a fresh node process after loading stacks/common/fast-synth.ts (transpiled). */
function runWithFastSynth(script: string): string {
  const source = fs.readFileSync(path.join(root, 'stacks/common/fast-synth.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false } }).outputText;
  return execFileSync(process.execPath, ['-e', `${js}\n${script}`], { cwd: root, encoding: 'utf8' });
}

describe('fast-synth start-up tweaks (app entry only)', () => {
  test('real errors keep their message and stack frames', () => {
    const out = runWithFastSynth(`function where() { return new Error('boom'); } console.log(where().stack);`);
    expect(out).toMatch(/^Error: boom\n {4}at where \(/);
  });

  test('errors that capture their own trace (custom error classes) still get it', () => {
    const out = runWithFastSynth(`class E extends Error { constructor() { super('custom'); Error.captureStackTrace(this, E); } }
      function make() { return new E(); } console.log(make().stack);`);
    expect(out).toMatch(/^Error: custom\n {4}at make \(/);
  });

  test("cdktf's trace holders (plain objects) get an empty trace", () => {
    const out = runWithFastSynth(`const o = { stack: '' }; Error.captureStackTrace(o); console.log(JSON.stringify(o.stack));`);
    expect(out.trim()).toBe('""');
  });

  test('archiver is loaded on first use and then behaves as the real module', () => {
    const out = runWithFastSynth(`
      const before = Object.keys(require.cache).some((k) => k.includes('/node_modules/archiver/'));
      const archiver = require('archiver');
      const stillLazy = !Object.keys(require.cache).some((k) => k.includes('/node_modules/archiver/'));
      const zip = archiver('zip');
      console.log(JSON.stringify({ before, stillLazy, hasPipe: typeof zip.pipe, isZipFormat: typeof archiver.isRegisteredFormat === 'function' && archiver.isRegisteredFormat('zip') }));`);
    expect(JSON.parse(out)).toEqual({ before: false, stillLazy: true, hasPipe: 'function', isZipFormat: true });
  });

  test('provider bindings load without their inline source maps and still synthesize', () => {
    const out = runWithFastSynth(`
      let compiled = '';
      const compile = require('module').prototype._compile;
      require('module').prototype._compile = function (source, filename) {
        if (filename.endsWith('compute-network/index.js')) compiled = source;
        return compile.call(this, source, filename);
      };
      const { App, TerraformStack, Testing } = require('cdktf');
      const { ComputeNetwork } = require('@cdktf/provider-google/lib/compute-network');
      const stack = new TerraformStack(Testing.app(), 's');
      new ComputeNetwork(stack, 'n', { name: 'net', mtu: 8896 });
      const json = JSON.parse(Testing.synth(stack));
      const onDisk = require('fs').readFileSync(require.resolve('@cdktf/provider-google/lib/compute-network'), 'utf8');
      console.log(JSON.stringify({
        mapOnDisk: onDisk.includes('sourceMappingURL=data:'), mapCompiled: compiled.includes('sourceMappingURL=data:'),
        codeKept: compiled.length > 0 && onDisk.startsWith(compiled), mtu: Object.values(json.resource.google_compute_network)[0].mtu,
      }));`);
    expect(JSON.parse(out)).toEqual({ mapOnDisk: true, mapCompiled: false, codeKept: true, mtu: 8896 });
  });
});
