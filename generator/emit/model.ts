/**
 * Model emitter: an object schema becomes a class (what users hold), its JSON
 * shape interface (what travels on the wire), and an init type for `new`.
 */
import type { ClassDeclarationStructure, InterfaceDeclarationStructure, OptionalKind, PropertyDeclarationStructure, PropertySignatureStructure, WriterFunction} from './print.js';
import { StructureKind } from './print.js';
import type { ModelDecl } from '../ir/model.js';
import { camelCase, isIdentifier } from '../ir/naming.js';
import { comment, fieldDoc } from './docs.js';
import type { FileImports, Statement } from './context.js';
import { arrayLiteral, WIDTH } from './layout.js';
import { decodeExpr, encodeExpr, needsCodec, quote, typeText } from './types.js';

/** Members every plain object inherits from `Object.prototype`. */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `obj.name` or `obj['odd-name']`. */
export function access(obj: string, prop: string): string {
  return isIdentifier(prop) ? `${obj}.${prop}` : `${obj}[${quote(prop)}]`;
}

/** A property name as written in a class or interface body. */
export function propKey(prop: string): string {
  return isIdentifier(prop) ? prop : quote(prop);
}

export function emitModel(decl: ModelDecl, imports: FileImports): Statement[] {
  const templates = imports.ctx.templates;
  const name = decl.name;
  const jsonName = `${name}Json`;
  const initName = `${name}Init`;
  const fields = decl.fields;
  const requiredOnCreate = (f: (typeof fields)[number]) => f.required && !f.readOnly;
  const additionalType = decl.additional ? typeText(decl.additional, imports, 'model') : 'unknown';
  const additionalJsonType = decl.additional ? typeText(decl.additional, imports, 'json') : 'unknown';

  // The JSON shape: wire names, required as the schema says.
  const jsonProps: OptionalKind<PropertySignatureStructure>[] = [];
  if (decl.objectType) jsonProps.push({ name: '$objectType', hasQuestionToken: true, type: quote(decl.objectType) });
  for (const f of fields) {
    jsonProps.push({
      name: propKey(f.wireName),
      hasQuestionToken: !f.required,
      type: typeText(f.nullable && f.type.kind !== 'nullable' ? { kind: 'nullable', type: f.type } : f.type, imports, 'json'),
    });
  }
  const jsonInterface: InterfaceDeclarationStructure = {
    kind: StructureKind.Interface,
    name: jsonName,
    isExported: true,
    docs: [comment(templates, 'model-json', { name })],
    properties: jsonProps,
  };

  const modelType = (f: (typeof fields)[number]) => typeText(f.nullable && f.type.kind !== 'nullable' ? { kind: 'nullable', type: f.type } : f.type, imports, 'model');

  const properties: OptionalKind<PropertyDeclarationStructure>[] = fields.map((f) => {
    const doc = fieldDoc(f, templates);
    return {
      name: propKey(f.propName),
      type: modelType(f),
      ...(requiredOnCreate(f) ? { hasExclamationToken: true } : { hasQuestionToken: true }),
      ...(doc ? { docs: [doc] } : {}),
    };
  });
  properties.push({
    name: decl.additionalMember,
    type: `Record<string, ${additionalType}>`,
    hasQuestionToken: true,
    docs: [comment(templates, 'model-additional', { name })],
  });

  // `$objectType` is the class's own only when it has one: otherwise it is kept with the undeclared properties.
  const declaredKeys = [...(decl.objectType ? ['$objectType'] : []), ...fields.map((f) => f.wireName)];
  // Module-level constants of this model, named after it: a module's models share one file.
  const constPrefix = camelCase(name) || 'model';
  const keysConst = imports.local(`${constPrefix}Keys`);
  const ModelInit = imports.runtime('ModelInit', true);
  const undeclaredOf = imports.runtime('undeclaredOf');
  const withUndeclared = imports.runtime('withUndeclared');

  // Fields that need no decoding and keep their wire name are copied by one loop
  // over `plainKeys`: the per-field code is kept for the rest (smaller bundles).
  const typeOfField = (f: (typeof fields)[number]) => (f.nullable && f.type.kind !== 'nullable' ? { kind: 'nullable' as const, type: f.type } : f.type);
  const isPlain = (f: (typeof fields)[number]) => f.propName === f.wireName && !needsCodec(typeOfField(f), imports);
  const plain: (typeof fields)[number][] = [];
  const coded: (typeof fields)[number][] = [];
  for (const f of fields) (isPlain(f) ? plain : coded).push(f);
  const copyFields = plain.length ? imports.runtime('copyFields') : '';
  const plainConst = plain.length ? imports.local(`${constPrefix}PlainKeys`) : '';

  const fromJson: WriterFunction = (w) => {
    w.writeLine(`const model = Object.create(${name}.prototype) as ${name};`);
    w.writeLine(`if (json === null || typeof json !== 'object') return json as unknown as ${name};`);
    if (plain.length) w.writeLine(`${copyFields}(model, json, ${plainConst});`);
    for (const f of coded) {
      // `json.constructor` of a plain object is `Object`: names that objects inherit are read only when present.
      const src = access('json', f.wireName);
      const present = INHERITED_NAMES.has(f.wireName) ? `Object.hasOwn(json, ${quote(f.wireName)}) && ${src} !== undefined` : `${src} !== undefined`;
      const dst = access('model', f.propName);
      w.writeLine(`if (${present}) ${dst} = ${decodeExpr(typeOfField(f), src, imports)};`);
    }
    const additional = decl.additional ? `${undeclaredOf}(json, ${keysConst}) as Record<string, ${additionalType}> | undefined` : `${undeclaredOf}(json, ${keysConst})`;
    w.writeLine(`const undeclared = ${additional};`);
    w.writeLine(`if (undeclared) ${access('model', decl.additionalMember)} = undeclared;`);
    w.writeLine('return model;');
  };

  const toJson: WriterFunction = (w) => {
    // Required fields are filled below; the cast covers the moment before.
    const start = decl.objectType ? `{ $objectType: ${name}.objectType }` : '{}';
    const needsCast = !decl.objectType || fields.some((f) => f.required);
    w.writeLine(needsCast ? `const json = ${start} as ${jsonName};` : `const json: ${jsonName} = ${start};`);
    if (plain.length) w.writeLine(`${copyFields}(json, this, ${plainConst});`);
    for (const f of coded) {
      const src = access('this', f.propName);
      if (f.wireName === '__proto__') {
        // Assigning `__proto__` would set the prototype; define the property instead.
        w.writeLine(`if (${src} !== undefined) Object.defineProperty(json, '__proto__', { value: ${encodeExpr(typeOfField(f), src, imports)}, enumerable: true, writable: true, configurable: true });`);
      } else w.writeLine(`if (${src} !== undefined) ${access('json', f.wireName)} = ${encodeExpr(typeOfField(f), src, imports)};`);
    }
    const extra = access('this', decl.additionalMember);
    w.writeLine(`return ${withUndeclared}(json, ${decl.additional ? `${extra} as Record<string, ${additionalJsonType}> | undefined` : extra});`);
  };

  const anyRequired = fields.some(requiredOnCreate);
  const classDoc = comment(templates, 'model', {
    name,
    title: decl.title && decl.title !== decl.description ? decl.title : undefined,
    description: decl.description,
    objectType: decl.objectType,
    schemaKey: decl.schemaKey,
    deprecated: decl.deprecated,
  });

  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name,
    isExported: true,
    ...(classDoc ? { docs: [classDoc] } : {}),
    properties: [
      ...(decl.objectType
        ? [
            {
              name: 'objectType',
              isStatic: true,
              isReadonly: true,
              initializer: `${quote(decl.objectType)} as const`,
              docs: [comment(templates, 'model-object-type', { name, objectType: decl.objectType })],
            },
          ]
        : []),
      ...properties,
    ],
    getAccessors: decl.objectType
      ? [
          {
            name: '$objectType',
            returnType: quote(decl.objectType),
            docs: [comment(templates, 'model-object-type-getter', { name, objectType: decl.objectType })],
            statements: `return ${name}.objectType;`,
          },
        ]
      : [],
    ctors: [
      {
        parameters: [{ name: 'init', type: initName, ...(anyRequired ? {} : { initializer: '{}' }) }],
        statements: 'Object.assign(this, init);',
      },
    ],
    methods: [
      {
        name: 'fromJSON',
        isStatic: true,
        parameters: [{ name: 'json', type: jsonName }],
        returnType: name,
        docs: [comment(templates, 'model-from-json', { name })],
        statements: fromJson,
      },
      {
        name: 'toJSON',
        parameters: [],
        returnType: jsonName,
        docs: [comment(templates, 'model-to-json', { name })],
        statements: toJson,
      },
    ],
  };

  return [
    jsonInterface,
    {
      kind: StructureKind.TypeAlias,
      name: initName,
      isExported: true,
      docs: [comment(templates, 'model-init', { name })],
      type: `${ModelInit}<${name}>`,
    },
    // Module-level constants are written as text: the structure printer would indent their continuation lines.
    `const ${keysConst}: ReadonlySet<string> = new Set(${arrayLiteral(declaredKeys.map(quote), WIDTH - 50)});`,
    ...(plain.length ? [`const ${plainConst}: readonly string[] = ${arrayLiteral(plain.map((f) => quote(f.wireName)), WIDTH - 40)};`] : []),
    cls,
  ];
}
