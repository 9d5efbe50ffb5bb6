/**
 * `ApiClient`: connection settings and the request pipeline every generated
 * operation goes through (URL building, body encoding, auth, request ids,
 * If-Match, retries, timeouts, decoding, typed errors, logging, hooks).
 */
import { abortReason, linkedController, sleep } from './abort.js';
import { AuthManager, CredentialsRejected, type AuthConfig, type AuthLease } from './auth.js';
import {
  ApiError,
  NetworkError,
  PreconditionFailedError,
  ResponseParseError,
  SdkError,
  TimeoutError,
  ValidationError,
  isRecord,
  type ApiErrorInit,
  type NetworkErrorKind,
} from './errors.js';
import { etagOf, withEtag } from './etag.js';
import type { Interceptor } from './interceptors.js';
import { isSensitiveHeader, redactHeaders, redactUrl, silentLogger, type Logger } from './logging.js';
import type { ApiResponse, OperationRequest, ParamValue, RequestOptions, ResponseSpec, RetryOptions, RetryPolicy } from './operation.js';
import { resolveRequestId } from './request-id.js';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  classifyNetworkError,
  isReplaySafe,
  parseRetryAfter,
  resolveRetryPolicy,
  shouldRetryNetworkError,
  shouldRetryStatus,
} from './retry.js';
import type { ValidationTable } from './validate.js';
import { waitForTask, type CompletedTask, type TaskPollingOptions, type TaskRef, type WaitForTaskOptions } from './tasks.js';
import {
  IS_NODE,
  countBytes,
  dispositionFileName,
  isAsyncIterable,
  isStreamBody,
  iterableToStream,
  type DownloadResponse,
  type ProgressCallback,
} from './transfer.js';
import { VersionNegotiator, negotiateVersion } from './version.js';

export interface ApiClientConfig extends AuthConfig {
  /** Prism Central / Element host name or IP. */
  readonly host?: string | undefined;
  /** Default 9440. */
  readonly port?: number | undefined;
  /** Default `https`. */
  readonly scheme?: 'https' | 'http' | undefined;
  /** Overrides host/port/scheme; default `${scheme}://${host}:${port}/api`. Userinfo in it is used as basic credentials. */
  readonly baseUrl?: string | undefined;
  /**
   * Passed to `fetch` as its `dispatcher` option (Node/undici): custom CA, client
   * certificate, `insecure`, proxy, connect timeout. Build it with
   * `createNodeDispatcher()` from `node.js`. Ignored by browsers.
   */
  readonly dispatcher?: unknown;
  /** A `fetch` implementation to use instead of the global one. */
  readonly fetch?: typeof fetch | undefined;
  /**
   * Total time for a call until the final response headers arrive, across all
   * attempts and back-off waits (default 60 000; 0 = none). Reading the body
   * is not bounded by it, so large downloads are never cut. Not applied by
   * default to streamed/Blob uploads (pass `timeoutMs` per call for those).
   */
  readonly timeoutMs?: number | undefined;
  /** Time for one attempt until its headers; a timed-out attempt counts as a network timeout and may be retried. */
  readonly attemptTimeoutMs?: number | undefined;
  /** Longest pause between two body chunks while reading a response (idle timeout; default none). */
  readonly readTimeoutMs?: number | undefined;
  /** Retry policy (merged over the defaults); `false` disables retries. */
  readonly retry?: RetryOptions | false | undefined;
  /** Where log lines go (silent by default). Credentials are always redacted. */
  readonly logger?: Logger | undefined;
  readonly interceptors?: readonly Interceptor[] | undefined;
  /** Headers sent with every call (e.g. `User-Agent` on Node). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /**
   * Negotiate each namespace's API version with the server on first use and
   * rewrite `/<ns>/<version>/` path prefixes to it. `knownVersions` lists,
   * per namespace, the versions this code may use besides the generated one.
   */
  readonly negotiateVersion?: boolean | { readonly knownVersions?: Readonly<Record<string, readonly string[]>> } | undefined;
  /** The prism API version used by `waitForTask` (default `v4.0`). */
  readonly taskPrismVersion?: string | undefined;
  /** Default for `RequestOptions.refetchOnStaleEtag`. */
  readonly refetchOnStaleEtag?: boolean | undefined;
  /** Check every request against the document's constraints before sending it (default `false`; see `RequestOptions.validate`). */
  readonly validate?: boolean | undefined;
  /** The constraint tables validation uses: the `validation` export of each generated API version in use. */
  readonly validation?: ValidationTable | readonly ValidationTable[] | undefined;
  /** How `waitForTasks` polls: one shared poller per client, its request rate bounded (see `TaskPollingOptions`). */
  readonly taskPolling?: TaskPollingOptions | undefined;
  /**
   * Follow redirects (default `true`). The client follows them itself, so
   * that an `X-Redirect-Token` answer (an image download) is sent on with that
   * token as its cookie, and no credential (Authorization, API key, session
   * cookie) ever goes to another host. `false` returns the 3xx as it came.
   */
  readonly followRedirects?: boolean | undefined;
}

/** Redirect statuses the client follows. */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
/** The header Prism puts on a download redirect: the cookie to send to `Location`. */
const REDIRECT_TOKEN = 'x-redirect-token';
/** Marks a call made through `download()`: a binary body is handed over as a stream. */
const AS_STREAM: unique symbol = Symbol('ntnx.asStream');

