/**
 * What a synced row's id may be, the one rule the worker checks (a 400 for the whole batch
 * otherwise) and the add-in checks first (holding such a row back alone).
 */

/** A row id: 1 to this many UTF-16 units. */
export const MAX_ID_LENGTH = 200;

/**
 * Whether text is well-formed UTF-16 (no lone surrogate). D1 stores text as UTF-8, which cannot
 * hold a lone surrogate: it comes back as U+FFFD, so a key holding one would be stored as another
 * key (and two such keys as one). `String.prototype.isWellFormed` does this too (ES2024); with the
 * `u` flag a valid pair is one code point, so the class matches only a surrogate standing alone.
 */
export const isWellFormed = (s: string): boolean => !/[\uD800-\uDFFF]/u.test(s);
