/**
 * The wire schemas moved to the contract in core (core/api/*.ts), which the pane's types come from
 * too. This module re-exports them for the worker's imports; add a schema or a field in core/api.
 */
export * from '../../core/api/common';
export * from '../../core/api/admin';
export * from '../../core/api/sync';
export * from '../../core/api/totals';
export * from '../../core/api/rules';
