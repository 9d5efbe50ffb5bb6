/**
 * Typed errors. Every error the runtime throws (except a caller's own abort
 * reason) is an `SdkError`, so `instanceof` works for both the family and each
 * kind. Messages never contain credentials: URLs are redacted before use.
 */

/** One Nutanix `AppMessage` (or a schema-validation message mapped onto the same shape). */
export interface AppMessage {
  readonly message?: string;
  readonly code?: string;
  readonly severity?: string;
  readonly errorGroup?: string;
  readonly locale?: string;
  readonly argumentsMap?: Readonly<Record<string, string>>;
  /** For schema-validation messages: the request part that failed (`body`, `query`, `path`). */
  readonly location?: string;
  /** For schema-validation messages: the attribute that failed. */
  readonly attributePath?: string;
  readonly $objectType?: string;
}

/** Base class of every error thrown by the runtime. */
export class SdkError extends Error {
  override name = 'SdkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ApiErrorInit {
  readonly status: number;
  readonly statusText?: string;
  readonly headers: Headers;
  readonly requestId?: string;
  readonly operationId: string;
  readonly method?: string;
  readonly url?: string;
  readonly data?: unknown;
  /** `true` when `data` is the body decoded by the operation's error decoder. */
  readonly decoded?: boolean;
  readonly raw?: unknown;
  readonly attempts?: number;
  readonly cause?: unknown;
}

/**
 * The server answered with a status the operation treats as an error. `data` is
 * `unknown` until a type guard shows more: the generated `<Api>.isError(e)` narrows
 * it to `ApiErrorOf<ErrorResponse>` when the body decoded as the declared model.
 */
export class ApiError extends SdkError {
  override name = 'ApiError';
  readonly status: number;
  readonly headers: Headers;
  /** The request id the call was sent with (same on every retry). */
  readonly requestId: string | undefined;
  readonly operationId: string;
  readonly method: string | undefined;
  /** The request URL, with any credentials removed. */
  readonly url: string | undefined;
  /** The error body decoded by the operation's `decodeError` (or the parsed JSON when there is none, or it did not decode). */
  readonly data: unknown;
  /** `true` when `data` is the body decoded by the operation's error decoder (the declared error model). */
  readonly decoded: boolean;
  /** The body as received: parsed JSON, or the text when it was not JSON. */
  readonly raw: unknown;
  /** Nutanix messages flattened from the body (AppMessage list, schema-validation messages, or `{message}`). */
  readonly messages: readonly AppMessage[];
  /** How many HTTP attempts the call made. */
  readonly attempts: number;

  constructor(init: ApiErrorInit, message?: string) {
    const messages = extractMessages(init.raw);
    super(message ?? describe(init, messages), { cause: init.cause });
    this.status = init.status;
    this.headers = init.headers;
    this.requestId = init.requestId;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url;
    this.data = init.data;
    this.decoded = init.decoded === true;
    this.raw = init.raw;
    this.messages = messages;
    this.attempts = init.attempts ?? 1;
  }

  /** The Nutanix error codes in the body (`VMM-30100`, `PLAT-10005`, ...). */
  get codes(): string[] {
    return this.messages.flatMap((m) => (m.code ? [m.code] : []));
  }
}

/** An `ApiError` whose `data` is the decoded error model `E` (what the generated `isError` guards show). */
export type ApiErrorOf<E> = ApiError & { readonly data: E };

/** 412 / 428, or a body carrying PLAT-10004 / PLAT-10005: the If-Match ETag was missing or stale. */
export class PreconditionFailedError extends ApiError {
  override name = 'PreconditionFailedError';
  /** The If-Match value that was sent, if any. */
  readonly sentEtag: string | undefined;
  constructor(init: ApiErrorInit & { sentEtag?: string }) {
    super(init);
    this.sentEtag = init.sentEtag;
  }
}

