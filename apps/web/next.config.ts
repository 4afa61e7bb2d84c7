import { staticExport } from '../../tools/next/static-export';

/**
 * A static export that the API server serves at `/` on its own origin. For development,
 * `npm run dev -w @nightscout/web` next to a running server with NEXT_PUBLIC_NIGHTSCOUT_URL set.
 */
export default staticExport();
