/** One way to call the worker: its error body `{error: {code, message}}` becomes an HttpError. */

export class HttpError extends Error {
  constructor(
    /** 0 when the server could not be reached at all. */
    readonly status: number,
    message: string,
    /** The worker's error code (`unauthorized`, `term_locked`, `busy`, ...), or '' when none. */
    readonly code: string = '',
    readonly retryAfterSec: number | null = null,
  ) {
    super(message);
  }
}

export type FetchFn = typeof fetch;

export function joinUrl(base: string, path: string): string {
  return `${base.trim().replace(/(?<!\/)\/+$/, '')}${path}`;
}

export async function callJson<T>(url: string, init: RequestInit, fetchFn: FetchFn): Promise<T> {
  let res: Response;
  try {
    res = await fetchFn(url, init);
  } catch (e) {
    throw new HttpError(0, `cannot reach ${url}: ${(e as Error).message}`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    // The connection dropped while the answer was on its way: as good as no answer.
    throw new HttpError(0, `no answer from ${url}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    let msg = `${res.status} ${res.statusText}`;
    let code = '';
    try {
      const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (body.error) {
        code = body.error.code ?? '';
        msg = `${res.status} ${code}: ${body.error.message ?? ''}`;
      }
    } catch {
      /* not JSON: keep the status line */
    }
    const ra = Number(res.headers.get('retry-after'));
    throw new HttpError(res.status, msg, code, Number.isFinite(ra) && ra > 0 ? ra : null);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    // Something answered, but not the worker (a captive portal, another site at that address).
    throw new HttpError(res.status, `${url} did not answer with JSON`, 'not_json');
  }
}
