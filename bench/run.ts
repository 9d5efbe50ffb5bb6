/**
 * `npm run bench [-- --quick] [-- --only generation,decode]`
 *
 * Side-by-side benchmarks of ntnx-sdkgen against the generators a user would
 * pick instead and against the official Nutanix JavaScript SDK, on the same
 * inputs, in one run, on this machine. Writes `bench/RESULTS.md`.
 *
 * Sections (each stores its figures in bench/.work/sections/<name>.json; the
 * report is rendered from whatever sections are there, each with its date):
 *   generation  vmm v4.0, the v3 document, GitHub's document: ours vs 4 peers, alternating
 *   wholeset    every document of specs/: ours (generate-all and per document) vs peers
 *   profile     where our generation time goes (load, ir, emit, format, write)
 *   typecheck   tsc --noEmit on our packages (TypeScript 5.9 and 7) and on the peers' vmm output
 *   decode      a 10,000-VM listVms response into models: ours vs the official SDK
 *   bundle      one API class bundled (esbuild, minified, gzipped) vs the official bundle
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measure, type RunResult } from './lib/measure.ts';
import { renderReport, type Environment } from './lib/report.ts';
import { rotate } from './lib/stats.ts';
import { BENCH_DIR, ROOT, WORK, benchPackageVersion, getSourceRoot, ours, outputSize, peers, setSourceRoot, type OutputSize, type Tool } from './lib/tools.ts';

const SECTIONS = ['generation', 'wholeset', 'profile', 'typecheck', 'decode', 'bundle'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    reps: { type: 'string' },
    commit: { type: 'string' },
    // The whole-set section without the peers' per-document runs (ours only; the long part of that section).
    'set-ours-only': { type: 'boolean' },
    // Rewrite RESULTS.md from the last figures of every section, measuring nothing.
    'report-only': { type: 'boolean' },
  },
});
const QUICK = values.quick === true;
const ONLY = new Set(values['report-only'] ? [] : ((values.only ?? SECTIONS.join(',')).split(',').map((s) => s.trim()) as Section[]));
for (const s of ONLY) if (!SECTIONS.includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);
const REPS = values.reps ? Number(values.reps) : QUICK ? 1 : 5;
const log = (line: string) => console.error(`[bench] ${line}`);

// ---------------------------------------------------------------------------------
// Set-up: the peers and the official SDK live in bench/node_modules (pinned by
// bench/package-lock.json), installed on first use.
/**
 * `--commit <rev>`: measure the generator of that commit (extracted with `git archive`
 * into bench/.work/source, using the root node_modules) instead of the working tree.
 */
function useCommit(rev: string): string {
  const sha = spawnSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' });
  if (sha.status !== 0) throw new Error(`unknown commit ${rev}`);
  const id = sha.stdout.trim();
  const dir = path.join(WORK, 'source', id);
  if (!existsSync(path.join(dir, 'package.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = spawnSync('sh', ['-c', `git archive ${id} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: 'inherit' });
    if (tar.status !== 0) throw new Error(`git archive ${id} failed`);
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  }
  setSourceRoot(dir);
  return id;
}

function ensureDependencies(): void {
  // Our CLI is measured as users run it: the built file in dist/ (made on install; rebuilt here in case sources changed).
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) throw new Error('building the CLI failed');
  const marker = path.join(BENCH_DIR, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && existsSync(path.join(BENCH_DIR, 'node_modules', 'orval'))) return;
  log('installing the benchmark dependencies (npm ci --prefix bench)');
  const r = spawnSync('npm', ['ci', '--prefix', BENCH_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: ROOT });
  if (r.status !== 0) throw new Error('npm ci --prefix bench failed');
}

const GITHUB_DOC = () => path.join(BENCH_DIR, 'node_modules', '@octokit', 'openapi', 'generated', 'api.github.com.json');

interface Doc {
  readonly id: string;
  readonly label: string;
  readonly file: string;
}

function mainDocs(): Doc[] {
  const docs: Doc[] = [
    { id: 'vmm', label: 'vmm v4.0 (OpenAPI 3.0, 2 MB)', file: path.join(ROOT, 'specs', 'vmm', 'v4.0.yaml') },
    { id: 'v3', label: 'Prism Central v3 (Swagger 2.0, 3.6 MB)', file: path.join(ROOT, 'specs', 'v3', 'prism-central.json') },
  ];
  if (!QUICK) docs.push({ id: 'github', label: `GitHub api.github.com (@octokit/openapi ${benchPackageVersion('@octokit/openapi')}, 13 MB)`, file: GITHUB_DOC() });
  return docs;
}

/** Every document under specs/ (v4 namespaces and v3). */
function allSpecDocs(): Doc[] {
  const docs: Doc[] = [];
  const specs = path.join(ROOT, 'specs');
  for (const ns of readdirSync(specs).sort()) {
    const dir = path.join(specs, ns);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) docs.push({ id: `${ns}/${f}`, label: `${ns}/${f}`, file: path.join(dir, f) });
  }
  return docs;
}

