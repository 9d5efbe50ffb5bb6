/**
 * Types and constraints as the site shows them: TypeScript type text in which
 * every named declaration links to its page.
 */
import type { Constraints, Decl, TypeRef } from '../ir/model.js';
import { escapeHtml } from './text.js';

export interface TypeLinker {
  decl(id: string): Decl | undefined;
  /** Link from the current page to a declaration's page. */
  link(decl: Decl): string;
}

/** A type as HTML (`Vm[]` with `Vm` linked). */
export function typeHtml(type: TypeRef, linker: TypeLinker): string {
  return render(type, linker, true);
}

/** A type as plain text, for search and titles. */
export function typeText(type: TypeRef, linker: Pick<TypeLinker, 'decl'>): string {
  return render(type, { decl: (id) => linker.decl(id), link: () => '' }, false);
}

function render(type: TypeRef, linker: TypeLinker, html: boolean): string {
  const esc = (t: string) => (html ? escapeHtml(t) : t);
  switch (type.kind) {
    case 'primitive': {
      const name = type.name === 'integer' ? 'number' : type.name;
      return html ? `<span class="t-prim">${name}</span>` : name;
    }
    case 'literal':
      return esc(typeof type.value === 'string' ? `'${type.value}'` : String(type.value));
    case 'binary':
      return html ? '<span class="t-prim">Blob</span>' : 'Blob';
    case 'array': {
      const inner = render(type.items, linker, html);
      const simple = type.items.kind === 'ref' || type.items.kind === 'primitive' || type.items.kind === 'binary';
      return simple ? `${inner}[]` : `${esc('Array<')}${inner}${esc('>')}`;
    }
    case 'map':
      return `${esc('Record<string, ')}${render(type.values, linker, html)}${esc('>')}`;
    case 'nullable':
      return `${render(type.type, linker, html)} | null`;
    case 'oneOf':
      return type.types.map((t) => render(t, linker, html)).join(' | ');
    case 'ref': {
      const decl = linker.decl(type.id);
      if (!decl) return esc(type.id);
      if (!html) return decl.name;
      return `<a class="t-ref t-${decl.kind}" href="${escapeHtml(linker.link(decl))}" title="${escapeHtml(decl.schemaKey ?? decl.name)}">${escapeHtml(decl.name)}</a>`;
    }
  }
}

/** The named declarations a type mentions (see generator/ir/refs.ts). */
export { typeRefs as refsOf } from '../ir/refs.js';

/** Short constraint notes (`1 to 100`, `pattern ^...$`) for a table cell. */
export function constraintNotes(c: Constraints): string[] {
  const out: string[] = [];
  if (c.format) out.push(`format: ${c.format}`);
  if (c.minimum !== undefined && c.maximum !== undefined) out.push(`${c.minimum} to ${c.maximum}`);
  else if (c.minimum !== undefined) out.push(`minimum: ${c.minimum}`);
  else if (c.maximum !== undefined) out.push(`maximum: ${c.maximum}`);
  if (c.exclusiveMinimum !== undefined) out.push(`greater than ${c.exclusiveMinimum}`);
  if (c.exclusiveMaximum !== undefined) out.push(`less than ${c.exclusiveMaximum}`);
  if (c.minLength !== undefined || c.maxLength !== undefined) out.push(`length: ${c.minLength ?? 0} to ${c.maxLength ?? 'any'}`);
  if (c.minItems !== undefined || c.maxItems !== undefined) out.push(`items: ${c.minItems ?? 0} to ${c.maxItems ?? 'any'}`);
  if (c.uniqueItems) out.push('unique items');
  if (c.multipleOf !== undefined) out.push(`multiple of ${c.multipleOf}`);
  if (c.pattern !== undefined) out.push(`pattern: ${c.pattern}`);
  return out;
}
