/** A1 ranges as numbers: 1-based rows and columns, inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const colNumber = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** "B2:D9" (or one cell, "B2"; $ signs allowed) as numbers; null when it is not a range. */
export function decodeRange(ref: string): CellRange | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (!m) return null;
  const a = { top: +m[2], left: colNumber(m[1]), bottom: +(m[4] ?? m[2]), right: colNumber(m[3] ?? m[1]) };
  return {
    top: Math.min(a.top, a.bottom),
    bottom: Math.max(a.top, a.bottom),
    left: Math.min(a.left, a.right),
    right: Math.max(a.left, a.right),
  };
}

export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export function encodeRange(r: CellRange): string {
  return `${columnLetter(r.left)}${r.top}:${columnLetter(r.right)}${r.bottom}`;
}

export function inRange(r: CellRange, row: number, col: number): boolean {
  return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
}
