/**
 * The API diff: what changed between two versions of an API, computed from their IRs
 * (never from the raw documents), with each change marked breaking or not for a user
 * of the generated SDK, and the semver bump the changes call for.
 *
 * Breaking means: code written against the old SDK may stop compiling or behave
 * differently against the new one. Direction matters, so each declaration is classified
 * by where it is used (see `usage()`): a new required field breaks callers that build the
 * model for a request, but not readers of a response; a field that becomes optional breaks
 * readers, not writers.
 */
import type { Api, Decl, EnumDecl, Field, ModelDecl, Operation, Param, Sdk, TypeRef, UnionDecl, Version } from '../ir/model.js';
import { compareVersionLabels } from '../ir/build.js';
import { bumpRelease, formatVersion, parseVersion } from './version.js';
import { declIndex, declKey, declLabel, operationKey, typeKey, typeText, usage, type Usage } from './identity.js';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'renamed' | 'deprecated';
export type Subject = 'version' | 'api' | 'operation' | 'parameter' | 'request-body' | 'response' | 'model' | 'field' | 'enum-value' | 'union-branch';
export type Bump = 'major' | 'minor' | 'patch' | 'none';

export interface Change {
  readonly kind: ChangeKind;
  readonly subject: Subject;
  /** Where, in the new SDK's names: `UsersApi.listUsers`, `iam.authn.User.emailId`. */
  readonly location: string;
  readonly message: string;
  readonly breaking: boolean;
  /** The bump this change alone calls for. */
  readonly bump: Exclude<Bump, 'none'>;
  readonly before?: string;
  readonly after?: string;
}

/** A generated name that differs between the two versions for the same API element. */
export interface SymbolRename {
  readonly kind: 'api' | 'method' | 'params-type' | 'model' | 'module' | 'field' | 'parameter' | 'enum-key';
  readonly before: string;
  readonly after: string;
  /** The element both names stand for: an operation, a schema, a wire name. */
  readonly element: string;
}

export interface DiffSide {
  readonly label: string;
  readonly title: string;
  readonly apiVersion: string;
  readonly source: string;
}

export interface DiffReport {
  readonly old: DiffSide;
  readonly new: DiffSide;
  readonly changes: readonly Change[];
  readonly renames: readonly SymbolRename[];
  readonly summary: { readonly breaking: number; readonly nonBreaking: number; readonly added: number; readonly removed: number; readonly changed: number };
  readonly bump: Bump;
}

const BUMP_ORDER: readonly Bump[] = ['none', 'patch', 'minor', 'major'];

export function maxBump(bumps: Iterable<Bump>): Bump {
  let best: Bump = 'none';
  for (const b of bumps) if (BUMP_ORDER.indexOf(b) > BUMP_ORDER.indexOf(best)) best = b;
  return best;
}

/** Applies a bump to a semver version (the rules of version.ts: `0.x` takes breaking changes as minor). */
export function applyBump(version: string, bump: Bump): string {
  const parsed = parseVersion(version);
  return parsed && bump !== 'none' ? formatVersion(bumpRelease(parsed, bump)) : version;
}

class Collector {
  readonly changes: Change[] = [];
  readonly renames: SymbolRename[] = [];

  add(kind: ChangeKind, subject: Subject, location: string, message: string, breaking: boolean, extra: { before?: string; after?: string; bump?: Exclude<Bump, 'none'> } = {}): void {
    const bump = breaking ? 'major' : (extra.bump ?? (kind === 'added' || kind === 'deprecated' ? 'minor' : 'patch'));
    this.changes.push({
      kind,
      subject,
      location,
      message,
      breaking,
      bump,
      ...(extra.before !== undefined ? { before: extra.before } : {}),
      ...(extra.after !== undefined ? { after: extra.after } : {}),
    });
  }

  rename(kind: SymbolRename['kind'], before: string, after: string, element: string): void {
    this.renames.push({ kind, before, after, element });
  }
}

interface Side {
  readonly version: Version;
  readonly decls: Map<string, Decl>;
  /** Declarations by version-free identity. */
  readonly byKey: Map<string, Decl>;
  readonly usage: Usage;
}

function side(version: Version): Side {
  const decls = declIndex(version);
  const byKey = new Map<string, Decl>();
  for (const d of decls.values()) byKey.set(declKey(d), d);
  return { version, decls, byKey, usage: usage(version) };
}

