/**
 * Whole random workbooks as people make them: sheets in any order and language, shuffled and
 * misspelled headers, title rows, merged and blank rows, Excel error values, formulas, very long
 * strings and text in every script. The promise: no throw; every issue has a known code, a place
 * (the sheet, and for a cell issue its row, column and A1 cell inside the sheet's block) and a
 * message in zh and en with no `{placeholder}` left. Complements tests/core/properties.test.ts
 * (readers on arbitrary cells), and adds the round trip of everything the readers accept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecords, checkWorkbook, sortIssues } from '../../core/check';
import { readWorkbook } from '../../core/read';
import { RecordsView } from '../../core/table';
import { idKey } from '../../core/keys';
import { formatIssue, ISSUE_CODES } from '../../core/messages';
import { cellAddress } from '../../core/normalize';
import { ENUMS, SHEETS, type ColumnDef, type SheetDef } from '../../core/template';
import type { CellValue, Issue, SheetInput, WorkbookInput } from '../../core/types';
import { isoToSerial, readDate, readEnum, readEnumList, readInt, readNumber, readTerm, readText, readYesNo } from '../../core/values';

const TODAY = '2026-11-15';

// ---- values people type, and worse -------------------------------------------------------------

/** Text in many scripts, joined forms and direction marks. */
const SCRIPTS = [
  '国河中心小学',
  '𠀀𠀁𪚥',
  '湾頭小學',
  'Иванов Пётр',
  'Ελληνικά',
  'العربية',
  'עִבְרִית',
  'हिन्दी',
  'தமிழ்',
  'ไทย',
  'ພາສາລາວ',
  'བོད་ཡིག',
  'ᠮᠣᠩᠭᠣᠯ',
  'ئۇيغۇرچە',
  '한국어',
  'にほんご',
  'ｶﾀｶﾅ',
  'ꆈꌠꁱꂷ',
  'ᏣᎳᎩ',
  'ⴰⵎⴰⵣⵉⵖ',
  'አማርኛ',
  '👩🏽‍🏫👨‍👩‍👧',
  'é',
  '‮evil‬',
  '\u200b\u200d\ufeff',
  '\u3000全角　空格\u3000',
  'ｅｎｇｌｉｓｈ　ｆｕｌｌ',
  '\ud800',
  '\udfff',
  'a\u0000b',
  'line\nbreak',
  'tab\there',
];
const EXCEL_ERRORS = ['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#SPILL!', '#CALC!', '#GETTING_DATA'];
const FORMULAS = [
  '=SUM(A1:A3)',
  '=VLOOKUP(A2,教师名册!A:B,2,FALSE)',
  '=IF(B2="","",B2)',
  "='Sheet 1'!A1",
  '=1/0',
  '+A1',
  '@A1',
  '=HYPERLINK("http://x","点我")',
];

const typedValue = (col: ColumnDef): fc.Arbitrary<CellValue> => {
  const enumLabels = col.enum ? ENUMS[col.enum].values.flatMap((v) => [v.code, v.zh, v.en]) : ['x'];
  switch (col.type) {
    case 'date':
      return fc.oneof(
        fc.constantFrom('2026-09-01', '2026/9/10', '2026.10.1', '2026年11月3日', '2026-02-30', '2026-13-01', '31/12/2026'),
        fc.integer({ min: 46200, max: 46400 }),
        fc.date({ min: new Date('2026-08-01'), max: new Date('2027-07-31'), noInvalidDate: true }),
      );
    case 'int':
    case 'number':
      return fc.oneof(fc.nat(500), fc.constantFrom('２０', '20节', '3次', '8人', '5000元', '-3', '1.5', 'many', 1e308, -0));
    case 'yesno':
      return fc.constantFrom('是', '否', 'Y', 'n', 'yes', 'TRUE', '√', '×', 1, 0, true, false, 'maybe');
    case 'enum':
      return fc.oneof(fc.constantFrom(...enumLabels), fc.constantFrom('书法', 'unknown'));
    case 'enum_list':
      return fc
        .array(fc.constantFrom(...enumLabels), { minLength: 1, maxLength: 3 })
        .chain((xs) => fc.constantFrom(...['、', ',', '，', ';', '；']).map((sep) => xs.join(sep)));
    case 'term':
      return fc.constantFrom('2026-2027-1', '2026-2027学年第一学期', '2026-2027-2', '2026-2028-1', 'autumn');
    default:
      return fc.oneof(fc.stringMatching(/^[A-Z]{1,2}\d{1,3}$/), fc.constantFrom('T001', 'T002', 'GH01', 'WT01', '王老师'));
  }
};

