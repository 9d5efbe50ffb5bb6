/**
 * Which declarations a type or a declaration refers to, by id: what the family
 * step follows to keep the shared package whole, and what the docs list as "uses".
 */
import type { Decl, TypeRef } from './model.js';

/** The named declarations a type mentions (directly, not through other declarations). */
export function typeRefs(type: TypeRef, out: Set<string> = new Set()): Set<string> {
  switch (type.kind) {
    case 'ref':
      out.add(type.id);
      break;
    case 'array':
      typeRefs(type.items, out);
      break;
    case 'map':
      typeRefs(type.values, out);
      break;
    case 'nullable':
      typeRefs(type.type, out);
      break;
    case 'oneOf':
      for (const t of type.types) typeRefs(t, out);
      break;
    default:
      break;
  }
  return out;
}

/** The declarations a declaration refers to: field types, undeclared-property type, union branches, aliased type. */
export function declRefs(decl: Decl): Set<string> {
  const out = new Set<string>();
  switch (decl.kind) {
    case 'model':
      for (const f of decl.fields) typeRefs(f.type, out);
      if (decl.additional) typeRefs(decl.additional, out);
      break;
    case 'union':
      for (const b of decl.branches) typeRefs(b, out);
      break;
    case 'alias':
      typeRefs(decl.type, out);
      break;
    case 'enum':
      break;
  }
  return out;
}
