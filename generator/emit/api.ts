/**
 * API emitter: one class per tag, one typed async method per operation. A
 * method only describes the call; the runtime's `ApiClient.request()` makes it.
 * Parameter types live in a namespace merged with the class
 * (`VmApi.ListVmsParams`), so equal operation ids in two tags never clash.
 */
import type { ClassDeclarationStructure, InterfaceDeclarationStructure, MethodDeclarationStructure, OptionalKind, GetAccessorDeclarationStructure, WriterFunction } from './print.js';
import { ModuleDeclarationKind, Scope, StructureKind } from './print.js';
import type { Api, Field, Operation, Param, TypeRef, Version } from '../ir/model.js';
import type { FileImports, Statement } from './context.js';
import type { Templates } from '../templates.js';
import { comment, constraintLines, inline } from './docs.js';
import { access, propKey } from './model.js';
import { arrayLiteral, objectLiteral, WIDTH } from './layout.js';
import { decodeExpr, encodeExpr, needsCodec, quote, typeText } from './types.js';

/** A binary request body: bytes, a `Blob` (`fileBody()` on Node: read from disk as sent), or a stream. */
function binaryBodyType(imports: FileImports): string {
  return `Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | ${imports.runtime('StreamBody', true)}`;
}

function isSimpleParam(type: TypeRef, imports: FileImports): boolean {
  switch (type.kind) {
    case 'primitive':
    case 'literal':
      return true;
    case 'nullable':
      return isSimpleParam(type.type, imports);
    case 'oneOf':
      return type.types.every((t) => isSimpleParam(t, imports));
    case 'array':
      return isSimpleParam(type.items, imports) && type.items.kind !== 'array';
    case 'ref': {
      const decl = imports.ctx.decl(type.id);
      return decl.kind === 'enum' || (decl.kind === 'alias' && isSimpleParam(decl.type, imports));
    }
    default:
      return false;
  }
}

/** An array (through aliases): a list answer with no `data` then resolves to `[]`, as its type promises. */
function isArrayType(type: TypeRef, imports: FileImports, depth = 0): boolean {
  if (type.kind === 'array') return true;
  if (type.kind !== 'ref' || depth > 16) return false;
  const decl = imports.ctx.decl(type.id);
  return decl.kind === 'alias' && isArrayType(decl.type, imports, depth + 1);
}

function paramType(p: Param, imports: FileImports): string {
  if (p.role === 'ifMatch') return 'string | object';
  // A path segment cannot be null: the runtime refuses it, so the type does too.
  if (p.in === 'path' && p.type.kind === 'nullable') return typeText(p.type.type, imports, 'model');
  return typeText(p.type, imports, 'model');
}

function paramDoc(p: Param, templates: Templates): string {
  return comment(templates, 'param', {
    name: p.propName,
    wireName: p.wireName,
    description: p.description,
    ifMatch: p.role === 'ifMatch',
    requestId: p.role === 'requestId',
    constraints: constraintLines(p.constraints),
    default: p.default !== undefined ? inline(JSON.stringify(p.default) ?? '') : undefined,
    deprecated: p.deprecated,
  });
}

/** The value passed to the runtime for one parameter. */
function paramValue(p: Param, imports: FileImports): string {
  const src = access('params', p.propName);
  if (p.role === 'ifMatch' || isSimpleParam(p.type, imports)) return src;
  return `${src} === undefined ? undefined : JSON.stringify(${imports.runtime('encodeAny')}(${src}))`;
}

function record(entries: [string, string][], room = WIDTH - 30): string {
  // `__proto__: x` in an object literal sets the prototype; a computed key makes a property.
  return objectLiteral(
    entries.map(([k, v]) => `${k === '__proto__' ? "['__proto__']" : propKey(k)}: ${v}`),
    room,
  );
}

function successDataType(op: Operation, imports: FileImports): string {
  const types = [...new Set(op.responses.filter((r) => r.success).map((r) => (r.dataType ? typeText(r.dataType, imports, 'model') : 'undefined')))];
  return types.length === 0 ? 'undefined' : types.join(' | ');
}

/**
 * The return type of an operation with several success statuses of different data
 * types: a union narrowed by `status` (`ApiResponse<A, M, 200> | ApiResponse<B, M, 201>`);
 * undefined when one `ApiResponse<T, M>` tells it all.
 */
