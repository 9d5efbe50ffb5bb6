/**
 * The public surface of hand-written TypeScript sources (the runtime, or any package made of
 * sources rather than of an IR): their declarations as the compiler emits them (`.d.ts`,
 * comments removed), one normalized line per member, each keyed by the top-level declaration
 * it belongs to. Comparing two surfaces gives a bump: a line that disappeared may break
 * compiled code (major), lines only added are new API (minor).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** ts-morph (and the TypeScript compiler it bundles), loaded when a surface is compared: most runs never do. */
const tsMorph = (): typeof import('ts-morph') => createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
import type { Bump } from './diff.js';
import { compareVersions, nextVersion, parseVersion } from './version.js';

export interface SurfaceChange {
  readonly bump: Bump;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

/** `export { A, type B } from './x.js';` -> one line per exported name. */
function splitExportLists(text: string): string {
  return text.replace(/^export (type )?\{([^}]*)\}( from '[^']+')?;$/gm, (_, typeOnly: string | undefined, names: string, from: string | undefined) =>
    names
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean)
      .map((n) => `export { ${typeOnly ?? ''}${n} }${from ?? ''};`)
      .join('\n'),
  );
}

/** `export * from './x.js'` or `export { a } from './x.js'`: a file of the same folder, whose declarations count already. */
const SAME_FOLDER_EXPORT = /^export (?:\*|\{[^}]*\}) from '\.\/[^/']+';$/;

/** The surface of a set of TypeScript sources (by relative path): declaration lines, keyed by folder. */
export function declarationSurface(sources: ReadonlyMap<string, string>): Set<string> {
  const { Project, ts } = tsMorph();
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      declaration: true,
      emitDeclarationOnly: true,
      removeComments: true,
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: [],
    },
  });
  for (const [file, text] of sources) if (file.endsWith('.ts') && !file.endsWith('.d.ts')) project.createSourceFile(`/surface/${file}`, text);
  const surface = new Set<string>();
  for (const out of project.emitToMemory({ emitOnlyDtsFiles: true }).getFiles()) {
    // Keyed by folder: what users import is a folder's index, so a declaration that moves between
    // the files of one folder (a file per declaration becoming a file per module) is where it was.
    const folder = `${path.posix.dirname(out.filePath.replace(/^\/surface\//, ''))}/`;
    let top = '';
    for (const raw of splitExportLists(out.text).split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('import ') || /^(private |#private)/.test(line) || line === 'export {};' || SAME_FOLDER_EXPORT.test(line)) continue;
      if (!/^\s/.test(raw)) top = line;
      surface.add(`${folder}: ${raw === line ? line : `${top} > ${line}`}`);
    }
  }
  return surface;
}

/** The text without its leading comments (a generated banner differs between generator versions). */
const withoutBanner = (text: string) => text.replace(/^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, '');

/** How the surface of `before` differs from that of `after` (sources by relative path). */
export function compareSources(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): SurfaceChange {
  // Compiling takes seconds: only when the code itself differs.
  const same = before.size === after.size && [...before].every(([file, text]) => after.has(file) && withoutBanner(after.get(file)!) === withoutBanner(text));
  if (same) return { bump: 'none', removed: [], added: [] };
  const a = declarationSurface(before);
  const b = declarationSurface(after);
  const removed = [...a].filter((line) => !b.has(line)).sort();
  const added = [...b].filter((line) => !a.has(line)).sort();
  return { bump: removed.length ? 'major' : added.length ? 'minor' : 'none', removed, added };
}

export interface SourcePackageOptions {
  /** The package's output folder as the previous generation left it (package.json, sources). */
  readonly packageDir: string;
  /** The new files of the package, by path relative to it, with `placeholder` for the version. */
  readonly files: Map<string, string>;
  /** What stands for the version in `files`; replaced by the decided version. */
  readonly placeholder: string;
  /** The folder of its TypeScript sources (default `src/`). */
  readonly folder?: string;
  /** Its first version (default `1.0.0`). */
  readonly initial?: string;
  /** An explicit version (never lower than the previous one). */
  readonly override?: string;
  /** The version last published, when it is higher than the one in `packageDir`. */
  readonly publishedVersion?: string;
}

/** Where a package of sources records its version and the hash of its files (not published). */
export const RELEASE_RECORD = '.ntnx-sdkgen/release.json';

/** Hash of what a package publishes, apart from its version (a placeholder), CHANGELOG and site. */
export function filesHash(files: ReadonlyMap<string, string>): string {
  return hashFiles(files, (file) => file === 'CHANGELOG.md' || file.startsWith('.ntnx-sdkgen/') || file.startsWith('docs/'));
}

/** Hash of files by path and text, in path order, after `prefix`; `skip` leaves files out. */
export function hashFiles(files: ReadonlyMap<string, string>, skip: (file: string) => boolean, prefix?: string): string {
  const hash = createHash('sha256');
  if (prefix !== undefined) hash.update(prefix).update('\0');
  for (const file of [...files.keys()].sort()) {
    if (skip(file)) continue;
    // In parts: the same bytes, without a copy of every file's text.
    hash.update(file).update('\0').update(files.get(file)!).update('\0');
  }
  return hash.digest('hex');
}

/** The TypeScript sources under `folder` of a package folder or file map, by path relative to it. */
export function sourcesUnder(files: ReadonlyMap<string, string> | string, folder: string): Map<string, string> {
  if (typeof files === 'string') {
    const root = path.join(files, folder);
    if (!existsSync(root)) return new Map();
    return new Map(
      (readdirSync(root, { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .sort()
        .map((f) => [f.split(path.sep).join('/'), readFileSync(path.join(root, f), 'utf8')]),
    );
  }
  return new Map([...files].filter(([f]) => f.startsWith(folder) && f.endsWith('.ts')).map(([f, text]) => [f.slice(folder.length), text]));
}

/**
 * The version of a package made of sources rather than of an IR (the runtime package), by the
 * same policy as namespace packages: the previous version (its release record or `package.json`,
 * or `publishedVersion`) raised by how its public declarations changed, by a patch when only other
 * files changed, kept when nothing did. Replaces the placeholder in `files` and adds the record.
 */
export function sourcePackageVersion(options: SourcePackageOptions): { version: string; bump: Bump; change: SurfaceChange } {
  const folder = options.folder ?? 'src/';
  const readJson = (file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(path.join(options.packageDir, file), 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const record = readJson(RELEASE_RECORD) as { version?: string; contentHash?: string } | undefined;
  const manifestVersion = readJson('package.json')?.version;
  let previous = typeof record?.version === 'string' ? record.version : typeof manifestVersion === 'string' && parseVersion(manifestVersion) ? manifestVersion : undefined;
  if (options.publishedVersion && (!previous || compareVersions(options.publishedVersion, previous) > 0)) previous = options.publishedVersion;
  const hash = filesHash(options.files);
  const change = previous ? compareSources(sourcesUnder(options.packageDir, folder), sourcesUnder(options.files, folder)) : { bump: 'none' as const, removed: [], added: [] };
  const bump: Bump = change.bump !== 'none' ? change.bump : previous && record?.contentHash !== hash ? 'patch' : 'none';
  const version = nextVersion({ bump, initial: options.initial ?? '1.0.0', ...(previous ? { previous } : {}), ...(options.override ? { override: options.override } : {}) });
  for (const [file, text] of options.files) if (text.includes(options.placeholder)) options.files.set(file, text.replaceAll(options.placeholder, version));
  options.files.set(RELEASE_RECORD, JSON.stringify({ version, contentHash: hash }, null, 2) + '\n');
  return { version, bump, change };
}
