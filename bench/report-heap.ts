/**
 * Renders the report model in the JSON file named by argv[2] to .docx and prints `{ms, bytes}`: run
 * by bench/report.bench.ts in a Node with a 128 MB heap (`--max-old-space-size=128`), a Worker's
 * memory, so a report that needs more fails there as it would in the Worker.
 */
import { readFileSync } from 'node:fs';
import { reportDocx } from '../report/docx';

const model = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const t0 = performance.now();
const bytes = await reportDocx(model);
console.log(JSON.stringify({ ms: Math.round(performance.now() - t0), bytes: bytes.byteLength }));
