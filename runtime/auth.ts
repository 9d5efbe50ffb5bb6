/**
 * Authentication: HTTP basic, API key (`X-ntnx-api-key`), and reuse of the
 * session cookie Prism sets (`NTNX_IGW_SESSION`), which is much cheaper for the
 * server than checking a password on every call.
 *
 * While the client has no session yet (first call, or the session expired),
 * only one call at a time goes out with credentials; concurrent calls wait for
 * it and then reuse the cookie it obtained. This avoids a burst of logins
 * when many calls start together or a session expires under load. When the
 * server rejects those credentials (401), the waiting calls fail with the same
 * error instead of each sending them again (a burst of wrong passwords walks an
 * account towards lock-out).
 */
import { raceAbort } from './abort.js';

export interface AuthConfig {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly apiKey?: string | undefined;
  /** Keep cookies set by the server and send the session cookie instead of credentials (default `true`; `false`: no cookies at all). */
  readonly sessionCookies?: boolean | undefined;
  /** Which cookie names count as a login session (default: `NTNX_IGW_SESSION`, `JSESSIONID` and names containing "session"). */
  readonly sessionCookieName?: RegExp | undefined;
}

/** What one attempt sent; hand it back with `release()` once the attempt is over. */
export interface AuthLease {
  /** The `Cookie` header value sent in place of credentials, if any. */
  readonly sessionCookie: string | undefined;
  readonly usedCredentials: boolean;
  /** Call exactly once, with the response if there was one. */
  release(response?: Response): void;
  /**
   * After a 401 on credentials: the error the call throws. Calls that waited for
   * this login fail with it too, rather than send the rejected credentials again.
   */
  rejected(error: unknown): void;
}

/** Thrown by `acquire()` to a call that waited for a login whose credentials were rejected. */
export class CredentialsRejected {
  constructor(readonly error: unknown) {}
}

interface LoginOutcome {
  /** Set when the server answered the login with 401: resolves to the error that call throws. */
  readonly failure?: Promise<unknown>;
}

interface StoredCookie {
  readonly value: string;
  readonly expiresAt: number | undefined;
}

const DEFAULT_SESSION_COOKIE = /^NTNX_IGW_SESSION$|^JSESSIONID$|session/i;

export class AuthManager {
  private readonly jar = new Map<string, StoredCookie>();
  /** Set while one call logs in with credentials and others wait for its cookie. */
  private login: Promise<LoginOutcome> | undefined;
  /** `false` once a credentialed call succeeded without a session cookie: no point waiting for one then. */
  private serverSetsCookies: boolean | undefined;
  private readonly sessionName: RegExp;

  constructor(private readonly config: AuthConfig) {
    this.sessionName = config.sessionCookieName ?? DEFAULT_SESSION_COOKIE;
  }

  get hasCredentials(): boolean {
    return Boolean(this.config.apiKey || this.config.username);
  }

  /**
   * Put auth onto `headers` for one attempt. `security`: the operation's schemes
   * (`[]`: send nothing; `undefined`: the client's credentials).
   */
  async acquire(headers: Headers, security: readonly string[] | undefined, signal?: AbortSignal): Promise<AuthLease> {
    if (security && security.length === 0) return NO_AUTH;
    const reuse = this.config.sessionCookies !== false;
    for (;;) {
      const session = reuse ? this.sessionCookieHeader() : undefined;
      if (session) {
        headers.set('Cookie', session);
        return this.lease(session, false, undefined);
      }
      if (!(reuse && this.hasCredentials && this.serverSetsCookies !== false)) break;
      if (!this.login) {
        // This call becomes the login; others wait on `login` until it has a response.
        let done!: (outcome: LoginOutcome) => void;
        this.login = new Promise<LoginOutcome>((resolve) => (done = resolve));
        this.applyCredentials(headers, security);
        let failed: ((error: unknown) => void) | undefined;
        return this.lease(
          undefined,
          true,
          (response) => {
            this.login = undefined;
            if (response?.status === 401) done({ failure: new Promise((resolve) => (failed = resolve)) });
            else done({});
          },
          (error) => failed?.(error),
        );
      }
      const outcome = await raceAbort(this.login, signal);
      if (outcome.failure) throw new CredentialsRejected(await raceAbort(outcome.failure, signal));
    }
    this.applyCredentials(headers, security);
    return this.lease(undefined, this.hasCredentials, undefined);
  }

  /** Forget the session after a 401 on it, unless another call already replaced it. */
  invalidate(sessionCookie: string): void {
    if (this.sessionCookieHeader() === sessionCookie) this.jar.clear();
  }

