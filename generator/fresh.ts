/**
 * Is a package up to date? Each generation records a fingerprint of everything
 * its output depends on (`.ntnx-sdkgen/inputs.json`, not published): the
 * documents' bytes, the options, the templates, the runtime and the generator's
 * own sources. Generating again with the same fingerprint changes nothing, so
 * it is skipped: an unchanged document costs reading it and hashing, not a
 * generation.
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Sdk } from './ir/model.js';
import type { SdkDiff } from './diff/diff.js';
import { readSnapshot } from './diff/changelog.js';
import { hashFiles } from './diff/surface.js';
import type { FamilyMember, FamilyOptions, FamilyResult, GenerateOptions, GenerateResult } from './generate.js';
import type { FamilyLinks } from './emit/package.js';
import type { FamilySiteLinks } from './docs/family.js';
import type { Diagnostic } from './load/diagnostics.js';
import { PROJECT_ROOT } from './paths.js';

export const INPUTS_FILE = '.ntnx-sdkgen/inputs.json';

/** The API changes of a package left as it was: none. */
export function unchangedDiff(packageName: string, packageVersion: string): SdkDiff {
  return { packageName, from: packageVersion, to: packageVersion, reports: [], migrations: [], other: [], addedVersions: [], removedVersions: [], bump: 'none', empty: true };
}
const FORMAT = 'ntnx-sdkgen-inputs/1';

/** What was recorded: the fingerprint, and what to tell the user again when nothing is regenerated. */
export interface RecordedInputs {
  readonly format: string;
  readonly fingerprint: string;
  readonly packageName: string;
  readonly packageVersion: string;
  readonly files: number;
  readonly warnings: readonly Diagnostic[];
}

function hashTree(hash: Hash, dir: string, rel = ''): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashTree(hash, full, `${rel}${entry.name}/`);
    else if (entry.isFile()) hash.update(`${rel}${entry.name}\0`).update(readFileSync(full)).update('\0');
  }
}

let ownSources: string | undefined;

/** The generator itself: its sources, runtime, built-in templates and version (read once per process). */
function generatorFingerprint(): string {
  if (ownSources === undefined) {
    const hash = createHash('sha256');
    hash.update(readFileSync(path.join(PROJECT_ROOT, 'package.json')));
    for (const dir of ['generator', 'runtime', 'templates']) {
      hash.update(`\0${dir}\0`);
      hashTree(hash, path.join(PROJECT_ROOT, dir));
    }
    ownSources = hash.digest('hex');
  }
  return ownSources;
}

/**
 * Does the document have a `$ref` to another file or URL? What that points to is read only
 * when the document is bundled, so such a document is never taken as unchanged. Looked for
 * in the bytes (no copy of a 13 MB document as a string): `$ref`, an optional quote, `:`,
 * then a value that does not start with `#`.
 */
function hasExternalRef(text: Buffer): boolean {
  const isSpace = (c: number | undefined) => c === 32 || c === 9 || c === 10 || c === 13;
  const isQuote = (c: number | undefined) => c === 34 || c === 39;
  for (let at = text.indexOf('$ref'); at !== -1; at = text.indexOf('$ref', at + 4)) {
    let i = at + 4;
    if (isQuote(text[i])) i++;
    while (isSpace(text[i])) i++;
    if (text[i] !== 58) continue; // not followed by `:`
    i++;
    while (isSpace(text[i])) i++;
    if (isQuote(text[i])) i++;
    if (text[i] !== 35) return true; // not `#`
  }
  return false;
}

/**
 * The fingerprint of a generation, or `undefined` when it cannot be known without
 * generating (a document given by URL, or with references to other files).
 */