export interface ToolRun extends RunResult {
  readonly rep: number;
}

export interface GenerationCell {
  readonly doc: string;
  readonly tool: string;
  readonly runs: ToolRun[];
  readonly size?: OutputSize;
}

async function runTool(tool: Tool, doc: Doc, dir: string, rep: number): Promise<{ run: ToolRun; size?: OutputSize }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The output folder does not exist before the run; our format cache would live next to it, in `dir`.
  const out = path.join(dir, 'out');
  const { command, args } = tool.command(doc.file, out);
  const result = await measure(command, args, { cwd: dir });
  const size = outputSize(out);
  const ok = result.ok && size.files > 0;
  const run: ToolRun = { ...result, ok, rep, tail: ok ? '' : result.tail || `exit ${result.exitCode}, no TypeScript written` };
  log(`${doc.id.padEnd(28)} ${tool.id.padEnd(18)} rep ${rep + 1}: ${ok ? `${(result.wallMs / 1000).toFixed(2)} s, ${result.peakRssMb?.toFixed(0)} MB` : `FAILED ${run.tail.split('\n').pop()}`}`);
  return { run, ...(ok ? { size } : {}) };
}

// ---------------------------------------------------------------------------------
async function generationSection(): Promise<unknown> {
  const tools = [ours(), ...peers()];
  const docs = mainDocs();
  const cells = new Map<string, GenerationCell>();
  for (let rep = 0; rep < REPS; rep++) {
    for (const doc of docs) {
      // Alternate: each repetition starts with a different tool.
      for (const tool of rotate(tools, rep)) {
        const key = `${doc.id}|${tool.id}`;
        const cell = cells.get(key) ?? { doc: doc.id, tool: tool.id, runs: [] };
        // A tool that failed on a document fails the same way again: run it once.
        if (cell.runs.length > 0 && cell.runs.every((r) => !r.ok)) continue;
        const { run, size } = await runTool(tool, doc, path.join(WORK, 'gen', doc.id, tool.id), rep);
        cells.set(key, { ...cell, runs: [...cell.runs, run], ...(size && !cell.size ? { size } : {}) });
      }
    }
  }
  rmSync(path.join(WORK, 'gen'), { recursive: true, force: true });
  return { reps: REPS, docs: docs.map(({ id, label }) => ({ id, label })), tools: tools.map(toolInfo), cells: [...cells.values()] };
}

function toolInfo(t: Tool) {
  return { id: t.id, name: t.name, version: t.version, produces: t.produces };
}

