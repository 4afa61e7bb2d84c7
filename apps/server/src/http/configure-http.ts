import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { bodyParsers } from './body-parsers';
import { HttpExceptionFilter } from './exception.filter';
import { formatSuffix } from './format-suffix.middleware';
import { httpsRedirect } from './https-redirect.middleware';

/** Express settings and middleware shared by the server and the tests. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // Nightscout clients send nested query syntax: find[date][$gte]=…
  express.set('query parser', 'extended');
  express.disable('x-powered-by');
  if (!config.insecureUseHttp) express.use(httpsRedirect);
  express.use(formatSuffix);
  for (const parser of bodyParsers()) express.use(parser);
  app.useGlobalFilters(new HttpExceptionFilter());
}
