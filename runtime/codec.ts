/**
 * JSON <-> model helpers called by generated models and unions.
 *
 * Decoding is tolerant: a value that does not have the declared shape (a `null`
 * where an object was declared, an unknown `$objectType`, an enum value added in
 * a newer API release) is kept as it came, so that decode-then-encode gives back
 * the same JSON. Nothing here throws on server data.
 */

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Decodes each element; a non-array (e.g. `null`) is returned as it came. */
export function decodeArray<J, T>(value: readonly J[], decode: (json: J) => T): T[] {
  if (!Array.isArray(value)) return value as unknown as T[];
  const out = new Array<T>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as J;
    out[i] = item === null || item === undefined ? (item as unknown as T) : decode(item);
  }
  return out;
}

/** Decodes each value of a JSON object used as a map. */
export function decodeMap<J, T>(value: Readonly<Record<string, J>>, decode: (json: J) => T): Record<string, T> {
  if (!isJsonObject(value)) return value as unknown as Record<string, T>;
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const key of Object.keys(value)) {
    const item = value[key] as J;
    define(out, key, item === null || item === undefined ? item : decode(item));
  }
  return out;
}

/** Encodes a model with its `toJSON()`; anything else (a raw object kept by decoding) as it is. */
export function encodeModel<J>(model: { toJSON(): J }): J {
  return model !== null && typeof model === 'object' && typeof model.toJSON === 'function' ? model.toJSON() : (model as unknown as J);
}

export function encodeArray<T, J>(value: readonly T[], encode: (model: T) => J): J[] {
  if (!Array.isArray(value)) return value as unknown as J[];
  const out = new Array<J>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = value[i] as T;
    out[i] = item === null || item === undefined ? (item as unknown as J) : encode(item);
  }
  return out;
}

export function encodeMap<T, J>(value: Readonly<Record<string, T>>, encode: (model: T) => J): Record<string, J> {
  if (!isJsonObject(value)) return value as unknown as Record<string, J>;
  const out: Record<string, J> = {};
  for (const key of Object.keys(value)) {
    const item = value[key] as T;
    define(out, key, item === null || item === undefined ? item : encode(item));
  }
  return out;
}

/** Encodes any value: models by `toJSON()`, arrays and plain objects member by member. */
export function encodeAny(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(encodeAny);
  if (isJsonObject(value)) {
    if (typeof value.toJSON === 'function') return (value as { toJSON(): unknown }).toJSON();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) define(out, key, encodeAny(value[key]));
    return out;
  }
  return value;
}

/** Values of types that need no decoding choice are kept as they are. */
export function decodeAny(value: unknown): unknown {
  return value;
}

/**
 * The properties of `json` that are not in `declared`, or `undefined` when there
 * are none. Kept on the model so that `toJSON()` sends them back.
 */
export function undeclaredOf(json: object, declared: ReadonlySet<string>): Record<string, unknown> | undefined {
  let extra: Record<string, unknown> | undefined;
  for (const key of Object.keys(json)) {
    if (declared.has(key)) continue;
    extra ??= Object.create(null) as Record<string, unknown>;
    define(extra, key, (json as Record<string, unknown>)[key]);
  }
  return extra;
}

/** Adds the undeclared properties kept by `undeclaredOf` back to an encoded object. */
export function withUndeclared<J extends object>(json: J, extra: Readonly<Record<string, unknown>> | undefined): J {
  if (extra) for (const key of Object.keys(extra)) if (!(key in json) || !Object.prototype.hasOwnProperty.call(json, key)) define(json, key, extra[key]);
  return json;
}

/** Sets a property even when its name is `__proto__`. */
function define(target: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Record<string, unknown>)[key] = value;
}

/**
 * An object value of a union that no branch claims: its `$objectType` is one this
 * SDK version does not know, or it has none and its shape fits more than one
 * branch. It is kept as it came (`json`) and sent back unchanged: never decoded
 * as a guessed branch, never given a guessed `$objectType`.
 *
 * Its own `$objectType` is `undefined`, so a `switch` on `$objectType` over a
 * union reaches `default` for it; the wire's `$objectType`, if any, is `objectType`.
 */
