/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // lib/ is a root so `jest --findRelatedTests lib/<file>.ts` sees the dependency graph;
  // tests live under test/ only.
  roots: ['<rootDir>/test', '<rootDir>/lib'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Type checking runs once in `npm run typecheck`; jest only transpiles (isolatedModules).
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Stacks import the library by its package name, as an adopter does.
  moduleNameMapper: { '^tpu-gke-cdktf$': '<rootDir>/lib/index.ts' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One worker per core: jest's default (cores - 1) runs the suite serially on a 2-core machine.
  maxWorkers: '100%',
  testTimeout: 60000,
};