const DEFAULT_TIMEOUT_MS = 60_000;

type FetchInit = RequestInit & { dispatcher?: unknown; duplex?: 'half' };

type EncodedBody = string | Blob | ArrayBuffer | ArrayBufferView | FormData | URLSearchParams | ReadableStream<Uint8Array>;

interface PreparedBody {
  readonly body: EncodedBody | undefined;
  readonly contentType: string | undefined;
  /**
   * False for uploads (a `Blob`, a stream): once bytes went out, the call is not
   * sent again (no status retry, no re-authentication, no ETag re-read).
   */
  readonly replayable: boolean;
  /** A `Blob` can be sent again when the connection was never made. */
  readonly reopenable?: boolean;
  /** Bytes of an upload body, when known (`Content-Length` when sent as a stream). */
  readonly size?: number;
}

/** Per-call state shared by the attempts of one logical call. */
interface CallState {
  readonly op: OperationRequest<unknown>;
  readonly options: RequestOptions;
  readonly requestId: string;
  readonly url: string;
  readonly body: PreparedBody;
  readonly policy: RetryPolicy;
  readonly replaySafe: boolean;
  /** Aborts on the caller's signal or the total time-out. */
  readonly signal: AbortSignal;
  readonly deadlineAt: number | undefined;
  readonly deadlineFired: () => boolean;
  /** Stop the total time-out once the final headers are in. */
  readonly clearDeadline: () => void;
  readonly timeoutMs: number | undefined;
  attempts: number;
  /** Set when a stream body is handed to the caller: the abort link then lives until the stream ends. */
  streamLink?: { ended: boolean; release?: () => void };
}

export class ApiClient {
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly taskPrismVersion: string;
  readonly taskPolling: TaskPollingOptions | undefined;
  private readonly config: ApiClientConfig;
  private readonly auth: AuthManager;
  private readonly retryPolicy: RetryPolicy;
  private readonly versions: VersionNegotiator | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(config: ApiClientConfig = {}) {
    const { baseUrl, username, password } = resolveBaseUrl(config);
    this.config = config;
    this.baseUrl = baseUrl;
    this.logger = config.logger ?? silentLogger;
    this.taskPrismVersion = config.taskPrismVersion ?? 'v4.0';
    this.taskPolling = config.taskPolling;
    this.auth = new AuthManager({ ...config, username, password });
    this.retryPolicy = resolveRetryPolicy(DEFAULT_RETRY_POLICY, config.retry);
    const fetchImpl = config.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (!fetchImpl) throw new SdkError('no fetch implementation: pass `fetch` in the client config');
    // Called as a plain function: browsers reject `fetch` invoked as a method of another object ("Illegal invocation").
    this.fetchImpl = (input, init) => fetchImpl(input, init);
    const negotiate = config.negotiateVersion;
    this.versions = negotiate
      ? new VersionNegotiator(this, this.logger, typeof negotiate === 'object' ? negotiate.knownVersions : undefined)
      : undefined;
  }

