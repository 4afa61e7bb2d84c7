#!/usr/bin/env node
'use strict';
// `npm start` (API server, web app and documentation site) and `npm run server` (API server only): build what is not
// built yet (Nx caches it), then run the server in this very process. package.json starts this with
// `exec`, so npm's child is this process and the SIGTERM/SIGINT a supervisor sends to npm (which
// npm passes on to its child) reaches the server; without `exec` the shell in between dies and the
// server keeps running. Should npm itself be killed, the server notices and stops as on SIGTERM.
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const projects = process.argv.includes('--with-web') ? ['@nightscout/server', '@nightscout/web', '@nightscout/docs'] : ['@nightscout/server'];

/** Stop as on SIGTERM once the process that started this one is gone (this one is orphaned). */
function stopWithParent() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 500).unref();
}

/** Builds with Nx in its own process group, so that a signal meanwhile stops the whole build. */
function build() {
  return new Promise((resolve) => {
    const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NEXT_TELEMETRY_DISABLED: '1', ...process.env };
    let nxPackage;
    try {
      nxPackage = require.resolve('nx/package.json');
    } catch {
      console.error('Nx is not installed: run `npm ci` first.');
      process.exit(1);
    }
    const args = [join(dirname(nxPackage), require(nxPackage).bin.nx), 'run-many', '-t', 'build', '-p', ...projects, '--output-style=static'];
    const nx = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit', detached: true });
    const stop = (signal) => {
      try {
        process.kill(-nx.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      process.exit(128 + constants.signals[signal]);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    nx.on('exit', (code) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? 1);
    });
  });
}

async function main() {
  stopWithParent();
  const code = await build();
  if (code !== 0) {
    console.error(`The build failed (exit code ${code}); see above.`);
    process.exit(code);
  }
  // The server installs its own SIGTERM/SIGINT handling (apps/server/src/main.ts).
  require(join(root, 'apps/server/dist/main.js'));
}

void main();
