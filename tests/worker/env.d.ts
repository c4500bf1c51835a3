// The bindings the tests see (vitest-pool-workers 0.15 types `env` as Cloudflare.Env).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ADMIN_TOKEN: string;
    CORS_ORIGINS: string;
    TEST_MIGRATIONS: D1Migration[];
  }
}
