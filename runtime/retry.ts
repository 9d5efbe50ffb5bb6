/**
 * Retry policy: which failures are retried, and how long to wait.
 *
 * Retrying is only safe when the server cannot execute the request twice:
 * idempotent methods, or any method carrying a request id (Nutanix dedups on
 * `NTNX-Request-Id`). Without an id, a POST/PATCH is retried only when the
 * server certainly did not process it: connection never made, 429 or 503.
 */
import type { NetworkErrorKind } from './errors.js';
import type { RetryOptions, RetryPolicy } from './operation.js';

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  statuses: Object.freeze([408, 429, 502, 503, 504]),
  retryNetworkErrors: true,
});

/** Statuses that mean "not processed", so even a POST without a request id may be retried. */
const NOT_PROCESSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/** Merge the client policy with a per-call override (`false` turns retries off). */
export function resolveRetryPolicy(base: RetryPolicy, override: RetryOptions | false | undefined): RetryPolicy {
  if (override === false) return { ...base, maxRetries: 0 };
  if (!override) return base;
  // A field set to `undefined` (`maxRetries: process.env.X ? 3 : undefined`) keeps the default.
  const resolved: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) resolved[key] = value;
  return resolved as unknown as RetryPolicy;
}

/** Whether sending the call twice can have no extra effect. */
export function isReplaySafe(method: string, hasRequestId: boolean): boolean {
  return hasRequestId || IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function shouldRetryStatus(status: number, policy: RetryPolicy, replaySafe: boolean): boolean {
  if (!policy.statuses.includes(status)) return false;
  return replaySafe || NOT_PROCESSED_STATUSES.has(status);
}

export function shouldRetryNetworkError(kind: NetworkErrorKind, policy: RetryPolicy, replaySafe: boolean): boolean {
  if (!policy.retryNetworkErrors) return false;
  if (kind === 'tls' || kind === 'dns') return false;
  if (kind === 'connect') return true;
  return replaySafe;
}

/** Exponential back-off with full jitter: uniform in [0, min(max, base * 2^retry)]. `retry` counts from 0. */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` in ms (delta-seconds or an HTTP date), capped at `maxDelayMs`;
 * `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, maxDelayMs: number, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.ceil(ms)), maxDelayMs);
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_OSSL_|HOSTNAME_MISMATCH)/;

/**
 * Classify a fetch failure by walking its `cause` chain (Node's fetch wraps the
 * socket error: `TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })`).
 * Browsers only say `TypeError: Failed to fetch`, which is `unknown`.
 */
export function classifyNetworkError(err: unknown): { kind: NetworkErrorKind; code?: string } {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  let sawHangUp = false;
  while (queue.length > 0) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (CONNECT_CODES.has(code)) return { kind: 'connect', code };
      if (RESET_CODES.has(code)) return { kind: 'reset', code };
      if (TIMEOUT_CODES.has(code)) return { kind: 'timeout', code };
      if (TLS_CODE.test(code)) return { kind: 'tls', code };
      if (code === 'ENOTFOUND') return { kind: 'dns', code };
    }
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /socket hang up|other side closed/i.test(message)) sawHangUp = true;
    queue.push((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors; // AggregateError from multi-address connects
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return sawHangUp ? { kind: 'reset', code: 'ECONNRESET' } : { kind: 'unknown' };
}
