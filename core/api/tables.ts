/**
 * The synced sheets: the template sheets a school's sync sends and the worker stores, in the order
 * the worker answers them. Plain values (no zod), so the pane imports them without the schemas.
 */
export const SYNC_TABLES = ['partnerships', 'teachers', 'pairings', 'schedule', 'assessment', 'support', 'summary'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export function isSyncTable(t: string): t is SyncTable {
  return (SYNC_TABLES as readonly string[]).includes(t);
}
