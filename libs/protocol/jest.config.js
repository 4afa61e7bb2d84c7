module.exports = { ...require('../../jest.preset.js'), displayName: 'protocol', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
