/**
 * Test connection, and a token just saved: the token's role (which panel the pane shows: Sync for a
 * school, Pull totals for a bureau), whether the term is open, and a refusal drawn as an error.
 */
import { currentTerm, testConnection } from './connection';
import { schoolText } from './first-sync';
import type { FetchFn } from './http';
import type { StringKey } from './i18n';
import type { StatusParams, SyncHost } from './ui/host';

/** A line the panel shows, kept as a key so a language switch says it again in the other language. */
export interface Line {
  key: StringKey;
  params?: StatusParams;
}

export class SyncConnection {
  /** The Settings panel's connection line: `ok` false draws it as an error. */
  conn: (Line & { ok: boolean }) | null = null;

  constructor(
    private readonly host: SyncHost,
    private readonly fetchFn: () => FetchFn,
    private readonly online: () => boolean,
    private readonly changed: () => void,
  ) {}

  /**
   * The settings were saved: a token or address that changed may have another role, so the panel
   * that shows goes by the new one at once (the Sync panel while it is not known), and the token
   * is tried. A token the server refuses is kept as typed (it may be the server that is wrong, or
   * the network) and the pane says so as an error.
   */
  async saved(changed: boolean): Promise<void> {
    if (changed) this.host.render();
    const s = this.host.opts.settings.load();
    if (!changed || !s.serverUrl || !s.token) return;
    await this.test({ fromSave: true });
  }

  /** Test connection: the token's role (which panel shows) and whether the term is open. */
  async test(opts: { fromSave?: boolean } = {}): Promise<void> {
    const s = this.host.opts.settings.load();
    const before = this.host.opts.settings.loadRole() === 'bureau';
    this.conn = { key: 'testing', ok: true };
    this.changed();
    const term = this.host.last?.read.program.term ?? currentTerm(this.host.opts.today);
    const r = await testConnection(s.serverUrl, s.token, term, { fetchFn: this.fetchFn(), online: this.online() });
    if (r.ok && r.role === 'school' && r.termLocked) {
      // Connected, but a sync would be refused: say so now rather than after the person presses Sync.
      this.host.opts.settings.saveRole(r.role);
      this.conn = { key: 'problem_term_locked', params: {}, ok: false };
    } else if (r.ok) {
      this.host.opts.settings.saveRole(r.role ?? '');
      const county = r.countyName ? `${r.countyName} ${r.county ?? ''}`.trim() : (r.county ?? '');
      const school = schoolText({ code: r.school ?? '', name: r.schoolName ?? null }, this.host.lang);
      this.conn = { key: r.role === 'bureau' ? 'connOkBureau' : 'connOkSchool', params: { county, school }, ok: true };
    } else {
      this.conn = { key: `problem_${r.problem ?? 'other'}` as StringKey, params: { message: r.detail ?? '' }, ok: false };
    }
    if (opts.fromSave && !this.conn.ok && this.host.statusKeyNow() === 'saved') {
      this.host.status('savedButProblem', undefined, [{ key: this.conn.key, params: this.conn.params }, { key: 'tokenKept' }], 'error');
    }
    // The role decides which panel shows: render again where it changed (a render on every test
    // would also redraw what the person is using).
    if (!opts.fromSave || before !== (this.host.opts.settings.loadRole() === 'bureau')) this.host.render();
    else this.changed();
  }
}
