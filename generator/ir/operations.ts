/**
 * Paths and operations -> API classes (one per tag) with typed operations.
 */
import { escapePointerToken } from '../load/diagnostics.js';
import type { MediaTypeObject, OperationObject, ParameterObject, RequestBodyObject, ResponseObject, SchemaObject } from '../load/openapi.js';
import { HTTP_METHODS } from '../load/openapi.js';
import type { Api, Constraints, Operation, Param, RequestBody, ResponseCase, TypeRef } from './model.js';
import { apiClassName, memberName, operationNameFromPath, paramPropertyName, parseNutanixPath, typeName, uniqueName } from './naming.js';
import type { SchemaContext, SchemaConverter } from './schemas.js';
import { legacyFlavor, legacyOperationName, legacyPathPrefix } from './v3.js';

/** Keys of a Nutanix response envelope. */
const ENVELOPE_KEYS = new Set(['data', 'metadata', '$reserved', '$objectType', '$unknownFields', '$dataItemDiscriminator']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function buildApis(ctx: SchemaContext, conv: SchemaConverter): Api[] {
  const doc = ctx.document;
  const byTag = new Map<string, { ops: Operation[]; methodNames: Set<string>; staticNames: Set<string>; description?: string }>();
  const tagDescriptions = new Map((doc.tags ?? []).filter((t) => t && typeof t.name === 'string').map((t) => [t.name, t.description]));
  const usedOperationIds = new Map<string, string>();
  const legacy = legacyFlavor(doc);
  const allPaths = new Set(Object.keys(doc.paths ?? {}));
  const legacyPrefix = legacy ? legacyPathPrefix(doc) : '';

  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    if (rawItem === null || typeof rawItem !== 'object') continue;
    const item = rawItem.$ref ? (conv.resolve<typeof rawItem>(rawItem.$ref) ?? rawItem) : rawItem;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op || typeof op !== 'object') continue;
      const pointer = `/paths/${escapePointerToken(path)}/${method}`;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' && op.tags[0].trim() !== '' ? op.tags[0] : 'Default';
      let group = byTag.get(tag);
      if (!group) {
        // Statics of a class may not shadow the built-in properties of the constructor function.
        group = { ops: [], methodNames: new Set(['constructor', 'client']), staticNames: new Set(['name', 'length', 'prototype', 'caller', 'arguments']) };
        const description = tagDescriptions.get(tag);
        if (description) group.description = description;
        byTag.set(tag, group);
      }
      let operationId = typeof op.operationId === 'string' && op.operationId.trim() !== '' ? op.operationId : legacy ? legacyOperationName(method, path, op, allPaths) : operationNameFromPath(method, path);
      const previous = usedOperationIds.get(`${tag}\u0000${operationId}`);
      if (previous) {
        ctx.sink.warn('duplicate-operation-id', `operationId ${JSON.stringify(operationId)} is used twice in tag ${JSON.stringify(tag)} (also at ${previous})`, pointer + '/operationId');
      } else usedOperationIds.set(`${tag}\u0000${operationId}`, pointer);
      const methodName = uniqueName(memberName(operationId), group.methodNames);
      if (!op.operationId) operationId = methodName;
      const built = buildOperation(ctx, conv, path, method, op, [...(item.parameters ?? [])], pointer, operationId, methodName, group.methodNames);
      // The operation as data (`VmApi.updateVmById`), a static named like the method where it can be.
      const descriptorName = group.staticNames.has(methodName.toLowerCase()) ? uniqueName(`${methodName}Operation`, group.staticNames) : uniqueName(methodName, group.staticNames);
      const operation: Operation = { ...built, descriptorName };
      group.ops.push(legacy ? legacyOperation(conv, operation, op, legacyPrefix, group.methodNames) : operation);
    }
  }

  const apis: Api[] = [];
  const classNames = new Set<string>();
  for (const [tag, group] of byTag) {
    const name = uniqueName(apiClassName(tag), classNames);
    apis.push({ name, fileName: name, tag, ...(group.description ? { description: group.description } : {}), operations: group.ops });
  }
  return apis;
}

