/**
 * The server address and school token, entered in the Settings panel. They live in the browser's
 * storage, never in the workbook, so a shared workbook never carries a school's token. Inside
 * Office the keys are partitioned by `Office.context.partitionKey` where the host gives one.
 */
export interface Settings {
  serverUrl: string;
  token: string;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class SettingsStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly partition: string = '',
  ) {}

  private key(name: string): string {
    return this.partition ? `${this.partition}:jiedui.${name}` : `jiedui.${name}`;
  }

  load(): Settings {
    return {
      serverUrl: this.store.getItem(this.key('serverUrl')) ?? '',
      token: this.store.getItem(this.key('token')) ?? '',
    };
  }

  save(s: Settings): void {
    this.store.setItem(this.key('serverUrl'), s.serverUrl.trim().replace(/(?<!\/)\/+$/, ''));
    this.store.setItem(this.key('token'), s.token.trim());
  }

  /** The token's role as the last "Test connection" or sync found it; '' when not known yet. */
  loadRole(): 'school' | 'bureau' | '' {
    const r = this.store.getItem(this.key('role'));
    return r === 'school' || r === 'bureau' ? r : '';
  }

  saveRole(role: 'school' | 'bureau' | ''): void {
    this.store.setItem(this.key('role'), role);
  }

  /** The raw store, for the sync outbox (kept under the same partition). */
  get kv(): KeyValueStore {
    const prefix = this.partition ? `${this.partition}:` : '';
    return {
      getItem: (k) => this.store.getItem(prefix + k),
      setItem: (k, v) => this.store.setItem(prefix + k, v),
    };
  }
}

/** A store that forgets, for where localStorage is blocked (some webviews, private windows). */
export class MemoryStore implements KeyValueStore {
  private readonly m = new Map<string, string>();
  getItem(key: string): string | null {
    return this.m.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.m.set(key, value);
  }
}
