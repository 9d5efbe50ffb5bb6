/**
 * `npm run bench:family`: what a multi-namespace project installs and type-checks.
 *
 * The same four namespaces (vmm, clustermgmt, networking, prism) two ways, in one run:
 *   standalone  each package generated on its own (runtime and embedded models copied in)
 *   family      the packages of one `generate-all` (one runtime package, one shared-models package)
 * Each set is packed, installed into an empty project, and measured: files and bytes on disk under
 * node_modules/@ntnx-sdk, and the time `tsc --noEmit` takes on the README's multi-namespace script
 * (TypeScript 5.9 and 7, skipLibCheck off, median of --reps runs, the two sets alternating).
 * Writes bench/FAMILY.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packPackages } from '../generator/commands/pack.ts';
import { generate, generateFamily } from '../generator/generate.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BENCH = path.join(ROOT, 'bench');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NAMESPACES = ['vmm', 'clustermgmt', 'networking', 'prism'];

const { values } = parseArgs({ args: process.argv.slice(2), options: { reps: { type: 'string' } } });
const REPS = Number(values.reps ?? 3);
const log = (line: string) => console.error(`[bench:family] ${line}`);

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Files and bytes under a folder (symbolic links not followed). */
function tree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** The README's multi-namespace script with the client's host filled in. */
function readmeScript(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using a generated client'));
  const script = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!script) throw new Error('README: no script under "Using a generated client"');
  return script.replace(/process\.env\.\w+/g, "'secret'");
}