function statusUnion(op: Operation, imports: FileImports, metaType: string): string | undefined {
  const success = op.responses.filter((r) => r.success);
  const dataOf = (r: (typeof success)[number]) => (r.dataType ? typeText(r.dataType, imports, 'model') : 'undefined');
  if (success.length < 2 || new Set(success.map(dataOf)).size < 2) return undefined;
  const ApiResponse = imports.runtime('ApiResponse', true);
  return success.map((r) => `${ApiResponse}<${dataOf(r)}, ${metaType}, ${/^\d+$/.test(r.status) ? r.status : 'number'}>`).join(' | ');
}

function metadataType(op: Operation, imports: FileImports): string {
  const r = op.responses.find((x) => x.success && x.metadataType);
  return r?.metadataType ? typeText(r.metadataType, imports, 'model') : 'unknown';
}

function decoderFor(type: TypeRef, imports: FileImports): string | undefined {
  if (!needsCodec(type, imports)) return undefined;
  return `(json) => ${decodeExpr(type, `json as ${typeText(type, imports, 'json')}`, imports)}`;
}

function operationDoc(op: Operation, templates: Templates, paramsType: string): string {
  const ext = op.extensions;
  const permissions = ext['x-permissions'] as { operationName?: string; roleList?: unknown[] } | undefined;
  // Roles are names (`Prism Admin`) or, in newer documents, `{ name, deprecated }`.
  const roleName = (r: unknown): string => {
    if (r !== null && typeof r === 'object') {
      const { name, deprecated } = r as { name?: unknown; deprecated?: unknown };
      return `${String(name ?? '?')}${deprecated === true ? ' (deprecated)' : ''}`;
    }
    return String(r);
  };
  const rateLimit = Array.isArray(ext['x-rate-limit']) ? (ext['x-rate-limit'] as { type?: string; count?: number; timeUnit?: string }[]) : [];
  const roles = Array.isArray(permissions?.roleList) && permissions.roleList.length ? permissions.roleList.map(roleName).join(', ') : undefined;
  // Nutanix states its limits per deployment size: `{ type: Small, count: 2, timeUnit: seconds }`.
  const rateLimits = rateLimit.length
    ? rateLimit.map((r) => `${r.type ?? 'any'}: ${r.count ?? '?'} per ${String(r.timeUnit ?? 'second').replace(/s$/, '')}`).join(', ')
    : undefined;
  return comment(templates, 'operation', {
    summary: op.summary,
    description: op.description && op.description.trim() !== op.summary?.trim() ? op.description : undefined,
    method: op.httpMethod,
    path: op.path.replace(/`/g, "'"),
    operationId: op.operationId,
    roles,
    internal: ext['x-internal'] === true,
    rateLimits,
    deprecated: op.deprecated,
    paramsType,
  });
}

/**
 * Decoders that many operations of a class share (the error body, the envelope's
 * metadata) become one module-level constant each, instead of one closure per call.
 */
class SharedDecoders {
  private readonly byCode = new Map<string, string>();

  constructor(private readonly imports: FileImports) {}

  name(base: string, code: string): string {
    let name = this.byCode.get(code);
    if (!name) {
      name = this.imports.local(base);
      this.byCode.set(code, name);
    }
    return name;
  }

  statements(): string[] {
    return [...this.byCode].map(([code, name]) => `const ${name} = ${code.replace(/^\(json\)/, '(json: unknown)')};`);
  }
}

function emitOperation(api: Api, op: Operation, imports: FileImports, version: Version, shared: SharedDecoders): OptionalKind<MethodDeclarationStructure>[] {
  const ApiResponse = imports.runtime('ApiResponse', true);
  const RequestOptions = imports.runtime('RequestOptions', true);
  const dataType = successDataType(op, imports);
  const metaType = metadataType(op, imports);
  const paramsRequired = op.params.some((p) => p.required) || (op.body?.required ?? false);
  const paramsType = `${api.name}.${op.paramsTypeName}`;
  const byStatus = statusUnion(op, imports, metaType);

  const body: WriterFunction = (w) => {
    const entries: [string, string][] = [
      ['operationId', quote(op.operationId)],
      ['method', quote(op.httpMethod)],
      ['path', quote(op.path)],
    ];
    const byIn = (where: Param['in']) => op.params.filter((p) => p.in === where);
    if (byIn('path').length) entries.push(['pathParams', record(byIn('path').map((p) => [p.wireName, paramValue(p, imports)]))]);
    if (byIn('query').length) entries.push(['query', record(byIn('query').map((p) => [p.wireName, paramValue(p, imports)]))]);
    const csv = byIn('query').filter((p) => p.csv);
    if (csv.length) entries.push(['queryCsv', `[${csv.map((p) => quote(p.wireName)).join(', ')}]`]);
    if (byIn('header').length) entries.push(['headers', record(byIn('header').map((p) => [p.wireName, paramValue(p, imports)]))]);
    if (op.body) {
      const src = access('params', op.body.propName);
      let value: string;
      if (op.body.kind === 'json') {
        const encoded = encodeExpr(op.body.type, src, imports);
        value = encoded === src ? src : op.body.required ? encoded : `${src} === undefined ? undefined : ${encodeExpr(op.body.type, src, imports)}`;
      } else if (op.body.kind === 'multipart') value = `${src} === undefined ? undefined : ${imports.runtime('toFormData')}(${src})`;
      else if (op.body.kind === 'form') value = `${src} === undefined ? undefined : ${imports.runtime('toUrlEncoded')}(${src})`;
      else value = src;
      entries.push(['body', value]);
      if (op.body.kind !== 'multipart') entries.push(['contentType', quote(op.body.contentType)]);
      if (op.body.kind === 'json' && op.body.type.kind === 'ref') entries.push(['etagSource', src]);
    }
    const accept = [...new Set(op.responses.filter((r) => r.contentType).map((r) => r.contentType!))];
    if (accept.length) entries.push(['accept', quote(accept.join(', '))]);
    const ifMatch = op.params.find((p) => p.role === 'ifMatch');
    if (ifMatch) entries.push(['ifMatchHeader', quote(ifMatch.wireName)]);
    const requestId = op.params.find((p) => p.role === 'requestId');
    if (requestId) entries.push(['requestIdHeader', quote(requestId.wireName)]);
    if (op.security) entries.push(['security', `[${op.security.map(quote).join(', ')}]`]);
    const responses = op.responses
      .filter((r) => r.success)
      .map((r): [string, string] => {
        const spec: string[] = [];
        if (r.kind !== 'json') spec.push(`kind: ${quote(r.kind)}`);
        if (r.envelope) spec.push('envelope: true');
        if (r.kind === 'json' && r.dataType && isArrayType(r.dataType, imports)) spec.push('list: true');
        const decode = r.dataType && r.kind === 'json' ? decoderFor(r.dataType, imports) : undefined;
        if (decode) spec.push(`decode: ${decode}`);
        const decodeMeta = r.metadataType ? decoderFor(r.metadataType, imports) : undefined;
        if (decodeMeta) {
          const name = shared.name('decodeMetadata', decodeMeta);
          spec.push(name === 'decodeMetadata' ? name : `decodeMetadata: ${name}`);
        }
        return [r.status, objectLiteral(spec, WIDTH - 40)];
      });
    entries.push(['responses', record(responses)]);
    const decodeError = op.errorType ? decoderFor(op.errorType, imports) : undefined;
    if (decodeError) entries.push(['decodeError', shared.name('decodeError', decodeError)]);
    if (byStatus) entries.push(['strictStatus', 'true']);
    w.write(`return this.client.request<${dataType}, ${metaType}>(`).inlineBlock(() => {
      for (const [k, v] of entries) w.writeLine(k === v ? `${k},` : `${propKey(k)}: ${v},`);
    });
    w.write(byStatus ? `, options) as Promise<${byStatus}>;` : ', options);');
  };

  const methods: OptionalKind<MethodDeclarationStructure>[] = [
    {
      name: op.methodName,
      docs: [operationDoc(op, imports.ctx.templates, paramsType)],
      parameters: [
        { name: 'params', type: paramsType, ...(paramsRequired ? {} : { initializer: '{}' }) },
        { name: 'options', type: RequestOptions, hasQuestionToken: true },
      ],
      returnType: `Promise<${byStatus ?? `${ApiResponse}<${dataType}, ${metaType}>`}>`,
      statements: body,
    },
  ];

  if (op.streamMethodName) {
    methods.push({
      name: op.streamMethodName,
      docs: [comment(imports.ctx.templates, 'operation-stream', { api: api.name, method: op.methodName })],
      parameters: [
        { name: 'params', type: paramsType, ...(paramsRequired ? {} : { initializer: '{}' }) },
        { name: 'options', type: RequestOptions, hasQuestionToken: true },
      ],
      returnType: `Promise<${imports.runtime('DownloadResponse', true)}>`,
      statements: `return this.client.download((o) => this.${op.methodName}(params, o), options);`,
    });
  }
  if (op.paging) {
    const item = typeText(op.paging.itemType, imports, 'model');
    const paginate = imports.runtime('paginate');
    const pageProp = op.paging.pageParam;
    methods.push({
      name: op.paging.methodName,
      docs: [comment(imports.ctx.templates, 'operation-paging', { api: api.name, method: op.methodName, pageParam: pageProp, limitParam: op.paging.limitParam })],
      parameters: [
        { name: 'params', type: paramsType, ...(paramsRequired ? {} : { initializer: '{}' }) },
        { name: 'options', type: RequestOptions, hasQuestionToken: true },
      ],
      returnType: `AsyncIterableIterator<${item}>`,
      statements: `return ${paginate}<${item}>((page) => this.${op.methodName}({ ...params, ${propKey(pageProp)}: page }, options), { startPage: ${access('params', pageProp)} ?? 0, limit: ${access('params', op.paging.limitParam)}, signal: options?.signal });`,
    });
  }
  if (op.entityPaging && op.body) {
    // Prism Central v3: `POST /<kind>s/list` with `{ kind, offset, length, filter }`.
    const item = typeText(op.entityPaging.itemType, imports, 'model');
    const listAllEntities = imports.runtime('listAllEntities');
    const withListPage = imports.runtime('withListPage');
    const bodyProp = op.body.propName;
    const kind = op.entityPaging.kind ? quote(op.entityPaging.kind) : 'undefined';
    methods.push({
      name: op.entityPaging.methodName,
      docs: [comment(imports.ctx.templates, 'operation-entity-paging', { api: api.name, method: op.methodName })],
      parameters: [
        { name: 'params', type: paramsType, ...(paramsRequired ? {} : { initializer: '{}' }) },
        { name: 'options', type: RequestOptions, hasQuestionToken: true },
      ],
      returnType: `AsyncIterableIterator<${item}>`,
      statements: `return ${listAllEntities}<${item}>((offset, length) => this.${op.methodName}({ ...params, ${propKey(bodyProp)}: ${withListPage}(${access('params', bodyProp)}, ${kind}, offset, length) }, options), { from: ${access('params', bodyProp)}, signal: options?.signal });`,
    });
  }
  return methods;
}

/** Fields of the body model that `x-required-by-operation` requires for this operation (writable ones). */
export function requiredByOperation(op: Operation, imports: FileImports): Field[] {
  if (!op.body || op.body.kind !== 'json' || op.body.type.kind !== 'ref') return [];
  const decl = imports.ctx.decl(op.body.type.id);
  if (decl.kind !== 'model') return [];
  return decl.fields.filter((f) => !f.required && !f.readOnly && f.requiredByOperations?.some((n) => op.requiredByNames.includes(n)));
}

/**
 * The operation as data (`VmApi.updateVmById`): what helpers such as `runBatch`
 * build a call from. A static getter, not a property: ts-morph would print a
 * multi-line property initializer with a hanging indent.
 */
function operationDescriptor(api: Api, op: Operation, imports: FileImports): OptionalKind<GetAccessorDeclarationStructure> {
  const entries = [`operationId: ${quote(op.operationId)}`, `method: ${quote(op.httpMethod)}`, `path: ${quote(op.path)}`];
  const params = op.params.map((p) => `${propKey(p.propName)}: { in: ${quote(p.in)}, name: ${quote(p.wireName)} }`);
  entries.push(`params: ${objectLiteral(params, WIDTH - 14)}`);
  if (op.body) entries.push(`body: { name: ${quote(op.body.propName)}, contentType: ${quote(op.body.contentType)} }`);
  const ifMatch = op.params.find((p) => p.role === 'ifMatch');
  if (ifMatch) entries.push(`ifMatchHeader: ${quote(ifMatch.wireName)}`);
  const requestId = op.params.find((p) => p.role === 'requestId');
  if (requestId) entries.push(`requestIdHeader: ${quote(requestId.wireName)}`);
  return {
    name: op.descriptorName,
    isStatic: true,
    docs: [comment(imports.ctx.templates, 'operation-descriptor', { api: api.name, method: op.methodName })],
    returnType: `${imports.runtime('OperationDescriptor', true)}<${api.name}.${op.paramsTypeName}, ${successDataType(op, imports)}>`,
    statements: `return ${objectLiteral(entries, WIDTH - 11)};`,
  };
}

function paramsInterface(op: Operation, imports: FileImports, apiName: string): InterfaceDeclarationStructure {
  const props = op.params.map((p) => {
    const doc = paramDoc(p, imports.ctx.templates);
    // `| undefined` on optional ones: a value read from the environment may be absent (exactOptionalPropertyTypes).
    return {
      name: propKey(p.propName),
      type: p.required ? paramType(p, imports) : `${paramType(p, imports)} | undefined`,
      hasQuestionToken: !p.required,
      ...(doc ? { docs: [doc] } : {}),
    };
  });
  if (op.body) {
    const requiredHere = requiredByOperation(op, imports);
    let type = op.body.kind === 'binary' ? binaryBodyType(imports) : op.body.kind === 'text' ? 'string' : typeText(op.body.type, imports, 'model');
    if (requiredHere.length) type = `${imports.runtime('RequiredFor', true)}<${type}, ${requiredHere.map((f) => quote(f.propName)).join(' | ')}>`;
    const doc = comment(imports.ctx.templates, 'body', {
      description: op.body.description,
      contentType: inline(op.body.contentType),
      requiredBy: requiredHere.length ? requiredHere.map((f) => `\`${f.propName}\``).join(', ') : undefined,
      model: op.body.type.kind === 'ref' ? imports.ctx.decl(op.body.type.id).name : undefined,
    });
    props.push({ name: propKey(op.body.propName), type: op.body.required ? type : `${type} | undefined`, hasQuestionToken: !op.body.required, docs: [doc] });
  }
  return {
    kind: StructureKind.Interface,
    name: op.paramsTypeName,
    docs: [comment(imports.ctx.templates, 'params', { api: apiName, method: op.methodName })],
    properties: props,
  };
}

