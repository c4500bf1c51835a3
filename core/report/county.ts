/**
 * The bureau's county report as plain data: figures per town and school (the bureau's totals, as
 * given), the reporting rate (schools that submitted a report), the schools not reported, reports
 * approved and returned, and the commonest compliance gaps (open issues by code, worded).
 */
import { fillIn, isIssueCode, ISSUE_CODES } from '../messages';
import type { Lang } from '../types';
import { termWords } from './model';
import { reportText } from './text';

export type ReportStateName = 'not_submitted' | 'submitted' | 'returned' | 'approved';

/** The figures of one town or school the county report shows (from the totals rows). */
export interface CountyFigures {
  name: string;
  partnerships: number;
  pairings: number;
  activities: number;
  rotation_teachers: number;
  donations_yuan: number;
  assessed: number;
  passed: number;
  warnings: number;
}

export interface CountyReportInput {
  lang: Lang;
  county: { code: string; name: string | null };
  term: string;
  date: string;
  towns: CountyFigures[];
  schools: (CountyFigures & { code: string; town: string | null; state: ReportStateName })[];
  /** Open issues by code over the county's schools: how many schools, how many issues. */
  gaps: { code: string; schools: number; count: number }[];
}

export interface CountyReportModel extends CountyReportInput {
  termLabel: string;
  submitted: number;
  approved: number;
  returned: number;
  /** Submitted reports over schools; null with no school. */
  reportingRate: number | null;
  notReported: { code: string; name: string; town: string | null }[];
  gapTexts: { text: string; schools: number; count: number }[];
}

/** A code's message with its particulars left out (…): what kind of gap it is. */
export function gapText(code: string, lang: Lang): string {
  return isIssueCode(code) ? fillIn(ISSUE_CODES[code][lang], () => '…') : code;
}

export const GAPS_SHOWN = 10;

export function countyReportModel(input: CountyReportInput): CountyReportModel {
  const s = input.schools;
  const submitted = s.filter((x) => x.state !== 'not_submitted').length;
  return {
    ...input,
    termLabel: termWords(input.term, input.lang),
    submitted,
    approved: s.filter((x) => x.state === 'approved').length,
    returned: s.filter((x) => x.state === 'returned').length,
    reportingRate: s.length ? Math.round((submitted / s.length) * 1000) / 1000 : null,
    notReported: s.filter((x) => x.state === 'not_submitted').map((x) => ({ code: x.code, name: x.name, town: x.town })),
    gapTexts: [...input.gaps]
      .sort((a, b) => b.schools - a.schools || b.count - a.count || (a.code < b.code ? -1 : 1))
      .slice(0, GAPS_SHOWN)
      .map((g) => ({ text: gapText(g.code, input.lang), schools: g.schools, count: g.count })),
  };
}

export const stateWords = (state: ReportStateName, lang: Lang) => reportText(`st_${state}`, lang);
