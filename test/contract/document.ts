/**
 * The copy of a v4 document that Prism serves in the contract run.
 *
 * Two things in the Nutanix documents contradict the API's own wire format,
 * so that no request a real client sends (and no request at all, for some
 * operations) could pass a validator that reads them by the letter. The copy
 * repairs exactly these two, and nothing else:
 *
 * 1. `allOf` with `additionalProperties: false` in its branches. Each branch
 *    then forbids the other branches' properties, so no object with
 *    properties of two branches is valid (e.g. `vmm.v4.0.content.Image` =
 *    `ExternalizableAbstractModel` + `{ name, type, ... }`: a `name` breaks the
 *    first branch). The copy merges such an `allOf` into one object schema
 *    (properties and `required` of every branch, `additionalProperties: false`
 *    when a branch had it) - what the generator and the server make of it.
 *    An `allOf` with a branch that is not a plain object schema is kept.
 *
 * 2. `$objectType`. Every model carries it on the wire and the server reads it
 *    to choose a `oneOf` branch, but the documents declare it only at `oneOf`
 *    sites, and the branch schemas themselves forbid it
 *    (`additionalProperties: false`). The copy declares it on every object
 *    schema in `components.schemas` whose key is a Nutanix model key, as a
 *    string whose only allowed value is that model's wire name: the key with
 *    the minor/beta revision dropped (`vmm.v4.0.ahv.config.Vm` ->
 *    `vmm.v4.ahv.config.Vm`). Validation gets stricter, not looser: a client
 *    that sends a wrong `$objectType` is rejected, and `oneOf` branches that
 *    could not be told apart now can.
 *
 * `$reserved` and `$unknownFields` are not declared: a minimal request has no
 * business sending them, and Prism rejects them if the client does.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

export interface PreparedDocument {
  readonly document: Record<string, unknown>;
  /** `allOf` sites merged into one object schema. */
  readonly allOfMerged: number;
  /** `allOf` sites left as they were (a branch that is not a plain object schema). */
  readonly allOfKept: number;
  /** Component schemas given a declared `$objectType`. */
  readonly objectTypesDeclared: number;
}

/**
 * The `$objectType` wire name of a component schema key, or `undefined` for a
 * key that does not look like a Nutanix model key (`<ns>.v<major>.<minor...>.<module...>.<Name>`).
 */
export function wireObjectType(schemaKey: string): string | undefined {
  const m = /^([a-z][a-zA-Z0-9]*)\.(v\d+)\.(?:\d+|r\d+)(?:\.[ab]\d+)?\.(.+\.[A-Za-z0-9]+)$/.exec(schemaKey);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object schema: properties (or `type: object`), no composition of its own. */
function isPlainObject(schema: Schema): boolean {
  if (schema.oneOf || schema.anyOf || schema.allOf || schema.not) return false;
  if (schema.type !== undefined && schema.type !== 'object') return false;
  return schema.type === 'object' || isRecord(schema.properties);
}

/** The document, parsed, with the repairs above unless `repair` is false. */
export function prepareDocument(file: string, options: { repair?: boolean } = {}): PreparedDocument {
  const document = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as Record<string, unknown>;
  if (options.repair === false) return { document, allOfMerged: 0, allOfKept: 0, objectTypesDeclared: 0 };
  const components = (isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {}) as Record<string, Schema>;
  let allOfMerged = 0;
  let allOfKept = 0;
  const resolving = new Set<string>();

  const resolve = (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const key = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = key ? components[decodeURIComponent(key.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
    if (!target || !key) return schema;
    if (resolving.has(key)) return target; // a cycle: take the target as it is
    resolving.add(key);
    try {
      flatten(target);
    } finally {
      resolving.delete(key);
    }
    return target;
  };

  /** Merges the schema's own `allOf` (after merging those of its branches) into it, in place. */
  const flatten = (schema: Schema): void => {
    if (!Array.isArray(schema.allOf)) return;
    const branches = (schema.allOf as unknown[]).map((b) => (isRecord(b) ? b : {}));
    for (const b of branches) if (!b.$ref) flatten(b);
    const resolved = branches.map(resolve);
    if (!resolved.every(isPlainObject)) {
      allOfKept++;
      return;
    }
    const properties: Record<string, unknown> = {};
    const required = new Set<string>();
    let closed = false;
    for (const b of resolved) {
      Object.assign(properties, isRecord(b.properties) ? b.properties : {});
      for (const r of Array.isArray(b.required) ? b.required : []) required.add(String(r));
      if (b.additionalProperties === false) closed = true;
    }
    delete schema.allOf;
    schema.type = 'object';
    schema.properties = { ...properties, ...(isRecord(schema.properties) ? schema.properties : {}) };
    for (const r of Array.isArray(schema.required) ? schema.required : []) required.add(String(r));
    if (required.size) schema.required = [...required];
    if (closed && schema.additionalProperties === undefined) schema.additionalProperties = false;
    allOfMerged++;
  };

  // Every schema object anywhere in the document (components, inline in paths).
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!isRecord(node)) return;
    if (Array.isArray(node.allOf)) flatten(node);
    for (const value of Object.values(node)) walk(value);
  };
  walk(document);

  let objectTypesDeclared = 0;
  for (const [key, schema] of Object.entries(components)) {
    const wire = wireObjectType(key);
    if (!wire || !isPlainObject(schema)) continue;
    const properties = isRecord(schema.properties) ? schema.properties : {};
    if (properties.$objectType !== undefined) continue;
    schema.properties = { $objectType: { type: 'string', enum: [wire] }, ...properties };
    objectTypesDeclared++;
  }
  return { document, allOfMerged, allOfKept, objectTypesDeclared };
}
