/**
 * The published package: only the compiled library and the carrier chart, peers
 * for the construct libraries (one copy in the consumer's tree), and a library
 * that imports nothing outside lib/ but its peers and Node built-ins.
 * `.ci/consumer-check.sh` installs the packed tarball for real.
 */
import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

test('entry points and files are the compiled library, the carrier chart and the vendored upstream files only', () => {
  expect(pkg.private).toBeUndefined();
  expect(pkg.main).toBe('dist/lib/index.js');
  expect(pkg.types).toBe('dist/lib/index.d.ts');
  expect(pkg.exports).toEqual({ '.': { types: './dist/lib/index.d.ts', default: './dist/lib/index.js' }, './package.json': './package.json' });
  expect(pkg.files).toEqual([
    'dist/lib/**/*.js', 'dist/lib/**/*.d.ts',
    // The review tool (bin/tpu-gke.ts) and the compiled scripts it runs.
    'dist/bin/tpu-gke.js', 'dist/scripts/summary.js', 'dist/scripts/summary/*.js', 'dist/scripts/plan-summary.js', 'dist/scripts/pr-comment.js',
    'charts/k8s-objects/', 'vendor/', 'API.md',
  ]);
  expect(pkg.bin).toEqual({ 'tpu-gke': 'dist/bin/tpu-gke.js' });
  expect(fs.existsSync(path.join(root, 'charts', 'k8s-objects', 'Chart.yaml'))).toBe(true);
  // GaieCrds reads the vendored CRDs at synth time (no plan-time download).
  expect(fs.readdirSync(path.join(root, 'vendor', 'gateway-api-inference-extension', 'v1.5.0')).sort()).toEqual([
    'inference.networking.k8s.io_inferencepools.yaml', 'inference.networking.x-k8s.io_inferencemodelrewrites.yaml',
    'inference.networking.x-k8s.io_inferenceobjectives.yaml', 'inference.networking.x-k8s.io_inferencepoolimports.yaml',
  ]);
  expect(pkg.engines).toEqual({ node: '>=20' });
  // A clean dist/lib, dist/bin and dist/scripts: files of deleted sources must not ship.
  expect(pkg.scripts.prepack).toBe("node -e \"for(const d of ['dist/lib','dist/bin','dist/scripts'])require('fs').rmSync(d,{recursive:true,force:true})\" && npm run build");
});

test('cdktf, constructs and the providers are peers, installed exactly for development; yaml is the one dependency (the review tool parses Helm values)', () => {
  expect(pkg.dependencies).toEqual({ yaml: '^2.9.1' });
  expect(pkg.devDependencies.yaml).toBeUndefined();
  expect(JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'yaml', 'package.json'), 'utf8')).version).toMatch(/^2\.(9|[1-9]\d)\./);
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual([
    '@cdktf/provider-google', '@cdktf/provider-google-beta', '@cdktf/provider-helm', '@cdktf/provider-kubernetes', 'cdktf', 'constructs',
  ]);
  for (const [name, range] of Object.entries(pkg.peerDependencies) as [string, string][]) {
    const dev = pkg.devDependencies[name] as string;
    expect(dev).toMatch(/^\d+\.\d+\.\d+$/);
    // ^X.Y.Z ranges: the pinned development version must satisfy its own peer range.
    const [, major, minor, patch] = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)!.map(Number);
    const [dMajor, dMinor, dPatch] = dev.split('.').map(Number);
    expect(dMajor).toBe(major);
    if (major === 0) expect(dMinor).toBe(minor);
    expect(dMinor * 1e6 + dPatch).toBeGreaterThanOrEqual(minor * 1e6 + patch);
  }
});

test('lib/ imports only lib/, its peers and Node built-ins', () => {
  const allowed = new Set([...Object.keys(pkg.peerDependencies), ...builtinModules]);
  const offenders: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?:from|require\()\s*'([^']+)'/g)) {
          const spec = m[1];
          if (spec.startsWith('.')) {
            const target = path.resolve(path.dirname(file), spec);
            if (!target.startsWith(path.join(root, 'lib') + path.sep)) offenders.push(`${path.relative(root, file)} -> ${spec}`);
          } else {
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (!allowed.has(name) && !allowed.has(spec.replace(/^node:/, ''))) offenders.push(`${path.relative(root, file)} -> ${spec}`);
          }
        }
      }
    }
  };
  walk(path.join(root, 'lib'));
  expect(offenders).toEqual([]);
});

/** `files` patterns of package.json as a test: `**` any directories, `*` one name, a trailing `/` a whole directory. */
function packed(file: string): boolean {
  return (pkg.files as string[]).some((pattern) => {
    if (pattern.endsWith('/')) return file.startsWith(pattern);
    const re = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '(?:.*/)?');
    return new RegExp(`^${re}$`).test(file);
  });
}

/**
 * Every source `entry` loads at run time (relative imports followed), as
 * repository-relative paths; bare imports outside the package's dependencies,
 * peers and Node built-ins, and relative imports whose output is not in `files`,
 * are offenders.
 */
function runtimeClosure(entry: string): { files: string[]; offenders: string[] } {
  const allowed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies), ...builtinModules]);
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (!packed(`dist/${rel.replace(/\.ts$/, '.js')}`)) offenders.push(`${rel}: dist/${rel.replace(/\.ts$/, '.js')} is not in package.json files`);
    // Type-only imports are erased; everything else is required at run time.
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export) (?!type )[^;]*?from '([^']+)'/gms)) {
      const spec = m[1];
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        visit(fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts'));
      } else {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!allowed.has(name) && !allowed.has(spec.replace(/^node:/, ''))) offenders.push(`${rel} -> ${spec}`);
      }
    }
  };
  visit(path.join(root, entry));
  return { files: [...seen].map((f) => path.relative(root, f).split(path.sep).join('/')).sort(), offenders };
}

test('the tpu-gke bin and everything it loads are packed, and import only dependencies, peers and Node built-ins', () => {
  const source = fs.readFileSync(path.join(root, 'bin', 'tpu-gke.ts'), 'utf8');
  expect(source.split('\n')[0]).toBe('#!/usr/bin/env node');
  const { files, offenders } = runtimeClosure('bin/tpu-gke.ts');
  expect(offenders).toEqual([]);
  expect(files).toEqual(expect.arrayContaining([
    'bin/tpu-gke.ts', 'scripts/plan-summary.ts', 'scripts/pr-comment.ts', 'scripts/summary.ts',
    'scripts/summary/markdown.ts', 'scripts/summary/model.ts', 'lib/tpu/tpu-machine-type.ts',
  ]));
  // Nothing from the repository's tooling (verify, api-docs) or tests.
  expect(files.filter((f) => !/^(bin\/|lib\/|scripts\/summary(\.ts|\/)|scripts\/(plan-summary|pr-comment)\.ts)/.test(f))).toEqual([]);
});

test('the closure check rejects a devDependency and an unpacked file', () => {
  // Under dist/ (excluded from every build and type check), two levels below the root like bin/x.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'dist', '.closure-'));
  try {
    fs.writeFileSync(path.join(dir, 'entry.ts'), "import { JSDOM } from 'jsdom';\nimport { x } from '../../scripts/api-docs';\n");
    const rel = path.relative(root, dir).split(path.sep).join('/');
    const { offenders } = runtimeClosure(`${rel}/entry.ts`);
    expect(offenders).toEqual(expect.arrayContaining([
      `${rel}/entry.ts -> jsdom`,
      'scripts/api-docs.ts: dist/scripts/api-docs.js is not in package.json files',
    ]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
