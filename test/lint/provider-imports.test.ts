import * as fs from 'fs';
import * as path from 'path';
import { root, sources } from '../helpers/sources';

const ROOT_IMPORT = /(from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-[a-z-]+['"]/;

describe('provider packages are imported from deep paths only', () => {
  const files = ['main.ts', 'lib', 'stacks', 'bench', 'scripts', 'test'].flatMap(sources);

  test('there are sources to check', () => expect(files.length).toBeGreaterThan(20));

  test.each(files.map((f) => [path.relative(root, f)]))('%s', (file) => {
    const offending = fs.readFileSync(path.join(root, file), 'utf8').split('\n').filter((line) => ROOT_IMPORT.test(line));
    expect(offending).toEqual([]);
  });

  test('the rule catches a root import', () => {
    const pkg = ['@cdktf', 'provider-google'].join('/');
    expect(ROOT_IMPORT.test(`import { ContainerCluster } from '${pkg}';`)).toBe(true);
    expect(ROOT_IMPORT.test(`const g = require("${pkg}");`)).toBe(true);
    expect(ROOT_IMPORT.test(`import { ContainerCluster } from '${pkg}/lib/container-cluster';`)).toBe(false);
  });
});
