/**
 * Union emitter: a `oneOf` becomes a union type (narrowable by `$objectType`),
 * its JSON shape, and a decoder that picks the branch at run time.
 */

import { StructureKind } from './print.js';
import type { TypeRef, UnionDecl } from '../ir/model.js';
import { camelCase } from '../ir/naming.js';
import type { FileImports, Statement } from './context.js';
import { comment } from './docs.js';
import { arrayLiteral, objectLiteral, unionType, WIDTH } from './layout.js';
import { decodeFn, needsCodec, quote, typeText } from './types.js';

type Shape = 'object' | 'array' | 'map' | 'string' | 'number' | 'boolean' | 'null' | 'any';

interface ShapeInfo {
  shape: Shape;
  objectType?: string;
  required?: string[];
  properties?: string[];
}

function shapeOf(type: TypeRef, imports: FileImports, depth = 0): ShapeInfo {
  if (depth > 16) return { shape: 'any' };
  switch (type.kind) {
    case 'primitive':
      return { shape: type.name === 'integer' ? 'number' : type.name === 'unknown' ? 'any' : type.name };
    case 'literal':
      return { shape: type.value === null ? 'null' : (typeof type.value as Shape) };
    case 'array':
      return { shape: 'array' };
    case 'map':
      return { shape: 'map' };
    case 'nullable':
      return shapeOf(type.type, imports, depth + 1);
    case 'binary':
      return { shape: 'any' };
    case 'oneOf': {
      const shapes = new Set(type.types.map((t) => shapeOf(t, imports, depth + 1).shape));
      return { shape: shapes.size === 1 ? [...shapes][0]! : 'any' };
    }
    case 'ref': {
      const decl = imports.ctx.decl(type.id);
      if (decl.kind === 'model') {
        return {
          shape: 'object',
          ...(decl.objectType ? { objectType: decl.objectType } : {}),
          required: decl.fields.filter((f) => f.required).map((f) => f.wireName),
          properties: decl.fields.map((f) => f.wireName).filter((n) => !n.startsWith('$')),
        };
      }
      if (decl.kind === 'enum') return { shape: decl.valueType };
      if (decl.kind === 'alias') return shapeOf(decl.type, imports, depth + 1);
      return { shape: 'object' };
    }
  }
}

export function emitUnion(decl: UnionDecl, imports: FileImports): Statement[] {
  const name = decl.name;
  const jsonName = `${name}Json`;
  const UnionBranch = imports.runtime('UnionBranch', true);
  const decodeUnion = imports.runtime('decodeUnion');
  const encodeAny = imports.runtime('encodeAny');

  // Named after the union: a module's declarations share one file.
  const branchesConst = imports.local(`${camelCase(name) || 'union'}Branches`);
  const infos = decl.branches.map((b) => shapeOf(b, imports));
  // Required and declared properties tell object branches apart when the JSON has no `$objectType`.
  const objectBranches = infos.filter((i) => i.shape === 'object').length;
  const byShape = objectBranches > 1 || (objectBranches === 1 && infos.some((i) => i.shape === 'map'));
  const branchLiterals = decl.branches.map((b, i) => {
    const info = infos[i]!;
    const parts = [`shape: ${quote(info.shape)}`];
    if (b.kind === 'array' || (b.kind === 'nullable' && b.type.kind === 'array')) {
      const items = b.kind === 'array' ? b.items : (b.type as { items: TypeRef }).items;
      const itemInfo = shapeOf(items, imports);
      parts.push(`itemShape: ${quote(itemInfo.shape)}`);
      if (itemInfo.objectType) parts.push(`objectType: ${quote(itemInfo.objectType)}`);
    } else {
      if (info.objectType) parts.push(`objectType: ${quote(info.objectType)}`);
      if (byShape && info.required && info.required.length > 0) parts.push(`required: [${info.required.map(quote).join(', ')}]`);
      if (byShape && info.properties && info.properties.length > 0) parts.push(`properties: [${info.properties.map(quote).join(', ')}]`);
    }
    const tags = decl.discriminator?.values[i];
    if (decl.discriminator && tags && tags.length > 0) {
      parts.push(`discriminator: { property: ${quote(decl.discriminator.propertyName)}, values: [${tags.map(quote).join(', ')}] }`);
    }
    if (needsCodec(b, imports)) parts.push(`decode: ${decodeFn(b, imports, true)}`);
    return objectLiteral(parts, WIDTH - 6);
  });
  // An object no branch claims is kept as an `UnknownObject`: the type says so.
  const unknownMember = objectBranches > 0 ? [imports.runtime('UnknownObject', true)] : [];

  const modelType = unionType([...decl.branches.map((b) => typeText(b, imports, 'model')), ...unknownMember]) || 'never';
  const jsonType =
    unionType([...decl.branches.map((b) => typeText(b, imports, 'json')), ...(unknownMember.length ? ['Record<string, unknown>'] : [])]) || 'never';
  const templates = imports.ctx.templates;
  // What the comment tells about narrowing holds for what this union's branches carry.
  const doc = comment(templates, 'union', {
    description: decl.description ?? decl.title,
    deprecated: decl.deprecated,
    name,
    objectTyped: infos.some((i) => i.objectType !== undefined),
    discriminator: decl.discriminator?.propertyName,
    unknown: objectBranches > 0,
  });
  return [
    { kind: StructureKind.TypeAlias, name, isExported: true, docs: [doc], type: modelType },
    { kind: StructureKind.TypeAlias, name: jsonName, isExported: true, docs: [comment(templates, 'union-json', { name })], type: jsonType },
    `const ${branchesConst}: readonly ${UnionBranch}[] = ${arrayLiteral(branchLiterals, 0)};`,
    {
      kind: StructureKind.Function,
      name: `decode${name}`,
      isExported: true,
      docs: [comment(templates, 'union-decode', { name })],
      parameters: [{ name: 'json', type: jsonName }],
      returnType: name,
      statements: `return ${decodeUnion}(json, ${branchesConst}) as ${name};`,
    },
    {
      kind: StructureKind.Function,
      name: `encode${name}`,
      isExported: true,
      docs: [comment(templates, 'union-encode', { name })],
      parameters: [{ name: 'value', type: name }],
      returnType: jsonName,
      statements: `return ${encodeAny}(value) as ${jsonName};`,
    },
  ];
}
