// @ts-check
/**
 * `npm run mutation`: StrykerJS over the validation, catalog, sizing and capacity code.
 * Every mutant runs only the fast unit tests that cover it (jest.unit.config.js, per-test
 * coverage), never the stack synthesis tests. Scores and every accepted survivor:
 * docs/mutation-survivors.md.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.unit.config.js',
    // The unit tests of the mutated files only: static mutants (catalog tables) run all of them.
    config: { testMatch: ['<rootDir>/test/unit/{util,tpu,gke,serving}/**/*.test.ts'] },
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'lib/util/names.ts',
    'lib/util/cidr.ts',
    'lib/util/ports.ts',
    'lib/tpu/*.ts',
    'lib/serving/pd/pd-sizing.ts',
    'lib/gke/reservation-affinity.ts',
    'lib/gke/node-pool-options.ts',
  ],
  // Only what the unit tests import needs to be in the sandbox.
  ignorePatterns: ['cdktf.out', 'dist', 'coverage', 'reports', 'bench', 'images', 'charts', 'API.md', 'README.md', '.ci', '.github'],
  concurrency: 2,
  timeoutMS: 10000,
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, reportMutants: true, reportTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
