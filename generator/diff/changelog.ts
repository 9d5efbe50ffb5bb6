/**
 * CHANGELOG entries on regeneration.
 *
 * Each generated package keeps a snapshot of the IR it was generated from
 * (`.ntnx-sdkgen/api-snapshot.jsonl`, not published). Generating again compares the new IR with
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

export const SNAPSHOT_FILE = '.ntnx-sdkgen/api-snapshot.jsonl';
export const CHANGELOG_FILE = 'CHANGELOG.md';
const SNAPSHOT_FORMAT = 'ntnx-sdkgen-ir-snapshot/2';
const ENTRY_MARKER = /^<!-- ntnx-sdkgen:entry (.+?) -->$/m;

/**
 * The snapshot file, in JSON lines: a header, the IR of this generation, and the IR of the
 * previous release (when there is one). The IRs stay text until a diff needs them, so an
 * unchanged regeneration compares strings instead of parsing and walking two IRs.
 */
interface StoredSnapshot {
  readonly packageVersion: string;
  readonly sdkText: string;
  readonly base?: { readonly packageVersion: string; readonly sdkText: string };
}

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
    const header = JSON.parse(head ?? '') as { format?: string; packageVersion?: string; baseVersion?: string };
    if (header.format !== SNAPSHOT_FORMAT || !header.packageVersion || !sdkText) return undefined;
    return {
      packageVersion: header.packageVersion,
      sdkText,
      ...(header.baseVersion && baseText ? { base: { packageVersion: header.baseVersion, sdkText: baseText } } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The IR of the last generation of a package folder, and its package version. */
export function readSnapshot(packageDir: string): { packageVersion: string; sdk: Sdk } | undefined {
  const stored = readStored(packageDir);
  return stored && { packageVersion: stored.packageVersion, sdk: JSON.parse(stored.sdkText) as Sdk };
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
  const currentText = serializeSdk(sdk);
  const old = readStored(packageDir);
  const previousChangelog = existsSync(path.join(packageDir, CHANGELOG_FILE)) ? readFileSync(path.join(packageDir, CHANGELOG_FILE), 'utf8') : '';
  let entries = readEntries(previousChangelog);

  // The release this generation is compared with.
  let base: StoredSnapshot['base'];
  if (options.previous) base = { packageVersion: options.previous.packageVersion, sdkText: serializeSdk(options.previous) };
  else if (old && old.packageVersion !== sdk.packageVersion) base = { packageVersion: old.packageVersion, sdkText: old.sdkText };
  else if (old) base = old.base;

  const diff = base ? diffSdks(JSON.parse(base.sdkText) as Sdk, sdk) : undefined;
  // What changed since the last run (the entry may cover several runs of one version): that is
  // what the warnings are about, and what the caller gets back.
  let since: SdkDiff | undefined;
  if (options.previous || (old && old.packageVersion !== sdk.packageVersion)) since = diff;
  else if (old && old.sdkText === currentText) since = { packageName: sdk.packageName, from: old.packageVersion, to: sdk.packageVersion, reports: [], addedVersions: [], removedVersions: [], bump: 'none', empty: true };
  else if (old) since = diffSdks(JSON.parse(old.sdkText) as Sdk, sdk);
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

  const header = { format: SNAPSHOT_FORMAT, packageVersion: sdk.packageVersion, ...(base ? { baseVersion: base.packageVersion } : {}) };
  files.set(SNAPSHOT_FILE, [JSON.stringify(header), currentText, ...(base ? [base.sdkText] : [])].join('\n') + '\n');
  return since;
}
