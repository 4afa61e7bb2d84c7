import type { NextConfig } from 'next';
import { resolve } from 'node:path';

/**
 * A static export (`dist/`) that the API server serves at `/` on its own origin. For development,
 * `npm run dev -w @nightscout/web` next to a running server with NEXT_PUBLIC_NIGHTSCOUT_URL set.
 */
const config: NextConfig = {
  output: 'export',
  distDir: 'dist',
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // The `typecheck` target checks the app; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The app imports libs/* through the workspace's path aliases.
  turbopack: { root: resolve(process.cwd(), '../..') },
};

export default config;
