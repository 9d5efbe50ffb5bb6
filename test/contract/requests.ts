/**
 * Valid minimal requests, built from the IR: for each operation, the
 * parameters object a caller passes to the generated method.
 *
 * Only what the document requires is filled: required path, query and header
 * parameters, the If-Match header where the operation declares one (a real
 * caller passes the model read by a GET; here its ETag text), and a body with
 * its required, writable fields only. `NTNX-Request-Id` is left to the
 * runtime. Values satisfy the schema: the field's `example` when it fits the
 * constraints, else an enum member, a value matching the pattern, a value of
 * the format, or a string/number/array within the length, range and item
 * bounds. Every Nutanix model gets its `$objectType` from the generated class
 * itself (bodies are passed as model instances, decoded with `fromJSON`).
 */
import type { Constraints, Decl, Field, ModelDecl, Operation, Param, TypeRef, Version } from '../../generator/ir/model.js';
import { exportedDecl } from '../support/payloads.js';

const UUID = '0b7c2a3e-61b4-4a47-9d0a-5c8e3f2a1b0c';
/** A Nutanix task id: base64 cluster-scoped prefix, `:`, UUID. */
const TASK_ID = `ZXJnb24=:${UUID}`;
const ETAG = 'W/"contract-etag"';
/** Enum members that exist in every v4 enum for forward compatibility; a caller never sends them. */
const PLACEHOLDER_MEMBERS = new Set(['$UNKNOWN', '$REDACTED']);
/** Deepest model nesting followed for required fields (a required cycle would never end). */
const MAX_DEPTH = 12;

export interface BuiltRequest {
  /** The parameters object for the generated method. */
  readonly params: Record<string, unknown>;
  /** Why a valid value could not be built, per location; empty when the request is complete. */
  readonly problems: readonly string[];
}

export class RequestBuilder {
  private readonly decls = new Map<string, Decl>();

  /**
   * @param document - The document as Prism serves it. The IR keeps the constraints of a
   *   field but not those of its array items (a list of UUIDs has the pattern on `items`):
   *   those are read from the field's schema here.
   */
  constructor(
    private readonly version: Version,
    private readonly pkg: Record<string, unknown>,
    private readonly document?: Record<string, unknown>,
  ) {
    for (const m of version.modules) for (const d of m.decls) this.decls.set(d.id, d);
  }

  build(op: Operation): BuiltRequest {
    const problems: string[] = [];
    const params: Record<string, unknown> = {};
    for (const p of op.params) {
      if (p.role === 'requestId') continue; // the runtime's job, and part of what the run proves
      if (p.role === 'ifMatch') {
        params[p.propName] = ETAG;
        continue;
      }
      if (!p.required) continue;
      params[p.propName] = this.paramValue(p, problems);
    }
    // An optional body is sent too: it is how an action is normally called, and it exercises the encoding.
    if (op.body) params[op.body.propName] = this.body(op.body.type, op.body.propName, problems);
    return { params, problems };
  }

  private paramValue(p: Param, problems: string[]): unknown {
    return this.value(p.type, p.constraints, { example: p.default, hint: p.wireName }, p.wireName, problems, 0);
  }

  /** The body as a caller passes it: a model instance for a model, otherwise the JSON value. */
  private body(type: TypeRef, where: string, problems: string[]): unknown {
    const json = this.value(type, {}, {}, where, problems, 0);
    const t = type.kind === 'nullable' ? type.type : type;
    if (t.kind === 'ref') {
      const decl = this.decl(t.id);
      if (decl.kind === 'model') {
        const cls = exportedDecl(this.pkg, this.version, decl) as { fromJSON?(json: unknown): unknown } | undefined;
        if (typeof cls?.fromJSON !== 'function') {
          problems.push(`${where}: no exported class ${decl.name} in ${decl.modulePath.join('/')}`);
          return json;
        }
        return cls.fromJSON(json);
      }
    }
    return json;
  }

  private decl(id: string): Decl {
    const d = this.decls.get(id);
    if (!d) throw new Error(`unknown declaration ${id}`);
    return d;
  }

  /** The JSON value of a model: `$objectType` and its required, writable fields. */
  modelJson(decl: ModelDecl, where: string, problems: string[], depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (decl.objectType) out.$objectType = decl.objectType;
    if (depth > MAX_DEPTH) {
      problems.push(`${where}: required fields nest deeper than ${MAX_DEPTH} levels`);
      return out;
    }
    for (const f of decl.fields) {
      if (!f.required || f.readOnly || f.wireName.startsWith('$')) continue;
      out[f.wireName] = this.fieldValue(decl, f, `${where}.${f.wireName}`, problems, depth + 1);
    }
    return out;
  }

