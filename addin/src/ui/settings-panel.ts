/** Settings: the server's address and the token, Save, and the Sync panel's Test connection. */
import { h } from './dom';
import type { PaneHost } from './host';
import type { SyncPanel } from './sync-panel';

export class SettingsPanel {
  constructor(
    private readonly app: PaneHost,
    private readonly syncPanel: SyncPanel,
  ) {}

  render(): HTMLElement {
    const t = (k: Parameters<PaneHost['t']>[0]) => this.app.t(k);
    const s = this.app.opts.settings.load();
    return h(
      'details',
      { class: 'panel', id: 'settings-panel' },
      h('summary', {}, t('settings')),
      h(
        'label',
        {},
        t('serverUrl'),
        h('input', { id: 'server-url', type: 'url', value: s.serverUrl, placeholder: 'http://127.0.0.1:8787' }),
      ),
      h('label', {}, t('token'), h('input', { id: 'token', type: 'password', value: s.token, autocomplete: 'off' })),
      h(
        'div',
        { class: 'row' },
        h('fluent-button', { id: 'save-settings', onclick: () => void this.syncPanel.sync.saved(this.save()) }, t('save')),
        ...this.syncPanel.renderConnection(),
      ),
    );
  }

  /** Saves the address and token typed; true when either changed (its role is then learnt again). */
  save(): boolean {
    const settings = this.app.opts.settings;
    const serverUrl = (document.getElementById('server-url') as HTMLInputElement).value;
    const token = (document.getElementById('token') as HTMLInputElement).value;
    const before = settings.load();
    const changed = before.token !== token.trim() || before.serverUrl !== serverUrl.trim().replace(/(?<!\/)\/+$/, '');
    // Another token may have another role: learn it again (on saving, Test connection or the next sync).
    if (changed) settings.saveRole('');
    settings.save({ serverUrl, token });
    this.app.status('saved');
    return changed;
  }
}
