/**
 * scripts/build-fast.js, the transpile-only build behind `npm run synth` and
 * cdktf.json's app: the same files and the same JavaScript as tsc, the package
 * specifier left for Node to resolve, and a cache that transpiles only what changed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

interface BuildResult { files: number; transpiled: string[]; removed: string[]; ms: number; outDir: string }
interface BuildFast {
  build(options?: { root?: string }): BuildResult;
  sourceFiles(root: string): string[];
  CACHE_FILE: string;
}
// A plain CommonJS script (it must run before anything is compiled), loaded with its shape declared here.
const fast = require('../../scripts/build-fast') as BuildFast;

const repo = path.resolve(__dirname, '..', '..');

/** The sources tsc compiles for tsconfig.build.json in `root`, relative, without declaration files. */
function tscFileNames(root: string): string[] {
  const configPath = path.join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;
  return parsed.fileNames.filter((f) => !f.endsWith('.d.ts')).map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
}

/** What tsc (a full program) emits for tsconfig.build.json in `root`: output path relative to root -> JavaScript. */
function tscEmit(root: string): Map<string, string> {
  const configPath = path.join(root, 'tsconfig.build.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } })!;
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const out = new Map<string, string>();
  program.emit(undefined, (file, text) => {
    if (file.endsWith('.js')) out.set(path.relative(root, file).split(path.sep).join('/'), text);
  });
  return out;
}

const FIXTURE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'tpu-gke-cdktf', exports: { '.': { default: './dist/lib/index.js' } } }),
  'tsconfig.build.json': JSON.stringify({ extends: './tsconfig.json', compilerOptions: { types: [] }, include: ['main.ts', 'lib/**/*.ts', 'stacks/**/*.ts'], exclude: ['node_modules', 'dist', 'test'] }),
  'lib/index.ts': "export * from './pools';\nexport type { PoolProps } from './types';\nexport * as util from './util';\n",
  'lib/types.ts': 'export interface PoolProps { readonly name: string; readonly chips?: number }\nexport type Shape = `${number}x${number}`;\n',
  'lib/util.ts': 'export enum Generation { V5E = "v5e", V6E = "v6e" }\nexport const double = (n: number): number => n * 2;\n',
  'lib/pools.ts': [
    "import { PoolProps, Shape } from './types';",
    "import { double, Generation } from './util';",
    'export class Pool {',
    '  public readonly chips: number;',
    '  private static count = 0;',
    '  constructor(public readonly props: PoolProps, readonly shape?: Shape) {',
    '    this.chips = double(props.chips ?? 2);',
    '    Pool.count += 1;',
    '  }',
    '  get generation(): Generation { return Generation.V6E; }',
    '  async later(): Promise<number> { return this.props.chips ?? 0; }',
    '}',
    '',
  ].join('\n'),
  'stacks/app.ts': "import { Pool, util } from 'tpu-gke-cdktf';\nimport type { PoolProps } from 'tpu-gke-cdktf';\n\nconst props: PoolProps = { name: 'p' };\nexport const pools = [new Pool(props, '4x4'), new Pool({ name: 'q', chips: util.double(4) })];\n",
  'main.ts': "import { pools } from './stacks/app';\n\nprocess.stdout.write(JSON.stringify(pools.map((p) => [p.props.name, p.chips, p.generation])));\n",
};