function buildOperation(
  ctx: SchemaContext,
  conv: SchemaConverter,
  path: string,
  method: string,
  op: OperationObject,
  pathParams: ParameterObject[],
  pointer: string,
  operationId: string,
  methodName: string,
  methodNames: Set<string>,
): Operation {
  const moduleHint = operationModule(ctx, path);
  const opType = typeName(methodName);

  // Parameters: the operation's override the path item's with the same name and location.
  const merged = new Map<string, { param: ParameterObject; pointer: string }>();
  const addParams = (list: unknown, at: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const param = (raw && typeof raw === 'object' && typeof (raw as ParameterObject).$ref === 'string' ? conv.resolve<ParameterObject>((raw as ParameterObject).$ref!) : raw) as ParameterObject | undefined;
      if (!param || typeof param.name !== 'string' || !['path', 'query', 'header', 'cookie'].includes(param.in)) return;
      merged.set(`${param.in}:${param.name}`, { param, pointer: `${at}/${i}` });
    });
  };
  addParams(pathParams, `/paths/${escapePointerToken(path)}/parameters`);
  addParams(op.parameters, `${pointer}/parameters`);

  const takenProps = new Set<string>();
  const params: Param[] = [];
  for (const { param, pointer: at } of merged.values()) {
    const lower = param.name.toLowerCase();
    const role = param.in === 'header' && lower === 'if-match' ? 'ifMatch' : param.in === 'header' && lower === 'ntnx-request-id' ? 'requestId' : undefined;
    const schema = param.schema ?? firstMedia(param.content)?.schema;
    const type = conv.typeOf(schema, `${at}/schema`, `${opType}${typeName(param.name)}`, moduleHint);
    const propName = uniqueCaseSensitive(paramPropertyName(param.name), takenProps);
    const p: Mutable<Param> = {
      wireName: param.name,
      propName,
      in: param.in,
      type,
      required: (param.in === 'path' || param.required === true) && role === undefined,
      deprecated: param.deprecated === true,
      constraints: paramConstraints(schema),
      csv: param.in === 'query' && param.explode === false && isArrayType(type),
    };
    if (typeof param.description === 'string' && param.description.trim()) p.description = param.description;
    else if (schema && typeof schema.description === 'string') p.description = schema.description;
    if (schema && schema.default !== undefined) p.default = schema.default;
    if (role) p.role = role;
    params.push(p);
  }
  // Path placeholders without a declared parameter still need a value.
  for (const m of path.matchAll(/\{([^}]+)\}/g)) {
    const name = m[1]!;
    if (!params.some((p) => p.in === 'path' && p.wireName === name)) {
      ctx.sink.warn('undeclared-path-param', `path parameter {${name}} is not declared; it is typed as a string`, pointer);
      params.push({ wireName: name, propName: uniqueCaseSensitive(paramPropertyName(name), takenProps), in: 'path', type: { kind: 'primitive', name: 'string' }, required: true, deprecated: false, constraints: {}, csv: false });
    }
  }

  // Request body.
  let body: RequestBody | undefined;
  const rawBody = op.requestBody && typeof op.requestBody === 'object' ? (op.requestBody.$ref ? conv.resolve<RequestBodyObject>(op.requestBody.$ref) : op.requestBody) : undefined;
  if (rawBody && rawBody.content) {
    const picked = pickContent(rawBody.content);
    if (picked) {
      const kind = bodyKind(picked.type);
      const type: TypeRef = kind === 'binary' ? { kind: 'binary' } : conv.typeOf(picked.media.schema, `${pointer}/requestBody/content/${escapePointerToken(picked.type)}/schema`, `${opType}Request`, moduleHint);
      body = {
        propName: uniqueCaseSensitive('body', takenProps),
        type,
        contentType: picked.type,
        required: rawBody.required === true,
        kind,
        ...(typeof rawBody.description === 'string' && rawBody.description.trim() ? { description: rawBody.description } : {}),
      };
    }
  }

  // Responses.
  const responses: ResponseCase[] = [];
  let errorType: TypeRef | undefined;
  for (const [status, rawResponse] of Object.entries(op.responses ?? {})) {
    if (!rawResponse || typeof rawResponse !== 'object') continue;
    const response = rawResponse.$ref ? conv.resolve<ResponseObject>(rawResponse.$ref) : rawResponse;
    if (!response) continue;
    const declared = Object.keys(op.responses ?? {});
    const has2xx = declared.some((s) => /^2/.test(s));
    // A redirect is the answer when nothing 2xx is declared (vmm's image download answers 302):
    // fetch follows it, so what arrives is the target's 2xx response.
    // Only the redirects fetch follows; a 304 (not modified) is not one, and one redirect is enough.
    const redirect = /^30[12378]$/.test(status) && !has2xx && !responses.some((r) => r.redirectStatus !== undefined);
    const normalized = redirect ? '2XX' : status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase();
    const success = /^2/.test(normalized) || (normalized === 'default' && !has2xx && !declared.some((s) => /^3/.test(s)));
    const at = `${pointer}/responses/${escapePointerToken(status)}`;
    const picked = response.content ? pickContent(response.content) : undefined;
    const rc: Mutable<ResponseCase> = { status: normalized, success, kind: 'empty', envelope: false, ...(redirect ? { redirectStatus: status } : {}) };
    if (typeof response.description === 'string') rc.description = response.description;
    if (picked) {
      rc.contentType = picked.type;
      const kind = bodyKind(picked.type);
      rc.kind = kind === 'json' ? 'json' : kind === 'binary' ? 'binary' : 'text';
      const schemaAt = `${at}/content/${escapePointerToken(picked.type)}/schema`;
      const hint = `${opType}${success ? '' : 'Error'}Response`;
      if (rc.kind === 'json' && picked.media.schema) {
        const envelope = ctx.nutanix ? envelopeOf(conv, picked.media.schema) : undefined;
        if (envelope) {
          rc.envelope = true;
          if (envelope.data) rc.dataType = conv.typeOf(envelope.data, `${schemaAt}/properties/data`, `${opType}${success ? 'Data' : 'ErrorData'}`, moduleHint);
          if (envelope.metadata) rc.metadataType = conv.typeOf(envelope.metadata, `${schemaAt}/properties/metadata`, `${opType}Metadata`, moduleHint);
        } else {
          rc.dataType = conv.typeOf(picked.media.schema, schemaAt, hint, moduleHint);
        }
      } else if (rc.kind === 'binary') {
        rc.dataType = { kind: 'binary' };
      } else if (rc.kind === 'text') {
        rc.dataType = { kind: 'primitive', name: 'string' };
      }
    }
    if (!success && rc.dataType && !errorType) errorType = rc.dataType;
    responses.push(rc);
  }

  const security = Array.isArray(op.security) ? op.security.flatMap((req) => (req && typeof req === 'object' ? Object.keys(req) : [])) : undefined;

  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(op)) if (k.startsWith('x-') && k !== 'x-code-samples') extensions[k] = v;

  const operation: Mutable<Operation> = {
    operationId,
    methodName,
    paramsTypeName: `${typeName(methodName)}Params`,
    httpMethod: method.toUpperCase() as Operation['httpMethod'],
    path,
    deprecated: op.deprecated === true,
    params,
    responses,
    requiredByNames: [...new Set([operationId, operationKind(method.toUpperCase(), path)])],
    extensions,
    pointer,
    descriptorName: methodName,
  };
  if (typeof op.summary === 'string' && op.summary.trim()) operation.summary = op.summary.trim();
  if (typeof op.description === 'string' && op.description.trim()) operation.description = op.description;
  if (body) operation.body = body;
  if (errorType) operation.errorType = errorType;
  if (security) operation.security = security;

  // Paging: Nutanix list operations take `$page`/`$limit` and answer an array.
  const page = params.find((p) => p.in === 'query' && p.wireName === '$page');
  const limit = params.find((p) => p.in === 'query' && p.wireName === '$limit');
  const listData = responses.find((r) => r.success && r.dataType?.kind === 'array');
  // A binary answer can also be had as a stream: a sibling method `<method>Stream()`.
  if (responses.some((r) => r.success && r.kind === 'binary')) operation.streamMethodName = uniqueName(`${methodName}Stream`, methodNames);
  if (page && limit && listData?.dataType?.kind === 'array') {
    operation.paging = {
      methodName: uniqueName(`${methodName}All`, methodNames),
      pageParam: page.propName,
      limitParam: limit.propName,
      itemType: listData.dataType.items,
    };
  }
  return operation;
}

