/**
 * A route of the API as the contract declares it: method, path, who may call it, what it takes and
 * what it answers. The worker binds a handler to each declaration (worker/src/route.ts); the OpenAPI
 * document, the role matrix and docs/api.md are checked against the routes so declared.
 */
import type { z } from 'zod';

export type ApiRole = 'admin' | 'bureau' | 'school';
export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  method: Method;
  /** Hono's form: `/api/v1/schools/:code`. */
  path: string;
  summary: string;
  /**
   * The roles that may get a success answer (a scope rule may still refuse one of them); every
   * other role is refused. `public`: no token at all.
   */
  roles: 'public' | readonly ApiRole[];
  /** Who, in words, with the scope rules: the OpenAPI description. */
  who: string;
  /** The query string, validated by the handler with this schema. */
  query?: z.ZodObject;
  /** The JSON body, validated by the handler with this schema. */
  body?: z.ZodType;
  /** The success status and its answer: a JSON schema, else a file of `file`'s media type. */
  ok: { status: number; answer?: z.ZodType; file?: string; csv?: boolean };
  /** The error statuses it may answer (bodies of `ErrorBody`). */
  errors: readonly number[];
}

/** A declaration, its path kept as a literal type so a handler's `c.req.param()` knows its names. */
export const spec = <const S extends RouteSpec>(s: S): S => s;
