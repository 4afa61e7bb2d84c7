// The shared preset, with TSX and React's automatic runtime for component tests.
const preset = require('../../jest.preset.js');

const [swc, options] = Object.values(preset.transform)[0];

module.exports = {
  ...preset,
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.spec.tsx'],
  moduleFileExtensions: [...preset.moduleFileExtensions, 'tsx'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      swc,
      { ...options, jsc: { ...options.jsc, parser: { ...options.jsc.parser, tsx: true }, transform: { ...options.jsc.transform, react: { runtime: 'automatic' } } } },
    ],
  },
};