/** What any cell may hold: a good value for its column, or anything people and Excel put there. */
const messyCell = (col: ColumnDef | undefined): fc.Arbitrary<CellValue> =>
  fc.oneof(
    { weight: 6, arbitrary: col ? typedValue(col) : fc.constant('extra') },
    { weight: 1, arbitrary: fc.constantFrom(...EXCEL_ERRORS) },
    { weight: 1, arbitrary: fc.constantFrom(...FORMULAS) },
    { weight: 1, arbitrary: fc.constantFrom(...SCRIPTS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, '', ' ', '\u3000') },
    { weight: 1, arbitrary: fc.oneof(fc.double(), fc.boolean(), fc.date({ noInvalidDate: false })) },
  );

/** A header as people type it: either language, spaces, case, full width, a star, or misspelled. */
const headerText = (col: ColumnDef): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(col.zh, col.en, ...(col.aliases ?? [])) },
    { weight: 1, arbitrary: fc.constantFrom(` ${col.zh} `, col.en.toUpperCase(), `${col.zh}*`, col.en.replace(/ /g, '  ')) },
    { weight: 1, arbitrary: fc.constant(col.en.normalize('NFKC').replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))) },
    // Misspelled: a letter lost, or a stray one added; it may no longer match any column.
    {
      weight: 2,
      arbitrary: fc.nat().map((n) => {
        const s = n % 2 ? col.zh : col.en;
        const i = n % Math.max(1, s.length);
        return n % 3 ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + 'x' + s.slice(i);
      }),
    },
  );