function describe(v: Version): DiffSide {
  return { label: v.label, title: v.info.title, apiVersion: v.info.version, source: v.sourceFile };
}

/** Compares two versions of one API. */
export function diffVersions(oldVersion: Version, newVersion: Version): DiffReport {
  const a = side(oldVersion);
  const b = side(newVersion);
  const out = new Collector();
  diffOperations(a, b, out);
  diffDecls(a, b, out);
  return report(describe(oldVersion), describe(newVersion), out);
}

function report(oldSide: DiffSide, newSide: DiffSide, out: Collector): DiffReport {
  const rank: Record<ChangeKind, number> = { removed: 0, renamed: 1, changed: 2, deprecated: 3, added: 4 };
  const changes = out.changes.slice().sort(
    (x, y) => Number(y.breaking) - Number(x.breaking) || x.location.localeCompare(y.location) || rank[x.kind] - rank[y.kind] || x.message.localeCompare(y.message),
  );
  const renames = out.renames.slice().sort((x, y) => x.before.localeCompare(y.before) || x.after.localeCompare(y.after));
  return {
    old: oldSide,
    new: newSide,
    changes,
    renames,
    summary: {
      breaking: changes.filter((c) => c.breaking).length,
      nonBreaking: changes.filter((c) => !c.breaking).length,
      added: changes.filter((c) => c.kind === 'added').length,
      removed: changes.filter((c) => c.kind === 'removed').length,
      changed: changes.filter((c) => c.kind !== 'added' && c.kind !== 'removed').length,
    },
    bump: maxBump(changes.map((c) => c.bump)),
  };
}

// ---------------------------------------------------------------------------------------------
// Operations

interface OpEntry {
  readonly api: Api;
  readonly op: Operation;
}

function operationsByKey(v: Version): Map<string, OpEntry> {
  const map = new Map<string, OpEntry>();
  for (const api of v.apis) for (const op of api.operations) map.set(operationKey(op), { api, op });
  return map;
}

function diffOperations(a: Side, b: Side, out: Collector): void {
  const oldOps = operationsByKey(a.version);
  const newOps = operationsByKey(b.version);

  // An operation whose path changed but whose id and method did not is the same operation, moved.
  const removed = [...oldOps.entries()].filter(([k]) => !newOps.has(k));
  const added = [...newOps.entries()].filter(([k]) => !oldOps.has(k));
  const moved = new Map<string, string>();
  for (const [ok, o] of removed) {
    const match = added.find(([nk, n]) => !moved.has(nk) && ![...moved.values()].includes(nk) && n.op.operationId === o.op.operationId && n.op.httpMethod === o.op.httpMethod);
    if (match) moved.set(ok, match[0]);
  }

  for (const [key, o] of oldOps) {
    const newKey = newOps.has(key) ? key : moved.get(key);
    const n = newKey ? newOps.get(newKey) : undefined;
    if (!n) {
      out.add('removed', 'operation', `${o.api.name}.${o.op.methodName}`, `Operation \`${o.op.httpMethod} ${o.op.path}\` (\`${o.op.operationId}\`) was removed.`, true);
      continue;
    }
    diffOperation(a, b, o, n, out);
  }
  const movedTargets = new Set(moved.values());
  for (const [key, n] of newOps) {
    if (oldOps.has(key) || movedTargets.has(key)) continue;
    out.add('added', 'operation', `${n.api.name}.${n.op.methodName}`, `Operation \`${n.op.httpMethod} ${n.op.path}\` (\`${n.op.operationId}\`) was added.`, false);
  }

  // API classes: a class that disappeared while most of its operations reappear in one new
  // class was renamed (`SubnetApi` -> `SubnetsApi`): say so, as a rename, not as removal.
  const oldApis = new Map(a.version.apis.map((x) => [x.name, x]));
  const newApis = new Map(b.version.apis.map((x) => [x.name, x]));
  for (const [name, api] of oldApis) {
    if (newApis.has(name)) continue;
    const targets = new Map<string, number>();
    for (const op of api.operations) {
      const key = operationKey(op);
      const n = newOps.get(newOps.has(key) ? key : (moved.get(key) ?? ''));
      if (n) targets.set(n.api.name, (targets.get(n.api.name) ?? 0) + 1);
    }
    const [best, count] = [...targets.entries()].sort((x, y) => y[1] - x[1])[0] ?? [undefined, 0];
    if (best && !oldApis.has(best) && count * 2 >= api.operations.length) {
      out.add('renamed', 'api', best, `API class \`${name}\` was renamed to \`${best}\` (tag \`${api.tag}\` -> \`${newApis.get(best)!.tag}\`).`, true, { before: name, after: best });
      out.rename('api', name, best, `tag ${api.tag}`);
    } else {
      out.add('removed', 'api', name, `API class \`${name}\` was removed.`, true);
    }
  }
  for (const [name, api] of newApis) {
    if (oldApis.has(name)) continue;
    const renamedHere = out.renames.some((r) => r.kind === 'api' && r.after === name);
    if (!renamedHere) out.add('added', 'api', name, `API class \`${name}\` was added (tag \`${api.tag}\`).`, false);
  }
}

