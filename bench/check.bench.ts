/**
 * Full check of a large workbook (100k Schedule rows, 5k teachers, 5k pairings, 5k assessments),
 * against an ajv-compiled JSON Schema pass over the same rows as a floor: ajv only checks types,
 * enums and required keys, so the ratio shows what reading every form and every cross-row rule costs.
 */
import Ajv from 'ajv';
import { cpus, loadavg } from 'node:os';
import type { BenchResult } from './run';
import { checkRecords, checkWorkbook } from '../core/check';
import { readWorkbook } from '../core/read';
import { ENUMS, SHEET_BY_KEY, type SheetKey } from '../core/template';
import { isoToSerial } from '../core/values';
import type { CellValue, WorkbookInput } from '../core/types';

const SIZES = { teachers: 5_000, pairings: 5_000, schedule: 100_000, assessment: 5_000 };
/** One school's term: 500 rows, the size a real workbook has. */
const SCHOOL = { teachers: 60, pairings: 40, schedule: 360, assessment: 40 };
/** The budget (issue 16): what a person waiting on a check must not notice. */
const BUDGET = { warm: 100, cold: 400, school: 5 };
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

/** JSON Schema per sheet from the template: type, enum and required only. */
function schemaFor(key: SheetKey): object {
  const def = SHEET_BY_KEY[key];
  const properties: Record<string, object> = {};
  for (const c of def.columns) {
    switch (c.type) {
      case 'int':
      case 'number':
        properties[c.key] = { type: ['number', 'string'] };
        break;
      case 'yesno':
        properties[c.key] = { type: ['string', 'boolean', 'number'] };
        break;
      case 'enum': {
        const vals = ENUMS[c.enum!].values.flatMap((v) => [v.code, v.zh, v.en, ...(v.aliases ?? [])]);
        properties[c.key] = ENUMS[c.enum!].open ? { type: 'string' } : { enum: [...vals, ''] };
        break;
      }
      default:
        properties[c.key] = { type: ['string', 'number', 'null'] };
    }
  }
  return { type: 'object', properties, required: def.columns.filter((c) => c.required).map((c) => c.key) };
}