  /** Run one operation. Generated code calls this; users normally call the generated methods. */
  async request<T = unknown, M = unknown>(op: OperationRequest<unknown>, options: RequestOptions = {}): Promise<ApiResponse<T, M>> {
    if (options.validate ?? this.config.validate ?? false) this.validate(op);
    const requestId = resolveRequestId(op.requestIdHeader, op.headers, options.headers);
    const body = prepareBody(op.body, op.contentType);
    const isUpload = !body.replayable;
    const timeoutMs = options.timeoutMs ?? (isUpload ? undefined : (this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS));

    // The total time-out aborts the same signal as the caller's abort; which one fired decides the error.
    const deadline = new AbortController();
    const timer = timeoutMs ? setTimeout(() => deadline.abort(), timeoutMs) : undefined;
    const { controller, dispose } = linkedController([options.signal, deadline.signal]);
    const clearDeadline = (): void => clearTimeout(timer);
    let state: CallState | undefined;
    try {
      const path = this.versions ? await this.versions.resolvePath(op.path, controller.signal) : op.path;
      state = {
        op,
        options,
        requestId,
        url: this.buildUrl({ ...op, path }),
        body,
        policy: resolveRetryPolicy(this.retryPolicy, body.replayable || body.reopenable ? options.retry : false),
        replaySafe: isReplaySafe(op.method, Boolean(op.requestIdHeader)),
        signal: controller.signal,
        deadlineAt: timeoutMs ? Date.now() + timeoutMs : undefined,
        deadlineFired: () => deadline.signal.aborted,
        clearDeadline,
        timeoutMs,
        attempts: 0,
      };
      return (await this.execute(state, path)) as ApiResponse<T, M>;
    } catch (err) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      if (deadline.signal.aborted && !(err instanceof SdkError)) {
        throw new TimeoutError({ timeoutMs: timeoutMs ?? 0, phase: 'headers', operationId: op.operationId, requestId });
      }
      throw err;
    } finally {
      clearDeadline();
      // A returned stream keeps the caller's signal linked (so it can still cancel the download) until it ends.
      const link = state?.streamLink;
      if (link && !link.ended) link.release = dispose;
      else dispose();
    }
  }

  /**
   * Run a download with its body as a stream instead of a `Blob`. Generated
   * `...Stream()` methods call this with the buffered method:
   * `images.getFileByImageIdStream({ imageExtId })`. The call's `signal` still
   * cancels the stream after this returned; `onDownloadProgress` reports it.
   */
  async download(call: (options: RequestOptions) => Promise<ApiResponse<unknown, unknown>>, options: RequestOptions = {}): Promise<DownloadResponse> {
    const res = await call({ ...options, [AS_STREAM]: true } as RequestOptions);
    const length = Number(res.headers.get('content-length') ?? NaN);
    const data = res.data instanceof ReadableStream ? (res.data as ReadableStream<Uint8Array>) : asStream(res.data);
    return {
      ...res,
      data,
      raw: data,
      contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
      contentType: res.headers.get('content-type') ?? undefined,
      fileName: dispositionFileName(res.headers.get('content-disposition')),
    };
  }

  /** Wait for a task (see `waitForTask`). */
  waitForTask(ref: TaskRef, options?: WaitForTaskOptions): Promise<CompletedTask> {
    return waitForTask(this, ref, options);
  }

  /** Ask the server for the newest of `knownVersions` it supports for `namespace`. */
  negotiateVersion(namespace: string, knownVersions: readonly string[], options?: { signal?: AbortSignal }): Promise<string | undefined> {
    return negotiateVersion(this, namespace, knownVersions, options);
  }

  /** Forget the session cookie; the next call authenticates with credentials again. */
  clearSession(): void {
    this.auth.clear();
  }

  /** The full URL for an operation: path params percent-encoded, query string built. */
  buildUrl(op: Pick<OperationRequest<unknown>, 'path' | 'pathParams' | 'query' | 'queryCsv'>): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = op.pathParams?.[name];
      if (value === undefined || value === null || value === '') throw new SdkError(`missing path parameter "${name}" for ${op.path}`);
      return Array.isArray(value) ? present(value).map((v) => encodeURIComponent(String(v))).join(',') : encodeURIComponent(String(value));
    });
    const query = buildQuery(op.query, op.queryCsv);
    return `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}${query ? `?${query}` : ''}`;
  }

  private async execute(state: CallState, path: string): Promise<ApiResponse<unknown, unknown>> {
    const { op, options } = state;
    let retries = 0;
    let authRetried = false;
    let refetched = false;
    let ifMatchOverride: string | undefined;
    for (;;) {
      state.attempts++;
      const attempt = await this.attempt(state, ifMatchOverride);
      if (attempt.kind === 'error') {
        const { error } = attempt;
        const resendable = state.body.replayable || (state.body.reopenable && error.kind === 'connect');
        if (error.kind !== 'abort' && resendable && retries < state.policy.maxRetries && shouldRetryNetworkError(error.kind, state.policy, state.replaySafe)) {
          if (await this.waitToRetry(state, backoffDelay(retries, state.policy), retries, `network error ${error.code ?? error.kind}`)) {
            retries++;
            continue;
          }
        }
        throw this.networkError(state, error);
      }

      const { response, lease } = attempt;
      const status = response.status;
      if (status === 401 && lease.sessionCookie && !authRetried && state.body.replayable) {
        // The session expired: forget it and authenticate again, once. Not counted as a retry.
        this.auth.invalidate(lease.sessionCookie);
        authRetried = true;
        discard(response);
        this.logger.debug(`session rejected for ${op.operationId}; retrying with credentials`, { requestId: state.requestId });
        continue;
      }
      if (status === 401 && lease.usedCredentials) {
        // Credentials rejected: never retried; the calls waiting for this login fail with the same error.
        state.clearDeadline();
        let failure: unknown;
        try {
          return await this.handleResponse(state, response, attempt.sentEtag);
        } catch (err) {
          failure = err;
          throw err;
        } finally {
          lease.rejected(failure);
        }
      }
      if (state.body.replayable && retries < state.policy.maxRetries && shouldRetryStatus(status, state.policy, state.replaySafe)) {
        const delay = parseRetryAfter(response.headers.get('retry-after'), state.policy.maxDelayMs) ?? backoffDelay(retries, state.policy);
        if (this.fitsDeadline(state, delay)) discard(response);
        if (await this.waitToRetry(state, delay, retries, `HTTP ${status}`)) {
          retries++;
          continue;
        }
      }
      if (status === 412 && op.ifMatchHeader && !refetched && state.body.replayable && (options.refetchOnStaleEtag ?? this.config.refetchOnStaleEtag)) {
        refetched = true;
        const fresh = await this.refetchEtag(state, path);
        if (fresh) {
          discard(response);
          this.logger.info(`${op.operationId}: stale ETag; retrying once with the current one`, { requestId: state.requestId });
          ifMatchOverride = fresh;
          continue;
        }
      }
      state.clearDeadline();
      return this.handleResponse(state, response, attempt.sentEtag);
    }
  }

  /** One HTTP attempt: headers, auth, hooks, fetch. Never throws for transport failures. */
  private async attempt(
    state: CallState,
    ifMatchOverride: string | undefined,
  ): Promise<
    | { kind: 'response'; response: Response; lease: AuthLease; sentEtag: string | undefined }
    | { kind: 'error'; error: { kind: NetworkErrorKind | 'abort'; code?: string; cause: unknown } }
  > {
    const { op, options } = state;
    const headers = this.buildHeaders(state, ifMatchOverride);
    const sentEtag = op.ifMatchHeader ? (headers.get(op.ifMatchHeader) ?? undefined) : undefined;
    let lease: AuthLease;
    try {
      lease = await this.auth.acquire(headers, op.security, state.signal);
    } catch (err) {
      if (err instanceof CredentialsRejected) throw this.rejectedLogin(state, err.error);
      throw err;
    }
    // Per-call headers last, so a caller can override anything (including auth).
    for (const [k, v] of Object.entries(options.headers ?? {})) if (v !== undefined) headers.set(k, v);

    const body = this.uploadBody(state, headers);
    const ctx = { operationId: op.operationId, method: op.method, url: state.url, headers, body, attempt: state.attempts, requestId: state.requestId };
    try {
      for (const i of this.config.interceptors ?? []) await i.onRequest?.(ctx);
    } catch (err) {
      lease.release();
      throw err; // a hook's failure is the caller's, not a network one
    }
    this.logger.debug(`-> ${op.method} ${redactUrl(ctx.url)}`, {
      operationId: op.operationId,
      attempt: state.attempts,
      requestId: state.requestId,
      headers: redactHeaders(headers),
    });

    const attemptCtl = linkedController([state.signal]);
    let attemptTimedOut = false;
    const attemptTimeoutMs = this.config.attemptTimeoutMs;
    const attemptTimer = attemptTimeoutMs
      ? setTimeout(() => {
          attemptTimedOut = true;
          attemptCtl.controller.abort();
        }, attemptTimeoutMs)
      : undefined;
    const init: FetchInit = {
      method: op.method,
      headers,
      body: ctx.body as BodyInit | undefined,
      // Also governs the body read, so the caller's abort still cancels a download.
      signal: attemptCtl.controller.signal,
      // Redirects are followed by `followRedirects()`: it alone knows which headers may go where.
      // An upload is never sent twice, so it follows none: with any other mode Node's fetch keeps
      // a copy of the whole streamed body in memory, in case a redirect needs it again.
      redirect: state.body.replayable ? 'manual' : 'error',
    };
    if (this.config.dispatcher !== undefined) init.dispatcher = this.config.dispatcher;
    if (typeof ReadableStream !== 'undefined' && ctx.body instanceof ReadableStream) init.duplex = 'half'; // required by Node for streamed uploads
    const started = Date.now();
    let response: Response;
    let first: Response;
    try {
      first = response = await this.fetchImpl(ctx.url, init);
      if (this.config.followRedirects !== false) response = await this.followRedirects(state, ctx.url, init, response);
    } catch (cause) {
      clearTimeout(attemptTimer);
      lease.release();
      attemptCtl.dispose();
      if (state.signal.aborted) return { kind: 'error', error: { kind: 'abort', cause } };
      const error = attemptTimedOut ? { kind: 'timeout' as const, code: 'ATTEMPT_TIMEOUT', cause } : { ...classifyNetworkError(cause), cause };
      this.logger.debug(`x  ${op.method} ${redactUrl(ctx.url)} failed: ${error.code ?? error.kind}`, {
        operationId: op.operationId,
        attempt: state.attempts,
        requestId: state.requestId,
      });
      for (const i of this.config.interceptors ?? []) await i.onError?.({ ...ctx, error: cause });
      return { kind: 'error', error };
    }
    clearTimeout(attemptTimer);
    // The session cookie comes from Prism's own answer, never from a redirect target.
    lease.release(first);
    const durationMs = Date.now() - started;
    this.logger.debug(`<- ${response.status} ${op.method} ${redactUrl(ctx.url)} ${durationMs}ms`, {
      operationId: op.operationId,
      attempt: state.attempts,
      requestId: state.requestId,
      headers: redactHeaders(response.headers),
    });
    for (const i of this.config.interceptors ?? []) await i.onResponse?.({ ...ctx, response, status: response.status, durationMs });
    return { kind: 'response', response, lease, sentEtag };
  }

  private buildHeaders(state: CallState, ifMatchOverride: string | undefined): Headers {
    const { op } = state;
    const headers = new Headers(this.config.headers);
    if (op.accept) headers.set('Accept', op.accept);
    if (state.body.contentType) headers.set('Content-Type', state.body.contentType);
    const ifMatchName = op.ifMatchHeader?.toLowerCase();
    let ifMatchSeen = false;
    for (const [name, value] of Object.entries(op.headers ?? {})) {
      if (name.toLowerCase() === ifMatchName) {
        ifMatchSeen = true;
        // The caller may pass the model itself (its attached ETag is used) or an ETag string.
        const tag = ifMatchOverride ?? (typeof value === 'string' ? value || undefined : etagOf(value)) ?? etagOf(op.etagSource);
        if (tag) headers.set(name, tag);
        continue;
      }
      const text = headerText(value);
      if (text !== undefined) headers.set(name, text);
    }
    if (op.ifMatchHeader && !ifMatchSeen) {
      const tag = ifMatchOverride ?? etagOf(op.etagSource);
      if (tag) headers.set(op.ifMatchHeader, tag);
    }
    if (op.requestIdHeader) headers.set(op.requestIdHeader, state.requestId);
    return headers;
  }

  /** Read the current ETag of the entity behind a 412'd update (`/$actions/...` stripped). */
  private async refetchEtag(state: CallState, path: string): Promise<string | undefined> {
    const entityPath = path.replace(/\/\$actions\/.*$/, '');
    try {
      const res = await this.request<unknown>(
        {
          operationId: `${state.op.operationId}:refetchEtag`,
          method: 'GET',
          path: entityPath,
          pathParams: state.op.pathParams,
          accept: 'application/json',
          security: state.op.security,
          responses: { '2XX': { kind: 'empty' } },
        },
        { signal: state.signal, retry: state.options.retry, timeoutMs: this.remaining(state) },
      );
      return res.etag;
    } catch (err) {
      if (state.signal.aborted) throw err;
      this.logger.warn(`${state.op.operationId}: could not re-read the ETag`, { requestId: state.requestId, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }

  private async handleResponse(state: CallState, response: Response, sentEtag: string | undefined): Promise<ApiResponse<unknown, unknown>> {
    const { op } = state;
    const status = response.status;
    const spec = pickSpec(op.responses, status);
    const base: ApiErrorInit = {
      status,
      statusText: response.statusText,
      headers: response.headers,
      requestId: state.requestId,
      operationId: op.operationId,
      method: op.method,
      url: redactUrl(state.url),
      attempts: state.attempts,
    };
    if (status >= 400 || (!spec && status >= 300)) throw await this.errorFor(state, response, base, spec, sentEtag);
    if (!spec && op.strictStatus) {
      discard(response);
      throw new ResponseParseError(base, `status ${status} is none of the statuses the document declares (${Object.keys(op.responses).join(', ')})`);
    }

    let kind = op.method === 'HEAD' || status === 204 || status === 205 ? 'empty' : (spec?.kind ?? inferKind(response));
    if (kind === 'binary' && (state.options as { [AS_STREAM]?: boolean })[AS_STREAM]) kind = 'stream';
    const progress = state.options.onDownloadProgress;
    let raw: unknown;
    switch (kind) {
      case 'empty':
        discard(response);
        break;
      case 'stream': {
        const link: { ended: boolean; release?: () => void } = (state.streamLink = { ended: false });
        raw = this.watchBody(
          state,
          response,
          () => {
            link.ended = true;
            link.release?.();
          },
          progress,
        ).body;
        break;
      }
      case 'binary':
        try {
          raw = await this.watchBody(state, response, undefined, progress).blob();
        } catch (err) {
          throw this.bodyError(state, err);
        }
        break;
      case 'text':
        raw = await this.readText(state, response);
        break;
      case 'json': {
        const text = await this.readText(state, response);
        if (text.trim() === '') break;
        try {
          raw = JSON.parse(text);
        } catch (err) {
          // A 2xx that is not JSON (truncated body, an HTML page from a proxy): typed, with the text kept.
          throw new ResponseParseError({ ...base, raw: text, cause: err }, `malformed JSON (${(err as Error).message})`);
        }
      }
    }

    let data: unknown;
    let metadata: unknown;
    try {
      if (spec?.envelope && isRecord(raw)) {
        data = spec.decode ? spec.decode(raw['data']) : raw['data'];
        metadata = raw['metadata'] !== undefined && spec.decodeMetadata ? spec.decodeMetadata(raw['metadata']) : raw['metadata'];
      } else {
        data = spec?.decode && raw !== undefined ? spec.decode(raw) : raw;
      }
      // A list with no results comes without `data`: the type promises an array, so it is one.
      if (spec?.list && (data === undefined || data === null)) data = [];
    } catch (err) {
      throw new ResponseParseError({ ...base, raw, cause: err }, `the body does not match the expected model (${err instanceof Error ? err.message : String(err)})`);
    }
    const etag = response.headers.get('etag') ?? undefined;
    withEtag(data, etag);
    return { data, metadata, status, headers: response.headers, requestId: state.requestId, etag, raw, attempts: state.attempts };
  }

  /** Checks the request against the document's constraints; throws `ValidationError` listing every violation. */
  private validate(op: OperationRequest<unknown>): void {
    const key = `${op.method} ${op.path}`;
    const tables = this.config.validation === undefined ? [] : Array.isArray(this.config.validation) ? this.config.validation : [this.config.validation as ValidationTable];
    const table = tables.find((t) => t.operations[key] !== undefined);
    if (!table) throw new SdkError(`${op.operationId}: validation is on but no table describes ${key}: pass the package's \`validation\` export in the client's \`validation\` option`);
    const params: Record<string, unknown> = {};
    for (const [where, values] of [['path', op.pathParams], ['query', op.query], ['header', op.headers]] as const) {
      for (const [name, value] of Object.entries(values ?? {})) params[`${where}.${name}`] = value;
    }
    const json = op.body !== null && typeof op.body === 'object' && !isRecord(op.body) && !Array.isArray(op.body) ? undefined : op.body;
    const violations = table.check(table.operations[key]!, table, { params, body: json });
    if (violations.length > 0) throw new ValidationError(op.operationId, violations);
  }

  /**
   * The error for a call that waited for a login the server refused: the login's
   * `ApiError` (status, headers, body), reported for this call, which sent nothing.
   */
  private rejectedLogin(state: CallState, error: unknown): ApiError {
    const { op } = state;
    const base = { operationId: op.operationId, method: op.method, url: redactUrl(state.url), requestId: state.requestId, attempts: 0, cause: error };
    if (error instanceof ApiError) {
      return new ApiError({ ...base, status: error.status, headers: error.headers, data: error.data, decoded: error.decoded, raw: error.raw });
    }
    return new ApiError({ ...base, status: 401, headers: new Headers() });
  }

  private async errorFor(
    state: CallState,
    response: Response,
    base: ApiErrorInit,
    spec: ResponseSpec<unknown> | undefined,
    sentEtag: string | undefined,
  ): Promise<ApiError> {
    let text: string | undefined;
    try {
      text = await this.readText(state, response);
    } catch (err) {
      this.logger.debug(`${state.op.operationId}: could not read the error body`, { requestId: state.requestId, error: String(err) });
    }
    let raw: unknown = text;
    try {
      if (text && text.trim()) raw = JSON.parse(text);
    } catch {
      // Not JSON (an HTML error page from a proxy, ...): keep the text.
    }
    // The Nutanix error body is the envelope `{ data: ErrorResponse }`; decoders take the ErrorResponse.
    const inner = isRecord(raw) && 'data' in raw ? raw['data'] : raw;
    let data: unknown = inner;
    let decoded = false;
    const decoder = state.op.decodeError ?? spec?.decode;
    if (decoder && inner !== undefined) {
      try {
        data = decoder(inner);
        // Text (an HTML page from a proxy) is no error model, whatever the decoder made of it.
        decoded = typeof inner === 'object' && inner !== null;
      } catch (err) {
        this.logger.debug(`${state.op.operationId}: error body did not decode`, { requestId: state.requestId, error: String(err) });
      }
    }
    const init = { ...base, data, raw, decoded };
    const err = new ApiError(init);
    if (base.status === 412 || base.status === 428 || err.codes.some((c) => c === 'PLAT-10004' || c === 'PLAT-10005')) {
      return new PreconditionFailedError({ ...init, sentEtag });
    }
    return err;
  }

  /** The body as text, honouring the idle read time-out and the caller's abort. */
  private async readText(state: CallState, response: Response): Promise<string> {
    try {
      return await this.watchBody(state, response).text();
    } catch (err) {
      throw this.bodyError(state, err);
    }
  }

  /**
   * Wrap the body so that a pause longer than `readTimeoutMs` between chunks
   * fails the read, and `onDone` runs once the body ends, fails or is cancelled.
   */
  private watchBody(state: CallState, response: Response, onDone?: () => void, onProgress?: ProgressCallback): Response {
    const idleMs = this.config.readTimeoutMs;
    if ((!idleMs && !onDone && !onProgress) || !response.body) {
      if (!response.body) onDone?.();
      return response;
    }
    if (onProgress) {
      const length = Number(response.headers.get('content-length') ?? NaN);
      const total = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
      response = new Response(countBytes(response.body, total, onProgress), { status: response.status, headers: response.headers });
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finished = false;
    const finish = (): void => {
      clearTimeout(timer);
      if (!finished) (finished = true), onDone?.();
    };
    const { op, requestId } = state;
    const idleError = (ms: number): TimeoutError => new TimeoutError({ timeoutMs: ms, phase: 'body', operationId: op.operationId, requestId });
    const reader = response.body!.getReader();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const idle = idleMs
          ? new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(idleError(idleMs)), idleMs);
            })
          : undefined;
        try {
          const { done, value } = await (idle ? Promise.race([reader.read(), idle]) : reader.read());
          clearTimeout(timer);
          if (done) {
            finish();
            controller.close();
          } else controller.enqueue(value);
        } catch (err) {
          finish();
          reader.cancel(err).catch(() => {});
          controller.error(err);
        }
      },
      cancel(reason) {
        finish();
        return reader.cancel(reason);
      },
    });
    return new Response(stream, { headers: response.headers });
  }

  private bodyError(state: CallState, err: unknown): unknown {
    if (state.options.signal?.aborted) return abortReason(state.options.signal);
    if (err instanceof SdkError) return err;
    const { kind, code } = classifyNetworkError(err);
    return new NetworkError(
      { kind, code, operationId: state.op.operationId, method: state.op.method, url: redactUrl(state.url), requestId: state.requestId, attempts: state.attempts, cause: err },
      `${state.op.operationId}: the connection failed while reading the response body (${code ?? kind}) (request id ${state.requestId})`,
    );
  }

  private networkError(state: CallState, error: { kind: NetworkErrorKind | 'abort'; code?: string; cause: unknown }): unknown {
    if (state.options.signal?.aborted) return abortReason(state.options.signal);
    if (error.kind === 'abort' || state.deadlineFired()) {
      return new TimeoutError({ timeoutMs: state.timeoutMs ?? 0, phase: 'headers', operationId: state.op.operationId, requestId: state.requestId, attempts: state.attempts });
    }
    if (error.code === 'ATTEMPT_TIMEOUT') {
      return new TimeoutError({ timeoutMs: this.config.attemptTimeoutMs ?? 0, phase: 'attempt', operationId: state.op.operationId, requestId: state.requestId, attempts: state.attempts });
    }
    return new NetworkError({
      kind: error.kind,
      code: error.code,
      operationId: state.op.operationId,
      method: state.op.method,
      url: redactUrl(state.url),
      requestId: state.requestId,
      attempts: state.attempts,
      cause: error.cause,
    });
  }

  /**
   * The body for one attempt. A `Blob` is sent as it is (browsers read it from
   * disk themselves) unless progress is asked for; then it, like every stream,
   * goes through a byte counter, with its size as `Content-Length`.
   */
  private uploadBody(state: CallState, headers: Headers): EncodedBody | undefined {
    const { body, size } = state.body;
    const onProgress = state.options.onUploadProgress;
    const isBlob = typeof Blob !== 'undefined' && body instanceof Blob;
    const isStream = typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
    const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
    // On Node a file (a Blob, a form with a file) is streamed too, so that an abort stops reading it
    // (fetch would read it to the end).
    const wrap = isStream || ((isBlob || (isForm && !state.body.replayable)) && IS_NODE) || ((isBlob || isForm) && onProgress !== undefined);
    if (!wrap) return body;
    let source: ReadableStream<Uint8Array>;
    let total = size;
    if (isForm) {
      // The multipart encoding of the platform, read part by part (file parts straight from disk).
      const encoded = new Response(body as FormData);
      headers.set('Content-Type', encoded.headers.get('content-type')!);
      source = encoded.body!;
      total = undefined;
    } else source = isBlob ? (body as Blob).stream() : (body as ReadableStream<Uint8Array>);
    if (total !== undefined && !headers.has('content-length')) headers.set('Content-Length', String(total));
    return countBytes(source, total, onProgress, state.signal);
  }

  /**
   * Follow 3xx answers by hand (`redirect: 'manual'`), with the same dispatcher
   * (TLS, proxy) and signal. On another origin every credential header is
   * dropped; an `X-Redirect-Token` becomes the `Cookie` of the next request.
   */
  private async followRedirects(state: CallState, url: string, init: FetchInit, response: Response): Promise<Response> {
    if (response.type === 'opaqueredirect') {
      // A browser hides redirect answers: let it follow them itself (it never sends our headers cross-origin).
      if (!state.body.replayable) return response;
      return this.fetchImpl(url, { ...init, redirect: 'follow' });
    }
    const origin = new URL(url).origin;
    let current = url;
    let method = init.method ?? 'GET';
    let body = init.body;
    let token: { value: string; origin: string } | undefined;
    for (let hop = 0; REDIRECTS.has(response.status); hop++) {
      const location = response.headers.get('location');
      if (!location) return response;
      if (hop === MAX_REDIRECTS) {
        discard(response);
        throw new SdkError(`${state.op.operationId}: more than ${MAX_REDIRECTS} redirects (last to ${redirectTarget(location, current)})`);
      }
      const next = new URL(location, current);
      const tokenValue = response.headers.get(REDIRECT_TOKEN);
      if (tokenValue) token = { value: tokenValue, origin: next.origin };
      const status = response.status;
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      } else if (body !== undefined && !state.body.replayable) {
        return response; // a streamed body cannot be sent twice: the 307/308 is the answer
      }
      discard(response);
      const headers = new Headers(init.headers);
      if (body === undefined) for (const name of ['content-type', 'content-length']) headers.delete(name);
      if (next.origin !== origin) {
        for (const name of [...headers.keys()]) if (isSensitiveHeader(name)) headers.delete(name);
      }
      if (token && token.origin === next.origin) headers.set('Cookie', token.value);
      this.logger.debug(`-> ${method} ${redactUrl(next.toString())} (redirect ${status})`, { operationId: state.op.operationId, requestId: state.requestId });
      current = next.toString();
      response = await this.fetchImpl(current, { ...init, method, headers, body });
    }
    return response;
  }

  private remaining(state: CallState): number | undefined {
    return state.deadlineAt === undefined ? undefined : Math.max(1, state.deadlineAt - Date.now());
  }

  /** A wait that would end after the total time-out is pointless: give up with the current result instead. */
  /** Logs and waits out a back-off before the next attempt; `false` when the wait would pass the call's deadline. */
  private async waitToRetry(state: CallState, delayMs: number, retries: number, reason: string): Promise<boolean> {
    if (!this.fitsDeadline(state, delayMs)) return false;
    this.logger.warn(`retrying ${state.op.operationId} in ${delayMs} ms after ${reason}`, {
      requestId: state.requestId,
      retry: retries + 1,
      maxRetries: state.policy.maxRetries,
    });
    await sleep(delayMs, state.signal);
    return true;
  }

  private fitsDeadline(state: CallState, delayMs: number): boolean {
    return state.deadlineAt === undefined || Date.now() + delayMs < state.deadlineAt;
  }
}