/**
 * Prism Central v3 lists: `POST /<kind>s/list` with `{ kind, offset, length, filter }`
 * in the body, answering `{ metadata: { total_matches }, entities: [...] }`. Gets an
 * iterator over all entities, page after page.
 */
function legacyOperation(conv: SchemaConverter, op: Operation, source: OperationObject, prefix: string, methodNames: Set<string>): Operation {
  // Paths are relative to `https://<host>:9440/api`, as for v4: one client serves both.
  const operation = { ...op, path: prefix + op.path };
  if (operation.httpMethod !== 'POST' || !/\/list$/.test(operation.path) || !operation.body || operation.body.kind !== 'json') return operation;
  const ok = operation.responses.find((r) => r.success && r.dataType?.kind === 'ref');
  const decl = ok?.dataType?.kind === 'ref' ? conv.decls.get(ok.dataType.id) : undefined;
  const entities = decl?.kind === 'model' ? decl.fields.find((f) => f.wireName === 'entities') : undefined;
  if (!entities || entities.type.kind !== 'array') return operation;
  const kind = typeof source['x-ntnx-kind'] === 'string' ? source['x-ntnx-kind'] : undefined;
  return {
    ...operation,
    entityPaging: { methodName: uniqueName(`${op.methodName}All`, methodNames), itemType: entities.type.items, ...(kind ? { kind } : {}) },
  };
}

