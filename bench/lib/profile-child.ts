/**
 * Child process of the profile section: runs `generate()` once through the
 * library API (cold: no format cache) and prints the phase timings as JSON.
 *
 *   node --import tsx bench/lib/profile-child.ts <source root> <out> <spec> [<spec> ...]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, out, ...specs] = process.argv.slice(2);
if (!root || !out || specs.length === 0) throw new Error('usage: profile-child <source root> <out> <spec>...');
const { generate } = (await import(pathToFileURL(path.join(root, 'generator', 'generate.ts')).href)) as typeof import('../../generator/generate.ts');
// Time from process start to here: Node, the tsx loader and the generator's modules (ts-morph, swagger-parser, ...).
const startupMs = performance.now();
const started = performance.now();
const result = await generate({ specs, out });
const totalMs = performance.now() - started;
let bytes = 0;
for (const text of result.files.values()) bytes += Buffer.byteLength(text);
process.stdout.write(
  `${JSON.stringify({ timings: { startup: startupMs, ...result.timings }, totalMs, files: result.files.size, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024, warnings: result.warnings.length })}\n`,
);
