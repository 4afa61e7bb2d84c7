// One FerretDB for the run (the server's own global setup); the suite starts the built server as
// `npm start` would and drives the built web app in Debian's Chromium.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'web-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  globalSetup: '<rootDir>/../server/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/../server/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 1,
};