/** A scratch project with the repository's compiler options and the fixture's sources. */
function fixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'build-fast-test-'));
  fs.copyFileSync(path.join(repo, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(FIXTURE)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const dirs: string[] = [];
function scratch(): string {
  const dir = fixture();
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

test("the repository's sources are exactly the files tsc compiles for tsconfig.build.json", () => {
  const files = fast.sourceFiles(repo);
  expect(files).toEqual(tscFileNames(repo));
  // bin/tpu-gke.ts is the package's bin (package.json "bin"): both builds emit dist/bin/tpu-gke.js.
  expect(files).toEqual(expect.arrayContaining(['main.ts', 'lib/index.ts', 'stacks/app.ts', 'bench/synth-bench.ts', 'bin/tpu-gke.ts']));
});

test('the JavaScript is byte for byte what tsc emits, and the package specifier is left for Node to resolve', () => {
  const dir = scratch();
  const result = fast.build({ root: dir });
  expect(result.transpiled).toEqual(['lib/index.ts', 'lib/pools.ts', 'lib/types.ts', 'lib/util.ts', 'main.ts', 'stacks/app.ts']);
  const expected = tscEmit(dir);
  expect([...expected.keys()].sort()).toEqual(['dist/lib/index.js', 'dist/lib/pools.js', 'dist/lib/types.js', 'dist/lib/util.js', 'dist/main.js', 'dist/stacks/app.js']);
  for (const [file, text] of expected) expect([file, fs.readFileSync(path.join(dir, file), 'utf8')]).toEqual([file, text]);
  expect(fs.readFileSync(path.join(dir, 'dist/stacks/app.js'), 'utf8')).toContain('require("tpu-gke-cdktf")');
  // No declarations: those come from `npm run build` (tsc).
  expect(fs.existsSync(path.join(dir, 'dist/lib/index.d.ts'))).toBe(false);
  // Node resolves 'tpu-gke-cdktf' through the package self-reference to dist/lib/index.js.
  expect(execFileSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8' })).toBe('[["p",4,"v6e"],["q",16,"v6e"]]');
});

test('the cache transpiles only what changed: an edit, a rewritten output, a deleted source', () => {
  const dir = scratch();
  expect(fast.build({ root: dir }).transpiled).toHaveLength(6);
  expect(fs.existsSync(path.join(dir, 'dist', fast.CACHE_FILE))).toBe(true);
  expect(fast.build({ root: dir }).transpiled).toEqual([]);

  // Same content, new mtime: hashed, not transpiled.
  const util = path.join(dir, 'lib/util.ts');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(util, later, later);
  expect(fast.build({ root: dir }).transpiled).toEqual([]);

  fs.appendFileSync(util, 'export const triple = (n: number): number => n * 3;\n');
  expect(fast.build({ root: dir }).transpiled).toEqual(['lib/util.ts']);
  expect(fs.readFileSync(path.join(dir, 'dist/lib/util.js'), 'utf8')).toContain('const triple = (n) => n * 3;');

  // An output rewritten with the same bytes and a new mtime, as tsc does: kept.
  const poolsJs = path.join(dir, 'dist/lib/pools.js');
  fs.writeFileSync(poolsJs, fs.readFileSync(poolsJs, 'utf8'));
  fs.utimesSync(poolsJs, later, later);
  expect(fast.build({ root: dir }).transpiled).toEqual([]);

  // An output changed behind the cache's back (by hand, or tsc from another source) is written again.
  fs.writeFileSync(poolsJs, 'broken');
  expect(fast.build({ root: dir }).transpiled).toEqual(['lib/pools.ts']);
  expect(fs.readFileSync(poolsJs, 'utf8')).toContain('class Pool {');

  fs.rmSync(path.join(dir, 'lib/types.ts'));
  const result = fast.build({ root: dir });
  expect([result.transpiled, result.removed]).toEqual([[], ['lib/types.ts']]);
  expect(fs.existsSync(path.join(dir, 'dist/lib/types.js'))).toBe(false);
});

test('changed compiler options rebuild everything', () => {
  const dir = scratch();
  fast.build({ root: dir });
  const config = path.join(dir, 'tsconfig.build.json');
  fs.writeFileSync(config, JSON.stringify({ ...JSON.parse(fs.readFileSync(config, 'utf8')), compilerOptions: { types: [], target: 'ES2020' } }));
  expect(fast.build({ root: dir }).transpiled).toHaveLength(6);
  // ES2020 has no class fields: the static initializer moves out of the class body.
  expect(fs.readFileSync(path.join(dir, 'dist/lib/pools.js'), 'utf8')).toContain('Pool.count = 0;');
});

test('a syntax error fails with file and position; the other changed files are built and the broken one is retried', () => {
  const dir = scratch();
  fs.writeFileSync(path.join(dir, 'lib/util.ts'), 'export const double = (n: number): number => n * ;\n');
  expect(() => fast.build({ root: dir })).toThrow(
    'build-fast: syntax errors (run `npm run typecheck` for the full check):\nlib/util.ts:1:50: Expression expected.');
  expect(fs.existsSync(path.join(dir, 'dist/lib/pools.js'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'dist/lib/util.js'))).toBe(false);
  fs.writeFileSync(path.join(dir, 'lib/util.ts'), FIXTURE['lib/util.ts']);
  expect(fast.build({ root: dir }).transpiled).toEqual(['lib/util.ts']);
});

test('an include pattern the fast build cannot read is refused, not guessed', () => {
  const dir = scratch();
  fs.writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['lib/*.ts'] }));
  expect(() => fast.sourceFiles(dir)).toThrow(
    'tsconfig.build.json: include pattern "lib/*.ts" is not supported by scripts/build-fast.js. '
    + 'Allowed: a file ("main.ts") or a directory glob ("lib/**/*.ts"). Fix: use one of these forms');
});

test('synth, cdktf synth and the bench take the fast path; the full tsc build stays for packing', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const cdktf = JSON.parse(fs.readFileSync(path.join(repo, 'cdktf.json'), 'utf8'));
  expect(cdktf.app).toBe('node scripts/build-fast.js && node dist/main.js');
  expect(pkg.scripts.synth).toBe('node scripts/build-fast.js && node dist/main.js && node dist/scripts/summary.js --short');
  expect(pkg.scripts.bench).toBe('node scripts/build-fast.js && node dist/bench/synth-bench.js');
  expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  expect(pkg.scripts.test).toBe('npm run typecheck && jest');
});
