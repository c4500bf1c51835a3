import type { Hono, Context } from 'hono';

export interface Env {
  DB: D1Database;
  ADMIN_TOKEN?: string;
  /** Comma-separated origins allowed by CORS (the task pane's). */
  CORS_ORIGINS?: string;
}

export type Principal =
  | { role: 'admin'; tokenId: 'admin' }
  | { role: 'bureau'; tokenId: string; county: string }
  | { role: 'school'; tokenId: string; school: string; county: string };

export interface Vars {
  db: D1DatabaseSession;
  who: Principal;
}

export type AppEnv = { Bindings: Env; Variables: Vars };
export type App = Hono<AppEnv>;
export type Ctx = Context<AppEnv>;

export const nowIso = () => new Date().toISOString();
