const preset = require('../jest.preset.js');

const esmOnly = ['jose', 'content-disposition', 'cookie'];

module.exports = {
  ...preset,
  displayName: 'api',
  rootDir: __dirname,
  passWithNoTests: true,
  // jose, content-disposition (@fastify/swagger-ui → @fastify/static) and cookie (Fastify's inject) ship ES modules
  // only. Node 20.19+ loads them through require(esm) at run time, but Jest's module system cannot
  // (before Node 24.9), so Jest compiles them to CommonJS for the tests.
  transform: {
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }],
    ...preset.transform,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};
