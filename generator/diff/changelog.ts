/**
 * Package versions and CHANGELOG entries on regeneration.
 *
 * Each generated package keeps a snapshot of the IR it was generated from
 * (`.ntnx-sdkgen/api-snapshot.jsonl`, not published). Generating again compares the new IR with
 * that snapshot (see diff.ts: the package-level verdict), the runtime sources in the folder with
 * the new ones (surface.ts) and the generated files with the previous ones (a hash), decides the
 * package version from that (version.ts: versions only go up), and writes the comparison as the
 * CHANGELOG entry of the new version. A generation that changes nothing keeps its version and its
 * entry, so an unchanged document regenerates byte-identical output.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sdk } from '../ir/model.js';
import type { Templates } from '../templates.js';
import { diffSdks, type Bump, type SdkDiff } from './diff.js';
import { renderChangelogEntry } from './report.js';
import { compareSources, filesHash as contentHash, sourcesUnder } from './surface.js';
import { compareVersions, nextVersion, parseVersion, type Semver } from './version.js';

export const SNAPSHOT_FILE = '.ntnx-sdkgen/api-snapshot.jsonl';
export const CHANGELOG_FILE = 'CHANGELOG.md';
const SNAPSHOT_FORMAT = 'ntnx-sdkgen-ir-snapshot/3';
/** Snapshots of the previous format hold the same IRs, without a content hash. */
const READABLE_FORMATS = new Set(['ntnx-sdkgen-ir-snapshot/2', SNAPSHOT_FORMAT]);
/** Stands for the package version in generated files until the version is decided. */
export const VERSION_PLACEHOLDER = '0.0.0-ntnx-sdkgen-version';
/** Hand-written sources copied into a package: compared by their declarations, not by an IR. */
const RUNTIME_FOLDER = 'src/runtime/';
/** All the sources of a package: compared by their declarations after a generator upgrade. */
const SOURCE_FOLDER = 'src/';
const ENTRY_MARKER = /^<!-- ntnx-sdkgen:entry (.+?) -->$/m;

/**
 * The snapshot file, in JSON lines: a header, the IR of this generation, and the IR of the
 * previous release (when there is one). The IRs stay text until a diff needs them, so an
 * unchanged regeneration compares strings instead of parsing and walking two IRs.
 */
interface StoredSnapshot {
  readonly packageVersion: string;
  readonly sdkText: string;
  /** Hash of the generated files (version left out); absent in older snapshots. */
  readonly contentHash?: string;
  /** The generator version that wrote it; absent in older snapshots. */
  readonly generator?: string;
  readonly base?: { readonly packageVersion: string; readonly sdkText: string };
  /** Changes outside the API since `base` (runtime surface, generated code). */
  readonly other: SdkDiff['other'];
}

type Other = SdkDiff['other'][number];

// What the diff does not read: prose, examples and document positions. Leaving them out keeps
// snapshots small (vmm: under 1 MB instead of several).
const DROPPED_KEYS = new Set(['description', 'summary', 'example', 'default', 'constraints', 'pointer', 'extensions', 'composedOf', 'requiredByOperations', 'requiredByNames', 'securitySchemes', 'server']);

/** The IR as the snapshot keeps it: no prose, source files by base name only. */
export function serializeSdk(sdk: Sdk): string {
  return JSON.stringify(sdk, (key, value: unknown) => {
    if (DROPPED_KEYS.has(key)) return undefined;
    if (key === 'sourceFile' && typeof value === 'string') return path.basename(value);
    return value;
  });
}

