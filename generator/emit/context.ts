/**
 * What every emitter needs: the version being emitted, lookup of declarations by
 * id, and the imports of the file being written.
 */
import path from 'node:path/posix';
import { StructureKind, type ImportDeclarationStructure, type OptionalKind, type Statement } from './print.js';
import type { Decl, Version } from '../ir/model.js';
import type { Templates } from '../templates.js';

/** A declaration that lives in another package (the family's shared models): where to import it from, and its name there. */
export interface ExternalDecl {
  /** The package subpath that exports it (`@ntnx-sdk/shared/common/v1.0/response`). */
  readonly specifier: string;
  /** Its name in that package (the shared package renames a declaration when two met in one folder). */
  readonly name: string;
}

export class VersionContext {
  readonly declsById = new Map<string, Decl>();
  /** Import specifiers by importing folder and imported file (see `FileImports.structures`). */
  readonly specifiers = new Map<string, string>();

  constructor(
    readonly version: Version,
    /** Templates of the prose this emitter writes (doc comments). */
    readonly templates: Templates,
    /** Declarations of this version that another package defines, by id: imported from there. */
    readonly external: ReadonlyMap<string, ExternalDecl> = new Map(),
  ) {
    for (const m of version.modules) for (const d of m.decls) this.declsById.set(d.id, d);
  }

  decl(id: string): Decl {
    const d = this.declsById.get(id);
    if (!d) throw new Error(`internal: unknown declaration ${id}`);
    return d;
  }
}

/**
 * Path of a declaration's file relative to the version folder, without extension: the file of its
 * module (`models/ahv/config/index`). A module is what users import (an entry of the exports map),
 * so each is one file, as the Go SDK has a file per module: a package of hundreds of models is a
 * few dozen files to write, install, load and type-check instead of one per declaration.
 */
export function declFile(decl: Decl): string {
  // Asked for every reference to the declaration: worked out once.
  let file = declFiles.get(decl);
  if (file === undefined) declFiles.set(decl, (file = moduleFile(decl.modulePath)));
  return file;
}

/** The file of the module at `modulePath`, relative to the version folder, without extension. */
export function moduleFile(modulePath: readonly string[]): string {
  return [...modulePath, 'index'].join('/');
}

const declFiles = new WeakMap<Decl, string>();

/**
 * `name`, one of the names a declaration called `declName` brings (`X`, `XJson`, `XInit`,
 * `decodeX`), as a package that calls the declaration `renamed` names it: `decodeX` -> `decodeY`.
 */
export function renamedSymbol(name: string, declName: string, renamed: string): string {
  return name.startsWith(declName) ? renamed + name.slice(declName.length) : name.slice(0, name.length - declName.length) + renamed;
}

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

  /**
   * Imports `name` from a file given relative to the version folder (or from a package, as
   * `PACKAGE` + its specifier); returns the local name (`preferred` unless it clashes).
   */
  add(fromFile: string, name: string, typeOnly: boolean, qualifier: readonly string[] = [], preferred = name): string {
    if (fromFile === this.file) return name;
    const key = `${fromFile}\u0000${name}`;
    const existing = this.entries.get(key);
    if (existing) {
      if (!typeOnly) existing.typeOnly = false;
      return existing.local;
    }
    let local = preferred;
    if (this.locals.has(local)) {
      const prefix = qualifier
        .filter((q) => q !== 'models' && q !== 'shared')
        .map((q) => q.charAt(0).toUpperCase() + q.slice(1))
        .join('');
      local = `${prefix}${preferred}`;
      for (let i = 2; this.locals.has(local); i++) local = `${prefix}${preferred}${i}`;
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
    return this.symbol(decl, decl.name, typeOnly);
  }

  /** Imports the JSON shape type of a model, union or alias (`VmJson`). */
  json(decl: Decl): string {
    return this.symbol(decl, `${decl.name}Json`, true);
  }

  /** Imports a function of a union (`decodeX`, `encodeX`). */
  fn(decl: Decl, name: string): string {
    return this.symbol(decl, name, false);
  }

  /** `name`, one of the names a declaration brings (`Vm`, `VmJson`, `decodeVm`), from its module or its package. */
  private symbol(decl: Decl, name: string, typeOnly: boolean): string {
    const external = this.ctx.external.get(decl.id);
    if (!external) return this.add(declFile(decl), name, typeOnly, decl.modulePath);
    return this.add(PACKAGE + external.specifier, renamedSymbol(name, decl.name, external.name), typeOnly, decl.modulePath, name);
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
      if (from.startsWith(PACKAGE)) return from.slice(PACKAGE.length);
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

/** Marks an import source that is a package specifier, not a file of this version. */
const PACKAGE = '\u0000package:';

/** Runtime imports first, then other packages, then the farthest modules, then siblings. */
function rank(spec: string): number {
  if (spec.includes('runtime/')) return 0;
  if (!spec.startsWith('.')) return 1;
  if (spec.startsWith('../')) return 2;
  return 3;
}

/** What an emitter returns: declaration structures (./print.ts), or text where a structure would print worse. */
export type { Statement };
