/** How the sync names a scope (school, term, server) to a person. */

/** A scope as a person reads it: the school and term, and the server where it is not `than`'s. */
export function scopeText(s: { server: string; school: string; term: string }, than?: { server: string }): string {
  return than && than.server !== s.server ? `${s.school} ${s.term} (${s.server})` : `${s.school} ${s.term}`;
}