function resolveBaseUrl(config: ApiClientConfig): { baseUrl: string; username?: string; password?: string } {
  let { username, password } = config;
  let baseUrl: string;
  if (config.baseUrl) {
    const u = new URL(config.baseUrl);
    // fetch refuses URLs with userinfo; take them as basic credentials instead (and out of every log line).
    if (u.username && username === undefined) {
      username = decodeURIComponent(u.username);
      password = decodeURIComponent(u.password);
    }
    u.username = '';
    u.password = '';
    baseUrl = u.toString();
  } else {
    if (!config.host) throw new SdkError('ApiClient needs `host` or `baseUrl`');
    const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
    baseUrl = new URL(`${config.scheme ?? 'https'}://${host}:${config.port ?? 9440}/api`).toString();
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ''), username, password };
}

/** Query string: `undefined`/`null` left out, arrays repeated or comma-joined, `$` of `$filter` kept literal. */
export function buildQuery(query: Readonly<Record<string, ParamValue>> | undefined, csv: readonly string[] | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name).replace(/%24/g, '$');
    if (Array.isArray(value)) {
      const items = present(value);
      if (items.length === 0) continue;
      if (csv?.includes(name)) parts.push(`${key}=${items.map((v) => encodeURIComponent(String(v))).join(',')}`);
      else for (const v of items) parts.push(`${key}=${encodeURIComponent(String(v))}`);
    } else parts.push(`${key}=${encodeURIComponent(String(value))}`);
  }
  return parts.join('&');
}

