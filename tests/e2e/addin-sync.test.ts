/// <reference lib="dom" />
/**
 * The page in Chromium (file mode) against a real local worker (wrangler dev on local D1, started
 * and stopped here): Check lists the duplicate teacher id, Test connection learns the school
 * role, Sync sends the demo workbook with a progress bar and asks for no totals (no 403), a second
 * Sync after the download and reopen sends nothing; a bureau token pulls totals into a Totals
 * sheet that is downloaded and reopened with the figures. A typo in Program's school code is
 * refused as another school's, before anything is sent; a typo in its term stops Sync with a note
 * naming both scopes; synced as the typo all the same, the workbook keeps the state it had, so
 * once Program is corrected a sync sends nothing. "Take the server's" for a conflict, after a row
 * was inserted above it with no check since, writes into the moved row. Another school's token:
 * Test connection names its school, and Sync says whose the workbook is (zh) and sends nothing. A
 * workbook that never synced, to a school with rows, is asked first: Cancel sends nothing; "take
 * the server's rows" brings them in and the next sync sends nothing; "replace" asks again with the
 * count of rows it deletes, and then the server holds exactly the workbook's rows.
 */
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoWorkbook } from '../../core/demo';
import {
  clickAndWait,
  editPageWorkbook,
  filePage,
  inputToXlsx,
  openFileInPane,
  pageWorkbook,
  saveSettings,
  statusAfter,
  PROGRAM,
  tempDir,
  useWorkerPane,
  withProgram,
  downloadTo,
} from './addin-helpers';
import { ADMIN, GH01, addSchool, newToken } from './local-worker';

const env = useWorkerPane();
const api = env.worker.api;
let demoPath: string;
/** The demo after its first sync, downloaded (the sync state in its very hidden sheet), and the school's token. */
let syncedPath: string;
let schoolToken: string;

beforeAll(async () => {
  demoPath = join(tempDir(), 'demo.xlsx');
  await inputToXlsx(demoWorkbook(), demoPath);
});

/** A page with the server and `token` saved in Settings. */
const paneWith = async (token: string, lang: 'zh' | 'en' = 'en') => {
  const page = await filePage(env, lang, { page: { acceptDownloads: true } });
  await saveSettings(page, env.worker.url, token);
  return page;
};

