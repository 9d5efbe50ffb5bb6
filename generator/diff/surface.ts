/**
 * The public surface of hand-written TypeScript sources (the runtime, or any package made of
 * sources rather than of an IR): their declarations as the compiler emits them (`.d.ts`,
 * comments removed), one normalized line per member, each keyed by the top-level declaration
 * it belongs to. Comparing two surfaces gives a bump: a line that disappeared may break
 * compiled code (major), lines only added are new API (minor).
 */
import { Project, ts } from 'ts-morph';
import type { Bump } from './diff.js';

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
