/**
 * Request/response hooks. They run on every HTTP attempt (retries included),
 * so a hook that signs requests or adds tracing headers sees each attempt.
 */

export interface RequestContext {
  readonly operationId: string;
  readonly method: string;
  /** The full request URL; a hook may replace it. */
  url: string;
  /** The outgoing headers, credentials included; a hook may add, change or delete. */
  readonly headers: Headers;
  /** The encoded body about to be sent (JSON text, Blob, FormData, ...). */
  readonly body: unknown;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly requestId: string;
}

export interface ResponseContext {
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly requestId: string;
  /** Do not consume the body; use `response.clone()` to read it. */
  readonly response: Response;
  readonly status: number;
  /** Time from sending the attempt to the response headers. */
  readonly durationMs: number;
}

export interface ErrorContext {
  readonly operationId: string;
  readonly method: string;
  readonly url: string;
  readonly attempt: number;
  readonly requestId: string;
  readonly error: unknown;
}

export interface Interceptor {
  onRequest?(ctx: RequestContext): void | Promise<void>;
  onResponse?(ctx: ResponseContext): void | Promise<void>;
  /** A transport failure (no response) on one attempt. */
  onError?(ctx: ErrorContext): void | Promise<void>;
}
