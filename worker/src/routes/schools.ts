/**
 * Schools: registered by the admin or their county's bureau, renamed or moved (name, town, level)
 * and retired from a term on by the same, every change audited with its old and new values.
 *
 * Codes are unique whatever their case (migration 0006): `b1` cannot be registered beside `B1`.
 * What a refused code tells a bureau: a code of a school of its own county is `code_taken`, naming
 * that school (the bureau sees its schools anyway). A code held in another county is
 * `code_unavailable`, "choose another code", with nothing of where or whose: codes are one
 * namespace across counties, so that a code cannot be had is all a bureau can learn, and each such
 * refusal is a 409 like any other. The admin sees every county and gets `code_taken` with the county.
 * A bureau naming a school outside its county in PUT or retire gets the 404 of a school that does not
 * exist.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { auditStmt } from '../audit';
import { readBody } from '../body';
import { ApiError, forbidden, notFound } from '../errors';
import { nowIso, type AppEnv, type Ctx } from '../env';
import { MAX_BODY_BYTES, SchoolCreate, SchoolRetire, SchoolUpdate, Term } from '../schemas';
import { ADMIN_ROUTES } from '../../../core/api/admin';
import { route } from '../route';

interface SchoolRow {
  code: string;
  name: string;
  county: string;
  town: string | null;
  level: string | null;
  created_at: string;
  retired_from: string | null;
}

const COLUMNS = 'code, name, county, town, level, created_at, retired_from';

const findSchool = (db: D1DatabaseSession, code: string) =>
  db.prepare(`SELECT ${COLUMNS} FROM schools WHERE code = ? COLLATE NOCASE`).bind(code).first<SchoolRow>();

/** The refusal of a code already held, as the caller may see it (the header above). */
function codeRefused(c: Ctx, asked: string, held: { code: string; name: string; county: string }): ApiError {
  const who = c.var.who;
  const same = held.code === asked ? '' : ` (as ${held.code}: codes are the same whatever their case)`;
  if (who.role === 'admin') {
    return new ApiError(409, 'code_taken', `School code ${asked} is taken by ${held.name} in county ${held.county}${same}`);
  }
  if (who.role === 'bureau' && held.county === who.county) {
    return new ApiError(409, 'code_taken', `School code ${asked} is taken by ${held.name} of your county${same}`);
  }
  return new ApiError(409, 'code_unavailable', `School code ${asked} cannot be registered; choose another code`);
}

/** The school of the path a caller may change: the admin any; a bureau its county's (else the 404 of none). */
async function changeable(c: Ctx): Promise<SchoolRow> {
  const who = c.var.who;
  const code = c.req.param('code') ?? '';
  const s = code.length <= 32 ? await findSchool(c.var.db, code) : null;
  if (!s || (who.role === 'bureau' && s.county !== who.county)) {
    throw notFound(who.role === 'bureau' ? `No school ${code} in your county (${who.county})` : `No school ${code}`);
  }
  return s;
}

const answer = (s: SchoolRow) => ({
  code: s.code,
  name: s.name,
  county: s.county,
  town: s.town,
  level: s.level,
  created_at: s.created_at,
  retired_from: s.retired_from,
});

/** Sets fields of a school and audits old and new values of those that changed; answers the school. */
async function change(c: Ctx, s: SchoolRow, set: Partial<Pick<SchoolRow, 'name' | 'town' | 'level' | 'retired_from'>>, action: string) {
  const keys = (Object.keys(set) as (keyof typeof set)[]).filter((k) => set[k] !== s[k]);
  const after: SchoolRow = { ...s, ...set };
  if (keys.length === 0) return c.json(answer(after));
  const db = c.var.db;
  const old = Object.fromEntries(keys.map((k) => [k, s[k]]));
  const now = Object.fromEntries(keys.map((k) => [k, after[k]]));
  await db.batch([
    db
      .prepare(`UPDATE schools SET ${keys.map((k, i) => `${k} = ?${i + 2}`).join(', ')} WHERE code = ?1`)
      .bind(s.code, ...keys.map((k) => after[k] ?? null)),
    auditStmt(db, c.var.who, action, s.code, { old, new: now }),
  ]);
  return c.json(answer(after));
}

export const schoolRoutes = new Hono<AppEnv>();
route(schoolRoutes, ADMIN_ROUTES.schoolCreate, async (c) => {
  const who = c.var.who;
  const body = await readBody(c, SchoolCreate);
  if (who.role === 'bureau' && body.county !== who.county) {
    throw forbidden(`A bureau token of ${who.county} cannot register a school in ${body.county}`);
  }
  const db = c.var.db;
  const held = await findSchool(db, body.code);
  if (held) throw codeRefused(c, body.code, held);
  const created_at = nowIso();
  try {
    await db.batch([
      db
        .prepare('INSERT INTO schools (code, name, county, town, level, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .bind(body.code, body.name, body.county, body.town ?? null, body.level ?? null, created_at),
      db.prepare('INSERT INTO school_state (school, revision) VALUES (?, 0)').bind(body.code),
      auditStmt(db, who, 'school.create', body.code, body),
    ]);
  } catch (e) {
    // Two registrations racing for one code: the unique index decides.
    if (!/UNIQUE|PRIMARY KEY/i.test(String(e))) throw e;
    const winner = await findSchool(db, body.code);
    throw codeRefused(c, body.code, winner ?? { code: body.code, name: body.code, county: '' });
  }
  return c.json({ ...body, created_at }, 201);
});

route(schoolRoutes, ADMIN_ROUTES.schoolUpdate, async (c) => {
  const s = await changeable(c);
  const body = await readBody(c, SchoolUpdate);
  return change(c, s, body, 'school.update');
});

route(schoolRoutes, ADMIN_ROUTES.schoolRetire, async (c) => {
  const s = await changeable(c);
  const { from_term } = await readBody(c, SchoolRetire);
  return change(c, s, { retired_from: from_term }, 'school.retire');
});

route(schoolRoutes, ADMIN_ROUTES.schoolUnretire, async (c) => {
  const s = await changeable(c);
  return change(c, s, { retired_from: null }, 'school.unretire');
});

/** The `term` of a JSON body, read from a copy so the route still reads the body; null when there is none to read. */
async function termOfBody(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return null;
  const body = req.clone().body;
  if (!body) return null;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(await new Blob(chunks).arrayBuffer()));
    const term = (parsed as { term?: unknown } | null)?.term;
    return typeof term === 'string' ? term : null;
  } catch {
    return null; // the sync route answers a bad body
  }
}

/**
 * Before the sync route: a school retired from a term on may still read, but its syncs of that term
 * and later ones answer 409 `school_retired`, writing nothing. Only a retired school's sync pays for
 * reading the body's term here.
 */
export const refuseRetiredSync: MiddlewareHandler<AppEnv> = async (c, next) => {
  const who = c.var.who;
  if (who.role !== 'school') return next();
  const retired = await c.var.db
    .prepare('SELECT retired_from FROM schools WHERE code = ?')
    .bind(who.school)
    .first<string | null>('retired_from');
  if (!retired) return next();
  const term = await termOfBody(c.req.raw);
  // A term that is not one is the sync route's 400.
  if (term !== null && Term.safeParse(term).success && term >= retired) {
    throw new ApiError(
      409,
      'school_retired',
      `School ${who.school} is retired from term ${retired} on: its rows of ${term} cannot be synced (ask the bureau to reverse the retirement if this is wrong)`,
    );
  }
  return next();
};