async function wholeSetSection(): Promise<unknown> {
  const reps = QUICK ? 1 : Math.min(REPS, 3);
  const docs = allSpecDocs();
  const tools = QUICK || values['set-ours-only'] ? [ours()] : [ours(), ...peers()];
  // Ours, as a user generates the Nutanix set: one generate-all (a package per v4 namespace,
  // several versions merged, and the Prism Central v3 package).
  const generateAll: ToolRun[] = [];
  // The same command again on its own output, nothing changed (what watch mode and CI pay on every run).
  const regenerate: ToolRun[] = [];
  const minReps = Math.max(reps, QUICK ? 1 : 5);
  for (let rep = 0; rep < minReps; rep++) {
    const dir = path.join(WORK, 'wholeset', 'generate-all');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // Not --quiet: the last line says the run's phases (generate-all's summary).
    const args = [path.join(getSourceRoot(), 'bin', 'ntnx-sdkgen.js'), 'generate-all', '--specs', path.join(ROOT, 'specs'), '--out', path.join(dir, 'out'), '--no-docs'];
    const first = await measure(process.execPath, args, { cwd: dir });
    const phases = /\((read [^;]+);/.exec(first.tail)?.[1];
    const r = phases ? { ...first, phases } : first;
    const again = await measure(process.execPath, args, { cwd: dir });
    const cores = (x: RunResult) => (x.cpuMs !== undefined ? `, ${(x.cpuMs / x.wallMs).toFixed(2)} cores busy` : '');
    log(`generate-all rep ${rep + 1}: ${r.ok ? `${(r.wallMs / 1000).toFixed(2)} s${cores(r)}${phases ? ` (${phases})` : ''}` : `FAILED ${r.tail}`}; unchanged again: ${again.ok ? `${(again.wallMs / 1000).toFixed(2)} s` : `FAILED ${again.tail}`}`);
    generateAll.push({ ...r, rep });
    regenerate.push({ ...again, rep });
  }
  // Every tool, one process per document (the peers have no multi-document mode).
  const cells: GenerationCell[] = [];
  for (let rep = 0; rep < reps; rep++) {
    for (const doc of docs) {
      for (const tool of rotate(tools, rep)) {
        let cell = cells.find((c) => c.doc === doc.id && c.tool === tool.id);
        if (!cell) cells.push((cell = { doc: doc.id, tool: tool.id, runs: [] }));
        if (cell.runs.length > 0 && cell.runs.every((r) => !r.ok)) continue;
        const { run } = await runTool(tool, doc, path.join(WORK, 'wholeset', 'docs', tool.id), rep);
        cell.runs.push(run);
      }
    }
  }
  rmSync(path.join(WORK, 'wholeset'), { recursive: true, force: true });
  return { reps, generateAllReps: minReps, docs: docs.map((d) => d.id), tools: tools.map(toolInfo), generateAll, regenerate, cells };
}

// ---------------------------------------------------------------------------------
async function profileSection(): Promise<unknown> {
  const reps = QUICK ? 1 : 3;
  const docs = mainDocs();
  const results: { doc: string; runs: unknown[] }[] = [];
  for (const doc of docs) {
    const runs: unknown[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const dir = path.join(WORK, 'profile', doc.id);
      rmSync(dir, { recursive: true, force: true });
      // Plain Node: the child loads the generator as built into dist/ (as the CLI runs), so start-up is the CLI's.
      const r = spawnSync(process.execPath, [path.join(BENCH_DIR, 'lib', 'profile-child.mjs'), getSourceRoot(), path.join(dir, 'out'), doc.file], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      const line = r.stdout.trim().split('\n').pop();
      if (r.status !== 0 || !line) {
        log(`profile ${doc.id}: FAILED ${r.stderr.slice(-500)}`);
        runs.push({ error: r.stderr.slice(-500) });
        continue;
      }
      const parsed = JSON.parse(line) as { timings: Record<string, number>; totalMs: number };
      log(`profile ${doc.id} rep ${rep + 1}: ${Object.entries(parsed.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')}`);
      runs.push(parsed);
    }
    results.push({ doc: doc.id, runs });
  }
  rmSync(path.join(WORK, 'profile'), { recursive: true, force: true });
  return { reps, threads: os.availableParallelism(), results };
}

// ---------------------------------------------------------------------------------
const PKGS = path.join(WORK, 'pkgs');

/** Our packages of the whole set (generate-all), generated once for the checks below. */
function ensureOurPackages(): string[] {
  const cli = path.join(getSourceRoot(), 'bin', 'ntnx-sdkgen.js');
  if (!existsSync(path.join(PKGS, '.complete'))) {
    log('generating our packages for the type-check, decode and bundle sections');
    rmSync(PKGS, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [cli, 'generate-all', '--specs', path.join(ROOT, 'specs'), '--out', PKGS, '--no-docs', '--quiet'], { stdio: 'inherit', cwd: ROOT });
    if (r.status !== 0) throw new Error('generate-all failed');
    // The namespace packages import the runtime and shared packages through their exports, which point at
    // their builds: built first, as `npm run pack` (or an installed copy) has them.
    for (const name of ['runtime', 'shared']) {
      for (const config of ['tsconfig.json', 'tsconfig.cjs.json']) {
        const b = spawnSync(process.execPath, [TSC['7'](), '-p', path.join(PKGS, name, config)], { encoding: 'utf8' });
        if (b.status !== 0) throw new Error(`building ${name} failed: ${(b.stdout + b.stderr).slice(-2000)}`);
      }
      writeFileSync(path.join(PKGS, name, 'dist', 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    }
    writeFileSync(path.join(PKGS, '.complete'), new Date().toISOString());
  }
  return readdirSync(PKGS)
    .filter((d) => existsSync(path.join(PKGS, d, 'tsconfig.json')))
    .sort();
}

const TSC = {
  '5.9': () => path.join(BENCH_DIR, 'node_modules', 'typescript', 'bin', 'tsc'),
  '7': () => path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
} as const;

interface CheckRun {
  readonly ok: boolean;
  readonly wallMs: number;
  readonly peakRssMb?: number;
  readonly errors: number;
  readonly firstErrors: string[];
}

async function typeCheck(tsc: string, project: string): Promise<CheckRun> {
  const started = performance.now();
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, cwd: path.dirname(project) });
  const wallMs = performance.now() - started;
  const errorLines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  return { ok: r.status === 0, wallMs, errors: errorLines.length, firstErrors: errorLines.slice(0, 3).map((l) => l.slice(0, 300)) };
}

/** Peers' vmm output, with the tsconfig their documentation suggests (bundler resolution) and their runtime packages from bench/node_modules. */
async function preparePeerOutputs(): Promise<{ tool: string; project: string }[]> {
  const vmm = mainDocs()[0]!;
  const out: { tool: string; project: string }[] = [];
  for (const tool of peers()) {
    const dir = path.join(WORK, 'tc', tool.id);
    rmSync(dir, { recursive: true, force: true });
    const { command, args } = tool.command(vmm.file, dir);
    const r = await measure(command, args, { cwd: WORK });
    if (!r.ok) {
      log(`typecheck: ${tool.id} did not generate vmm: ${r.tail}`);
      continue;
    }
    if (tool.id === 'openapi-typescript') {
      // Types alone are not a client: pair them with openapi-fetch, as its documentation does.
      writeFileSync(path.join(dir, 'client.ts'), "import createClient from 'openapi-fetch';\nimport type { paths } from './schema';\n\nexport const client = createClient<paths>({ baseUrl: 'https://pc.example.com:9440/api' });\n");
    }
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            types: [],
            strict: true,
            skipLibCheck: true,
            noEmit: true,
          },
          include: ['**/*.ts'],
        },
        null,
        2,
      ),
    );
    out.push({ tool: tool.id, project: path.join(dir, 'tsconfig.json') });
  }
  return out;
}

