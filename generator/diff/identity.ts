/**
 * What makes two IR nodes of different API versions "the same thing".
 *
 * Declaration ids, schema keys and paths carry the API version (`iam.v4.0.authn.User`,
 * `/iam/v4.1.b2/authn/users`). Comparing `v4.0` with `v4.1.b2` needs identities with the
 * minor and beta revisions taken out, the way the `$objectType` wire value drops them:
 * `iam.v4.authn.User`, `GET /iam/v4/authn/users/{}`.
 */
import type { Decl, Operation, TypeRef, Version } from '../ir/model.js';

const VERSION_TOKEN = /(?<=^|[./#]|~1)v(\d+)(?:\.r?\d+)?(?:\.[ab]\d+)?(?=[./~]|$)/g;

/** `iam.v4.1.b2.authn.User` -> `iam.v4.authn.User`; `/vmm/v4.0/ahv` -> `/vmm/v4/ahv`. */
export function versionFree(text: string): string {
  return text.replace(VERSION_TOKEN, 'v$1');
}

/** The identity of a declaration across versions: its pointer without version revisions. */
export function declKey(decl: Decl): string {
  return versionFree(decl.id);
}

/** The identity of an operation across versions: method and path, parameter names ignored. */
export function operationKey(op: Operation): string {
  return `${op.httpMethod} ${versionFree(op.path).replace(/\{[^}]*\}/g, '{}')}`;
}

/** A readable name for a declaration: `iam.authn.User` (module and TypeScript name). */
export function declLabel(version: Version, decl: Decl): string {
  const module = version.modules.find((m) => m.path.join('/') === decl.modulePath.join('/'));
  return `${module?.qualifiedName ?? decl.modulePath.join('.')}.${decl.name}`;
}

/** Declarations of a version by id. */
export function declIndex(version: Version): Map<string, Decl> {
  const byId = new Map<string, Decl>();
  for (const m of version.modules) for (const d of m.decls) byId.set(d.id, d);
  return byId;
}

/** TypeScript-like text of a type, for reports: `Array<User>`, `string (uuid)`. */
export function typeText(t: TypeRef, decls: ReadonlyMap<string, Decl>): string {
  switch (t.kind) {
    case 'primitive':
      return t.name === 'integer' ? 'integer' : t.name;
    case 'literal':
      return JSON.stringify(t.value);
    case 'ref':
      return decls.get(t.id)?.name ?? t.id;
    case 'array':
      return `Array<${typeText(t.items, decls)}>`;
    case 'map':
      return `Record<string, ${typeText(t.values, decls)}>`;
    case 'oneOf':
      return t.types.map((x) => typeText(x, decls)).join(' | ');
    case 'nullable':
      return `${typeText(t.type, decls)} | null`;
    case 'binary':
      return 'Blob';
  }
}

/**
 * A canonical form of a type for comparison across versions: references become the
 * version-free identity of their target. `strict` keeps formats (`int32` vs `int64`).
 */
export function typeKey(t: TypeRef, strict: boolean): string {
  switch (t.kind) {
    case 'primitive': {
      const base = t.name === 'integer' && !strict ? 'number' : t.name;
      return strict && t.format ? `${base}:${t.format}` : base;
    }
    case 'literal':
      return `=${JSON.stringify(t.value)}`;
    case 'ref':
      return `@${versionFree(t.id)}`;
    case 'array':
      return `[${typeKey(t.items, strict)}]`;
    case 'map':
      return `{${typeKey(t.values, strict)}}`;
    case 'oneOf':
      return `(${t.types
        .map((x) => typeKey(x, strict))
        .sort()
        .join('|')})`;
    case 'nullable':
      return `?${typeKey(t.type, strict)}`;
    case 'binary':
      return 'binary';
  }
}

/** Where a declaration is used: sent to the server, read from it, or both. */
export interface Usage {
  readonly input: ReadonlySet<string>;
  readonly output: ReadonlySet<string>;
}

/** Declarations reachable from request parameters and bodies (input) and from responses (output). */
export function usage(version: Version): Usage {
  const decls = declIndex(version);
  const walk = (roots: TypeRef[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const t = stack.pop()!;
      switch (t.kind) {
        case 'ref': {
          if (seen.has(t.id)) break;
          seen.add(t.id);
          const d = decls.get(t.id);
          if (!d) break;
          if (d.kind === 'model') {
            for (const f of d.fields) stack.push(f.type);
            if (d.additional) stack.push(d.additional);
          } else if (d.kind === 'union') stack.push(...d.branches);
          else if (d.kind === 'alias') stack.push(d.type);
          break;
        }
        case 'array':
          stack.push(t.items);
          break;
        case 'map':
          stack.push(t.values);
          break;
        case 'oneOf':
          stack.push(...t.types);
          break;
        case 'nullable':
          stack.push(t.type);
          break;
        default:
          break;
      }
    }
    return seen;
  };
  const inputs: TypeRef[] = [];
  const outputs: TypeRef[] = [];
  for (const api of version.apis) {
    for (const op of api.operations) {
      for (const p of op.params) inputs.push(p.type);
      if (op.body) inputs.push(op.body.type);
      for (const r of op.responses) {
        if (r.dataType) outputs.push(r.dataType);
        if (r.metadataType) outputs.push(r.metadataType);
      }
      if (op.errorType) outputs.push(op.errorType);
    }
  }
  const toKeys = (ids: Set<string>) => new Set([...ids].map(versionFree));
  return { input: toKeys(walk(inputs)), output: toKeys(walk(outputs)) };
}
