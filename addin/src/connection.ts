/**
 * "Test connection", and the words for what went wrong on any call: a teacher needs to know
 * whether the network is down, the address is wrong, the token was revoked or the term is closed,
 * not a status code. It also learns the token's role (school or bureau), so the pane shows Sync to
 * a school and "Pull totals" to a bureau, and never asks the server for what a role may not read.
 */
import { HttpError, callJson, joinUrl, type FetchFn } from './http';
import { getRows, getRules, health } from './sync-client';
import type { WhoAmI } from '../../core/api/admin';

export type { WhoAmI };

export type Problem =
  | 'offline'
  | 'unreachable'
  | 'bad_address'
  | 'not_jiedui'
  | 'token_revoked'
  | 'wrong_role'
  | 'term_locked'
  | 'too_many_tries'
  | 'busy'
  | 'server_error'
  | 'too_large'
  | 'template'
  | 'wrong_school'
  | 'other';

export type Role = 'school' | 'bureau';

export function problemOf(e: unknown, online = true): Problem {
  if (!(e instanceof HttpError)) return 'other';
  if (e.status === 0) return online ? 'unreachable' : 'offline';
  if (e.code === 'not_json' || (e.status === 404 && !e.code)) return 'not_jiedui';
  if (e.status === 401) return 'token_revoked';
  if (e.status === 403) return 'wrong_role';
  if (e.status === 423) return 'term_locked';
  if (e.status === 429) return 'too_many_tries';
  if (e.status === 409 && e.code === 'busy') return 'busy';
  if (e.status === 409 && e.code === 'wrong_school') return 'wrong_school';
  if (e.status === 413) return 'too_large';
  if (e.status === 422 && e.code === 'template_version') return 'template';
  if (e.status >= 500) return 'server_error';
  return 'other';
}

export interface ConnectionResult {
  ok: boolean;
  problem?: Problem;
  role?: Role;
  county?: string;
  /** Whether the county's bureau closed the term asked about (unknown from an older worker). */
  termLocked?: boolean;
  /** A school token: the school's code and registered name. */
  school?: string;
  schoolName?: string;
  /** The county's name, where its bureau gave one (else only the code is known). */
  countyName?: string;
  detail?: string;
}

export function validAddress(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return (u.protocol === 'https:' || u.protocol === 'http:') && Boolean(u.hostname);
  } catch {
    return false;
  }
}

/** A term id for probing when no workbook says which: the one today falls in. */
export function currentTerm(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (m >= 8) return `${y}-${y + 1}-1`;
  if (m <= 1) return `${y - 1}-${y}-1`;
  return `${y - 1}-${y}-2`;
}

export async function whoami(serverUrl: string, token: string, term: string, fetchFn: FetchFn = fetch): Promise<WhoAmI> {
  return callJson<WhoAmI>(
    joinUrl(serverUrl, `/api/v1/whoami?term=${encodeURIComponent(term)}`),
    { headers: { authorization: `Bearer ${token}` } },
    fetchFn,
  );
}

/**
 * Two calls, neither of which writes: /healthz (network and address), then GET /whoami (the
 * token, its role, and whether the term is locked). A worker older than /whoami answers it 404:
 * then the old probe, GET /rules (any role) and GET /rows (a school's only; a bureau gets 403).
 */
export async function testConnection(
  serverUrl: string,
  token: string,
  term: string,
  opts: { fetchFn?: FetchFn; online?: boolean } = {},
): Promise<ConnectionResult> {
  const f = opts.fetchFn ?? fetch;
  const online = opts.online ?? true;
  if (!validAddress(serverUrl)) return { ok: false, problem: 'bad_address' };
  try {
    if (!(await health(serverUrl, f))) return { ok: false, problem: 'not_jiedui' };
  } catch (e) {
    const p = problemOf(e, online);
    return {
      ok: false,
      problem: p === 'other' || p === 'wrong_role' || p === 'token_revoked' ? 'not_jiedui' : p,
      detail: (e as Error).message,
    };
  }
  if (!token.trim()) return { ok: false, problem: 'token_revoked' };
  try {
    const me = await whoami(serverUrl, token, term, f);
    // Only a school syncs; a bureau (or the admin, which has no school) pulls totals.
    const role: Role = me.role === 'school' ? 'school' : 'bureau';
    return {
      ok: true,
      role,
      county: me.county,
      countyName: me.county_name ?? undefined,
      termLocked: me.term_locked,
      school: me.school,
      schoolName: me.school_name ?? undefined,
    };
  } catch (e) {
    if (!(e instanceof HttpError && e.status === 404 && e.code === 'not_found')) {
      return { ok: false, problem: problemOf(e, online), detail: (e as Error).message };
    }
  }
  return olderServerProbe(serverUrl, token, term, f, online);
}

async function olderServerProbe(serverUrl: string, token: string, term: string, f: FetchFn, online: boolean): Promise<ConnectionResult> {
  let county: string;
  try {
    county = (await getRules(serverUrl, token, term, f)).county;
  } catch (e) {
    return { ok: false, problem: problemOf(e, online), detail: (e as Error).message };
  }
  try {
    await getRows(serverUrl, token, term, 2 ** 31, f);
    return { ok: true, role: 'school', county };
  } catch (e) {
    if (e instanceof HttpError && e.status === 403) return { ok: true, role: 'bureau', county };
    return { ok: false, problem: problemOf(e, online), detail: (e as Error).message };
  }
}
