/** The audit trail: who did what, when. Returned as a statement so it joins the caller's batch. */
import { nowIso, type Principal } from './env';

export function auditStmt(db: D1DatabaseSession, who: Principal, action: string, target: string | null, detail?: unknown) {
  return db
    .prepare('INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)')
    .bind(nowIso(), who.tokenId, action, target, detail === undefined ? null : JSON.stringify(detail));
}
