/**
 * The pipeline, end to end: load -> IR -> emit -> format -> write.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { buildSdk, buildVersion, identify } from './ir/build.js';
import type { Sdk, Version } from './ir/model.js';
import { emitPackage, type FamilyLinks, type FileMap } from './emit/package.js';
import { emitRuntimePackage } from './emit/runtime-package.js';
import { emitSharedPackage } from './emit/shared-package.js';
import { collectSharedModels, type SharedModels } from './family.js';
import type { FamilyPackage, FamilySiteLinks } from './docs/family.js';
import { addReleaseFiles, CHANGELOG_FILE, readEntries, VERSION_PLACEHOLDER } from './diff/changelog.js';
import { distTag, prereleaseChannel } from './diff/version.js';
import { sourcePackageVersion } from './diff/surface.js';
import type { SdkDiff } from './diff/diff.js';
import { FormatCache, formatFiles } from './format.js';
import { loadDocument } from './load/load.js';
import type { Diagnostic } from './load/diagnostics.js';
import { Templates } from './templates.js';
import { discardStaged, linkFamily, stagePackage, swapIn, WriteBehindFiles, writePackage, WrittenFiles } from './write.js';
import { checkFamily, checkInputs, contentFingerprint, INPUTS_FILE, inputsRecord, memberFingerprint, recordFamily, unchangedDiff, upToDate } from './fresh.js';
import { threadCount, WorkerPool } from './pool.js';
import { collectGarbage, collectLargeGarbage } from './gc.js';
import { PROJECT_ROOT } from './paths.js';

const PACKAGE_JSON = path.join(PROJECT_ROOT, 'package.json');
export const GENERATOR_VERSION: string = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

export interface GenerateOptions {
  /** One or more documents of the same namespace (file paths or URLs). */
  readonly specs: readonly string[];
  /** Output folder of the package. */
  readonly out: string;
  readonly packageName?: string;
  /** An explicit package version; by default it is computed from the previous generation (diff/version.ts). */
  readonly packageVersion?: string;
  /** The version last published, when the output folder is not the published generation (diff/changelog.ts). */
  readonly previousVersion?: string;
  readonly scope?: string;
  readonly namespace?: string;
  readonly templates?: string;
  readonly strict?: boolean;
  /**
   * Run prettier over the output (default false). The emitters already lay code
   * out as formatted text; prettier is for teams that want its exact style, and
   * costs more than the rest of generation, so its results are cached.
   */
  readonly format?: boolean;
  /** Where prettier results are cached between runs (default: none). */
  readonly formatCache?: string;
  readonly license?: string;
  readonly repository?: string | { readonly type: string; readonly url: string; readonly directory?: string };
  /** Client settings the package's `createClient()` applies (configuration `runtime`). */
  readonly runtimeDefaults?: Readonly<Record<string, unknown>>;
  /** Also write the API reference site into `<out>/docs/` (see generator/docs/). */
  readonly docs?: boolean;
  /** Called with progress lines. */
  readonly log?: (line: string) => void;
  /** Write the CHANGELOG entry against this IR instead of the previous generation's snapshot. */
  readonly previous?: Sdk;
  /** Set for a member of a family (see `generateFamily`). */
  readonly family?: FamilyLinks;
  /** Generate even when the output was generated from the same inputs (see generator/fresh.ts). */
  readonly force?: boolean;
}

export interface GenerateResult {
  readonly sdk: Sdk;
  /** The package's files by path (for a family member emitted in a worker thread, read from the written package when asked). */
  readonly files: ReadonlyMap<string, string>;
  readonly warnings: readonly Diagnostic[];
  readonly timings: Readonly<Record<string, number>>;
  /** API changes since the previous generation (none on the first). */
  readonly changes?: SdkDiff;
  /**
   * `true` when the output was already generated from the same inputs: nothing was
   * generated or written, `files` is empty and `sdk` is read from the package's IR snapshot.
   */
  readonly unchanged?: boolean;
}