function diffOperation(a: Side, b: Side, o: OpEntry, n: OpEntry, out: Collector): void {
  const loc = `${n.api.name}.${n.op.methodName}`;
  const op = `\`${n.op.httpMethod} ${n.op.path}\``;
  if (o.op.operationId !== n.op.operationId) {
    out.add('renamed', 'operation', loc, `Operation ${op} was renamed from \`${o.op.operationId}\` to \`${n.op.operationId}\`.`, o.op.methodName !== n.op.methodName, {
      before: o.op.operationId,
      after: n.op.operationId,
    });
  }
  if (o.op.path.replace(/\{[^}]*\}/g, '{}') !== n.op.path.replace(/\{[^}]*\}/g, '{}') && operationKey(o.op) !== operationKey(n.op)) {
    out.add('changed', 'operation', loc, `The path of \`${n.op.operationId}\` changed: servers that only know the old path answer 404.`, true, { before: o.op.path, after: n.op.path });
  }
  if (o.api.name !== n.api.name && a.version.apis.some((x) => x.name === n.api.name)) {
    out.add('changed', 'operation', loc, `\`${o.op.methodName}\` moved from \`${o.api.name}\` to \`${n.api.name}\`.`, true, { before: o.api.name, after: n.api.name });
  }
  if (o.op.methodName !== n.op.methodName) out.rename('method', `${o.api.name}.${o.op.methodName}`, `${n.api.name}.${n.op.methodName}`, `${n.op.httpMethod} ${n.op.path}`);
  if (o.op.paramsTypeName !== n.op.paramsTypeName) out.rename('params-type', `${o.api.name}.${o.op.paramsTypeName}`, `${n.api.name}.${n.op.paramsTypeName}`, `${n.op.httpMethod} ${n.op.path}`);
  if (!o.op.deprecated && n.op.deprecated) out.add('deprecated', 'operation', loc, `Operation ${op} is deprecated.`, false);

  // Parameters, by location and wire name.
  const pkey = (p: Param) => `${p.in}:${p.in === 'header' ? p.wireName.toLowerCase() : p.wireName}`;
  const oldParams = new Map(o.op.params.map((p) => [pkey(p), p]));
  const newParams = new Map(n.op.params.map((p) => [pkey(p), p]));
  for (const [k, p] of oldParams) {
    const q = newParams.get(k);
    const ploc = `${loc}(${p.wireName})`;
    if (!q) {
      out.add('removed', 'parameter', ploc, `The ${p.in} parameter \`${p.wireName}\` was removed.`, true);
      continue;
    }
    if (p.propName !== q.propName) out.rename('parameter', `${o.op.paramsTypeName}.${p.propName}`, `${n.op.paramsTypeName}.${q.propName}`, `${q.in} parameter ${q.wireName}`);
    compareTypes(a, b, p.type, q.type, out, 'parameter', ploc, `The type of parameter \`${q.wireName}\``, 'input');
    if (!p.required && q.required) out.add('changed', 'parameter', ploc, `Parameter \`${q.wireName}\` is now required.`, true, { before: 'optional', after: 'required' });
    if (p.required && !q.required) out.add('changed', 'parameter', ploc, `Parameter \`${q.wireName}\` is now optional.`, false, { before: 'required', after: 'optional' });
    if (!p.deprecated && q.deprecated) out.add('deprecated', 'parameter', ploc, `Parameter \`${q.wireName}\` is deprecated.`, false);
  }
  for (const [k, q] of newParams) {
    if (oldParams.has(k)) continue;
    // Parameters the runtime fills itself (request id, If-Match) cost the caller nothing.
    const breaking = q.required && q.role === undefined;
    out.add('added', 'parameter', `${loc}(${q.wireName})`, `${q.required ? 'Required' : 'Optional'} ${q.in} parameter \`${q.wireName}\` was added.`, breaking);
  }

  // Request body.
  const ob = o.op.body;
  const nb = n.op.body;
  if (ob && !nb) out.add('removed', 'request-body', loc, `The request body was removed.`, true);
  else if (!ob && nb) out.add('added', 'request-body', loc, `A ${nb.required ? 'required' : 'optional'} request body (\`${typeText(nb.type, b.decls)}\`) was added.`, nb.required);
  else if (ob && nb) {
    compareTypes(a, b, ob.type, nb.type, out, 'request-body', loc, 'The request body type', 'input');
    if (ob.contentType !== nb.contentType) out.add('changed', 'request-body', loc, `The request content type changed.`, true, { before: ob.contentType, after: nb.contentType });
    if (!ob.required && nb.required) out.add('changed', 'request-body', loc, `The request body is now required.`, true);
  }

  // Responses: the type a successful call resolves to, and its error type.
  const success = (x: Operation) => x.responses.filter((r) => r.success);
  const resultKey = (x: Operation) => [...new Set(success(x).map((r) => (r.dataType ? typeKey(r.dataType, false) : r.kind)))].sort().join(' | ');
  const resultText = (x: Operation, s: Side) => [...new Set(success(x).map((r) => (r.dataType ? typeText(r.dataType, s.decls) : r.kind)))].join(' | ');
  if (resultKey(o.op) !== resultKey(n.op)) {
    out.add('changed', 'response', loc, `The result type changed.`, true, { before: resultText(o.op, a), after: resultText(n.op, b) });
  }
  const statuses = (x: Operation) => success(x).map((r) => r.status).sort().join(', ');
  if (statuses(o.op) !== statuses(n.op)) out.add('changed', 'response', loc, `The success status codes changed.`, false, { before: statuses(o.op), after: statuses(n.op) });
  if (o.op.paging && !n.op.paging) out.add('removed', 'operation', loc, `The paging iterator \`${o.op.paging.methodName}\` was removed.`, true);
  if (!o.op.paging && n.op.paging) out.add('added', 'operation', loc, `The paging iterator \`${n.op.paging.methodName}\` was added.`, false);
}

