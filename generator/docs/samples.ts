/**
 * A TypeScript sample per operation, written against the generated client
 * exactly as it is emitted: `new ApiClient({...})` from the package root, the
 * API class from the version entry, models from their module subpaths, and one
 * parameters object per call. The same example values also give the JSON body
 * the "try it" panel starts with.
 *
 * Every sample of every package is type-checked by the tests, so a change to
 * the emitters that breaks a sample fails the build.
 */
import type { Api, Decl, EnumDecl, Field, ModelDecl, Operation, Param, Sdk, TypeRef, Version } from '../ir/model.js';
import { camelCase, isIdentifier, pascalCase } from '../ir/naming.js';

/** An example value, before it is spelled as TypeScript or as JSON. */
export type SampleValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'object' }
  | { readonly kind: 'blob' }
  | { readonly kind: 'enum'; readonly decl: EnumDecl; readonly key: string; readonly value: string | number | boolean }
  | { readonly kind: 'model'; readonly decl: ModelDecl; readonly fields: readonly { readonly field: Field; readonly value: SampleValue }[] }
  | { readonly kind: 'array'; readonly items: readonly SampleValue[] };

const SAMPLE_UUID = 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b';
const MAX_DEPTH = 8;
const LINE_WIDTH = 80;

/** Looks declarations up by id within one version. */
export class DeclIndex {
  private readonly byId = new Map<string, Decl>();

  constructor(readonly version: Version) {
    for (const m of version.modules) for (const d of m.decls) this.byId.set(d.id, d);
  }

  get(id: string): Decl | undefined {
    return this.byId.get(id);
  }
}

/** The import specifier of a module folder, following the package's exports map. */
export function moduleSpecifier(sdk: Sdk, version: Version, modulePath: readonly string[]): string {
  const [top, ...rest] = modulePath;
  if (rest.length === 0) return `${sdk.packageName}/${version.label}/${top}`;
  const sub = top === 'models' ? rest.join('/') : `${top}/${rest.join('/')}`;
  return `${sdk.packageName}/${version.label}/${sub}`;
}

function looksLikeUuid(c: { format?: string; pattern?: string }): boolean {
  return c.format?.toLowerCase() === 'uuid' || /\[a-fA-F0-9\]\{8\}-/.test(c.pattern ?? '');
}

interface Hint {
  readonly name: string;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly constraints?: { minimum?: number; maximum?: number; format?: string; pattern?: string; minItems?: number };
}

/** Builds example values from the IR; `operationNames` (`Operation.requiredByNames`) adds the fields `x-required-by-operation` asks for. */
export class SampleValues {
  constructor(
    private readonly decls: DeclIndex,
    private readonly operationNames: readonly string[] = [],
  ) {}

  value(type: TypeRef, hint: Hint, stack: readonly string[] = []): SampleValue {
    switch (type.kind) {
      case 'primitive':
        return this.primitive(type.name, type.format, hint);
      case 'literal':
        if (type.value === null) return { kind: 'null' };
        return typeof type.value === 'string' ? { kind: 'string', value: type.value } : typeof type.value === 'number' ? { kind: 'number', value: type.value } : { kind: 'boolean', value: type.value };
      case 'binary':
        return { kind: 'blob' };
      case 'nullable':
        return this.value(type.type, hint, stack);
      case 'oneOf':
        return this.value(this.simplest(type.types, stack), hint, stack);
      case 'array': {
        const item = this.value(type.items, { name: hint.name }, stack);
        return { kind: 'array', items: [item] };
      }
      case 'map':
        return { kind: 'object' };
      case 'ref':
        return this.ref(type.id, hint, stack);
    }
  }

