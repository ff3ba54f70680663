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
  expect(pkg.files).toEqual(['dist/lib/**/*.js', 'dist/lib/**/*.d.ts', 'charts/k8s-objects/', 'vendor/', 'API.md']);
  expect(fs.existsSync(path.join(root, 'charts', 'k8s-objects', 'Chart.yaml'))).toBe(true);
  // GaieCrds reads the vendored CRDs at synth time (no plan-time download).
  expect(fs.readdirSync(path.join(root, 'vendor', 'gateway-api-inference-extension', 'v1.5.0')).sort()).toEqual([
    'inference.networking.k8s.io_inferencepools.yaml', 'inference.networking.x-k8s.io_inferencemodelrewrites.yaml',
    'inference.networking.x-k8s.io_inferenceobjectives.yaml', 'inference.networking.x-k8s.io_inferencepoolimports.yaml',
  ]);
  expect(pkg.engines).toEqual({ node: '>=20' });
  // A clean dist/lib: files of deleted sources must not ship.
  expect(pkg.scripts.prepack).toBe("node -e \"require('fs').rmSync('dist/lib',{recursive:true,force:true})\" && npm run build");
});

test('cdktf, constructs and the providers are peers, installed exactly for development', () => {
  expect(pkg.dependencies).toBeUndefined();
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
