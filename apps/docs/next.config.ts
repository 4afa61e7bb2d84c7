import { staticExport } from '../../tools/next/static-export';

/**
 * Served by the API server at `/docs`. Every page is rendered at build time from the contract
 * documents the server build writes (apps/server/dist/contracts), the configuration table and the
 * Markdown under docs/.
 */
export default staticExport({ basePath: '/docs' });
