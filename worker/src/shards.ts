/**
 * Which database holds a county's rows: the one place that decides it (docs/scale.md). Today every
 * county's rows are in the one D1 binding (`DB`), read through the request's session (index.ts),
 * so this returns that session. Past one database's 10 GB the plan is a D1 per county or
 * province, named by a routing table (county -> binding) read here; every route that reads or
 * writes a county's rows asks this function, so sharding is a change of this file and a deploy.
 * `county` null means every county (the admin's totals): with more than one database that read
 * goes to the national roll-up, written at sync.
 */
import type { Ctx } from './env';

export function dbFor(c: Ctx, county: string | null): D1DatabaseSession {
  void county;
  return c.var.db;
}