/**
 * `static isError(e): e is ApiErrorOf<ErrorModel>`: true for an error of one of the
 * class's operations whose body decoded as the declared error model, so `data` is
 * typed without a cast.
 */
function errorGuard(api: Api, imports: FileImports): OptionalKind<MethodDeclarationStructure>[] {
  const withType = api.operations.filter((op) => op.errorType && needsCodec(op.errorType, imports));
  if (withType.length === 0) return [];
  const ApiError = imports.runtime('ApiError');
  const errorType = [...new Set(withType.map((op) => typeText(op.errorType!, imports, 'model')))].join(' | ');
  const ids = arrayLiteral(withType.map((op) => quote(op.operationId)), WIDTH - 30);
  return [
    {
      name: 'isError',
      isStatic: true,
      docs: [comment(imports.ctx.templates, 'api-is-error', { api: api.name, errorType })],
      parameters: [{ name: 'error', type: 'unknown' }],
      returnType: `error is ${imports.runtime('ApiErrorOf', true)}<${errorType}>`,
      statements: `return error instanceof ${ApiError} && error.decoded && ${ids}.includes(error.operationId);`,
    },
  ];
}

export function emitApi(api: Api, imports: FileImports, version: Version): Statement[] {
  const ApiClient = imports.runtime('ApiClient', true);
  // Register the shared decoders first: the constants are printed before the class that uses them.
  const shared = new SharedDecoders(imports);
  for (const op of api.operations) {
    for (const r of op.responses) if (r.success && r.metadataType) {
      const code = decoderFor(r.metadataType, imports);
      if (code) shared.name('decodeMetadata', code);
    }
    const error = op.errorType ? decoderFor(op.errorType, imports) : undefined;
    if (error) shared.name('decodeError', error);
  }
  const cls: ClassDeclarationStructure = {
    kind: StructureKind.Class,
    name: api.name,
    isExported: true,
    docs: [comment(imports.ctx.templates, 'api', { name: api.name, tag: api.tag, description: api.description })],
    ctors: [
      {
        parameters: [{ name: 'client', type: ApiClient, isReadonly: true, scope: Scope.Public }],
        docs: [comment(imports.ctx.templates, 'api-constructor', { name: api.name })],
      },
    ],
    getAccessors: api.operations.map((op) => operationDescriptor(api, op, imports)),
    methods: [...errorGuard(api, imports), ...api.operations.flatMap((op) => emitOperation(api, op, imports, version, shared))],
  };
  return [
    ...shared.statements(),
    cls,
    {
      kind: StructureKind.Module,
      name: api.name,
      isExported: true,
      hasDeclareKeyword: true,
      declarationKind: ModuleDeclarationKind.Namespace,
      statements: api.operations.map((op) => paramsInterface(op, imports, api.name)),
    },
  ];
}
