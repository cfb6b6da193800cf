// Shared Jest settings for every project. ts-jest only transpiles (isolatedModules in tsconfig):
// type errors are caught once by each project's `typecheck` target, not per test file.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.base.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@marquee/(domain|commands|projections|api)$': path.join(__dirname, '$1/src/index.ts'),
    '^@marquee/testing$': path.join(__dirname, 'tools/testing/index.ts'),
    '^@marquee/esdb-test-server$': path.join(__dirname, 'tools/esdb-test-server/index.ts'),
    '^@marquee/stripe-double$': path.join(__dirname, 'tools/stripe-double/index.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: path.join(__dirname, 'tools/testing/jest-global-setup.js'),
  globalTeardown: path.join(__dirname, 'tools/testing/jest-global-teardown.js'),
};
