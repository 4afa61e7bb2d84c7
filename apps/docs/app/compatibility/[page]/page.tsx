import { markdownRoutes } from '../../../src/components/page';
import { COMPATIBILITY_PAGES } from '../../../src/site';

const routes = markdownRoutes(COMPATIBILITY_PAGES);

export const dynamicParams = false;
export const { generateStaticParams, generateMetadata } = routes;
export default routes.MarkdownRoute;
