/** The sync body the pane posts: rows without errors, ids, base versions, deletes; and the i18n table. */
import { describe, expect, it, vi } from 'vitest';
import { checkWorkbook } from '../../core/check';
import { demoWorkbook } from '../../core/demo';
import { ALL_KEYS, langFromLocale, t } from '../../addin/src/i18n';
import { MemoryStore, SettingsStore } from '../../addin/src/settings';
import { mergeVersions, planSync, postSync, rowId } from '../../addin/src/sync-client';

const TODAY = '2026-10-15';

describe('planSync', () => {
  const { read, issues } = checkWorkbook(demoWorkbook(), { today: TODAY });

  it('sends teachers by id with raw values, holding back rows with an error', () => {
    const plan = planSync(read, issues, {}, { batchId: 'b1', tables: ['teachers'] });
    expect(plan.body.term).toBe('2026-2027-1');
    expect(plan.body.template_version).toBe(1);
    const ids = plan.body.rows.map((r) => r.id);
    // T005 is used twice in the demo: the duplicate (an error) stays behind.
    expect(ids.filter((i) => i === 'T005').length).toBe(1);
    expect(ids).toContain('T001');
    expect(plan.skipped).toBeGreaterThanOrEqual(1);
    const t1 = plan.body.rows.find((r) => r.id === 'T001')!;
    expect(t1).toMatchObject({ table: 'teachers', base_version: 0 });
    expect(t1.values).toMatchObject({ teacher_id: 'T001', name: '王丽华', school_code: 'GH01' });
  });

  it('sends the versions it knows and deletes rows that left the workbook', () => {
    const plan = planSync(read, issues, { 'teachers:T001': 3, 'teachers:T999': 2 }, { batchId: 'b2', tables: ['teachers'] });
    expect(plan.body.rows.find((r) => r.id === 'T001')!.base_version).toBe(3);
    expect(plan.body.rows.find((r) => r.id === 'T999')).toEqual({ table: 'teachers', id: 'T999', base_version: 2, deleted: true });
  });

  it('keeps the applied versions and drops deleted rows', () => {
    const next = mergeVersions(
      { 'teachers:T999': 2 },
      [{ table: 'teachers', id: 'T999', base_version: 2, deleted: true }, { table: 'teachers', id: 'T001', base_version: 0 }],
      { batch_id: 'b', revision: 5, applied: [{ table: 'teachers', id: 'T001', version: 1 }, { table: 'teachers', id: 'T999', version: 3 }], rejected: [], conflicts: [{ table: 'teachers', id: 'T002', server_version: 4 }] },
    );
    expect(next).toEqual({ 'teachers:T001': 1, 'teachers:T002': 4 });
  });

  it('identifies rows without an id column', () => {
    expect(rowId('assessment', { teacher_id: 'T1', term: '2026-2027-1' })).toBe('T1|2026-2027-1');
    expect(rowId('pairings', { pairing_id: null })).toBeNull();
  });

  it('posts with the school token and reports the server’s error with its status', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'bad token' } }), { status: 401 }));
    await expect(postSync('http://x/', 'tok', { batch_id: 'b', term: '2026-2027-1', template_version: 1, rows: [] }, fetchFn as typeof fetch)).rejects.toThrow(/401 unauthorized: bad token/);
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://x/api/v1/sync');
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer tok');
  });
});

describe('settings and words', () => {
  it('keeps address and token per partition, never mixing two add-in instances', () => {
    const store = new MemoryStore();
    new SettingsStore(store, 'p1').save({ serverUrl: 'http://a/ ', token: ' t1 ' });
    expect(new SettingsStore(store, 'p1').load()).toEqual({ serverUrl: 'http://a', token: 't1' });
    expect(new SettingsStore(store, 'p2').load()).toEqual({ serverUrl: '', token: '' });
  });

  it('has every pane string in both languages and picks the language from the locale', () => {
    for (const k of ALL_KEYS) {
      expect(t('zh', k).length, k).toBeGreaterThan(0);
      expect(t('en', k).length, k).toBeGreaterThan(0);
    }
    expect(t('en', 'synced', { n: 3, skipped: 1 })).toBe('Synced 3 rows (1 rows with errors skipped).');
    expect(langFromLocale('zh-CN')).toBe('zh');
    expect(langFromLocale('zh-TW')).toBe('zh');
    expect(langFromLocale('en-US')).toBe('en');
    expect(langFromLocale(undefined)).toBe('en');
  });
});
