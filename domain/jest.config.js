// Domain tests are pure: no database, so no global Postgres setup.
const { globalSetup: _setup, globalTeardown: _teardown, ...preset } = require('../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'domain',
  rootDir: __dirname,
};
