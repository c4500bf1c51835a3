/**
 * manifest.xml, read offline with office-addin-manifest's reader and as XML: host Workbook,
 * ReadWriteDocument, a Home-tab button that opens the pane, zh-CN overrides for every string,
 * icons that exist; and the production manifest the build writes for a base URL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OfficeAddinManifest } from 'office-addin-manifest';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs script without types
import { DEV_BASE_URL, OFFICE_CDN, OFFICE_LOCAL, manifestFor, officeJsFor, paneHtml } from '../../scripts/build-addin.mjs';

const ROOT = join(__dirname, '../..');
const PATH = join(ROOT, 'manifest.xml');
const XML = readFileSync(PATH, 'utf8');

/** Elements with a DefaultValue, with their zh-CN override (if any). */
function localisable(xml: string): { tag: string; id: string; def: string; zh: string | null }[] {
  const out: { tag: string; id: string; def: string; zh: string | null }[] = [];
  const re = /<((?:bt:)?\w+)(\s[^>]*?)DefaultValue="([^"]*)"([^>]*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const m of xml.matchAll(re)) {
    const attrs = m[2] + m[4];
    const id = /id="([^"]+)"/.exec(attrs)?.[1] ?? m[1];
    const zh = /<(?:bt:)?Override Locale="zh-CN" Value="([^"]*)"\/>/.exec(m[6] ?? '')?.[1] ?? null;
    out.push({ tag: m[1], id, def: m[3], zh });
  }
  return out;
}

describe('manifest.xml', () => {
  it('reads with office-addin-manifest: a task pane for Workbook with ReadWriteDocument', async () => {
    const info = await OfficeAddinManifest.readManifestFile(PATH);
    expect(info.officeAppType).toBe('TaskPaneApp');
    expect(info.hosts).toEqual(['Workbook']);
    expect(info.permissions).toBe('ReadWriteDocument');
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEV_BASE_URL}/taskpane.html`);
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.displayName).toBe('Jiedui pairing assistant');
  });

  it('has a button on the Home tab that opens the task pane (VersionOverrides)', () => {
    expect(XML).toMatch(/<VersionOverrides[^>]+xsi:type="VersionOverridesV1_0"/);
    const tab = /<OfficeTab id="TabHome">([\s\S]*?)<\/OfficeTab>/.exec(XML)?.[1] ?? '';
    expect(tab).toMatch(/<Control xsi:type="Button"/);
    expect(tab).toMatch(/<Action xsi:type="ShowTaskpane">[\s\S]*<SourceLocation resid="Jiedui.Taskpane.Url"\/>/);
    expect(XML).toMatch(/<bt:Url id="Jiedui.Taskpane.Url" DefaultValue="https:\/\/localhost:3000\/taskpane.html">/);
  });

  it('gives a Chinese (zh-CN) override for every string', () => {
    const items = localisable(XML);
    expect(items.length).toBeGreaterThan(15);
    const missing = items.filter((i) => i.zh === null).map((i) => `${i.tag} ${i.id}`);
    expect(missing).toEqual([]);
    const strings = items.filter((i) => i.tag === 'bt:String' || i.tag === 'DisplayName' || i.tag === 'Description');
    for (const s of strings) expect(s.zh, s.id).toMatch(/[\u4e00-\u9fff]/);
  });

  it('points every resid at a resource that exists', () => {
    const ids = new Set([...XML.matchAll(/<bt:\w+ id="([^"]+)"/g)].map((m) => m[1]));
    const used = [...XML.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(5);
    for (const r of used) expect(ids.has(r), r).toBe(true);
  });

  it('names icons that exist in addin/assets', () => {
    const icons = [...new Set([...XML.matchAll(/https:\/\/localhost:3000\/(assets\/[\w-]+\.png)/g)].map((m) => m[1]))];
    expect(icons).toEqual(expect.arrayContaining(['assets/icon-16.png', 'assets/icon-32.png', 'assets/icon-64.png', 'assets/icon-80.png']));
    for (const i of icons) {
      const file = join(ROOT, 'addin', i);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    }
  });

  it('writes a production manifest for a base URL, with no development URL left', () => {
    const prod = manifestFor('https://jiedui.example.org/addin/', XML) as string;
    expect(prod).not.toContain('localhost');
    expect(prod).toContain('<SourceLocation DefaultValue="https://jiedui.example.org/addin/taskpane.html">');
    expect(prod).toContain('<AppDomain>https://jiedui.example.org/addin</AppDomain>');
    expect(() => manifestFor('http://jiedui.example.org', XML)).toThrow(/https/);
    expect(() => manifestFor('not a url', XML)).toThrow(/absolute URL/);
  });

  it("keeps Microsoft's CDN Office.js for a production base URL and uses the project's copy for development", () => {
    expect(officeJsFor('https://addin.example.org')).toBe('cdn');
    expect(officeJsFor(DEV_BASE_URL)).toBe('local');
    expect(officeJsFor('http://127.0.0.1:8080')).toBe('local');
    const prod = paneHtml('cdn');
    expect(prod).toContain(`src="${OFFICE_CDN}"`);
    expect(prod).not.toContain(OFFICE_LOCAL);
    const dev = paneHtml('local');
    expect(dev).toContain(`src="${OFFICE_LOCAL}"`);
    expect(dev).not.toContain(`src="${OFFICE_CDN}"`);
    const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies['@microsoft/office-js'];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