async function typecheckSection(): Promise<unknown> {
  const reps = QUICK ? 1 : 3;
  const packages = ensureOurPackages();
  const peerProjects = await preparePeerOutputs();
  const targets = [
    ...packages.map((p) => ({ kind: 'ours' as const, name: p, project: path.join(PKGS, p, 'tsconfig.json'), size: outputSize(path.join(PKGS, p, 'src')) })),
    ...peerProjects.map((p) => ({ kind: 'peer' as const, name: p.tool, project: p.project, size: outputSize(path.dirname(p.project)) })),
  ];
  const results: { kind: string; name: string; size: OutputSize; byTs: Record<string, CheckRun[]> }[] = targets.map((t) => ({ kind: t.kind, name: t.name, size: t.size, byTs: { '5.9': [], '7': [] } }));
  for (let rep = 0; rep < reps; rep++) {
    for (const [i, t] of targets.entries()) {
      // Alternate the compiler that goes first.
      for (const ts of rep % 2 === 0 ? (['5.9', '7'] as const) : (['7', '5.9'] as const)) {
        const r = await typeCheck(TSC[ts](), t.project);
        results[i]!.byTs[ts]!.push(r);
        log(`tsc ${ts.padEnd(3)} ${t.kind} ${t.name.padEnd(20)} rep ${rep + 1}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.errors} errors`);
      }
    }
  }
  rmSync(path.join(WORK, 'tc'), { recursive: true, force: true });
  return { reps, versions: { '5.9': benchPackageVersion('typescript'), '7': rootPackageVersion('typescript') }, results };
}

function rootPackageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

// ---------------------------------------------------------------------------------
async function decodeSection(): Promise<unknown> {
  ensureOurPackages();
  const count = 10_000;
  const reps = QUICK ? 3 : 10;
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', path.join(BENCH_DIR, 'decode', 'child.ts'), path.join(PKGS, 'vmm'), String(count), String(reps)], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || !line) throw new Error(`decode child failed: ${r.stderr.slice(-2000)}`);
  const parsed = JSON.parse(line) as { runs: Record<string, { decodeMs: number[] }> };
  log(`decode: ours ${parsed.runs['ours']!.decodeMs.map((v) => v.toFixed(0)).join(', ')} ms; official ${parsed.runs['official']!.decodeMs.map((v) => v.toFixed(0)).join(', ')} ms`);
  return { reps, officialVersion: benchPackageVersion('@nutanix-api/vmm-js-client'), ...parsed };
}

// ---------------------------------------------------------------------------------
async function bundleSection(): Promise<unknown> {
  ensureOurPackages();
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const zlib = await import('node:zlib');
  const dir = path.join(WORK, 'bundle');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pkg = path.relative(dir, path.join(PKGS, 'vmm', 'src')).split(path.sep).join('/');
  const entries = [
    {
      id: 'ours-subpath',
      label: "ours: `import { VmApi } from '@ntnx-sdk/vmm/v4.0'` + `ApiClient`",
      file: 'ours-subpath.ts',
      text: `import { ApiClient } from '${pkg}/index.ts';\nimport { VmApi } from '${pkg}/v4.0/index.ts';\nexport const api = new VmApi(new ApiClient({ host: 'pc.example.com' }));\n`,
      platform: 'browser' as const,
    },
    {
      id: 'ours-root',
      label: "ours: `import { ApiClient, v4_0 } from '@ntnx-sdk/vmm'`, `new v4_0.VmApi(...)`",
      file: 'ours-root.ts',
      text: `import { ApiClient, v4_0 } from '${pkg}/index.ts';\nexport const api = new v4_0.VmApi(new ApiClient({ host: 'pc.example.com' }));\n`,
      platform: 'browser' as const,
    },
    {
      id: 'official-esm',
      label: "official: `import { ApiClient, VmApi } from '@nutanix-api/vmm-js-client'` (its ES build; Node built-ins left out)",
      file: 'official.mjs',
      text: "import { ApiClient, VmApi } from '@nutanix-api/vmm-js-client';\nexport const api = new VmApi(new ApiClient());\n",
      platform: 'node' as const,
    },
  ];
  const results: { id: string; label: string; minified?: number; gzip?: number; brotli?: number; error?: string }[] = [];
  const compress = (bytes: Uint8Array) => ({
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
  for (const e of entries) {
    const file = path.join(dir, e.file);
    writeFileSync(file, e.text);
    try {
      const r = await esbuild.build({ entryPoints: [file], bundle: true, minify: true, treeShaking: true, format: 'esm', platform: e.platform, write: false, logLevel: 'silent', absWorkingDir: BENCH_DIR });
      const bytes = r.outputFiles[0]!.contents;
      results.push({ id: e.id, label: e.label, minified: bytes.length, ...compress(bytes) });
    } catch (err) {
      results.push({ id: e.id, label: e.label, error: (err as Error).message.split('\n').slice(0, 3).join(' ') });
    }
  }
  const umd = readFileSync(path.join(BENCH_DIR, 'node_modules', '@nutanix-api', 'vmm-js-client', 'dist', 'Ntnx-Vmm-js-client-prod.js'));
  results.push({ id: 'official-umd', label: 'official: the UMD bundle it ships (`dist/Ntnx-Vmm-js-client-prod.js`, every API class)', minified: umd.length, ...compress(umd) });
  for (const r of results) log(`bundle ${r.id}: ${r.error ?? `${r.minified} B, ${r.gzip} B gzip`}`);
  rmSync(dir, { recursive: true, force: true });
  return { esbuild: benchPackageVersion('esbuild'), results };
}

// ---------------------------------------------------------------------------------
function environment(): Environment {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'generator', 'runtime', 'templates', 'bin'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    quick: QUICK,
    reps: REPS,
    machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} threads, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg(),
    node: process.version,
    commit: COMMIT ?? (git.status === 0 ? `${git.stdout.trim()}${dirty ? ' + uncommitted changes in the working tree' : ''}` : 'unknown'),
    packages: {
      'ntnx-sdkgen': ours().version,
      '@hey-api/openapi-ts': benchPackageVersion('@hey-api/openapi-ts'),
      orval: benchPackageVersion('orval'),
      'openapi-typescript': benchPackageVersion('openapi-typescript'),
      'openapi-fetch': benchPackageVersion('openapi-fetch'),
      oazapfts: benchPackageVersion('oazapfts'),
      '@oazapfts/runtime': benchPackageVersion('@oazapfts/runtime'),
      axios: benchPackageVersion('axios'),
      '@nutanix-api/vmm-js-client': benchPackageVersion('@nutanix-api/vmm-js-client'),
      '@octokit/openapi': benchPackageVersion('@octokit/openapi'),
      'typescript (5.9, JS compiler)': benchPackageVersion('typescript'),
      'typescript (7, native compiler)': rootPackageVersion('typescript'),
      esbuild: benchPackageVersion('esbuild'),
      prettier: rootPackageVersion('prettier'),
      'ts-morph': rootPackageVersion('ts-morph'),
    },
  };
}