// ---------------------------------------------------------------------------------------------
// Declarations

type Direction = 'input' | 'output' | 'both';

function direction(s: Side, key: string): Direction {
  const i = s.usage.input.has(key);
  const o = s.usage.output.has(key);
  return i && !o ? 'input' : o && !i ? 'output' : 'both';
}

function diffDecls(a: Side, b: Side, out: Collector): void {
  const removed = [...a.byKey.entries()].filter(([k]) => !b.byKey.has(k));
  const added = [...b.byKey.entries()].filter(([k]) => !a.byKey.has(k));
  // A schema that vanished from one module while one of the same name appeared in another moved.
  const pairs = new Map<string, string>();
  for (const [ok, od] of removed) {
    if (!od.schemaKey) continue;
    const candidates = added.filter(([nk, nd]) => nd.kind === od.kind && nd.schemaKey && nd.name === od.name && ![...pairs.values()].includes(nk));
    if (candidates.length === 1) pairs.set(ok, candidates[0]![0]);
  }

  for (const [key, od] of a.byKey) {
    const nd = b.byKey.get(key) ?? b.byKey.get(pairs.get(key) ?? '');
    if (!nd) {
      const unused = !a.usage.input.has(key) && !a.usage.output.has(key);
      if (od.schemaKey) out.add('removed', 'model', declLabel(a.version, od), `${kindWord(od)} \`${od.name}\` was removed${unused ? ' (no operation used it; imports of it break)' : ''}.`, true);
      continue;
    }
    diffDecl(a, b, od, nd, out);
  }
  const pairTargets = new Set(pairs.values());
  for (const [key, nd] of b.byKey) {
    if (a.byKey.has(key) || pairTargets.has(key) || !nd.schemaKey) continue;
    out.add('added', 'model', declLabel(b.version, nd), `${kindWord(nd)} \`${nd.name}\` was added.`, false);
  }
}

