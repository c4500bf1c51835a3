/**
 * The task pane's entry. Office.js is referenced in taskpane.html's <head> (Microsoft's CDN). Where
 * it could not load (no network, a plain browser) the page starts in file mode at once; where it
 * loaded, the page waits for Office.onReady and starts in file mode only when that reports no
 * Excel host. A slow Office never sends a teacher in Excel to the file picker: after a few seconds
 * the pane says it is still connecting and offers file mode as a link.
 */
// Only the button is registered: importing the package index would pull in every component.
import '@fluentui/web-components/button.js';
import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { webLightTheme } from '@fluentui/tokens';
import type { Lang } from '../../core/types';
import { langFromLocale, t } from './i18n';
import { OfficePort, officeRunner } from './office-port';
import { hostLimits, limitsLine } from './office-limits';
import { MemoryStore, SettingsStore, type KeyValueStore } from './settings';
import { App } from './ui/app';

declare global {
  interface Window {
    /** Set by taskpane.html: true when office.js failed to load. */
    __officeFailed?: boolean;
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

/** After this long without an answer from Office.onReady, the pane offers file mode (it keeps waiting). */
const ONREADY_HINT_MS = 5000;

/** The line above the pane that says the pane is waiting on Excel; hidden with null. */
function waitHint(text: string | null, link?: { href: string; label: string }): void {
  const el = document.getElementById('office-wait');
  if (!el) return;
  el.textContent = text ?? '';
  if (text && link) {
    const a = document.createElement('a');
    a.href = link.href;
    a.textContent = link.label;
    el.append(' ', a);
  }
  el.hidden = text === null;
}

function guessLang(params: URLSearchParams): Lang {
  const p = params.get('lang');
  return p === 'zh' || p === 'en' ? p : langFromLocale(navigator.language);
}

async function officeHost(params: URLSearchParams): Promise<{ displayLanguage: string; partitionKey?: string } | null> {
  if (window.__officeFailed || typeof Office === 'undefined') {
    document.body.dataset.office = 'failed';
    return null;
  }
  const fileUrl = new URL(location.href);
  fileUrl.searchParams.set('mode', 'file');
  const lang = guessLang(params);
  const slow = setTimeout(
    () => waitHint(t(lang, 'waitingOffice'), { href: fileUrl.toString(), label: t(lang, 'openFileMode') }),
    ONREADY_HINT_MS,
  );
  let info: { host: Office.HostType | null } | null;
  try {
    info = await Office.onReady();
  } finally {
    clearTimeout(slow);
    waitHint(null);
  }
  // Outside Office, onReady resolves with host null; inside a non-Excel host we cannot work either.
  if (!info || info.host !== Office.HostType.Excel) {
    // Read by the browser tests: Office.js loaded and said there is no Excel here.
    document.body.dataset.office = info?.host ? `host ${info.host}` : 'outside';
    return null;
  }
  const ctx = Office.context as Office.Context & { partitionKey?: string };
  return { displayLanguage: ctx.displayLanguage, partitionKey: ctx.partitionKey };
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const root = document.getElementById('app')!;
  const office = params.get('mode') === 'file' ? null : await officeHost(params);
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
  let current = lang;
  let port: OfficePort | null = null;
  const onLangChange = (l: Lang) => {
    current = l;
    store.setItem('jiedui.lang', l);
    if (port) port.lang = l;
  };
  const common = { root, lang, settings, today, onLangChange };

  if (office) {
    // A batch held by a cell being edited (delayForCellEdit) says so after a few seconds.
    port = new OfficePort(officeRunner((waiting) => waitHint(waiting ? t(current, 'waitingCellEdit') : null)));
    port.lang = lang;
    const limits = hostLimits((v) => Office.context.requirements.isSetSupported('ExcelApi', v));
    window.__jiedui = new App({ ...common, port, mode: 'office', hostLimits: (l) => limitsLine(l, limits) });
  } else {
    const fileMode = () => import('./file-mode');
    window.__jiedui = new App({
      ...common,
      port: null,
      mode: 'file',
      openFile: async (f) => (await fileMode()).openFile(f),
      newFromTemplate: async (l) => (await fileMode()).newFromTemplate(l),
      download: async (p, o) => {
        await (await fileMode()).download(p as import('./file-port').FilePort, o);
      },
      rowAround: async (p, sheet, cell) => (await fileMode()).rowAround(p as import('./file-port').FilePort, sheet, cell),
      newBlank: async (name) => (await fileMode()).newBlank(name),
    });
  }
  document.body.dataset.ready = office ? 'office' : 'file';
}

/**
 * The service worker (sw.js) that keeps the page for offline use; only where the browser allows
 * one (https or localhost) and not with ?sw=off. A failed registration changes nothing.
 */
function keepOffline(params: URLSearchParams): void {
  if (params.get('sw') === 'off' || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('sw.js').then(
    () => (document.body.dataset.offline = 'registered'),
    () => (document.body.dataset.offline = 'unavailable'),
  );
}

keepOffline(new URLSearchParams(location.search));

start().catch((e) => {
  document.getElementById('app')!.textContent = `Jiedui could not start: ${(e as Error).message}`;
});
