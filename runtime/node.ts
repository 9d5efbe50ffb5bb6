/**
 * Node-only connection settings: custom CA, client certificate (mTLS),
 * `insecure`, HTTP(S) proxy and connect time-out. They are not part of fetch,
 * so they go through the undici `dispatcher` that Node's fetch accepts:
 *
 *   new ApiClient({ host, dispatcher: createNodeDispatcher({ ca, proxy }) })
 *
 * Also the file helpers for large transfers (`fileBody`, `saveToFile`).
 * Kept out of `index.ts` so browser bundles never pull in undici or `node:fs`.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

/** PEM text or bytes (a Node `Buffer` is a `Uint8Array`). */
export type Pem = string | Uint8Array;

export interface NodeDispatcherOptions {
  /** CA certificate(s) to trust, e.g. the Prism Central self-signed CA (PEM). Replaces the default roots. */
  readonly ca?: Pem | readonly Pem[] | undefined;
  /** Client certificate for mutual TLS (PEM). */
  readonly cert?: Pem | undefined;
  /** Private key of `cert` (PEM). */
  readonly key?: Pem | undefined;
  readonly passphrase?: string | undefined;
  /** Skip certificate verification. For labs only: it makes the connection open to interception. */
  readonly insecure?: boolean | undefined;
  /** TLS server name to verify when connecting by IP. */
  readonly servername?: string | undefined;
  /**
   * Proxy for all requests: `http://user:pass@proxy:3128`, or `'env'` to honour
   * `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`.
   */
  readonly proxy?: string | URL | undefined;
  /** TCP + TLS connect time-out in ms (undici's default is 10 000). */
  readonly connectTimeoutMs?: number | undefined;
  /** Idle keep-alive sockets are closed after this long (ms). */
  readonly keepAliveTimeoutMs?: number | undefined;
  /** Most concurrent connections per origin. */
  readonly connections?: number | undefined;
}

type TlsOptions = {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer;
  key?: string | Buffer;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
  timeout?: number;
};

function toBuffer(p: Pem): string | Buffer {
  return typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
}

/** An undici dispatcher for `ApiClientConfig.dispatcher`. Close it (`await d.close()`) when done. */
export function createNodeDispatcher(options: NodeDispatcherOptions = {}): Dispatcher {
  const tls: TlsOptions = {};
  if (options.ca !== undefined) tls.ca = Array.isArray(options.ca) ? options.ca.map(toBuffer) : toBuffer(options.ca as Pem);
  if (options.cert !== undefined) tls.cert = toBuffer(options.cert);
  if (options.key !== undefined) tls.key = toBuffer(options.key);
  if (options.passphrase !== undefined) tls.passphrase = options.passphrase;
  if (options.insecure) tls.rejectUnauthorized = false;
  if (options.servername !== undefined) tls.servername = options.servername;
  if (options.connectTimeoutMs !== undefined) tls.timeout = options.connectTimeoutMs;

  const pool = {
    ...(options.keepAliveTimeoutMs !== undefined ? { keepAliveTimeout: options.keepAliveTimeoutMs } : {}),
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
  };
  if (options.proxy === undefined) return new Agent({ ...pool, connect: tls });

  // TLS settings apply to the target (through the tunnel); the connect time-out to the proxy too.
  const proxyTls = options.connectTimeoutMs !== undefined ? { timeout: options.connectTimeoutMs } : {};
  if (options.proxy === 'env') return new EnvHttpProxyAgent({ ...pool, requestTls: tls, proxyTls });
  const uri = new URL(String(options.proxy));
  // Credentials in the proxy URL become a Proxy-Authorization header (never part of any log line).
  const token = uri.username ? `Basic ${Buffer.from(`${decodeURIComponent(uri.username)}:${decodeURIComponent(uri.password)}`).toString('base64')}` : undefined;
  uri.username = '';
  uri.password = '';
  return new ProxyAgent({ ...pool, uri: uri.toString(), ...(token ? { token } : {}), requestTls: tls, proxyTls });
}

/**
 * A file as an upload body, read from disk as it is sent (never whole into
 * memory); its size becomes `Content-Length`:
 *
 *   await images.uploadFile({ uuid, body: await fileBody('disk.qcow2') }, { onUploadProgress })
 */
export async function fileBody(path: string, options: { type?: string } = {}): Promise<Blob> {
  return openAsBlob(path, options.type ? { type: options.type } : {});
}

/**
 * Write a streamed download (a `...Stream()` result, or any web stream) to a
 * file; resolves once the file is complete. On failure or abort the partial
 * file is removed. The one-line equivalent without clean-up:
 *
 *   await pipeline(Readable.fromWeb(res.data), createWriteStream(path))
 */
export async function saveToFile(
  download: ReadableStream<Uint8Array> | { readonly data: ReadableStream<Uint8Array> },
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<{ bytes: number }> {
  const stream = download instanceof ReadableStream ? download : download.data;
  const source = Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>);
  const out = createWriteStream(path);
  try {
    await pipeline(source, out, options.signal ? { signal: options.signal } : {});
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { bytes: out.bytesWritten };
}