function kindWord(d: Decl): string {
  return d.kind === 'model' ? 'Model' : d.kind === 'enum' ? 'Enum' : d.kind === 'union' ? 'Union' : 'Type';
}

function diffDecl(a: Side, b: Side, od: Decl, nd: Decl, out: Collector): void {
  const loc = declLabel(b.version, nd);
  const dir = direction(b, declKey(nd));
  // Inline declarations (no schema key) are named after their parent: report their renames only
  // when the parent kept its name, or every rename would be reported twice.
  const oldLabel = declLabel(a.version, od);
  if (od.name !== nd.name && (od.schemaKey || nd.schemaKey)) out.rename('model', oldLabel, loc, nd.schemaKey ?? nd.id);
  else if (od.modulePath.join('/') !== nd.modulePath.join('/') && nd.schemaKey) out.rename('module', oldLabel, loc, nd.schemaKey);
  if (od.name !== nd.name && (od.schemaKey || nd.schemaKey)) {
    out.add('renamed', 'model', loc, `The generated name of \`${nd.schemaKey ?? nd.id}\` changed from \`${od.name}\` to \`${nd.name}\`.`, true, { before: od.name, after: nd.name });
  }
  if (od.modulePath.join('/') !== nd.modulePath.join('/') && nd.schemaKey) {
    out.add('changed', 'model', loc, `\`${nd.name}\` moved to another module: its import path changed.`, true, { before: od.modulePath.join('/'), after: nd.modulePath.join('/') });
  }
  if (!od.deprecated && nd.deprecated) out.add('deprecated', 'model', loc, `${kindWord(nd)} \`${nd.name}\` is deprecated.`, false);
  if (od.kind !== nd.kind) {
    out.add('changed', 'model', loc, `\`${nd.name}\` changed from ${od.kind} to ${nd.kind}.`, true, { before: od.kind, after: nd.kind });
    return;
  }
  switch (nd.kind) {
    case 'model':
      diffModel(a, b, od as ModelDecl, nd, loc, dir, out);
      break;
    case 'enum':
      diffEnum(od as EnumDecl, nd, loc, dir, out);
      break;
    case 'union':
      diffUnion(a, b, od as UnionDecl, nd, loc, dir, out);
      break;
    case 'alias':
      compareTypes(a, b, (od as typeof nd).type, nd.type, out, 'model', loc, `The type of \`${nd.name}\``, dir);
      break;
  }
}

function diffModel(a: Side, b: Side, od: ModelDecl, nd: ModelDecl, loc: string, dir: Direction, out: Collector): void {
  const oldFields = new Map(od.fields.map((f) => [f.wireName, f]));
  const newFields = new Map(nd.fields.map((f) => [f.wireName, f]));
  const readers = dir !== 'input';
  const writers = dir !== 'output';
  for (const [wire, f] of oldFields) {
    const g = newFields.get(wire);
    const floc = `${loc}.${wire}`;
    if (!g) {
      out.add('removed', 'field', floc, `Field \`${wire}\` was removed.`, true);
      continue;
    }
    diffField(a, b, nd, f, g, floc, dir, readers, writers, out);
  }
  for (const [wire, g] of newFields) {
    if (oldFields.has(wire)) continue;
    // A new required field must be set by everyone who builds the model for a request.
    const breaking = g.required && !g.readOnly && writers;
    out.add('added', 'field', `${loc}.${wire}`, `${g.required ? 'Required' : 'Optional'} field \`${wire}\` (\`${typeText(g.type, b.decls)}\`) was added.`, breaking);
  }
  if (od.objectType !== nd.objectType && od.objectType && nd.objectType) {
    out.add('changed', 'model', loc, `The \`$objectType\` of \`${nd.name}\` changed.`, true, { before: od.objectType, after: nd.objectType });
  }
}

