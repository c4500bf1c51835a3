/**
 * The API's contract, one for the worker and the pane: zod schemas of every body, query and answer
 * that crosses the wire, the synced tables, and each route's declaration. The worker validates with
 * the schemas and binds its handlers to the declarations; the pane uses the inferred types only
 * (`import type`), so zod stays out of its bundle.
 */
export * from './common';
export * from './tables';
export * from './route';
export * from './admin';
export * from './sync';
export * from './totals';
export * from './rules';
export * from './reports';
export * from './service';
