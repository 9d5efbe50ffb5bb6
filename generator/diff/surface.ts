/**
 * The public surface of hand-written TypeScript sources (the runtime, or any package made of
 * sources rather than of an IR): their declarations as the compiler emits them (`.d.ts`,
 * comments removed), one normalized line per member, each keyed by the top-level declaration
 * it belongs to. Comparing two surfaces gives a bump: a line that disappeared may break
 * compiled code (major), lines only added are new API (minor).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
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

/** The surface of a set of TypeScript sources (by relative path): declaration lines, keyed. */
export function declarationSurface(sources: ReadonlyMap<string, string>): Set<string> {
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
    const file = out.filePath.replace(/^\/surface\//, '');
    let top = '';
    for (const raw of splitExportLists(out.text).split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('import ') || /^(private |#private)/.test(line) || line === 'export {};') continue;
      if (!/^\s/.test(raw)) top = line;
      surface.add(`${file}: ${raw === line ? line : `${top} > ${line}`}`);
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
  /** The new files of the package, by path relative to it. */
  readonly files: ReadonlyMap<string, string>;
  /** The folder of its TypeScript sources (default `src/`). */
  readonly folder?: string;
  /** Its first version (default `1.0.0`). */
  readonly initial?: string;
  /** An explicit version (never lower than the previous one). */
  readonly override?: string;
  /** The version last published, when it is higher than the one in `packageDir`. */
  readonly publishedVersion?: string;
}

/** `package.json` without its version: what a version change alone does not change. */
const withoutVersion = (file: string, text: string) => (file === 'package.json' ? text.replace(/^(\s*"version":\s*)"[^"]*"/m, '$1""') : text);

/**
 * The version of a package made of sources rather than of an IR (the runtime package, a
 * shared-models package), by the same policy as namespace packages: the previous version (its
 * `package.json`, or `publishedVersion`) raised by how its public declarations changed, by a
 * patch when only other files changed, kept when nothing did.
 */
export function sourcePackageVersion(options: SourcePackageOptions): { version: string; bump: Bump; change: SurfaceChange } {
  const folder = options.folder ?? 'src/';
  let previous: string | undefined;
  try {
    const version = (JSON.parse(readFileSync(path.join(options.packageDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    if (typeof version === 'string' && parseVersion(version)) previous = version;
  } catch {
    previous = undefined;
  }
  if (options.publishedVersion && (!previous || compareVersions(options.publishedVersion, previous) > 0)) previous = options.publishedVersion;
  const onDisk = (file: string) => (existsSync(path.join(options.packageDir, file)) ? readFileSync(path.join(options.packageDir, file), 'utf8') : undefined);
  const oldSources = new Map<string, string>();
  const root = path.join(options.packageDir, folder);
  if (existsSync(root)) {
    for (const f of (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort()) oldSources.set(f.split(path.sep).join('/'), readFileSync(path.join(root, f), 'utf8'));
  }
  const newSources = new Map([...options.files].filter(([f]) => f.startsWith(folder) && f.endsWith('.ts')).map(([f, text]) => [f.slice(folder.length), text]));
  const change = previous ? compareSources(oldSources, newSources) : { bump: 'none' as const, removed: [], added: [] };
  let bump: Bump = change.bump;
  if (previous && bump === 'none') {
    const changed = [...options.files].some(([file, text]) => file !== 'CHANGELOG.md' && withoutVersion(file, text) !== withoutVersion(file, onDisk(file) ?? '')) || oldSources.size !== newSources.size;
    if (changed) bump = 'patch';
  }
  const version = nextVersion({ bump, initial: options.initial ?? '1.0.0', ...(previous ? { previous } : {}), ...(options.override ? { override: options.override } : {}) });
  return { version, bump, change };
}