function diffField(a: Side, b: Side, nd: ModelDecl, f: Field, g: Field, floc: string, dir: Direction, readers: boolean, writers: boolean, out: Collector): void {
  if (f.propName !== g.propName) out.rename('field', `${nd.name}.${f.propName}`, `${nd.name}.${g.propName}`, `field ${g.wireName}`);
  compareTypes(a, b, f.type, g.type, out, 'field', floc, `The type of field \`${g.wireName}\``, dir);
  if (!f.required && g.required) {
    out.add('changed', 'field', floc, `Field \`${g.wireName}\` is now required${writers ? '' : ' (it is only read from responses)'}.`, writers && !g.readOnly, { before: 'optional', after: 'required' });
  }
  if (f.required && !g.required) {
    out.add('changed', 'field', floc, `Field \`${g.wireName}\` is now optional${readers ? ': readers must handle its absence' : ''}.`, readers, { before: 'required', after: 'optional' });
  }
  if (!f.nullable && g.nullable) out.add('changed', 'field', floc, `Field \`${g.wireName}\` may now be null.`, readers, { before: 'not null', after: 'nullable' });
  if (f.nullable && !g.nullable) out.add('changed', 'field', floc, `Field \`${g.wireName}\` may no longer be null.`, writers, { before: 'nullable', after: 'not null' });
  if (f.readOnly !== g.readOnly) out.add('changed', 'field', floc, `Field \`${g.wireName}\` is ${g.readOnly ? 'now' : 'no longer'} read-only.`, !f.readOnly && g.readOnly && writers);
  if (!f.deprecated && g.deprecated) out.add('deprecated', 'field', floc, `Field \`${g.wireName}\` is deprecated.`, false);
}

function diffEnum(od: EnumDecl, nd: EnumDecl, loc: string, dir: Direction, out: Collector): void {
  if (od.valueType !== nd.valueType) {
    out.add('changed', 'model', loc, `The value type of enum \`${nd.name}\` changed.`, true, { before: od.valueType, after: nd.valueType });
    return;
  }
  const oldValues = new Map(od.members.map((m) => [String(m.value), m]));
  const newValues = new Map(nd.members.map((m) => [String(m.value), m]));
  for (const [value, m] of oldValues) {
    const n = newValues.get(value);
    if (!n) out.add('removed', 'enum-value', `${loc}.${m.key}`, `Enum value \`${value}\` was removed.`, true);
    else if (n.key !== m.key) {
      out.add('renamed', 'enum-value', `${loc}.${n.key}`, `The key of enum value \`${value}\` changed from \`${m.key}\` to \`${n.key}\`.`, true, { before: m.key, after: n.key });
      out.rename('enum-key', `${od.name}.${m.key}`, `${nd.name}.${n.key}`, `enum value ${value}`);
    }
  }
  for (const [value, n] of newValues) {
    if (oldValues.has(value)) continue;
    // Unknown values survive decoding, so a new value breaks no reader at run time; it is a
    // new possibility that exhaustive `switch`es over a response enum will not handle.
    out.add('added', 'enum-value', `${loc}.${n.key}`, `Enum value \`${value}\` was added${dir !== 'input' ? ' (responses may now carry it)' : ''}.`, false);
  }
}

function diffUnion(a: Side, b: Side, od: UnionDecl, nd: UnionDecl, loc: string, dir: Direction, out: Collector): void {
  const oldBranches = new Map(od.branches.map((t) => [typeKey(t, false), t]));
  const newBranches = new Map(nd.branches.map((t) => [typeKey(t, false), t]));
  for (const [k, t] of oldBranches) {
    if (!newBranches.has(k)) out.add('removed', 'union-branch', loc, `Union branch \`${typeText(t, a.decls)}\` was removed.`, dir !== 'output');
  }
  for (const [k, t] of newBranches) {
    if (!oldBranches.has(k)) out.add('added', 'union-branch', loc, `Union branch \`${typeText(t, b.decls)}\` was added.`, dir !== 'input');
  }
}

/**
 * Reports a type change. Same TypeScript type with another format (`int32` -> `int64`) is not
 * breaking; everything else is.
 */
function compareTypes(a: Side, b: Side, x: TypeRef, y: TypeRef, out: Collector, subject: Subject, loc: string, what: string, dir: Direction): void {
  if (typeKey(x, true) === typeKey(y, true)) return;
  const before = typeText(x, a.decls) + formatSuffix(x);
  const after = typeText(y, b.decls) + formatSuffix(y);
  if (typeKey(x, false) === typeKey(y, false)) {
    out.add('changed', subject, loc, `${what} changed format.`, false, { before, after });
    return;
  }
  // Making a response type nullable breaks readers; a request type, no one.
  const widenedToNull = y.kind === 'nullable' && typeKey(y.type, false) === typeKey(x, false);
  out.add('changed', subject, loc, `${what} changed.`, widenedToNull ? dir !== 'input' : true, { before, after });
}