export function inputsFingerprint(specs: readonly string[], settings: unknown, templatesDir: string | undefined): string | undefined {
  const hash = createHash('sha256');
  hash.update(FORMAT).update('\0').update(generatorFingerprint()).update('\0');
  // Banners name documents relative to the working folder.
  hash.update(JSON.stringify({ settings, cwd: process.cwd(), specs })).update('\0');
  for (const spec of specs) {
    if (/^https?:/i.test(spec)) return undefined;
    let text: Buffer;
    try {
      text = readFileSync(spec);
    } catch {
      return undefined; // the loader reports it
    }
    if (hasExternalRef(text)) return undefined;
    hash.update(text).update('\0');
  }
  if (templatesDir) {
    hash.update('\0templates\0');
    hashTree(hash, path.resolve(templatesDir));
  }
  return hash.digest('hex');
}

/** The record of the last generation in `outDir`, if it has this fingerprint and its output is there. */
export function upToDate(outDir: string, fingerprint: string): RecordedInputs | undefined {
  try {
    const recorded = JSON.parse(readFileSync(path.join(outDir, INPUTS_FILE), 'utf8')) as RecordedInputs;
    if (recorded.format !== FORMAT || recorded.fingerprint !== fingerprint) return undefined;
    return existsSync(path.join(outDir, 'package.json')) ? recorded : undefined;
  } catch {
    return undefined;
  }
}

export function inputsRecord(fingerprint: string, packageName: string, packageVersion: string, files: number, warnings: readonly Diagnostic[]): string {
  const record: RecordedInputs = { format: FORMAT, fingerprint, packageName, packageVersion, files, warnings };
  return JSON.stringify(record, null, 2) + '\n';
}

/**
 * The fingerprint of this generation (to record with its output), and the result to
 * return instead of generating when the output already has that fingerprint.
 */
export function checkInputs(options: GenerateOptions, timings: Record<string, number>): { fingerprint?: string; unchanged?: GenerateResult } {
  const t = performance.now();
  // What the output does not depend on stays out of the fingerprint. A CHANGELOG written
  // against a given `previous` IR is never taken as up to date.
  const { log: _log, previous, formatCache: _cache, out, specs, force, ...settings } = options;
  const fingerprint = previous ? undefined : inputsFingerprint(specs, settings, options.templates);
  const recorded = fingerprint && !force ? upToDate(out, fingerprint) : undefined;
  timings.check = performance.now() - t;
  if (!fingerprint) return {};
  if (!recorded) return { fingerprint };
  options.log?.(`${recorded.packageName}: unchanged since the last generation`);
  let sdk: Sdk | undefined;
  const none = unchangedDiff(recorded.packageName, recorded.packageVersion);
  return {
    fingerprint,
    unchanged: {
      // Read only when asked for: the snapshot's IR (without the prose the snapshot leaves out).
      get sdk(): Sdk {
        return (sdk ??= readSnapshot(out)!.sdk);
      },
      files: new Map(),
      warnings: recorded.warnings,
      timings,
      changes: none,
      unchanged: true,
    },
  };
}

const FAMILY_FILE = '.ntnx-sdkgen/family-inputs.json';

interface FamilyRecord {
  readonly format: string;
  readonly fingerprint: string;
  readonly runtime: { readonly packageName: string; readonly packageVersion: string; readonly dir: string };
  readonly members: readonly { readonly out: string; readonly packageName: string; readonly packageVersion: string; readonly warnings: readonly Diagnostic[] }[];
}

/**
 * The same check for a whole family (`generate-all`): one fingerprint over every member's
 * documents and the family's options, recorded in `<out>/.ntnx-sdkgen/family-inputs.json`
 * once everything is written. `only` (some members written) is never taken as unchanged.
 */
