/**
 * A real HTTP server on 127.0.0.1 (random port) for client tests, with
 * scripted replies and fault injection: dropped connections, delayed headers,
 * slowly streamed bodies, arbitrary status/headers/bodies. It records every
 * request so tests can assert on what went over the wire.
 *
 *   const server = await FaultServer.start();
 *   server.route('GET', '/api/vmm/v4.0/ahv/config/vms/1', [{ status: 503 }, { json: { data: {} } }]);
 *   ... new ApiClient({ baseUrl: server.baseUrl }) ...
 *   await server.close();
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent (still percent-encoded). */
  readonly url: string;
  /** Path without the query (still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** `Date.now()` when the request head arrived. */
  readonly at: number;
}

export interface ReplySpec {
  /** Default 200. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Sent as `application/json`. */
  readonly json?: unknown;
  /** Sent as is (content type from `headers`). */
  readonly body?: string | Uint8Array;
  /** Wait this long before sending the headers. */
  readonly delayMs?: number;
  /** Send the headers at once, then these body pieces, each after `waitFor` (if given) and its delay. */
  readonly chunks?: ReadonlyArray<{ readonly data: string; readonly delayMs: number; readonly waitFor?: Promise<unknown> }>;
  /** After the chunks, destroy the socket instead of ending the body (a connection lost mid-download). */
  readonly dropAfterChunks?: boolean;
}

export interface DropSpec {
  /** Destroy the socket without answering (the client sees a reset / hang-up). */
  readonly drop: true;
  /** Wait this long first. */
  readonly afterMs?: number;
}

export type Reply = ReplySpec | DropSpec;

/** `count`: 1 for the first request this route has seen. */
export type Handler = (req: RecordedRequest, count: number) => Reply | Promise<Reply>;

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: Handler;
  count: number;
}

export class FaultServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<FaultServer> {
    let self: FaultServer | undefined;
    const server = http.createServer((req, res) => void self!.dispatch(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FaultServer(server, `http://127.0.0.1:${port}`);
    server.on('connection', (s) => {
      self!.sockets.add(s);
      s.on('close', () => self!.sockets.delete(s));
    });
    return self;
  }

  /** `${origin}/api`, what `ApiClientConfig.baseUrl` expects. */
  get baseUrl(): string {
    return `${this.origin}/api`;
  }

  get port(): number {
    return Number(new URL(this.origin).port);
  }

  /**
   * Answer `method path` (exact encoded path, or a RegExp on it). A list of
   * replies is played in order, the last one repeating.
   */
  route(method: string, path: string | RegExp, reply: Handler | Reply | readonly Reply[]): this {
    const handler: Handler =
      typeof reply === 'function'
        ? reply
        : Array.isArray(reply)
          ? (_req, n) => (reply as readonly Reply[])[Math.min(n, reply.length) - 1]!
          : () => reply as Reply;
    this.routes.unshift({ method: method.toUpperCase(), path, handler, count: 0 });
    return this;
  }

  /** Requests that hit `method path`. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && matches(path, r.path));
  }

  /** Forget routes and recorded requests. */
  reset(): void {
    this.routes.length = 0;
    this.requests.length = 0;
  }

  /** Stop listening and cut every open connection (pending slow replies included). */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url,
      path: q < 0 ? url : url.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at,
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === recorded.method && matches(r.path, recorded.path));
    let reply: Reply;
    try {
      reply = route ? await route.handler(recorded, ++route.count) : { status: 404, json: { message: `no route for ${recorded.method} ${recorded.path}` } };
    } catch (err) {
      reply = { status: 500, json: { message: String(err) } };
    }
    try {
      await this.send(req, res, reply);
    } catch {
      res.destroy();
    }
  }

  private async send(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply): Promise<void> {
    if ('drop' in reply) {
      if (reply.afterMs) await this.wait(reply.afterMs);
      req.socket.destroy();
      return;
    }
    if (reply.delayMs) await this.wait(reply.delayMs);
    if (res.destroyed) return;
    res.statusCode = reply.status ?? 200;
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v as string | string[]);
    if (reply.chunks) {
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
      res.flushHeaders();
      for (const c of reply.chunks) {
        if (c.waitFor) await c.waitFor;
        await this.wait(c.delayMs);
        if (res.destroyed) return;
        res.write(c.data);
      }
      if (reply.dropAfterChunks) {
        await this.wait(10);
        req.socket.destroy();
      } else res.end();
      return;
    }
    if (reply.json !== undefined) {
      if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply.json));
      return;
    }
    res.end(reply.body ?? '');
  }
}

function matches(path: string | RegExp, actual: string): boolean {
  return typeof path === 'string' ? path === actual : path.test(actual);
}

/** A loopback port with nothing listening (connections are refused). */
export async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 that only tunnels to loopback
 * targets. `connects` lists the `host:port` of each tunnel and `auth` the
 * Proxy-Authorization headers received.
 */
export async function startConnectProxy(): Promise<{ url: string; connects: string[]; auth: Array<string | undefined>; close: () => Promise<void> }> {
  const connects: string[] = [];
  const auth: Array<string | undefined> = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.statusCode = 405;
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req, socket: net.Socket, head) => {
    connects.push(req.url ?? '');
    auth.push(req.headers['proxy-authorization']);
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1' && host !== 'localhost') {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    auth,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
