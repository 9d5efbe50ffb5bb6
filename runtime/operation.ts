/**
 * The contract between generated API classes and the runtime.
 *
 * A generated method does no HTTP itself: it describes the call as an
 * `OperationRequest` (method, path template, parameters by location, body,
 * how to decode each status) and hands it to `ApiClient.request()`. Every
 * convention (auth, request ids, ETags, retries, errors) lives in the runtime,
 * so a fix there reaches every generated operation at once.
 */

import type { ProgressCallback } from './transfer.js';

/**
 * A value that can be sent as a path, query or header parameter. `null` and
 * `undefined` (also as array items, which `nullable` item schemas allow) are left out.
 */
export type ParamValue = string | number | boolean | bigint | null | undefined | ReadonlyArray<string | number | boolean | bigint | null>;

/**
 * A value for a header parameter. Besides `ParamValue`, the If-Match header
 * accepts a model read by a GET: the runtime sends that model's ETag.
 */
export type HeaderValue = ParamValue | object;

/** Decodes one JSON body into the model the operation promises. */
export type BodyDecoder<T> = (json: unknown) => T;

/** How a response with a given status (or `2XX`/`4XX`/`5XX`/`default`) is read. */
export interface ResponseSpec<T = unknown> {
  /** Decoder for the `data` member (Nutanix envelope) or the whole body. */
  readonly decode?: BodyDecoder<T>;
  /**
   * `true` when the body is the Nutanix envelope `{ metadata, data, $reserved, $objectType }`:
   * `decode` is then applied to `data` only and `metadata` is decoded by `decodeMetadata`.
   */
  readonly envelope?: boolean;
  /** Decoder for the envelope's `metadata` member. */
  readonly decodeMetadata?: BodyDecoder<unknown>;
  /** `json` (default), `text` (text/*, xml), `binary` (octet-stream: a `Blob`), `stream` (a `ReadableStream`), `empty`. */
  readonly kind?: 'json' | 'text' | 'binary' | 'stream' | 'empty';
  /**
   * `true` when the promised data is an array (a list operation): a body without
   * `data` (Nutanix lists with no results) or without content resolves to `[]`.
   */
  readonly list?: boolean;
}

/** Everything the runtime needs to make one call. Built by generated code only. */
export interface OperationRequest<T = unknown> {
  /** The operation id as written in the document (for logs and errors). */
  readonly operationId: string;
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS' | 'TRACE';
  /** Path template relative to the base URL, e.g. `/vmm/v4.0/ahv/config/vms/{extId}`. */
  readonly path: string;
  /** Values for the `{name}` placeholders; each is percent-encoded by the runtime. */
  readonly pathParams?: Readonly<Record<string, ParamValue>>;
  /** Query parameters by wire name; `undefined` values are left out. Arrays are repeated (`a=1&a=2`) unless listed in `queryCsv`. */
  readonly query?: Readonly<Record<string, ParamValue>>;
  /** Wire names of array query parameters sent comma-separated (`style: form, explode: false`). */
  readonly queryCsv?: readonly string[];
  /**
   * Header parameters by wire name; `undefined` values are left out. An object
   * (only for the `ifMatchHeader`) is a model read by a GET: its ETag is sent.
   */
  readonly headers?: Readonly<Record<string, ParamValue | object>>;
  /** The request body, already encoded to JSON-able data (models call `toJSON()`), or a Blob/FormData/string/stream. */
  readonly body?: unknown;
  /** Media type of the body: `application/json`, `multipart/form-data`, `application/octet-stream`, ... */
  readonly contentType?: string;
  /** The `Accept` header to send. */
  readonly accept?: string;
  /**
   * Where the runtime may find an ETag for `If-Match` when the caller gave none:
   * the model that was read by a GET (see `etag.ts`). Usually the request body model.
   */
  readonly etagSource?: unknown;
  /** Wire name of the If-Match header when the operation declares one (`If-Match`). */
  readonly ifMatchHeader?: string;
  /** Wire name of the idempotency header when the operation declares one (`NTNX-Request-Id`). */
  readonly requestIdHeader?: string;
  /** Security scheme names that apply (empty array: none; undefined: the client's default). */
  readonly security?: readonly string[];
  /** Decoders by status code (`200`, `202`, `2XX`, `4XX`, `default`). */
  readonly responses: Readonly<Record<string, ResponseSpec<T>>>;
  /** Decoder for error bodies (`4XX`/`5XX`/`default`); its result becomes `ApiError.data`. */
  readonly decodeError?: BodyDecoder<unknown>;
  /**
   * The return type is a union by status: a 2xx status the document does not declare
   * fails with `ResponseParseError` rather than resolve to a value no member describes.
   */
  readonly strictStatus?: boolean;
}