  private fieldValue(decl: ModelDecl, f: Field, where: string, problems: string[], depth: number): unknown {
    const t = f.type.kind === 'nullable' ? f.type.type : f.type;
    if (t.kind === 'array' && (t.items.kind === 'primitive' || t.items.kind === 'nullable')) {
      const items = this.itemSchema(decl, f.wireName);
      if (items) {
        const count = Math.min(Math.max(f.constraints.minItems ?? 0, 1), f.constraints.maxItems ?? Infinity);
        return Array.from({ length: count }, (_, i) =>
          this.value(t.items, constraintsOf(items), { example: items.example, hint: f.wireName }, `${where}[${i}]`, problems, depth),
        );
      }
    }
    return this.value(f.type, f.constraints, { example: f.example }, where, problems, depth);
  }

  /** The `items` schema of a model's array property in the served document, `$ref`s followed. */
  private itemSchema(decl: ModelDecl, wireName: string): Record<string, unknown> | undefined {
    const doc = this.document;
    if (!doc) return undefined;
    const deref = (node: unknown): Record<string, unknown> | undefined => {
      for (let hops = 0; hops < 16 && isObject(node) && typeof node.$ref === 'string'; hops++) node = atPointer(doc, node.$ref.slice(1));
      return isObject(node) ? node : undefined;
    };
    const schemas = (doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
    // The property, in the schema or (in a document served as it is) in one of its `allOf` branches.
    const find = (schema: Record<string, unknown> | undefined, hops: number): Record<string, unknown> | undefined => {
      if (!schema || hops > 16) return undefined;
      const own = deref(isObject(schema.properties) ? schema.properties[wireName] : undefined);
      if (own) return own;
      for (const branch of Array.isArray(schema.allOf) ? schema.allOf : []) {
        const hit = find(deref(branch), hops + 1);
        if (hit) return hit;
      }
      return undefined;
    };
    const model = deref(decl.schemaKey ? schemas[decl.schemaKey] : atPointer(doc, decl.pointer.replace(/^#/, '')));
    return deref(find(model, 0)?.items);
  }

  /**
   * A JSON value of `type` within `constraints`. `example` is used when it is a
   * primitive of the right kind that satisfies the constraints.
   */
  value(type: TypeRef, constraints: Constraints, hints: { example?: unknown; hint?: string }, where: string, problems: string[], depth: number): unknown {
    switch (type.kind) {
      case 'nullable':
        return this.value(type.type, constraints, hints, where, problems, depth);
      case 'literal':
        return type.value;
      case 'binary':
        return new Blob(['contract run'], { type: 'application/octet-stream' });
      case 'primitive':
        return this.primitive(type.name, { ...constraints, format: constraints.format ?? type.format }, hints, where, problems);
      case 'oneOf': {
        const literals = type.types.filter((t) => t.kind === 'literal') as { value: unknown }[];
        if (literals.length && hints.example !== undefined && literals.some((l) => l.value === hints.example)) return hints.example;
        const real = literals.find((l) => !PLACEHOLDER_MEMBERS.has(String(l.value)));
        if (real) return real.value;
        return this.value(type.types[0]!, constraints, hints, where, problems, depth);
      }
      case 'array': {
        const min = constraints.minItems ?? 0;
        const max = constraints.maxItems ?? Infinity;
        // One item even when none is required: it exercises the item encoding.
        const count = Math.min(Math.max(min, 1), max);
        if (Array.isArray(hints.example) && hints.example.length >= min && hints.example.length <= max && hints.example.every((v) => typeof v !== 'object')) {
          return hints.example;
        }
        const items: unknown[] = [];
        for (let i = 0; i < count; i++) {
          items.push(this.value(type.items, {}, { hint: hints.hint }, `${where}[${i}]`, problems, depth));
        }
        if (constraints.uniqueItems && new Set(items.map((v) => JSON.stringify(v))).size < items.length) {
          problems.push(`${where}: cannot build ${count} distinct items`);
        }
        return items;
      }
      case 'map':
        return {};
      case 'ref': {
        const decl = this.decl(type.id);
        switch (decl.kind) {
          case 'enum': {
            if (hints.example !== undefined && decl.members.some((m) => m.value === hints.example)) return hints.example;
            const member = decl.members.find((m) => !PLACEHOLDER_MEMBERS.has(String(m.value))) ?? decl.members[0];
            if (!member) problems.push(`${where}: enum ${decl.name} has no members`);
            return member?.value;
          }
          case 'alias':
            return this.value(decl.type, { ...decl.constraints, ...constraints }, hints, where, problems, depth);
          case 'union':
            // The first branch: for Nutanix unions a model, told apart by its `$objectType`.
            return this.value(decl.branches[0]!, constraints, {}, where, problems, depth);
          case 'model':
            return this.modelJson(decl, where, problems, depth);
        }
      }
    }
  }

  private primitive(name: string, c: Constraints, hints: { example?: unknown; hint?: string }, where: string, problems: string[]): unknown {
    const example = hints.example;
    switch (name) {
      case 'string': {
        if (typeof example === 'string' && stringFits(example, c)) return example;
        const candidates = formatSamples(c.format, hints.hint);
        if (c.pattern) {
          candidates.push(UUID, TASK_ID);
          try {
            candidates.push(...patternSamples(c.pattern));
          } catch (err) {
            problems.push(`${where}: pattern ${c.pattern} (${(err as Error).message})`);
          }
        } else {
          candidates.push(sized('contract', c));
        }
        const fit = candidates.find((s) => stringFits(s, c));
        if (fit === undefined) problems.push(`${where}: no string satisfies ${JSON.stringify(c)}`);
        return fit ?? candidates[0];
      }
      case 'integer':
      case 'number': {
        if (typeof example === 'number' && numberFits(example, c, name === 'integer')) return example;
        const n = numberWithin(c, name === 'integer');
        if (n === undefined) problems.push(`${where}: no ${name} satisfies ${JSON.stringify(c)}`);
        return n;
      }
      case 'boolean':
        return typeof example === 'boolean' ? example : false;
      case 'null':
        return null;
      default:
        // A free-form value: an object is what such fields hold in the documents.
        return example !== undefined && typeof example !== 'object' ? example : {};
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The node at a JSON pointer (`/components/schemas/X`), or undefined. */
function atPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** The constraints of a raw schema, in the IR's shape. */
function constraintsOf(schema: Record<string, unknown>): Constraints {
  const pick = <T>(key: string, type: string): T | undefined => (typeof schema[key] === type ? (schema[key] as T) : undefined);
  return {
    minimum: pick('minimum', 'number'),
    maximum: pick('maximum', 'number'),
    minLength: pick('minLength', 'number'),
    maxLength: pick('maxLength', 'number'),
    pattern: pick('pattern', 'string'),
    format: pick('format', 'string'),
    multipleOf: pick('multipleOf', 'number'),
  };
}

function stringFits(s: string, c: Constraints): boolean {
  const length = [...s].length;
  if (c.minLength !== undefined && length < c.minLength) return false;
  if (c.maxLength !== undefined && length > c.maxLength) return false;
  if (c.pattern !== undefined) {
    try {
      if (!new RegExp(c.pattern, 'u').test(s)) return false;
    } catch {
      if (!new RegExp(c.pattern).test(s)) return false;
    }
  }
  return true;
}

/** `base` repeated up to the minimum length, cut to the maximum. */
function sized(base: string, c: Constraints): string {
  let s = base;
  while (s.length < (c.minLength ?? 0)) s += base;
  return c.maxLength !== undefined ? s.slice(0, c.maxLength) : s;
}

function formatSamples(format: string | undefined, hint: string | undefined): string[] {
  const late = /end/i.test(hint ?? '');
  switch (format) {
    case 'uuid':
      return [UUID];
    case 'date-time':
      return [late ? '2024-05-06T08:00:00Z' : '2024-05-06T07:00:00Z'];
    case 'date':
      return ['2024-05-06'];
    case 'time':
      return ['07:08:09Z'];
    case 'email':
      return ['admin@example.com'];
    case 'ipv4':
      return ['10.0.0.1'];
    case 'ipv6':
      return ['fd00::1'];
    case 'hostname':
      return ['host.example.com'];
    case 'uri':
    case 'url':
      return ['https://example.com/contract'];
    case 'byte':
      return ['Y29udHJhY3Q='];
    default:
      return [];
  }
}

function numberFits(n: number, c: Constraints, integer: boolean): boolean {
  if (integer && !Number.isInteger(n)) return false;
  if (c.minimum !== undefined && n < c.minimum) return false;
  if (c.maximum !== undefined && n > c.maximum) return false;
  if (c.exclusiveMinimum !== undefined && n <= c.exclusiveMinimum) return false;
  if (c.exclusiveMaximum !== undefined && n >= c.exclusiveMaximum) return false;
  if (c.multipleOf !== undefined && Math.abs(n / c.multipleOf - Math.round(n / c.multipleOf)) > 1e-9) return false;
  return true;
}

function numberWithin(c: Constraints, integer: boolean): number | undefined {
  const step = c.multipleOf ?? 1;
  const candidates: number[] = [1];
  if (c.minimum !== undefined) candidates.unshift(c.minimum, Math.ceil(c.minimum / step) * step);
  if (c.exclusiveMinimum !== undefined) candidates.unshift(Math.floor(c.exclusiveMinimum / step) * step + step);
  if (c.maximum !== undefined) candidates.push(c.maximum, Math.floor(c.maximum / step) * step);
  if (c.exclusiveMaximum !== undefined) candidates.push(Math.ceil(c.exclusiveMaximum / step) * step - step);
  candidates.push(0, step);
  return candidates.find((n) => numberFits(n, c, integer));
}

/**
 * Strings matching a regular expression of the simple kind the documents use
 * (anchors, classes, escapes, groups, alternation, quantifiers): the shortest
 * one, and one with each repetition taken at least once.
 */
export function patternSamples(pattern: string): string[] {
  return [generate(pattern, false), generate(pattern, true)];
}

function generate(pattern: string, atLeastOnce: boolean): string {
  let i = 0;
  const peek = (): string | undefined => pattern[i];

  const parseAlternation = (): string[][] => {
    // Returns alternatives, each a list of generated pieces.
    const alternatives: string[][] = [[]];
    while (i < pattern.length && peek() !== ')') {
      if (peek() === '|') {
        i++;
        alternatives.push([]);
        continue;
      }
      const atom = parseAtom();
      const [min, max] = parseQuantifier();
      const reps = Math.min(max, Math.max(min, atLeastOnce ? 1 : 0));
      const current = alternatives[alternatives.length - 1]!;
      for (let r = 0; r < reps; r++) current.push(atom());
    }
    return alternatives;
  };

  const parseAtom = (): (() => string) => {
    const ch = pattern[i++]!;
    switch (ch) {
      case '^':
      case '$':
        return () => '';
      case '(': {
        if (pattern.startsWith('?:', i)) i += 2;
        else if (pattern[i] === '?') throw new Error('lookaround is not supported');
        const alternatives = parseAlternation();
        if (pattern[i++] !== ')') throw new Error('unbalanced group');
        const first = alternatives[0]!.join('');
        return () => first;
      }
      case '[': {
        const chars = parseClass();
        return () => chars;
      }
      case '\\':
        return escape(pattern[i++]);
      case '.':
        return () => 'a';
      default:
        return () => ch;
    }
  };

  const escape = (e: string | undefined): (() => string) => {
    switch (e) {
      case 'd':
        return () => '1';
      case 'w':
        return () => 'a';
      case 's':
        return () => ' ';
      case undefined:
        throw new Error('dangling escape');
      default:
        if (/[DWSbB]/.test(e) || /\d/.test(e)) throw new Error(`escape \\${e} is not supported`);
        return () => e;
    }
  };

  /** A character of a class: the first allowed one, a letter or digit if possible. */
  const parseClass = (): string => {
    const negated = pattern[i] === '^';
    if (negated) i++;
    const allowed: string[] = [];
    let first = true;
    while (i < pattern.length && (pattern[i] !== ']' || first)) {
      first = false;
      let c = pattern[i++]!;
      if (c === '\\') {
        const e = pattern[i++]!;
        c = e === 'd' ? '0' : e === 'w' ? 'a' : e === 's' ? ' ' : e;
      }
      if (pattern[i] === '-' && pattern[i + 1] !== ']' && i + 1 < pattern.length) {
        i++;
        let end = pattern[i++]!;
        if (end === '\\') end = pattern[i++]!;
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0) && allowed.length < 512; code++) allowed.push(String.fromCharCode(code));
      } else {
        allowed.push(c);
      }
    }
    if (pattern[i++] !== ']') throw new Error('unterminated class');
    if (negated) {
      const pool = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_';
      const pick = [...pool].find((p) => !allowed.includes(p));
      if (!pick) throw new Error('negated class excludes every plain character');
      return pick;
    }
    return allowed.find((a) => /[a-z0-9]/i.test(a)) ?? allowed[0] ?? '';
  };

  const parseQuantifier = (): [number, number] => {
    const q = peek();
    let range: [number, number] = [1, 1];
    if (q === '*') range = [0, Infinity];
    else if (q === '+') range = [1, Infinity];
    else if (q === '?') range = [0, 1];
    else if (q === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (!m) return range;
      i += m[0].length;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      if (pattern[i] === '?') i++;
      return [min, max];
    } else return range;
    i++;
    if (peek() === '?') i++; // lazy
    return range;
  };

  const alternatives = parseAlternation();
  if (i < pattern.length) throw new Error('unbalanced group');
  return alternatives[0]!.join('');
}
