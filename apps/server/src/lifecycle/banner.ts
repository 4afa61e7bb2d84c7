import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { redactUri } from './database-connection';

/** The server package's version (apps/server/package.json, beside both src/ and dist/). */
export function serverVersion(): string {
  try {
    return String(JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

/** A configured directory as the operator wrote it: `./data` for a relative one. */
export const displayPath = (dir: string): string => (isAbsolute(dir) ? dir : `./${dir}`);

/** What an operator needs to know once the server listens, in one record (a few lines on a terminal). */
export function logBanner(logger: Logger, config: AppConfig, port: number): void {
  const host = config.hostname && config.hostname !== '0.0.0.0' ? config.hostname : 'localhost';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(
    {
      listen: `${config.hostname ?? 'all interfaces'}, port ${port}`,
      database: config.mongoUri ? `${config.mongoUriVariable} ${redactUri(config.mongoUri)}` : `embedded FerretDB, data in ${displayPath(config.dataDir)}`,
      auth: `${config.apiSecret ? 'API_SECRET set (clients send its SHA-1 as api-secret)' : 'API_SECRET not set (admin only through access tokens)'}; default roles: ${config.authDefaultRoles.join(' ') || 'none'}`,
      http: config.insecureUseHttp ? 'plain HTTP served to everyone (INSECURE_USE_HTTP)' : 'remote plain-HTTP requests are redirected to HTTPS (set INSECURE_USE_HTTP=true on a LAN without TLS)',
      web: `${url}/`,
      docs: `${url}/docs`,
      health: `${url}/health/ready`,
    },
    `Nightscout server ${serverVersion()} listening on ${url}`,
  );
}