  private primitive(name: string, format: string | undefined, hint: Hint): SampleValue {
    const c = hint.constraints ?? {};
    switch (name) {
      case 'string': {
        if (typeof hint.example === 'string' && hint.example.length <= 200) return { kind: 'string', value: hint.example };
        if (typeof hint.default === 'string') return { kind: 'string', value: hint.default };
        if (looksLikeUuid({ ...c, ...(format ? { format } : {}) }) || /extids?$/i.test(hint.name)) return { kind: 'string', value: SAMPLE_UUID };
        const f = (format ?? c.format ?? '').toLowerCase();
        if (f === 'date-time') return { kind: 'string', value: '2024-01-01T00:00:00Z' };
        if (f === 'date') return { kind: 'string', value: '2024-01-01' };
        if (f === 'ipv4') return { kind: 'string', value: '10.0.0.10' };
        if (f === 'uri' || f === 'url') return { kind: 'string', value: 'https://example.com/' };
        if (f === 'email') return { kind: 'string', value: 'admin@example.com' };
        const words = hint.name.replace(/^\$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
        return { kind: 'string', value: `example-${words || 'value'}` };
      }
      case 'integer':
      case 'number': {
        if (typeof hint.example === 'number') return { kind: 'number', value: hint.example };
        if (typeof hint.default === 'number') return { kind: 'number', value: hint.default };
        let n = c.minimum !== undefined && c.minimum > 1 ? c.minimum : 1;
        if (c.maximum !== undefined && n > c.maximum) n = c.maximum;
        return { kind: 'number', value: n };
      }
      case 'boolean':
        return { kind: 'boolean', value: typeof hint.default === 'boolean' ? hint.default : typeof hint.example === 'boolean' ? hint.example : true };
      case 'null':
        return { kind: 'null' };
      default:
        return { kind: 'object' };
    }
  }

  private ref(id: string, hint: Hint, stack: readonly string[]): SampleValue {
    const decl = this.decls.get(id);
    if (!decl) return { kind: 'object' };
    switch (decl.kind) {
      case 'enum': {
        const member = decl.members.find((m) => !String(m.value).startsWith('$')) ?? decl.members[0];
        if (!member) return { kind: 'string', value: '' };
        return { kind: 'enum', decl, key: member.key, value: member.value };
      }
      case 'alias':
        return this.value(decl.type, hint, [...stack, decl.id]);
      case 'union':
        return this.value(this.simplest(decl.branches, [...stack, decl.id]), hint, [...stack, decl.id]);
      case 'model':
        return this.model(decl, stack);
    }
  }

  /** The fields a sample must set: required on create, or required by this operation. */
  fieldsToSet(decl: ModelDecl): Field[] {
    return decl.fields.filter((f) => !f.readOnly && (f.required || f.requiredByOperations?.some((n) => this.operationNames.includes(n))));
  }

  private model(decl: ModelDecl, stack: readonly string[]): SampleValue {
    const inner = [...stack, decl.id];
    const fields = stack.length > MAX_DEPTH ? decl.fields.filter((f) => f.required && !f.readOnly) : this.fieldsToSet(decl);
    // A request body reads better with a name, when its model has one.
    const name = decl.fields.find((f) => f.propName === 'name' && !f.readOnly && f.type.kind === 'primitive' && f.type.name === 'string');
    if (stack.length === 0 && name && !fields.includes(name)) fields.unshift(name);
    // A nested model with nothing required (e.g. one of ipv4/ipv6/fqdn) shows its simplest field rather than `{}`.
    if (stack.length > 0 && stack.length <= MAX_DEPTH && fields.length === 0) {
      let best: Field | undefined;
      let bestCost = Infinity;
      for (const f of decl.fields) {
        if (f.readOnly || f.wireName.startsWith('$')) continue;
        const cost = this.cost(f.type, inner, 1);
        if (cost < bestCost) {
          best = f;
          bestCost = cost;
        }
      }
      if (best && bestCost < 20) fields.push(best);
    }
    return {
      kind: 'model',
      decl,
      fields: fields.map((field) => ({
        field,
        value: this.value(field.type, { name: field.wireName, example: field.example, default: field.default, constraints: field.constraints }, inner),
      })),
    };
  }

  /** The branch of a union that is cheapest to write down (primitives first, then small models). */
  private simplest(types: readonly TypeRef[], stack: readonly string[]): TypeRef {
    let best = types[0]!;
    let bestCost = Infinity;
    for (const t of types) {
      const cost = this.cost(t, stack, 0);
      if (cost < bestCost) {
        best = t;
        bestCost = cost;
      }
    }
    return best;
  }

  private cost(type: TypeRef, stack: readonly string[], depth: number): number {
    if (depth > 4) return 50;
    switch (type.kind) {
      case 'primitive':
        return type.name === 'null' || type.name === 'unknown' ? 20 : 1;
      case 'literal':
        return type.value === null ? 20 : 1;
      case 'nullable':
        return this.cost(type.type, stack, depth);
      case 'array':
        return 2 + this.cost(type.items, stack, depth + 1);
      case 'map':
        return 3;
      case 'binary':
        return 5;
      case 'oneOf':
        return Math.min(...type.types.map((t) => this.cost(t, stack, depth + 1)));
      case 'ref': {
        if (stack.includes(type.id)) return 100;
        const decl = this.decls.get(type.id);
        if (!decl) return 100;
        if (decl.kind === 'enum') return 1;
        if (decl.kind === 'alias') return this.cost(decl.type, [...stack, decl.id], depth + 1);
        if (decl.kind === 'union') return 1 + Math.min(...decl.branches.map((b) => this.cost(b, [...stack, decl.id], depth + 1)));
        return 2 + this.fieldsToSet(decl).reduce((n, f) => n + this.cost(f.type, [...stack, decl.id], depth + 1), 0);
      }
    }
  }
}

/** The JSON form of an example value (wire names, `$objectType`), for the "try it" panel. */
export function sampleJson(value: SampleValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'object':
    case 'blob':
      return {};
    case 'enum':
      return value.value;
    case 'array':
      return value.items.map(sampleJson);
    case 'model': {
      const json: Record<string, unknown> = {};
      if (value.decl.objectType) json.$objectType = value.decl.objectType;
      for (const { field, value: v } of value.fields) json[field.wireName] = sampleJson(v);
      return json;
    }
  }
}

