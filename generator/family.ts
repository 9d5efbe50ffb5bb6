/**
 * An SDK family: the namespace packages of one generation, the runtime package
 * they all depend on, and one shared-models package.
 *
 * A Nutanix document embeds the schemas of other namespaces it uses
 * (`common.v1.0.config.KVPair`, `prism.v4.0.config.TaskReference`). Generated
 * into each package, they would be a different class per package. The family
 * step collects them once: every schema that a document holds under another
 * namespace's key, everything those schemas reference, and the task model the
 * runtime's task poller reads, go to the shared package under their own
 * namespace and version (`common/v1.0/config`); every namespace package
 * (the owner included) re-exports that one class from its usual file.
 *
 * Everything here is derived from the IR: schema keys, references and the
 * task endpoint the runtime polls. No schema is known by name.
 */
import type { Decl, Module, Operation, Sdk, Version } from './ir/model.js';
import { compareVersionLabels } from './ir/build.js';
import { parseSchemaKey, uniqueName } from './ir/naming.js';
import { declRefs } from './ir/refs.js';
import { TASK_POLL_PATH } from '../runtime/tasks.js';

/** Where a namespace package finds a shared declaration. */
export interface SharedDeclRef {
  /** Module folder in the shared package: `common/v1.0/config`. */
  readonly module: string;
  /** File name without extension, in that folder. */
  readonly fileName: string;
  /** The declaration's name in the shared package. */
  readonly name: string;
  readonly kind: Decl['kind'];
}

export interface SharedModels {
  readonly packageName: string;
  readonly packageVersion: string;
  /** The shared declarations as one version of a package (label `shared`). */
  readonly sdk: Sdk;
  /** Shared declarations by declaration id (the same id in every document). */
  readonly byId: ReadonlyMap<string, SharedDeclRef>;
  /** The prism task model, when a member declares the task endpoint the runtime polls. */
  readonly task?: { readonly ref: SharedDeclRef; readonly prismVersion: string };
  /** Declarations whose copies differ between documents (the first copy was taken). */
  readonly conflicts: readonly string[];
}

export interface FamilyPackages {
  readonly runtime: { readonly packageName: string; readonly packageVersion: string };
  readonly shared?: SharedModels;
}