function asObjects(input: WorkbookInput): { key: SheetKey; rows: Record<string, CellValue>[] }[] {
  const out: { key: SheetKey; rows: Record<string, CellValue>[] }[] = [];
  const keys: Record<string, SheetKey> = { 教师名册: 'teachers', 师徒结对: 'pairings', 活动安排: 'schedule', 考核: 'assessment' };
  for (const s of input.sheets) {
    const key = keys[s.name];
    if (!key) continue;
    const cols = SHEET_BY_KEY[key].columns;
    out.push({
      key,
      rows: s.values.slice(1).map((row) => Object.fromEntries(cols.map((c, j) => [c.key, row[j]]))),
    });
  }
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;
const ms = (t: number) => Number(t.toFixed(1));
const mb = (b: number) => Number((b / 1e6).toFixed(1));
/** Timed runs per pass; the machine is shared, so the best of several is the figure that means something. */
const RUNS = 7;

/**
 * Best wall time of `times` back-to-back runs after one warm-up run and a forced GC: each run
 * pays for the garbage it and the runs before it leave, as a pass repeated in a running process does.
 * With `gcEach`, a full GC is forced before every run instead, as after an idle pause: V8 frees the
 * hidden classes no live object uses and drops the optimised code compiled against them; the plain
 * core keeps nothing alive to prevent it, and this row shows what that costs.
 */
function best(times: number, f: () => void, gcEach = false): number {
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

export async function run(): Promise<BenchResult> {
  const input = bigWorkbook();
  const totalRows = SIZES.teachers + SIZES.pairings + SIZES.schedule + SIZES.assessment;

  // Memory: what the result keeps alive (JS heap and the typed arrays' buffers outside it, after a
  // GC, result held), and the process's RSS. The first call in the process is also the cold figure.
  gc?.();
  const mem0 = process.memoryUsage();
  const c0 = performance.now();
  let first: ReturnType<typeof checkWorkbook> | null = checkWorkbook(input, { today: TODAY });
  const coldMs = performance.now() - c0;
  gc?.();
  const mem1 = process.memoryUsage();
  const retained = mem1.heapUsed - mem0.heapUsed + (mem1.arrayBuffers - mem0.arrayBuffers);
  const rss = mem1.rss;
  const issues = first.issues.length;
  const byCode = new Map<string, number>();
  for (const i of first.issues) byCode.set(i.code, (byCode.get(i.code) ?? 0) + 1);
  // Not kept through the timed runs: a second live result would only make the GC's work larger.
  first = null;

  // The floor: every row of the same four sheets validated by ajv against a schema compiled once,
  // type/enum/required only, every error collected. Rows are handed to it as objects already
  // (building them is not timed), so it is the cheapest honest pass over the same data.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const objects = asObjects(input);
  const validators = new Map(objects.map((o) => [o.key, ajv.compile(schemaFor(o.key))]));
  let ajvErrors = 0;
  const ajvPass = () => {
    ajvErrors = 0;
    for (const o of objects) {
      const v = validators.get(o.key)!;
      for (const row of o.rows) if (!v(row)) ajvErrors += v.errors?.length ?? 0;
    }
  };
  // A validator that accepted anything would make a flattering floor: show that it rejects.
  const probe = validators.get('schedule')!;
  const probeErrors = probe({ ...objects.find((o) => o.key === 'schedule')!.rows[0], type: '不存在的类型', date: true })
    ? 0
    : (probe.errors?.length ?? 0);
  const ajvRows = objects.reduce((n, o) => n + o.rows.length, 0);

  // Interleaved, so that a burst of load from elsewhere on the machine hits both passes alike.
  let checkMs = Infinity;
  let ajvMs = Infinity;
  let checkGcMs = Infinity;
  let ajvGcMs = Infinity;
  for (let round = 0; round < 2; round++) {
    checkMs = Math.min(
      checkMs,
      best(RUNS, () => void checkWorkbook(input, { today: TODAY })),
    );
    ajvMs = Math.min(ajvMs, best(RUNS, ajvPass));
    checkGcMs = Math.min(
      checkGcMs,
      best(RUNS, () => void checkWorkbook(input, { today: TODAY }), true),
    );
    ajvGcMs = Math.min(ajvGcMs, best(RUNS, ajvPass, true));
  }
  const ratio = checkMs / ajvMs;
  // The two halves of the full check, timed apart to show where the time goes: reading (typing every
  // cell) and the cross-row rules over rows already read. The whole costs more than their
  // sum: in one run the rows just read are still young when the rules allocate, so the garbage
  // collector copies them once more.
  const read = readWorkbook(input);
  let readMs = Infinity;
  let rulesMs = Infinity;
  for (let round = 0; round < 2; round++) {
    readMs = Math.min(
      readMs,
      best(RUNS, () => void readWorkbook(input)),
    );
    rulesMs = Math.min(
      rulesMs,
      best(RUNS, () => void checkRecords(read, { today: TODAY })),
    );
  }
  // One school's workbook, checked as the pane checks it after an edit: best of many warm runs.
  const school = bigWorkbook(SCHOOL);
  const schoolRows = SCHOOL.teachers + SCHOOL.pairings + SCHOOL.schedule + SCHOOL.assessment;
  const schoolMs = best(200, () => void checkWorkbook(school, { today: TODAY }));
  const schoolIssues = checkWorkbook(school, { today: TODAY }).issues.length;
  const [load1] = loadavg();

  return {
    title: `checkWorkbook on ${totalRows.toLocaleString('en')} rows (100k Schedule, 5k Teachers, 5k Pairings, 5k Assessment)`,
    rows: [
      {
        what: 'checkWorkbook (read + all checks)',
        rows: totalRows,
        [`best of ${2 * RUNS} (ms)`]: ms(checkMs),
        'µs / row': Number(((checkMs * 1000) / totalRows).toFixed(2)),
        issues,
        'retained (MB)': mb(retained),
        'rss (MB)': Math.round(rss / 1e6),
      },
      {
        what: '  the same, a full GC forced before each run',
        rows: totalRows,
        [`best of ${2 * RUNS} (ms)`]: ms(checkGcMs),
        'µs / row': Number(((checkGcMs * 1000) / totalRows).toFixed(2)),
        issues,
        'retained (MB)': '',
        'rss (MB)': '',
      },
      {
        what: '  the same, first call in the process (cold)',
        rows: totalRows,
        [`best of ${2 * RUNS} (ms)`]: ms(coldMs),
        'µs / row': Number(((coldMs * 1000) / totalRows).toFixed(2)),
        issues,
        'retained (MB)': '',
        'rss (MB)': '',
      },
      {
        what: '  of which readWorkbook',
        rows: totalRows,
        [`best of ${2 * RUNS} (ms)`]: ms(readMs),
        'µs / row': Number(((readMs * 1000) / totalRows).toFixed(2)),
        issues: read.issues.length,
        'retained (MB)': '',
        'rss (MB)': '',
      },
      {
        what: '  of which checkRecords',
        rows: totalRows,
        [`best of ${2 * RUNS} (ms)`]: ms(rulesMs),
        'µs / row': Number(((rulesMs * 1000) / totalRows).toFixed(2)),
        issues: checkRecords(read, { today: TODAY }).length,
        'retained (MB)': '',
        'rss (MB)': '',
      },
      {
        what: `school workbook (${SCHOOL.schedule} Schedule rows), best of 200`,
        rows: schoolRows,
        [`best of ${2 * RUNS} (ms)`]: Number(schoolMs.toFixed(2)),
        'µs / row': Number(((schoolMs * 1000) / schoolRows).toFixed(2)),
        issues: schoolIssues,
        'retained (MB)': '',
        'rss (MB)': '',
      },
      {
        what: 'ajv JSON Schema (type/enum/required)',
        rows: ajvRows,
        [`best of ${2 * RUNS} (ms)`]: ms(ajvMs),
        'µs / row': Number(((ajvMs * 1000) / ajvRows).toFixed(2)),
        issues: ajvErrors,
        'retained (MB)': '',
        'rss (MB)': '',
      },
    ],
    notes: [
      `budget: warm ${ms(checkMs)} ms (≤ ${BUDGET.warm}) ${checkMs <= BUDGET.warm ? 'ok' : 'OVER'}; cold ${ms(coldMs)} ms (≤ ${BUDGET.cold}) ${coldMs <= BUDGET.cold ? 'ok' : 'OVER'}; school workbook ${schoolMs.toFixed(2)} ms (≤ ${BUDGET.school}) ${schoolMs <= BUDGET.school ? 'ok' : 'OVER'}`,
      `ratio checkWorkbook / ajv: ${ratio.toFixed(1)}x (a floor for scale only; ajv gets rows already as objects, reads no forms and runs no cross-row rule)`,
      `ratio with a full GC forced before each run: ${(checkGcMs / ajvGcMs).toFixed(1)}x (ajv ${ms(ajvGcMs)} ms)`,
      `ajv sanity: a schedule row with a bad type and a boolean date gives ${probeErrors} errors`,
      `issues by code: ${[...byCode].map(([c, n]) => `${c} ${n}`).join(', ')}`,
      `retained: what the result holds (JS heap plus array buffers, after GC, before and after); rss after the first run`,
      `load average (1 min) at the end: ${load1.toFixed(1)} on ${cpus().length} cores${load1 > cpus().length ? ' — the machine was busy; figures are noisier than usual' : ''}`,
      gc
        ? 'a GC was forced before each batch of timed runs (and before every run in the row that says so)'
        : 'run with --expose-gc for steadier figures',
    ],
  };
}
