/**
 * A workbook of N teachers in the template's Chinese headers, for round-trip counts: half mentors,
 * half new teachers, a pairing per new teacher, an Assessment row per teacher (with the filled
 * columns empty, so a fill writes about 4N cells), a few activities.
 */
import { SHEET_BY_KEY, type SheetKey } from '../../core/template';
import { DEMO_ROWS } from '../../core/demo';
import { zhWorkbook } from '../core/helpers';

type Cell = string | number | boolean;

const headers = (k: SheetKey) => SHEET_BY_KEY[k].columns.map((c) => c.zh);

export function bigWorkbook(n: number): { name: string; rows: Cell[][] }[] {
  const teachers: Cell[][] = [headers('teachers')];
  const pairings: Cell[][] = [headers('pairings')];
  const assessment: Cell[][] = [headers('assessment')];
  const mentors = Math.max(1, Math.floor(n / 2));
  for (let i = 1; i <= n; i++) {
    const id = `T${String(i).padStart(6, '0')}`;
    const mentor = i <= mentors;
    teachers.push([
      id,
      `教师${i}`,
      i % 3 === 0 ? 'WT01' : 'GH01',
      '语文',
      mentor ? '高级' : '初级',
      mentor ? '县级' : '无',
      mentor ? 15 : 1,
      mentor ? '指导教师' : '新教师',
      '是',
    ]);
    if (!mentor) {
      const m = `T${String(((i - mentors - 1) % mentors) + 1).padStart(6, '0')}`;
      pairings.push([`M${String(i).padStart(6, '0')}`, m, id, '语文', '2026-09-01', '', '是']);
    }
    assessment.push([id, '2026-2027-1', 1, 1, 1, 1, 3, 1, mentor ? 1 : 0, mentor ? 10 : 22, 8, '是', '是', '', '', '', '']);
  }
  const schedule: Cell[][] = [headers('schedule'), ...(DEMO_ROWS.schedule ?? []).map((r) => r.map((v) => (v ?? '') as Cell))];
  return [
    // Program as the core tests' small workbook has it: GH01 in term 2026-2027-1.
    { name: '项目信息', rows: zhWorkbook().sheets.find((s) => s.name === '项目信息')!.values as Cell[][] },
    { name: '教师名册', rows: teachers },
    { name: '师徒结对', rows: pairings },
    { name: '活动安排', rows: schedule },
    { name: '考核', rows: assessment },
  ];
}
