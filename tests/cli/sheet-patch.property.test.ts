/**
 * Issue 19: random writes into random worksheets leave every other cell's XML untouched. Worksheets
 * are generated with rows and cells in any shape (with or without a namespace prefix, self-closed
 * rows and cells, spans, styles, shared strings, formulas with cached results and errors, inline
 * strings with markup characters); writes land anywhere (existing cells, new cells in existing
 * rows, new rows before, between and after). After the patch: the XML parses, rows and cells are in
 * order, every cell not written is byte-identical, every written cell holds its value.
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { CellValue } from '../../core/types';
import { columnLetter } from '../../xlsx/ranges';
import { isoSerial, patchSheetXml, type CellEdit } from '../../xlsx/sheet-patch';

const cellArb = fc.oneof(
  fc.constant('<v>1</v>'),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => `<v>${n}</v>`),
  fc.nat(50).map((n) => `<v>${n}</v>`),
  fc.constant('<f>SUM(A1:B2)</f><v>3</v>'),
  fc.constant('<f>1/0</f><v>#DIV/0!</v>'),
  fc.string({ maxLength: 8 }).map((s) => `<is><t>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is>`),
  fc.constant(''),
);
const typeArb = fc.constantFrom('', ' t="s"', ' t="e"', ' t="inlineStr"', ' t="str"');

interface Gen {
  p: string;
  rows: { r: number; spans: boolean; cells: { c: number; xml: string }[] }[];
}

const sheetArb: fc.Arbitrary<Gen> = fc
  .record({
    p: fc.constantFrom('', 'x:'),
    rows: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 15 }).chain((rs) =>
      fc.tuple(
        ...rs
          .sort((a, b) => a - b)
          .map((r) =>
            fc.record({
              r: fc.constant(r),
              spans: fc.boolean(),
              cells: fc
                .uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 })
                .chain((cs) =>
                  fc.tuple(
                    ...cs
                      .sort((a, b) => a - b)
                      .map((c) => fc.tuple(typeArb, fc.option(fc.nat(9)), cellArb).map(([t, s, body]) => ({ c, t, s, body }))),
                  ),
                ),
            }),
          ),
      ),
    ),
  })
  .map(({ p, rows }) => ({
    p,
    rows: rows.map((row) => ({
      r: row.r,
      spans: row.spans,
      cells: row.cells.map((c) => {
        const ref = `${columnLetter(c.c)}${row.r}`;
        const s = c.s === null ? '' : ` s="${c.s}"`;
        const body = c.body.replace(/<(\/?)/g, `<$1${p}`);
        return { c: c.c, xml: body ? `<${p}c r="${ref}"${s}${c.t}>${body}</${p}c>` : `<${p}c r="${ref}"${s}/>` };
      }),
    })),
  }));

function render(g: Gen): string {
  const p = g.p;
  const rows = g.rows
    .map((r) =>
      r.cells.length === 0
        ? `<${p}row r="${r.r}"/>`
        : `<${p}row r="${r.r}"${r.spans ? ` spans="${r.cells[0].c}:${r.cells[r.cells.length - 1].c}"` : ''}>${r.cells.map((c) => c.xml).join('')}</${p}row>`,
    )
    .join('');
  const ns = p
    ? `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
    : `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`;
  return `<?xml version="1.0"?><${p}worksheet ${ns}><${p}dimension ref="A1:XFD1048576"/>${rows.length ? `<${p}sheetData>${rows}</${p}sheetData>` : `<${p}sheetData/>`}<${p}mergeCells count="1"><${p}mergeCell ref="Z1:Z1048576"/></${p}mergeCells></${p}worksheet>`;
}

/** Every cell of the XML by its reference, as written; the row order and each row's cell order checked. */
function cellsOf(xml: string, p: string): Map<string, string> {
  const out = new Map<string, string>();
  const parser = new SaxesParser({ xmlns: false });
  let lastRow = 0;
  parser.on('opentag', (t) => {
    if (t.name === `${p}row`) {
      const r = Number(t.attributes.r);
      expect(r).toBeGreaterThan(lastRow);
      lastRow = r;
    }
  });
  parser.write(xml).close();
  const re = new RegExp(`<${p}c r="([A-Z]+\\d+)"[^>]*?(?:/>|>[\\s\\S]*?</${p}c>)`, 'g');
  for (const m of xml.matchAll(re)) out.set(m[1], m[0]);
  return out;
}

const valueArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ min: new Date('1905-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

describe('patchSheetXml', () => {
  it('random writes into random worksheets leave every other cell as it was, byte for byte', () => {
    fc.assert(
      fc.property(
        sheetArb,
        fc.array(fc.record({ row: fc.integer({ min: 1, max: 45 }), col: fc.integer({ min: 1, max: 14 }), value: valueArb }), {
          maxLength: 20,
        }),
        fc.boolean(),
        (g, writes, date1904) => {
          const xml = render(g);
          const edits = new Map<number, Map<number, CellEdit>>();
          for (const w of writes) {
            if (!edits.has(w.row)) edits.set(w.row, new Map());
            edits.get(w.row)!.set(w.col, { kind: 'value', value: w.value });
          }
          const out = patchSheetXml(xml, { edits, date1904, styleOf: (existing) => existing });
          const before = cellsOf(xml, g.p);
          const after = cellsOf(out, g.p);
          const written = new Set(writes.map((w) => `${columnLetter(w.col)}${w.row}`));
          for (const [ref, cx] of before) if (!written.has(ref)) expect(after.get(ref), ref).toBe(cx);
          for (const [row, cols] of edits) {
            for (const [col, e] of cols) {
              const ref = `${columnLetter(col)}${row}`;
              const cx = after.get(ref)!;
              expect(cx, ref).toBeDefined();
              const v = (e as { value: CellValue }).value;
              if (v === null || v === '') expect(cx).toMatch(/\/>$/);
              else if (typeof v === 'boolean') expect(cx).toContain(`t="b"><${g.p}v>${v ? 1 : 0}<`);
              else if (typeof v === 'number') expect(cx).toContain(`<${g.p}v>${v}</${g.p}v>`);
              else if (typeof v === 'string' && isoSerial(v, date1904) !== null)
                expect(cx).toContain(`<${g.p}v>${isoSerial(v, date1904)}</${g.p}v>`);
              else expect(cx).toContain('t="inlineStr"');
            }
          }
          // outside sheetData the part is as it was
          const head = (x: string) => x.slice(0, x.indexOf(`<${g.p}sheetData`));
          const rest = (x: string) => {
            const close = x.indexOf(`</${g.p}sheetData>`);
            return close >= 0
              ? x.slice(close + `</${g.p}sheetData>`.length)
              : x.slice(x.indexOf(`<${g.p}sheetData/>`) + `<${g.p}sheetData/>`.length);
          };
          expect(head(out)).toBe(head(xml));
          expect(rest(out)).toBe(rest(xml));
          if (edits.size === 0) expect(out).toBe(xml);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('writes dates as serials of the workbook date system: 1900 and 1904 (date1904 "1" or "true")', () => {
    expect(isoSerial('2026-09-01', false)).toBe(46266);
    expect(isoSerial('2026-09-01', true)).toBe(46266 - 1462);
  });
});