describe('check and sync from the page to the worker', () => {
  it('lists the duplicate teacher id with its cell, syncs, and the totals count the teachers', async () => {
    await addSchool(env.worker, GH01);
    schoolToken = await newToken(env.worker, { role: 'school', school: 'GH01', label: 'e2e' });
    expect((await api('PUT', '/api/v1/counties/CTY01', ADMIN, { name: '示范县' })).status).toBe(200);

    const errors: string[] = [];
    const page = await filePage(env, 'en', {
      page: { acceptDownloads: true },
      prepare: (p) => void p.on('console', (m) => m.type() === 'error' && errors.push(m.text())),
    });

    // Settings: address and token stay in the browser, never in the workbook.
    await saveSettings(page, env.worker.url, schoolToken);
    await page.click('#test-connection');
    await page.waitForFunction(() => /Connected|not valid|Cannot reach/.test(document.getElementById('connection')?.textContent ?? ''));
    expect(await page.textContent('#connection')).toContain('a school token of 国河中心小学 (GH01) (county 示范县 CTY01)');

    await openFileInPane(page, demoPath);
    await page.click('#check');
    const dup = page.locator('button.issue[data-code="row.duplicate_id"]');
    await dup.waitFor();
    expect(await dup.getAttribute('data-cell')).toBe('A13');
    expect(await dup.textContent()).toContain('T005');

    await page.click('#sync');
    const status = await statusAfter(page, /Synced:/);
    expect(status).toMatch(/Synced: \d+ rows sent, \d+ taken by the server; 0 unchanged/);
    expect(await page.getAttribute('#sync-progress', 'value')).toBe(await page.getAttribute('#sync-progress', 'max'));
    expect(await page.textContent('#sync-count')).toMatch(/(?<!\d)(\d+) of \1 rows sent \(request 1 of 1\)/);
    // A school asks for no county totals: no 403 in the console.
    expect(errors.filter((e) => /403|Forbidden/i.test(e))).toEqual([]);

    // The download carries the very hidden sync state: reopened, a sync sends nothing.
    await page.waitForSelector('body:not(.busy)');
    const synced = join(tempDir(), 'synced.xlsx');
    await downloadTo(page, synced);
    syncedPath = synced;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(synced);
    expect(wb.getWorksheet('_jiedui_sync')?.state).toBe('veryHidden');
    await openFileInPane(page, synced);
    await page.click('#sync');
    expect(await statusAfter(page, /Synced:/)).toMatch(/Synced: 0 rows sent, 0 taken by the server; \d+ unchanged/);
    await page.close();

    const totals = await api('GET', '/api/v1/totals?term=2026-2027-1&county=CTY01&group_by=school', ADMIN);
    expect(totals.status).toBe(200);
    const row = (totals.json.rows as { key: string; teachers: number }[]).find((r) => r.key === 'GH01');
    // 12 teacher rows in the demo, one a duplicate id held back: 11 sent, of whom GH01's own are 5.
    // A school's teachers are those its own roster lists as its own (DOMAIN, who is who): the partner
    // teachers GH01 lists count for WT01 and DS01 once they report them, so the county has 5 too.
    expect(row?.teachers).toBe(5);
    const county = await api('GET', '/api/v1/totals?term=2026-2027-1&county=CTY01&group_by=county', ADMIN);
    expect((county.json.rows as { teachers: number }[])[0].teachers).toBe(5);
  });

  it('a typo in Program’s school code is refused as another school’s before anything is sent; a typo in its term asks, and never costs the sync state', async () => {
    const revision = async () => (await api('GET', '/api/v1/rows?term=2026-2027-1&since=999999', schoolToken)).json.revision as number;
    const page = await paneWith(schoolToken);
    const syncNow = async () => {
      await page.click('#sync');
      return statusAfter(page, /Synced:|was synced as|nothing was sent/);
    };

    // The school code: not the token's school, so nothing is sent, whatever the person clicks.
    await openFileInPane(page, await withProgram(syncedPath, { [PROGRAM.school]: 'GH0l' }, 'typo.xlsx'));
    const before = await revision();
    expect(await syncNow()).toContain(
      'This workbook is 国河中心小学 (GH0l)’s, but the token belongs to 国河中心小学 (GH01); nothing was sent.',
    );
    expect(await page.textContent('#sync-note-text')).toContain('if the school code in Program is a typo, correct it and sync again');
    expect(await page.locator('#sync-new-scope').count()).toBe(0);
    expect(await revision()).toBe(before);

    // The term: the workbook synced as another term, so the pane asks first.
    await openFileInPane(page, await withProgram(syncedPath, { [PROGRAM.term]: '2026-2027-2' }, 'term-typo.xlsx'));
    expect(await syncNow()).toContain('This workbook was synced as GH01 2026-2027-1; Program now says GH01 2026-2027-2');
    expect(await page.textContent('#sync-note-text')).toContain('correct Program and sync again');
    expect(await revision()).toBe(before);
    // The person says it is right: it syncs as 2026-2027-2, which has no rows yet (so no first-sync question).
    await page.click('#sync-new-scope');
    expect(await statusAfter(page, /Synced:/)).toMatch(/Synced: \d+ rows sent/);
    await page.waitForSelector('body:not(.busy)');
    const typoSynced = join(tempDir(), 'typo-synced.xlsx');
    await downloadTo(page, typoSynced);

    // Corrected: the state of 2026-2027-1 is still there, and nothing is sent.
    await openFileInPane(page, await withProgram(typoSynced, { [PROGRAM.term]: '2026-2027-1' }, 'fixed.xlsx'));
    expect(await syncNow()).toMatch(/Synced: 0 rows sent, 0 taken by the server; \d+ unchanged/);
    await page.close();
  });

  it('a bureau pulls totals into a Totals sheet that is downloaded and reopened with the figures', async () => {
    const bureau = await newToken(env.worker, { role: 'bureau', county: 'CTY01' });
    const page = await filePage(env, 'en', { page: { acceptDownloads: true } });
    await page.click('#settings-panel summary');
    await page.fill('#server-url', env.worker.url);
    await page.fill('#token', bureau);
    await page.click('#test-connection');
    await page.waitForSelector('#bureau-panel');
    expect(await page.locator('#sync').count()).toBe(0);
    await page.fill('#totals-term', '2026-2027-1');
    await page.click('#pull-totals');
    expect(await statusAfter(page, /Wrote "Totals"|cannot/i, 30_000)).toMatch(
      /Wrote "Totals": 1 row of totals, 1 school needs attention\. File mode cannot draw the chart/,
    );
    // Refresh: in place, still one Totals sheet.
    await page.click('#pull-totals');
    await page.waitForFunction(() => /Wrote "Totals"/.test(document.getElementById('status')?.textContent ?? ''));
    await page.waitForSelector('body:not(.busy)');
    const out = join(tempDir(), 'totals.xlsx');
    await downloadTo(page, out);
    await page.close();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Totals']);
    const ws = wb.getWorksheet('Totals')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const gh = (ws.getRow(2).values as unknown[]).slice(1);
    expect(gh[0]).toBe('GH01');
    expect(gh[header.indexOf('Teachers')]).toBe(5); // GH01's own teachers (see above)
    expect(Number(gh[header.indexOf('Activities')])).toBeGreaterThan(0);
    // The compliance list names GH01 with its open warnings (the demo has some on purpose).
    const texts: unknown[][] = [];
    ws.eachRow((r) => texts.push((r.values as unknown[]).slice(1)));
    const title = texts.findIndex((r) => String(r[0]).startsWith('Compliance'));
    expect(title).toBeGreaterThan(1);
    expect(texts[title + 2][0]).toBe('GH01');
    expect(Number(texts[title + 2][5])).toBeGreaterThan(0);
  });
  it('Test connection says a locked term is closed before the person tries to sync', async () => {
    await addSchool(env.worker, { code: 'LK01', name: '锁定小学', county: 'CTY09' });
    const page = await paneWith(await newToken(env.worker, { role: 'school', school: 'LK01' }));

    const tested = () =>
      page.waitForFunction(() =>
        /Connected|closed reporting|not valid|Cannot reach/.test(document.getElementById('connection')?.textContent ?? ''),
      );
    await page.click('#test-connection');
    await tested();
    expect(await page.textContent('#connection')).toContain('a school token');

    expect((await api('POST', '/api/v1/terms/2026-2027-1/lock?county=CTY09', ADMIN)).status).toBe(200);
    // The pane renders again after a test; the settings the person opened stay open.
    expect(await page.isVisible('#test-connection')).toBe(true);
    await page.click('#test-connection');
    await page.waitForFunction(() => /closed reporting/.test(document.getElementById('connection')?.textContent ?? ''));
    expect(await page.getAttribute('#connection', 'class')).toBe('bad');
    await page.close();
  });

  it('“take the server’s” after a row was inserted above the conflict writes into the moved row, not the inserted one', async () => {
    const TERM = '2026-2027-1';
    const SERVER_NAME = '李建国（服务器）';
    const MY_NAME = '李建国（本校）';
    const page = await paneWith(schoolToken);
    await openFileInPane(page, syncedPath);

    // Another client changes T002's name on the server: its copy is now newer than the workbook's.
    const rows = (await api('GET', `/api/v1/rows?term=${TERM}`, schoolToken)).json.rows as {
      table: string;
      id: string;
      version: number;
      values: Record<string, unknown>;
    }[];
    const t002 = rows.find((r) => r.table === 'teachers' && r.id === 'T002')!;
    expect(t002.values.name).toBe('李建国');
    const other = await api('POST', '/api/v1/sync', schoolToken, {
      batch_id: `other-client-${Date.now()}`,
      term: TERM,
      template_version: 1,
      school: 'GH01',
      rows: [{ table: 'teachers', id: 'T002', base_version: t002.version, values: { ...t002.values, name: SERVER_NAME } }],
    });
    expect(other.status).toBe(200);
    expect(other.json.conflicts).toEqual([]);

    /** Every non-empty cell of the page's workbook (the sync state sheet left out), `sheet!A1 -> value`. */
    const cells = async () => {
      const wb = await pageWorkbook(page);
      const out: Record<string, unknown> = {};
      wb.eachSheet((ws) => {
        if (ws.name === '_jiedui_sync') return;
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const v = cell.value instanceof Date ? cell.value.toISOString() : cell.value;
            if (v !== null && v !== undefined && v !== '') out[`${ws.name}!${cell.address}`] = v;
          }),
        );
      });
      return out;
    };

    // The workbook changes T002's name too (row 3 of 教师名册) and syncs: the conflict is listed.
    await editPageWorkbook(page, (wb) => {
      const ws = wb.getWorksheet('教师名册')!;
      if (ws.getCell('A3').value !== 'T002') throw new Error(`A3 is ${String(ws.getCell('A3').value)}`);
      ws.getCell('B3').value = MY_NAME;
    });
    await page.click('#sync');
    await statusAfter(page, /Synced:/);
    const conflict = page.locator('li[data-key="teachers:T002"]');
    await conflict.waitFor();
    // The sync still pulls the bureau's rules after its status: a click while it is busy is dropped.
    await page.waitForSelector('body:not(.busy)');

    // A new teacher is inserted above T002, and no check runs: T002 is now on row 4.
    const NEW_TEACHER = ['T012', '何新', 'GH01', '语文', '初级', '无', 1, '新教师', '否'];
    await editPageWorkbook(page, (wb) => {
      wb.getWorksheet('教师名册')!.insertRow(3, NEW_TEACHER);
    });
    const before = await cells();
    expect(before['教师名册!A3']).toBe('T012');
    expect(before['教师名册!A4']).toBe('T002');
    expect(before['教师名册!B4']).toBe(MY_NAME);

    await conflict.locator('button.take-server').click();
    expect(await statusAfter(page, /server’s values were written|no longer/, 30_000)).toContain(
      'The server’s values were written into the row.',
    );
    expect(await page.locator('li[data-key="teachers:T002"]').count()).toBe(0);

    // T002's row (one lower now) has the server's name; the inserted row and every other cell are as they were.
    const after = await cells();
    expect(after).toEqual({ ...before, '教师名册!B4': SERVER_NAME });
    expect(NEW_TEACHER.map((_, i) => after[`教师名册!${String.fromCharCode(65 + i)}3`])).toEqual(NEW_TEACHER);
    await page.close();
  });
});