export class UnknownObject {
  /** The object as received. */
  readonly json: Readonly<Record<string, unknown>>;

  constructor(json: Readonly<Record<string, unknown>>) {
    this.json = json;
  }

  /** Always `undefined`: no known branch. The wire's value is in `objectType`. */
  get $objectType(): undefined {
    return undefined;
  }

  /** The `$objectType` the value came with, if any. */
  get objectType(): string | undefined {
    const type = this.json.$objectType;
    return typeof type === 'string' ? type : undefined;
  }

  /** The object exactly as received. */
  toJSON(): Record<string, unknown> {
    return this.json as Record<string, unknown>;
  }
}

/** One branch of a `oneOf`, as generated unions describe it to `decodeUnion`. */
export interface UnionBranch {
  /** The JSON shape of the branch. */
  readonly shape: 'object' | 'array' | 'map' | 'string' | 'number' | 'boolean' | 'null' | 'any';
  /** `$objectType` of the model (object branch) or of the array's items (array branch). */
  readonly objectType?: string;
  /** JSON shape of array items, to choose among several array branches. */
  readonly itemShape?: UnionBranch['shape'];
  /** Required properties of an object branch, to choose when there is no `$objectType`. */
  readonly required?: readonly string[];
  /** Declared properties of an object branch, to choose by the properties only it has. */
  readonly properties?: readonly string[];
  /** Value of the document's `discriminator.propertyName` for this branch. */
  readonly discriminator?: { readonly property: string; readonly values: readonly string[] };
  /** Decodes a value of this branch; omitted when the value needs no decoding. */
  readonly decode?: (json: never) => unknown;
}

function shapeOf(value: unknown): UnionBranch['shape'] {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    default:
      return 'any';
  }
}

function run(branch: UnionBranch, value: unknown): unknown {
  return branch.decode ? (branch.decode as (json: unknown) => unknown)(value) : value;
}

const META_KEYS = new Set(['$objectType', '$reserved', '$unknownFields']);

/**
 * The object branch that the JSON's shape names, or undefined when it names none
 * or several: a branch whose required properties are missing is out; of the rest,
 * the only one left, or the one that alone has properties the value carries and no
 * other branch declares. `evidence`: a lone branch must still show one of those
 * (when a map branch would take the value otherwise).
 */
function branchByShape(obj: Record<string, unknown>, objects: readonly UnionBranch[], evidence: boolean): UnionBranch | undefined {
  const candidates = objects.filter((b) => !b.required || b.required.every((k) => k in obj));
  if (candidates.length === 0) return objects.length === 1 && !evidence ? objects[0] : undefined;
  const keys = Object.keys(obj).filter((k) => !META_KEYS.has(k));
  let chosen: UnionBranch | undefined;
  for (const b of candidates) {
    const unique = keys.some((k) => b.properties?.includes(k) && !objects.some((o) => o !== b && o.properties?.includes(k)));
    if (!unique) continue;
    if (chosen) return undefined; // properties of two branches: undecided
    chosen = b;
  }
  if (chosen || candidates.length > 1) return chosen;
  const only = candidates[0]!;
  return !evidence || (only.required?.length ?? 0) > 0 ? only : undefined;
}

/**
 * Decodes a `oneOf` value: by `$objectType` first (the Nutanix convention), then
 * by the document's discriminator, then by JSON shape (required and unique
 * properties). An object no branch claims becomes an `UnknownObject` that keeps
 * it as it came; other values no branch fits are returned unchanged.
 */
