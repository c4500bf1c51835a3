import { Hono } from 'hono';

export interface Env {
  DB: D1Database;
  ADMIN_TOKEN?: string;
  CORS_ORIGINS?: string;
}

const app = new Hono<{ Bindings: Env }>();
app.get('/healthz', (c) => c.json({ ok: true }));

export default app;
