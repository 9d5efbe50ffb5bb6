/**
 * The intermediate model: plain data describing what an SDK is made of.
 * Built from an OpenAPI document by `build.ts`, read by the emitters. Every name
 * here (class, file, module, method, property) is final: emitters never invent one.
 *
 *   Sdk > Version > Module > Decl (Model | Enum | Union | Alias)
 *                 > Api > Operation
 */

/** One generated package: all versions of one namespace. */
export interface Sdk {
  /** npm package name, e.g. `@ntnx-sdk/vmm`. */
  readonly packageName: string;
  /** Package version, e.g. `4.0.0` (decided by generate(): generator/diff/version.ts). */
  readonly packageVersion: string;
  /** API namespace (`vmm`), or a name derived from the document for non-Nutanix documents. */
  readonly namespace: string;
  readonly title: string;
  readonly description?: string;
  readonly versions: readonly Version[];
}

export interface Version {
  /** Folder and subpath label: `v4.0`, `v4.1.b2`, `v3`, `v1`. */
  readonly label: string;
  /** Identifier-safe label for namespace exports: `v4_0`. */
  readonly exportName: string;
  readonly sourceFile: string;
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  /** Default base URL with its variables, from `servers[0]`. */
  readonly server?: { readonly url: string; readonly variables: Readonly<Record<string, string>> };
  /** `true` for Nutanix v4 documents (envelopes, `$objectType`, `$reserved`). */
  readonly nutanix: boolean;
  readonly modules: readonly Module[];
  readonly apis: readonly Api[];
  readonly securitySchemes: readonly SecurityScheme[];
}

export interface SecurityScheme {
  readonly name: string;
  readonly kind: 'basic' | 'bearer' | 'apiKey' | 'other';
  /** For apiKey: header/query/cookie and the parameter name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly paramName?: string;
}

/**
 * A folder of models. `path` is relative to the version folder, e.g.
 * `['models', 'ahv', 'config']` or `['shared', 'common', 'v1', 'config']`.
 */
export interface Module {
  readonly path: readonly string[];
  /** Dotted form for docs: `vmm.v4.ahv.config`. */
  readonly qualifiedName: string;
  readonly decls: readonly Decl[];
}

export type Decl = ModelDecl | EnumDecl | UnionDecl | AliasDecl;

interface DeclBase {
  /** Unique id inside the version (the component pointer or a synthetic pointer). */
  readonly id: string;
  /** TypeScript name of the exported class/type, unique in its module. */
  readonly name: string;
  /** File name without extension, unique in its module. */
  readonly fileName: string;
  /** Module path (see `Module.path`). */
  readonly modulePath: readonly string[];
  /** The schema key in `components.schemas`, when there is one. */
  readonly schemaKey?: string;
  readonly title?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  /** JSON pointer of the schema in the document (for docs and diagnostics). */
  readonly pointer: string;
}

/** An object schema: a class with `fromJSON`/`toJSON` plus its JSON shape type. */
export interface ModelDecl extends DeclBase {
  readonly kind: 'model';
  /** `$objectType` on the wire (Nutanix); undefined for other documents. */
  readonly objectType?: string;
  readonly fields: readonly Field[];
  /**
   * Type of undeclared properties: a schema (`additionalProperties: {...}`),
   * `unknown` (allowed or unspecified). Undeclared properties are kept and sent back either way.
   */
  readonly additional?: TypeRef;
  /** Name of the member that holds undeclared properties (`additionalProperties` unless taken). */
  readonly additionalMember: string;
  /** Fields and allOf parents merged in, for docs (`allOf` of these schemas). */
  readonly composedOf: readonly string[];
  /** `x-odata-fields` and similar hints, kept for docs. */
  readonly example?: unknown;
}

export interface Field {
  /** Property name on the wire (JSON key). */
  readonly wireName: string;
  /** Property name on the class: the wire name unless it clashes with a member of the class. */
  readonly propName: string;
  readonly type: TypeRef;
  /** Present in every payload (schema `required`). */
  readonly required: boolean;
  readonly readOnly: boolean;
  readonly writeOnly: boolean;
  readonly nullable: boolean;
  readonly deprecated: boolean;
  readonly description?: string;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly constraints: Constraints;
  /** Operations for which the field is required (`x-required-by-operation`). */
  readonly requiredByOperations?: readonly string[];
}

export interface Constraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly format?: string;
  readonly multipleOf?: number;
}

export interface EnumDecl extends DeclBase {
  readonly kind: 'enum';
  readonly valueType: 'string' | 'number' | 'boolean';
  readonly members: readonly EnumMember[];
}

export interface EnumMember {
  /** Key in the const object: a valid identifier. */
  readonly key: string;
  readonly value: string | number | boolean;
  readonly description?: string;
}