/** The imports of one sample: each name once, aliased when two modules export the same name. */
class SampleImports {
  private readonly bySpecifier = new Map<string, Map<string, string>>();
  private readonly taken = new Set<string>();

  constructor(reserved: readonly string[]) {
    for (const r of reserved) this.taken.add(r);
  }

  add(specifier: string, name: string, qualifier: readonly string[] = []): string {
    let names = this.bySpecifier.get(specifier);
    if (!names) this.bySpecifier.set(specifier, (names = new Map()));
    const existing = names.get(name);
    if (existing) return existing;
    let local = name;
    if (this.taken.has(local)) local = pascalCase(qualifier.join(' ')) + name;
    for (let i = 2; this.taken.has(local); i++) local = `${name}${i}`;
    this.taken.add(local);
    names.set(name, local);
    return local;
  }

  reserve(name: string): string {
    let local = name;
    for (let i = 2; this.taken.has(local); i++) local = `${name}${i}`;
    this.taken.add(local);
    return local;
  }

  text(order: readonly string[]): string {
    const specifiers = [...this.bySpecifier.keys()].sort((a, b) => {
      const ia = order.indexOf(a);
      const ib = order.indexOf(b);
      if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
      return a.localeCompare(b);
    });
    return specifiers
      .map((s) => {
        const names = [...this.bySpecifier.get(s)!].sort(([a], [b]) => a.localeCompare(b)).map(([n, l]) => (n === l ? n : `${n} as ${l}`));
        const one = `import { ${names.join(', ')} } from '${s}';`;
        return one.length <= LINE_WIDTH ? one : `import {\n${names.map((n) => `  ${n},`).join('\n')}\n} from '${s}';`;
      })
      .join('\n');
  }
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}'`;
}