function readStored(packageDir: string): StoredSnapshot | undefined {
  const file = path.join(packageDir, SNAPSHOT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const [head, sdkText, baseText] = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(head ?? '') as { format?: string; packageVersion?: string; baseVersion?: string; contentHash?: string; generator?: string; other?: Other[] };
    if (!READABLE_FORMATS.has(header.format ?? '') || !header.packageVersion || !sdkText) return undefined;
    return {
      packageVersion: header.packageVersion,
      sdkText,
      other: header.other ?? [],
      ...(header.generator ? { generator: header.generator } : {}),
      ...(header.contentHash ? { contentHash: header.contentHash } : {}),
      ...(header.baseVersion && baseText ? { base: { packageVersion: header.baseVersion, sdkText: baseText } } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The IR of the last generation of a package folder, and its package version. */
export function readSnapshot(packageDir: string): { packageVersion: string; sdk: Sdk } | undefined {
  const stored = readStored(packageDir);
  return stored && { packageVersion: stored.packageVersion, sdk: parseSdk(stored.sdkText, stored.packageVersion) };
}

/** A stored IR with its package version (snapshots keep the IR without it). */
function parseSdk(text: string, packageVersion: string): Sdk {
  return { ...(JSON.parse(text) as Sdk), packageVersion };
}

/** The entries of an existing CHANGELOG, newest first, by package version. */
export function readEntries(text: string): { version: string; text: string }[] {
  const parts = text.split(/(?=^<!-- ntnx-sdkgen:entry )/m).slice(1);
  return parts.map((part) => ({ version: ENTRY_MARKER.exec(part)![1]!, text: part.trimEnd() + '\n' }));
}

export interface ReleaseOptions {
  readonly templates: Templates;
  /** Compare with this IR instead of the snapshot in the output folder (e.g. built from older documents). */
  readonly previous?: Sdk;
  /** An explicit package version (`--package-version`); it must not be lower than the previous one. */
  readonly packageVersion?: string;
  /**
   * The version last published (`--previous-version`, e.g. from `npm view`). A generation in the
   * folder newer than it was never published: it is replaced (compared with the release before
   * it, and its CHANGELOG entry dropped) instead of being built upon.
   */
  readonly publishedVersion?: string;
  /** The version of this generator, recorded in the snapshot. */
  readonly generatorVersion?: string;
  /** The first version, when there is no previous one (default: from the newest API version label). */
  readonly initialVersion?: string;
  readonly log?: (line: string) => void;
}

export interface Release {
  /** The IR with its decided package version. */
  readonly sdk: Sdk;
  /** What changed since the previous generation (none on the first). */
  readonly changes?: SdkDiff;
}

const sample = (lines: readonly string[]) => `${lines.slice(0, 5).join('; ')}${lines.length > 5 ? `, ... (${lines.length} in all)` : ''}`;

/**
 * Changes outside the API between the generation in `packageDir` and the new files: the runtime's
 * public declarations and, after a generator upgrade with the same API, those of all the generated
 * code (with the API unchanged, any difference there comes from the generator). Compiling the
 * whole package takes seconds, so it happens only then.
 */
function otherChanges(old: StoredSnapshot, packageDir: string, files: ReadonlyMap<string, string>, hash: string, upgrade: { generator?: string; sameApi: boolean }): Other[] {
  const other: Other[] = [];
  if (old.contentHash === hash) return other;
  const whole = upgrade.sameApi && upgrade.generator !== undefined && old.generator !== upgrade.generator;
  const what = whole ? `The generated code (generator ${old.generator ?? 'older'} -> ${upgrade.generator})` : 'The runtime';
  const folder = whole ? SOURCE_FOLDER : RUNTIME_FOLDER;
  const surface = compareSources(sourcesUnder(packageDir, folder), sourcesUnder(files, folder));
  if (surface.bump === 'major') other.push({ message: `${what}: public declarations changed or were removed: ${sample(surface.removed)}`, bump: 'major', breaking: true });
  else if (surface.bump === 'minor') other.push({ message: `${what}: new public declarations: ${sample(surface.added)}`, bump: 'minor', breaking: false });
  if (!other.length) other.push({ message: 'Generated code changed, with the same public API (a newer generator, templates or configuration).', bump: 'patch', breaking: false });
  return other;
}

/**
 * Dependencies whose range changed since the generation in `packageDir` (a family's runtime and
 * shared models). A package that re-exports a dependency whole (`export * from 'dep'`: the
 * runtime) moves by at least as much as it; what it re-exports file by file (shared models) is
 * in its own API, compared by the API diff, so the new range alone is a patch.
 */
function dependencyChanges(packageDir: string, files: ReadonlyMap<string, string>): Other[] {
  const deps = (text: string | undefined): Record<string, string> => {
    try {
      return ((text ? JSON.parse(text) : {}) as { dependencies?: Record<string, string> }).dependencies ?? {};
    } catch {
      return {};
    }
  };
  const manifest = path.join(packageDir, 'package.json');
  const before = deps(existsSync(manifest) ? readFileSync(manifest, 'utf8') : undefined);
  const after = deps(files.get('package.json'));
  const other: Other[] = [];
  for (const [name, range] of Object.entries(after)) {
    const was = before[name];
    if (was === undefined || was === range) continue;
    const a = parseVersion(was.replace(/^[\^~]/, ''));
    const b = parseVersion(range.replace(/^[\^~]/, ''));
    if (!a || !b) continue;
    // The part a caret range pins: the major, or the minor of a 0.x version.
    const pinned = (v: Semver) => (v.major > 0 ? `${v.major}` : `0.${v.minor}`);
    const whole = new RegExp(`^export \\* from '${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}';$`, 'm');
    const reexported = [...files].some(([file, text]) => file.startsWith(SOURCE_FOLDER) && whole.test(text));
    const bump: Exclude<Bump, 'none'> = !reexported ? 'patch' : pinned(a) !== pinned(b) ? 'major' : a.minor !== b.minor ? 'minor' : 'patch';
    other.push({ message: `Depends on \`${name}\` ${range} (was ${was})${reexported ? ', which it re-exports' : ''}.`, bump, breaking: bump === 'major' });
  }
  return other;
}

const BUMP_RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Both lists, keeping the strongest entry per message. */
function mergeOther(a: readonly Other[], b: readonly Other[]): Other[] {
  const byMessage = new Map<string, Other>();
  for (const o of [...a, ...b]) if (BUMP_RANK[o.bump] > BUMP_RANK[byMessage.get(o.message)?.bump ?? 'none']) byMessage.set(o.message, o);
  const list = [...byMessage.values()];
  // A patch for changed code says nothing more once the runtime's surface changed.
  return list.some((o) => o.bump !== 'patch') ? list.filter((o) => o.bump !== 'patch') : list;
}

/** The version in `package.json` of a folder generated without a snapshot (or by hand). */
function manifestVersion(packageDir: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' && parseVersion(version) ? version.replace(/\+.*$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decides the package version and adds `CHANGELOG.md` and the IR snapshot to the files of a
 * package about to be written to `packageDir`. `files` were emitted with `VERSION_PLACEHOLDER`
 * as the package version; it is replaced here.
 */
export function addReleaseFiles(sdk: Sdk, packageDir: string, files: Map<string, string>, options: ReleaseOptions): Release {
  // Without its version, so that an unchanged package serializes to the same text.
  const currentText = serializeSdk({ ...sdk, packageVersion: VERSION_PLACEHOLDER });
  const hash = contentHash(files);
  const old = readStored(packageDir);
  const published = options.publishedVersion;
  const previousChangelog = existsSync(path.join(packageDir, CHANGELOG_FILE)) ? readFileSync(path.join(packageDir, CHANGELOG_FILE), 'utf8') : '';
  let entries = readEntries(previousChangelog);

  // Changes outside the API since the generation in the folder.
  const sinceOld = old ? mergeOther(otherChanges(old, packageDir, files, hash, { sameApi: old.sdkText === currentText, ...(options.generatorVersion ? { generator: options.generatorVersion } : {}) }), dependencyChanges(packageDir, files)) : [];
  // What the version goes up from, and what the CHANGELOG entry compares with.
  let prev: { packageVersion: string; sdkText?: string; other: Other[] } | undefined;
  let replaced: string | undefined;
  if (options.previous) prev = { packageVersion: options.previous.packageVersion, sdkText: serializeSdk({ ...options.previous, packageVersion: VERSION_PLACEHOLDER }), other: [] };
  else if (old && published && compareVersions(old.packageVersion, published) > 0) {
    // The last generation was never published: build on the release before it.
    replaced = old.packageVersion;
    prev = old.base ? { packageVersion: old.base.packageVersion, sdkText: old.base.sdkText, other: mergeOther(old.other, sinceOld) } : { packageVersion: published, other: [] };
  } else if (old) prev = { packageVersion: old.packageVersion, sdkText: old.sdkText, other: sinceOld };
  else {
    const version = published ?? manifestVersion(packageDir);
    if (version) prev = { packageVersion: version, other: [] };
  }
  if (prev && published && compareVersions(published, prev.packageVersion) > 0) prev = { ...prev, packageVersion: published };

  const prevSdk = prev?.sdkText !== undefined ? parseSdk(prev.sdkText, prev.packageVersion) : undefined;
  const verdict = prevSdk ? diffSdks(prevSdk, { ...sdk, packageVersion: VERSION_PLACEHOLDER }, prev!.other) : undefined;
  if (prev && !prevSdk) options.log?.(`warning: ${sdk.packageName}: no API snapshot of ${prev.packageVersion} in ${packageDir}: the change cannot be judged, so it is taken as breaking (set --package-version to choose)`);
  const bump: Bump = verdict ? verdict.bump : prev ? 'major' : 'none';
  const newest = sdk.versions[sdk.versions.length - 1]!;
  const packageVersion = nextVersion({
    bump,
    newestLabel: newest.label,
    ...(options.initialVersion ? { initial: options.initialVersion } : {}),
    ...(prev ? { previous: prev.packageVersion } : {}),
    ...(options.packageVersion ? { override: options.packageVersion } : {}),
  });
  const released: Sdk = { ...sdk, packageVersion };
  for (const [file, text] of files) if (text.includes(VERSION_PLACEHOLDER)) files.set(file, text.replaceAll(VERSION_PLACEHOLDER, packageVersion));

  // The release this generation's entry compares with: an unchanged generation keeps its entry.
  const unchanged = old !== undefined && !replaced && !options.previous && old.packageVersion === packageVersion;
  const base = unchanged ? old.base : prev?.sdkText !== undefined ? { packageVersion: prev.packageVersion, sdkText: prev.sdkText } : undefined;
  const baseOther = unchanged ? old.other : (prev?.other ?? []);
  const entryDiff = base ? (unchanged ? diffSdks(parseSdk(base.sdkText, base.packageVersion), released, baseOther) : { ...verdict!, to: packageVersion }) : undefined;

  // What changed since the last run (the entry may cover several runs of one version): that is
  // what the warnings are about, and what the caller gets back.
  let since: SdkDiff | undefined;
  if (options.previous) since = entryDiff;
  else if (old && old.sdkText === currentText && !sinceOld.length)
    since = { packageName: sdk.packageName, from: old.packageVersion, to: packageVersion, reports: [], migrations: [], addedVersions: [], removedVersions: [], other: [], bump: 'none', empty: true };
  else if (old) since = diffSdks(parseSdk(old.sdkText, old.packageVersion), released, sinceOld);
  if (since) {
    for (const report of since.reports) {
      for (const r of report.renames) options.log?.(`warning: ${sdk.packageName} ${report.new.label}: generated name changed: ${r.before} -> ${r.after} (${r.kind}, ${r.element})`);
    }
    if (!since.empty) {
      const breaking = since.reports.reduce((n, r) => n + r.summary.breaking, 0) + since.removedVersions.length + since.other.filter((o) => o.breaking).length;
      options.log?.(`${sdk.packageName}: ${since.from} -> ${packageVersion}: ${breaking} breaking change${breaking === 1 ? '' : 's'} for code compiled against ${since.from}; release type: ${since.bump}`);
    }
  }

  const entry = renderChangelogEntry(
    entryDiff,
    {
      packageName: sdk.packageName,
      packageVersion,
      versions: sdk.versions.map((v) => ({ label: v.label, apiVersion: v.info.version })),
    },
    options.templates,
  );
  entries = [{ version: packageVersion, text: entry.replaceAll(VERSION_PLACEHOLDER, packageVersion).trimEnd() + '\n' }, ...entries.filter((e) => e.version !== packageVersion && e.version !== replaced)];
  files.set(CHANGELOG_FILE, options.templates.render('CHANGELOG.md.hbs', { packageName: sdk.packageName, entries: entries.map((e) => e.text) }));

  const header = {
    format: SNAPSHOT_FORMAT,
    packageVersion,
    contentHash: hash,
    ...(options.generatorVersion ? { generator: options.generatorVersion } : {}),
    ...(base ? { baseVersion: base.packageVersion } : {}),
    ...(base && baseOther.length ? { other: baseOther } : {}),
  };
  // Concatenated rather than joined: a large IR's text (GitHub's: 11 MB) is not copied here.
  files.set(SNAPSHOT_FILE, JSON.stringify(header) + '\n' + currentText + '\n' + (base ? base.sdkText + '\n' : ''));
  return { sdk: released, ...(since ? { changes: since } : {}) };
}
