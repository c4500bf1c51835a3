/**
 * `npm run bench`: runs every bench/*.bench.ts (each exports `run(): Promise<BenchResult>`)
 * in one process so that ratios compare figures taken on the same machine in the same run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchResult {
  title: string;
  /** Rows of figures; each value printed as it is. */
  rows: Record<string, string | number>[];
  notes?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const nameOf = (f: string) => f.slice(0, -'.bench.ts'.length);
// A name asks for that bench (`sync` is sync.bench.ts, not also sync-bound and sync-bulk).
const unknown = only.filter((o) => !all.some((f) => nameOf(f) === o));
if (unknown.length > 0) {
  console.error(`npm run bench: no bench named ${unknown.join(', ')}; the benches are: ${all.map(nameOf).join(', ')}`);
  process.exit(2);
}
const files = all.filter((f) => only.length === 0 || only.includes(nameOf(f)));

for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { run: () => Promise<BenchResult> };
  const t0 = performance.now();
  const r = await mod.run();
  console.log(`\n## ${r.title}  (${f}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.table(r.rows);
  for (const n of r.notes ?? []) console.log(`- ${n}`);
}