/** A success response whose body could not be parsed or decoded. `raw` holds the text. */
export class ResponseParseError extends ApiError {
  override name = 'ResponseParseError';
  constructor(init: ApiErrorInit, reason: string) {
    super(init, `${init.operationId}: could not read the HTTP ${init.status} response: ${reason}${rid(init.requestId)}`);
  }
}

/** One broken rule: where (a JSON path such as `$.body.disks[0].diskSizeBytes`) and what. */
export interface Violation {
  readonly path: string;
  /** The rule's OpenAPI name: `maxLength`, `minimum`, `pattern`, `enum`, `required`, `type`, ... */
  readonly rule: string;
  readonly message: string;
}

/** A request that breaks the document's constraints; nothing was sent. */
export class ValidationError extends SdkError {
  override name = 'ValidationError';
  readonly operationId: string;
  readonly violations: readonly Violation[];
  constructor(operationId: string, violations: readonly Violation[]) {
    super(`${operationId}: the request breaks ${violations.length} constraint(s) of the document:\n${violations.map((v) => `  ${v.path}: ${v.message}`).join('\n')}`);
    this.operationId = operationId;
    this.violations = violations;
  }
}

/** What went wrong on the wire, as far as it can be told (drives retry decisions). */
export type NetworkErrorKind =
  /** The connection was never made (refused, unreachable, DNS retry): the server did not see the request. */
  | 'connect'
  /** The connection broke after the request may have been sent (reset, hang up, closed). */
  | 'reset'
  /** The attempt or the socket timed out. */
  | 'timeout'
  /** TLS handshake / certificate problem: retrying does not help. */
  | 'tls'
  /** The host name does not resolve. */
  | 'dns'
  | 'unknown';

export interface NetworkErrorInit {
  readonly kind: NetworkErrorKind;
  readonly code?: string;
  readonly operationId?: string;
  readonly method?: string;
  readonly url?: string;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly cause?: unknown;
}

