/**
 * Type references -> TypeScript type text, and the expressions that decode a
 * JSON value into models (and encode it back). Each emitter asks here; the
 * rules for every kind of type live in one place.
 */
import type { TypeRef } from '../ir/model.js';
import { needsDecoding } from '../ir/schemas.js';
import type { FileImports } from './context.js';

/** `model`: the type users see (classes); `json`: the wire shape (`VmJson`). */
export type TypeMode = 'model' | 'json';

export function typeText(type: TypeRef, imports: FileImports, mode: TypeMode): string {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'integer' ? 'number' : type.name;
    case 'literal':
      return literalText(type.value);
    case 'binary':
      return 'Blob';
    case 'array': {
      const inner = typeText(type.items, imports, mode);
      return /^[A-Za-z0-9_$.]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`;
    }
    case 'map': {
      const values = typeText(type.values, imports, mode);
      // `Record<...>` may not refer back to the alias it is in (`type Json = ... | Record<string, Json>`):
      // maps of aliases and unions, which can be recursive, use an index signature.
      const decl = type.values.kind === 'ref' ? imports.ctx.decl(type.values.id) : undefined;
      return decl && (decl.kind === 'alias' || decl.kind === 'union') ? `{ [key: string]: ${values} }` : `Record<string, ${values}>`;
    }
    case 'nullable':
      return `${typeText(type.type, imports, mode)} | null`;
    case 'oneOf':
      return type.types.map((t) => typeText(t, imports, mode)).join(' | ');
    case 'ref': {
      const decl = imports.ctx.decl(type.id);
      if (mode === 'json' && decl.kind !== 'enum') return imports.json(decl);
      // Classes are values too, but a type position only needs the type.
      return imports.decl(decl, true);
    }
  }
}

export function literalText(value: string | number | boolean | null): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** A single-quoted string literal that is safe for any content (`*\/`, `${`, U+2028). */
export function quote(text: string): string {
  return (
    "'" +
    text.replace(/[\\'\n\r\t\u2028\u2029\0-\x1f\x7f]/g, (c) => {
      switch (c) {
        case '\\':
          return '\\\\';
        case "'":
          return "\\'";
        case '\n':
          return '\\n';
        case '\r':
          return '\\r';
        case '\t':
          return '\\t';
        default:
          return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
      }
    }) +
    "'"
  );
}

/** Does a value of this type need decoding beyond a copy? (The IR's rule, for the file's version.) */
export function needsCodec(type: TypeRef, imports: FileImports): boolean {
  return needsDecoding(type, imports.ctx.declsById);
}

/** An expression that decodes `expr` (typed as the JSON shape) into the model shape. */
export function decodeExpr(type: TypeRef, expr: string, imports: FileImports): string {
  if (!needsCodec(type, imports)) return expr;
  switch (type.kind) {
    case 'ref': {
      const decl = imports.ctx.decl(type.id);
      if (decl.kind === 'model') return `${imports.decl(decl, false)}.fromJSON(${expr})`;
      if (decl.kind === 'union') return `${imports.fn(decl, `decode${decl.name}`)}(${expr})`;
      if (decl.kind === 'alias') return decodeExpr(decl.type, expr, imports);
      return expr;
    }
    case 'array':
      return `${imports.runtime('decodeArray')}(${expr}, ${decodeFn(type.items, imports)})`;
    case 'map':
      return `${imports.runtime('decodeMap')}(${expr}, ${decodeFn(type.values, imports)})`;
    case 'nullable':
      return `${paren(expr)} === null ? null : ${decodeExpr(type.type, expr, imports)}`;
    case 'oneOf':
      // Anonymous unions of decodable types are turned into declarations by the IR;
      // what remains mixes plain values, which the generic decoder keeps.
      return `${imports.runtime('decodeAny')}(${expr}) as ${typeText(type, imports, 'model')}`;
    default:
      return expr;
  }
}

/** Parenthesizes an expression that is more than a name or a member access. */
function paren(expr: string): string {
  return /^[A-Za-z_$][\w$.]*$/.test(expr) ? expr : `(${expr})`;
}

/**
 * A function expression `(json) => model` for use with `decodeArray`/`decodeMap`. `atLoad`: the
 * expression is evaluated when its module loads (a union's table of branches), so it must not read
 * `X.fromJSON` then: the class may be declared further down the file, and bundlers keep a read
 * that might have side effects (and with it `X`) in every bundle that imports the module.
 */
export function decodeFn(type: TypeRef, imports: FileImports, atLoad = false): string {
  if (type.kind === 'ref') {
    const decl = imports.ctx.decl(type.id);
    if (decl.kind === 'model') return atLoad ? `(json) => ${imports.decl(decl, false)}.fromJSON(json)` : `${imports.decl(decl, false)}.fromJSON`;
    if (decl.kind === 'union') return imports.fn(decl, `decode${decl.name}`);
  }
  const json = typeText(type, imports, 'json');
  return `(json: ${json}) => ${decodeExpr(type, 'json', imports)}`;
}

/** An expression that encodes `expr` (typed as the model shape) into JSON. */
export function encodeExpr(type: TypeRef, expr: string, imports: FileImports): string {
  if (!needsCodec(type, imports)) return expr;
  switch (type.kind) {
    case 'ref': {
      const decl = imports.ctx.decl(type.id);
      if (decl.kind === 'model') return `${imports.runtime('encodeModel')}(${expr})`;
      if (decl.kind === 'union') return `${imports.fn(decl, `encode${decl.name}`)}(${expr})`;
      if (decl.kind === 'alias') return encodeExpr(decl.type, expr, imports);
      return expr;
    }
    case 'array':
      return `${imports.runtime('encodeArray')}(${expr}, ${encodeFn(type.items, imports)})`;
    case 'map':
      return `${imports.runtime('encodeMap')}(${expr}, ${encodeFn(type.values, imports)})`;
    case 'nullable':
      return `${expr} === null ? null : ${encodeExpr(type.type, expr, imports)}`;
    case 'oneOf':
      return `${imports.runtime('encodeAny')}(${expr}) as ${typeText(type, imports, 'json')}`;
    default:
      return expr;
  }
}

export function encodeFn(type: TypeRef, imports: FileImports): string {
  if (type.kind === 'ref') {
    const decl = imports.ctx.decl(type.id);
    if (decl.kind === 'model') return imports.runtime('encodeModel');
    if (decl.kind === 'union') return imports.fn(decl, `encode${decl.name}`);
  }
  const model = typeText(type, imports, 'model');
  return `(value: ${model}) => ${encodeExpr(type, 'value', imports)}`;
}
