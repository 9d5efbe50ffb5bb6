/**
 * Enum emitter: a const object (for `PowerState.ON`) and a string-literal union
 * type of the same name. Values the SDK does not know are kept as they came.
 */

import { StructureKind } from './print.js';
import type { FileImports, Statement } from './context.js';
import type { EnumDecl } from '../ir/model.js';
import { comment, jsDoc } from './docs.js';
import { literalText } from './types.js';
import { propKey } from './model.js';

export function emitEnum(decl: EnumDecl, imports: FileImports): Statement[] {
  const templates = imports.ctx.templates;
  const doc = comment(templates, 'enum', { description: decl.description ?? decl.title, deprecated: decl.deprecated, name: decl.name });
  const members = decl.members.map((m) => {
    const d = m.description ? comment(templates, 'enum-member', { description: m.description, value: String(m.value) }) : '';
    return `${d ? `/** ${d.replace(/\n/g, ' ')} */\n` : ''}${propKey(m.key)}: ${literalText(m.value)},`;
  });
  // Written as text: the structure printer would indent the object's continuation lines.
  const constant = `${jsDoc(doc)}export const ${decl.name} = {\n${members.map((m) => '  ' + m.replace(/\n/g, '\n  ')).join('\n')}\n} as const;`;
  return [
    constant,
    {
      kind: StructureKind.TypeAlias,
      name: decl.name,
      isExported: true,
      type: `(typeof ${decl.name})[keyof typeof ${decl.name}]`,
    },
  ];
}
