/**
 * CHANGELOG entries on regeneration.
 *
 * Each generated package keeps a snapshot of the IR it was generated from
 * (`.ntnx-sdkgen/api-snapshot.jsonc`, not published). Generating again compares the new IR with
 * that snapshot through the API diff, and writes the report as the CHANGELOG entry of the new
 * package version. Generating the same version again replaces its entry (compared with the
 * previous release, kept in the snapshot as `base`), so an unchanged document regenerates
 * byte-identical output.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sdk } from '../ir/model.js';
import type { Templates } from '../templates.js';
import { diffSdks, type SdkDiff } from './diff.js';
import { renderChangelogEntry } from './report.js';

export const SNAPSHOT_FILE = '.ntnx-sdkgen/api-snapshot.jsonc';
export const CHANGELOG_FILE = 'CHANGELOG.md';
const SNAPSHOT_FORMAT = 'ntnx-sdkgen-ir-snapshot/1';
const ENTRY_MARKER = /^<!-- ntnx-sdkgen:entry (.+?) -->$/m;

interface Release {
  readonly packageVersion: string;
  readonly sdk: Sdk;
}

interface Snapshot extends Release {
  readonly format: string;
  /** The previous release: what the current version's CHANGELOG entry is compared with. */
  readonly base?: Release;
}

// What the diff does not read: prose, examples and document positions. Leaving them out keeps
// snapshots small (vmm: a few hundred KB instead of several MB).
const DROPPED_KEYS = new Set(['description', 'summary', 'example', 'default', 'constraints', 'pointer', 'extensions', 'composedOf', 'requiredByOperations', 'securitySchemes', 'server']);

/** The IR as the snapshot keeps it: no prose, source files by base name only. */
export function snapshotSdk(sdk: Sdk): Sdk {
  const text = JSON.stringify(sdk, (key, value: unknown) => {
    if (DROPPED_KEYS.has(key)) return undefined;
    if (key === 'sourceFile' && typeof value === 'string') return path.basename(value);
    return value;
  });
  return JSON.parse(text) as Sdk;
}

export function readSnapshot(packageDir: string): Snapshot | undefined {
  const file = path.join(packageDir, SNAPSHOT_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    return parsed.format === SNAPSHOT_FORMAT ? parsed : undefined;
  } catch {
    return undefined;
  }
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
  readonly log?: (line: string) => void;
}

/**
 * Adds `CHANGELOG.md` and the IR snapshot to the files of a package about to be written to
 * `packageDir`, and returns what changed since the previous generation (if there was one; with
 * `previous`, since that).
 */
export function addReleaseFiles(sdk: Sdk, packageDir: string, files: Map<string, string>, options: ReleaseOptions): SdkDiff | undefined {
  const current = snapshotSdk(sdk);
  const old = readSnapshot(packageDir);
  const previousChangelog = existsSync(path.join(packageDir, CHANGELOG_FILE)) ? readFileSync(path.join(packageDir, CHANGELOG_FILE), 'utf8') : '';
  let entries = readEntries(previousChangelog);

  // The release this generation is compared with.
  let base: Release | undefined;
  if (options.previous) base = { packageVersion: options.previous.packageVersion, sdk: snapshotSdk(options.previous) };
  else if (old && old.packageVersion !== sdk.packageVersion) base = { packageVersion: old.packageVersion, sdk: old.sdk };
  else if (old) base = old.base;

  const diff = base ? diffSdks(base.sdk, current) : undefined;
  // What changed since the last run (the entry may cover several runs of one version): that is
  // what the warnings are about, and what the caller gets back.
  const since = options.previous ? diff : old ? (old.packageVersion === sdk.packageVersion ? diffSdks(old.sdk, current) : diff) : undefined;
  if (since) {
    for (const report of since.reports) {
      for (const r of report.renames) options.log?.(`warning: ${sdk.packageName} ${report.new.label}: generated name changed: ${r.before} -> ${r.after} (${r.kind}, ${r.element})`);
    }
    if (!since.empty) {
      const breaking = since.reports.reduce((n, r) => n + r.summary.breaking, 0) + since.removedVersions.length;
      options.log?.(`${sdk.packageName}: API changes since ${since.from}: ${breaking} breaking; suggested bump: ${since.bump}`);
    }
  }

  const entry = renderChangelogEntry(
    diff,
    {
      packageName: sdk.packageName,
      packageVersion: sdk.packageVersion,
      versions: sdk.versions.map((v) => ({ label: v.label, apiVersion: v.info.version })),
    },
    options.templates,
  );
  entries = [{ version: sdk.packageVersion, text: entry.trimEnd() + '\n' }, ...entries.filter((e) => e.version !== sdk.packageVersion)];
  files.set(CHANGELOG_FILE, options.templates.render('CHANGELOG.md.hbs', { packageName: sdk.packageName, entries: entries.map((e) => e.text) }));

  const snapshot: Snapshot = { format: SNAPSHOT_FORMAT, packageVersion: sdk.packageVersion, sdk: current, ...(base ? { base } : {}) };
  files.set(SNAPSHOT_FILE, JSON.stringify(snapshot) + '\n');
  return since;
}
