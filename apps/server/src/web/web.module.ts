import { Inject, Logger, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** The web app's static export (`apps/web/dist`), found next to the server in the workspace. */
export const DEFAULT_WEB_ROOT = resolve(__dirname, '../../../web/dist');
const WEB_ROOT = Symbol('WEB_ROOT');
const API_PATH = /^\/api(\/|$)/i;
/** Next.js names every file under _next/static by its content: it never changes. */
const IMMUTABLE = /^\/_next\/static\//;

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Nightscout</title></head>
<body style="font-family:system-ui,sans-serif;background:#0d1117;color:#e6edf3;padding:1.5rem;max-width:40rem">
<h1>Nightscout</h1><p>The web app has not been built on this server, so there is nothing to show here yet.</p>
<p>Run <code>npm run build</code> (<code>npm start</code> builds it too) and start the server again.</p>
<p>The API works meanwhile: <a style="color:#58a6ff" href="/api/v1/status.json">/api/v1/status.json</a>.</p></body></html>`;

/**
 * Serves the web app at `/` on the API's own origin, so one process and one port serve both. API
 * paths never touch the file system; without a build, `/` explains how to make one.
 */
@Module({})
export class WebModule implements NestModule {
  private readonly logger = new Logger('Web');

  constructor(@Inject(WEB_ROOT) private readonly root: string) {}

  static forRoot(root = DEFAULT_WEB_ROOT): DynamicModule {
    return { module: WebModule, providers: [{ provide: WEB_ROOT, useValue: root }] };
  }

  configure(consumer: MiddlewareConsumer): void {
    const built = existsSync(join(this.root, 'index.html'));
    if (!built) this.logger.warn(`no web app build in ${this.root}: / says how to build it`);
    const handler = built ? staticFiles(this.root) : notBuilt;
    consumer.apply(handler).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/** Page paths of the export and their HTML files: `/food` is `food.html`, next to the `food/` folder of its data. */
function pagesOf(root: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.html')) continue;
    const path = `/${file.split(sep).join('/')}`;
    pages.set(path === '/index.html' ? '/' : path.replace(/(\/index)?\.html$/, ''), path);
  }
  return pages;
}

function staticFiles(root: string): (req: Request, res: Response, next: NextFunction) => void {
  const pages = pagesOf(root);
  const serve = express.static(root, {
    index: false,
    redirect: false,
    setHeaders: (res) => res.setHeader('Cache-Control', IMMUTABLE.test(res.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return (req, res, next) => {
    if (!isPageRequest(req)) return next();
    const page = pages.get(req.path);
    if (page) req.url = page + req.url.slice(req.path.length);
    serve(req, res, next);
  };
}

function notBuilt(req: Request, res: Response, next: NextFunction): void {
  if (!isPageRequest(req) || (req.path !== '/' && req.path !== '/index.html')) return next();
  res.status(503).type('html').setHeader('Cache-Control', 'no-cache').send(NOT_BUILT_PAGE);
}

const isPageRequest = (req: Request): boolean => (req.method === 'GET' || req.method === 'HEAD') && !API_PATH.test(req.path);
