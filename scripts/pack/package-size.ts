/**
 * What a published package costs its user: the vmm tarball's unpacked size and file count, and
 * the time to type-check a small application that imports it (ESM and CommonJS files, strict),
 * with TypeScript 5.9 and 7, `skipLibCheck` on and off, in two configurations: a Node script (`lib: ES2022`,
 * `types: ["node"]`) and a project with the DOM lib (`lib: ES2022, DOM`, no Node types).
 *
 * Generates vmm, packs it with `ntnx-sdkgen pack`'s build, installs the tarball offline into a
 * scratch project outside the repository and measures there. TypeScript 5.9 comes from the
 * benchmarks' own pinned dependencies (`npm ci --prefix bench` first), TypeScript 7 from the root.
 *
 *   npm run bench:package -- --label after      # measures, keeps the figures under that label
 *                                               # in bench/package-size.json, rewrites bench/PACKAGE.md
 *   npm run bench:package -- --report-only      # rewrites bench/PACKAGE.md from bench/package-size.json
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packPackages } from '../../generator/commands/pack.js';
import { generate } from '../../generator/generate.js';
import { PROJECT_ROOT as ROOT } from '../../generator/paths.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const RESULTS = path.join(ROOT, 'bench', 'package-size.json');
const REPORT = path.join(ROOT, 'bench', 'PACKAGE.md');
const TSC = {
  '5.9': path.join(ROOT, 'bench', 'node_modules', 'typescript', 'bin', 'tsc'),
  '7': path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
} as const;
type TsVersion = keyof typeof TSC;
const RUNS = 3;

/** About fifty lines a user would write: list, read, update, build a body, handle errors; ESM and CJS. */
const APP_ESM = `import { ApiClient, ApiError, waitForTask } from '@ntnx-sdk/vmm';
import { VmApi, ImagesApi } from '@ntnx-sdk/vmm/v4.0';
import { Disk, Vm, VmDisk, type VmBootConfig } from '@ntnx-sdk/vmm/v4.0/ahv/config';

declare const env: Record<string, string | undefined>;
const client = new ApiClient({ host: 'pc.example.com', username: 'admin', password: env['NTNX_PASSWORD'] ?? '' });
const vms = new VmApi(client);
const images = new ImagesApi(client);

export async function main(): Promise<void> {
  for await (const vm of vms.listVmsAll({ $filter: "startswith(name, 'web')", $limit: 100 })) {
    console.log(vm.name, vm.powerState);
  }
  const { data: vm } = await vms.getVmById({ extId: '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c' });
  vm.description = 'managed by the SDK';
  const { data: task } = await vms.updateVmById({ extId: vm.extId!, body: vm });
  await waitForTask(client, task);
  const spec = new Vm({ name: 'db-01', numSockets: 2, disks: [new Disk({ backingInfo: new VmDisk({ diskSizeBytes: 20 * 2 ** 30 }) })] });
  try {
    await vms.createVm({ body: spec });
  } catch (e) {
    if (e instanceof ApiError) console.error(e.status, e.messages.map((m) => m.message));
  }
  const { data: list } = await images.listImages({ $limit: 10 });
  console.log(list?.length);
}

export function describeBoot(boot: VmBootConfig): string {
  switch (boot.$objectType) {
    case 'vmm.v4.ahv.config.UefiBoot':
      return boot.isSecureBootEnabled ? 'UEFI, secure boot' : 'UEFI';
    case 'vmm.v4.ahv.config.LegacyBoot':
      return 'legacy';
    default:
      return 'unknown';
  }
}
`;
const APP_CJS = `import { ApiClient } from '@ntnx-sdk/vmm';
import { VmApi } from '@ntnx-sdk/vmm/v4.0';

export async function names(): Promise<string[]> {
  const vms = new VmApi(new ApiClient({ host: 'pc.example.com', apiKey: 'key' }));
  const { data } = await vms.listVms({ $limit: 10 });
  return (data ?? []).map((vm) => vm.name ?? '');
}
`;

/**
 * What the application compiles against: `node`, a Node script (`@types/node` declares `fetch`,
 * `Headers`, `AbortSignal`, ... as globals); `dom`, the DOM lib and no Node types (a browser app, or a
 * Node project that chose the DOM lib). The figures of older runs, without a configuration, are `dom`.
 */
