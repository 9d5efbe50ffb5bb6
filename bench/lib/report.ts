/**
 * Renders bench/RESULTS.md from the section files in bench/.work/sections.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './measure.ts';
import { kilobytes, megabytes, millis, ratio, seconds, summarize, triple, type Summary } from './stats.ts';
import type { OutputSize } from './tools.ts';

export interface Environment {
  readonly date: string;
  readonly quick: boolean;
  readonly reps: number;
  readonly machine: string;
  readonly loadAverage: number[];
  readonly node: string;
  readonly commit: string;
  readonly packages: Record<string, string>;
}

interface SectionFile<T> {
  readonly env: Environment;
  readonly loadAverageAfter: number[];
  readonly durationMs: number;
  readonly data: T;
}

interface ToolInfo {
  id: string;
  name: string;
  version: string;
  produces: string;
}
interface Cell {
  doc: string;
  tool: string;
  runs: (RunResult & { rep: number })[];
  size?: OutputSize;
}
interface GenerationData {
  reps: number;
  docs: { id: string; label: string }[];
  tools: ToolInfo[];
  cells: Cell[];
}
interface WholeSetData {
  reps: number;
  docs: string[];
  tools: ToolInfo[];
  generateAll: (RunResult & { rep: number; phases?: string })[];
  /** generate-all again on its own output, nothing changed. */
  regenerate?: (RunResult & { rep: number })[];
  generateAllReps?: number;
  cells: Cell[];
}
interface ProfileRun {
  timings: Record<string, number>;
  totalMs: number;
  files: number;
  bytes: number;
  maxRssMb: number;
}
interface ProfileData {
  reps: number;
  threads: number;
  results: { doc: string; runs: (ProfileRun | { error: string })[] }[];
}
interface CheckRun {
  ok: boolean;
  wallMs: number;
  errors: number;
  firstErrors: string[];
}
interface TypecheckData {
  reps: number;
  versions: Record<string, string>;
  results: { kind: string; name: string; size: OutputSize; byTs: Record<string, CheckRun[]> }[];
}
interface DecodeData {
  reps: number;
  officialVersion: string;
  count: number;
  bodyBytes: number;
  shapes: Record<string, Record<string, unknown>>;
  runs: Record<'ours' | 'official', { decodeMs: number[]; parseMs: number[]; retainedMb: number[] }>;
}
interface BundleData {
  esbuild: string;
  results: { id: string; label: string; minified?: number; gzip?: number; brotli?: number; error?: string }[];
}

function read<T>(dir: string, name: string): SectionFile<T> | undefined {
  const file = path.join(dir, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SectionFile<T>) : undefined;
}

const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' / ');

function sectionHeader(title: string, s: SectionFile<unknown>): string {
  return `## ${title}\n\n_Measured ${s.env.date.slice(0, 16).replace('T', ' ')} UTC${s.env.quick ? ' (quick run)' : ''}, in ${seconds(s.durationMs)}; load average (1/5/15 min) ${load(s.env.loadAverage)} before, ${load(s.loadAverageAfter)} after._\n`;
}

