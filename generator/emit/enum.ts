/**
 * Enum emitter: a const object (for `PowerState.ON`) and a string-literal union
 * type of the same name. Values the SDK does not know are kept as they came.
 */
import type { StatementStructures } from 'ts-morph';
import { StructureKind, VariableDeclarationKind } from 'ts-morph';
import type { EnumDecl } from '../ir/model.js';
import { docText, joinDoc } from './docs.js';
import { literalText } from './types.js';
import { propKey } from './model.js';

export function emitEnum(decl: EnumDecl): StatementStructures[] {
  const doc = joinDoc(
    docText(decl.description ?? decl.title),
    'A value added by a newer API release is kept as it came (typed as this union, but not one of its members).',
    decl.deprecated ? '@deprecated' : undefined,
  );
  const members = decl.members
    .map((m) => {
      const d = docText(m.description);
      return `${d ? `/** ${d.replace(/\n/g, ' ')} */\n` : ''}${propKey(m.key)}: ${literalText(m.value)},`;
    })
    .join('\n');
  return [
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      isExported: true,
      docs: [doc],
      declarations: [{ name: decl.name, initializer: `{\n${members}\n} as const` }],
    },
    {
      kind: StructureKind.TypeAlias,
      name: decl.name,
      isExported: true,
      type: `(typeof ${decl.name})[keyof typeof ${decl.name}]`,
    },
  ];
}
