/**
 * CSV for Excel: UTF-8 with a BOM (or Excel guesses a legacy code page and garbles Chinese), CRLF,
 * and text cells that Excel would run as a formula prefixed with an apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  // A number's text holds no quote, comma or line break and is never taken for a formula.
  if (typeof v === 'number') return String(v);
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** RFC 5987 ext-value: UTF-8, percent-encoded except attr-char (encodeURIComponent leaves ' ( ) * too). */
const rfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` of a download: the name in Chinese as `filename*=UTF-8''…` (RFC 6266 / 5987,
 * which Excel's and every current browser's download reads) and an ASCII `filename=` for the rest.
 */
export function attachment(asciiName: string, name: string): string {
  const ascii = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}
