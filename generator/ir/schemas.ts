/**
 * Schema objects -> IR declarations and type references.
 *
 * Component schemas become named declarations in the module their key names;
 * inline objects and unions found inside them become declarations named after
 * their parent (`KVPair` + `value` -> `KVPairValue`) in the parent's module.
 */
import type { DiagnosticSink } from '../load/diagnostics.js';
import { escapePointerToken } from '../load/diagnostics.js';
import type { OpenApiDocument, SchemaObject } from '../load/openapi.js';
import type { AliasDecl, Constraints, Decl, EnumDecl, EnumMember, Field, ModelDecl, TypeRef, UnionDecl } from './model.js';
import { enumKey, isReservedName, parseSchemaKey, propertyName, typeName, wireObjectType } from './naming.js';

/** Names the emitters derive from a declaration's name, reserved with it. */
const DERIVED_SUFFIXES = ['', 'Json', 'Init'] as const;

/** Wire fields every Nutanix model carries, whether the document declares them or not. */
const NUTANIX_META_FIELDS = ['$reserved', '$unknownFields'] as const;

interface Placement {
  readonly modulePath: readonly string[];
  readonly name: string;
  readonly objectType?: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface SchemaContext {
  readonly document: OpenApiDocument;
  readonly sink: DiagnosticSink;
  /** Nutanix conventions on (`$objectType`, `$reserved`, module layout by key). */
  readonly nutanix: boolean;
  /** The document's own namespace (`vmm`); schemas of others go under `shared/`. */
  readonly namespace?: string;
}

export class SchemaConverter {
  /** All declarations by id, in creation order. */
  readonly decls = new Map<string, Decl>();
  private readonly placements = new Map<string, Placement>();
  /** Names taken per module (lower case), so that synthesized names never steal a component's. */
  private readonly takenNames = new Map<string, Set<string>>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly ctx: SchemaContext) {}

  /** First pass: give every component schema its module and name. */
  placeComponents(): void {
    const schemas = this.ctx.document.components?.schemas ?? {};
    for (const key of Object.keys(schemas)) {
      const id = componentId(key);
      const parsed = this.ctx.nutanix ? parseSchemaKey(key) : undefined;
      let modulePath: string[];
      let base: string;
      let objectType: string | undefined;
      if (parsed) {
        modulePath = parsed.namespace === this.ctx.namespace ? ['models', ...parsed.module] : ['shared', parsed.namespace, ...parsed.module];
        base = typeName(parsed.name);
        objectType = wireObjectType(parsed);
      } else {
        modulePath = ['models'];
        base = typeName(key);
      }
      const name = this.placeName(base, modulePath);
      const at = `/components/schemas/${escapePointerToken(key)}`;
      const given = parsed ? parsed.name : key;
      if (/[^\x20-\x7e]/.test(given)) {
        this.ctx.sink.warn('non-ascii-name', `schema name ${JSON.stringify(given)} has characters outside ASCII; the type is named ${name}`, at);
      } else if (isReservedName(given)) {
        this.ctx.sink.warn('reserved-word', `schema name ${JSON.stringify(given)} is a reserved word or a global name in TypeScript; the type is named ${name}`, at);
      }
      if (name !== base) {
        this.ctx.sink.warn('duplicate-name', `schema ${JSON.stringify(key)} is named ${name} because ${base} is taken in its module`, at);
      }
      this.placements.set(id, { modulePath, name, ...(objectType ? { objectType } : {}) });
    }
  }

  /** Second pass: build every component declaration (and what they contain). */
  buildComponents(): void {
    const schemas = this.ctx.document.components?.schemas ?? {};
    for (const key of Object.keys(schemas)) this.declFor(componentId(key));
  }

  /**
   * A name for a declaration, unique in its module together with the names the
   * emitters derive from it (`<Name>Json`, `<Name>Init`): an inline schema named
   * `FormatJson` must not clash with the JSON type of `Format`.
   */
  private placeName(base: string, modulePath: readonly string[]): string {
    const taken = this.taken(modulePath);
    const free = (n: string) => DERIVED_SUFFIXES.every((suffix) => !taken.has((n + suffix).toLowerCase()));
    let name = base;
    for (let i = 2; !free(name); i++) name = `${base}${i}`;
    for (const suffix of DERIVED_SUFFIXES) taken.add((name + suffix).toLowerCase());
    return name;
  }