export function decodeUnion(value: unknown, branches: readonly UnionBranch[]): unknown {
  const shape = shapeOf(value);
  if (shape === 'null' || shape === 'any') return value;
  if (shape === 'array') {
    const arrays = branches.filter((b) => b.shape === 'array');
    if (arrays.length <= 1) return arrays[0] ? run(arrays[0], value) : value;
    const first = (value as unknown[])[0];
    if (first === undefined) return value;
    const firstType = isJsonObject(first) && typeof first.$objectType === 'string' ? first.$objectType : undefined;
    const byType = firstType !== undefined ? arrays.find((b) => b.objectType === firstType) : undefined;
    const byShape = arrays.find((b) => b.itemShape === shapeOf(first) && (firstType === undefined || b.objectType === undefined));
    const chosen = byType ?? byShape;
    return chosen ? run(chosen, value) : value;
  }
  if (shape === 'object') {
    const obj = value as Record<string, unknown>;
    const objectType = typeof obj.$objectType === 'string' ? obj.$objectType : undefined;
    const objects = branches.filter((b) => b.shape === 'object');
    const map = branches.find((b) => b.shape === 'map');
    const unclaimed = () => (map ? run(map, value) : objects.length > 0 ? new UnknownObject(obj) : value);
    if (objectType !== undefined && objects.some((b) => b.objectType !== undefined)) {
      const hit = objects.find((b) => b.objectType === objectType);
      // A type this SDK version does not know: kept as it came.
      return hit ? run(hit, value) : objects.some((b) => b.objectType === undefined) ? decideByShape() : unclaimed();
    }
    return decideByShape();

    function decideByShape(): unknown {
      const withDiscriminator = objects.filter((b) => b.discriminator);
      if (withDiscriminator.length > 0) {
        const property = withDiscriminator[0]!.discriminator!.property;
        const tag = obj[property];
        if (tag !== undefined) {
          const hit = withDiscriminator.find((b) => b.discriminator!.values.includes(String(tag)));
          return hit ? run(hit, value) : unclaimed();
        }
      }
      const chosen = branchByShape(obj, objects.filter((b) => objectType === undefined || b.objectType === undefined), map !== undefined);
      return chosen ? run(chosen, value) : unclaimed();
    }
  }
  return value;
}

/**
 * What a model's constructor takes: its data fields, with the optionality the
 * class declares (required fields stay required), without methods or `$objectType`.
 */
export type ModelInit<T> = {
  [K in keyof T as K extends '$objectType' ? never : T[K] extends (...args: never[]) => unknown ? never : K]: T[K];
};

/**
 * `T` with the fields `K` set: the request type of an operation that requires
 * them although the model does not (`x-required-by-operation`, e.g. `source` on create).
 */
export type RequiredFor<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };

/**
 * `new model(init)`, typed with the fields `init` sets: the result satisfies
 * `RequiredFor<Model, ...>` where a plain `new` gives only the class type.
 */
export function build<C extends new (init: never) => object, const I extends ConstructorParameters<C>[0]>(model: C, init: I): InstanceType<C> & I {
  return new model(init as never) as InstanceType<C> & I;
}

/** A `multipart/form-data` body from a model or plain object: files as they are, objects as JSON. */
export function toFormData(value: object): FormData {
  const form = new FormData();
  const json = encodeAny(value) as Record<string, unknown>;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(json)) {
    const raw = source[key];
    const item = json[key];
    if (item === undefined) continue;
    if (raw instanceof Blob) form.append(key, raw);
    else if (typeof item === 'object' && item !== null) form.append(key, new Blob([JSON.stringify(item)], { type: 'application/json' }));
    else form.append(key, String(item));
  }
  return form;
}

/** An `application/x-www-form-urlencoded` body from a model or plain object. */
export function toUrlEncoded(value: object): URLSearchParams {
  const params = new URLSearchParams();
  const json = encodeAny(value) as Record<string, unknown>;
  for (const key of Object.keys(json)) {
    const item = json[key];
    if (item === undefined) continue;
    if (Array.isArray(item)) for (const v of item) params.append(key, typeof v === 'object' ? JSON.stringify(v) : String(v));
    else params.append(key, typeof item === 'object' && item !== null ? JSON.stringify(item) : String(item));
  }
  return params;
}

/**
 * Copies the listed properties that `source` has (own, and not `undefined`):
 * the fields of a model that need no decoding or encoding.
 */
export function copyFields(target: object, source: object, keys: readonly string[]): void {
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const value = (source as Record<string, unknown>)[key];
    if (value !== undefined) define(target, key, value);
  }
}
