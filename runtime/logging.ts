/**
 * Pluggable logging with credential redaction. The client logs through a
 * `Logger` (silent by default); every header map and URL goes through the
 * redactors here first, so no credential can reach a log line.
 */

export type LogFields = Readonly<Record<string, unknown>>;

/** Any object with these four methods: `console`, pino, winston, ... */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const noop = (): void => {};

/** The default: logs nothing. */
export const silentLogger: Logger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/** A logger writing to `console` from `level` up. */
export function consoleLogger(level: LogLevel = 'info'): Logger {
  const min = LEVELS.indexOf(level);
  const at = (l: Exclude<LogLevel, 'silent'>): ((m: string, f?: LogFields) => void) =>
    LEVELS.indexOf(l) >= min ? (m, f) => (f ? console[l](m, f) : console[l](m)) : noop;
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const REDACTED = '[REDACTED]';

const SENSITIVE_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ntnx-api-key']);
// Any other header whose name says it carries a credential.
const SENSITIVE_NAME = /auth|token|api[-_]?key|secret|passw|cookie|session|credential|signature/i;

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADERS.has(name.toLowerCase()) || SENSITIVE_NAME.test(name);
}

/** Headers as a plain object, credential values replaced by `[REDACTED]`. */
export function redactHeaders(headers: Headers | Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  const entries: Iterable<[string, string]> = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [k, v] of entries) out[k] = isSensitiveHeader(k) ? REDACTED : v;
  return out;
}

const SENSITIVE_QUERY = /passw|secret|token|api[-_]?key|auth|session|signature/i;

/** The URL without userinfo and with credential-like query values redacted. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    // Not absolute: still strip anything that looks like userinfo.
    return String(url).replace(/\/\/[^/@]*@/, '//');
  }
  u.username = '';
  u.password = '';
  // Edit the raw query (not searchParams) so the rest stays byte-for-byte as sent, `$filter` included.
  u.search = u.search.replace(/([?&])([^=&]*)=([^&]*)/g, (all, sep: string, key: string) => (SENSITIVE_QUERY.test(safeDecode(key)) ? `${sep}${key}=${REDACTED}` : all));
  return u.toString();
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
