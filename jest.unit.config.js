/**
 * The fast unit tests only (no stack synthesis): what `npm run mutation` runs
 * against every mutant. `npx jest -c jest.unit.config.js` runs them in a few seconds.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
  testTimeout: 10000,
};