let COMMIT: string | undefined;

async function main(): Promise<void> {
  if (!values['report-only']) ensureDependencies();
  if (values.commit) COMMIT = useCommit(values.commit);
  const sectionsDir = path.join(WORK, 'sections');
  mkdirSync(sectionsDir, { recursive: true });
  const full = ONLY.size === SECTIONS.length;
  if (full) {
    // A complete run replaces every section; `--only` keeps the others from earlier runs.
    for (const f of readdirSync(sectionsDir)) rmSync(path.join(sectionsDir, f));
    rmSync(PKGS, { recursive: true, force: true });
  }
  const started = performance.now();
  const runners: Record<Section, () => Promise<unknown>> = {
    generation: generationSection,
    wholeset: wholeSetSection,
    profile: profileSection,
    typecheck: typecheckSection,
    decode: decodeSection,
    bundle: bundleSection,
  };
  for (const section of SECTIONS) {
    if (!ONLY.has(section)) continue;
    const env = environment();
    log(`== ${section} (${QUICK ? 'quick' : `${REPS} runs`}; load average ${env.loadAverage.map((l) => l.toFixed(1)).join(' ')})`);
    const t = performance.now();
    const data = await runners[section]();
    const done = environment();
    writeFileSync(path.join(sectionsDir, `${section}.json`), JSON.stringify({ env, loadAverageAfter: done.loadAverage, durationMs: performance.now() - t, data }, null, 1));
  }
  const report = renderReport(sectionsDir, environment());
  writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), report);
  log(`wrote bench/RESULTS.md in ${((performance.now() - started) / 60000).toFixed(1)} min`);
}

await main();
