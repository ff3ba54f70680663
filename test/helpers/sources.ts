/**
 * The repository's TypeScript sources, for the lint tests that read them as text.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root. */
export const root = path.resolve(__dirname, '../..');

/**
 * Absolute paths of the `.ts` files under `dir` (relative to the root; a file names
 * itself), recursively; none when `dir` does not exist.
 */
export function sources(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(full, e.name)] : []);
}

/** The module specifiers `source` imports (`import ... from`, side-effect `import`, dynamic `import()`, `require()`). */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) found.push(m[1]);
  return found;
}
