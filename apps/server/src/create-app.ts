import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { serveContracts } from './contracts/contracts.module';
import { configureHttp } from './http/configure-http';
import { NightscoutIoAdapter } from './realtime/socket-io.adapter';

/** The Nest application for a configuration and a database, not yet listening. */
export async function createApp(config: AppConfig, mongoUri: string, options: { logger?: false } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, mongoUri), {
    bodyParser: false,
    // Rethrow start-up errors (an unreachable REDIS_URL, ...) so main.ts reports them in one line.
    abortOnError: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  configureHttp(app, config);
  serveContracts(app);
  app.useWebSocketAdapter(new NightscoutIoAdapter(app));
  return app;
}