function consumerProject(tarballs: string[], name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ntnx-sdkgen-bench-${name}-`));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `bench-${name}`, private: true, version: '1.0.0', type: 'module' }));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: false, noEmit: true }, files: ['app.ts'] }),
  );
  writeFileSync(path.join(dir, 'app.ts'), readmeScript());
  execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], { cwd: dir, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } });
  return dir;
}

/** Time of one `tsc --noEmit`, and how many errors it reported. */
function timeTsc(tsc: string, project: string): { ms: number; errors: number } {
  const started = performance.now();
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0 && !/error TS\d+/.test(r.stdout)) throw new Error(`tsc failed in ${project}:\n${r.stdout}${r.stderr}`);
  return { ms, errors: (r.stdout.match(/error TS\d+/g) ?? []).length };
}

async function main(): Promise<void> {
  if (!existsSync(path.join(BENCH, 'node_modules', 'typescript'))) {
    log('installing bench/ dependencies (TypeScript 5.9)');
    execFileSync(NPM, ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  }
  const tsc59 = path.join(BENCH, 'node_modules', 'typescript', 'bin', 'tsc');
  const tsc7 = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const version = (tsc: string) => execFileSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' }).trim();

  // Inside the repository (package builds find its TypeScript and Node types) but outside bench/,
  // whose node_modules/.bin would give the builds TypeScript 5.9.
  mkdirSync(path.join(ROOT, 'output'), { recursive: true });
  const work = mkdtempSync(path.join(ROOT, 'output', '.bench-family-'));
  const specs = (ns: string) => [path.join(ROOT, 'specs', ns, 'v4.0.yaml')];

  log('standalone: generating and packing');
  const standaloneDirs: string[] = [];
  for (const ns of NAMESPACES) {
    const out = path.join(work, 'standalone', ns);
    await generate({ specs: specs(ns), namespace: ns, out, format: false });
    standaloneDirs.push(out);
  }
  const standalone = packPackages({ packages: standaloneDirs, tarballs: path.join(work, 'standalone', 'tarballs') });

  log('family: generating and packing');
  const familyOut = path.join(work, 'family');
  const family = await generateFamily({ members: NAMESPACES.map((ns) => ({ namespace: ns, specs: specs(ns), out: path.join(familyOut, ns), format: false })), out: familyOut });
  const familyPacked = packPackages({ packages: [family.runtime.dir, ...(family.shared ? [family.shared.dir] : []), ...NAMESPACES.map((ns) => path.join(familyOut, ns))], tarballs: path.join(familyOut, 'tarballs') });

  const sets = [
    { name: 'standalone', project: consumerProject(standalone.map((p) => p.tarball), 'standalone'), packages: standalone.map((p) => p.name) },
    { name: 'family', project: consumerProject(familyPacked.map((p) => p.tarball), 'family'), packages: familyPacked.map((p) => p.name) },
  ];
  const sizes = sets.map((s) => {
    const perPackage = s.packages.map((name) => ({ name, ...tree(path.join(s.project, 'node_modules', ...name.split('/'))) }));
    return { ...s, perPackage, total: tree(path.join(s.project, 'node_modules', '@ntnx-sdk')) };
  });

  log(`type-checking the README script, ${REPS} runs per figure, alternating`);
  const times = new Map<string, number[]>();
  const errors = new Map<string, number>();
  for (let i = 0; i < REPS; i++) {
    for (const [label, tsc] of [['5.9', tsc59], ['7', tsc7]] as const) {
      for (const s of i % 2 ? sets.slice().reverse() : sets) {
        const key = `${s.name} ${label}`;
        const r = timeTsc(tsc, s.project);
        times.set(key, [...(times.get(key) ?? []), r.ms]);
        errors.set(key, r.errors);
      }
    }
  }
  for (const s of sets) rmSync(s.project, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });

  const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const [before, after] = sizes as [(typeof sizes)[number], (typeof sizes)[number]];
  const lines = [
    '# The SDK family: install size and type-check time',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:family\` (${os.cpus().length} cores, Node ${process.version}; ${REPS} runs per type-check figure, median, the two sets alternating; load average ${os.loadavg()[0]!.toFixed(1)} at the end: times compare with each other, not with other runs).`,
    '',
    'The same four namespaces (vmm, clustermgmt, networking, prism v4.0), packed and installed into an empty project:',
    'each generated on its own (the runtime and embedded models copied into every package), and as one family',
    '(one runtime package, one shared-models package).',
    '',
    '| Set | Packages | Files | MB on disk |',
    '| --- | --- | ---: | ---: |',
    ...sizes.map((x) => `| ${x.name} | ${x.packages.length} | ${x.total.files} | ${mb(x.total.bytes)} |`),
    '',
    `Family vs standalone: ${((after.total.files / before.total.files) * 100).toFixed(0)} % of the files, ${((after.total.bytes / before.total.bytes) * 100).toFixed(0)} % of the bytes. (The issue that asked for the family measured 8,293 files and 40 MB for three standalone packages: vmm, clustermgmt and prism.)`,
    '',
    '| Package | Standalone files | Standalone MB | Family files | Family MB |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...after.perPackage.map((p) => {
      const b = before.perPackage.find((x) => x.name === p.name);
      return `| ${p.name} | ${b ? b.files : '-'} | ${b ? mb(b.bytes) : '-'} | ${p.files} | ${mb(p.bytes)} |`;
    }),
    '',
    `Type-check of the README's multi-namespace script (\`tsc --noEmit\`, strict, \`skipLibCheck: false\`, so the packages' declarations are checked too):`,
    '',
    '| Set | TypeScript 5.9 (s) | TypeScript 7 (s) | Errors in the script |',
    '| --- | ---: | ---: | ---: |',
    ...sets.map((x) => `| ${x.name} | ${s(median(times.get(`${x.name} 5.9`)!))} | ${s(median(times.get(`${x.name} 7`)!))} | ${errors.get(`${x.name} 7`)} |`),
    '',
    'The standalone packages cannot type-check the script at all: each has its own `ApiClient` class, so',
    '`new ClustersApi(vmmClient)` is an error (TS2345, "separate declarations of a private property"), one per API',
    'class built with the other package\'s client. Their time is that of a failing check.',
    '',
    `Compilers: ${version(tsc59)} (bench/node_modules), ${version(tsc7)} (the project's).`,
    '',
    'Where the files go: the family removes the copies of the runtime from every package and gives each shared model',
    'one class, but a namespace package keeps a small file per shared model (a re-export, so that its subpaths and',
    "imports stay as they were), and most files are the namespace's own models (ESM, CJS and declarations). The file",
    'count is a matter of how packages are built, measured by `npm run bench:package` (bench/PACKAGE.md).',
    '',
  ];
  writeFileSync(path.join(BENCH, 'FAMILY.md'), lines.join('\n'));
  log('wrote bench/FAMILY.md');
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
