/// <reference lib="dom" />
/**
 * How the pane picks its mode with Office.js referenced in <head> (Microsoft's CDN, stubbed here):
 * it waits for Office.onReady however long it takes, says so after a few seconds with a link to
 * file mode, and starts in file mode only when onReady reports no host.
 */
import { describe, expect, it } from 'vitest';
import { usePane } from './addin-helpers';

const env = usePane();

/** An office.js whose onReady answers after `ms` with `host`. */
const stub = (ms: number, host: string | null) => `
  window.Office = {
    HostType: { Excel: 'Excel', Word: 'Word' },
    context: { displayLanguage: 'en-US', requirements: { isSetSupported: function () { return true; } } },
    onReady: function () {
      return new Promise(function (r) { setTimeout(function () { r({ host: ${JSON.stringify(host)}, platform: null }); }, ${ms}); });
    },
  };`;

describe('Office.js loading', () => {
  it('waits for a slow Office.onReady instead of choosing file mode, and offers file mode meanwhile', async () => {
    const page = await env.browser.newPage();
    await page.route('**/office.js', (r) => r.fulfill({ contentType: 'text/javascript', body: stub(7000, null) }));
    await page.goto(`${env.pane.url}/taskpane.html?lang=en`);
    await page.waitForSelector('#office-wait:not([hidden])', { timeout: 10_000 });
    // Past the five seconds after which the pane used to give up on Office: still waiting.
    expect(await page.getAttribute('body', 'data-ready')).toBeNull();
    expect(await page.textContent('#office-wait')).toContain('Connecting to Excel');
    expect(await page.getAttribute('#office-wait a', 'href')).toContain('mode=file');
    // onReady reports no host: file mode.
    await page.waitForSelector('body[data-ready="file"]', { timeout: 10_000 });
    expect(await page.isHidden('#office-wait')).toBe(true);
    await page.close();
  }, 30_000);

  it('starts in file mode at once when Office.js fails to load', async () => {
    const page = await env.browser.newPage();
    await page.route('**/office.js', (r) => r.fulfill({ status: 404, body: '' }));
    const t0 = Date.now();
    await page.goto(`${env.pane.url}/taskpane.html?lang=en`);
    await page.waitForSelector('body[data-ready="file"]', { timeout: 10_000 });
    expect(Date.now() - t0).toBeLessThan(4000);
    await page.close();
  }, 30_000);
});
