import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebModule } from './web.module';

async function serve(root: string): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(WebModule.forRoot(root), { logger: false });
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
      const served = await serve(root);
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
    it('explains at / how to build the web app, and leaves other paths alone', async () => {
      const { app, url } = await serve(join(tempRoot(), 'not-there'));
      apps.push(app);
      const res = await fetch(`${url}/`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    });
  });
});
