/** The answers no one authenticates for: the liveness probe and the API's own documentation. */
import { z } from 'zod';
import { spec } from './route';

export const Health = z.object({ ok: z.literal(true) }).meta({ id: 'Health' });
export type Health = z.infer<typeof Health>;

export const SERVICE_ROUTES = {
  health: spec({
    method: 'get',
    path: '/healthz',
    summary: 'Liveness',
    roles: 'public',
    who: 'anyone',
    ok: { status: 200, answer: Health },
    errors: [],
  }),
  openapi: spec({
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document: OpenAPI 3.1, made from the routes the worker serves',
    roles: 'public',
    who: 'anyone',
    ok: { status: 200, file: 'application/json' },
    errors: [],
  }),
  docs: spec({
    method: 'get',
    path: '/api/v1/docs',
    summary: 'The routes and schemas as a page (no outside scripts)',
    roles: 'public',
    who: 'anyone',
    ok: { status: 200, file: 'text/html' },
    errors: [],
  }),
};
