/**
 * Every issue code with its severity and message templates in Chinese and English.
 * Codes are stable: the worker stores them and the bureau counts them.
 * `{name}` placeholders take the issue's params; `{what}`/`{expected}` come from params.expected
 * and `{allowed}` from params.enum when present, so they follow the language asked for.
 */
import type { Issue, IssueCode, IssueTemplate, Lang, Severity } from './types';
import { ENUMS, SHEET_BY_KEY, type SheetKey } from './template';
import { READING_CODES } from './catalogue/reading';
import { CHECK_CODES } from './catalogue/checks';
import { FILL_SYNC_CODES } from './catalogue/fill-sync';
import { EXPECTED } from './catalogue/expected';

export type { IssueCode, IssueTemplate } from './types';
export { EXPECTED } from './catalogue/expected';

/** The catalogue: every issue code, in three parts by where it is raised (core/catalogue/). */
export const ISSUE_CODES: Readonly<Record<IssueCode, IssueTemplate>> = { ...READING_CODES, ...CHECK_CODES, ...FILL_SYNC_CODES };

/** Whether a string (a code from the wire, a stored one) is a code of the catalogue. */
export function isIssueCode(code: string): code is IssueCode {
  return Object.prototype.hasOwnProperty.call(ISSUE_CODES, code);
}

/** A code's severity; a string no catalogue entry has (from an older or newer peer) is an error. */
export function severityOf(code: string): Severity {
  return SEVERITY.get(code) ?? 'error';
}

/** Each code's severity in a Map: asked once per issue, and a Map lookup is cheaper than the catalogue's own. */
const SEVERITY = new Map<string, Severity>(Object.entries(ISSUE_CODES).map(([code, t]) => [code, t.severity]));

/** Builds an issue with its code's severity. */
export function makeIssue(
  code: IssueCode,
  sheet: SheetKey,
  params: Record<string, string | number>,
  at: Partial<Pick<Issue, 'sheetName' | 'row' | 'col' | 'column' | 'cell'>> = {},
): Issue {
  return { code, severity: severityOf(code), sheet, ...at, params };
}

export function allowedLabels(enumKey: string, lang: Lang): string {
  const def = ENUMS[enumKey];
  if (!def) return '';
  return def.values.map((v) => v[lang]).join(lang === 'zh' ? '、' : ', ');
}

const PLACEHOLDER = /\{([A-Za-z_]+)(?:\|([^{}|]*)\|([^{}|]*))?\}/g;

/**
 * A message with each `{name}` replaced by `value(name)`; a name without a value stays as written,
 * so a missing parameter shows instead of vanishing. `{name|one|other}` is the word for the count
 * `name`: `one` when it is 1, else `other` (English plurals: `{n} {n|cell|cells}`). Every message of the product goes through it:
 * issues here, the pane's words, the command line's.
 */
export function fillIn(template: string, value: (name: string) => string | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    const v = value(name);
    if (v === undefined) return whole;
    if (one === undefined) return v;
    return Number(v) === 1 ? one : (other ?? one);
  });
}

// A header written as the template's label follows the language asked for; any other spelling stays as typed.
function columnLabel(col: { zh: string; en: string } | undefined, typed: string | number | undefined, lang: Lang) {
  if (col && (typed === undefined || typed === col.zh || typed === col.en)) return col[lang];
  return typed;
}

/** Longest a value typed in a cell is shown in a message, in code points (never half a pair). */
const MAX_SHOWN = 80;

/** A pasted 100,000-character cell must not make a 100,000-character message. */
function shown(v: string | number): string {
  const s = String(v);
  if (s.length <= MAX_SHOWN) return s;
  const cps = Array.from(s);
  return cps.length <= MAX_SHOWN ? s : cps.slice(0, MAX_SHOWN - 1).join('') + '…';
}

/** The forms an ambiguous value could be: an enum's codes as its labels in `lang`, else as sent. */
function formsIn(p: Record<string, string | number>, lang: Lang): string | undefined {
  if (typeof p.forms !== 'string') return undefined;
  const codes = p.forms.split(',').map((c) => c.trim());
  const labels =
    typeof p.enum === 'string' ? codes.map((c) => ENUMS[p.enum as string]?.values.find((v) => v.code === c)?.[lang] ?? c) : codes;
  return labels.join(lang === 'zh' ? '、' : ', ');
}

export function formatIssue(issue: Issue, lang: Lang): string {
  const t = isIssueCode(issue.code) ? ISSUE_CODES[issue.code] : undefined;
  if (!t) return `${issue.code} ${JSON.stringify(issue.params)}`;
  const p = issue.params ?? {};
  const exp = typeof p.expected === 'string' ? EXPECTED[p.expected]?.[lang] : undefined;
  const def = SHEET_BY_KEY[issue.sheet as SheetKey];
  const derived: Record<string, string | number | undefined> = {
    what: exp?.what,
    expected: exp?.expected ?? p.expected,
    allowed: typeof p.enum === 'string' ? allowedLabels(p.enum, lang) : p.allowed,
    sheetName: p.sheetName ?? issue.sheetName ?? (def ? def[lang] : issue.sheet),
    weekday: lang === 'zh' ? p.weekday_zh : p.weekday_en,
    rest: lang === 'zh' ? p.rest_zh : p.rest_en,
    forms: formsIn(p, lang),
    column: columnLabel(
      def?.columns.find((c) => c.key === issue.column),
      p.column,
      lang,
    ),
  };
  return fillIn(t[lang], (name) => {
    const d = derived[name];
    // Catalogue text (what, expected, allowed) is shown whole; names people typed are bounded.
    if (d !== undefined) return name === 'sheetName' || name === 'column' ? shown(d) : String(d);
    const v = p[name];
    return v === undefined ? undefined : shown(v);
  });
}
