/**
 * The task pane's entry. Office.js comes from Microsoft's CDN and may not load (no network, or a
 * plain browser): the page then starts in file mode instead of waiting forever.
 */
// Only the button is registered: importing the package index would pull in every component.
import '@fluentui/web-components/button.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { webLightTheme } from '@fluentui/tokens';
import type { Lang } from '../../core/types';
import { langFromLocale } from './i18n';
import { OfficePort } from './office-port';
import { MemoryStore, SettingsStore, type KeyValueStore } from './settings';
import { App } from './ui/app';

declare global {
  interface Window {
    /** Set by taskpane.html: resolves true once office.js has loaded, false when it cannot. */
    __officeLoaded?: Promise<boolean>;
    __jiedui?: App;
  }
}

setTheme(webLightTheme);

function storage(): KeyValueStore {
  try {
    const ls = window.localStorage;
    ls.setItem('jiedui.probe', '1');
    return ls;
  } catch {
    return new MemoryStore();
  }
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function officeHost(): Promise<{ displayLanguage: string; partitionKey?: string } | null> {
  const loaded = await (window.__officeLoaded ?? Promise.resolve(false));
  if (!loaded || typeof Office === 'undefined') return null;
  // Outside Office, onReady resolves with host null; inside a non-Excel host we cannot work either.
  const info = await Promise.race([
    Office.onReady(),
    new Promise<null>((r) => setTimeout(() => r(null), 5000)),
  ]);
  if (!info || info.host !== Office.HostType.Excel) return null;
  const ctx = Office.context as Office.Context & { partitionKey?: string };
  return { displayLanguage: ctx.displayLanguage, partitionKey: ctx.partitionKey };
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const root = document.getElementById('app')!;
  const office = params.get('mode') === 'file' ? null : await officeHost();
  const store = storage();
  const langParam = params.get('lang');
  const saved = store.getItem('jiedui.lang');
  const lang: Lang =
    langParam === 'zh' || langParam === 'en'
      ? langParam
      : saved === 'zh' || saved === 'en'
        ? saved
        : langFromLocale(office ? office.displayLanguage : navigator.language);
  const today = /^\d{4}-\d{2}-\d{2}$/.test(params.get('today') ?? '') ? params.get('today')! : localToday();
  const settings = new SettingsStore(store, office?.partitionKey ?? '');
  const onLangChange = (l: Lang) => store.setItem('jiedui.lang', l);

  if (office) {
    window.__jiedui = new App({ root, lang, settings, today, port: new OfficePort(), mode: 'office', onLangChange });
  } else {
    const fileMode = () => import('./file-mode');
    window.__jiedui = new App({
      root,
      lang,
      settings,
      today,
      port: null,
      mode: 'file',
      onLangChange,
      openFile: async (f) => (await fileMode()).openFile(f),
      newFromTemplate: async (l) => (await fileMode()).newFromTemplate(l),
      download: async (p) => (await fileMode()).download(p as import('./file-port').FilePort),
      newBlank: async (name) => (await fileMode()).newBlank(name),
    });
  }
  document.body.dataset.ready = office ? 'office' : 'file';
}

start().catch((e) => {
  document.getElementById('app')!.textContent = `Jiedui could not start: ${(e as Error).message}`;
});
