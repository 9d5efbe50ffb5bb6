/**
 * Sample JSON payloads built from the IR: every field of a model filled, each
 * union branch chosen in turn. Used by round-trip tests.
 */
import type { Decl, Sdk, TypeRef, Version } from '../../generator/ir/model.js';

export class PayloadFactory {
  private readonly decls = new Map<string, Decl>();

  constructor(version: Version) {
    for (const m of version.modules) for (const d of m.decls) this.decls.set(d.id, d);
  }

  decl(id: string): Decl {
    return this.decls.get(id)!;
  }

  /** Number of distinct payloads worth generating for a declaration (union branches). */
  variants(decl: Decl): number {
    if (decl.kind === 'union') return decl.branches.length;
    if (decl.kind !== 'model') return 1;
    let n = 1;
    for (const f of decl.fields) {
      const t = this.unwrap(f.type);
      if (t.kind === 'ref') {
        const d = this.decl(t.id);
        if (d.kind === 'union') n = Math.max(n, d.branches.length);
      }
    }
    return n;
  }

  private unwrap(t: TypeRef): TypeRef {
    return t.kind === 'nullable' ? t.type : t;
  }

  /** A JSON value of the declaration; `depth` bounds recursion, `variant` picks union branches. */
  payload(decl: Decl, variant: number, depth = 0): unknown {
    switch (decl.kind) {
      case 'enum':
        return decl.members[variant % decl.members.length]!.value;
      case 'alias':
        return this.value(decl.type, variant, depth, decl.name);
      case 'union':
        return this.value(decl.branches[variant % decl.branches.length]!, variant, depth, decl.name);
      case 'model': {
        const out: Record<string, unknown> = {};
        if (decl.objectType) out.$objectType = decl.objectType;
        for (const f of decl.fields) {
          // Deep in the tree, keep to required fields so that recursive models end.
          if (depth > 3 && !f.required) continue;
          if (f.wireName === '$reserved') {
            out.$reserved = { $fv: 'v4.r0' };
            continue;
          }
          if (f.wireName === '$unknownFields') {
            out.$unknownFields = {};
            continue;
          }
          const v = this.value(f.type, variant, depth + 1, f.wireName);
          if (v !== undefined) out[f.wireName] = v;
        }
        return out;
      }
    }
  }

  value(type: TypeRef, variant: number, depth: number, hint: string): unknown {
    switch (type.kind) {
      case 'primitive':
        switch (type.name) {
          case 'string':
            return type.format === 'date-time' ? '2024-05-06T07:08:09Z' : type.format === 'uuid' ? '0b7c2a3e-61b4-4a47-9d0a-5c8e3f2a1b0c' : `${hint}-${variant}`;
          case 'integer':
            return 7 + variant;
          case 'number':
            return 1.5 + variant;
          case 'boolean':
            return variant % 2 === 0;
          case 'null':
            return null;
          default:
            return { note: `${hint}` };
        }
      case 'literal':
        return type.value;
      case 'binary':
        return undefined;
      case 'nullable':
        return variant % 3 === 2 ? null : this.value(type.type, variant, depth, hint);
      case 'oneOf':
        return this.value(type.types[variant % type.types.length]!, variant, depth, hint);
      case 'array': {
        if (depth > 5) return [];
        const a = this.value(type.items, variant, depth + 1, hint);
        const b = this.value(type.items, variant, depth + 1, hint);
        return a === undefined ? [] : [a, b];
      }
      case 'map': {
        if (depth > 5) return {};
        const v = this.value(type.values, variant, depth + 1, hint);
        return v === undefined ? {} : { alpha: v, 'key-with.dots': v };
      }
      case 'ref':
        if (depth > 8) return undefined;
        return this.payload(this.decl(type.id), variant, depth);
    }
  }
}

/** Finds the exported value of a declaration in an imported generated package. */
export function exportedDecl(pkg: Record<string, unknown>, version: Version, decl: Decl, name = decl.name): unknown {
  let node: unknown = pkg[version.exportName];
  for (const segment of decl.modulePath) node = (node as Record<string, unknown>)?.[segment];
  return (node as Record<string, unknown>)?.[name];
}

export type { Sdk };