/** Options a caller may pass to any generated method, as the last argument. */
export interface RequestOptions {
  /** Cancels the call (including retries and waits). */
  readonly signal?: AbortSignal | undefined;
  /** Extra headers for this call only. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Overrides the client's retry policy for this call (`false` disables retries). */
  readonly retry?: RetryOptions | false | undefined;
  /** Total time allowed for this call, in milliseconds, until the response headers arrive. */
  readonly timeoutMs?: number | undefined;
  /** On 412 (stale ETag): re-read the entity once and retry with its new ETag. */
  readonly refetchOnStaleEtag?: boolean | undefined;
  /**
   * Check parameters and body against the document's constraints (pattern, lengths,
   * ranges, item counts, enum, required, required-by-operation) before sending;
   * a violation throws `ValidationError` and nothing is sent. Default: the client's `validate` (off).
   */
  readonly validate?: boolean | undefined;
  /** Called as a binary response body arrives (the `Blob` and the streamed form alike). */
  readonly onDownloadProgress?: ProgressCallback | undefined;
  /**
   * Called as a `Blob`, stream or `FormData` request body is sent. The body is
   * then sent as a stream (its size, when known, as `Content-Length`): Node and
   * browsers that support streamed request bodies.
   */
  readonly onUploadProgress?: ProgressCallback | undefined;
}

/** Retry settings a client or a call overrides; a field left out or `undefined` keeps the default. */
export type RetryOptions = { readonly [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined };

export interface RetryPolicy {
  /** Attempts after the first one. */
  readonly maxRetries: number;
  /** First back-off delay in ms; doubled each attempt, with full jitter. */
  readonly baseDelayMs: number;
  /** Upper bound for one back-off delay (and for an honoured `Retry-After`). */
  readonly maxDelayMs: number;
  /** Status codes that are retried. */
  readonly statuses: readonly number[];
  /** Retry network errors (reset, refused, timeout). */
  readonly retryNetworkErrors: boolean;
}

/** The result of a successful call. */
export interface ApiResponse<T, M = unknown, S extends number = number> {
  /** The decoded `data` of the envelope (or the whole decoded body). */
  readonly data: T;
  /** The decoded `metadata` of the envelope (links, flags, total count). */
  readonly metadata?: M;
  /**
   * The HTTP status. Operations with several success statuses of different data types
   * return a union (`ApiResponse<A, M, 200> | ApiResponse<B, M, 201>`): compare it to narrow `data`.
   */
  readonly status: S;
  readonly headers: Headers;
  /** The `NTNX-Request-Id` (or generated request id) this call was sent with. */
  readonly requestId: string;
  /** The `ETag` response header, when the server sent one. */
  readonly etag?: string;
  /** The body as received (parsed JSON, text, or undefined). */
  readonly raw: unknown;
  /** How many HTTP attempts the call took (1 when it was not retried). */
  readonly attempts?: number;
}

/** Carries the parameter and result types of a descriptor (never set at run time). */
declare const operationTypes: unique symbol;

/** Where one parameter goes, by its property name in the parameters object. */
export interface ParamLocation {
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  /** The name on the wire. */
  readonly name: string;
}

/**
 * An operation as data: method, path template and where each parameter goes.
 * Generated API classes have one static per operation, named like the method
 * (`VmApi.updateVmById`), so that helpers such as `runBatch` can build the
 * call from the same typed parameters the method takes. `P` is the
 * parameters type, `T` the decoded success data.
 */
export interface OperationDescriptor<P = unknown, T = unknown> {
  readonly operationId: string;
  readonly method: OperationRequest['method'];
  /** Path template relative to the base URL, e.g. `/vmm/v4.0/ahv/config/vms/{extId}`. */
  readonly path: string;
  /** Parameters by property name. */
  readonly params: Readonly<Record<string, ParamLocation>>;
  /** Property name of the request body, and its media type. */
  readonly body?: { readonly name: string; readonly contentType: string };
  /** Wire name of the If-Match header, when the operation declares one. */
  readonly ifMatchHeader?: string;
  /** Wire name of the idempotency header (`NTNX-Request-Id`), when declared. */
  readonly requestIdHeader?: string;
  readonly [operationTypes]?: { readonly params: P; readonly data: T };
}

/** The parameters type of a descriptor. */
export type ParamsOf<D> = D extends OperationDescriptor<infer P, unknown> ? P : never;
/** The success data type of a descriptor. */
export type DataOf<D> = D extends OperationDescriptor<unknown, infer T> ? T : never;