/** Array items that are sent: `null` and `undefined` items are left out, like `null` values. */
function present(values: readonly unknown[]): unknown[] {
  return values.filter((v) => v !== null && v !== undefined);
}

function headerText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return present(value).map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function isBinaryLike(body: unknown): body is Blob | ArrayBuffer | ArrayBufferView {
  return (
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

/** Encode the operation body for fetch; JSON unless it is already a body type fetch understands. */
export function prepareBody(body: unknown, contentType: string | undefined): PreparedBody {
  if (body === undefined) return { body: undefined, contentType: undefined, replayable: true };
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) {
    return { body: body as ReadableStream<Uint8Array>, contentType: contentType ?? 'application/octet-stream', replayable: false };
  }
  if (isStreamBody(body)) {
    const stream = body.stream instanceof ReadableStream ? body.stream : iterableToStream(body.stream);
    return { body: stream, contentType: contentType ?? body.type ?? 'application/octet-stream', replayable: false, ...(body.size !== undefined ? { size: body.size } : {}) };
  }
  // A Node `Readable` (or any async iterable of bytes), read as it is sent.
  if (isAsyncIterable(body) && !(typeof Blob !== 'undefined' && body instanceof Blob)) {
    return { body: iterableToStream(body), contentType: contentType ?? 'application/octet-stream', replayable: false };
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    return { body, contentType: contentType ?? (body.type || undefined), replayable: false, reopenable: true, size: body.size };
  }
  // FormData sets its own multipart boundary, so no Content-Type of ours.
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    // A form with a file in it is an upload: sent once, like a Blob.
    const hasFile = [...body.values()].some((v) => typeof v !== 'string');
    return hasFile ? { body, contentType: undefined, replayable: false, reopenable: true } : { body, contentType: undefined, replayable: true };
  }
  if (typeof body === 'string' || isBinaryLike(body) || (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams)) {
    return { body, contentType: contentType ?? (typeof body === 'string' ? 'text/plain;charset=UTF-8' : undefined), replayable: true };
  }
  const type = contentType ?? 'application/json';
  if (/^multipart\/form-data/i.test(type) && isRecord(body)) {
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) {
      if (v === undefined || v === null) continue;
      form.append(k, typeof Blob !== 'undefined' && v instanceof Blob ? v : typeof v === 'string' ? v : JSON.stringify(v, jsonReplacer));
    }
    return { body: form, contentType: undefined, replayable: true };
  }
  if (/^application\/x-www-form-urlencoded/i.test(type) && isRecord(body)) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) if (v !== undefined && v !== null) params.append(k, String(v));
    return { body: params, contentType: type, replayable: true };
  }
  return { body: JSON.stringify(body, jsonReplacer), contentType: type, replayable: true };
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
  throw new TypeError(`cannot send the bigint ${value} as a JSON number without losing precision`);
}

/** Exact status, then `2XX`-style class, then `default`. */
export function pickSpec<T>(responses: Readonly<Record<string, ResponseSpec<T>>>, status: number): ResponseSpec<T> | undefined {
  const exact = responses[String(status)];
  if (exact) return exact;
  const cls = `${Math.floor(status / 100)}XX`;
  return responses[cls] ?? responses[cls.toLowerCase()] ?? responses['default'];
}

function inferKind(response: Response): 'json' | 'text' | 'binary' | 'empty' {
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type)) return 'json';
  if (/^text\/|xml/i.test(type)) return 'text';
  if (type) return 'binary';
  return 'json';
}

function redirectTarget(location: string, base: string): string {
  try {
    return redactUrl(new URL(location, base).toString());
  } catch {
    return '(an invalid URL)';
  }
}

/** Another answer of a download operation (empty, text, JSON) as a stream of its bytes. */
function asStream(data: unknown): ReadableStream<Uint8Array> {
  if (data === undefined || data === null) return new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const body = typeof data === 'string' || (typeof Blob !== 'undefined' && data instanceof Blob) ? data : JSON.stringify(data);
  return new Response(body).body!;
}

/** Let the connection go back to the pool without reading a body we do not need. */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

