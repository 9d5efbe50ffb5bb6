/**
 * Opt-in validation of a request against the document's constraints, before it
 * is sent (`validate: true` per client or per call; off by default). Generated
 * packages describe their schemas as compact rules in one table per API version
 * (`<version>/validation.ts`), loaded only when validation is on.
 */
import type { Violation } from './errors.js';

/** What a value must satisfy: the document's constraints, by their OpenAPI names. */
export interface Rule {
  /** JSON type of a primitive: `string`, `number`, `integer`, `boolean`. */
  readonly type?: 'string' | 'number' | 'integer' | 'boolean';
  /** A declaration of the table (model, union, enum or alias), by key. */
  readonly ref?: string;
  readonly items?: Rule;
  readonly values?: Rule;
  /** Any of these (anonymous unions). */
  readonly anyOf?: readonly Rule[];
  readonly enum?: readonly (string | number | boolean)[];
  readonly nullable?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

/** A model: its fields by wire name, the required ones, and its `$objectType`. */
export interface ModelRule {
  readonly objectType?: string;
  readonly fields: Readonly<Record<string, Rule>>;
  readonly required?: readonly string[];
}

/** A union: its branches (a value is checked against the branch its `$objectType` names, if any). */
export interface UnionRule {
  readonly oneOf: readonly Rule[];
}

/** What one operation checks: parameters by `<in>.<wire name>`, the body, and the fields it requires. */
export interface OperationRule {
  readonly params?: Readonly<Record<string, Rule & { readonly required?: boolean }>>;
  readonly body?: Rule;
  readonly bodyRequired?: boolean;
  /** Body fields `x-required-by-operation` requires for this operation. */
  readonly requiredBy?: readonly string[];
}

/**
 * The rules of one API version: declarations by key, operations by method and path
 * template (`POST /vmm/v4.0/ahv/config/vms`), and the checker (`validateRequest`), so
 * that the client carries no validation code unless a table is used.
 */
export interface ValidationTable {
  readonly decls: Readonly<Record<string, ModelRule | UnionRule | Rule>>;
  readonly operations: Readonly<Record<string, OperationRule>>;
  readonly check: typeof validateRequest;
}

const MAX_DEPTH = 64;
const patterns = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null; // a pattern JavaScript cannot read is not checked
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** A JSON path, built as a string only when a violation needs it. */
type Path = string | { readonly parent: Path; readonly key: string | number };

function pathText(path: Path): string {
  if (typeof path === 'string') return path;
  const parent = pathText(path.parent);
  if (typeof path.key === 'number') return `${parent}[${path.key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(path.key) ? `${parent}.${path.key}` : `${parent}[${JSON.stringify(path.key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a JSON value (as it will be sent) against a rule; adds what it breaks to `out`. */
export function validateValue(value: unknown, rule: Rule | ModelRule | UnionRule, table: ValidationTable, path: Path, out: Violation[], depth = 0): void {
  if (value === undefined || depth > MAX_DEPTH) return;
  const add = (r: string, message: string): void => void out.push({ path: pathText(path), rule: r, message });
  if ('fields' in rule) return validateModel(value, rule, table, path, out, depth);
  if ('oneOf' in rule) {
    if (!isObject(value)) return; // branches of other shapes: the type system has checked them
    const type = value.$objectType;
    const branch = rule.oneOf.find((b) => b.ref !== undefined && (table.decls[b.ref] as ModelRule | undefined)?.objectType === type);
    if (branch) validateValue(value, branch, table, path, out, depth + 1);
    return;
  }
  if (value === null) {
    if (!rule.nullable && rule.ref === undefined) add('nullable', 'must not be null');
    return;
  }
  if (rule.ref !== undefined) {
    const target = table.decls[rule.ref];
    if (target) validateValue(value, target, table, path, out, depth + 1);
  }
  if (rule.anyOf && !rule.anyOf.some((r) => check(value, r, table, path, depth))) add('anyOf', 'matches none of the allowed types');
  if (rule.type) {
    const ok =
      rule.type === 'integer' ? Number.isInteger(value) : rule.type === 'number' ? typeof value === 'number' : typeof value === rule.type;
    if (!ok) return add('type', `must be ${rule.type === 'integer' ? 'an integer' : `a ${rule.type}`}`);
  }
  if (rule.enum && !rule.enum.includes(value as string)) add('enum', `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (typeof value === 'number') {
    if (rule.minimum !== undefined && value < rule.minimum) add('minimum', `must be at least ${rule.minimum}`);
    if (rule.maximum !== undefined && value > rule.maximum) add('maximum', `must be at most ${rule.maximum}`);
    if (rule.exclusiveMinimum !== undefined && value <= rule.exclusiveMinimum) add('exclusiveMinimum', `must be greater than ${rule.exclusiveMinimum}`);
    if (rule.exclusiveMaximum !== undefined && value >= rule.exclusiveMaximum) add('exclusiveMaximum', `must be less than ${rule.exclusiveMaximum}`);
    if (rule.multipleOf !== undefined && Math.abs(value / rule.multipleOf - Math.round(value / rule.multipleOf)) > 1e-9) add('multipleOf', `must be a multiple of ${rule.multipleOf}`);
  } else if (typeof value === 'string') {
    if (rule.minLength !== undefined || rule.maxLength !== undefined) {
      // Lengths count code points, as JSON Schema does.
      const length = value.length > (rule.maxLength ?? 0) * 2 || /[\ud800-\udfff]/.test(value) ? [...value].length : value.length;
      if (rule.minLength !== undefined && length < rule.minLength) add('minLength', `must have at least ${rule.minLength} characters (has ${length})`);
      if (rule.maxLength !== undefined && length > rule.maxLength) add('maxLength', `must have at most ${rule.maxLength} characters (has ${length})`);
    }
    const re = rule.pattern !== undefined ? regex(rule.pattern) : null;
    if (re && !re.test(value)) add('pattern', `must match ${rule.pattern}`);
  } else if (Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems) add('minItems', `must have at least ${rule.minItems} items (has ${value.length})`);
    if (rule.maxItems !== undefined && value.length > rule.maxItems) add('maxItems', `must have at most ${rule.maxItems} items (has ${value.length})`);
    if (rule.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) add('uniqueItems', 'must not repeat items');
    if (rule.items) for (let i = 0; i < value.length; i++) validateValue(value[i], rule.items, table, { parent: path, key: i }, out, depth + 1);
  } else if (rule.values && isObject(value)) {
    for (const k of Object.keys(value)) validateValue(value[k], rule.values, table, { parent: path, key: k }, out, depth + 1);
  }
}

function check(value: unknown, rule: Rule, table: ValidationTable, path: Path, depth: number): boolean {
  const out: Violation[] = [];
  validateValue(value, rule, table, path, out, depth + 1);
  return out.length === 0;
}

function validateModel(value: unknown, rule: ModelRule, table: ValidationTable, path: Path, out: Violation[], depth: number): void {
  if (!isObject(value)) return;
  for (const name of rule.required ?? []) {
    if (value[name] === undefined) out.push({ path: pathText({ parent: path, key: name }), rule: 'required', message: 'is required' });
  }
  for (const name in rule.fields) {
    const field = value[name];
    if (field !== undefined) validateValue(field, rule.fields[name]!, table, { parent: path, key: name }, out, depth + 1);
  }
}

/** The violations of one request: parameters (by `<in>.<wire name>`), the body, and the body fields the operation requires. */
export function validateRequest(
  rule: OperationRule,
  table: ValidationTable,
  request: { readonly params: Readonly<Record<string, unknown>>; readonly body: unknown },
): Violation[] {
  const out: Violation[] = [];
  for (const [name, param] of Object.entries(rule.params ?? {})) {
    const value = request.params[name];
    if (value === undefined || value === null) {
      if (param.required) out.push({ path: `$.${name}`, rule: 'required', message: 'is required' });
      continue;
    }
    validateValue(value, param, table, `$.${name}`, out);
  }
  if (request.body === undefined) {
    if (rule.bodyRequired) out.push({ path: '$.body', rule: 'required', message: 'is required' });
  } else {
    if (rule.body) validateValue(request.body, rule.body, table, '$.body', out);
    if (isObject(request.body)) {
      for (const name of rule.requiredBy ?? []) {
        if (request.body[name] === undefined) out.push({ path: pathText({ parent: '$.body', key: name }), rule: 'required', message: 'is required by this operation (x-required-by-operation)' });
      }
    }
  }
  return out;
}
