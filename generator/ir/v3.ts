/**
 * Conventions of the legacy Nutanix APIs: Prism Central v3 (`/api/nutanix/v3`,
 * intentful `{ spec, metadata }` entities, `POST /<kind>s/list`) and Prism
 * Element v2.0 (`/api/nutanix/v2.0`, `/PrismGateway/services/rest/v2.0`).
 *
 * Their documents have no operation ids, so operation names are made here from
 * the method and the path, the way a person would name them:
 *
 *   POST   /vms/list            listVms
 *   POST   /vms                 createVm
 *   GET    /vms/{uuid}          getVm
 *   PUT    /vms/{uuid}          updateVm
 *   DELETE /vms/{uuid}          deleteVm
 *   GET    /vms/{uuid}/ngt      getVmNgt
 *   POST   /vms/{uuid}/clone    cloneVm
 *   OPTIONS /vms/capabilities   optionsVmsCapabilities
 *
 * Names depend on the method and the path only (never on the order of the
 * document), so they stay the same from one release of a document to the next.
 */
import type { OpenApiDocument, OperationObject } from '../load/openapi.js';
import { memberName, words } from './naming.js';

export type LegacyFlavor = 'v3' | 'v2';

/** Which legacy Nutanix API a document describes, if any. */
export function legacyFlavor(doc: OpenApiDocument): LegacyFlavor | undefined {
  const urls = (doc.servers ?? []).map((s) => (typeof s?.url === 'string' ? s.url : ''));
  if (urls.some((u) => /\/api\/nutanix\/v3\/?$/.test(u))) return 'v3';
  if (urls.some((u) => /\/api\/nutanix\/v2(\.0)?\/?$|\/PrismGateway\/services\/rest\/v2(\.0)?\/?$/.test(u))) return 'v2';
  return undefined;
}

/**
 * What goes before each path of a legacy document so that it is relative to
 * `https://<host>:9440/api`, the base of the v4 APIs: `/nutanix/v3` for Prism
 * Central v3, `/nutanix/v2.0` for Prism Element v2.0 (whose older alias
 * `/PrismGateway/services/rest/v2.0` serves the same operations).
 */
export function legacyPathPrefix(doc: OpenApiDocument): string {
  const flavor = legacyFlavor(doc);
  return flavor === 'v3' ? '/nutanix/v3' : flavor === 'v2' ? '/nutanix/v2.0' : '';
}

/** Words that end a path and name an action rather than a resource. */
const VERB_SEGMENTS = new Set(['list', 'search', 'export', 'import', 'validate', 'clone', 'migrate', 'revert', 'restore', 'reset', 'apply', 'upload', 'download', 'render', 'process', 'snapshot', 'execute', 'run', 'abort', 'cancel', 'test', 'generate', 'refresh', 'sync', 'enable', 'disable', 'start', 'stop', 'poweron', 'poweroff', 'reboot', 'suspend', 'resume', 'login', 'logout', 'authorize', 'token', 'callback', 'approve', 'reject', 'check', 'verify', 'preview', 'evaluate', 'launch', 'recover', 'rollback', 'unregister', 'register', 'attach', 'detach', 'mount', 'unmount', 'replicate', 'failover', 'configure', 'notify', 'concatenate', 'query', 'poll', 'invoke', 'trigger', 'update', 'delete', 'create']);

/** `vms` -> `vm`, `policies` -> `policy`, `addresses` -> `address`; words that are not plurals stay. */
export function singularWord(word: string): string {
  const lower = word.toLowerCase();
  if (/(ss|us|is)$/.test(lower) || lower.length <= 2) return word;
  if (/ies$/.test(lower)) return word.slice(0, -3) + (word.endsWith('IES') ? 'Y' : 'y');
  if (/(ches|shes|xes|sses|zes)$/.test(lower)) return word.slice(0, -2);
  if (/s$/.test(lower)) return word.slice(0, -1);
  return word;
}

function singularPhrase(segment: string): string {
  const w = words(segment);
  if (w.length === 0) return segment;
  w[w.length - 1] = singularWord(w[w.length - 1]!);
  return w.join(' ');
}

/**
 * The name of an operation of a legacy Nutanix document, from its method and
 * path: a verb (`list`, `create`, `get`, `update`, `delete`, or the action the
 * path ends with) and the resource, with `/{param}` naming one item of the
 * collection before it. `paths` (all paths of the document) tells collections
 * (`/vms`, which has `/vms/{uuid}`) from actions (`/vms/{uuid}/clone`).
 */
export function legacyOperationName(method: string, path: string, op: OperationObject, paths: ReadonlySet<string>): string {
  const m = method.toLowerCase();
  const segments = path.split('/').filter(Boolean);
  const isParam = (s: string | undefined) => s !== undefined && /^\{.*\}$/.test(s);
  const last = segments[segments.length - 1];
  const isCollection = [...paths].some((p) => p.startsWith(path.replace(/\/+$/, '') + '/{'));
  const ntnxOps = Array.isArray(op['x-ntnx-operations']) ? op['x-ntnx-operations'].map(String) : [];

  let verb: string;
  let rest = segments;
  if (m === 'post' && last === 'list' && segments.length > 1) {
    verb = 'list';
    rest = segments.slice(0, -1);
  } else if (m === 'post' && last !== undefined && segments.length > 1 && VERB_SEGMENTS.has(last.toLowerCase())) {
    // `POST /action_rules/validate`: an action named by the path.
    verb = last;
    rest = segments.slice(0, -1);
  } else if (m === 'post' && last !== undefined && !isParam(last) && (ntnxOps.includes('create') || (ntnxOps.length === 0 && isCollection))) {
    verb = 'create';
    rest = [...segments.slice(0, -1), singularPhrase(last)];
  } else if (m === 'post' && last !== undefined && !isParam(last) && segments.length > 1 && isParam(segments[segments.length - 2])) {
    // `POST /vms/{uuid}/clone`: an action on one entity.
    verb = last;
    rest = segments.slice(0, -1);
  } else {
    verb = { get: 'get', put: 'update', delete: 'delete', patch: 'patch', post: 'post', head: 'head', options: 'options', trace: 'trace' }[m] ?? m;
  }

  // `{param}` after a collection names one item of it: `vms/{uuid}` -> `vm`.
  const parts: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]!;
    if (isParam(seg)) {
      const prev = rest[i - 1];
      const one = prev !== undefined && !isParam(prev) ? singularPhrase(prev) : undefined;
      if (one !== undefined && one !== words(prev!).join(' ') && parts.length > 0) parts[parts.length - 1] = one;
      else parts.push('by ' + seg.slice(1, -1));
    } else parts.push(seg);
  }
  return memberName([verb, ...parts].join(' '));
}
