/**
 * Validation emitter: one table per API version (`<version>/validation.ts`) with
 * the document's constraints as compact rules, for the runtime's opt-in request
 * validation (`runtime/validate.ts`). Nothing imports it but the user, so bundles
 * that do not validate leave it out.
 */
import type { Constraints, Decl, Operation, TypeRef, Version } from '../ir/model.js';
import type { FileImports } from './context.js';
import { requiredByOperation } from './api.js';
import { quote } from './types.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

const CONSTRAINT_KEYS = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
] as const;

/** The key of a declaration in the table: its module path and name (`models.ahv.config.Vm`). */
function declKey(decl: Decl): string {
  // Asked for every reference to the declaration: worked out once.
  let key = declKeys.get(decl);
  if (key === undefined) declKeys.set(decl, (key = [...decl.modulePath, decl.name].join('.')));
  return key;
}

const declKeys = new WeakMap<Decl, string>();

function withConstraints(rule: { [key: string]: Json | undefined }, constraints: Constraints | undefined): { [key: string]: Json | undefined } {
  for (const k of CONSTRAINT_KEYS) if (constraints?.[k] !== undefined) rule[k] = constraints[k] as Json;
  return rule;
}

function rule(type: TypeRef, imports: FileImports, constraints?: Constraints, nullable = false): { [key: string]: Json | undefined } {
  const out = withConstraints(typeRule(type, imports), constraints);
  if (nullable) out.nullable = true;
  return out;
}

function typeRule(type: TypeRef, imports: FileImports): { [key: string]: Json | undefined } {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'unknown' || type.name === 'null' ? {} : { type: type.name };
    case 'literal':
      return type.value === null ? { nullable: true } : { enum: [type.value] };
    case 'ref':
      return { ref: declKey(imports.ctx.decl(type.id)) };
    case 'array':
      return { items: typeRule(type.items, imports) };
    case 'map':
      return { values: typeRule(type.values, imports) };
    case 'oneOf': {
      const values = type.types.flatMap((t) => (t.kind === 'literal' && t.value !== null ? [t.value] : []));
      return values.length === type.types.length ? { enum: values } : { anyOf: type.types.map((t) => typeRule(t, imports)) };
    }
    case 'nullable':
      return { ...typeRule(type.type, imports), nullable: true };
    case 'binary':
      return {};
  }
}

function declRule(decl: Decl, imports: FileImports): Json {
  switch (decl.kind) {
    case 'model': {
      const fields: { [key: string]: Json } = {};
      for (const f of decl.fields) if (!f.readOnly && !f.wireName.startsWith('$')) fields[f.wireName] = rule(f.type, imports, f.constraints, f.nullable) as Json;
      const required = decl.fields.filter((f) => f.required && !f.readOnly).map((f) => f.wireName);
      return { objectType: decl.objectType, fields, required: required.length ? required : undefined } as Json;
    }
    case 'union':
      return { oneOf: decl.branches.map((b) => typeRule(b, imports)) } as Json;
    case 'enum':
      return { enum: decl.members.map((m) => m.value) };
    case 'alias':
      return rule(decl.type, imports, decl.constraints) as Json;
  }
}

function operationRule(op: Operation, imports: FileImports): Json {
  const params: { [key: string]: Json } = {};
  for (const p of op.params) {
    if (p.role) continue; // filled by the runtime
    params[`${p.in}.${p.wireName}`] = { ...rule(p.type, imports, p.constraints), required: p.required || undefined } as Json;
  }
  const body = op.body?.kind === 'json' ? (rule(op.body.type, imports) as Json) : undefined;
  const requiredBy = requiredByOperation(op, imports).map((f) => f.wireName);
  return { params, body, bodyRequired: op.body?.required || undefined, requiredBy: requiredBy.length ? requiredBy : undefined } as Json;
}

/** TypeScript text of a JSON value, one entry per line at the top level. */
function literal(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  // A table entry per declaration and per field: written in one go, without intermediate arrays.
  let text = '';
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    text += `${text ? ', ' : ''}${keyText(k)}: ${literal(v)}`;
  }
  return text ? `{ ${text} }` : '{}';
}

/** A key of an object literal; the same few keys and field names come back in every rule. */
function keyText(k: string): string {
  let text = keyTexts.get(k);
  // `__proto__: x` would set the prototype; a computed key makes a property.
  if (text === undefined) keyTexts.set(k, (text = k === '__proto__' ? `['__proto__']` : /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)));
  return text;
}

const keyTexts = new Map<string, string>();

export function emitValidation(version: Version, imports: FileImports): string {
  const ValidationTable = imports.runtime('ValidationTable', true);
  const check = imports.runtime('validateRequest');
  const decls = version.modules.flatMap((m) => m.decls).map((d) => `    ${quote(declKey(d))}: ${literal(declRule(d, imports))},`);
  const operations = version.apis
    .flatMap((a) => a.operations)
    .map((op) => `    ${quote(`${op.httpMethod} ${op.path}`)}: ${literal(operationRule(op, imports))},`);
  return [
    `/**`,
    ` * The constraints of ${version.info.title.replace(/\*\//g, '* /')} ${version.info.version.replace(/\*\//g, '* /')} as rules for request validation:`,
    ` * \`new ApiClient({ validation, validate: true })\`, or \`{ validate: true }\` per call. Declarations by module`,
    ` * path and name, operations by method and path.`,
    ` */`,
    `export const validation: ${ValidationTable} = {`,
    `  check: ${check},`,
    `  decls: {`,
    ...decls,
    `  },`,
    `  operations: {`,
    ...operations,
    `  },`,
    // `as const`: keys such as `constructor` would otherwise widen their rule's literals.
    `} as const;`,
  ].join('\n');
}
