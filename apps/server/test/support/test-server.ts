import { CommandBus, EventBus, ofType } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';
import { DocumentsChangedEvent } from '../../src/events/documents-changed.event';

export const TEST_API_SECRET = 'this is my long pass phrase';
export const TEST_SECRET_SHA1 = 'b723e97aa97846eb92d5264f084b2823f57c4aa1';

export interface TestServer {
  app: NestExpressApplication;
  url: string;
  config: AppConfig;
  commands: CommandBus;
  /** Every domain event published since start (or since `events.length = 0`). */
  events: DocumentsChangedEvent[];
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Stops the server and drops its database. */
  close(): Promise<void>;
  /** Stops the server and keeps its database (to start another server on it, as after a restart). */
  stop(): Promise<void>;
  database: string;
}

/** `fetch` on paths of `url`, sending `json` as a JSON body. */
export function fetcher(url: string): TestServer['fetch'] {
  return (path, init = {}) => {
    const { json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    return fetch(url + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };
}

/** A real server on a random loopback port, on its own database of the test FerretDB (or on `env.MONGODB_URI`). */
export async function startTestServer(
  env: Record<string, string> = {},
  database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
  options: { logger?: Logger } = {},
): Promise<TestServer> {
  const base = process.env.TEST_MONGODB_BASE;
  if (!base) throw new Error('TEST_MONGODB_BASE is not set: run the tests through jest (global setup starts FerretDB)');
  const config = loadConfig({ API_SECRET: TEST_API_SECRET, INSECURE_USE_HTTP: 'true', AUTH_FAIL_DELAY: '0', ...env });
  const uri = config.mongoUri ?? `${base}/${database}`;
  const app = await createApp(config, uri, { logger: options.logger ?? false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const events: DocumentsChangedEvent[] = [];
  const subscription = app.get(EventBus).pipe(ofType(DocumentsChangedEvent)).subscribe((e) => events.push(e));
  return {
    app,
    url,
    config,
    commands: app.get(CommandBus),
    events,
    fetch: fetcher(url),
    close: async () => {
      subscription.unsubscribe();
      await app.close();
      // Dropped once the server is stopped: FerretDB (SQLite) died with SIGBUS when a database was
      // dropped while the server's background work (indexing, loads) still wrote to it.
      const client = new MongoClient(uri);
      try {
        await client.db().dropDatabase();
      } finally {
        await client.close();
      }
    },
    stop: async () => {
      subscription.unsubscribe();
      await app.close();
    },
    database,
  };
}