  private taken(modulePath: readonly string[]): Set<string> {
    const k = modulePath.join('/');
    let set = this.takenNames.get(k);
    if (!set) {
      // `index` is the module's own index file.
      set = new Set(['index']);
      this.takenNames.set(k, set);
    }
    return set;
  }

  /** Resolves a local `$ref` to its target. */
  resolve<T>(ref: string): T | undefined {
    // The same references are followed again and again (GitHub's document: a tenth of the IR's time).
    if (this.resolved.has(ref)) return this.resolved.get(ref) as T | undefined;
    let node: unknown = this.ctx.document;
    for (const raw of ref.replace(/^#?\/?/, '').split('/')) {
      const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object') {
        node = undefined;
        break;
      }
      node = (node as Record<string, unknown>)[token];
    }
    this.resolved.set(ref, node);
    return node as T | undefined;
  }

  private readonly resolved = new Map<string, unknown>();

  /** Follows `$ref` chains (with a bound, for circular alias chains). */
  deref(schema: SchemaObject): SchemaObject {
    let current = schema;
    for (let i = 0; i < 32 && current && typeof current.$ref === 'string'; i++) {
      const next = this.resolve<SchemaObject>(current.$ref);
      if (!next) break;
      current = next;
    }
    return current;
  }

  private declFor(id: string): Decl {
    const existing = this.decls.get(id);
    if (existing) return existing;
    const placement = this.placements.get(id);
    if (!placement) throw new Error(`internal: no placement for ${id}`);
    const schema = this.resolve<SchemaObject>(id.slice(1)) ?? {};
    return this.buildDecl(id, schema, placement, id.slice(1));
  }

  /** Creates the declaration for a schema at a known place. Registers it before filling it, for cycles. */
  private buildDecl(id: string, schema: SchemaObject, placement: Placement, pointer: string): Decl {
    const s = this.deref(schema);
    const base = {
      id,
      name: placement.name,
      fileName: placement.name,
      modulePath: placement.modulePath,
      ...(id.startsWith('#/components/schemas/') ? { schemaKey: decodeToken(id.slice('#/components/schemas/'.length)) } : {}),
      ...(str(s.title) ? { title: str(s.title) } : {}),
      ...(str(s.description) ?? str(schema.description) ? { description: str(schema.description) ?? str(s.description) } : {}),
      deprecated: s.deprecated === true,
      pointer,
    };

    if (schema.$ref && schema !== s && isComponentRef(schema.$ref)) {
      // A component that only points at another one: an alias.
      return this.buildAlias(id, base, () => this.typeOf(schema, pointer, placement.name, placement.modulePath), {});
    }

    const enumValues = Array.isArray(s.enum) ? s.enum : Array.isArray(s['x-ntnx-enum']) ? (s['x-ntnx-enum'] as unknown[]) : undefined;
    if (enumValues && enumValues.some((v) => v !== null)) {
      const decl = this.buildEnum(base, s, enumValues);
      this.decls.set(id, decl);
      return decl;
    }

    const variants = unionVariants(s);
    if (variants) {
      const decl: Mutable<UnionDecl> = { ...base, kind: 'union', branches: [] };
      this.decls.set(id, decl);
      const kind = s.oneOf ? 'oneOf' : 'anyOf';
      const types = variants.map((v, i) => this.typeOf(v, `${pointer}/${kind}/${i}`, `${placement.name}${i + 1}`, placement.modulePath));
      decl.branches = dedupeTypes(types);
      const discriminator = this.discriminatorOf(s, variants, types, decl.branches);
      if (discriminator) decl.discriminator = discriminator;
      return decl;
    }

    if (isObjectSchema(s, this)) {
      if (!hasProperties(s, this) && !this.ctx.nutanix && s.additionalProperties !== undefined && s.additionalProperties !== false && !s.allOf) {
        // A pure map: `Record<string, T>`.
        return this.buildAlias(id, base, () => this.typeOf(s, pointer, placement.name, placement.modulePath), {});
      }
      const decl: Mutable<ModelDecl> = {
        ...base,
        kind: 'model',
        ...(placement.objectType ? { objectType: placement.objectType } : {}),
        fields: [],
        additionalMember: 'additionalProperties',
        composedOf: [],
      };
      if (s.example !== undefined) decl.example = s.example;
      this.decls.set(id, decl);
      this.fillModel(decl, s, pointer, placement);
      return decl;
    }

    return this.buildAlias(id, base, () => this.typeOf(s, pointer, placement.name, placement.modulePath), constraintsOf(s));
  }

