import type { NextConfig } from 'next';
import { resolve } from 'node:path';

/**
 * The Next.js settings of a static export (`dist/`) that the API server serves (apps/server/src/web):
 * the web app at `/`, the documentation site at `/docs` (its `basePath`).
 */
export const staticExport = (extra: NextConfig = {}): NextConfig => ({
  output: 'export',
  distDir: 'dist',
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // The `typecheck` target checks the app; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Apps import libs/* through the workspace's path aliases.
  turbopack: { root: resolve(process.cwd(), '../..') },
  ...extra,
});