export function checkFamily(options: FamilyOptions, timings: Record<string, number> = {}): { fingerprint?: string; unchanged?: FamilyResult } {
  const t = performance.now();
  const { log, members, threads: _threads, force, ...settings } = options;
  const memberSettings = members.map(({ previous, force: _force, ...m }) => ({ ...m, previous: previous !== undefined }));
  const fingerprint = options.only ? undefined : inputsFingerprint(members.flatMap((m) => m.specs), { ...settings, members: memberSettings }, options.templates);
  let recorded: FamilyRecord | undefined;
  if (fingerprint && !force && !members.some((m) => m.force)) {
    try {
      const r = JSON.parse(readFileSync(path.join(options.out, FAMILY_FILE), 'utf8')) as FamilyRecord;
      if (r.format === FORMAT && r.fingerprint === fingerprint && [r.runtime.dir, ...r.members.map((m) => m.out)].every((d) => existsSync(path.join(d, 'package.json')))) recorded = r;
    } catch {
      // not generated yet
    }
  }
  timings.check = performance.now() - t;
  if (!fingerprint) return {};
  if (!recorded) return { fingerprint };
  log?.('the family is unchanged since the last generation');
  return {
    fingerprint,
    unchanged: {
      unchanged: true,
      runtime: recorded.runtime,
      members: recorded.members.map((m) => {
        let sdk: Sdk | undefined;
        return {
          get sdk(): Sdk {
            return (sdk ??= readSnapshot(m.out)!.sdk);
          },
          files: new Map(),
          warnings: m.warnings,
          timings: { ...timings },
          changes: unchangedDiff(m.packageName, m.packageVersion),
          unchanged: true,
        };
      }),
    },
  };
}

/** Records a family's fingerprint, once every package of it was written. */
export function recordFamily(out: string, fingerprint: string, result: FamilyResult, members: readonly { readonly out: string }[]): void {
  const record: FamilyRecord = {
    format: FORMAT,
    fingerprint,
    runtime: result.runtime,
    members: result.members.map((r, i) => ({ out: members[i]!.out, packageName: r.sdk.packageName, packageVersion: r.sdk.packageVersion, warnings: r.warnings })),
  };
  mkdirSync(path.join(out, path.dirname(FAMILY_FILE)), { recursive: true });
  writeFileSync(path.join(out, FAMILY_FILE), JSON.stringify(record, null, 2) + '\n');
}

/** A fingerprint of generated files themselves (the runtime and shared packages of a family). */
export function contentFingerprint(files: ReadonlyMap<string, string>): string {
  return hashFiles(files, (file) => file === INPUTS_FILE, FORMAT);
}

/**
 * The fingerprint of one member of a family: its documents and options, the family's options,
 * and what it links to in the family (the runtime's and shared package's ranges, the shared
 * declarations it re-exports; with a docs site, the links and the dependencies' files the site
 * embeds). A change to another namespace that touches none of these leaves it as it is.
 */
export function memberFingerprint(
  member: FamilyMember,
  familySettings: Readonly<Record<string, unknown>>,
  sdk: Sdk,
  links: FamilyLinks,
  docs?: { readonly siteLinks: FamilySiteLinks; readonly dependencyFiles: ReadonlyMap<string, ReadonlyMap<string, string>> },
): string | undefined {
  const { previous, force: _force, formatCache: _cache, out: _out, specs, ...memberSettings } = member;
  if (previous) return undefined;
  const ids = new Set<string>();
  for (const version of sdk.versions) for (const mod of version.modules) for (const decl of mod.decls) ids.add(decl.id);
  const shared = links.shared && { ...links.shared, byId: [...links.shared.byId].filter(([id]) => ids.has(id)) };
  const site = docs && {
    ...docs.siteLinks,
    ...(docs.siteLinks.shared ? { shared: { ...docs.siteLinks.shared, pages: [...docs.siteLinks.shared.pages].filter(([id]) => ids.has(id)) } } : {}),
    dependencies: [...docs.dependencyFiles].map(([name, files]) => [name, contentFingerprint(files)]),
  };
  return inputsFingerprint(specs, { family: familySettings, member: memberSettings, runtime: links.runtime, shared, site }, familySettings.templates as string | undefined);
}
