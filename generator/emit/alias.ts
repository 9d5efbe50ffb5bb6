/**
 * Alias emitter: a named schema that is neither an object nor an enum
 * (`type: string` with a format, an array, a map) becomes a type alias, with its
 * JSON shape alongside.
 */

import { StructureKind } from './print.js';
import type { AliasDecl } from '../ir/model.js';
import type { FileImports, Statement } from './context.js';
import { comment, constraintLines } from './docs.js';
import { typeText } from './types.js';

export function emitAlias(decl: AliasDecl, imports: FileImports): Statement[] {
  const templates = imports.ctx.templates;
  const doc = comment(templates, 'alias', { description: decl.description ?? decl.title, constraints: constraintLines(decl.constraints), deprecated: decl.deprecated, name: decl.name });
  return [
    {
      kind: StructureKind.TypeAlias,
      name: decl.name,
      isExported: true,
      ...(doc ? { docs: [doc] } : {}),
      type: typeText(decl.type, imports, 'model'),
    },
    {
      kind: StructureKind.TypeAlias,
      name: `${decl.name}Json`,
      isExported: true,
      docs: [comment(templates, 'alias-json', { name: decl.name })],
      type: typeText(decl.type, imports, 'json'),
    },
  ];
}
