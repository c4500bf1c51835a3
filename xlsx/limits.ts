/**
 * How far a reader goes before it refuses a file: every read of a workbook is bounded by these,
 * whatever the file declares. Each bound is well past any real school workbook (the 115,000-row
 * bench workbook's largest part inflates to about 40 MB).
 */

/** Excel's own last row and column: a cell past them is not in any workbook Excel wrote. */
export const MAX_ROW = 1_048_576;
export const MAX_COL = 16_384;

/** The largest a single part may inflate to. */
export const MAX_PART_BYTES = 256 * 2 ** 20;
/** The largest all the parts read from one package may inflate to, together. */
export const MAX_PACKAGE_BYTES = 1024 * 2 ** 20;
/** Cells a sheet's values may spread over (rows times the width of each row, empty cells between included). */
export const MAX_SHEET_SLOTS = 40_000_000;
/** Sheets a workbook may list. */
export const MAX_SHEETS = 1000;
