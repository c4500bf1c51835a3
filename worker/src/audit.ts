/**
 * The audit trail: who did what, when (auditStmt, returned as a statement so it joins the caller's
 * batch); and the refusals: failed authentications and 403s, for the operator to see who probes
 * what. A refusal row never holds token material (not even a prefix): the client is a hash of its
 * address, the actor a token's id, the path has no query. The table keeps the newest REFUSALS_KEPT
 * rows, so no caller can fill the database with refusals.
 */
import { sha256Hex } from './crypto';
import { nowIso, type Ctx, type Principal } from './env';

export function auditStmt(db: D1DatabaseSession, who: Principal, action: string, target: string | null, detail?: unknown) {
  return db
    .prepare('INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)')
    .bind(nowIso(), who.tokenId, action, target, detail === undefined ? null : JSON.stringify(detail));
}

/** Refusal rows kept; older ones are deleted as new ones come. */
export const REFUSALS_KEPT = 10_000;
const MAX_FIELD = 200;

/** The client's address as the worker sees it (Cloudflare's CF-Connecting-IP). */
export const clientAddress = (c: Ctx) =>
  c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';

/** What the database keeps of a client address: a hash, enough to tell two clients apart. */
export async function clientKey(c: Ctx): Promise<string> {
  return (await sha256Hex(`jiedui-client:${clientAddress(c)}`)).slice(0, 32);
}

export const refusalPath = (c: Ctx) => c.req.path.slice(0, MAX_FIELD);

export const pruneRefusalsStmt = (db: D1DatabaseSession) =>
  db.prepare('DELETE FROM refusals WHERE seq <= (SELECT MAX(seq) FROM refusals) - ?').bind(REFUSALS_KEPT);

/** A 403 (or another refusal of a caller whose token was valid), with the token's id as the actor. */
export async function recordRefusal(c: Ctx, status: number, reason: string) {
  const db = c.var.db ?? c.env.DB;
  const actor = c.var.who?.tokenId ?? null;
  await db.batch([
    db
      .prepare('INSERT INTO refusals (at, client, method, path, status, reason, actor) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .bind(nowIso(), await clientKey(c), c.req.method, refusalPath(c), status, reason.slice(0, MAX_FIELD), actor),
    pruneRefusalsStmt(db),
  ]);
}
