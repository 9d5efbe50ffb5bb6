/**
 * Swagger 2.0 -> OpenAPI 3.0, so that the IR builder sees one shape only.
 *
 * Written by hand rather than with a converter package: the upgrade must keep
 * track of where each part of the new document came from, so that a problem
 * found later (in `/components/schemas/vm/...`) is reported at its place in the
 * user's file (`/definitions/vm/...`, line and column), and it must accept the
 * documents found in the wild that are not valid by the letter (the Prism
 * Central v3 document has 40 validator errors) instead of refusing them.
 *
 * What changes:
 * - `host`/`basePath`/`schemes` -> `servers`
 * - `definitions`, `parameters`, `responses`, `securityDefinitions` -> `components`
 * - `in: body` and `in: formData` parameters -> `requestBody` (by `consumes`)
 * - response `schema` -> `content` (by `produces`), response headers -> `schema`
 * - parameter `type`/`format`/`items`/... -> `schema`, `collectionFormat` -> `style`/`explode`
 * - `type: file` -> binary string, `x-nullable` -> `nullable`, `x-deprecated` -> `deprecated`,
 *   string `discriminator` -> `{ propertyName }`
 * - every `$ref` is rewritten to its new place
 */
import { escapePointerToken, type DiagnosticSink } from './diagnostics.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Keys of a Swagger 2.0 non-body parameter that belong in its OpenAPI 3 `schema`. */
const PARAM_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
  'x-ntnx-enum',
  'x-nullable',
] as const;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function token(key: string): string {
  return escapePointerToken(key);
}

/** Rewrites a Swagger 2.0 `$ref` to where the same thing lives in OpenAPI 3. */
function rewriteRef(ref: string, bodyParams: ReadonlySet<string>): string {
  if (ref.startsWith('#/definitions/')) return '#/components/schemas/' + ref.slice('#/definitions/'.length);
  if (ref.startsWith('#/responses/')) return '#/components/responses/' + ref.slice('#/responses/'.length);
  if (ref.startsWith('#/parameters/')) {
    const name = ref.slice('#/parameters/'.length);
    return (bodyParams.has(name) ? '#/components/requestBodies/' : '#/components/parameters/') + name;
  }
  return ref;
}

/** Where each part of the new document came from, for diagnostics. */
class PointerMap {
  private readonly pairs: [string, string][] = [];

  add(to: string, from: string): void {
    if (to !== from) this.pairs.push([to, from]);
  }

  /** The source pointer for a pointer into the upgraded document (longest known prefix). */
  map(pointer: string): string {
    let best: [string, string] | undefined;
    for (const pair of this.pairs) {
      const [to] = pair;
      if ((pointer === to || pointer.startsWith(to + '/')) && (!best || to.length > best[0].length)) best = pair;
    }
    return best ? best[1] + pointer.slice(best[0].length) : pointer;
  }
}

