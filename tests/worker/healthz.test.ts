import { SELF, env } from 'cloudflare:test';
import { expect, it } from 'vitest';

it('answers /healthz and has a migrated D1', async () => {
  const res = await SELF.fetch('https://x/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true });
  const row = await env.DB.prepare("SELECT name FROM sqlite_master WHERE name='schools'").first();
  expect(row).not.toBeNull();
});
