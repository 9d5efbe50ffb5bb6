/**
 * What every emitter needs: the version being emitted, lookup of declarations by
 * id, and the imports of the file being written.
 */
import path from 'node:path/posix';
import { StructureKind, type ImportDeclarationStructure, type OptionalKind, type Statement } from './print.js';
import type { Decl, Version } from '../ir/model.js';
import type { Templates } from '../templates.js';

export class VersionContext {
  readonly declsById = new Map<string, Decl>();
  /** Import specifiers by importing folder and imported file (see `FileImports.structures`). */
  readonly specifiers = new Map<string, string>();

  constructor(
    readonly version: Version,
    /** Templates of the prose this emitter writes (doc comments). */
    readonly templates: Templates,
  ) {
    for (const m of version.modules) for (const d of m.decls) this.declsById.set(d.id, d);
  }

  decl(id: string): Decl {
    const d = this.declsById.get(id);
    if (!d) throw new Error(`internal: unknown declaration ${id}`);
    return d;
  }
}

/** Path of a declaration's file relative to the version folder, without extension. */
export function declFile(decl: Decl): string {
  // Asked for every reference to the declaration: worked out once.
  let file = declFiles.get(decl);
  if (file === undefined) declFiles.set(decl, (file = [...decl.modulePath, decl.fileName].join('/')));
  return file;
}

const declFiles = new WeakMap<Decl, string>();

interface ImportEntry {
  readonly from: string;
  readonly name: string;
  readonly local: string;
  typeOnly: boolean;
}

/**
 * The imports of one generated file. Names that clash with the file's own
 * declarations or with another import get an alias qualified by their module.
 */
export class FileImports {
  private readonly entries = new Map<string, ImportEntry>();
  private readonly locals = new Set<string>();

  /**
   * @param file path of this file relative to the version folder, without extension
   * @param ownNames names declared in this file (never shadowed)
   */
  constructor(
    readonly ctx: VersionContext,
    readonly file: string,
    ownNames: readonly string[],
    private readonly runtimePath = '../runtime/index',
  ) {
    for (const n of ownNames) this.locals.add(n);
  }

  /** Imports `name` from a file given relative to the version folder; returns the local name. */
  add(fromFile: string, name: string, typeOnly: boolean, qualifier: readonly string[] = []): string {
    if (fromFile === this.file) return name;
    const key = `${fromFile}\u0000${name}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (!typeOnly) existing.typeOnly = false;
      return existing.local;
    }
    let local = name;
    if (this.locals.has(local)) {
      const prefix = qualifier
        .filter((q) => q !== 'models' && q !== 'shared')
        .map((q) => q.charAt(0).toUpperCase() + q.slice(1))
        .join('');
      local = `${prefix}${name}`;
      for (let i = 2; this.locals.has(local); i++) local = `${prefix}${name}${i}`;
    }
    this.locals.add(local);
    this.entries.set(key, { from: fromFile, name, local, typeOnly });
    return local;
  }

  /** Reserves a name for a module-level declaration of this file, unique among its imports. */
  local(base: string): string {
    let name = base;
    for (let i = 2; this.locals.has(name); i++) name = `${base}${i}`;
    this.locals.add(name);
    return name;
  }

  /** Imports a declaration's main symbol (class, type or const). */
  decl(decl: Decl, typeOnly: boolean): string {
    return this.add(declFile(decl), decl.name, typeOnly, decl.modulePath);
  }

  /** Imports the JSON shape type of a model, union or alias (`VmJson`). */
  json(decl: Decl): string {
    return this.add(declFile(decl), `${decl.name}Json`, true, decl.modulePath);
  }

  /** Imports a function of a union (`decodeX`, `encodeX`). */
  fn(decl: Decl, name: string): string {
    return this.add(declFile(decl), name, false, decl.modulePath);
  }

  /** Imports from the runtime shared by all versions of the package. */
  runtime(name: string, typeOnly = false): string {
    return this.add(this.runtimePath, name, typeOnly, ['Runtime']);
  }

  structures(): OptionalKind<ImportDeclarationStructure>[] {
    const byFile = new Map<string, ImportEntry[]>();
    for (const e of this.entries.values()) {
      const list = byFile.get(e.from) ?? [];
      list.push(e);
      byFile.set(e.from, list);
    }
    const dir = path.dirname(this.file);
    // Files of one folder import the same few files (the runtime, their neighbours): each path is worked out once.
    const specifier = (from: string): string => {
      const key = `${dir}\u0000${from}`;
      let spec = this.ctx.specifiers.get(key);
      if (spec === undefined) {
        let rel = path.relative(dir, from);
        if (!rel.startsWith('.')) rel = './' + rel;
        this.ctx.specifiers.set(key, (spec = rel + '.js'));
      }
      return spec;
    };
    return [...byFile.entries()]
      .map(([from, list]) => ({ spec: specifier(from), list }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0))
      .map(({ spec, list }) => {
        const allTypes = list.every((e) => e.typeOnly);
        return {
          kind: StructureKind.ImportDeclaration,
          moduleSpecifier: spec,
          isTypeOnly: allTypes,
          namedImports: list
            .slice()
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
            .map((e) => ({
              name: e.name,
              ...(e.local !== e.name ? { alias: e.local } : {}),
              ...(e.typeOnly && !allTypes ? { isTypeOnly: true } : {}),
            })),
        };
      });
  }
}

/** The import declarations as text: one line each, or one name per line when long. */
export function renderImports(structures: OptionalKind<ImportDeclarationStructure>[], width: number): string {
  return structures
    .map((s) => {
      const names = (s.namedImports as { name: string; alias?: string; isTypeOnly?: boolean }[]).map(
        (n) => `${n.isTypeOnly ? 'type ' : ''}${n.name}${n.alias ? ` as ${n.alias}` : ''}`,
      );
      const head = s.isTypeOnly ? 'import type' : 'import';
      const flat = `${head} { ${names.join(', ')} } from '${s.moduleSpecifier}';`;
      if (flat.length <= width) return flat;
      return `${head} {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${s.moduleSpecifier}';`;
    })
    .join('\n');
}

/** Runtime imports first, then the farthest modules, then siblings. */
function rank(spec: string): number {
  if (spec.includes('runtime/')) return 0;
  if (spec.startsWith('../')) return 1;
  return 2;
}

/** What an emitter returns: declaration structures (./print.ts), or text where a structure would print worse. */
export type { Statement };
