import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { trackRequests } from '../lifecycle/graceful-shutdown';
import { httpMetrics } from '../observability/http-metrics';
import { requestLogger } from '../observability/logger';
import { Metrics } from '../observability/metrics';
import { ROOT_LOGGER } from '../observability/observability.module';
import { proxyTrust } from '../throttling/client-ip';
import { bodyParsers } from './body-parsers';
import { HttpExceptionFilter } from './exception.filter';
import { formatSuffix } from './format-suffix.middleware';
import { httpsRedirect } from './https-redirect.middleware';
import { securityHeaders } from './security-headers.middleware';

/** Express settings and middleware shared by the server and the tests. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // First, so that every request is logged and counted, redirects and refused bodies included.
  express.use(requestLogger(app.get(ROOT_LOGGER)));
  express.use(httpMetrics(app.get(Metrics)));
  express.use(trackRequests(app));
  // Nightscout clients send nested query syntax: find[date][$gte]=…
  express.set('query parser', 'extended');
  express.disable('x-powered-by');
  // req.ip (rate-limit keys, failed-login delay) reads X-Forwarded-For only from trusted proxies.
  express.set('trust proxy', proxyTrust(config.trustProxy));
  express.use(securityHeaders);
  if (config.enable.includes('cors')) {
    // As the reference: browsers on other origins may call the API; preflights get 200.
    express.enableCors({
      origin: config.corsAllowOrigin,
      methods: 'GET,PUT,POST,PATCH,DELETE,OPTIONS',
      allowedHeaders: 'Content-Type, Authorization, Content-Length, X-Requested-With, api-secret',
      optionsSuccessStatus: 200,
    });
  }
  if (!config.insecureUseHttp) express.use(httpsRedirect);
  express.use(formatSuffix);
  for (const parser of bodyParsers()) express.use(parser);
  app.useGlobalFilters(new HttpExceptionFilter(app.get(Metrics)));
}