  /**
   * The `discriminator` of a union (its own, or the one its branches inherit from a
   * shared `allOf` parent) as values per branch: `mapping` entries that point at the
   * branch, else the branch's schema name (the implicit mapping), else a `const` or
   * single `enum` value of the property in the branch.
   */
  private discriminatorOf(s: SchemaObject, variants: readonly SchemaObject[], types: readonly TypeRef[], branches: readonly TypeRef[]): UnionDecl['discriminator'] {
    let d = s.discriminator;
    if (!d) {
      for (const v of variants) {
        for (const parent of this.deref(v).allOf ?? []) {
          const inherited = this.deref(parent).discriminator;
          if (inherited?.propertyName) d ??= inherited;
        }
      }
    }
    if (!d || typeof d.propertyName !== 'string') return undefined;
    const mapping = Object.entries(d.mapping ?? {});
    const target = (ref: string) => (ref.includes('/') ? ref : `#/components/schemas/${ref}`);
    const values = branches.map(() => [] as string[]);
    variants.forEach((v, i) => {
      const at = branches.findIndex((b) => typeKey(b) === typeKey(types[i]!));
      if (at < 0) return;
      const own: string[] = [];
      if (typeof v.$ref === 'string') {
        for (const [value, ref] of mapping) if (target(ref) === v.$ref) own.push(value);
        if (own.length === 0 && isComponentRef(v.$ref)) own.push(decodeToken(v.$ref.slice(v.$ref.lastIndexOf('/') + 1)));
      }
      const prop = this.propertySchema(this.deref(v), d.propertyName);
      if (own.length === 0 && prop) {
        if (isLiteral(prop.const) && prop.const !== null) own.push(String(prop.const));
        else if (Array.isArray(prop.enum) && prop.enum.length === 1) own.push(String(prop.enum[0]));
      }
      values[at]!.push(...own.filter((x) => !values[at]!.includes(x)));
    });
    return values.some((v) => v.length > 0) ? { propertyName: d.propertyName, values } : undefined;
  }

  /**
   * An `allOf` hierarchy with a `discriminator` on its parent: where the parent is
   * referenced, the value may be any schema that composes it (`allOf: [$ref parent]`),
   * so the site gets a union of the children and the parent, decoded by the
   * discriminator (`<Parent>Family`, beside the parent).
   */
  private familyOf(ref: string): Decl | undefined {
    const parent = this.resolve<SchemaObject>(ref.slice(1));
    if (!parent?.discriminator?.propertyName || unionVariants(parent)) return undefined;
    const id = `${ref}/discriminator`;
    const existing = this.decls.get(id);
    if (existing) return existing;
    const schemas = this.ctx.document.components?.schemas ?? {};
    const children = Object.keys(schemas)
      .map(componentId)
      .filter((c) => c !== ref && (this.resolve<SchemaObject>(c.slice(1))?.allOf ?? []).some((p) => p?.$ref === ref));
    if (children.length === 0) return undefined;
    const placement = this.placements.get(ref)!;
    const decl: Mutable<UnionDecl> = {
      id,
      kind: 'union',
      name: this.placeName(`${placement.name}Family`, placement.modulePath),
      fileName: '',
      modulePath: placement.modulePath,
      description: `A ${placement.name} or a schema that extends it (\`allOf\`), told apart by \`${parent.discriminator.propertyName}\`.`,
      deprecated: parent.deprecated === true,
      pointer: id.slice(1),
      branches: [],
    };
    decl.fileName = decl.name;
    this.decls.set(id, decl);
    const members = [...children, ref];
    const variants = members.map((m) => ({ $ref: m }) as SchemaObject);
    const types = members.map((m) => ({ kind: 'ref', id: this.declFor(m).id }) as TypeRef);
    decl.branches = types;
    const discriminator = this.discriminatorOf(parent, variants, types, types);
    if (discriminator) decl.discriminator = discriminator;
    return decl;
  }

