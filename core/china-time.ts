/**
 * Times as the schools and the bureau read them: in China (Asia/Shanghai, UTC+8 all year, no
 * daylight saving since 1991). The server keeps UTC ISO times; every place a person reads a time
 * or a date (the pane, the Totals sheet, the CSV for people, the reports list, the sync status)
 * shows it through these, so a sync at 20:32 UTC is the next day's 04:32 in Beijing everywhere.
 * Pure arithmetic on the UTC time: no Intl time zone data, which some hosts lack.
 */

const OFFSET_MS = 8 * 3600_000;

/** The instant as ms, or null for a value that is not a time. */
function msOf(t: string | number | Date | null | undefined): number | null {
  if (t === null || t === undefined || t === '') return null;
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** `YYYY-MM-DDTHH:MM:SS` of the instant in China. */
const chinaIso = (ms: number) => new Date(ms + OFFSET_MS).toISOString();

/**
 * A time in China to the minute, `2026-10-16 04:32`: from a UTC ISO string (`2026-10-15T20:32:00Z`),
 * ms since the epoch or a Date. Null for null, empty or a value that is not a time.
 */
export function chinaTime(t: string | number | Date | null | undefined): string | null {
  const ms = msOf(t);
  return ms === null ? null : chinaIso(ms).slice(0, 16).replace('T', ' ');
}

/** The date in China, `2026-10-16`, of an instant (now by default): the schools' calendar day. */
export function chinaDate(now: number | Date = Date.now()): string {
  return chinaIso(typeof now === 'number' ? now : now.getTime()).slice(0, 10);
}

/** A time for people, with the zone named in their language: `2026-10-16 04:32（北京时间）`, `2026-10-16 04:32 Beijing time`. */
export function chinaTimeWords(t: string | number | Date | null | undefined, lang: 'zh' | 'en'): string | null {
  const s = chinaTime(t);
  if (s === null) return null;
  return lang === 'zh' ? `${s}（北京时间）` : `${s} Beijing time`;
}
