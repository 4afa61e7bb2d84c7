import { Logger } from '@nestjs/common';
import { loadConfig, type AppConfig } from './config/app-config';
import { ConfigError } from './config/config-error';
import { createApp } from './create-app';
import { EmbeddedDatabaseUnavailable, startFerretDb, type RunningFerretDb } from './storage/embedded-ferretdb';

const logger = new Logger('Nightscout');

/** Exits with one clear line for the operator instead of a stack trace. */
function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseUnavailable) console.error(error.message);
  else console.error(error);
  process.exit(1);
}

async function database(config: AppConfig): Promise<{ uri: string; embedded?: RunningFerretDb }> {
  if (config.mongoUri) return { uri: config.mongoUri };
  logger.log(`MONGODB_URI is not set: starting the embedded FerretDB with its data in ./${config.dataDir}`);
  const embedded = await startFerretDb({ dataDir: config.dataDir });
  return { uri: embedded.uri, embedded };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const { uri, embedded } = await database(config);
  const app = await createApp(config, uri);
  await app.listen(config.port, config.hostname ?? '0.0.0.0');
  const { port } = app.getHttpServer().address() as { port: number };
  logger.log(`Listening on ${config.hostname ?? '0.0.0.0'}:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(fail);