/** Builds the IR of a package from its documents. */
export async function buildPackageIr(options: Pick<GenerateOptions, 'specs' | 'strict' | 'namespace' | 'packageName' | 'packageVersion' | 'scope'>, timings: Record<string, number> = {}): Promise<{ sdk: Sdk; warnings: Diagnostic[] }> {
  const versions: Version[] = [];
  const warnings: Diagnostic[] = [];
  let namespace = options.namespace;
  for (const spec of options.specs) {
    let t = performance.now();
    const loaded = await loadDocument(spec, { strict: options.strict ?? false });
    timings.load = (timings.load ?? 0) + performance.now() - t;
    t = performance.now();
    const id = identify(loaded, namespace ? { namespace } : {});
    namespace ??= id.namespace;
    const version = buildVersion(loaded, { namespace });
    if (versions.some((v) => v.label === version.label)) throw new Error(`two documents have the version ${version.label}: ${spec}`);
    versions.push(version);
    warnings.push(...loaded.diagnostics.items.filter((d) => d.severity === 'warning'));
    timings.ir = (timings.ir ?? 0) + performance.now() - t;
  }
  const sdk = buildSdk(namespace ?? 'api', versions, {
    generatorVersion: GENERATOR_VERSION,
    ...(options.packageName ? { packageName: options.packageName } : {}),
    ...(options.packageVersion ? { packageVersion: options.packageVersion } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
  return { sdk, warnings };
}

/** Generates one package into `options.out`. Nothing is written unless every step succeeded. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const timings: Record<string, number> = {};
  // An output generated from the same inputs is left as it is (see fresh.ts).
  const inputs = checkInputs(options, timings);
  if (inputs.unchanged) return inputs.unchanged;
  // Unless prettier rewrites them afterwards, files are written while the package is being
  // emitted, by a thread of their own (write.ts); a failure leaves the output as it was.
  let written: WriteBehindFiles | undefined;
  try {
    const { sdk, warnings } = await buildPackageIr(options, timings);
    // The parsed documents are garbage now: collected before emitting allocates the package (see gc.ts).
    collectGarbage();
    written = options.format === true ? undefined : new WriteBehindFiles(options.out);
    const result = await emitAndDocument(sdk, warnings, options, timings, undefined, undefined, written);
    if (inputs.fingerprint) result.files.set(INPUTS_FILE, inputsRecord(inputs.fingerprint, result.sdk.packageName, result.sdk.packageVersion, result.files.size + 1, warnings));
    const t = performance.now();
    if (written) await written.commit();
    else writePackage(options.out, result.files);
    timings.write = performance.now() - t;
    return result;
  } catch (e) {
    await written?.abort();
    throw e;
  }
}

/** Emits a package from its IR (with CHANGELOG and, if asked, the docs site); writes nothing. */
async function emitAndDocument(
  ir: Sdk,
  warnings: Diagnostic[],
  options: Omit<GenerateOptions, 'specs'>,
  timings: Record<string, number>,
  dependencyFiles?: ReadonlyMap<string, ReadonlyMap<string, string>>,
  docsFamily?: FamilySiteLinks,
  /** Where the files go (a map that writes them as they come, see write.ts). */
  into: FileMap = new Map(),
): Promise<GenerateResult & { readonly files: FileMap }> {
  let t = performance.now();
  const templates = new Templates(options.templates);
  // The version depends on what the emitted files change, so they are emitted with a placeholder.
  const newest = ir.versions[ir.versions.length - 1]!;
  const files = emitPackage({ ...ir, packageVersion: VERSION_PLACEHOLDER }, {
    templates,
    generatorVersion: GENERATOR_VERSION,
    distTag: options.packageVersion ? distTag(options.packageVersion) : prereleaseChannel(newest.label) ? 'next' : 'latest',
    ...(options.license ? { license: options.license } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
    ...(options.runtimeDefaults ? { runtimeDefaults: options.runtimeDefaults } : {}),
    ...(options.family ? { family: options.family } : {}),
  }, into);
  collectLargeGarbage();
  const { sdk, changes } = addReleaseFiles(ir, options.out, files, {
    templates,
    ...(options.previous ? { previous: options.previous } : {}),
    ...(options.packageVersion ? { packageVersion: options.packageVersion } : {}),
    ...(options.previousVersion ? { publishedVersion: options.previousVersion } : {}),
    generatorVersion: GENERATOR_VERSION,
    ...(options.log ? { log: options.log } : {}),
  });
  timings.emit = performance.now() - t;
  options.log?.(`${sdk.packageName}: ${files.size} files from ${sdk.versions.map((v) => v.label).join(', ')}`);
  if (options.format === true) {
    t = performance.now();
    await formatFiles(files, options.formatCache ? { cache: new FormatCache(options.formatCache) } : {});
    timings.format = performance.now() - t;
  }
  if (options.docs) {
    // The API reference site (docs/), with the browser build of the package for "try it".
    t = performance.now();
    const { buildDocsSite } = await import('./docs/index.js');
    const site = await buildDocsSite(sdk, {
      generatorVersion: GENERATOR_VERSION,
      packageFiles: files,
      ...(dependencyFiles ? { dependencyFiles } : {}),
      ...(docsFamily ? { family: docsFamily } : {}),
      ...(options.templates ? { templates: options.templates } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    for (const [file, text] of site) files.set(`docs/${file}`, text);
    timings.docs = performance.now() - t;
  }
  return { sdk, files, warnings, timings, ...(changes ? { changes } : {}) };
}

/** One namespace package of a family. */
export interface FamilyMember extends Omit<GenerateOptions, 'family' | 'log' | 'templates' | 'strict' | 'scope' | 'license' | 'repository' | 'runtimeDefaults' | 'format'> {
  readonly namespace: string;
}

export interface FamilyOptions extends Pick<GenerateOptions, 'templates' | 'strict' | 'license' | 'repository' | 'runtimeDefaults' | 'format' | 'docs' | 'log'> {
  readonly members: readonly FamilyMember[];
  /** Folder of the runtime and shared-models packages (`<out>/runtime`, `<out>/shared`). */
  readonly out: string;
  /** npm scope of the runtime and shared packages (default `@ntnx-sdk`). */
  readonly scope?: string;
  /**
   * Namespaces to write (default: all). The others are still read, since the shared models
   * come from every member; `FamilyResult.members` then holds the written ones, in this order.
   */
  readonly only?: readonly string[];
  /**
   * Worker threads that read, emit and write the namespace packages (default: one per core,
   * see pool.ts; 1: all in this thread). The output is the same whatever the number.
   */
  readonly threads?: number;
  /** Generate every package even when its inputs are unchanged (see generator/fresh.ts). */
  readonly force?: boolean;
}

export interface FamilyResult {
  /** `true` when every package was already generated from the same inputs: nothing was written, `shared` is left out. */
  readonly unchanged?: boolean;
  readonly members: readonly GenerateResult[];
  readonly runtime: { readonly packageName: string; readonly packageVersion: string; readonly dir: string };
  readonly shared?: SharedModels & { readonly dir: string };
  /**
   * Wall-clock phases of the run, in milliseconds: `read` (every member's documents to its IR,
   * in the worker threads), `family` (the shared models, the runtime and shared packages, the
   * docs home), `emit` (the members emitted and staged, in the worker threads), `write` (staged
   * packages swapped in). Absent when the family was unchanged.
   */
  readonly timings?: Readonly<Record<'read' | 'family' | 'emit' | 'write', number>>;
}

/** The first version of a family's runtime and shared-models packages; later ones follow the policy. */
const FAMILY_FIRST_VERSION = '1.0.0';

/**
 * Generates an SDK family: every member's IR first, then the models they share,
 * then the runtime package, the shared-models package and each member package,
 * written only when all of them were built.
 */
export async function generateFamily(options: FamilyOptions): Promise<FamilyResult> {
  // A family generated from the same inputs is left as it is (see fresh.ts).
  const inputs = checkFamily(options);
  if (inputs.unchanged) return inputs.unchanged;
  const scope = options.scope ?? '@ntnx-sdk';
  // Worker threads read the documents and emit the members (see pool.ts), largest first, so
  // that the last job to finish is a small one; this thread does the family step between.
  const threads = threadCount(options.members.length, options.threads);
  const pool = threads > 1 ? new WorkerPool(threads) : undefined;
  try {
    return await buildFamily(options, inputs.fingerprint, scope, pool);
  } finally {
    await pool?.close();
  }
}

/** The IR of a family member, as it crosses back from a worker thread. */
export interface MemberIr {
  readonly sdk: Sdk;
  readonly warnings: Diagnostic[];
  readonly timings: Record<string, number>;
}

/** Reads a member's documents into its IR (in a worker thread of `generateFamily`, or in this one). */
export async function buildMemberIr(options: Parameters<typeof buildPackageIr>[0]): Promise<MemberIr> {
  const timings: Record<string, number> = {};
  const { sdk, warnings } = await buildPackageIr(options, timings);
  return { sdk, warnings, timings };
}

async function buildFamily(options: FamilyOptions, familyFingerprint: string | undefined, scope: string, pool: WorkerPool | undefined): Promise<FamilyResult> {
  const phases = { read: 0, family: 0, emit: 0, write: 0 };
  let phaseStart = performance.now();
  const endPhase = (name: keyof typeof phases) => {
    const now = performance.now();
    phases[name] += now - phaseStart;
    phaseStart = now;
  };
  const runtimeName = `${scope}/runtime`;
  const fail = (ns: string): never => {
    throw new Error(`no member of the family has the namespace ${ns}`);
  };
  const log = options.log ?? (() => {});
  const documentSize = (member: FamilyMember) => member.specs.reduce((n, s) => n + (/^https?:/i.test(s) ? 0 : fileSize(s)), 0);
  const irs = new Map<FamilyMember, Promise<MemberIr>>();
  for (const member of [...options.members].sort((a, b) => documentSize(b) - documentSize(a))) {
    const { previous: _previous, ...plain } = member;
    const arg = { ...plain, scope, ...(options.strict ? { strict: true } : {}) };
    // In this thread, one document at a time: started together, every parsed document would be in memory at once.
    irs.set(member, pool ? pool.run('buildMemberIr', arg, log) : Promise.resolve(await buildMemberIr(arg)));
  }
  // Every read ends before an error is reported, so that no thread is left working.
  const settled = await Promise.allSettled(options.members.map((m) => irs.get(m)!));
  const built: { member: FamilyMember; sdk: Sdk; warnings: Diagnostic[]; timings: Record<string, number> }[] = [];
  for (const [i, member] of options.members.entries()) {
    const r = settled[i]!;
    if (r.status === 'rejected') throw r.reason;
    const { sdk, warnings, timings } = r.value;
    for (const name of [runtimeName, `${scope}/shared`]) {
      if (sdk.packageName === name) throw new Error(`the package of namespace ${member.namespace} would be named ${name}, the name of the family's own package: choose another name or scope`);
    }
    built.push({ member, sdk, warnings, timings });
  }
  // Read in this thread, the parsed documents are garbage now (see gc.ts).
  if (!pool) collectGarbage();
  endPhase('read');
  // Versions by the same policy as every package (diff/version.ts): the runtime's from its
  // declarations, the shared models' from their API; the members depend on what was decided.
  const sharedModels = collectSharedModels(
    built.map((b) => b.sdk),
    { packageName: `${scope}/shared`, packageVersion: VERSION_PLACEHOLDER },
  );
  if (sharedModels?.conflicts.length) {
    options.log?.(`warning: ${sharedModels.conflicts.length} shared model(s) differ between documents; the owner's (or first) copy is used: ${sharedModels.conflicts.slice(0, 5).join(', ')}${sharedModels.conflicts.length > 5 ? ', ...' : ''}`);
  }
  const caret = (v: string) => `^${v.replace(/\+.*$/, '')}`;
  const templates = new Templates(options.templates);
  const packaging = {
    templates,
    generatorVersion: GENERATOR_VERSION,
    ...(options.license ? { license: options.license } : {}),
    ...(options.repository ? { repository: options.repository } : {}),
  };
  const runtimeDir = path.join(options.out, 'runtime');
  const sharedDir = path.join(options.out, 'shared');
  const runtimeFiles = emitRuntimePackage({ packageName: runtimeName, packageVersion: VERSION_PLACEHOLDER, ...packaging });
  const runtimeRelease = sourcePackageVersion({ packageDir: runtimeDir, files: runtimeFiles, placeholder: VERSION_PLACEHOLDER, initial: FAMILY_FIRST_VERSION });
  const runtime = { packageName: runtimeName, packageVersion: runtimeRelease.version };
  runtimeFiles.set(CHANGELOG_FILE, runtimeChangelog(runtimeDir, runtimeName, runtimeRelease, templates));
  if (runtimeRelease.bump !== 'none') options.log?.(`${runtimeName}: ${runtimeRelease.version} (${runtimeRelease.bump})`);
  const runtimeLink = { packageName: runtime.packageName, range: caret(runtime.packageVersion) };
  const sharedFiles = sharedModels ? emitSharedPackage(sharedModels, { runtime: runtimeLink, ...packaging }) : undefined;
  // The shared models get a version and a CHANGELOG like any package: what changed since the previous generation.
  const sharedRelease = sharedModels && sharedFiles ? addReleaseFiles(sharedModels.sdk, sharedDir, sharedFiles, { templates, generatorVersion: GENERATOR_VERSION, initialVersion: FAMILY_FIRST_VERSION, ...(options.log ? { log: options.log } : {}) }) : undefined;
  const shared = sharedModels && sharedRelease ? { ...sharedModels, packageVersion: sharedRelease.sdk.packageVersion, sdk: sharedRelease.sdk } : undefined;
  const links: FamilyLinks = {
    runtime: runtimeLink,
    ...(shared ? { shared: { packageName: shared.packageName, range: caret(shared.packageVersion), byId: shared.byId, typedTasks: !!shared.task } } : {}),
  };
  const dependencyFiles = new Map<string, ReadonlyMap<string, string>>([[runtime.packageName, runtimeFiles]]);
  if (shared && sharedFiles) dependencyFiles.set(shared.packageName, sharedFiles);

  // One documentation site for the family: each package keeps its site in `<package>/docs`, the shared
  // models get theirs in `<out>/shared/docs`, and `<out>/docs` is the home page listing every package;
  // links between them are relative (see generator/docs/family.ts).
  const homeDir = path.join(options.out, 'docs');
  const documented = (member: FamilyMember) => member.docs ?? options.docs ?? false;
  const withDocs = options.members.some(documented);
  const ownsHomeDir = !options.members.some((m) => path.resolve(m.out) === path.resolve(homeDir));
  if (withDocs && !ownsHomeDir) throw new Error(`a package would be written to ${homeDir}, the folder of the family's documentation home: choose another folder for it`);
  const docs = withDocs ? await import('./docs/index.js') : undefined;
  const docsLinks = (siteDir: string): FamilySiteLinks => ({
    home: `${docs!.folderLink(siteDir, homeDir)}/index.html`,
    ...(shared ? { shared: { packageName: shared.packageName, root: `${docs!.folderLink(siteDir, path.join(sharedDir, 'docs'))}/`, pages: docs!.sharedPages(shared) } } : {}),
  });
  let homeFiles: Map<string, string> | undefined;
  if (docs) {
    const t = performance.now();
    if (shared && sharedFiles) {
      const sharedSite = path.join(sharedDir, 'docs');
      const members = built.filter((b) => documented(b.member)).map((b) => ({ sdk: b.sdk, siteDir: path.join(b.member.out, 'docs') }));
      const site = await docs.buildDocsSite(shared.sdk, {
        generatorVersion: GENERATOR_VERSION,
        modulesAtRoot: true,
        family: { home: docsLinks(sharedSite).home },
        embeddedBy: docs.embeddedBy(shared, sharedSite, members),
        ...(options.templates ? { templates: options.templates } : {}),
      });
      for (const [file, text] of site) sharedFiles.set(`docs/${file}`, text);
    }
    const packages: FamilyPackage[] = [
      { packageName: runtime.packageName, packageVersion: runtime.packageVersion, title: 'The client runtime', role: 'runtime', packageDir: runtimeDir },
      ...(shared ? [{ packageName: shared.packageName, packageVersion: shared.packageVersion, title: shared.sdk.title, role: 'shared' as const, sdk: shared.sdk, siteDir: path.join(sharedDir, 'docs'), packageDir: sharedDir }] : []),
      ...built.map((b) => ({
        packageName: b.sdk.packageName,
        packageVersion: b.sdk.packageVersion,
        title: b.sdk.title,
        role: 'namespace' as const,
        sdk: b.sdk,
        packageDir: b.member.out,
        ...(documented(b.member) ? { siteDir: path.join(b.member.out, 'docs') } : {}),
      })),
    ];
    homeFiles = docs.buildFamilyHome({ templates: new docs.DocsTemplates(options.templates), generatorVersion: GENERATOR_VERSION, scope, dir: homeDir, packages });
    options.log?.(`family documentation: home page${shared ? ' and shared models' : ''} in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }

  const written = options.only ? options.only.map((ns) => built.find((b) => b.member.namespace === ns) ?? fail(ns)) : built;
  // Each member's output depends on its own documents and options and on the part of the family
  // it links to: a member whose fingerprint is recorded in its package is left as it is.
  // The family's folder is not a member's: each member's own `out` is its folder.
  const { log: _log, members: _members, only: _only, threads: _threads, force, out: _familyOut, ...familySettings } = options;
  const jobs = written.map((b): { b: (typeof built)[number]; job?: MemberJob; unchanged?: GenerateResult } => {
    const { member } = b;
    const siteLinks = docs && documented(member) ? docsLinks(path.join(member.out, 'docs')) : undefined;
    const { force: memberForce, ...memberOptions } = member;
    const fingerprint = memberFingerprint(member, { ...familySettings, scope }, b.sdk, links, siteLinks && dependencyFiles ? { siteLinks, dependencyFiles } : undefined);
    const recorded = fingerprint && !force && !memberForce ? upToDate(member.out, fingerprint) : undefined;
    if (recorded) {
      options.log?.(`${recorded.packageName}: unchanged since the last generation`);
      const unchanged: GenerateResult = { sdk: { ...b.sdk, packageVersion: recorded.packageVersion }, files: new Map(), warnings: b.warnings, timings: b.timings, changes: unchangedDiff(recorded.packageName, recorded.packageVersion), unchanged: true };
      return { b, unchanged };
    }
    const job: MemberJob = {
      sdk: b.sdk,
      warnings: b.warnings,
      timings: b.timings,
      options: { ...familySettings, ...memberOptions, family: links },
      ...(siteLinks ? { siteLinks, dependencyFiles } : {}),
      ...(fingerprint ? { fingerprint } : {}),
    };
    return { b, job };
  });

  // The runtime and shared packages are written by this thread while the workers emit the members;
  // nothing is swapped in before every package of the family is staged.
  const stale = jobs.flatMap(({ b, job }) => (job ? [{ b, job }] : []));
  endPhase('family');
  const weight = (sdk: Sdk) => sdk.versions.reduce((n, v) => n + v.modules.reduce((m, mod) => m + mod.decls.length, 0) + v.apis.length * 10, 0);
  const running = new Map<MemberJob, Promise<MemberSummary>>();
  for (const { job } of pool ? [...stale].sort((x, y) => weight(y.b.sdk) - weight(x.b.sdk)) : []) {
    const summary = pool!.run('emitMember', job, log);
    // Awaited in the members' order below; a rejection before its turn is not unhandled.
    summary.catch(() => {});
    running.set(job, summary);
  }
  const staged: [string, string][] = [];
  let failure: unknown;
  try {
    for (const [dir, files] of [[runtimeDir, runtimeFiles], [sharedDir, sharedFiles]] as const) {
      if (!files) continue;
      // Unchanged content is not rewritten: regenerating one namespace leaves the others' dependencies alone.
      const content = contentFingerprint(files);
      if (!options.force && upToDate(dir, content)) continue;
      files.set(INPUTS_FILE, inputsRecord(content, dir === runtimeDir ? runtime.packageName : shared!.packageName, dir === runtimeDir ? runtime.packageVersion : shared!.packageVersion, files.size + 1, []));
      staged.push([dir, stagePackage(dir, files)]);
    }
    if (homeFiles) staged.push([homeDir, stagePackage(homeDir, homeFiles)]);
  } catch (e) {
    failure = e;
  }
  const summaries = new Map<MemberJob, MemberSummary>();
  for (const { job } of stale) {
    try {
      const summary = await (running.get(job) ?? (failure ? undefined : emitMember(job, log)));
      if (summary) {
        summaries.set(job, summary);
        staged.push([job.options.out, summary.staged]);
      }
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure) {
    for (const [, temp] of staged) discardStaged(temp);
    throw failure;
  }
  endPhase('emit');
  for (const [dir, temp] of staged) swapIn(dir, temp);
  const results: GenerateResult[] = jobs.map(({ b, job, unchanged }) => {
    if (unchanged) return unchanged;
    const summary = summaries.get(job!)!;
    return {
      sdk: { ...b.sdk, packageVersion: summary.packageVersion },
      files: new WrittenFiles(job!.options.out, summary.files),
      warnings: summary.warnings,
      timings: summary.timings,
      ...(summary.changes ? { changes: summary.changes } : {}),
    };
  });
  // Without docs every package was written without its site: no home page is left behind that would lead to none.
  if (!homeFiles && ownsHomeDir && !options.only) rmSync(homeDir, { recursive: true, force: true });
  // Local builds and type-checks resolve the family's packages from `<out>/node_modules`.
  linkFamily(options.out, new Map([[runtime.packageName, runtimeDir], ...(shared ? ([[shared.packageName, sharedDir]] as const) : [])]));
  endPhase('write');
  const result: FamilyResult = {
    members: results,
    runtime: { ...runtime, dir: runtimeDir },
    ...(shared ? { shared: { ...shared, dir: sharedDir } } : {}),
    timings: phases,
  };
  if (familyFingerprint) recordFamily(options.out, familyFingerprint, result, written.map((b) => b.member));
  return result;
}

/** A family member to emit and stage, as it crosses to a worker thread: plain data only. */
export interface MemberJob {
  readonly sdk: Sdk;
  readonly warnings: Diagnostic[];
  readonly timings: Record<string, number>;
  /** The family's and the member's options, without `log`. */
  readonly options: Omit<GenerateOptions, 'specs' | 'log'>;
  readonly siteLinks?: FamilySiteLinks;
  readonly dependencyFiles?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Recorded with the package, to leave it alone while its inputs stay the same. */
  readonly fingerprint?: string;
}

/** What comes back from emitting a member: the files stay on disk, in the staged folder. */
export interface MemberSummary {
  readonly packageVersion: string;
  readonly changes?: SdkDiff;
  readonly warnings: readonly Diagnostic[];
  readonly timings: Readonly<Record<string, number>>;
  /** The package's files, by path. */
  readonly files: readonly string[];
  /** The folder they were written to, to be swapped in once the whole family is staged. */
  readonly staged: string;
}

/**
 * Emits one member of a family and writes it into its staged folder (in a worker thread of
 * `generateFamily`, or in this one); the caller swaps it in.
 */
export async function emitMember(job: MemberJob, log: (line: string) => void): Promise<MemberSummary> {
  const { options, timings } = job;
  // In this thread, a writer thread overlaps writing with emitting; a worker thread of a family
  // already shares the cores with the others, so it writes its files once they are all emitted.
  const into = options.format === true || !isMainThread ? undefined : new WriteBehindFiles(options.out);
  try {
    const result = await emitAndDocument(job.sdk, job.warnings, { ...options, log }, timings, job.dependencyFiles, job.siteLinks, into);
    if (job.fingerprint) result.files.set(INPUTS_FILE, inputsRecord(job.fingerprint, result.sdk.packageName, result.sdk.packageVersion, result.files.size + 1, job.warnings));
    const t = performance.now();
    const staged = into ? await into.finish() : stagePackage(options.out, result.files);
    timings.write = performance.now() - t;
    return {
      packageVersion: result.sdk.packageVersion,
      ...(result.changes ? { changes: result.changes } : {}),
      warnings: job.warnings,
      timings,
      files: [...result.files.keys()],
      staged,
    };
  } catch (e) {
    await into?.abort();
    throw e;
  }
}

/** The documents of each namespace folder in `specsDir` (`specs/<namespace>/<version>.yaml`). */
export function discoverSpecs(specsDir: string): { namespace: string; specs: string[] }[] {
  return readdirSync(specsDir)
    .filter((name) => statSync(path.join(specsDir, name)).isDirectory())
    .sort()
    .map((namespace) => ({
      namespace,
      specs: readdirSync(path.join(specsDir, namespace))
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => path.join(specsDir, namespace, f)),
    }))
    .filter((n) => n.specs.length > 0);
}

/**
 * The runtime package's CHANGELOG: a new entry whenever its version moves, listing the public
 * declarations it removed or changed (breaking) and added, as the version policy compared them.
 */
function runtimeChangelog(packageDir: string, packageName: string, release: ReturnType<typeof sourcePackageVersion>, templates: Templates): string {
  const file = path.join(packageDir, CHANGELOG_FILE);
  let entries = existsSync(file) ? readEntries(readFileSync(file, 'utf8')) : [];
  if (release.bump !== 'none' || entries.length === 0) {
    const entry = templates.render('partials/runtime-changelog-entry.hbs', {
      version: release.version,
      packageName,
      first: entries.length === 0,
      removed: release.change.removed,
      added: release.change.added,
      changed: release.change.removed.length + release.change.added.length > 0,
    });
    entries = [{ version: release.version, text: entry.trimEnd() + '\n' }, ...entries.filter((e) => e.version !== release.version)];
  }
  return templates.render('CHANGELOG.md.hbs', { packageName, entries: entries.map((e) => e.text) });
}

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
