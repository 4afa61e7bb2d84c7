import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebModule, type StaticSite } from './web.module';

async function serve(root: string, docs?: string): Promise<{ app: INestApplication; url: string }> {
  const sites: StaticSite[] = [{ root, mount: '', name: 'web app' }, ...(docs ? [{ root: docs, mount: '/docs', name: 'documentation site' }] : [])];
  const app = await NestFactory.create(WebModule.forRoot(sites), { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('WebModule', () => {
  const dirs: string[] = [];
  const apps: INestApplication[] = [];
  const tempRoot = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ns-web-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  describe('with a build', () => {
    let url: string;
    beforeAll(async () => {
      const root = tempRoot();
      mkdirSync(join(root, '_next/static/chunks'), { recursive: true });
      mkdirSync(join(root, 'api/v1'), { recursive: true });
      mkdirSync(join(root, 'signin'), { recursive: true });
      writeFileSync(join(root, 'signin/__next._tree.txt'), 'page data');
      writeFileSync(join(root, 'index.html'), '<h1>live view</h1>');
      writeFileSync(join(root, 'signin.html'), '<h1>sign in</h1>');
      writeFileSync(join(root, '_next/static/chunks/app.js'), 'console.log(1)');
      writeFileSync(join(root, 'api/v1/entries'), 'a file that must never be served');
      const docs = tempRoot();
      mkdirSync(join(docs, 'channels'), { recursive: true });
      writeFileSync(join(docs, 'index.html'), '<h1>documentation</h1>');
      writeFileSync(join(docs, 'channels/legacy.html'), '<h1>legacy channel</h1>');
      const served = await serve(root, docs);
      apps.push(served.app);
      url = served.url;
    });

    it('serves the live view at / and pages without their .html suffix next to their data folder, never cached stale', async () => {
      const root = await fetch(`${url}/`);
      expect(root.status).toBe(200);
      expect(await root.text()).toBe('<h1>live view</h1>');
      expect(root.headers.get('cache-control')).toBe('no-cache');
      expect(await (await fetch(`${url}/signin`)).text()).toBe('<h1>sign in</h1>');
      expect(await (await fetch(`${url}/signin?from=menu`)).text()).toBe('<h1>sign in</h1>');
      expect(await (await fetch(`${url}/signin/__next._tree.txt`)).text()).toBe('page data');
    });

    it('serves the documentation site under /docs, its pages without the .html suffix', async () => {
      expect(await (await fetch(`${url}/docs`)).text()).toBe('<h1>documentation</h1>');
      expect(await (await fetch(`${url}/docs/?from=menu`)).text()).toBe('<h1>documentation</h1>');
      expect(await (await fetch(`${url}/docs/channels/legacy`)).text()).toBe('<h1>legacy channel</h1>');
      expect((await fetch(`${url}/docs/missing`)).status).toBe(404);
      expect((await fetch(`${url}/docsx`)).status).toBe(404);
    });

    it('lets browsers keep content-named assets for good', async () => {
      const res = await fetch(`${url}/_next/static/chunks/app.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    });

    it('never answers API paths or writes from the file system', async () => {
      expect((await fetch(`${url}/api/v1/entries`)).status).toBe(404);
      expect((await fetch(`${url}/`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${url}/missing`)).status).toBe(404);
    });
  });

  describe('without a build', () => {
    it('explains at / and /docs how to build each site, and leaves other paths alone', async () => {
      const { app, url } = await serve(join(tempRoot(), 'not-there'), join(tempRoot(), 'not-there'));
      apps.push(app);
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('The web app has not been built');
      const docs = await fetch(`${url}/docs`);
      expect(docs.status).toBe(503);
      expect(await docs.text()).toContain('The documentation site has not been built');
      expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
      expect((await fetch(`${url}/docs/elsewhere`)).status).toBe(404);
    });
  });
});