const SHEET_NAME_VARIANTS = (def: SheetDef) => [def.zh, def.en, def.en.toUpperCase(), ` ${def.zh} `, ...(def.aliases ?? [])];

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One table sheet: optional title rows, a header row of shuffled and misspelled columns, messy rows. */
const tableSheet = (def: SheetDef): fc.Arbitrary<SheetInput> =>
  fc
    .record({
      name: fc.constantFrom(...SHEET_NAME_VARIANTS(def)),
      keep: fc.array(fc.boolean(), { minLength: def.columns.length, maxLength: def.columns.length }),
      headers: fc.tuple(...def.columns.map(headerText)),
      extra: fc.array(fc.oneof(fc.constantFrom('备注', 'Notes', ''), fc.constantFrom(...SCRIPTS)), { maxLength: 2 }),
      seed: fc.nat(),
      titles: fc.array(fc.constantFrom('2026-2027学年 结对帮扶工作台账', 'Pairing log', '#REF!'), { maxLength: 2 }),
      rows: fc.nat(12),
      blankEvery: fc.integer({ min: 2, max: 6 }),
      origin: fc.option(fc.record({ row: fc.integer({ min: 1, max: 5 }), col: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
    })
    .chain((p) => {
      const cols = shuffle(
        def.columns
          .map((c, i) => ({ col: c as ColumnDef | undefined, header: p.headers[i] as string }))
          .filter((_, i) => p.keep[i] || i === 0),
        p.seed,
      ).concat(p.extra.map((h) => ({ col: undefined, header: h })));
      const row = fc.tuple(...cols.map((c) => messyCell(c.col)));
      return fc.array(row, { minLength: p.rows, maxLength: p.rows }).map((body) => {
        const width = cols.length;
        // A merged title cell is its value in the first cell and nothing in the others.
        const titles: CellValue[][] = p.titles.map((t) => [t, ...Array(width - 1).fill(null)]);
        const rows: CellValue[][] = body.map((r, i) => (i % p.blankEvery === p.blankEvery - 1 ? Array(width).fill(i % 2 ? null : '') : r));
        return { name: p.name, values: [...titles, cols.map((c) => c.header), ...rows], origin: p.origin };
      });
    });

const programSheet: fc.Arbitrary<SheetInput> = fc
  .record({
    lang: fc.constantFrom<'zh' | 'en'>('zh', 'en'),
    code: fc.oneof(fc.constantFrom('GH01', ''), fc.constantFrom(...SCRIPTS), fc.constantFrom(...EXCEL_ERRORS)),
    term: fc.constantFrom('2026-2027-1', '2026-2027-2', '2026-2027学年第一学期', '2026-2028-1', '#N/A', '', '=A1'),
    level: fc.constantFrom('小学', 'primary', '大学', null),
    title: fc.boolean(),
  })
  .map((p) => {
    const def = SHEETS.find((s) => s.key === 'program')!;
    const label = (k: string) => def.columns.find((c) => c.key === k)![p.lang];
    const rows: CellValue[][] = [
      [label('school_code'), p.code],
      [label('school_name'), '国河中心小学'],
      [label('county'), '示范县'],
      [label('school_level'), p.level],
      [label('term'), p.term],
    ];
    return { name: p.lang === 'zh' ? def.zh : def.en, values: p.title ? [['项目信息表', null], ...rows] : rows };
  });

const TABLE_DEFS = SHEETS.filter((s) => s.kind === 'table' && !s.filled);

const workbook: fc.Arbitrary<WorkbookInput> = fc
  .record({
    program: fc.option(programSheet, { freq: 6, nil: undefined }),
    tables: fc.subarray(TABLE_DEFS, { minLength: 1 }).chain((defs) => fc.tuple(...defs.map(tableSheet))),
    // An unknown sheet and a duplicated one, as people leave them.
    stray: fc.option(
      fc.constantFrom<SheetInput>({ name: 'Sheet1', values: [['#N/A', '=A1']] }, { name: '教师名册 (2)', values: [['教师编号'], ['T1']] }),
      { nil: undefined },
    ),
    seed: fc.nat(),
  })
  .map((w) => ({ sheets: shuffle([...(w.program ? [w.program] : []), ...w.tables, ...(w.stray ? [w.stray] : [])], w.seed) }));

// ---- what every issue must carry --------------------------------------------------------------

const PLACEHOLDER = /\{[A-Za-z_]+\}/;

/** What is wrong with an issue's code, place or wording; null when nothing. Plain code, not
 * expect(), because the 100k-row case checks hundreds of thousands of issues. */
function problemOf(issue: Issue, input: WorkbookInput): string | null {
  if (!ISSUE_CODES[issue.code]) return `unknown code ${issue.code}`;
  if (!['error', 'warning', 'info'].includes(issue.severity)) return 'bad severity';
  if (typeof issue.sheet !== 'string' || issue.sheet.length === 0) return 'no sheet';
  for (const lang of ['zh', 'en'] as const) {
    const msg = formatIssue(issue, lang);
    if (msg.length === 0) return `empty ${lang} message`;
    if (PLACEHOLDER.test(msg)) return `placeholder left in ${lang}: ${msg}`;
    if (/undefined|\[object Object\]/.test(msg)) return `undefined in ${lang}: ${msg}`;
    if (msg.length > 2_000) return `${lang} message of ${msg.length} characters`;
  }
  if (issue.code.startsWith('cell.')) {
    if (!(issue.row! >= 1) || !(issue.col! >= 1)) return 'cell issue without row and column';
    if (issue.cell !== cellAddress(issue.row!, issue.col!)) return `cell ${issue.cell} is not row ${issue.row} col ${issue.col}`;
    if (!issue.column) return 'cell issue without its column key';
  }
  if (issue.row !== undefined || issue.cell !== undefined) {
    // A located issue points inside the block of the sheet it names.
    const sheet = input.sheets.find((s) => s.name === issue.sheetName);
    if (!sheet) return `no sheet named ${issue.sheetName}`;
    const top = sheet.origin?.row ?? 1;
    const left = sheet.origin?.col ?? 1;
    if (issue.row !== undefined && issue.row > 0 && (issue.row < top || issue.row >= top + Math.max(1, sheet.values.length))) {
      return `row ${issue.row} outside the sheet's rows ${top}..${top + sheet.values.length - 1}`;
    }
    if (issue.col !== undefined && issue.col < left) return `column ${issue.col} left of the sheet's block`;
  }
  return null;
}

function expectLocated(issues: Issue[], input: WorkbookInput) {
  const problems: string[] = [];
  for (const i of issues) {
    const p = problemOf(i, input);
    if (p) problems.push(`${p}: ${JSON.stringify(i).slice(0, 300)}`);
    if (problems.length >= 5) break;
  }
  expect(problems).toEqual([]);
}

describe('random whole workbooks', () => {
  it('never throw, and every issue is known, located and worded in zh and en', () => {
    let issues = 0;
    fc.assert(
      fc.property(workbook, (input) => {
        const r = checkWorkbook(input, { today: TODAY });
        expectLocated(r.issues, input);
        issues += r.issues.length;
      }),
      { numRuns: 250 },
    );
    expect(issues).toBeGreaterThan(250);
    console.log(`random workbooks: 250 workbooks, ${issues} issues located and worded`);
    // About 21 s alone on 2 shared cores: the default 30 s timed out while the whole suite ran.
  }, 120_000);

  it('locate each bad cell exactly: an error value, a formula or a bad date in a known row reads as that cell', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EXCEL_ERRORS, '=SUM(A1:A3)', '2026-02-30', 'many'),
        fc.integer({ min: 0, max: 20 }),
        fc.record({ row: fc.integer({ min: 1, max: 9 }), col: fc.integer({ min: 1, max: 9 }) }),
        (bad, at, origin) => {
          const def = TABLE_DEFS.find((d) => d.key === 'schedule')!;
          const headers = def.columns.map((c) => c.zh);
          const good = (i: number): CellValue[] =>
            def.columns.map((c) =>
              c.key === 'date' ? '2026-09-10' : c.key === 'type' ? '研讨会' : c.key === 'activity_id' ? `A${i}` : null,
            );
          const rows = Array.from({ length: 21 }, (_, i) => good(i));
          const dateCol = def.columns.findIndex((c) => c.key === 'date');
          rows[at][dateCol] = bad;
          const input = {
            sheets: [
              {
                name: '项目信息',
                values: [
                  ['学校代码', 'GH01'],
                  ['学期', '2026-2027-1'],
                ],
              },
              { name: '活动安排', values: [['台账'], headers, ...rows], origin },
            ],
          };
          const r = checkWorkbook(input, { today: TODAY });
          const cell = r.issues.filter((i) => i.code.startsWith('cell.'));
          expect(cell).toHaveLength(1);
          const row = origin.row + 2 + at;
          const col = origin.col + dateCol;
          expect(cell[0]).toMatchObject({
            sheet: 'schedule',
            sheetName: '活动安排',
            row,
            col,
            cell: cellAddress(row, col),
            column: 'date',
          });
          expectLocated(r.issues, input);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('very long strings in every column: no throw, messages stay bounded', () => {
    const long = ['x'.repeat(200_000), '国'.repeat(100_000), '👩🏽‍🏫'.repeat(20_000), '#N/A'.repeat(30_000)];
    for (const def of TABLE_DEFS) {
      const input = {
        sheets: [
          {
            name: 'Program',
            values: [
              ['school code', 'GH01'],
              ['term', long[1]],
            ],
          },
          { name: def.en, values: [def.columns.map((c) => c.en), ...long.map((s) => def.columns.map(() => s))] },
        ],
      };
      const r = checkWorkbook(input, { today: TODAY });
      expect(r.issues.length).toBeGreaterThan(0);
      expectLocated(r.issues, input);
    }
  });

  it('100,000 messy Schedule rows in one workbook: no throw, every issue located, within seconds', () => {
    const def = TABLE_DEFS.find((d) => d.key === 'schedule')!;
    const samples = fc.sample(fc.tuple(...def.columns.map((c) => messyCell(c))), { numRuns: 2_000, seed: 7 });
    const rows: CellValue[][] = [];
    for (let i = 0; i < 100_000; i++) rows.push(i % 97 === 0 ? [] : samples[i % samples.length]);
    const input = {
      sheets: [
        {
          name: '项目信息',
          values: [
            ['学校代码', 'GH01'],
            ['学期', '2026-2027-1'],
          ],
        },
        { name: '活动安排', values: [['2026 台账', null], def.columns.map((c) => c.zh), ...rows] },
      ],
    };
    const t0 = performance.now();
    const r = checkWorkbook(input, { today: TODAY });
    const ms = performance.now() - t0;
    expect(r.issues.length).toBeGreaterThan(10_000);
    expectLocated(r.issues, input);
    expect(r.read.sheets.schedule!.rows.length).toBeGreaterThan(90_000);
    // Bounded, not a benchmark (bench/check.bench.ts measures): the machine is shared.
    expect(ms).toBeLessThan(30_000);
    console.log(`100k rows: ${r.issues.length} issues located and worded; checked in ${(ms / 1000).toFixed(1)} s`);
  }, 120_000);
});

// ---- round trips: what a reader accepts, it reads again the same --------------------------------

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constant(null),
  ...TABLE_DEFS.flatMap((d) => d.columns)
    .filter((c, i, a) => a.findIndex((x) => x.type === c.type && x.enum === c.enum) === i)
    .map(typedValue),
);

describe('the column store and the rows made from it agree', () => {
  it('checks give the same issues and errors whether the rows were made first or not', () => {
    fc.assert(
      fc.property(workbook, (input) => {
        const byColumns = checkWorkbook(input, { today: TODAY });
        const read = readWorkbook(input);
        for (const s of Object.values(read.sheets)) void s!.rows;
        const byRows = sortIssues(read.issues.concat(checkRecords(read, { today: TODAY })));
        expect(JSON.stringify(byRows)).toBe(JSON.stringify(byColumns.issues));
        for (const [key, s] of Object.entries(read.sheets)) {
          expect(s!.rows.map((r) => r.hasErrors)).toEqual(
            byColumns.read.sheets[key as keyof typeof read.sheets]!.rows.map((r) => r.hasErrors),
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every column reads alike through the column store and through the rows: values, raw cells, ids and text', () => {
    fc.assert(
      fc.property(workbook, (input) => {
        const read = readWorkbook(input);
        for (const s of Object.values(read.sheets)) {
          const table = s!.table;
          if (!table) continue;
          const rows = new RecordsView(table.rows());
          expect(rows.n).toBe(table.n);
          for (const c of SHEETS.find((d) => d.key === s!.key)!.columns) {
            const [a, b] = [table.column(c.key), rows.column(c.key)];
            for (let k = 0; k < table.n; k++) {
              expect(table.rowOf(k)).toBe(rows.rowOf(k));
              expect(a.value(k)).toEqual(b.value(k));
              expect(a.raw(k)).toBe(b.raw(k));
              expect(a.key(k)).toBe(b.key(k));
              expect(a.key(k)).toBe(idKey(a.value(k)));
              expect(a.text(k)).toBe(b.text(k));
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('round trips of everything the readers accept', () => {
  it('readDate: an accepted value reads back to the same date as ISO text, Excel serial and Date', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const r = readDate(v);
        if (!r.ok || r.value === null) return;
        expect(readDate(r.value)).toEqual(r);
        if (r.value >= '1900-03-01') expect(readDate(isoToSerial(r.value))).toEqual(r);
        expect(readDate(new Date(r.value + 'T00:00:00Z'))).toEqual(r);
      }),
      { numRuns: 3000 },
    );
  });

  it('readInt and readNumber: an accepted value reads back from its number and its text', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        for (const read of [readInt, readNumber]) {
          const r = read(v);
          if (!r.ok || r.value === null) continue;
          expect(read(r.value)).toEqual(r);
          // Text with an exponent (String(1e21) is "1e+21") is not a form people type.
          if (!/e/i.test(String(r.value))) expect(read(String(r.value))).toEqual(r);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('readNumber reads back any non-negative finite number, with a unit or in full width', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (n) => {
        const v = Object.is(n, -0) ? 0 : n;
        expect(readNumber(v)).toEqual({ ok: true, value: v });
        if (!/e/i.test(String(v))) expect(readNumber(`${v}元`)).toEqual({ ok: true, value: v });
      }),
    );
  });

  it('readYesNo: an accepted value reads back from its boolean, 是/否 and yes/no', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const r = readYesNo(v);
        if (!r.ok || r.value === null) return;
        expect(readYesNo(r.value)).toEqual(r);
        expect(readYesNo(r.value ? '是' : '否')).toEqual(r);
        expect(readYesNo(r.value ? 'yes' : 'no')).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('readEnum: every code, zh and en label of every enum reads to its code, and a code reads back to itself', () => {
    for (const [key, def] of Object.entries(ENUMS)) {
      for (const v of def.values) {
        for (const label of [v.code, v.zh, v.en, ...(v.aliases ?? [])])
          expect(readEnum(key, label), `${key} ${label}`).toEqual({ ok: true, value: v.code });
      }
    }
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(ENUMS)), anyCell, (key, v) => {
        const r = readEnum(key, v);
        if (!r.ok || r.value === null) return;
        expect(readEnum(key, r.value)).toEqual(r);
        if (!ENUMS[key].open) expect(ENUMS[key].values.map((x) => x.code)).toContain(r.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('readEnumList: an accepted list reads back from its codes joined by any separator', () => {
    const lists = Object.keys(ENUMS);
    fc.assert(
      fc.property(fc.constantFrom(...lists), anyCell, fc.constantFrom('、', ',', '，', ';', '；'), (key, v, sep) => {
        const r = readEnumList(key, v);
        if (!r.ok || r.value === null) return;
        expect(readEnumList(key, r.value.join(sep))).toEqual(r);
      }),
      { numRuns: 3000 },
    );
  });

  it('readTerm and readText: an accepted value reads back to itself', () => {
    fc.assert(
      fc.property(anyCell, (v) => {
        const t = readTerm(v);
        if (t.ok && t.value !== null) {
          expect(readTerm(t.value)).toEqual(t);
          const [y1, y2, n] = t.value.split('-');
          expect(readTerm(`${y1}-${y2}学年第${n === '1' ? '一' : '二'}学期`)).toEqual(t);
        }
        const x = readText(v);
        if (x.ok && x.value !== null) expect(readText(x.value)).toEqual(x);
      }),
      { numRuns: 3000 },
    );
  });
});
