/**
 * Generation driven by `ntnx-sdkgen.config.json` (`ntnx-sdkgen generate-all --config <file>`),
 * with progress per package, and `--watch` for it and for the plain `generate` commands.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCommand } from './args.js';
import { loadConfig, type PackageJob, type ResolvedConfig } from '../config.js';
import { generate, generateFamily, type GenerateResult } from '../generate.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { watchPaths } from './watch.js';
import { PROJECT_ROOT } from '../paths.js';

const CLI = path.join(PROJECT_ROOT, 'generator', 'cli.ts');

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Generates the packages of a configuration (all, or those in `only`), reporting progress. */
export async function generateFromConfig(config: ResolvedConfig, options: { only?: readonly string[]; log?: (line: string) => void; quiet?: boolean } = {}): Promise<GenerateResult[]> {
  const log = options.log ?? (() => {});
  const jobs = options.only ? config.packages.filter((p) => options.only!.includes(p.namespace)) : config.packages;
  const results: GenerateResult[] = [];
  const started = performance.now();
  let files = 0;
  const rel = (p: string) => (/^https?:/.test(p) ? p : path.relative(process.cwd(), p) || '.');
  const step = (i: number, job: PackageJob) => `[${i + 1}/${jobs.length}] ${job.namespace}`;
  const announce = (i: number, job: PackageJob) => log(`${step(i, job)}: ${job.documents.length} document${job.documents.length === 1 ? '' : 's'} (${job.documents.map(rel).join(', ')})`);
  const report = (i: number, job: PackageJob, result: GenerateResult, ms: number) => {
    for (const w of result.warnings) if (!options.quiet) log(formatDiagnostic(w));
    const timings = Object.entries(result.timings)
      .map(([k, v]) => `${k} ${seconds(v)}`)
      .join(', ');
    log(result.unchanged ? `${step(i, job)}: ${rel(job.out)} is up to date` : `${step(i, job)}: wrote ${result.files.size} files to ${rel(job.out)} in ${seconds(ms)} (${timings})`);
    files += result.files.size;
    results.push(result);
  };
  const done = (extra = '') => log(`generated ${jobs.length} package${jobs.length === 1 ? '' : 's'} (${files} files) in ${seconds(performance.now() - started)}${extra}`);

  if (config.family) {
    // One family: every package's IR is needed for the shared models, so all are read; only `jobs` are written.
    jobs.forEach((job, i) => announce(i, job));
    const family = await generateFamily({
      ...configOptions(config, log),
      members: config.packages.map((job) => jobOptions(config, job)),
      only: jobs.map((j) => j.namespace),
      out: config.output,
    });
    jobs.forEach((job, i) => {
      const result = family.members[i]!;
      report(i, job, result, Object.values(result.timings).reduce((a, b) => a + b, 0));
    });
    done(`, with ${[family.runtime.packageName, ...(family.shared ? [family.shared.packageName] : [])].join(' and ')}`);
    return results;
  }
  for (const [i, job] of jobs.entries()) {
    announce(i, job);
    const t = performance.now();
    report(i, job, await generate({ ...configOptions(config, log), ...jobOptions(config, job) }), performance.now() - t);
  }
  done();
  return results;
}

/** What the configuration says for every package. */
function configOptions(config: ResolvedConfig, log: (line: string) => void) {
  return {
    ...(config.scope ? { scope: config.scope } : {}),
    ...(config.templates ? { templates: config.templates } : {}),
    ...(config.license ? { license: config.license } : {}),
    ...(config.repository ? { repository: config.repository } : {}),
    ...(config.runtime ? { runtimeDefaults: config.runtime as Record<string, unknown> } : {}),
    ...(config.format !== undefined ? { format: config.format } : {}),
    strict: config.strict,
    log,
  };
}

