const preset = require('../jest.preset.js');

// Product dependencies that ship ES modules only: jose (tokens), content-disposition
// (@fastify/swagger-ui → @fastify/static) and cookie. Node loads them through require(esm) at run
// time, but Jest's module system cannot (before Node 24.9), so Jest compiles them to CommonJS.
const esmOnly = ['jose', 'content-disposition', 'cookie'];

module.exports = {
  ...preset,
  displayName: 'tests',
  rootDir: __dirname,
  passWithNoTests: true,
  // Black-box API tests: each file starts a whole Marquee on its own database.
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 30_000,
  transform: {
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }],
    ...preset.transform,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};
