import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { SocketRedis } from './cluster/socket-redis';
import type { AppConfig } from './config/app-config';
import { serveContracts } from './contracts/contracts.module';
import { configureHttp } from './http/configure-http';
import { createLogger, PinoNestLogger } from './observability/logger';
import { Metrics } from './observability/metrics';
import { NightscoutIoAdapter } from './realtime/socket-io.adapter';

/**
 * The Nest application for a configuration and a database, not yet listening. It logs through
 * `options.logger` (by default a logger made from the configuration; `false`: nothing is logged).
 */
export async function createApp(config: AppConfig, mongoUri: string, options: { logger?: Logger | false } = {}): Promise<NestExpressApplication> {
  const logger = options.logger === false ? createLogger({ logLevel: 'silent' }) : (options.logger ?? createLogger(config));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, mongoUri, logger), {
    bodyParser: false,
    // Rethrow start-up errors (an unreachable REDIS_URL, ...) so main.ts reports them in one line.
    abortOnError: false,
    logger: new PinoNestLogger(logger),
  });
  configureHttp(app, config);
  serveContracts(app);
  app.useWebSocketAdapter(new NightscoutIoAdapter(app, app.get(Metrics), app.get(SocketRedis)));
  return app;
}
