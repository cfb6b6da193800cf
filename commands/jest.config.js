const preset = require('../jest.preset.js');

// jose (ticket tokens) ships ES modules only: Node loads it through require(esm) at run time, but
// Jest's module system cannot (before Node 24.9), so Jest compiles it to CommonJS.
const esmOnly = ['jose'];

module.exports = {
  ...preset,
  displayName: 'commands',
  rootDir: __dirname,
  transform: {
    [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } }],
    ...preset.transform,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
};