export function upgradeSwagger2(source: Json, sink: DiagnosticSink): Json {
  const pointers = new PointerMap();
  const bodyParams = new Set<string>();
  const globalParams = isObject(source.parameters) ? source.parameters : {};
  for (const [name, p] of Object.entries(globalParams)) {
    if (isObject(p) && (p.in === 'body' || p.in === 'formData')) bodyParams.add(name);
  }
  const globalConsumes = stringList(source.consumes) ?? ['application/json'];
  const globalProduces = stringList(source.produces) ?? ['application/json'];

  /** Converts a schema (recursively): refs, `x-nullable`, `type: file`, `discriminator`. */
  const schema = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(schema);
    if (!isObject(node)) return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.$ref = rewriteRef(value, bodyParams);
      else if (key === 'x-nullable') {
        if (value === true) out.nullable = true;
      } else if (key === 'x-deprecated') {
        if (value === true) out.deprecated = true;
        out[key] = value;
      } else if (key === 'type' && value === 'file') {
        out.type = 'string';
        out.format = 'binary';
      } else if (key === 'discriminator' && typeof value === 'string') out.discriminator = { propertyName: value };
      else if (key === 'example' || key === 'default' || key === 'enum' || key === 'x-ntnx-enum' || key === 'x-example') out[key] = value;
      else if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
        out[key] = isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schema(v)])) : value;
      } else if (key.startsWith('x-')) out[key] = value;
      else out[key] = schema(value);
    }
    return out;
  };

  /** A non-body parameter: the schema keys move into `schema`. */
  const parameter = (param: Json, from: string, to: string): Json => {
    if (typeof param.$ref === 'string') return { ...param, $ref: rewriteRef(param.$ref, bodyParams) };
    const out: Json = {};
    const s: Json = {};
    if (isObject(param.schema) && param.in !== 'body') {
      // Not valid in Swagger 2.0, found in real documents: a `schema` on a query or
      // path parameter, sometimes pointing at another parameter instead of a schema.
      const ref = param.schema.$ref;
      const target = typeof ref === 'string' && ref.startsWith('#/parameters/') ? globalParams[unescape(ref.slice('#/parameters/'.length))] : undefined;
      sink.warn('invalid-parameter', `a ${String(param.in)} parameter has a \`schema\`, which Swagger 2.0 allows on body parameters only; ${isObject(target) ? `the type of ${JSON.stringify(ref)} is used` : 'it is used as the type'}`, `${from}/schema`);
      if (isObject(target)) {
        for (const key of PARAM_SCHEMA_KEYS) if (target[key] !== undefined && param[key] === undefined) s[key] = target[key];
        if (param.description === undefined && typeof target.description === 'string') out.description = target.description;
      } else Object.assign(s, param.schema);
    }
    for (const [key, value] of Object.entries(param)) {
      if ((PARAM_SCHEMA_KEYS as readonly string[]).includes(key)) s[key] = value;
      else if (key === 'collectionFormat' || key === 'allowEmptyValue' || key === 'schema') continue;
      else if (key === 'x-example') out.example = value;
      else if (key === 'x-deprecated') {
        if (value === true) out.deprecated = true;
      } else out[key] = value;
    }
    if (param.in === 'path') out.required = true;
    if (Object.keys(s).length > 0) out.schema = schema(s);
    const cf = param.collectionFormat;
    if (param.type === 'array') {
      if (cf === 'multi') Object.assign(out, { style: 'form', explode: true });
      else if (cf === 'ssv') Object.assign(out, { style: 'spaceDelimited', explode: false });
      else if (cf === 'pipes') Object.assign(out, { style: 'pipeDelimited', explode: false });
      else if (param.in === 'query' || param.in === 'formData') Object.assign(out, { style: 'form', explode: false });
      if (cf === 'tsv') sink.warn('unsupported-feature', 'collectionFormat "tsv" has no OpenAPI 3 equivalent; sent comma-separated', `${from}/collectionFormat`);
    }
    pointers.add(`${to}/schema`, from);
    return out;
  };

  /** `in: body` parameter -> request body. */
  const bodyFrom = (param: Json, consumes: string[], from: string, to: string): Json => {
    const types = consumes.filter((t) => !/^multipart\/|^application\/x-www-form-urlencoded/i.test(t));
    const content: Json = {};
    for (const t of types.length ? types : ['application/json']) {
      content[t] = { schema: schema(param.schema ?? {}) };
      pointers.add(`${to}/content/${token(t)}/schema`, `${from}/schema`);
    }
    pointers.add(to, from);
    return {
      ...(typeof param.description === 'string' ? { description: param.description } : {}),
      ...(param.required === true ? { required: true } : {}),
      ...(typeof param.name === 'string' ? { 'x-body-name': param.name } : {}),
      content,
    };
  };

  /** `in: formData` parameters -> a multipart or urlencoded request body. */
  const formFrom = (params: { param: Json; at: string }[], consumes: string[], to: string): Json => {
    const multipart = consumes.some((t) => /^multipart\/form-data/i.test(t)) || params.some(({ param }) => param.type === 'file');
    const type = multipart ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
    const properties: Json = {};
    const required: string[] = [];
    for (const { param, at } of params) {
      const name = String(param.name);
      const converted = parameter(param, at, `${to}/content/${token(type)}/schema/properties/${token(name)}`);
      const s = isObject(converted.schema) ? converted.schema : { type: 'string' };
      properties[name] = typeof param.description === 'string' ? { ...s, description: param.description } : s;
      pointers.add(`${to}/content/${token(type)}/schema/properties/${token(name)}`, at);
      if (param.required === true) required.push(name);
    }
    return {
      ...(required.length ? { required: true } : {}),
      content: { [type]: { schema: { type: 'object', properties, ...(required.length ? { required } : {}) } } },
    };
  };

  const response = (res: unknown, produces: string[], from: string, to: string): unknown => {
    if (!isObject(res)) return res;
    if (typeof res.$ref === 'string') return { ...res, $ref: rewriteRef(res.$ref, bodyParams) };
    const out: Json = { description: typeof res.description === 'string' ? res.description : '' };
    if (res.schema !== undefined) {
      const content: Json = {};
      for (const t of produces) {
        content[t] = { schema: schema(res.schema) };
        pointers.add(`${to}/content/${token(t)}/schema`, `${from}/schema`);
      }
      out.content = content;
    }
    if (isObject(res.headers)) {
      out.headers = Object.fromEntries(
        Object.entries(res.headers).map(([name, h]) => {
          if (!isObject(h)) return [name, h];
          const { description, ...rest } = h;
          return [name, { ...(typeof description === 'string' ? { description } : {}), schema: schema(rest) }];
        }),
      );
    }
    for (const [k, v] of Object.entries(res)) if (k.startsWith('x-')) out[k] = v;
    pointers.add(to, from);
    return out;
  };

  const operation = (op: Json, path: string, method: string, pathParams: unknown[]): Json => {
    const from = `/paths/${token(path)}/${method}`;
    const to = from;
    const consumes = stringList(op.consumes) ?? globalConsumes;
    const produces = stringList(op.produces) ?? globalProduces;
    const out: Json = {};
    for (const [key, value] of Object.entries(op)) {
      if (['parameters', 'responses', 'consumes', 'produces', 'schemes'].includes(key)) continue;
      if (key === 'x-deprecated' && value === true) out.deprecated = true;
      out[key] = value;
    }
    const params: unknown[] = [];
    const form: { param: Json; at: string }[] = [];
    const list = Array.isArray(op.parameters) ? op.parameters : [];
    // Body and form parameters declared on the path item apply to each operation.
    const inherited = pathParams
      .map((p, i) => ({ p, at: `/paths/${token(path)}/parameters/${i}` }))
      .filter(({ p }) => isObject(p) && (p.in === 'body' || p.in === 'formData') && !list.some((q) => isObject(q) && q.name === p.name && q.in === p.in));
    const all = [...inherited, ...list.map((p, i) => ({ p, at: `${from}/parameters/${i}` }))];
    for (const { p, at } of all) {
      if (!isObject(p)) continue;
      let param = p;
      let paramAt = at;
      if (typeof p.$ref === 'string' && p.$ref.startsWith('#/parameters/')) {
        const name = p.$ref.slice('#/parameters/'.length);
        const target = globalParams[unescape(name)];
        if (bodyParams.has(name) && isObject(target)) {
          param = target;
          paramAt = `/parameters/${name}`;
        }
      }
      if (param.in === 'body') {
        if (out.requestBody) sink.warn('invalid-parameter', 'more than one body parameter; only the first is used', paramAt);
        else out.requestBody = bodyFrom(param, consumes, paramAt, `${to}/requestBody`);
      } else if (param.in === 'formData') form.push({ param, at: paramAt });
      else {
        const index = params.length;
        params.push(parameter(param, paramAt, `${to}/parameters/${index}`));
        pointers.add(`${to}/parameters/${index}`, paramAt);
      }
    }
    if (form.length) {
      if (out.requestBody) sink.warn('invalid-parameter', 'an operation has both body and formData parameters; the formData parameters are ignored', form[0]!.at);
      else out.requestBody = formFrom(form, consumes, `${to}/requestBody`);
    }
    if (params.length) out.parameters = params;
    out.responses = isObject(op.responses)
      ? Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, response(r, produces, `${from}/responses/${token(status)}`, `${to}/responses/${token(status)}`)]))
      : {};
    return out;
  };

  // Paths.
  const paths: Json = {};
  for (const [path, rawItem] of Object.entries(isObject(source.paths) ? source.paths : {})) {
    if (!isObject(rawItem)) {
      paths[path] = rawItem;
      continue;
    }
    const item: Json = {};
    const pathParams = Array.isArray(rawItem.parameters) ? rawItem.parameters : [];
    for (const [key, value] of Object.entries(rawItem)) {
      if ((METHODS as readonly string[]).includes(key) && isObject(value)) item[key] = operation(value, path, key, pathParams);
      else if (key === 'parameters') {
        const kept: unknown[] = [];
        pathParams.forEach((p, i) => {
          if (isObject(p) && (p.in === 'body' || p.in === 'formData')) return;
          if (isObject(p) && typeof p.$ref === 'string' && bodyParams.has(p.$ref.slice('#/parameters/'.length))) return;
          const at = `/paths/${token(path)}/parameters/${i}`;
          pointers.add(`/paths/${token(path)}/parameters/${kept.length}`, at);
          kept.push(isObject(p) ? parameter(p, at, `/paths/${token(path)}/parameters/${kept.length}`) : p);
        });
        if (kept.length) item.parameters = kept;
      } else if (key === '$ref' && typeof value === 'string') item.$ref = value;
      else item[key] = value;
    }
    paths[path] = item;
  }

  // Components.
  const components: Json = {};
  if (isObject(source.definitions)) {
    components.schemas = Object.fromEntries(Object.entries(source.definitions).map(([k, v]) => [k, schema(v)]));
    pointers.add('/components/schemas', '/definitions');
  }
  const parameters: Json = {};
  const requestBodies: Json = {};
  for (const [name, p] of Object.entries(globalParams)) {
    if (!isObject(p)) continue;
    if (p.in === 'body') requestBodies[name] = bodyFrom(p, globalConsumes, `/parameters/${token(name)}`, `/components/requestBodies/${token(name)}`);
    else if (p.in === 'formData') requestBodies[name] = formFrom([{ param: p, at: `/parameters/${token(name)}` }], globalConsumes, `/components/requestBodies/${token(name)}`);
    else parameters[name] = parameter(p, `/parameters/${token(name)}`, `/components/parameters/${token(name)}`);
  }
  pointers.add('/components/parameters', '/parameters');
  if (Object.keys(parameters).length) components.parameters = parameters;
  if (Object.keys(requestBodies).length) components.requestBodies = requestBodies;
  if (isObject(source.responses)) {
    components.responses = Object.fromEntries(
      Object.entries(source.responses).map(([k, r]) => [k, response(r, globalProduces, `/responses/${token(k)}`, `/components/responses/${token(k)}`)]),
    );
    pointers.add('/components/responses', '/responses');
  }
  if (isObject(source.securityDefinitions)) {
    components.securitySchemes = Object.fromEntries(
      Object.entries(source.securityDefinitions).map(([k, s]) => [k, securityScheme(s, `/securityDefinitions/${token(k)}`, sink)]),
    );
    pointers.add('/components/securitySchemes', '/securityDefinitions');
  }

  const out: Json = { openapi: '3.0.3' };
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-')) out[key] = value;
  }
  out.info = isObject(source.info) ? source.info : { title: 'API', version: '1.0.0' };
  const servers = serversOf(source);
  if (servers.length) out.servers = servers;
  if (Array.isArray(source.tags)) out.tags = source.tags;
  if (Array.isArray(source.security)) out.security = source.security;
  if (isObject(source.externalDocs)) out.externalDocs = source.externalDocs;
  out.paths = paths;
  out.components = components;
  sink.mapPointer((p) => pointers.map(p));
  return out;
}

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/** `schemes` x `host` + `basePath`; a relative server when there is no host. */
function serversOf(source: Json): { url: string }[] {
  const basePath = typeof source.basePath === 'string' ? source.basePath.replace(/\/+$/, '') : '';
  if (typeof source.host !== 'string' || source.host === '') return basePath ? [{ url: basePath }] : [];
  const schemes = stringList(source.schemes) ?? ['https'];
  return schemes.map((scheme) => ({ url: `${scheme}://${source.host}${basePath}` }));
}

function securityScheme(s: unknown, at: string, sink: DiagnosticSink): unknown {
  if (!isObject(s)) return s;
  const description = typeof s.description === 'string' ? { description: s.description } : {};
  if (s.type === 'basic') return { type: 'http', scheme: 'basic', ...description };
  if (s.type === 'apiKey') return { type: 'apiKey', name: s.name, in: s.in, ...description };
  if (s.type === 'oauth2') {
    const flowName = s.flow === 'implicit' ? 'implicit' : s.flow === 'password' ? 'password' : s.flow === 'application' ? 'clientCredentials' : 'authorizationCode';
    const flow: Json = { scopes: isObject(s.scopes) ? s.scopes : {} };
    if (typeof s.authorizationUrl === 'string') flow.authorizationUrl = s.authorizationUrl;
    if (typeof s.tokenUrl === 'string') flow.tokenUrl = s.tokenUrl;
    return { type: 'oauth2', flows: { [flowName]: flow }, ...description };
  }
  sink.warn('unsupported-feature', `security scheme type ${JSON.stringify(s.type)} is unknown; it is ignored`, `${at}/type`);
  return { ...s };
}
