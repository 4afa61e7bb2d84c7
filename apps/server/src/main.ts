import type { INestApplication } from '@nestjs/common';
import { constants } from 'node:os';
import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { displayPath, logBanner } from './lifecycle/banner';
import { DatabaseUnreachable, checkDatabase, describeDatabaseFailure } from './lifecycle/database-connection';
import { shutdownApp } from './lifecycle/graceful-shutdown';
import { createLogger } from './observability/logger';
import { isDatabaseUnavailable } from './storage/database-errors';
import { EmbeddedDatabaseUnavailable, startFerretDb, type RunningFerretDb } from './storage/embedded-ferretdb';

/** What a stop has to end, as far as the start got. */
const running: { app?: INestApplication; embedded?: RunningFerretDb } = {};
const abortStart = new AbortController();

/** One line for the operator on standard error (a stack trace only for the unexpected), then exit. */
function fail(error: unknown, config?: AppConfig): never {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseUnavailable || error instanceof DatabaseUnreachable) console.error(error.message);
  else if (code === 'EADDRINUSE' && config) console.error(`PORT ${config.port} is already in use on ${config.hostname ?? 'all interfaces'}: stop the other server or set PORT to a free port.`);
  else if (code === 'EACCES' && config) console.error(`PORT ${config.port} needs privileges this process does not have: set PORT to 1024 or above.`);
  else if (isDatabaseUnavailable(error) && config?.mongoUri) console.error(describeDatabaseFailure(config.mongoUriVariable!, config.mongoUri, error, config.databaseConnectTimeoutMs));
  else console.error(error);
  // FerretDB exits by itself when this process does (its stdin closes).
  process.exit(1);
}

async function database(config: AppConfig, logger: Logger): Promise<string> {
  if (config.mongoUri) {
    await checkDatabase(config.mongoUri, config.mongoUriVariable!, config.databaseConnectTimeoutMs);
    return config.mongoUri;
  }
  logger.info(`MONGODB_URI is not set: starting the embedded FerretDB with its data in ${displayPath(config.dataDir)}`);
  running.embedded = await startFerretDb({ dataDir: config.dataDir, log: (message) => logger.info(message), signal: abortStart.signal });
  return running.embedded.uri;
}

/**
 * SIGTERM/SIGINT: stop accepting requests, give those in flight SHUTDOWN_GRACE_MS, disconnect
 * sockets, close the database, stop the embedded FerretDB, exit 0. A second signal (a second
 * later or more) exits at once.
 */
function handleSignals(config: AppConfig, logger: Logger): void {
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      // Ctrl-C reaches npm and this process at once, and npm passes its copy on: not a second signal.
      if (Date.now() - stoppingSince < 1_000) return;
      logger.warn(`${signal} again: exiting now`);
      process.exit(128 + constants.signals[signal]);
    }
    stoppingSince = Date.now();
    logger.info(`${signal}: stopping (requests in flight get ${config.shutdownGraceMs / 1000} s; a second signal exits at once)`);
    abortStart.abort();
    setTimeout(() => {
      logger.error('the stop took too long: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5_000).unref();
    void (async () => {
      if (running.app) await shutdownApp(running.app, config.shutdownGraceMs);
      await running.embedded?.stop();
      logger.info('stopped');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'the stop failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  let config: AppConfig | undefined;
  try {
    config = loadConfig();
    const logger = createLogger(config);
    handleSignals(config, logger);
    const uri = await database(config, logger);
    if (abortStart.signal.aborted) return;
    // Nest and the application load only now: seconds on a busy machine, which the database check
    // and the FerretDB start above do not wait for (an unreachable MONGODB_URI fails sooner).
    const { createApp } = await import('./create-app.js');
    const app = (running.app = await createApp(config, uri, { logger }));
    await app.listen(config.port, config.hostname ?? '0.0.0.0');
    const { port } = app.getHttpServer().address() as { port: number };
    logBanner(logger, config, port);
  } catch (error) {
    // A stop during the start (an interrupted FerretDB build, ...) is not a failure.
    if (!abortStart.signal.aborted) fail(error, config);
  }
}

void main();
