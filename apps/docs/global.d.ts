// Style sheets are imported for their side effect; Next.js bundles them.
declare module '*.css';