type Config = 'node' | 'dom';
const CONFIGS: Record<Config, { lib: string[]; types: string[]; label: string }> = {
  node: { lib: ['ES2022'], types: ['node'], label: 'Node script (`lib: ES2022`, `types: ["node"]`)' },
  dom: { lib: ['ES2022', 'DOM'], types: [], label: 'DOM lib (`lib: ES2022, DOM`, `types: []`)' },
};
/** This project's pinned `@types/node` (dev dependency), so both runs and every machine check against the same one. */
const NODE_TYPES = path.join(ROOT, 'node_modules', '@types');

interface Check {
  readonly ts: TsVersion;
  readonly config?: Config;
  readonly skipLibCheck: boolean;
  /** `empty`: the same project with an empty file instead of the application (what the lib files alone cost). */
  readonly app?: 'empty';
  readonly medianMs: number;
  readonly runsMs: number[];
  readonly medianCpuMs?: number;
  readonly files?: number;
  readonly declarationLines?: number;
}

interface Measurement {
  readonly date: string;
  readonly commit: string;
  readonly unpackedBytes: number;
  readonly fileCount: number;
  readonly tarballBytes: number;
  readonly declarationFiles: number;
  /** The `@types/node` version the `node` configuration used. */
  readonly nodeTypes?: string;
  readonly checks: Check[];
}

function walk(dir: string): { bytes: number; files: number; dts: number } {
  let bytes = 0;
  let files = 0;
  let dts = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath, entry.name)).size;
    if (/\.d\.[cm]?ts$/.test(entry.name)) dts++;
  }
  return { bytes, files, dts };
}

/**
 * One `tsc --noEmit`: wall time, and the CPU time of the compiler (user + system, from the
 * shell's `times`), which a busy shared machine disturbs less than the wall time.
 */
function typeCheck(ts: TsVersion, project: string): { ms: number; cpuMs: number; files?: number; declarationLines?: number } {
  const started = performance.now();
  const command = `"${process.execPath}" "${TSC[ts]}" -p "${project}" --noEmit --pretty false --extendedDiagnostics; status=$?; times; exit $status`;
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8', maxBuffer: 64 << 20, cwd: path.dirname(project) });
  const ms = performance.now() - started;
  const errors = r.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
  if (r.status !== 0 || errors.length) throw new Error(`TypeScript ${ts} failed on the consumer:\n${errors.slice(0, 5).join('\n') || r.stderr}`);
  // `times` prints the shell's own times, then its children's: "0m1.234s 0m0.100s".
  const children = r.stdout.trim().split('\n').at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const cpuMs = children.reduce((sum, t) => {
    const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t)!;
    return sum + (Number(m) * 60 + Number(sec)) * 1000;
  }, 0);
  const figure = (name: string) => {
    const m = new RegExp(`^${name}:\\s+([\\d,]+)`, 'm').exec(r.stdout);
    return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
  };
  const files = figure('Files');
  const declarationLines = figure('Lines of Definitions');
  return { ms, cpuMs, ...(files !== undefined ? { files } : {}), ...(declarationLines !== undefined ? { declarationLines } : {}) };
}