function uniqueCaseSensitive(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}${i}`;
  taken.add(candidate);
  return candidate;
}

/** Module for declarations synthesized from an operation (inline bodies and responses). */
function operationModule(ctx: SchemaContext, path: string): string[] {
  if (!ctx.nutanix) return ['models'];
  const parsed = parseNutanixPath(path);
  if (!parsed) return ['models'];
  const rest = path
    .split('/')
    .slice(3)
    .filter((seg) => /^[a-z][a-z0-9-]*$/.test(seg));
  // `/vmm/v4.0/ahv/config/vms` -> `ahv/config`: the segments before the resource collection.
  return ['models', ...rest.slice(0, Math.max(1, rest.length - 1)).slice(0, 2).map((s) => s.replace(/-/g, ''))];
}

function firstMedia(content: Record<string, MediaTypeObject> | undefined): MediaTypeObject | undefined {
  if (!content) return undefined;
  const first = Object.values(content)[0];
  return first && typeof first === 'object' ? first : undefined;
}

function pickContent(content: Record<string, MediaTypeObject>): { type: string; media: MediaTypeObject } | undefined {
  const entries = Object.entries(content).filter(([, m]) => m && typeof m === 'object');
  const order = [
    (t: string) => /^application\/json\b/i.test(t),
    (t: string) => /\+json\b/i.test(t) || /\/json\b/i.test(t),
    (t: string) => /^multipart\/form-data/i.test(t),
    (t: string) => /^application\/x-www-form-urlencoded/i.test(t),
    (t: string) => /^application\/octet-stream/i.test(t),
    (t: string) => /^text\//i.test(t) || /xml/i.test(t),
    () => true,
  ];
  for (const test of order) {
    const hit = entries.find(([t]) => test(t));
    if (hit) return { type: hit[0], media: hit[1] };
  }
  return undefined;
}

/**
 * The kind of an operation, as `x-required-by-operation` names it (`{ create: [source] }`):
 * an action (`POST .../$actions/clone`) by its name, else by method and path: POST is
 * `create`, PUT and PATCH `update`, DELETE `delete`, GET of one entity (the path ends
 * with a parameter) `get`, other GETs `list`.
 */
export function operationKind(method: string, path: string): string {
  const action = /\/\$actions\/([^/{}]+)/.exec(path);
  if (action) return action[1]!;
  switch (method) {
    case 'POST':
      return 'create';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'DELETE':
      return 'delete';
    case 'GET':
      return /\}$/.test(path) ? 'get' : 'list';
    default:
      return method.toLowerCase();
  }
}

function bodyKind(contentType: string): RequestBody['kind'] {
  if (/json/i.test(contentType) || contentType === '*/*') return 'json';
  if (/^multipart\//i.test(contentType)) return 'multipart';
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return 'form';
  if (/^text\//i.test(contentType) || /xml/i.test(contentType)) return 'text';
  return 'binary';
}

/** The `data` and `metadata` schemas of a Nutanix envelope, if the schema is one. */
function envelopeOf(conv: SchemaConverter, schema: SchemaObject): { data?: SchemaObject; metadata?: SchemaObject } | undefined {
  const s = conv.deref(schema);
  if (!s.properties || !('data' in s.properties)) return undefined;
  if (!Object.keys(s.properties).every((k) => ENVELOPE_KEYS.has(k))) return undefined;
  return { data: s.properties.data, ...(s.properties.metadata ? { metadata: s.properties.metadata } : {}) };
}

function isArrayType(type: TypeRef): boolean {
  return type.kind === 'array' || (type.kind === 'nullable' && type.type.kind === 'array');
}

function paramConstraints(schema: SchemaObject | undefined): Constraints {
  if (!schema) return {};
  const c: { -readonly [K in keyof Constraints]: Constraints[K] } = {};
  if (typeof schema.minimum === 'number') c.minimum = schema.minimum;
  if (typeof schema.maximum === 'number') c.maximum = schema.maximum;
  if (typeof schema.minLength === 'number') c.minLength = schema.minLength;
  if (typeof schema.maxLength === 'number') c.maxLength = schema.maxLength;
  if (typeof schema.pattern === 'string') c.pattern = schema.pattern;
  if (typeof schema.format === 'string') c.format = schema.format;
  return c;
}