/** What the configuration says for one package. */
function jobOptions(config: ResolvedConfig, job: PackageJob) {
  return {
    specs: job.documents,
    out: job.out,
    namespace: job.namespace,
    ...(job.packageName ? { packageName: job.packageName } : {}),
    ...(job.packageVersion ? { packageVersion: job.packageVersion } : {}),
    formatCache: path.join(config.output, '.ntnx-sdkgen-cache', `${job.namespace}.json`),
  };
}

/** Which packages a set of changed files affects: a document, its package; anything else, all. */
export function affectedPackages(config: ResolvedConfig, changed: readonly string[]): string[] | 'all' {
  const byDocument = new Map<string, string>();
  for (const p of config.packages) for (const d of p.documents) byDocument.set(path.resolve(d), p.namespace);
  const namespaces = new Set<string>();
  for (const file of changed) {
    const ns = byDocument.get(path.resolve(file));
    if (!ns) return 'all';
    namespaces.add(ns);
  }
  return [...namespaces].sort();
}

/** Generates from a configuration, then regenerates what a change affects until `signal` aborts. */
export async function watchConfig(file: string, options: { log?: (line: string) => void; signal?: AbortSignal; onRun?: (results: GenerateResult[]) => void } = {}): Promise<void> {
  const log = options.log ?? (() => {});
  let config = loadConfig(file);
  options.onRun?.(await generateFromConfig(config, { log }));
  const paths = () => [
    path.resolve(file),
    ...config.packages.flatMap((p) => p.documents.filter((d) => !/^https?:/.test(d))),
    ...(config.templates ? [config.templates] : []),
  ];
  // The configuration may add documents or a templates folder: restart the watch when it changes.
  for (;;) {
    const restart = new AbortController();
    const stop = () => restart.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    let reload = false;
    await watchPaths({
      paths: paths(),
      log,
      signal: restart.signal,
      run: async (changed) => {
        if (changed.includes(path.resolve(file))) {
          config = loadConfig(file);
          reload = true;
          options.onRun?.(await generateFromConfig(config, { log }));
          restart.abort();
          return;
        }
        const affected = affectedPackages(config, changed);
        options.onRun?.(await generateFromConfig(config, { log, ...(affected === 'all' ? {} : { only: affected }) }));
      },
    });
    options.signal?.removeEventListener('abort', stop);
    if (!reload) return;
  }
}

/** `generate` / `generate-all` with `--watch` but no configuration: runs the command again on each change. */
export async function watchCommand(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--watch');
  const { values } = parseArgs({ args, allowPositionals: true, strict: false, options: { spec: { type: 'string', multiple: true }, specs: { type: 'string' }, templates: { type: 'string' } } });
  const specs = (values.spec as string[] | undefined) ?? [];
  const paths = [...specs.filter((s) => !/^https?:/.test(s)), ...(args[0] === 'generate-all' ? [(values.specs as string | undefined) ?? 'specs'] : []), ...(values.templates ? [values.templates as string] : [])];
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), CLI, ...args], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generation failed (exit code ${code})`))));
    });
  const log = (line: string) => console.error(line);
  await run().catch((e: Error) => log(`error: ${e.message}`));
  await watchPaths({ paths, run, log });
  return 0;
}

/** `generate-all --config <file> [--watch] [--only <ns>,...]`. */
export async function configCommand(argv: string[]): Promise<number> {
  const usage = 'Usage: ntnx-sdkgen generate-all --config <ntnx-sdkgen.config.json> [--watch] [--only <ns>,...] [--quiet]';
  const { values } = parseCommand('generate-all', usage, argv, { config: { type: 'string' }, watch: { type: 'boolean' }, only: { type: 'string' }, quiet: { type: 'boolean' } }, false);
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const file = values.config!;
  if (values.watch) {
    await watchConfig(file, { log });
    return 0;
  }
  const config = loadConfig(file);
  await generateFromConfig(config, { log, ...(values.only ? { only: values.only.split(',') } : {}), ...(values.quiet ? { quiet: true } : {}) });
  return 0;
}
