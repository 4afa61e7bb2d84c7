// Shared Jest settings. NestJS 12 ships ESM only, which Jest on Node 20 cannot load natively:
// @swc/jest compiles TypeScript and those ESM packages (and @noble/hashes, ESM only) to CommonJS.
const path = require('node:path');

const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', '@borewit', 'html-tag-names', 'parse5', 'entities', '@noble', '@apidevtools', 'js-yaml'];

module.exports = {
  testEnvironment: 'node',
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.js')],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        swcrc: false,
        sourceMaps: 'inline',
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')}))`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: {
    '^@nightscout/protocol$': path.join(__dirname, 'libs/protocol/src/index.ts'),
    '^@nightscout/client$': path.join(__dirname, 'libs/client/src/index.ts'),
  },
};
