/**
 * The template as .xlsx bytes, exactly as `jiedui template` writes it (ExcelJS, tables prepared),
 * for the page's "New workbook": scripts/build-addin.mjs writes one per language into the built
 * page, so the page itself carries no ExcelJS. Node (build time) only.
 */
import type { Lang } from '../core/types';
import { prepareTables } from './apply';
import { buildTemplate } from './build-template';

export async function templateBytes(lang: Lang): Promise<Uint8Array> {
  const wb = buildTemplate(lang);
  prepareTables(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
