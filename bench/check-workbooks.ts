/**
 * The check bench's workbooks and its timing, the same in Node and in the task pane's browser (no
 * Node API here): a large workbook (100k Schedule rows, 5k teachers, 5k pairings, 5k assessments),
 * one school's, and `best`.
 */
import { ENUMS, SHEET_BY_KEY, type SheetKey } from '../core/template';
import { isoToSerial } from '../core/values';
import type { CellValue, WorkbookInput } from '../core/types';

export const SIZES = { teachers: 5_000, pairings: 5_000, schedule: 100_000, assessment: 5_000 };
/** One school's term: 500 rows, the size a real workbook has. */
export const SCHOOL = { teachers: 60, pairings: 40, schedule: 360, assessment: 40 };
export const TODAY = '2026-10-15';

/** Deterministic PRNG (mulberry32), so every run checks the same workbook. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zhHeaders = (key: SheetKey) => SHEET_BY_KEY[key].columns.map((c) => c.zh);

export function bigWorkbook(sizes: typeof SIZES = SIZES): WorkbookInput {
  const r = rng(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const subjects = ENUMS.subject.values.map((v) => v.zh);
  const types = ENUMS.activity_type.values.map((v) => v.zh);
  const schools = ['GH01', 'WT01', 'DS01'];
  const tid = (i: number) => 'T' + String(i).padStart(5, '0');

  const teachers: CellValue[][] = [zhHeaders('teachers')];
  for (let i = 0; i < sizes.teachers; i++) {
    const mentor = i % 2 === 0;
    teachers.push([
      tid(i),
      '教师' + i,
      pick(schools),
      subjects[Math.floor(i / 200) % subjects.length],
      mentor ? '高级' : '初级',
      mentor ? '县级' : '无',
      mentor ? 10 + (i % 20) : (i % 3) + '年',
      mentor ? '指导教师' : '新教师',
      pick(['是', '否']),
    ]);
  }
  const pairings: CellValue[][] = [zhHeaders('pairings')];
  // Even ids mentor odd ids; each mentee has one mentor per term, each mentor two mentees.
  const half = sizes.teachers / 2;
  for (let i = 0; i < sizes.pairings; i++) {
    const k = i % half;
    const second = i >= half;
    const mentor = 2 * ((k + (second ? 1 : 0)) % half);
    const mentee = 2 * k + 1;
    const [from, to] = second ? ['2027-02-01', '2027-06-30'] : ['2026-09-01', '2027-01-31'];
    pairings.push(['M' + i, tid(mentor), tid(mentee), '', from, to, '是']);
  }
  const schedule: CellValue[][] = [zhHeaders('schedule')];
  const start = isoToSerial('2026-09-01');
  const today = isoToSerial(TODAY);
  for (let i = 0; i < sizes.schedule; i++) {
    const serial = start + Math.floor(r() * 150);
    // Office.js hands dates as serials; some people type text dates.
    const date: CellValue = i % 4 === 0 ? `2026/${9 + (i % 4)}/${1 + (i % 28)}` : serial;
    const past = i % 4 === 0 ? 9 + (i % 4) < 10 : serial < today;
    const status = i % 50 === 0 ? '已取消' : past ? '已完成' : '计划';
    // About 1% of rows break a rule, as a real log would.
    const sloppy = i % 97 === 0;
    schedule.push([
      'A' + i,
      date,
      pick(types),
      pick(schools),
      pick(schools),
      '主题' + (i % 500),
      pick(subjects),
      sloppy ? '' : '教师' + (i % 30000),
      5 + (i % 30),
      sloppy ? '' : '40人',
      status,
      sloppy ? '' : '照片',
    ]);
  }
  const assessment: CellValue[][] = [zhHeaders('assessment')];
  for (let i = 0; i < sizes.assessment; i++) {
    assessment.push([tid(i), '2026-2027-1', 1, 1, 1, 1, 3, 1, 1, '20节', 10, '是', '是', '', '', '', '']);
  }
  return {
    sheets: [
      {
        name: '项目信息',
        values: [
          ['学校代码', 'GH01'],
          ['学期', '2026-2027-1'],
        ],
      },
      {
        name: '结对学校',
        values: [
          zhHeaders('partnerships'),
          ['P1', 'GH01', '', 'WT01', '', '2026-09-01', '', ''],
          ['P2', 'GH01', '', 'DS01', '', '2026-09-01', '', ''],
        ],
      },
      { name: '教师名册', values: teachers },
      { name: '师徒结对', values: pairings },
      { name: '活动安排', values: schedule },
      { name: '考核', values: assessment },
    ],
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Best wall time of `times` back-to-back runs after one warm-up run and a forced GC: each run
 * pays for the garbage it and the runs before it leave, as a pass repeated in a running process does.
 * With `gcEach`, a full GC is forced before every run instead, as after an idle pause: V8 frees the
 * hidden classes no live object uses and drops the optimised code compiled against them; the plain
 * core keeps nothing alive to prevent it, and this row shows what that costs.
 */
export function best(times: number, f: () => void, gcEach = false): number {
  f();
  gc?.();
  let b = Infinity;
  for (let i = 0; i < times; i++) {
    if (gcEach) gc?.();
    const t0 = performance.now();
    f();
    b = Math.min(b, performance.now() - t0);
  }
  return b;
}
