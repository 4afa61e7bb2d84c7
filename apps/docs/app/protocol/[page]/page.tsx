import { markdownRoutes } from '../../../src/components/page';
import { PROTOCOL_PAGES } from '../../../src/site';

const routes = markdownRoutes(PROTOCOL_PAGES.filter((p) => p.route !== '/protocol'));

export const dynamicParams = false;
export const { generateStaticParams, generateMetadata } = routes;
export default routes.MarkdownRoute;
