import { Inject, Logger, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** A static export (Next.js `output: 'export'`) and the path it is served under. */
export interface StaticSite {
  root: string;
  /** `''` for the site root, else a path such as `/docs` (the export's `basePath`). */
  mount: string;
  name: string;
}

/** The web app's static export (`apps/web/dist`), found next to the server in the workspace. */
export const DEFAULT_WEB_ROOT = resolve(__dirname, '../../../web/dist');
export const WEB_APP: StaticSite = { root: DEFAULT_WEB_ROOT, mount: '', name: 'web app' };
/** The documentation site (`apps/docs/dist`), built with `basePath: '/docs'`. */
export const DOCS_SITE: StaticSite = { root: resolve(__dirname, '../../../docs/dist'), mount: '/docs', name: 'documentation site' };

const WEB_SITES = Symbol('WEB_SITES');
const API_PATH = /^\/api(\/|$)/i;
/** Next.js names every file under _next/static by its content: it never changes. */
const IMMUTABLE = /^\/_next\/static\//;

const notBuiltPage = (site: StaticSite) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Nightscout</title></head>
<body style="font-family:system-ui,sans-serif;background:#0d1117;color:#e6edf3;padding:1.5rem;max-width:40rem">
<h1>Nightscout</h1><p>The ${site.name} has not been built on this server, so there is nothing to show here yet.</p>
<p>Run <code>npm run build</code> (<code>npm start</code> builds it too) and start the server again.</p>
<p>The API works meanwhile: <a style="color:#58a6ff" href="/api/v1/status.json">/api/v1/status.json</a>.</p></body></html>`;

type Handler = (req: Request, res: Response, next: NextFunction) => void;

/**
 * Serves the web app at `/` and the documentation site at `/docs` on the API's own origin, so one
 * process and one port serve all. API paths never touch the file system; a site without a build
 * explains at its root how to make one.
 */
@Module({})
export class WebModule implements NestModule {
  private readonly logger = new Logger('Web');

  constructor(@Inject(WEB_SITES) private readonly sites: readonly StaticSite[]) {}

  static forRoot(sites: readonly StaticSite[] = [DOCS_SITE, WEB_APP]): DynamicModule {
    return { module: WebModule, providers: [{ provide: WEB_SITES, useValue: sites }] };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Longest mount first: `/docs/...` belongs to the documentation, not to the web app at `/`.
    const mounted = [...this.sites].sort((a, b) => b.mount.length - a.mount.length).map((site) => ({ site, handler: this.handlerOf(site) }));
    const dispatch: Handler = (req, res, next) => {
      if (!isPageRequest(req)) return next();
      const found = mounted.find(({ site }) => site.mount === '' || req.path === site.mount || req.path.startsWith(`${site.mount}/`));
      if (!found) return next();
      const url = req.url;
      const rest = url.slice(found.site.mount.length);
      req.url = rest.startsWith('/') ? rest : `/${rest}`;
      found.handler(req, res, () => {
        req.url = url;
        next();
      });
    };
    consumer.apply(dispatch).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  private handlerOf(site: StaticSite): Handler {
    if (existsSync(join(site.root, 'index.html'))) return staticFiles(site.root);
    this.logger.warn(`no ${site.name} build in ${site.root}: ${site.mount || '/'} says how to build it`);
    const page = notBuiltPage(site);
    return (req, res, next) => {
      if (req.path !== '/' && req.path !== '/index.html') return next();
      res.status(503).type('html').setHeader('Cache-Control', 'no-cache').send(page);
    };
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

const isPageRequest = (req: Request): boolean => (req.method === 'GET' || req.method === 'HEAD') && !API_PATH.test(req.path);