/** The schema key a declaration id belongs to: `#/components/schemas/<key>[/...]`. */
function keyOf(id: string): string | undefined {
  const m = /^#\/components\/schemas\/([^/]+)/.exec(id);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

/** What a copy of a declaration says, for comparing copies from different documents. */
function signature(decl: Decl): string {
  const { id: _id, name: _name, fileName: _file, modulePath: _path, pointer: _pointer, description: _d, title: _t, ...rest } = decl as Decl & Record<string, unknown>;
  const drop = (key: string, value: unknown) => (key === 'description' || key === 'example' || key === 'title' ? undefined : value);
  return JSON.stringify(rest, drop);
}

/** `/prism/v4.0/config/tasks/{extId}` matches the runtime's `/prism/{version}/config/tasks/{extId}`. */
function isTaskPoll(op: Operation, label: string): boolean {
  if (op.httpMethod !== 'GET') return false;
  const pattern = TASK_POLL_PATH.replace('{version}', label)
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('\\{[^}/]+\\}');
  return new RegExp(`^${pattern}$`).test(op.path);
}

function successDataRef(op: Operation): string | undefined {
  for (const r of op.responses) {
    if (!r.success || !r.dataType) continue;
    const t = r.dataType.kind === 'nullable' ? r.dataType.type : r.dataType;
    if (t.kind === 'ref') return t.id;
  }
  return undefined;
}

interface Candidate {
  decl: Decl;
  /** From the document of the namespace that owns the schema. */
  owned: boolean;
}

/**
 * The shared declarations of a family: collected from every version of every
 * member, placed under `<namespace>/<version>/<module>` of the shared package.
 */
export function collectSharedModels(members: readonly Sdk[], options: { packageName: string; packageVersion: string }): SharedModels | undefined {
  const candidates = new Map<string, Candidate[]>();
  let task: { id: string; prismVersion: string } | undefined;

  for (const sdk of members) {
    for (const version of sdk.versions) {
      if (!version.nutanix) continue;
      const byId = new Map<string, Decl>();
      for (const m of version.modules) for (const d of m.decls) byId.set(d.id, d);
      const seeds: string[] = [];
      for (const m of version.modules) if (m.path[0] === 'shared') for (const d of m.decls) seeds.push(d.id);
      // The task model the runtime reads: the answer of the task endpoint it polls.
      for (const api of version.apis) {
        for (const op of api.operations) {
          const id = isTaskPoll(op, version.label) ? successDataRef(op) : undefined;
          if (!id || !byId.has(id)) continue;
          seeds.push(id);
          if (!task || compareVersionLabels(version.label, task.prismVersion) > 0) task = { id, prismVersion: version.label };
        }
      }
      // Everything the seeds reference comes along, so that the shared package is whole.
      const seen = new Set<string>();
      const queue = [...seeds];
      while (queue.length) {
        const id = queue.pop()!;
        if (seen.has(id)) continue;
        const decl = byId.get(id);
        if (!decl) continue;
        seen.add(id);
        queue.push(...declRefs(decl));
      }
      for (const id of seen) {
        const decl = byId.get(id)!;
        const list = candidates.get(id) ?? [];
        list.push({ decl, owned: decl.modulePath[0] === 'models' });
        candidates.set(id, list);
      }
    }
  }
  if (candidates.size === 0) return undefined;

  // One copy per id: the owner's document when it is a member, else the first; copies that differ are reported.
  const conflicts: string[] = [];
  const chosen = new Map<string, Decl>();
  for (const [id, list] of candidates) {
    const pick = list.find((c) => c.owned) ?? list[0]!;
    chosen.set(id, pick.decl);
    const sig = signature(pick.decl);
    if (list.some((c) => signature(c.decl) !== sig)) conflicts.push(id);
  }

  // Placement: `<namespace>/<version>/<module...>` from the schema key; names stay unique per folder.
  const byId = new Map<string, SharedDeclRef>();
  const modules = new Map<string, Decl[]>();
  const taken = new Map<string, Set<string>>();
  for (const id of [...chosen.keys()].sort()) {
    const decl = chosen.get(id)!;
    const parsed = parseSchemaKey(keyOf(id) ?? '');
    const folder = parsed ? [parsed.namespace, parsed.version, ...parsed.module] : ['other'];
    const key = folder.join('/');
    const names = taken.get(key) ?? new Set(['index']);
    taken.set(key, names);
    const name = uniqueName(decl.name, names);
    const fileName = name === decl.name ? decl.fileName : name;
    const placed = { ...decl, name, fileName, modulePath: folder } as Decl;
    const list = modules.get(key) ?? [];
    list.push(placed);
    modules.set(key, list);
    byId.set(id, { module: key, fileName, name, kind: decl.kind });
  }

  // Every folder on the way gets a module (and so an index).
  for (const key of [...modules.keys()]) {
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (!modules.has(parent)) modules.set(parent, []);
    }
  }
  const moduleList: Module[] = [...modules.keys()].sort().map((key) => ({
    path: key.split('/'),
    qualifiedName: key.replace(/\//g, '.'),
    decls: modules.get(key)!.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0)),
  }));

  const version: Version = {
    label: 'shared',
    exportName: 'shared',
    sourceFile: members.flatMap((s) => s.versions.map((v) => v.sourceFile)).join(', '),
    info: { title: 'Shared models', version: options.packageVersion },
    nutanix: true,
    modules: moduleList,
    apis: [],
    securitySchemes: [],
  };
  const sdk: Sdk = {
    packageName: options.packageName,
    packageVersion: options.packageVersion,
    namespace: 'shared',
    title: 'Models shared by the Nutanix API namespaces',
    description: 'The models that several Nutanix API namespaces embed (common, prism task references, ...), one class each for every package of the family.',
    versions: [version],
  };
  const taskRef = task ? byId.get(task.id) : undefined;
  return {
    packageName: options.packageName,
    packageVersion: options.packageVersion,
    sdk,
    byId,
    ...(task && taskRef ? { task: { ref: taskRef, prismVersion: task.prismVersion } } : {}),
    conflicts: conflicts.sort(),
  };
}
