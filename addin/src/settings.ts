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
    this.store.setItem(this.key('serverUrl'), s.serverUrl.trim().replace(/\/+$/, ''));
    this.store.setItem(this.key('token'), s.token.trim());
  }

  /** Row versions the server last confirmed, so the next sync sends the right base_version. */
  loadVersions(scope: string): Record<string, number> {
    try {
      const v = JSON.parse(this.store.getItem(this.key(`versions.${scope}`)) ?? '{}') as unknown;
      return v && typeof v === 'object' ? (v as Record<string, number>) : {};
    } catch {
      return {};
    }
  }

  saveVersions(scope: string, versions: Record<string, number>): void {
    this.store.setItem(this.key(`versions.${scope}`), JSON.stringify(versions));
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
