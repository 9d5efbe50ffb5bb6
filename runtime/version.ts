/**
 * API version negotiation, as the Nutanix SDKs do it: ask
 * `OPTIONS <baseUrl>/<namespace>/unversioned/info` which versions the server
 * serves, and use the newest one both sides know. Opt-in, because it costs a
 * round trip per namespace (cached for the client's lifetime).
 */
import type { ApiClient } from './client.js';
import { isRecord } from './errors.js';
import { raceAbort } from './abort.js';
import type { Logger } from './logging.js';

/** Parsed `v4.0` / `v4.1.b2` / `v4.0.a3`: released > beta > alpha within one minor. */
interface ParsedVersion {
  readonly major: number;
  readonly minor: number;
  /** 2 = release, 1 = beta (`b`), 0 = alpha (`a`). */
  readonly stage: number;
  readonly stageNumber: number;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:[.-]?([ab])(\d+))?$/i;

export function parseVersion(v: string): ParsedVersion | undefined {
  const m = VERSION.exec(v.trim());
  if (!m) return undefined;
  const stage = m[3] === undefined ? 2 : m[3].toLowerCase() === 'b' ? 1 : 0;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), stage, stageNumber: Number(m[4] ?? 0) };
}

/** Sort order of two version strings (negative when `a` is older); unparsable ones sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  return pa.major - pb.major || pa.minor - pb.minor || pa.stage - pb.stage || pa.stageNumber - pb.stageNumber;
}

/**
 * What the server said it supports. Accepts the shapes seen in the wild:
 * `{ data: 'v4.2' }` (the newest version served), `{ data: { versions: [...] } }`,
 * `{ data: [{ version: 'v4.0' }, ...] }`, `{ data: ['v4.0', ...] }`, or the same without `data`.
 */
export function parseServerVersions(body: unknown): { versions: string[]; newestOnly: boolean } {
  const inner = isRecord(body) && 'data' in body ? body['data'] : body;
  if (typeof inner === 'string') return { versions: [inner], newestOnly: true };
  const collect = (list: unknown[]): string[] =>
    list.flatMap((x) => {
      if (typeof x === 'string') return [x];
      if (isRecord(x)) {
        const v = x['version'] ?? x['name'] ?? x['apiVersion'];
        return typeof v === 'string' ? [v] : [];
      }
      return [];
    });
  if (Array.isArray(inner)) return { versions: collect(inner), newestOnly: false };
  if (isRecord(inner)) {
    for (const key of ['versions', 'supportedVersions', 'apiVersions']) {
      const list = inner[key];
      if (Array.isArray(list)) return { versions: collect(list), newestOnly: false };
    }
    const single = inner['version'] ?? inner['latestVersion'];
    if (typeof single === 'string') return { versions: [single], newestOnly: true };
  }
  return { versions: [], newestOnly: false };
}

/**
 * The newest of `knownVersions` the server supports. When the server only
 * reports its newest version, every known version up to it counts as supported.
 */
export function pickVersion(knownVersions: readonly string[], server: { versions: readonly string[]; newestOnly: boolean }): string | undefined {
  const known = [...knownVersions].sort(compareVersions).reverse();
  if (server.newestOnly) {
    const newest = server.versions[0];
    return newest === undefined ? undefined : known.find((k) => compareVersions(k, newest) <= 0);
  }
  const served = new Set(server.versions.map((v) => normalise(v)));
  return known.find((k) => served.has(normalise(k)));
}

function normalise(v: string): string {
  const p = parseVersion(v);
  return p ? `${p.major}.${p.minor}.${p.stage}.${p.stageNumber}` : v;
}

/** Read `OPTIONS <baseUrl>/<namespace>/unversioned/info` (throws `ApiError`/`NetworkError` on failure). */
export async function fetchServerVersions(
  client: ApiClient,
  namespace: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ versions: string[]; newestOnly: boolean }> {
  const res = await client.request<unknown>(
    {
      operationId: 'negotiateVersion',
      method: 'OPTIONS',
      path: '/{namespace}/unversioned/info',
      pathParams: { namespace },
      accept: 'application/json',
      responses: { '2XX': { kind: 'json' } },
    },
    { signal: options.signal },
  );
  return parseServerVersions(res.raw);
}

/**
 * Ask the server which versions of `namespace` it serves and return the newest
 * one in `knownVersions` it supports (`undefined` when there is none). Throws
 * `ApiError`/`NetworkError` when the info endpoint cannot be read.
 */
export async function negotiateVersion(
  client: ApiClient,
  namespace: string,
  knownVersions: readonly string[],
  options: { signal?: AbortSignal } = {},
): Promise<string | undefined> {
  return pickVersion(knownVersions, await fetchServerVersions(client, namespace, options));
}

const VERSIONED_PATH = /^\/([a-z][a-z0-9]*)\/(v\d+\.\d+(?:\.[ab]\d+)?)(?=\/|$)/i;

/**
 * Rewrites `/<ns>/<version>/...` paths to the negotiated version, negotiating
 * once per namespace. Concurrent calls share one negotiation; a transport
 * failure is not cached (the next call tries again), any answer is.
 */
export class VersionNegotiator {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly client: ApiClient,
    private readonly logger: Logger,
    private readonly knownVersions: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  async resolvePath(path: string, signal?: AbortSignal): Promise<string> {
    const m = VERSIONED_PATH.exec(path);
    if (!m) return path;
    const [prefix, namespace, version] = m as unknown as [string, string, string];
    const negotiated = await raceAbort(this.negotiated(namespace, version), signal);
    return negotiated && negotiated !== version ? `/${namespace}/${negotiated}${path.slice(prefix.length)}` : path;
  }

  private negotiated(namespace: string, pathVersion: string): Promise<string | undefined> {
    let pending = this.cache.get(namespace);
    if (!pending) {
      const known = [...new Set([pathVersion, ...(this.knownVersions[namespace] ?? [])])];
      pending = fetchServerVersions(this.client, namespace).then(
        (server) => {
          let picked = pickVersion(known, server);
          // Like the official SDKs: an older server of the same major is spoken to in its own version
          // (v4 minors only add), rather than sent paths it does not serve.
          const newest = server.newestOnly ? server.versions[0] : undefined;
          if (!picked && newest && parseVersion(newest)?.major === parseVersion(pathVersion)?.major && compareVersions(newest, pathVersion) < 0) {
            picked = newest;
          }
          if (picked) this.logger.info(`negotiated ${namespace} API version ${picked}`, { namespace, known, server: server.versions });
          else this.logger.warn(`no common ${namespace} API version; keeping the generated one`, { namespace, known, server: server.versions });
          return picked;
        },
        (err: unknown) => {
          const status = (err as { status?: unknown }).status;
          // An HTTP answer (e.g. 404 on older Prism) is final; a network failure is retried next call.
          if (typeof status !== 'number') this.cache.delete(namespace);
          this.logger.warn(`version negotiation for ${namespace} failed; keeping the generated version`, {
            namespace,
            error: err instanceof Error ? err.message : String(err),
          });
          return undefined;
        },
      );
      this.cache.set(namespace, pending);
    }
    return pending;
  }
}