function key(name: string): string {
  return isIdentifier(name) ? name : quote(name);
}

/** A tiny pretty printer: an expression on one line if it fits, else broken over lines. */
type Code = string | { readonly open: string; readonly close: string; readonly entries: readonly Code[]; readonly prefix?: string };

function print(code: Code, indent: number, used: number): string {
  if (typeof code === 'string') return code;
  const flat = flatText(code);
  if (flat.length + used <= LINE_WIDTH && !flat.includes('\n')) return flat;
  const pad = '  '.repeat(indent + 1);
  const items = code.entries.map((e) => `${pad}${printEntry(e, indent + 1, pad.length)},`);
  return `${code.open}\n${items.join('\n')}\n${'  '.repeat(indent)}${code.close}`;
}

function printEntry(entry: Code, indent: number, used: number): string {
  if (typeof entry === 'string') return entry;
  const prefix = entry.prefix ?? '';
  return prefix + print({ ...entry, prefix: '' }, indent, used + prefix.length);
}

function flatText(code: Code): string {
  if (typeof code === 'string') return code;
  const inner = code.entries.map(flatText).join(', ');
  const body = code.entries.length === 0 ? '' : code.open.endsWith('{') ? ` ${inner} ` : inner;
  return `${code.prefix ?? ''}${code.open}${body}${code.close}`;
}

export interface OperationSample {
  /** The whole program: imports, client, call. */
  readonly code: string;
  /** The example request body as JSON, when the operation has a JSON body. */
  readonly bodyJson?: unknown;
  /** Example values of the required parameters, by property name (strings as the form shows them). */
  readonly params: Readonly<Record<string, string>>;
}

/** Writes the samples of one version. */
export class SampleWriter {
  private readonly decls: DeclIndex;

  constructor(
    private readonly sdk: Sdk,
    private readonly version: Version,
  ) {
    this.decls = new DeclIndex(version);
  }

  private tsValue(value: SampleValue, imports: SampleImports): Code {
    switch (value.kind) {
      case 'string':
        return quote(value.value);
      case 'number':
        return String(value.value);
      case 'boolean':
        return String(value.value);
      case 'null':
        return 'null';
      case 'object':
        return '{}';
      case 'blob':
        return "new Blob(['...'])";
      case 'enum': {
        const local = this.importDecl(value.decl, imports);
        return isIdentifier(value.key) ? `${local}.${value.key}` : `${local}[${quote(value.key)}]`;
      }
      case 'array':
        return { open: '[', close: ']', entries: value.items.map((i) => this.tsValue(i, imports)) };
      case 'model': {
        const local = this.importDecl(value.decl, imports);
        const entries = value.fields.map(({ field, value: v }) => this.prefixed(`${key(field.propName)}: `, this.tsValue(v, imports)));
        if (entries.length === 0) return `new ${local}()`;
        return { open: `new ${local}({`, close: '})', entries };
      }
    }
  }

  private prefixed(prefix: string, code: Code): Code {
    return typeof code === 'string' ? prefix + code : { ...code, prefix: prefix + (code.prefix ?? '') };
  }

  private importDecl(decl: Decl, imports: SampleImports): string {
    return imports.add(moduleSpecifier(this.sdk, this.version, decl.modulePath), decl.name, decl.modulePath.slice(1));
  }

  private paramValue(p: Param, values: SampleValues): SampleValue {
    return values.value(p.type, { name: p.propName, ...(p.default !== undefined ? { default: p.default } : {}), constraints: p.constraints });
  }

  /** A Nutanix `prism.v4.config.TaskReference`: the answer of every asynchronous mutation. */
  private isTaskReference(type: TypeRef | undefined): boolean {
    if (type?.kind !== 'ref') return false;
    const decl = this.decls.get(type.id);
    return decl?.kind === 'model' && decl.objectType === 'prism.v4.config.TaskReference';
  }

