/**
 * Child process of the profile section: runs `generate()` once through the
 * library API (cold: no format cache, nothing generated before) and prints the
 * phase timings as JSON. The generator is loaded as built into dist/ (as the CLI
 * runs); a source tree without that build (`--commit` of an older commit) is
 * loaded through tsx.
 *
 *   node bench/lib/profile-child.mjs <source root> <out> <spec> [<spec> ...]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, out, ...specs] = process.argv.slice(2);
if (!root || !out || specs.length === 0) throw new Error('usage: profile-child <source root> <out> <spec>...');
const built = path.join(root, 'dist', 'generate.mjs');
let generate;
if (existsSync(built)) ({ generate } = await import(pathToFileURL(built).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ generate } = await import(pathToFileURL(path.join(root, 'generator', 'generate.ts')).href));
}
// Time from process start to here: Node and the generator's modules (plus tsx without a build).
const startupMs = performance.now();
const started = performance.now();
const result = await generate({ specs, out });
const totalMs = performance.now() - started;
let bytes = 0;
for (const text of result.files.values()) bytes += Buffer.byteLength(text);
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ timings: { startup: startupMs, ...result.timings }, totalMs, files: result.files.size, bytes, maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, warnings: result.warnings.length })}\n`,
);