function wallOf(cell: Cell | undefined): Summary | undefined {
  return cell ? summarize(cell.runs.filter((r) => r.ok).map((r) => r.wallMs)) : undefined;
}
function rssOf(cell: Cell | undefined): Summary | undefined {
  return cell ? summarize(cell.runs.filter((r) => r.ok && r.peakRssMb !== undefined).map((r) => r.peakRssMb!)) : undefined;
}
function failure(cell: Cell): string {
  const r = cell.runs.find((x) => !x.ok);
  const lines = r?.tail.split('\n').filter((l) => l.trim() && !/^Node\.js v|^\s*[\]\[{}^]/.test(l)) ?? [];
  const telling = lines.find((l) => /error|unsupported|only|invalid|failed|not expected/i.test(l)) ?? lines.pop();
  const why = (r?.timedOut ? 'timed out' : telling?.trim() ?? `exit code ${r?.exitCode}`).replace(/\|/g, '\\|').replace(/`/g, "'").slice(0, 160);
  return `fails: ${why}`;
}

/** The fastest peer on a document (by median wall time), among those that succeeded. */
function fastestPeer(cells: Cell[], doc: string): { tool: string; wall: Summary; rss?: Summary } | undefined {
  let best: { tool: string; wall: Summary; rss?: Summary } | undefined;
  for (const c of cells) {
    if (c.doc !== doc || c.tool === 'ours') continue;
    const wall = wallOf(c);
    if (!wall) continue;
    if (!best || wall.median < best.wall.median) {
      const rss = rssOf(c);
      best = { tool: c.tool, wall, ...(rss ? { rss } : {}) };
    }
  }
  return best;
}

const PHASES = ['startup', 'check', 'load', 'ir', 'emit', 'format', 'write'];

const PHASE_NAMES: Record<string, string> = {
  startup: 'start-up',
  check: 'up-to-date check',
  load: 'load',
  ir: 'IR',
  emit: 'emit',
  format: 'format',
  write: 'write',
};

/** What would shrink each phase; printed for the phases that weigh at least 10% on vmm. */
const REMEDIES: Record<string, string> = {
  startup:
    'what remains is Node itself, the built CLI and handlebars: ts-morph (and the TypeScript compiler it bundles) is no longer loaded, the YAML parser that keeps positions and swagger-parser load only when needed. A V8 code cache for the CLI bundle (Node 22\'s `module.enableCompileCache()`, not in Node 20) is the next step.',
  check: 'hash fewer bytes: the documents are read and hashed whole (a 13 MB document costs tens of milliseconds).',
  load: 'YAML is parsed once per content and cached as JSON; bundling is skipped for documents without external references. What remains is JSON.parse and the reference checks.',
  ir: 'build the IR in one pass over the schemas (naming, placement and conversion are separate walks today).',
  emit: 'blank lines are now laid out in one pass over each file, comments and import specifiers worked out once; what remains is printing several times more code than any peer. A second printing thread for one package was measured and lost (its start, the copy of the IR and its cold compiler cost more than its share).',
  format: 'keep prettier opt-in (the emitters already lay the code out), or format only files whose unformatted text changed (the format cache does this on re-generation).',
  write: 'files are written by a thread of their own while the package is emitted; this is the wait for the last of them. A package is now a file per module (vmm: 74 files, GitHub: 86), so creating files (about half a millisecond each on this disk) no longer weighs.',
};

/**
 * Peak memory of the run before issue "Performance, round two" (RESULTS.md of 2026-11-27,
 * commit 4fdb863): the memory aim is to be no worse than these.
 */
const PREVIOUS_PEAK_MB: Record<string, number> = { vmm: 161, v3: 211, github: 256, 'generate-all': 255 };

export interface Headlines {
  vmmRatio?: number;
  vmmPeer?: string;
  nutanixSetMs?: number;
  nutanixSetCores?: number;
  regenerateMs?: number;
  githubRatio?: number;
  githubPeer?: string;
  v3Ratio?: number;
  v3Peer?: string;
  memory?: { doc: string; mb: number; before: number }[];
  decodeRatio?: number;
  bundleOurs?: number;
  bundleUmd?: number;
  date?: string;
}

export function renderReport(dir: string, now: Environment): string {
  const generation = read<GenerationData>(dir, 'generation');
  const wholeset = read<WholeSetData>(dir, 'wholeset');
  const profile = read<ProfileData>(dir, 'profile');
  const typecheck = read<TypecheckData>(dir, 'typecheck');
  const decode = read<DecodeData>(dir, 'decode');
  const bundle = read<BundleData>(dir, 'bundle');
  const env = generation?.env ?? wholeset?.env ?? profile?.env ?? typecheck?.env ?? decode?.env ?? bundle?.env ?? now;
  const toolName = (id: string) => (id === 'ours' ? '**ntnx-sdkgen (ours)**' : id);

  const out: string[] = [];
  const h: Headlines = { date: env.date.slice(0, 10) };
  out.push('# Benchmark results\n');
  out.push(
    `Written by \`npm run bench${env.quick ? ' -- --quick' : ''}\` (see [run.ts](run.ts)). Every figure below was measured side by side, on the same input, in one run, on this machine: ` +
      'tools alternate (each repetition starts with a different one), and figures are given as min / **median** / max. ' +
      'These machines are shared and noisy: compare ratios and medians, not absolute times.\n',
  );
  out.push('| | |\n|---|---|');
  out.push(`| Date | ${env.date.slice(0, 16).replace('T', ' ')} UTC |`);
  out.push(`| Machine | ${env.machine} |`);
  out.push(`| Node | ${env.node} |`);
  out.push(`| ntnx-sdkgen | ${env.packages['ntnx-sdkgen']} (commit ${env.commit}) |`);
  out.push(`| Mode | ${env.quick ? `quick (${env.reps} run(s) per generation figure, 1 for the other sections; GitHub document and peers on the whole set left out)` : `full (${env.reps} runs per generation figure)`} |`);
  out.push('');
  out.push('Package versions (pinned in `bench/package-lock.json`, TypeScript 7 and prettier from the root lock file):\n');
  out.push('| Package | Version |\n|---|---|');
  for (const [k, v] of Object.entries(env.packages)) out.push(`| ${k} | ${v} |`);
  out.push('');

  // ---------------------------------------------------------------- generation
  const body: string[] = [];
  if (generation) {
    const g = generation.data;
    body.push(sectionHeader('Generation: wall time and peak memory', generation));
    body.push(
      `Each tool runs as its own process through the command a user types, with default settings, into an empty folder (ours: \`ntnx-sdkgen generate --spec <doc> --out <dir>\`). ` +
        `Wall time is from spawn to exit; peak memory is the largest \`maxRSS\` of any Node process of the run. ${g.reps} runs each; a tool that fails on a document is run once. Ours keeps two caches in the system's temporary folder between runs, whatever the output folder: a large YAML document parsed to JSON, and its compiled templates; every run after the first on a machine uses them, and so do these figures.\n`,
    );
    body.push('What each tool writes by default:\n');
    body.push('| Tool | Version | Output |\n|---|---|---|');
    for (const t of g.tools) body.push(`| ${toolName(t.id)} | ${t.version} | ${t.produces} |`);
    body.push('');
    for (const doc of g.docs) {
      body.push(`### ${doc.label}\n`);
      body.push('| Tool | Wall time | Peak memory | Output (.ts files, size, lines) | Time vs ours |\n|---|---|---|---|---|');
      const ours = g.cells.find((c) => c.doc === doc.id && c.tool === 'ours');
      const oursWall = wallOf(ours);
      for (const t of g.tools) {
        const c = g.cells.find((x) => x.doc === doc.id && x.tool === t.id);
        if (!c) continue;
        const wall = wallOf(c);
        if (!wall) {
          body.push(`| ${toolName(t.id)} | ${failure(c)} | | | |`);
          continue;
        }
        const size = c.size ? `${c.size.files} files, ${kilobytes(c.size.bytes)}, ${c.size.lines.toLocaleString('en')} lines` : '';
        body.push(`| ${toolName(t.id)} | ${triple(wall, seconds)} | ${triple(rssOf(c), megabytes)} | ${size} | ${t.id === 'ours' ? '' : ratio(oursWall?.median, wall.median)} |`);
      }
      const best = fastestPeer(g.cells, doc.id);
      if (oursWall && best) {
        const r = oursWall.median / best.wall.median;
        const oursRss = rssOf(ours);
        body.push(
          `\n**Ours / fastest peer (${best.tool}): ${r.toFixed(2)}x wall time** (median ${seconds(oursWall.median)} vs ${seconds(best.wall.median)})` +
            (oursRss && best.rss ? `, ${(oursRss.median / best.rss.median).toFixed(2)}x peak memory.` : '.'),
        );
        if (doc.id === 'vmm') {
          h.vmmRatio = r;
          h.vmmPeer = best.tool;
        } else if (doc.id === 'github') {
          h.githubRatio = r;
          h.githubPeer = best.tool;
        } else if (doc.id === 'v3') {
          h.v3Ratio = r;
          h.v3Peer = best.tool;
        }
        if (oursRss && PREVIOUS_PEAK_MB[doc.id] !== undefined) (h.memory ??= []).push({ doc: doc.id, mb: oursRss.median, before: PREVIOUS_PEAK_MB[doc.id]! });
      } else if (ours && !oursWall) {
        body.push(`\nOurs ${failure(ours)}.`);
      } else if (oursWall && !best) {
        body.push('\nNo peer generated this document.');
      }
      body.push('');
    }
  }

  // ---------------------------------------------------------------- whole set
  if (wholeset) {
    const w = wholeset.data;
    body.push(sectionHeader('The whole `specs/` set', wholeset));
    const ga = summarize(w.generateAll.filter((r) => r.ok).map((r) => r.wallMs));
    const gaRss = summarize(w.generateAll.filter((r) => r.ok && r.peakRssMb !== undefined).map((r) => r.peakRssMb!));
    body.push(
      `${w.docs.length} documents: ${w.docs.map((d) => `\`${d}\``).join(', ')}. ${w.reps} run(s) each.\n\n` +
        `Ours as a user generates the Nutanix set: \`ntnx-sdkgen generate-all --no-docs\` (SDK packages only, like the peers; one process; the SDK family: a package per v4 namespace with its versions merged, the Prism Central v3 package from \`v3/prism-central.json\`, the runtime and the shared models): ` +
        `${ga ? `${triple(ga, seconds)}, peak memory ${triple(gaRss, megabytes)}` : `fails: ${w.generateAll[0]?.tail ?? ''}`}.\n`,
    );
    if (ga) {
      h.nutanixSetMs = ga.median;
      const cpu = summarize(w.generateAll.filter((r) => r.ok && r.cpuMs !== undefined).map((r) => r.cpuMs! / r.wallMs));
      if (cpu) h.nutanixSetCores = cpu.median;
      if (gaRss) (h.memory ??= []).push({ doc: 'generate-all', mb: gaRss.median, before: PREVIOUS_PEAK_MB['generate-all']! });
      const again = summarize((w.regenerate ?? []).filter((r) => r.ok).map((r) => r.wallMs));
      if (again) h.regenerateMs = again.median;
      body.push(
        `**Whole Nutanix set, ours: ${seconds(h.nutanixSetMs)}** (generate-all, median of ${w.generateAllReps ?? w.reps})` +
          (cpu ? `; CPU time over wall time (cores kept busy): ${triple(cpu, (x) => x.toFixed(2))}` : '') +
          '.\n',
      );
      // The phases of the run closest to the median, as generate-all reports them (read and emit in the worker threads).
      const median = w.generateAll.filter((r) => r.ok && r.phases).sort((a, b) => Math.abs(a.wallMs - ga.median) - Math.abs(b.wallMs - ga.median))[0];
      if (median?.phases) body.push(`Phases of the run closest to the median (${seconds(median.wallMs)}): ${median.phases}. Read is every document to its IR and emit is every namespace package emitted and staged, both in worker threads, one per core; family is the shared-models step and the runtime and shared packages, in the main thread.\n`);
      if (again) body.push(`**No-change regeneration of the whole set: ${seconds(again.median)}** (the same generate-all again on its own output: ${triple(again, seconds)}): each package's inputs are fingerprinted, and an unchanged package is left as it is.\n`);
    }
    body.push('Every tool, one process per document (the peers have no multi-document mode); median wall time and peak memory per document:\n');
    const header = ['Document', ...w.tools.map((t) => toolName(t.id))];
    body.push(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
    const totals = new Map<string, { ms: number; ok: number }>();
    for (const doc of w.docs) {
      const row = [doc];
      for (const t of w.tools) {
        const c = w.cells.find((x) => x.doc === doc && x.tool === t.id);
        const wall = wallOf(c);
        if (wall) {
          const tot = totals.get(t.id) ?? { ms: 0, ok: 0 };
          totals.set(t.id, { ms: tot.ms + wall.median, ok: tot.ok + 1 });
        }
        const rss = rssOf(c);
        row.push(wall ? `${seconds(wall.median)}${rss ? `, ${megabytes(rss.median)}` : ''}` : c ? 'fails' : '');
      }
      body.push(`| ${row.join(' | ')} |`);
    }
    body.push(`| **total (documents generated)** | ${w.tools.map((t) => (totals.get(t.id) ? `${seconds(totals.get(t.id)!.ms)} (${totals.get(t.id)!.ok}/${w.docs.length})` : '')).join(' | ')} |`);
    body.push('');
  }

  // ---------------------------------------------------------------- profile
  let vmmProfile: Record<string, Summary> | undefined;
  if (profile) {
    const p = profile.data;
    body.push(sectionHeader('Where our generation time goes', profile));
    body.push(
      '`generate()` through the library API as built into `dist/` (what the CLI runs), in a fresh process per run, with its default options, into an empty folder; phases as `generate()` reports them, plus start-up (Node and the generator\'s modules, up to the call). ' +
        'Files are written by a thread of their own while the package is emitted, so write is only the wait for the last file after emit. ' +
        `Medians of ${p.reps} run(s); shares are of the sum of the phases; total is \`generate()\` alone. ${p.threads} hardware threads.\n`,
    );
    const phases = PHASES.filter((ph) => p.results.some((r) => r.runs.some((x) => !('error' in x) && x.timings[ph] !== undefined)));
    body.push(`| Document | ${phases.join(' | ')} | total | output | peak memory |\n|---|${phases.map(() => '---').join('|')}|---|---|---|`);
    for (const r of p.results) {
      const ok = r.runs.filter((x): x is ProfileRun => !('error' in x));
      if (ok.length === 0) {
        body.push(`| ${r.doc} | fails: ${String((r.runs[0] as { error: string }).error).split('\n').filter(Boolean).pop()?.slice(0, 120)} |`);
        continue;
      }
      const med: Record<string, Summary> = {};
      for (const ph of phases) med[ph] = summarize(ok.map((x) => x.timings[ph] ?? 0))!;
      const sum = phases.reduce((a, ph) => a + med[ph]!.median, 0);
      if (r.doc === 'vmm') vmmProfile = med;
      const total = summarize(ok.map((x) => x.totalMs))!;
      body.push(
        `| ${r.doc} | ${phases.map((ph) => (ok.some((x) => x.timings[ph] !== undefined) ? `${seconds(med[ph]!.median)} (${((100 * med[ph]!.median) / sum).toFixed(0)}%)` : '-')).join(' | ')} | ${seconds(total.median)} | ${ok[0]!.files} files, ${kilobytes(ok[0]!.bytes)} | ${megabytes(summarize(ok.map((x) => x.maxRssMb))!.median)} |`,
      );
    }
    body.push('');
  }

  // ---------------------------------------------------------------- typecheck
  if (typecheck) {
    const t = typecheck.data;
    body.push(sectionHeader('Type-check cost of the output', typecheck));
    body.push(
      `\`tsc -p <project> --noEmit\` with TypeScript ${t.versions['5.9']} (JavaScript compiler) and ${t.versions['7']} (native compiler), ${t.reps} run(s) each, alternating. ` +
        'Our packages are checked with the tsconfig.json they ship (NodeNext, strict). The peers\' vmm output is checked with strict settings and bundler resolution, ' +
        'their runtime packages (axios, openapi-fetch, @oazapfts/runtime) installed; openapi-typescript\'s types are checked together with an `openapi-fetch` client, as its documentation pairs them.\n',
    );
    body.push(`| Project | Source | tsc ${t.versions['5.9']} | tsc ${t.versions['7']} | 5.9 / 7 | Errors (5.9 / 7) |\n|---|---|---|---|---|---|`);
    for (const r of t.results) {
      const a = summarize(r.byTs['5.9']!.map((x) => x.wallMs));
      const b = summarize(r.byTs['7']!.map((x) => x.wallMs));
      const errs = `${r.byTs['5.9']![0]?.errors ?? '?'} / ${r.byTs['7']![0]?.errors ?? '?'}`;
      body.push(`| ${r.kind === 'ours' ? `ours: ${r.name}` : `${r.name} (vmm)`} | ${r.size.files} files, ${kilobytes(r.size.bytes)} | ${triple(a, seconds)} | ${triple(b, seconds)} | ${ratio(a?.median, b?.median)} | ${errs} |`);
    }
    const withErrors = t.results.filter((r) => (r.byTs['5.9']![0]?.errors ?? 0) > 0 || (r.byTs['7']![0]?.errors ?? 0) > 0);
    if (withErrors.length) {
      body.push('\nFirst errors reported:\n');
      for (const r of withErrors) {
        const e = r.byTs['5.9']![0]?.firstErrors.length ? r.byTs['5.9']![0]!.firstErrors : r.byTs['7']![0]!.firstErrors;
        body.push(`- ${r.kind === 'ours' ? `ours: ${r.name}` : `${r.name} (vmm)`}: \`${(e[0] ?? '').replace(/`/g, "'").replace(/^.*[\\/]\.work[\\/][^\s(]*?[\\/](?=[^\\/]+\()/, '')}\``);
      }
    }
    body.push('');
  }

  // ---------------------------------------------------------------- decode
  if (decode) {
    const d = decode.data;
    body.push(sectionHeader('Runtime decode: a 10,000-VM list response into models', decode));
    body.push(
      `The body of \`GET /vmm/v4.0/ahv/config/vms\` with ${d.count.toLocaleString('en')} VMs (${(d.bodyBytes / 2 ** 20).toFixed(1)} MB of JSON), built from the vmm v4.0 schema ([decode/synth.ts](decode/synth.ts)): every property of \`Vm\` and of the models it nests ` +
        'is filled (3 disks, 2 NICs, 3 categories, one of every other list), oneOf members (boot config, boot device, guest customization, disk backing, NIC backing, ...) rotate through their branches, and every model carries `$objectType` and `$reserved` as the server sends them.\n\n' +
        `Ours decodes through \`VmApi.listVms\`'s own response spec (the \`decode\`/\`decodeMetadata\` that \`ApiClient\` applies to the envelope). The official \`@nutanix-api/vmm-js-client\` ${d.officialVersion} decodes through \`ApiClient.convertToType(body, ListVmsResponse)\`, which is what its \`callApi\` does with the body superagent parsed. ` +
        `Both start from the same freshly parsed object; one warm-up each, then ${d.reps} runs each, alternating, with a full GC before each run (one process, \`--expose-gc\`).\n`,
    );
    const o = summarize(d.runs.ours.decodeMs)!;
    const f = summarize(d.runs.official.decodeMs)!;
    h.decodeRatio = f.median / o.median;
    body.push('| | Decode time | Heap added by decoding |\n|---|---|---|');
    body.push(`| **ntnx-sdkgen (ours)** | ${triple(o, millis)} | ${megabytes(summarize(d.runs.ours.retainedMb)!.median)} |`);
    body.push(`| official SDK | ${triple(f, millis)} | ${megabytes(summarize(d.runs.official.retainedMb)!.median)} |`);
    body.push(`| JSON.parse of the body (same for both) | ${triple(summarize([...d.runs.ours.parseMs, ...d.runs.official.parseMs]), millis)} | |`);
    body.push(`\n**Official / ours: ${h.decodeRatio.toFixed(1)}x** (median decode time; aim: at least 10x).\n`);
    const s = d.shapes;
    const keys = Object.keys(s['ours'] ?? {});
    body.push('What each decoded (the first VM; class names of the decoded values):\n');
    body.push(`| | ${keys.join(' | ')} |\n|---|${keys.map(() => '---').join('|')}|`);
    for (const who of ['ours', 'official']) body.push(`| ${who} | ${keys.map((k) => String(s[who]?.[k] ?? '-')).join(' | ')} |`);
    body.push('');
  }

  // ---------------------------------------------------------------- bundle
  if (bundle) {
    const b = bundle.data;
    body.push(sectionHeader('Bundle size: one API class', bundle));
    body.push(
      `esbuild ${b.esbuild}, \`bundle\`, \`minify\`, tree-shaking, ESM; sizes of the minified output, gzip (level 9) and brotli (quality 11). The entry constructs \`VmApi\` with an \`ApiClient\`, as an application would.\n`,
    );
    body.push('| Entry | Minified | gzip | brotli |\n|---|---|---|---|');
    for (const r of b.results) body.push(r.error ? `| ${r.label} | fails: ${r.error.slice(0, 160)} | | |` : `| ${r.label} | ${kilobytes(r.minified!)} | **${kilobytes(r.gzip!)}** | ${kilobytes(r.brotli!)} |`);
    const ours = b.results.find((r) => r.id === 'ours-subpath');
    const umd = b.results.find((r) => r.id === 'official-umd');
    const esm = b.results.find((r) => r.id === 'official-esm');
    if (ours?.gzip && umd?.gzip) {
      h.bundleOurs = ours.gzip;
      h.bundleUmd = umd.gzip;
      body.push(`\n**Official UMD / ours: ${(umd.gzip / ours.gzip).toFixed(1)}x** gzipped` + (esm?.gzip ? `; official tree-shaken ESM / ours: ${(esm.gzip / ours.gzip).toFixed(1)}x.` : '.'));
    }
    const root = b.results.find((r) => r.id === 'ours-root');
    if (ours?.gzip && root?.gzip && root.gzip > ours.gzip * 1.5) {
      body.push(
        `\nImporting through the root namespace (\`v4_0.VmApi\`) costs ${(root.gzip / ours.gzip).toFixed(1)}x the subpath import: \`export * as v4_0\` re-exports the version as one namespace object, which esbuild keeps whole once it is referenced. The \`/v4.0\` subpath import is the one to document for browsers.`,
      );
    }
    body.push('');
  }

  // ---------------------------------------------------------------- aims
  out.push('## Aims\n');
  out.push('| Aim | Measured | |\n|---|---|---|');
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  if (h.vmmRatio !== undefined) out.push(`| vmm generation at most 0.5x the fastest peer | ${h.vmmRatio.toFixed(2)}x ${h.vmmPeer} | ${met(h.vmmRatio <= 0.5)} |`);
  if (h.githubRatio !== undefined) out.push(`| GitHub's document at most 0.8x the fastest peer | ${h.githubRatio.toFixed(2)}x ${h.githubPeer} | ${met(h.githubRatio <= 0.8)} |`);
  if (h.v3Ratio !== undefined) out.push(`| Prism Central v3: the fastest of the tools that read it | ${h.v3Ratio.toFixed(2)}x ${h.v3Peer} | ${met(h.v3Ratio < 1)} |`);
  if (h.nutanixSetMs !== undefined) out.push(`| whole \`specs/\` set (generate-all --no-docs) at most 4.5 s | ${seconds(h.nutanixSetMs)} | ${met(h.nutanixSetMs <= 4500)} |`);
  if (h.nutanixSetCores !== undefined) out.push(`| ... with both cores busy | ${h.nutanixSetCores.toFixed(2)} cores (CPU time / wall time) | ${met(h.nutanixSetCores >= 1.5)} |`);
  if (h.regenerateMs !== undefined) out.push(`| no-change regeneration of the whole set under 1 s | ${seconds(h.regenerateMs)} | ${met(h.regenerateMs < 1000)} |`);
  for (const m of h.memory ?? []) out.push(`| peak memory no worse than before (${m.doc}) | ${megabytes(m.mb)} (before: ${megabytes(m.before)}) | ${met(m.mb <= m.before * 1.02)} |`);
  if (h.decodeRatio !== undefined) out.push(`| decode at least 10x the official SDK | ${h.decodeRatio.toFixed(1)}x | ${met(h.decodeRatio >= 10)} |`);
  if (h.bundleOurs !== undefined && h.bundleUmd !== undefined) out.push(`| one API class smaller than the official bundle | ${kilobytes(h.bundleOurs)} vs ${kilobytes(h.bundleUmd)} gzipped (${(h.bundleUmd / h.bundleOurs).toFixed(1)}x smaller) | ${met(h.bundleOurs < h.bundleUmd)} |`);
  out.push('');
  const missed = (h.vmmRatio !== undefined && h.vmmRatio > 0.5) || (h.githubRatio !== undefined && h.githubRatio > 0.8) || (h.nutanixSetMs !== undefined && h.nutanixSetMs > 4500);
  if (missed && vmmProfile) {
    const total = Object.values(vmmProfile).reduce((a, s) => a + s.median, 0);
    const ranked = Object.entries(vmmProfile)
      .map(([phase, s]) => ({ phase, ms: s.median }))
      .filter((x) => x.ms > 0)
      .sort((a, b) => b.ms - a.ms);
    const peer = generation ? fastestPeer((generation.data as GenerationData).cells, 'vmm') : undefined;
    out.push(
      `**Why generation misses its aims** (from the profile below): on vmm, ${ranked.map((x) => `${PHASE_NAMES[x.phase] ?? x.phase} ${seconds(x.ms)} (${((100 * x.ms) / total).toFixed(0)}%)`).join(', ')}` +
        `${peer ? `, against ${seconds(peer.wall.median)} for the whole run of the fastest peer (${peer.tool})` : ''}. ` +
        "Our output is also several times larger than any peer's (a class per model with `fromJSON`/`toJSON`, union decoders, API classes, full doc comments, the runtime), so emit and write do more work by design. " +
        'What would close it, largest phase first:\n',
    );
    for (const x of ranked.filter((r) => r.ms / total >= 0.1)) if (REMEDIES[x.phase]) out.push(`- ${PHASE_NAMES[x.phase] ?? x.phase}: ${REMEDIES[x.phase]}`);
    out.push('');
  }
  out.push(...body);
  out.push(...otherRuns(dir));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/**
 * The runs that have scripts of their own (the corpus run, the contract run, package size),
 * quoted from their reports so that every result is in this file too.
 */