describe('the right school and one copy of each row, in the pane', () => {
  /** A copy of the demo workbook as school `code`, edited by `edit`; no sync state. */
  const demoAs = (code: string, name: string, file: string, edit?: (wb: ExcelJS.Workbook) => void) =>
    withProgram(demoPath, { [PROGRAM.school]: code, [PROGRAM.schoolName]: name }, file, edit);
  const TERM = '2026-2027-1';
  type LiveRow = { table: string; id: string; deleted: boolean; values: Record<string, unknown> };
  const liveRows = async (token: string) =>
    ((await api('GET', `/api/v1/rows?term=${TERM}`, token)).json.rows as LiveRow[]).filter((r) => !r.deleted);
  const revisionOf = async (token: string) => (await api('GET', `/api/v1/rows?term=${TERM}&since=999999`, token)).json.revision as number;

  it('a workbook of 国河中心小学 with 湾头小学’s token: Test connection names the token’s school, Sync says whose workbook it is and sends nothing', async () => {
    await addSchool(env.worker, { code: 'WT01', name: '湾头小学', county: 'CTY07' });
    const wt = await newToken(env.worker, { role: 'school', school: 'WT01' });
    const page = await paneWith(wt, 'zh');
    await page.click('#test-connection');
    await page.waitForFunction(() => /连接正常|令牌无效|连不上/.test(document.getElementById('connection')?.textContent ?? ''));
    expect(await page.textContent('#connection')).toContain('这是 湾头小学（WT01）的学校令牌');
    const ghBefore = await revisionOf(schoolToken);

    await openFileInPane(page, demoPath);
    const status = await clickAndWait(page, '#sync', /没有发送任何数据/);
    expect(status).toContain(
      '这个工作簿是 国河中心小学（GH01）的，但令牌属于 湾头小学（WT01），没有发送任何数据。请在“设置”中填入 国河中心小学（GH01）的令牌',
    );
    expect(await page.textContent('#sync-note-text')).toContain('如果是“项目信息”中的学校代码写错了，请改正后再同步');
    // Nothing reached the server: WT01 has no rows, GH01 is as it was.
    expect(await liveRows(wt)).toEqual([]);
    expect(await revisionOf(schoolToken)).toBe(ghBefore);
    await page.close();

    // The worker refuses such a body too, whoever sends it.
    const direct = await api('POST', '/api/v1/sync', wt, {
      batch_id: 'wrong-1',
      term: TERM,
      template_version: 1,
      school: 'GH01',
      rows: [],
    });
    expect(direct.status).toBe(409);
    expect(direct.json.error).toMatchObject({ code: 'wrong_school' });
  });

  let fsToken: string;
  /** The rows FS01's first workbook synced (table:id), and how many. */
  let firstRows: string[];

  it('a workbook that never synced, to a school with rows: asked first; Cancel sends nothing', async () => {
    await addSchool(env.worker, { code: 'FS01', name: '第一小学', county: 'CTY08' });
    fsToken = await newToken(env.worker, { role: 'school', school: 'FS01' });
    const page = await paneWith(fsToken);
    // The school's first workbook: nothing on the server yet, so no question.
    await openFileInPane(page, await demoAs('FS01', '第一小学', 'fs-first.xlsx'));
    expect(await clickAndWait(page, '#sync', /Synced:|never synced/)).toMatch(
      /Synced: \d+ rows sent, \d+ taken by the server; 0 unchanged/,
    );
    firstRows = (await liveRows(fsToken)).map((r) => `${r.table}:${r.id}`).sort();
    expect(firstRows.length).toBeGreaterThan(20);

    // A second copy, never synced: the pane says what the server holds and asks.
    const status = (await api('GET', `/api/v1/sync/status?term=${TERM}`, fsToken)).json;
    expect(status).toMatchObject({ rows: firstRows.length, workbooks: 1 });
    const before = await revisionOf(fsToken);
    await openFileInPane(page, await demoAs('FS01', '第一小学', 'fs-second.xlsx'));
    const asked = await clickAndWait(page, '#sync', /never synced/);
    expect(asked).toContain(
      `the server already holds ${firstRows.length} rows of this school for this term (last synced ${status.last_sync_local as string} Beijing time, from 1 workbook)`,
    );
    expect(await page.isVisible('#first-take')).toBe(true);
    expect(await page.isVisible('#first-replace')).toBe(true);
    expect(await clickAndWait(page, '#first-cancel', /Cancelled; nothing was sent/)).toBe('Cancelled; nothing was sent.');
    expect(await page.locator('#first-take').count()).toBe(0);
    expect(await revisionOf(fsToken)).toBe(before);
    await page.close();
  });

  it('take the server’s rows: the workbook gets them (edited and missing rows too), and a later sync sends nothing new', async () => {
    const page = await paneWith(fsToken);
    const before = await revisionOf(fsToken);
    const server = await liveRows(fsToken);
    const serverT001 = server.find((r) => r.table === 'teachers' && r.id === 'T001')!.values.name;
    // This copy renamed T001 and lost T002's row.
    await openFileInPane(
      page,
      await demoAs('FS01', '第一小学', 'fs-take.xlsx', (wb) => {
        const ws = wb.getWorksheet('教师名册')!;
        ws.getCell('B2').value = '王丽华（副本）';
        if (ws.getCell('A3').value !== 'T002') throw new Error('A3 is not T002');
        ws.spliceRows(3, 1);
      }),
    );
    await clickAndWait(page, '#sync', /never synced/);
    const took = await clickAndWait(page, '#first-take', /server’s \d+ rows are in this workbook/);
    expect(took).toContain(
      `The server’s ${firstRows.length} rows are in this workbook (${firstRows.length - 2} were the same, 1 took the server’s values, 1 was added after their table); the 0 rows only this workbook has go with the next sync.`,
    );
    const names = await (async () => {
      const wb = await pageWorkbook(page);
      const out: Record<string, unknown> = {};
      wb.getWorksheet('教师名册')!.eachRow((row) => (out[String(row.getCell(1).value)] = row.getCell(2).value));
      return out;
    })();
    expect(names.T001).toBe(serverT001);
    expect(names.T002).toBe('李建国');
    expect(await clickAndWait(page, '#sync', /Synced:|never synced/)).toMatch(/^Synced: 0 rows sent, 0 taken by the server; \d+ unchanged/);
    expect(await revisionOf(fsToken)).toBe(before);
    await page.close();
  });

  it('replace the server’s rows: a second question names how many rows will be deleted; then the server holds exactly the workbook’s rows', async () => {
    const page = await paneWith(fsToken);
    // This copy renamed T001 and has no T003 (nor T003's pairing and assessment rows).
    const path = await demoAs('FS01', '第一小学', 'fs-replace.xlsx', (wb) => {
      const ws = wb.getWorksheet('教师名册')!;
      ws.getCell('B2').value = '王丽华（替换）';
      if (ws.getCell('A4').value !== 'T003') throw new Error('A4 is not T003');
      ws.spliceRows(4, 1);
    });
    await openFileInPane(page, path);
    await clickAndWait(page, '#sync', /never synced/);
    const confirm = await clickAndWait(page, '#first-replace', /Replace for sure/);
    expect(confirm).toMatch(
      /^Replace for sure\? The 1 row on the server that this workbook lacks will be deleted, and this workbook’s \d+ rows sent\.$/,
    );
    expect(await page.textContent('#replace-yes')).toContain('deleting 1 row');
    const done = await clickAndWait(page, '#replace-yes', /Synced:/);
    expect(done).toMatch(/^Synced: \d+ rows sent, \d+ taken by the server/);

    // What the server holds now is exactly the workbook's syncable rows, with its values.
    const server = await liveRows(fsToken);
    const expected = firstRows.filter((k) => k !== 'teachers:T003');
    expect(server.map((r) => `${r.table}:${r.id}`).sort()).toEqual(expected);
    expect(server.find((r) => r.table === 'teachers' && r.id === 'T001')!.values.name).toBe('王丽华（替换）');
    // And this workbook has synced now: no question, nothing to send.
    expect(await clickAndWait(page, '#sync', /Synced:|never synced/)).toMatch(/^Synced: 0 rows sent/);
    await page.close();
  });
});