  /** Drop all cookies (e.g. to switch users). */
  clear(): void {
    this.jar.clear();
    this.serverSetsCookies = undefined;
  }

  private lease(
    sessionCookie: string | undefined,
    usedCredentials: boolean,
    onRelease: ((response: Response | undefined) => void) | undefined,
    onRejected?: (error: unknown) => void,
  ): AuthLease {
    let released = false;
    return {
      sessionCookie,
      usedCredentials,
      release: (response?: Response) => {
        if (released) return;
        released = true;
        try {
          if (response) this.capture(response, usedCredentials);
        } finally {
          onRelease?.(response);
        }
      },
      rejected: (error: unknown) => onRejected?.(error),
    };
  }

  private capture(response: Response, usedCredentials: boolean): void {
    if (this.config.sessionCookies === false) return; // no cookie handling at all
    for (const line of setCookieLines(response.headers)) {
      const parsed = parseSetCookie(line);
      if (!parsed) continue;
      if (parsed.expiresAt !== undefined && parsed.expiresAt <= Date.now()) this.jar.delete(parsed.name);
      else this.jar.set(parsed.name, { value: parsed.value, expiresAt: parsed.expiresAt });
    }
    if (usedCredentials && response.status !== 401 && this.serverSetsCookies === undefined) {
      this.serverSetsCookies = this.sessionCookieHeader() !== undefined;
    }
  }

  /** The `Cookie` header to send when the jar holds a live session cookie, else undefined. */
  private sessionCookieHeader(): string | undefined {
    const now = Date.now();
    let hasSession = false;
    const parts: string[] = [];
    for (const [name, c] of this.jar) {
      if (c.expiresAt !== undefined && c.expiresAt <= now) {
        this.jar.delete(name);
        continue;
      }
      if (this.sessionName.test(name)) hasSession = true;
      parts.push(`${name}=${c.value}`);
    }
    return hasSession ? parts.join('; ') : undefined;
  }

  private applyCredentials(headers: Headers, security: readonly string[] | undefined): void {
    const { apiKey, username, password } = this.config;
    const wantsKey = security?.some((s) => /api.?key/i.test(s)) ?? false;
    const wantsBasic = security?.some((s) => /basic/i.test(s)) ?? false;
    // Prefer the scheme the operation names; otherwise API key, then basic.
    const useKey = apiKey !== undefined && (wantsKey || !wantsBasic || username === undefined);
    if (useKey) headers.set('X-ntnx-api-key', apiKey);
    else if (username !== undefined) headers.set('Authorization', `Basic ${base64Utf8(`${username}:${password ?? ''}`)}`);
    // Non-session cookies (load balancer affinity, ...) still go along.
    const others = [...this.jar].map(([n, c]) => `${n}=${c.value}`).join('; ');
    if (others) headers.set('Cookie', others);
  }
}

const NO_AUTH: AuthLease = Object.freeze({ sessionCookie: undefined, usedCredentials: false, release: () => {}, rejected: () => {} });

/** Base64 of the UTF-8 bytes (btoa alone rejects non-Latin-1 passwords). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function setCookieLines(headers: Headers): string[] {
  const withGetter = headers as Headers & { getSetCookie?: () => string[] };
  if (typeof withGetter.getSetCookie === 'function') return withGetter.getSetCookie();
  const joined = headers.get('set-cookie');
  // Split a folded header on commas that start a new `name=` (not the comma inside an Expires date).
  return joined ? joined.split(/,(?=\s*[^;=\s]+=)/) : [];
}

function parseSetCookie(line: string): { name: string; value: string; expiresAt: number | undefined } | undefined {
  const [pair, ...attrs] = line.split(';');
  const eq = pair?.indexOf('=') ?? -1;
  if (!pair || eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  const value = pair.slice(eq + 1).trim();
  let expiresAt: number | undefined;
  for (const attr of attrs) {
    const [k = '', v = ''] = attr.split('=', 2).map((s) => s.trim());
    if (/^max-age$/i.test(k) && /^-?\d+$/.test(v)) expiresAt = Date.now() + Number(v) * 1000;
    else if (/^expires$/i.test(k) && expiresAt === undefined) {
      const t = Date.parse(attr.slice(attr.indexOf('=') + 1).trim());
      if (!Number.isNaN(t)) expiresAt = t;
    }
  }
  if (value === '') expiresAt = 0; // an empty value is how servers delete a cookie
  return { name, value, expiresAt };
}
