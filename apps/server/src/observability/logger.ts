import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config';

/**
 * The process's logger: pino, JSON lines on stdout when stdout is not a terminal or
 * `LOG_FORMAT=json`, one readable line per record on a terminal. Writes are synchronous so that
 * the last lines before an exit are not lost.
 */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Logger {
  const format = config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const options = { level: config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options, destination ?? pino.destination({ fd: 1, sync: true }));
  const stream = pretty({
    colorize: destination === undefined && process.stdout.isTTY,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'context,req,res,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
    ...(destination ? { destination } : {}),
  });
  return pino(options, stream);
}

/** Query parameters and path parts that carry credentials: never written to a log. */
const SECRET_NAME = /secret|token|authorization|password|api[-_]?key/i;

/** `url` with the values of credential parameters and the token of `/authorization/request/:token` replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).replace(/(\/authorization\/request\/)[^/]+/i, '$1[redacted]');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq >= 0 && SECRET_NAME.test(safeDecode(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    });
  return `${path}?${query.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Probes and scrapes come every few seconds: logged at debug, not info. */
const PROBE_PATH = /^\/(health\/|metrics(\?|$))/;

type LoggedRequest = IncomingMessage & { originalUrl?: string };
const requestUrl = (req: LoggedRequest) => redactUrl(req.originalUrl ?? req.url ?? '');

/**
 * One line per HTTP request, when its response is finished: method, path (credentials
 * redacted), status and time. Headers are never logged (they carry `api-secret` and
 * `Authorization`). Mounted before every other middleware, so redirects and body-parser
 * refusals are logged as well.
 */
export function requestLogger(logger: Logger): HttpLogger<LoggedRequest, ServerResponse> {
  return pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    quietReqLogger: true,
    customLogLevel: (req, res, error): Level => {
      if (res.statusCode >= 500) return 'error';
      if (!error && PROBE_PATH.test(req.url ?? '')) return 'debug';
      return 'info';
    },
    customSuccessMessage: (req, res, ms) => `${req.method} ${requestUrl(req)} ${res.statusCode} ${Math.round(ms)} ms`,
    customErrorMessage: (req, res, error) => `${req.method} ${requestUrl(req)} ${res.writableEnded ? res.statusCode : 'aborted'}: ${error.message}`,
    serializers: {
      req: (req: { id: unknown; method: string; url: string; raw: LoggedRequest & { ip?: string } }) => ({
        id: req.id,
        method: req.method,
        url: requestUrl(req.raw),
        ip: req.raw.ip ?? req.raw.socket?.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** Nest's start-up chatter (one line per module and per route): debug, not info. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController', 'NestFactory', 'NestApplication']);

/** Nest's logger interface over pino, with Nest's context as a field. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last, and for errors a stack before it. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    if (level === 'info' && context !== undefined && BOOT_CONTEXTS.has(context)) level = 'debug';
    if (!this.logger.isLevelEnabled(level)) return;
    const stack = level === 'error' && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
