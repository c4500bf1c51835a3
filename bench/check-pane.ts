/**
 * The full check where a person waits on it: in the task pane. The bench's entry (check-pane-entry.ts)
 * is bundled as scripts/build-addin.mjs bundles the pane (browser, its targets, minified) and run
 * in headless Chromium, the engine of Excel's WebView2 pane on Windows and of Excel on the web.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaneCheckFigures } from './check-pane-entry';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The longest the page may take to run every timed pass (it takes a few seconds). */
const PAGE_TIMEOUT_MS = 120_000;

export interface PaneCheck extends PaneCheckFigures {
  browser: string;
}

async function paneBundle(): Promise<string> {
  // Loaded here, not at the top: the Node rows before this measure the process's memory too.
  const { build } = await import('esbuild');
  // @ts-expect-error: plain .mjs script without types
  const { PANE_TARGET } = (await import('../scripts/build-addin.mjs')) as { PANE_TARGET: string[] };
  const out = await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/check-pane-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: PANE_TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/** The pane's figures, or why there are none (no Chromium on the machine, say). */
export async function checkInPane(): Promise<PaneCheck | { error: string }> {
  const script = await paneBundle();
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_ARGS } = await import('../tests/e2e/addin-helpers');
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
    });
  } catch (e) {
    return { error: `Chromium did not start: ${(e as Error).message.split('\n')[0]}` };
  }
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.setContent('<!doctype html><title>check bench</title>');
    await page.addScriptTag({ content: script });
    const figures = await page.evaluate(() => (globalThis as unknown as { jieduiCheckBench: () => PaneCheckFigures }).jieduiCheckBench());
    return { ...figures, browser: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
  }
}
