/**
 * Who is calling: the admin (secret ADMIN_TOKEN), a bureau token (one county) or a school token
 * (one school).
 *
 * Failed attempts are limited without ever refusing a valid token: a request whose token is valid
 * is answered whatever others behind its address (a school's NAT, a bureau's office) did. Only the
 * failing guesses are counted, per hashed client address and minute, and past
 * AUTH_FAILURES_PER_MINUTE a failing guess is answered 429 (Retry-After: the rest of the minute)
 * instead of 401. The count is one UPSERT … RETURNING in the batch that records the refusal, so
 * concurrent guesses cannot read the same count: at most AUTH_FAILURES_PER_MINUTE of them a minute
 * are answered 401. Tokens are 32 random bytes, so the limit is not what keeps a guess from
 * succeeding; it bounds what guessing costs the database and the refusal log.
 */
import type { MiddlewareHandler } from 'hono';
import { clientKey, pruneRefusalsStmt, refusalPath } from './audit';
import { ApiError, forbidden, notFound, unauthorized } from './errors';
import { sameDigest, sha256Hex } from './crypto';
import { nowIso, type AppEnv, type Ctx, type Principal } from './env';

export const AUTH_FAILURES_PER_MINUTE = 10;

const minuteNow = () => Math.floor(Date.now() / 60_000);

/**
 * Counts a failed authentication and records it as a refusal, in one transaction; returns the
 * client's count of this minute, this one included. Past the limit only the first failure of the
 * minute (the first 429) adds a refusal row, so one client cannot flood the log.
 */
async function countFailure(c: Ctx, reason: string): Promise<number> {
  const db = c.var.db;
  const client = await clientKey(c);
  const minute = minuteNow();
  const [counted] = await db.batch<{ count: number }>([
    db
      .prepare(
        `INSERT INTO auth_failures (client, minute, count) VALUES (?1, ?2, 1)
         ON CONFLICT (client, minute) DO UPDATE SET count = count + 1 RETURNING count`,
      )
      .bind(client, minute),
    db
      .prepare(
        `INSERT INTO refusals (at, client, method, path, status, reason, actor)
         SELECT ?1, ?2, ?3, ?4, CASE WHEN f.count > ?6 THEN 429 ELSE 401 END,
                CASE WHEN f.count > ?6 THEN 'rate_limited' ELSE ?5 END, NULL
         FROM auth_failures f WHERE f.client = ?2 AND f.minute = ?7 AND f.count <= ?6 + 1`,
      )
      .bind(nowIso(), client, c.req.method, refusalPath(c), reason, AUTH_FAILURES_PER_MINUTE, minute),
    pruneRefusalsStmt(db),
    db.prepare('DELETE FROM auth_failures WHERE minute < ?').bind(minute - 2),
  ]);
  return counted.results[0]?.count ?? Number.MAX_SAFE_INTEGER;
}

async function identify(c: Ctx, token: string): Promise<Principal | null> {
  const digest = await sha256Hex(token);
  const admin = c.env.ADMIN_TOKEN;
  if (admin && sameDigest(digest, await sha256Hex(admin))) return { role: 'admin', tokenId: 'admin' };
  const row = await c.var.db
    .prepare(
      `SELECT t.id, t.hash, t.role, t.school, COALESCE(t.county, s.county) AS county
       FROM tokens t LEFT JOIN schools s ON s.code = t.school
       WHERE t.hash = ? AND t.revoked_at IS NULL`,
    )
    .bind(digest)
    .first<{ id: string; hash: string; role: string; school: string | null; county: string | null }>();
  if (!row || !sameDigest(row.hash, digest)) return null;
  if (row.role === 'bureau' && row.county) return { role: 'bureau', tokenId: row.id, county: row.county };
  if (row.role === 'school' && row.school && row.county) {
    return { role: 'school', tokenId: row.id, school: row.school, county: row.county };
  }
  return null;
}

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  const who = m ? await identify(c, m[1]) : null;
  if (!who) {
    const failures = await countFailure(c, m ? 'bad_token' : 'no_token');
    if (failures > AUTH_FAILURES_PER_MINUTE) {
      c.header('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
      throw new ApiError(
        429,
        'too_many_requests',
        'Too many failed authentications from this address; wait a minute (a valid token is still answered)',
      );
    }
    throw unauthorized(m ? 'The token is not valid or was revoked' : undefined);
  }
  c.set('who', who);
  await next();
};

export function requireRole(c: Ctx, ...roles: Principal['role'][]): Principal {
  const who = c.var.who;
  if (!roles.includes(who.role)) throw forbidden(`This needs a ${roles.join(' or ')} token`);
  return who;
}

/**
 * The county an admin's write names, when it is one: some school is registered in it, or it has a
 * name. A bureau's and a school's county come from their token. A code of no county is refused
 * (404), not stored: a lock of a mistyped county would leave the real one open, and say it closed.
 */
export async function existingCounty(c: Ctx, county: string): Promise<string> {
  if (c.var.who.role !== 'admin') return county;
  const known = await c.var.db
    .prepare('SELECT 1 FROM schools WHERE county = ?1 UNION ALL SELECT 1 FROM counties WHERE code = ?1 LIMIT 1')
    .bind(county)
    .first();
  if (!known) throw notFound(`No county ${county}: no school is registered in it`);
  return county;
}

/** The county a bureau or admin acts on: a bureau only its own; the admin must name one. */
export function countyScope(c: Ctx, asked: string | undefined | null): string {
  const who = c.var.who;
  if (who.role === 'bureau') {
    if (asked && asked !== who.county) throw forbidden(`This token is scoped to county ${who.county}`);
    return who.county;
  }
  if (who.role === 'school') {
    if (asked && asked !== who.county) throw forbidden(`This token is scoped to school ${who.school}`);
    return who.county;
  }
  if (!asked) throw new ApiError(400, 'bad_request', 'county: required for an admin token');
  return asked;
}