/** The request failed below HTTP (no response). */
export class NetworkError extends SdkError {
  override name = 'NetworkError';
  readonly kind: NetworkErrorKind;
  /** The system / undici error code (`ECONNRESET`, `ECONNREFUSED`, `UND_ERR_SOCKET`, ...). */
  readonly code: string | undefined;
  readonly operationId: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  constructor(init: NetworkErrorInit, message?: string) {
    const what = init.code ? `${init.kind} (${init.code})` : init.kind;
    const hint = init.kind === 'tls' ? '; for a self-signed certificate pass `ca` (or `insecure`) to createNodeDispatcher' : '';
    super(
      message ??
        `${init.operationId ?? 'request'}: network error: ${what}${init.method && init.url ? ` on ${init.method} ${init.url}` : ''}${hint}${rid(init.requestId)}`,
      { cause: init.cause },
    );
    this.kind = init.kind;
    this.code = init.code;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

/** Where a time limit was hit. */
export type TimeoutPhase = 'headers' | 'attempt' | 'body' | 'task';

/** A time limit was reached: the total limit until response headers, an idle body read, or a task wait. */
export class TimeoutError extends SdkError {
  override name = 'TimeoutError';
  readonly timeoutMs: number;
  readonly phase: TimeoutPhase;
  readonly operationId: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  /** For task waits: the last task state seen. */
  readonly lastTask: unknown;
  constructor(init: {
    timeoutMs: number;
    phase: TimeoutPhase;
    operationId?: string;
    requestId?: string;
    attempts?: number;
    lastTask?: unknown;
    message?: string;
  }) {
    super(init.message ?? `${init.operationId ?? 'request'}: timed out after ${init.timeoutMs} ms (${init.phase})${rid(init.requestId)}`);
    this.timeoutMs = init.timeoutMs;
    this.phase = init.phase;
    this.operationId = init.operationId;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
    this.lastTask = init.lastTask;
  }
}

/** A task ended FAILED or CANCELED. */
export class TaskFailedError extends SdkError {
  override name = 'TaskFailedError';
  readonly taskExtId: string;
  readonly status: string;
  /** The task's `errorMessages` (AppMessage list). */
  readonly errorMessages: readonly AppMessage[];
  /** The task's `legacyErrorMessage`, for tasks started by v2/v3 APIs. */
  readonly legacyErrorMessage: string | undefined;
  /** The whole task as last read. */
  readonly task: Readonly<Record<string, unknown>>;
  constructor(task: Readonly<Record<string, unknown>>) {
    const status = typeof task['status'] === 'string' ? task['status'] : 'FAILED';
    const extId = typeof task['extId'] === 'string' ? task['extId'] : '';
    const errorMessages = Array.isArray(task['errorMessages']) ? task['errorMessages'].filter(isRecord).map(toAppMessage) : [];
    const legacy = typeof task['legacyErrorMessage'] === 'string' ? task['legacyErrorMessage'] : undefined;
    const detail = errorMessages.map(formatMessage).filter(Boolean).join('; ') || legacy || 'no error message';
    super(`task ${extId} ${status}: ${detail}`);
    this.taskExtId = extId;
    this.status = status;
    this.errorMessages = errorMessages;
    this.legacyErrorMessage = legacy;
    this.task = task;
  }
}

/**
 * Flatten the messages of a Nutanix error body. Accepts the whole envelope
 * (`{ data: { error } }`), its `data`, a v3 body (`message_list`), or a plain `{ message }`.
 */
export function extractMessages(body: unknown): AppMessage[] {
  if (typeof body === 'string') return body.trim() ? [{ message: body.trim().slice(0, 500) }] : [];
  if (!isRecord(body)) return [];
  const inner = isRecord(body['data']) ? body['data'] : body;
  const error = inner['error'] ?? body['error'];
  if (Array.isArray(error)) return error.filter(isRecord).map(toAppMessage);
  if (isRecord(error)) {
    const list = error['validationErrorMessages'];
    if (Array.isArray(list) && list.length > 0) {
      return list.filter(isRecord).map((m) => ({ ...toAppMessage(m), $objectType: str(m['$objectType']) ?? str(error['$objectType']) }));
    }
    const text = str(error['error']) ?? str(error['message']);
    if (text) return [{ message: text, code: str(error['code']), $objectType: str(error['$objectType']) }];
  }
  if (typeof error === 'string') return [{ message: error }];
  const v3 = body['message_list'];
  if (Array.isArray(v3)) {
    return v3.filter(isRecord).map((m) => ({ message: [str(m['message']), str(m['reason'])].filter(Boolean).join(': '), code: str(m['reason']) }));
  }
  const message = str(inner['message']) ?? str(body['message']);
  return message ? [{ message, code: str(inner['code']) ?? str(body['code']) }] : [];
}

function toAppMessage(m: Record<string, unknown>): AppMessage {
  const args = isRecord(m['argumentsMap']) ? (m['argumentsMap'] as Record<string, string>) : undefined;
  const out: Record<string, unknown> = {
    message: str(m['message']),
    code: str(m['code']),
    severity: str(m['severity']),
    errorGroup: str(m['errorGroup']),
    locale: str(m['locale']),
    argumentsMap: args,
    location: str(m['location']),
    attributePath: str(m['attributePath']),
    $objectType: str(m['$objectType']),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as AppMessage;
}

function formatMessage(m: AppMessage): string {
  const text = m.attributePath ? `${m.attributePath}: ${m.message ?? ''}` : (m.message ?? '');
  return m.code ? `${m.code}: ${text}` : text;
}

function describe(init: ApiErrorInit, messages: readonly AppMessage[]): string {
  const status = `HTTP ${init.status}${init.statusText ? ` ${init.statusText}` : ''}`;
  const detail = messages.map(formatMessage).filter(Boolean).slice(0, 3).join('; ');
  return `${init.operationId} failed: ${status}${detail ? ` - ${detail}` : ''}${rid(init.requestId)}`;
}

function rid(requestId: string | undefined): string {
  return requestId ? ` (request id ${requestId})` : '';
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
