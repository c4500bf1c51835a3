import { SHEETS, type SheetKey } from '../template';
import type { WorkbookRead } from '../read';
import type { CellWrite } from '../types';
import type { FillResult } from './types';

/** Prefix and digits of each sheet's generated ids: P001, M001, A0001, S001. */
export const ID_FORMAT: Partial<Record<SheetKey, { prefix: string; digits: number }>> = {
  partnerships: { prefix: 'P', digits: 3 },
  pairings: { prefix: 'M', digits: 3 },
  schedule: { prefix: 'A', digits: 4 },
  support: { prefix: 'S', digits: 3 },
};

/**
 * Hands out ids after the highest existing number of the prefix, skipping any id already used in
 * another form, so an id is never reused. Same workbook, same ids: the order is the rows' order.
 */
export class IdSequence {
  private next: number;
  constructor(
    private readonly prefix: string,
    private readonly digits: number,
    private readonly used: Set<string>,
  ) {
    const re = new RegExp(`^${prefix}(\\d+)$`, 'i');
    let max = 0;
    for (const id of used) {
      const m = re.exec(id);
      if (m) max = Math.max(max, Number(m[1]));
    }
    this.next = max + 1;
  }
  take(): string {
    for (;;) {
      const id = this.prefix + String(this.next++).padStart(this.digits, '0');
      if (!this.used.has(id.toUpperCase())) {
        this.used.add(id.toUpperCase());
        return id;
      }
    }
  }
}

export function idSequence(read: WorkbookRead, key: SheetKey): IdSequence {
  const fmt = ID_FORMAT[key]!;
  const idCol = SHEETS.find((s) => s.key === key)!.idColumn!;
  const used = new Set<string>();
  for (const r of read.sheets[key]?.rows ?? []) {
    const v = r.values[idCol] ?? r.raw[idCol];
    if (v !== null && v !== undefined && v !== '') used.add(String(v).trim().toUpperCase());
  }
  return new IdSequence(fmt.prefix, fmt.digits, used);
}

/** Ids for rows that have none, in the sheets whose id the product supplies. */
export function fillIds(read: WorkbookRead): FillResult {
  const writes: CellWrite[] = [];
  for (const key of Object.keys(ID_FORMAT) as SheetKey[]) {
    const sheet = read.sheets[key];
    const idCol = SHEETS.find((s) => s.key === key)!.idColumn!;
    const col = sheet?.columns[idCol];
    // Without an id column there is nowhere a person expects ids; adding one would sit outside the table.
    if (!sheet || !col) continue;
    const seq = idSequence(read, key);
    for (const r of sheet.rows) {
      const raw = r.raw[idCol];
      if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
        writes.push({ sheetName: sheet.name, row: r.row, col, value: seq.take() });
      }
    }
  }
  return { writes, newSheets: [], refused: [] };
}