function formatSuffix(t: TypeRef): string {
  return t.kind === 'primitive' && t.format ? ` (${t.format})` : '';
}

// ---------------------------------------------------------------------------------------------
// Packages

/** The differences between two generations of one package (several API versions side by side). */
export interface SdkDiff {
  readonly packageName: string;
  readonly from: string;
  readonly to: string;
  /**
   * One report per API version that both generations ship (same label): what code compiled
   * against the previous package sees change. These decide the package's bump.
   */
  readonly reports: readonly DiffReport[];
  /**
   * For each added API version, its comparison with the newest older one ("moving from v4.2 to
   * v4.3"): a migration guide, not part of the package's verdict, since the older module stays.
   */
  readonly migrations: readonly DiffReport[];
  readonly addedVersions: readonly string[];
  readonly removedVersions: readonly string[];
  /** Changes outside the API: the runtime's public surface, generated output (see changelog.ts). */
  readonly other: readonly { readonly message: string; readonly bump: Exclude<Bump, 'none'>; readonly breaking: boolean }[];
  /** The package-level verdict. */
  readonly bump: Bump;
  /** `true` when nothing changed. */
  readonly empty: boolean;
}

const isPrerelease = (label: string) => /\.[ab]\d+$/.test(label);

/**
 * The package-level verdict, from the user's side: breaking only when code compiled against the
 * previous package can break, that is an API version module removed or a breaking change inside
 * a module that stays. Adding an API version is minor. Pre-release API versions promise nothing:
 * removing one, or a breaking change inside one, is minor.
 */
export function packageBump(diff: Pick<SdkDiff, 'reports' | 'addedVersions' | 'removedVersions' | 'other'>): Bump {
  return maxBump([
    ...diff.reports.map((r) => (isPrerelease(r.new.label) && r.bump === 'major' ? 'minor' : r.bump)),
    ...diff.removedVersions.map((label): Bump => (isPrerelease(label) ? 'minor' : 'major')),
    diff.addedVersions.length ? 'minor' : 'none',
    ...diff.other.map((o) => o.bump),
  ]);
}

/**
 * Compares two packages: each API version with the same label in the old package (the verdict),
 * and each new API version with the newest old one (the migration guide).
 */
export function diffSdks(oldSdk: Sdk, newSdk: Sdk, other: SdkDiff['other'] = []): SdkDiff {
  const oldByLabel = new Map(oldSdk.versions.map((v) => [v.label, v]));
  const newLabels = new Set(newSdk.versions.map((v) => v.label));
  const reports: DiffReport[] = [];
  const migrations: DiffReport[] = [];
  const addedVersions: string[] = [];
  for (const v of newSdk.versions) {
    const same = oldByLabel.get(v.label);
    if (same) {
      reports.push(diffVersions(same, v));
      continue;
    }
    addedVersions.push(v.label);
    const older = oldSdk.versions.filter((o) => compareVersionLabels(o.label, v.label) < 0);
    const base = older[older.length - 1];
    if (base) migrations.push(diffVersions(base, v));
  }
  const removedVersions = oldSdk.versions.filter((v) => !newLabels.has(v.label)).map((v) => v.label);
  // "Generated code changed" (a patch) says nothing more when the API changed too.
  const apiChanged = packageBump({ reports, addedVersions, removedVersions, other: other.filter((o) => o.bump !== 'patch') }) !== 'none';
  const shown = apiChanged ? other.filter((o) => o.bump !== 'patch') : other;
  const parts = { reports, addedVersions, removedVersions, other: shown };
  const empty = !addedVersions.length && !removedVersions.length && !shown.length && reports.every((r) => r.changes.length === 0 && r.renames.length === 0);
  return { packageName: newSdk.packageName, from: oldSdk.packageVersion, to: newSdk.packageVersion, reports, migrations, addedVersions, removedVersions, other: shown, bump: packageBump(parts), empty };
}
