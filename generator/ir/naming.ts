/**
 * Every naming decision of the generator lives here: wire names, class names,
 * module paths, method and property names. Emitters never invent a name.
 */

/** Words that cannot name a class, a function or a variable. */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean number string symbol ' +
    'type from of await async declare module namespace require undefined never unknown object bigint arguments eval ' +
    'Object Array String Number Boolean Symbol Date Error Promise Map Set Record Partial Function JSON Math BigInt ' +
    'Blob File FormData Headers Response Request URL ReadableStream globalThis'
  ).split(' '),
);

/** Names that class instances already have (or that break prototypes). */
const RESERVED_MEMBERS = new Set(['constructor', '__proto__', 'prototype', 'toJSON', 'toString', 'valueOf', 'hasOwnProperty', '$objectType']);

/** Is this the name of a keyword or of a global the generated code needs (`class`, `Promise`)? */
export function isReservedName(name: string): boolean {
  return RESERVED.has(pascalCase(name));
}

export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** Splits `listVms`, `list_vms`, `List VMs`, `ntnx-request-id` into words. */
export function words(text: string): string[] {
  // The same names are split again and again (every property, type and path segment).
  let split = splitWords.get(text);
  if (split === undefined) splitWords.set(text, (split = splitIntoWords(text)));
  return split.slice();
}

const splitWords = new Map<string, string[]>();

function splitIntoWords(text: string): string[] {
  return text
    // Latin letters with accents keep their base letter: `Größe` -> `Groesse`, `café` -> `cafe`.
    .replace(/[äöüÄÖÜ]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[c]!)
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(text: string): string {
  const result = words(text)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return result;
}

export function camelCase(text: string): string {
  const p = pascalCase(text);
  // Keep acronyms at the start readable: `VMs` -> `vms`, `URLPath` -> `urlPath`.
  const m = /^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/.exec(p);
  if (m && m[0].length > 1) return m[0].toLowerCase() + p.slice(m[0].length);
  return p.charAt(0).toLowerCase() + p.slice(1);
}

/** A class or type name: PascalCase, not reserved, not starting with a digit. */
export function typeName(text: string): string {
  let name = pascalCase(text);
  if (name === '') name = 'Anonymous';
  if (/^[0-9]/.test(name)) name = '_' + name;
  if (RESERVED.has(name)) name = name + '_';
  return name;
}

/** A method or variable name: camelCase, not reserved. */
export function memberName(text: string): string {
  let name = camelCase(text);
  if (name === '') name = 'call';
  if (/^[0-9]/.test(name)) name = '_' + name;
  if (RESERVED.has(name)) name = name + '_';
  return name;
}

/** A class property for a wire key: the key itself unless it clashes with a class member. */
export function propertyName(wireName: string): string {
  return RESERVED_MEMBERS.has(wireName) ? wireName + '_' : wireName;
}

/** A property in a parameters object: `$filter` stays `$filter`, `NTNX-Request-Id` becomes `ntnxRequestId`. */
export function paramPropertyName(wireName: string): string {
  if (isIdentifier(wireName) && !RESERVED_MEMBERS.has(wireName)) return wireName;
  const prefix = wireName.startsWith('$') ? '$' : '';
  let name = prefix + camelCase(wireName);
  if (name === '' || name === '$') name = prefix + 'param';
  if (/^[0-9]/.test(name)) name = '_' + name;
  return name;
}

/** An enum member key: the value when it is an identifier, else a sanitized form. */
export function enumKey(value: string | number | boolean): string {
  const text = String(value);
  if (isIdentifier(text) && text !== '__proto__') return text;
  let key = text.replace(/[^A-Za-z0-9_$]+/g, '_').replace(/^_+|_+$/g, '');
  if (key === '') key = typeof value === 'number' ? 'N' : 'EMPTY';
  if (/^[0-9]/.test(key)) key = (typeof value === 'number' && value < 0 ? 'MINUS_' : '_') + key;
  if (key === '__proto__') key = 'PROTO';
  return key;
}

/** Makes `name` unique among `taken` by adding `2`, `3`, ... (case-insensitively, for file systems). */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) candidate = `${name}${i}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * A Nutanix schema key: `vmm.v4.0.ahv.config.Vm`, `iam.v4.1.b2.authn.User`,
 * `storage.v4.r0.a3.config.X`, `common.v1.0.config.Flag`.
 */
export interface SchemaKey {
  readonly namespace: string;
  /** `v4.0`, `v4.1.b2`, `v4.r0.a3` */
  readonly version: string;
  /** `4` */
  readonly major: string;
  readonly module: readonly string[];
  readonly name: string;
}

const SCHEMA_KEY = /^([a-z][a-zA-Z0-9]*)\.v(\d+)((?:\.(?:\d+|r\d+|[ab]\d+))*)\.((?:[A-Za-z_][A-Za-z0-9_]*\.)*)([A-Za-z_$][A-Za-z0-9_$]*)$/;

export function parseSchemaKey(key: string): SchemaKey | undefined {
  const m = SCHEMA_KEY.exec(key);
  if (!m) return undefined;
  const [, namespace, major, rest, module, name] = m as unknown as [string, string, string, string, string, string];
  return { namespace, version: `v${major}${rest}`, major, module: module.split('.').filter(Boolean), name };
}

/**
 * The `$objectType` of a schema: its key with the minor/beta revision dropped.
 * `vmm.v4.0.ahv.config.Vm` -> `vmm.v4.ahv.config.Vm`.
 */
export function wireObjectType(key: SchemaKey): string {
  return [key.namespace, `v${key.major}`, ...key.module, key.name].join('.');
}

/** A Nutanix v4 path: `/vmm/v4.0/ahv/config/vms` -> namespace `vmm`, version `v4.0`. */
export function parseNutanixPath(path: string): { namespace: string; version: string } | undefined {
  const m = /^\/([a-z][a-z0-9]*)\/(v\d+(?:\.(?:\d+|r\d+|[ab]\d+))*)(?:\/|$)/.exec(path);
  return m ? { namespace: m[1]!, version: m[2]! } : undefined;
}

/** An identifier for a version label: `v4.0` -> `v4_0`. */
export function versionExportName(label: string): string {
  return label.replace(/[^A-Za-z0-9_$]/g, '_');
}

/** A name for an API class from its tag: `Vm` -> `VmApi`, `Virtual machines` -> `VirtualMachinesApi`. */
export function apiClassName(tag: string): string {
  const base = typeName(tag);
  return base.endsWith('Api') ? base : base + 'Api';
}

/** Operation name when the document gives none: `POST /vms/list` -> `postVmsList`. */
export function operationNameFromPath(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.startsWith('{') ? 'by ' + seg.slice(1, -1) : seg));
  return memberName([method.toLowerCase(), ...parts].join(' '));
}
