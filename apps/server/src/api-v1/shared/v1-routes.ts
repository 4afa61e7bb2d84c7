/** Every v1 route is served under `/api/v1` and again under `/api/v2` (spec Q1). */
export const V1_PREFIXES = ['api/v1', 'api/v2'];