  /** A GET on the same path that returns the body's model: the read before an update. */
  private readerOf(api: Api, op: Operation): { api: Api; op: Operation } | undefined {
    if (!op.body || op.body.kind !== 'json' || op.body.type.kind !== 'ref') return undefined;
    const bodyId = op.body.type.id;
    for (const a of [api, ...this.version.apis.filter((x) => x !== api)]) {
      for (const candidate of a.operations) {
        if (candidate.httpMethod !== 'GET' || candidate.path !== op.path) continue;
        const ok = candidate.responses.some((r) => r.success && r.dataType?.kind === 'ref' && r.dataType.id === bodyId);
        const pathParams = candidate.params.filter((p) => p.required);
        if (ok && pathParams.every((p) => op.params.some((q) => q.wireName === p.wireName && q.in === p.in))) return { api: a, op: candidate };
      }
    }
    return undefined;
  }

  /** The sample program for one operation. */
  operation(api: Api, op: Operation): OperationSample {
    const root = this.sdk.packageName;
    const versionEntry = `${root}/${this.version.label}`;
    const imports = new SampleImports(['client', 'response', 'task', 'item', 'console', 'process', 'Blob']);
    const ApiClient = imports.add(root, 'ApiClient');
    const values = new SampleValues(this.decls, op.requiredByNames);
    const lines: string[] = [];
    const apiClass = imports.add(versionEntry, api.name);
    const apiVar = imports.reserve(camelCase(api.name));

    const setup = [
      `const client = new ${ApiClient}({`,
      `  host: 'prism-central.example.com',`,
      `  username: 'admin',`,
      `  password: process.env.NUTANIX_PASSWORD,`,
      `});`,
      `const ${apiVar} = new ${apiClass}(client);`,
    ];

    const params: Record<string, string> = {};
    const entries: Code[] = [];
    const required = op.params.filter((p) => p.required);
    for (const p of required) {
      const v = this.paramValue(p, values);
      entries.push(this.prefixed(`${key(p.propName)}: `, this.tsValue(v, imports)));
      params[p.propName] = formText(v);
    }
    if (op.paging) {
      for (const [name, value] of [
        [op.paging.pageParam, 0],
        [op.paging.limitParam, 50],
      ] as const) {
        if (required.some((p) => p.propName === name) || !op.params.some((p) => p.propName === name)) continue;
        entries.push(`${key(name)}: ${value}`);
        params[name] = String(value);
      }
    }

    let bodyJson: unknown;
    // A body with fields this operation requires is built with `build()`, whose type keeps them.
    const bodyDecl = op.body?.kind === 'json' && op.body.type.kind === 'ref' ? this.decls.get(op.body.type.id) : undefined;
    const requiresMore =
      bodyDecl?.kind === 'model' && bodyDecl.fields.some((f) => !f.required && !f.readOnly && f.requiredByOperations?.some((n) => op.requiredByNames.includes(n)));
    const reader = requiresMore ? undefined : this.readerOf(api, op);
    if (op.body && reader) {
      // Read, change, write back: the client sends the ETag of what it read as If-Match.
      const readerVar = reader.api === api ? apiVar : imports.reserve(camelCase(reader.api.name));
      if (reader.api !== api) setup.push(`const ${readerVar} = new ${imports.add(versionEntry, reader.api.name)}(client);`);
      const bodyDecl = op.body.type.kind === 'ref' ? this.decls.get(op.body.type.id) : undefined;
      const current = imports.reserve(bodyDecl ? camelCase(bodyDecl.name) : 'current');
      const readArgs: Code = {
        open: '({',
        close: '})',
        entries: reader.op.params.filter((p) => p.required).map((p) => this.prefixed(`${key(p.propName)}: `, this.tsValue(this.paramValue(op.params.find((q) => q.wireName === p.wireName && q.in === p.in)!, values), imports))),
      };
      lines.push(`// Read the current state first: its ETag goes back as If-Match.`);
      lines.push(`const { data: ${current} } = await ${readerVar}.${reader.op.methodName}${print(readArgs, 0, `const { data: ${current} } = await ${readerVar}.${reader.op.methodName}`.length)};`);
      const change = bodyDecl?.kind === 'model' ? bodyDecl.fields.find((f) => !f.readOnly && ['name', 'description'].includes(f.propName) && f.type.kind === 'primitive' && f.type.name === 'string') : undefined;
      if (change) lines.push(`${current}.${change.propName} = ${quote(`updated-${change.propName}`)};`);
      else lines.push(`// Change the fields to update on \`${current}\` here.`);
      entries.push(op.body.propName === current ? current : `${key(op.body.propName)}: ${current}`);
      bodyJson = sampleJson(values.value(op.body.type, { name: op.body.propName }));
    } else if (op.body) {
      const v = op.body.kind === 'binary' ? ({ kind: 'blob' } as const) : op.body.kind === 'text' ? ({ kind: 'string', value: '...' } as const) : values.value(op.body.type, { name: op.body.propName });
      let code = this.tsValue(v, imports);
      if (requiresMore && v.kind === 'model' && typeof code !== 'string') {
        code = { ...code, open: `${imports.add(root, 'build')}(${this.importDecl(v.decl, imports)}, {` };
      }
      entries.push(this.prefixed(`${key(op.body.propName)}: `, code));
      if (op.body.kind === 'json' || op.body.kind === 'multipart' || op.body.kind === 'form') bodyJson = sampleJson(v);
    }

    const call = `await ${apiVar}.${op.methodName}`;
    const args: Code = entries.length ? { open: '({', close: '})', entries } : '()';
    const summary = (op.summary ?? '').replace(/\s+/g, ' ').trim();
    if (summary) lines.unshift(`// ${summary}`);
    lines.push(`const response = ${call}${print(args, 0, `const response = ${call}`.length)};`);
    const success = op.responses.filter((r) => r.success);
    if (success.length > 0 && success.every((r) => this.isTaskReference(r.dataType))) {
      lines.push('// The server answers with a task: wait until it is done.');
      lines.push('const task = await client.waitForTask(response.data);');
      lines.push('console.log(task.status, task.entitiesAffected);');
    } else if (success.length > 0 && success.every((r) => r.kind === 'empty' || !r.dataType)) lines.push(`console.log(response.status);`);
    else lines.push(`console.log(response.data);`);

    if (op.paging) {
      const iterEntries = entries.filter((e) => !(typeof e === 'string' && e.startsWith(`${key(op.paging!.pageParam)}:`)));
      const iterArgs: Code = iterEntries.length ? { open: '({', close: '})', entries: iterEntries } : '()';
      const head = `for await (const item of ${apiVar}.${op.paging.methodName}`;
      lines.push('');
      lines.push('// Or every item, page after page:');
      lines.push(`${head}${print(iterArgs, 0, head.length)}) {`);
      lines.push('  console.log(item);');
      lines.push('}');
    }

    const code = `${imports.text([root, versionEntry])}\n\n${setup.join('\n')}\n\n${lines.join('\n')}\n`;
    return { code, ...(bodyJson !== undefined ? { bodyJson } : {}), params };
  }
}

/** How an example parameter value is typed into the "try it" form. */
function formText(value: SampleValue): string {
  switch (value.kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'enum':
      return String(value.value);
    case 'array':
      return value.items.map(formText).join(',');
    case 'null':
      return '';
    default:
      return JSON.stringify(sampleJson(value));
  }
}

/** Every sample of a package, by version label, API name and method name. */
export function packageSamples(sdk: Sdk): Map<string, OperationSample> {
  const out = new Map<string, OperationSample>();
  for (const version of sdk.versions) {
    const writer = new SampleWriter(sdk, version);
    for (const api of version.apis) for (const op of api.operations) out.set(sampleKey(version, api, op), writer.operation(api, op));
  }
  return out;
}

export function sampleKey(version: Version, api: Api, op: Operation): string {
  return `${version.label}/${api.name}/${op.methodName}`;
}
