/** The term report's request and answer shapes: in the contract, core/api/reports.ts (re-exported here). */
export * from '../../core/api/reports';
