/**
 * API.md is generated from the TSDoc of the public API and must be current;
 * every export and prop is documented, optional props with `@default`.
 * After changing exports or their TSDoc: `npm run api-docs` and commit API.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findDocGaps, renderApiDocs, repoRoot } from '../../scripts/api-docs';

const root = repoRoot();

test('API.md is current (regenerate with `npm run api-docs`)', () => {
  const committed = fs.readFileSync(path.join(root, 'API.md'), 'utf8').split('\n');
  const generated = renderApiDocs(root).split('\n');
  const line = generated.findIndex((l, i) => l !== committed[i]);
  const status = line < 0 && committed.length === generated.length
    ? 'current'
    : `API.md is out of date from line ${line + 1} (expected: ${JSON.stringify(generated[line]?.slice(0, 120))}): run \`npm run api-docs\` and commit API.md`;
  expect(status).toBe('current');
});

test('every export has TSDoc; every prop has TSDoc and optional props a @default', () => {
  expect(findDocGaps(root)).toEqual([]);
});

test('API.md shows constructs with their constructor, props, types and defaults', () => {
  const md = renderApiDocs(root);
  expect(md).toContain('### TpuNodePool <a id="tpunodepool"></a>\n\nclass · `lib/gke/tpu-node-pool.ts`\n');
  expect(md).toContain('```ts\nnew TpuNodePool(scope: Construct, id: string, props: TpuNodePoolProps)\n```');
  expect(md).toContain('| `topology?` | `string` | - single-host | Multi-host slice topology, e.g. `4x4` (v6e) or `4x4x4` (tpu7x). Omit for a single-host pool: GKE rejects a topology there. |');
  expect(md).toContain('| `cluster` | `IGkeCluster` | *required* | Cluster of the pool. |');
  expect(md).toContain('| `dynamicSlicing?` | `boolean` | - on when `sliceController` is given |');
  expect(md).toContain('## Namespace `kueueObjects`');
});

test('the checker reports undocumented exports, props and missing defaults', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-docs-'));
  fs.mkdirSync(path.join(dir, 'lib'));
  fs.writeFileSync(path.join(dir, 'lib', 'index.ts'), "export * from './thing';\n");
  fs.writeFileSync(path.join(dir, 'lib', 'thing.ts'), [
    'export interface ThingProps {',
    '  /** Documented, but optional without a default. */',
    '  readonly size?: number;',
    '  readonly name: string;',
    '}',
    '/** A documented function. */',
    'export function thing(p: ThingProps): string { return p.name; }',
    'export enum Mode { A = "A" }',
  ].join('\n'));
  expect(findDocGaps(dir)).toEqual([
    'lib/thing.ts: ThingProps has no TSDoc',
    'lib/thing.ts: ThingProps.size is optional without @default',
    'lib/thing.ts: ThingProps.name has no TSDoc',
    'lib/thing.ts: Mode has no TSDoc',
    'lib/thing.ts: Mode.A has no TSDoc',
  ]);
  fs.rmSync(dir, { recursive: true, force: true });
});