/** A `oneOf`/`anyOf`: a union type with a decoder that picks the branch at run time. */
export interface UnionDecl extends DeclBase {
  readonly kind: 'union';
  readonly branches: readonly TypeRef[];
  /**
   * The document's `discriminator` (on the union or on the `allOf` parent its
   * branches share): the property, and per branch (same order as `branches`) the
   * values that name it (explicit `mapping`, else the schema name, else a `const`).
   */
  readonly discriminator?: { readonly propertyName: string; readonly values: readonly (readonly string[])[] };
}

/** A named schema that is not an object or enum: `export type X = string[]`. */
export interface AliasDecl extends DeclBase {
  readonly kind: 'alias';
  readonly type: TypeRef;
  readonly constraints: Constraints;
}

export type PrimitiveName = 'string' | 'number' | 'integer' | 'boolean' | 'unknown' | 'null';

export type TypeRef =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName; readonly format?: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  /** A named declaration, by `Decl.id`. */
  | { readonly kind: 'ref'; readonly id: string }
  | { readonly kind: 'array'; readonly items: TypeRef }
  | { readonly kind: 'map'; readonly values: TypeRef }
  /** An anonymous union of types that need no run-time decoding choice (e.g. inline enum). */
  | { readonly kind: 'oneOf'; readonly types: readonly TypeRef[] }
  | { readonly kind: 'nullable'; readonly type: TypeRef }
  /** Binary content: a `Blob` when sending, a `Blob` or stream when receiving. */
  | { readonly kind: 'binary' };

/** One API class: the operations of one tag. */
export interface Api {
  readonly name: string;
  readonly fileName: string;
  readonly tag: string;
  readonly description?: string;
  readonly operations: readonly Operation[];
}

export interface Operation {
  /** The document's operation id (or the synthesized one). */
  readonly operationId: string;
  /** Method name on the API class. */
  readonly methodName: string;
  /** Name of the parameters interface (inside the API class's namespace). */
  readonly paramsTypeName: string;
  readonly httpMethod: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | 'TRACE';
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated: boolean;
  readonly params: readonly Param[];
  readonly body?: RequestBody;
  readonly responses: readonly ResponseCase[];
  /** Decoded type of error bodies (`4XX`/`5XX`/`default`), when declared. */
  readonly errorType?: TypeRef;
  /** `undefined`: the document's default; `[]`: no auth. */
  readonly security?: readonly string[];
  /** Name of the static that describes the operation as data (for batches): the method name unless it is a built-in static. */
  readonly descriptorName: string;
  /** Set when a success answer is binary: name of the method that returns the body as a stream. */
  readonly streamMethodName?: string;
  /** Set when the operation pages with `$page`/`$limit`: name of the iterator method. */
  readonly paging?: { readonly methodName: string; readonly pageParam: string; readonly limitParam: string; readonly itemType: TypeRef };
  /**
   * Set for Prism Central v3 lists (`POST /<kind>s/list` with `{ kind, offset, length }`):
   * name of the iterator method over all entities, their type and the entity kind.
   */
  readonly entityPaging?: { readonly methodName: string; readonly itemType: TypeRef; readonly kind?: string };
  /**
   * The names by which `x-required-by-operation` refers to this operation: its
   * operation id and its kind (see `operationKind` in operations.ts).
   */
  readonly requiredByNames: readonly string[];
  /** Other things a reader of the docs wants (`x-permissions`, `x-rate-limit`, ...). */
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly pointer: string;
}

export interface Param {
  readonly wireName: string;
  /** Property name in the parameters object. */
  readonly propName: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly type: TypeRef;
  /** Required from the caller (the runtime fills `NTNX-Request-Id` and `If-Match`). */
  readonly required: boolean;
  readonly description?: string;
  readonly deprecated: boolean;
  readonly default?: unknown;
  readonly constraints: Constraints;
  /** Arrays in the query sent comma-separated (`style: form, explode: false`). */
  readonly csv: boolean;
  /** Parameters the runtime knows how to fill. */
  readonly role?: 'ifMatch' | 'requestId';
}

export interface RequestBody {
  /** Property name in the parameters object (`body` unless taken). */
  readonly propName: string;
  readonly type: TypeRef;
  readonly contentType: string;
  readonly required: boolean;
  readonly description?: string;
  readonly kind: 'json' | 'binary' | 'multipart' | 'form' | 'text';
}

export interface ResponseCase {
  /** `200`, `202`, `2XX`, `4XX`, `default`. */
  readonly status: string;
  readonly success: boolean;
  readonly description?: string;
  readonly contentType?: string;
  readonly kind: 'json' | 'text' | 'binary' | 'empty';
  /** The Nutanix `{ metadata, data }` envelope. */
  readonly envelope: boolean;
  /** The document declares this answer as a redirect (e.g. `302`); fetch follows it, so it arrives as a 2xx. */
  readonly redirectStatus?: string;
  /** Type of `data` (envelope) or the whole body. */
  readonly dataType?: TypeRef;
  readonly metadataType?: TypeRef;
}