function otherRuns(_sectionsDir: string): string[] {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out: string[] = [];
  const firstTable = (file: string, after: string): string[] => {
    const p = path.join(dir, file);
    if (!existsSync(p)) return [];
    const lines = readFileSync(p, 'utf8').split('\n');
    const start = lines.findIndex((l) => l.includes(after));
    if (start < 0) return [];
    const from = lines.findIndex((l, i) => i > start && l.startsWith('|'));
    if (from < 0) return [];
    let to = from;
    while (to < lines.length && lines[to]!.startsWith('|')) to++;
    return lines.slice(from, to);
  };
  const corpus = firstTable('CORPUS.md', '- Wall time');
  if (corpus.length) out.push('## Real-world documents (`npm run corpus`)\n', `From [CORPUS.md](CORPUS.md), which has the sample, the failures and GitHub's document:\n`, ...corpus, '');
  const contract = firstTable('CONTRACT.md', '<!-- contract-table:begin -->');
  if (contract.length) out.push('## Contract run against the Prism mock server (in `npm test`)\n', 'From [CONTRACT.md](CONTRACT.md), which explains how requests are built and checked:\n', ...contract, '');
  const transfers = firstTable('TRANSFERS.md', '<!-- transfers-table:begin -->');
  const tasks = firstTable('TRANSFERS.md', '<!-- tasks-table:begin -->');
  if (transfers.length) out.push('## Large transfers and many tasks (`npm run bench:transfers`)\n', 'From [TRANSFERS.md](TRANSFERS.md):\n', ...transfers, '', ...tasks, '');
  const packageSize = firstTable('PACKAGE.md', '# Package size');
  if (packageSize.length) out.push('## Package size and consumer type-check (`npm run bench:package`)\n', 'From [PACKAGE.md](PACKAGE.md), vmm as published, before and after the packages were made leaner:\n', ...packageSize, '');
  return out;
}