  /** The schema of a property, looked up through `allOf`. */
  private propertySchema(s: SchemaObject, name: string, depth = 0): SchemaObject | undefined {
    const own = s.properties?.[name];
    if (own) return this.deref(own);
    if (depth > 8) return undefined;
    for (const part of s.allOf ?? []) {
      const found = this.propertySchema(this.deref(part), name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** An alias is registered before its type is built, so that a schema that refers to itself (`Json[]`) ends. */
  private buildAlias(id: string, base: Omit<AliasDecl, 'kind' | 'type' | 'constraints'>, type: () => TypeRef, constraints: Constraints): AliasDecl {
    const decl: Mutable<AliasDecl> = { ...base, kind: 'alias', type: { kind: 'primitive', name: 'unknown' }, constraints };
    this.decls.set(id, decl);
    decl.type = type();
    return decl;
  }

  private buildEnum(base: Omit<EnumDecl, 'kind' | 'valueType' | 'members'>, s: SchemaObject, values: unknown[]): EnumDecl {
    const descriptions = (s['x-enumDescriptions'] ?? {}) as Record<string, unknown>;
    const taken = new Set<string>();
    const members: EnumMember[] = [];
    const seen = new Set<unknown>();
    for (const value of values) {
      if (value === null || seen.has(value)) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      seen.add(value);
      let key = enumKey(value);
      if (taken.has(key)) for (let i = 2; taken.has(key); i++) key = `${enumKey(value)}_${i}`;
      taken.add(key);
      const description = typeof descriptions[String(value)] === 'string' ? (descriptions[String(value)] as string) : undefined;
      members.push({ key, value, ...(description ? { description } : {}) });
    }
    const valueType = members.every((m) => typeof m.value === 'string')
      ? 'string'
      : members.every((m) => typeof m.value === 'number')
        ? 'number'
        : members.every((m) => typeof m.value === 'boolean')
          ? 'boolean'
          : 'string';
    // Mixed enums are kept as strings of their values.
    const normalized = valueType === 'string' ? members.map((m) => ({ ...m, value: String(m.value) })) : members;
    return { ...base, kind: 'enum', valueType, members: normalized };
  }

  /** Collects the properties of a schema and of everything it composes with `allOf`. */
  private fillModel(decl: Mutable<ModelDecl>, s: SchemaObject, pointer: string, placement: Placement): void {
    const fields: Field[] = [];
    const index = new Map<string, number>();
    const required = new Set<string>();
    const requiredBy = new Map<string, string[]>();
    const composedOf: string[] = [];
    let additional: TypeRef | undefined;
    let additionalSeen = false;
    const visited = new Set<SchemaObject>();

    const collect = (schema: SchemaObject, at: string, depth: number): void => {
      if (depth > 32) return;
      if (schema.$ref) {
        const target = this.resolve<SchemaObject>(schema.$ref);
        if (!target) return;
        if (isComponentRef(schema.$ref)) composedOf.push(decodeToken(schema.$ref.slice('#/components/schemas/'.length)));
        if (visited.has(target)) return;
        visited.add(target);
        collect(target, schema.$ref.slice(1), depth + 1);
        return;
      }
      for (const [i, part] of (schema.allOf ?? []).entries()) collect(part, `${at}/allOf/${i}`, depth + 1);
      for (const r of schema.required ?? []) if (typeof r === 'string') required.add(r);
      // Object-level `x-required-by-operation: { create: [source] }`: by field name.
      const rbo = schema['x-required-by-operation'];
      if (rbo && typeof rbo === 'object' && !Array.isArray(rbo)) {
        for (const [operation, names] of Object.entries(rbo as Record<string, unknown>)) {
          for (const name of Array.isArray(names) ? names : [names]) {
            if (typeof name !== 'string') continue;
            const list = requiredBy.get(name) ?? [];
            if (!list.includes(operation)) list.push(operation);
            requiredBy.set(name, list);
          }
        }
      }
      for (const [wireName, propSchema] of Object.entries(schema.properties ?? {})) {
        if (propSchema === null || typeof propSchema !== 'object') continue;
        const propPointer = `${at}/properties/${escapePointerToken(wireName)}`;
        if (this.ctx.nutanix && wireName === '$objectType') continue;
        const field = this.buildField(wireName, propSchema, propPointer, decl.name, placement.modulePath);
        const existing = index.get(wireName);
        if (existing !== undefined) fields[existing] = field;
        else {
          index.set(wireName, fields.length);
          fields.push(field);
        }
      }
      const ap = schema.additionalProperties;
      if (ap !== undefined) {
        additionalSeen = true;
        if (ap && typeof ap === 'object') additional = this.typeOf(ap, `${at}/additionalProperties`, `${decl.name}Value`, placement.modulePath);
      }
    };
    collect(s, pointer, 0);
    void additionalSeen;

    if (this.ctx.nutanix) {
      for (const meta of [...NUTANIX_META_FIELDS].reverse()) {
        if (!index.has(meta)) {
          fields.unshift(metaField(meta));
        }
      }
    }
    // Property names are unique per class; a wire key that clashes with a member is renamed.
    const takenProps = new Set<string>(['additionalproperties']);
    decl.fields = fields.map((f) => {
      const isRequired = required.has(f.wireName);
      let propName = f.propName;
      while (takenProps.has(propName.toLowerCase()) && propName !== f.wireName) propName += '_';
      takenProps.add(propName.toLowerCase());
      const byObject = requiredBy.get(f.wireName);
      const requiredByOperations = byObject ? [...new Set([...(f.requiredByOperations ?? []), ...byObject])] : f.requiredByOperations;
      return { ...f, propName, required: isRequired, ...(requiredByOperations ? { requiredByOperations } : {}) };
    });
    decl.additionalMember = fields.some((f) => f.propName === 'additionalProperties') ? 'additionalProperties_' : 'additionalProperties';
    if (additional) decl.additional = additional;
    decl.composedOf = composedOf;
  }

  private buildField(wireName: string, schema: SchemaObject, pointer: string, ownerName: string, modulePath: readonly string[]): Field {
    const s = this.deref(schema);
    const description = str(schema.description) ?? (schema.$ref ? undefined : str(s.description));
    const rbo = schema['x-required-by-operation'] ?? s['x-required-by-operation'];
    const field: Mutable<Field> = {
      wireName,
      propName: propertyName(wireName),
      type: this.typeOf(schema, pointer, ownerName + typeName(wireName), modulePath),
      required: false,
      readOnly: schema.readOnly === true || (schema.$ref === undefined && s.readOnly === true),
      writeOnly: schema.writeOnly === true,
      nullable: schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')),
      deprecated: schema.deprecated === true,
      constraints: constraintsOf(schema.$ref ? schema : s),
    };
    if (description) field.description = description;
    if (schema.default !== undefined) field.default = schema.default;
    const example = schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined);
    if (example !== undefined) field.example = example;
    if (Array.isArray(rbo)) field.requiredByOperations = rbo.map(String);
    else if (typeof rbo === 'string') field.requiredByOperations = [rbo];
    return field;
  }

  /**
   * The type of a schema at a site. `nameHint` names the declaration when the
   * schema must become one (an inline object or union).
   */
  typeOf(schema: SchemaObject | undefined, pointer: string, nameHint: string, modulePath: readonly string[]): TypeRef {
    if (schema === undefined || schema === null || typeof schema !== 'object') {
      return typeof schema === 'boolean' && schema === false ? { kind: 'primitive', name: 'unknown' } : { kind: 'primitive', name: 'unknown' };
    }
    if (typeof schema.$ref === 'string') {
      if (isComponentRef(schema.$ref) && this.placements.has(schema.$ref)) {
        const family = this.familyOf(schema.$ref);
        const decl = family ?? this.declFor(schema.$ref);
        const ref: TypeRef = { kind: 'ref', id: decl.id };
        // OpenAPI 3.1: a component of `type: [object, 'null']` may be null wherever it is used.
        const target = this.resolve<SchemaObject>(schema.$ref);
        const targetNullable = Array.isArray(target?.type) && target.type.includes('null') && decl.kind !== 'alias';
        return schema.nullable === true || targetNullable ? { kind: 'nullable', type: ref } : ref;
      }
      const target = this.resolve<SchemaObject>(schema.$ref);
      if (!target || this.inProgress.has(schema.$ref)) return { kind: 'primitive', name: 'unknown' };
      this.inProgress.add(schema.$ref);
      try {
        return this.typeOf(target, schema.$ref.slice(1), nameHint, modulePath);
      } finally {
        this.inProgress.delete(schema.$ref);
      }
    }
    const inner = this.typeOfNonNull(schema, pointer, nameHint, modulePath);
    const nullable =
      schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null')) || (Array.isArray(schema.enum) && schema.enum.includes(null) && schema.enum.some((v) => v !== null));
    return nullable && inner.kind !== 'nullable' && !(inner.kind === 'primitive' && inner.name === 'null') ? { kind: 'nullable', type: inner } : inner;
  }

  private typeOfNonNull(s: SchemaObject, pointer: string, nameHint: string, modulePath: readonly string[]): TypeRef {
    if (s.const !== undefined && isLiteral(s.const)) return { kind: 'literal', value: s.const };
    const enumValues = Array.isArray(s.enum) ? s.enum : Array.isArray(s['x-ntnx-enum']) ? (s['x-ntnx-enum'] as unknown[]) : undefined;
    if (enumValues) {
      const literals = enumValues.filter(isLiteral).filter((v) => v !== null);
      if (literals.length > 0) {
        const types = [...new Set(literals)].map((value) => ({ kind: 'literal', value }) as TypeRef);
        return types.length === 1 ? types[0]! : { kind: 'oneOf', types };
      }
    }

    const variants = unionVariants(s);
    if (variants) {
      const kind = s.oneOf ? 'oneOf' : 'anyOf';
      // `anyOf: [X, { type: 'null' }]` (OpenAPI 3.1) is a nullable X, not a union to decode.
      const nonNull = variants.filter((v) => !isNullSchema(v));
      if (nonNull.length > 0 && nonNull.length < variants.length) {
        const inner =
          nonNull.length === 1
            ? this.typeOf(nonNull[0], `${pointer}/${kind}/${variants.indexOf(nonNull[0]!)}`, nameHint, modulePath)
            : this.typeOfNonNull({ ...s, oneOf: undefined, anyOf: undefined, [kind]: nonNull }, pointer, nameHint, modulePath);
        return inner.kind === 'nullable' ? inner : { kind: 'nullable', type: inner };
      }
      const branches = variants.map((v, i) => this.typeOf(v, `${pointer}/${kind}/${i}`, `${nameHint}${i + 1}`, modulePath));
      const unique = dedupeTypes(branches);
      if (unique.length === 1) return unique[0]!;
      if (unique.every((b) => !needsDecoding(b, this.decls))) return { kind: 'oneOf', types: unique };
      const discriminator = this.discriminatorOf(s, variants, branches, unique);
      return { kind: 'ref', id: this.synthesize(pointer, nameHint, modulePath, (id, placement) => {
        const decl: UnionDecl = {
          ...(discriminator ? { discriminator } : {}),
          id,
          kind: 'union',
          name: placement.name,
          fileName: placement.name,
          modulePath,
          ...(str(s.description) ? { description: str(s.description) } : {}),
          deprecated: s.deprecated === true,
          pointer,
          branches: unique,
        };
        return decl;
      }) };
    }

    if (s.allOf && s.allOf.length === 1 && !hasOwnProperties(s)) {
      return this.typeOf(s.allOf[0], `${pointer}/allOf/0`, nameHint, modulePath);
    }

    const types = Array.isArray(s.type) ? s.type.filter((t) => t !== 'null') : s.type !== undefined ? [s.type] : [];
    if (types.length > 1) {
      return {
        kind: 'oneOf',
        types: types.map((t, i) => this.typeOfNonNull({ ...s, type: t }, pointer, `${nameHint}${i + 1}`, modulePath)),
      };
    }
    const type = types[0];

    if (type === 'array' || (type === undefined && s.items !== undefined)) {
      const items = Array.isArray(s.items) ? s.items[0] : s.items;
      return { kind: 'array', items: this.typeOf(items, `${pointer}/items`, singular(nameHint), modulePath) };
    }
    if (type === 'object' || (type === undefined && (s.properties !== undefined || s.allOf !== undefined || s.additionalProperties !== undefined))) {
      if (hasProperties(s, this) || s.allOf) {
        return { kind: 'ref', id: this.synthesize(pointer, nameHint, modulePath, (id, placement) => this.buildDecl(id, s, placement, pointer)) };
      }
      const ap = s.additionalProperties;
      if (ap && typeof ap === 'object') return { kind: 'map', values: this.typeOf(ap, `${pointer}/additionalProperties`, `${nameHint}Value`, modulePath) };
      return { kind: 'map', values: { kind: 'primitive', name: 'unknown' } };
    }
    switch (type) {
      case 'string':
        if (s.format === 'binary') return { kind: 'binary' };
        return { kind: 'primitive', name: 'string', ...(s.format ? { format: String(s.format) } : {}) };
      case 'integer':
        return { kind: 'primitive', name: 'integer', ...(s.format ? { format: String(s.format) } : {}) };
      case 'number':
        return { kind: 'primitive', name: 'number', ...(s.format ? { format: String(s.format) } : {}) };
      case 'boolean':
        return { kind: 'primitive', name: 'boolean' };
      case 'null':
        return { kind: 'primitive', name: 'null' };
      case 'file':
        return { kind: 'binary' };
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        // Not JSON Schema types, but the meaning is clear (prism v4.0 has `type: int`): say so and carry on.
        this.ctx.sink.warn('unknown-type', `schema type ${JSON.stringify(type)} is not an OpenAPI type; read as ${type === 'int' || type === 'long' ? 'integer' : 'number'}`, pointer + '/type');
        return { kind: 'primitive', name: type === 'int' || type === 'long' ? 'integer' : 'number' };
      default:
        if (type !== undefined) this.ctx.sink.warn('unknown-type', `unknown schema type ${JSON.stringify(type)}; treated as any JSON value`, pointer + '/type');
        return { kind: 'primitive', name: 'unknown' };
    }
  }

  /** Creates a declaration for an inline schema, once per site. */
  private synthesize(pointer: string, nameHint: string, modulePath: readonly string[], build: (id: string, placement: Placement) => Decl): string {
    const id = '#' + pointer;
    if (this.decls.has(id)) return id;
    let placement = this.placements.get(id);
    if (!placement) {
      placement = { modulePath, name: this.placeName(typeName(nameHint), modulePath) };
      this.placements.set(id, placement);
    }
    const decl = build(id, placement);
    this.decls.set(id, decl);
    return id;
  }
}

function metaField(wireName: '$reserved' | '$unknownFields'): Field {
  return {
    wireName,
    propName: wireName,
    type: { kind: 'map', values: { kind: 'primitive', name: 'unknown' } },
    required: false,
    readOnly: false,
    writeOnly: false,
    nullable: false,
    deprecated: false,
    description:
      wireName === '$reserved'
        ? 'Reserved for the server (version and ETag bookkeeping); sent back as received.'
        : 'Fields the server did not recognise in a request, as it reported them; sent back as received.',
    constraints: {},
  };
}

export function componentId(key: string): string {
  return `#/components/schemas/${escapePointerToken(key)}`;
}

function decodeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isComponentRef(ref: string): boolean {
  return /^#\/components\/schemas\/[^/]+$/.test(ref);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function isLiteral(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function unionVariants(s: SchemaObject): SchemaObject[] | undefined {
  const list = Array.isArray(s.oneOf) && s.oneOf.length > 0 ? s.oneOf : Array.isArray(s.anyOf) && s.anyOf.length > 0 ? s.anyOf : undefined;
  return list?.filter((v) => v !== null && typeof v === 'object');
}

function isNullSchema(s: SchemaObject): boolean {
  return s.type === 'null' || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === 'null') || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

function hasOwnProperties(s: SchemaObject): boolean {
  return s.properties !== undefined && Object.keys(s.properties).length > 0;
}

function hasProperties(s: SchemaObject, conv: SchemaConverter): boolean {
  if (hasOwnProperties(s)) return true;
  return (s.allOf ?? []).some((p) => {
    const t = conv.deref(p);
    return t !== s && (hasOwnProperties(t) || (t.allOf?.length ?? 0) > 0);
  });
}

function isObjectSchema(s: SchemaObject, conv: SchemaConverter): boolean {
  if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) return true;
  return s.type === undefined && (hasProperties(s, conv) || (s.allOf?.length ?? 0) > 0 || s.additionalProperties !== undefined);
}

function singular(name: string): string {
  if (/ies$/.test(name)) return name.slice(0, -3) + 'y';
  if (/[^s]s$/.test(name)) return name.slice(0, -1);
  return name + 'Item';
}

function constraintsOf(s: SchemaObject): Constraints {
  const c: Mutable<Constraints> = {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  if (num(s.minimum) !== undefined) c.minimum = s.minimum!;
  if (num(s.maximum) !== undefined) c.maximum = s.maximum!;
  if (typeof s.exclusiveMinimum === 'number') c.exclusiveMinimum = s.exclusiveMinimum;
  else if (s.exclusiveMinimum === true && c.minimum !== undefined) {
    c.exclusiveMinimum = c.minimum;
    delete c.minimum;
  }
  if (typeof s.exclusiveMaximum === 'number') c.exclusiveMaximum = s.exclusiveMaximum;
  else if (s.exclusiveMaximum === true && c.maximum !== undefined) {
    c.exclusiveMaximum = c.maximum;
    delete c.maximum;
  }
  if (num(s.minLength) !== undefined) c.minLength = s.minLength!;
  if (num(s.maxLength) !== undefined) c.maxLength = s.maxLength!;
  if (typeof s.pattern === 'string') c.pattern = s.pattern;
  if (num(s.minItems) !== undefined) c.minItems = s.minItems!;
  if (num(s.maxItems) !== undefined) c.maxItems = s.maxItems!;
  if (s.uniqueItems === true) c.uniqueItems = true;
  if (typeof s.format === 'string') c.format = s.format;
  if (num(s.multipleOf) !== undefined) c.multipleOf = s.multipleOf!;
  return c;
}

/** Does a value of this type need more than a copy to decode (a model or union inside)? */
export function needsDecoding(type: TypeRef, decls: ReadonlyMap<string, Decl>, seen?: Set<string>): boolean {
  switch (type.kind) {
    case 'ref': {
      const decl = decls.get(type.id);
      if (!decl) return true; // not built yet: a model in progress
      if (decl.kind === 'model' || decl.kind === 'union') return true;
      if (decl.kind === 'alias') {
        // Made only here: the emitters ask for every field, and most types hold no alias.
        seen ??= new Set();
        if (seen.has(decl.id)) return false;
        seen.add(decl.id);
        return needsDecoding(decl.type, decls, seen);
      }
      return false;
    }
    case 'array':
      return needsDecoding(type.items, decls, seen);
    case 'map':
      return needsDecoding(type.values, decls, seen);
    case 'nullable':
      return needsDecoding(type.type, decls, seen);
    case 'oneOf':
      return type.types.some((t) => needsDecoding(t, decls, seen));
    default:
      return false;
  }
}

export function typeKey(type: TypeRef): string {
  return JSON.stringify(type);
}

function dedupeTypes(types: TypeRef[]): TypeRef[] {
  const seen = new Set<string>();
  return types.filter((t) => {
    const k = typeKey(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