async function measure(): Promise<Measurement> {
  for (const [ts, tsc] of Object.entries(TSC)) if (!existsSync(tsc)) throw new Error(`TypeScript ${ts} is missing (${path.relative(ROOT, tsc)}): run npm ci${ts === '5.9' ? ' --prefix bench' : ''}`);
  // Built inside the repository (its build finds this project's @types/node), installed outside it.
  const build = path.join(ROOT, 'test', '.tmp', 'package-size');
  rmSync(build, { recursive: true, force: true });
  const work = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-package-size-'));
  try {
    const out = path.join(build, 'vmm');
    await generate({ specs: [path.join(ROOT, 'specs', 'vmm', 'v4.0.yaml')], namespace: 'vmm', out, format: false });
    const [packed] = packPackages({ packages: [out], tarballs: path.join(work, 'tarballs') });
    const app = path.join(work, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, version: '1.0.0' }));
    writeFileSync(path.join(app, 'app.mts'), APP_ESM);
    writeFileSync(path.join(app, 'names.cts'), APP_CJS);
    execFileSync(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed!.tarball], { cwd: app, stdio: 'pipe', env: { ...process.env, npm_config_update_notifier: 'false' } });
    const installed = walk(path.join(app, 'node_modules', '@ntnx-sdk', 'vmm'));
    writeFileSync(path.join(app, 'empty.mts'), 'export {};\n');
    const checks: Check[] = [];
    const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    for (const config of Object.keys(CONFIGS) as Config[]) for (const skipLibCheck of [false, true]) {
      for (const file of ['app', 'empty'] as const) {
        const project = path.join(app, `tsconfig.${config}.${file}.${skipLibCheck ? 'skip' : 'full'}.json`);
        const { lib, types } = CONFIGS[config];
        writeFileSync(
          project,
          JSON.stringify({
            compilerOptions: {
              target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib, types, ...(types.length ? { typeRoots: [NODE_TYPES] } : {}),
              strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck,
            },
            files: file === 'app' ? ['app.mts', 'names.cts'] : ['empty.mts'],
          }),
        );
        for (const ts of ['5.9', '7'] as const) {
          typeCheck(ts, project); // warm the file cache
          const runs = Array.from({ length: RUNS }, () => typeCheck(ts, project));
          const runsMs = runs.map((r) => Math.round(r.ms));
          const first = runs[0]!;
          checks.push({
            ts,
            config,
            skipLibCheck,
            ...(file === 'empty' ? { app: 'empty' as const } : {}),
            medianMs: median(runsMs),
            runsMs,
            medianCpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
            ...(first.files !== undefined ? { files: first.files } : {}),
            ...(first.declarationLines !== undefined ? { declarationLines: first.declarationLines } : {}),
          });
          console.error(`${config}, ${file}, TypeScript ${ts}, skipLibCheck ${skipLibCheck}: ${runsMs.join(' / ')} ms wall, ${checks.at(-1)!.medianCpuMs} ms CPU`);
        }
      }
    }
    return {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
      unpackedBytes: installed.bytes,
      fileCount: installed.files,
      tarballBytes: statSync(packed!.tarball).size,
      declarationFiles: installed.dts,
      nodeTypes: (JSON.parse(readFileSync(path.join(NODE_TYPES, 'node', 'package.json'), 'utf8')) as { version: string }).version,
      checks,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function report(results: Record<string, Measurement>): string {
  const labels = Object.keys(results);
  const col = (f: (m: Measurement) => string) => labels.map((l) => f(results[l]!)).join(' | ');
  const check = (m: Measurement, config: Config, ts: TsVersion, skip: boolean, app?: 'empty') => {
    const c = m.checks.find((x) => x.ts === ts && (x.config ?? 'dom') === config && x.skipLibCheck === skip && x.app === app);
    if (!c) return '-';
    return `${s(c.medianMs)} (${c.runsMs.map((r) => (r / 1000).toFixed(2)).join(' / ')})${c.medianCpuMs !== undefined ? `, CPU ${s(c.medianCpuMs)}` : ''}`;
  };
  const rows = [
    `| | ${labels.join(' | ')} |`,
    `|---|${labels.map(() => '---').join('|')}|`,
    `| Measured | ${col((m) => `${m.date}, commit ${m.commit}`)} |`,
    `| Unpacked size | ${col((m) => `**${mb(m.unpackedBytes)}**`)} |`,
    `| Files | ${col((m) => `**${m.fileCount}**`)} |`,
    `| Tarball | ${col((m) => mb(m.tarballBytes))} |`,
    `| Declaration files in the package | ${col((m) => String(m.declarationFiles))} |`,
  ];
  for (const config of ['node', 'dom'] as const) {
    const { label } = CONFIGS[config];
    rows.push(`| **${label}** | ${col((m) => (config === 'node' ? (m.nodeTypes ? `@types/node ${m.nodeTypes}` : 'not measured') : ''))} |`);
    rows.push(`| Files / declaration lines the check reads (TS 5.9) | ${col((m) => {
      const c = m.checks.find((x) => x.ts === '5.9' && (x.config ?? 'dom') === config && !x.skipLibCheck && !x.app);
      return c ? `${c.files ?? '?'} / ${c.declarationLines?.toLocaleString('en-US') ?? '?'}` : '-';
    })} |`);
    for (const ts of ['5.9', '7'] as const) for (const skip of [false, true]) rows.push(`| Type-check, TypeScript ${ts}, skipLibCheck ${skip} | ${col((m) => check(m, config, ts, skip))} |`);
    for (const ts of ['5.9', '7'] as const) for (const skip of [false, true]) rows.push(`| Baseline: an empty file, TypeScript ${ts}, skipLibCheck ${skip} | ${col((m) => check(m, config, ts, skip, 'empty'))} |`);
  }
  return `# Package size and consumer type-check

Written by \`npm run bench:package -- --label <label>\` ([scripts/pack/package-size.ts](../scripts/pack/package-size.ts)).
The vmm package (specs/vmm/v4.0.yaml) is generated, built and packed as \`ntnx-sdkgen pack\` does, installed from its
tarball into an empty project, and a ~50-line application (an ES module and a CommonJS file, \`strict\`,
\`exactOptionalPropertyTypes\`, \`moduleResolution: NodeNext\`) is type-checked with \`tsc --noEmit\` in two
configurations: a Node script (\`lib: ES2022\`, \`types: ["node"]\`, this repository's pinned \`@types/node\`), and the
DOM lib without Node's types (\`lib: ES2022, DOM\`, \`types: []\`; older columns measured only this one). Median wall
time of ${RUNS} runs after one warm-up (each run in brackets), and the median CPU time of the compiler (user + system),
which a busy machine disturbs less. The baseline rows check an empty file with the same settings: with
\`skipLibCheck: false\`, TypeScript 5.9 spends most of its time checking \`@types/node\` or \`lib.dom.d.ts\` whatever
the application imports. Shared 2-core machine: compare the columns, not the absolute times.

${rows.join('\n')}

## The packaging of the ESM types column

Each entry point of the exports map has its own types per condition: \`require\` the CommonJS declarations in
\`dist/cjs\` (read as CommonJS: that folder has a \`{"type": "commonjs"}\` package.json), \`import\` a one-line ES module
in \`esm-types/\` that re-exports them (\`export *\` carries no default export, as the ESM build has none). Before,
\`import\` got the CommonJS declarations too, so \`import vmm from '@ntnx-sdk/vmm'\` type-checked in an ES module and failed
in Node. The declarations are not duplicated: emitting them for both builds would add 565 files (2,303, above half of
the original 3,960); the stubs add one file per entry point (26 for vmm), and the check of an ES module reads only the
ones it imports (3 files, 21 lines here). The ESM build ships without comments (the documentation travels in the
declarations, which keep it): 0.7 MB less. The shared package's per-file wildcard (\`./*\`, for the namespace packages'
declarations) keeps the CommonJS declarations for both conditions: a stub per file would double that package.

## Where TypeScript 5.9 spends the time (Node script, skipLibCheck false)

Measured on the ESM types packaging with \`--extendedDiagnostics\` and \`--generateTrace\` (one run, 2026-12-03): of the
2.65 s the checker takes, checking \`@types/node\` and \`undici-types\` (100 files) takes 1.57 s, the ES lib files 0.34 s,
vmm's 570 declaration files 0.70 s (median 0.3 ms a file; the largest, \`VmApi.d.ts\`, 33 ms), the application 0.05 s;
parsing and binding vmm take another 0.48 s. Importing vmm adds 5,900 types and 1,200 generic instantiations to the
empty file's 22,000 and 21,400 (\`@types/node\` makes nearly all of those), the application's calls 1,200 more; no relation check in its files takes over 30 ms, and
removing every comment from its declarations changed nothing measurable (4.07 / 4.04 / 4.18 / 4.11 s of CPU with them,
4.04 / 4.31 / 4.28 / 4.04 s without, runs side by side). Its cost is proportional to its volume (30,000 declaration lines, every one reachable
from the root entry point, which re-exports each API version): there is no heavy generic, huge union or repeated inline
type to cut, and less volume means a smaller public API. The empty file alone costs 3.0 to 4.0 s of CPU with
\`@types/node\` (user and system time of every thread the compiler runs, its garbage collector's included), which is
why the CPU column stays near 4 s for a Node script whatever the package declares. Wall time is what a user waits
for: measured at a quiet moment (the ESM types column, 12:39 UTC), the Node script checks in 2.4 s and the DOM lib
application in 1.9 s with TypeScript 5.9 and \`skipLibCheck: false\` (the aim was under 4 s), 1.2 s and 0.9 s with
\`skipLibCheck: true\`, and under 0.5 s with TypeScript 7. The earlier columns were measured on a busy machine.
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { label: { type: 'string', default: 'current' }, 'report-only': { type: 'boolean' } } });
  const results = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, Measurement>) : {};
  if (!values['report-only']) {
    results[values.label] = await measure();
    writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  }
  writeFileSync(REPORT, report(results));
  console.error(`wrote ${path.relative(process.cwd(), REPORT)}`);
}

await main();
