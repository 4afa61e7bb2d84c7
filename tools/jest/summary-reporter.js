// Records each Jest project's totals so that .ci/run can print one closing line for the whole run.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = (globalConfig.projects?.[0] ?? globalConfig.rootDir).split('/').slice(-2).join('-');
  }

  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '../../.cache/test-results');
    mkdirSync(dir, { recursive: true });
    const { numPassedTests: passed, numFailedTests: failed, numPendingTests: skipped } = results;
    writeFileSync(join(dir, `${this.name}.json`), JSON.stringify({ passed, failed, skipped }));
  }
}

module.exports = SummaryReporter;
