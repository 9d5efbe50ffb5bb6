/**
 * fast-check arbitraries of valid JSON for the declarations of a version, built
 * from the IR: models with any subset of their optional fields (required ones
 * always), `$objectType` where the wire has it, and undeclared fields; unions by
 * any branch; enums by any member or a value a newer release might add.
 */
import fc from 'fast-check';
import type { Decl, ModelDecl, TypeRef, Version } from '../../generator/ir/model.js';

/** Beyond this depth optional fields, array items and map entries are left out, so recursive schemas end. */
const DEEP = 3;
/** Beyond this depth even required fields are left out (decoding tolerates a missing field). */
const DEEPEST = 6;

const text = fc.string({ maxLength: 12 });
const key = fc.string({ minLength: 1, maxLength: 8 });
/** Any JSON value, small. */
const anyJson = fc.jsonValue({ maxDepth: 2 });

export class ArbitraryFactory {
  private readonly decls = new Map<string, Decl>();
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();

  constructor(version: Version) {
    for (const m of version.modules) for (const d of m.decls) this.decls.set(d.id, d);
  }

  /** Valid JSON of a declaration. */
  decl(decl: Decl, depth = 0): fc.Arbitrary<unknown> {
    const cacheKey = `${decl.id}@${Math.min(depth, DEEPEST + 1)}`;
    let arb = this.cache.get(cacheKey);
    if (!arb) {
      arb = this.build(decl, depth);
      this.cache.set(cacheKey, arb);
    }
    return arb;
  }

  private build(decl: Decl, depth: number): fc.Arbitrary<unknown> {
    switch (decl.kind) {
      case 'enum': {
        const members = decl.members.map((m) => m.value);
        const unknown = decl.valueType === 'number' ? fc.integer() : decl.valueType === 'boolean' ? fc.boolean() : text;
        return members.length ? fc.oneof(fc.constantFrom(...members), unknown) : unknown;
      }
      case 'alias':
        return this.value(decl.type, depth);
      case 'union':
        return decl.branches.length ? fc.oneof(...decl.branches.map((b) => this.value(b, depth))) : fc.constant(undefined);
      case 'model':
        return this.model(decl, depth);
    }
  }

  private model(decl: ModelDecl, depth: number): fc.Arbitrary<unknown> {
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const f of decl.fields) {
      if (depth > DEEPEST || (depth > DEEP && !f.required)) continue;
      if (f.wireName === '$reserved') fields.$reserved = fc.record({ $fv: fc.constant('v4.r0'), etag: fc.option(text, { nil: undefined }) }, { requiredKeys: ['$fv'] });
      else if (f.wireName === '$unknownFields') fields.$unknownFields = fc.dictionary(key, anyJson, { maxKeys: 2 });
      else {
        const type = f.nullable && f.type.kind !== 'nullable' ? ({ kind: 'nullable', type: f.type } as const) : f.type;
        fields[f.wireName] = this.value(type, depth + 1);
      }
      if (f.required) required.push(f.wireName);
    }
    const declared = new Set(['$objectType', ...decl.fields.map((f) => f.wireName)]);
    // Undeclared fields: of the declared `additionalProperties` type, else any JSON.
    const extraValue = decl.additional ? this.value(decl.additional, depth + 1) : anyJson;
    const extras = depth > DEEP ? fc.constant({}) : fc.dictionary(key.filter((k) => !declared.has(k) && k !== '__proto__'), extraValue, { maxKeys: 2 });
    return fc.tuple(fc.record(fields, { requiredKeys: required.filter((k) => k in fields) }), extras).map(([known, extra]) => {
      const out: Record<string, unknown> = {};
      if (decl.objectType) out.$objectType = decl.objectType;
      for (const [k, v] of Object.entries(known)) if (v !== undefined) out[k] = v;
      for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
      return out;
    });
  }

  value(type: TypeRef, depth: number): fc.Arbitrary<unknown> {
    switch (type.kind) {
      case 'primitive':
        switch (type.name) {
          case 'string':
            return text;
          case 'integer':
            return fc.integer();
          case 'number':
            return fc.double({ noNaN: true, noDefaultInfinity: true });
          case 'boolean':
            return fc.boolean();
          case 'null':
            return fc.constant(null);
          default:
            return anyJson;
        }
      case 'literal':
        return fc.constant(type.value);
      case 'binary':
        return fc.constant(undefined);
      case 'nullable':
        return fc.oneof(fc.constant(null), this.value(type.type, depth));
      case 'oneOf':
        return fc.oneof(...type.types.map((t) => this.value(t, depth)));
      case 'array':
        return depth > DEEP ? fc.constant([]) : fc.array(this.value(type.items, depth + 1), { maxLength: 2 }).map((a) => a.filter((v) => v !== undefined));
      case 'map':
        return depth > DEEP
          ? fc.constant({})
          : fc.dictionary(key.filter((k) => k !== '__proto__'), this.value(type.values, depth + 1), { maxKeys: 2 }).map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));
      case 'ref': {
        const decl = this.decls.get(type.id)!;
        return depth > DEEPEST + 2 ? fc.constant(undefined) : fc.constant(null).chain(() => this.decl(decl, depth));
      }
    }
  }
}
