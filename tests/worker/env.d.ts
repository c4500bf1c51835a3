// The bindings the tests see (vitest-pool-workers 0.15 types `env` as Cloudflare.Env).
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    ADMIN_TOKEN: string;
    CORS_ORIGINS: string;
    TEST_MIGRATIONS: D1Migration[];
  }
}

// A text file imported as a string (Vite's `?raw`): docs/api.md, checked against the live routes.
declare module '*?raw' {
  const text: string;
  export default text;
}
