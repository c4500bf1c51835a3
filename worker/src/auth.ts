/**
 * Who is calling: the admin (secret ADMIN_TOKEN), a bureau token (one county) or a school token
 * (one school). Failed attempts are counted per client and minute; past the limit the client gets 429.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError, forbidden, unauthorized } from './errors';
import { sameDigest, sha256Hex } from './crypto';
import type { AppEnv, Ctx, Principal } from './env';

export const AUTH_FAILURES_PER_MINUTE = 10;

const clientOf = (c: Ctx) => c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
const minuteNow = () => Math.floor(Date.now() / 60_000);

async function recordFailure(c: Ctx, client: string, minute: number) {
  await c.var.db.batch([
    c.var.db
      .prepare('INSERT INTO auth_failures (client, minute, count) VALUES (?, ?, 1) ON CONFLICT (client, minute) DO UPDATE SET count = count + 1')
      .bind(client, minute),
    c.var.db.prepare('DELETE FROM auth_failures WHERE minute < ?').bind(minute - 2),
  ]);
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
  const client = clientOf(c);
  const minute = minuteNow();
  const failures = await c.var.db
    .prepare('SELECT count FROM auth_failures WHERE client = ? AND minute = ?')
    .bind(client, minute)
    .first<number>('count');
  if ((failures ?? 0) >= AUTH_FAILURES_PER_MINUTE) {
    c.header('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
    throw new ApiError(429, 'too_many_requests', 'Too many failed authentications; wait a minute');
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  const who = m ? await identify(c, m[1]) : null;
  if (!who) {
    await recordFailure(c, client, minute);
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
