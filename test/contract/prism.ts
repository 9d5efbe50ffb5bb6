/**
 * A Prism mock server (`@stoplight/prism-cli`) serving one document on
 * 127.0.0.1, started and stopped by the contract tests themselves.
 *
 * Prism validates every request against the document (mock mode does so by
 * default) and answers an invalid one with 422 (400/401 for security) and an
 * `sl-violations` header listing what was wrong.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from '../support/packages.js';

const CLI = path.join(ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

/** How long Prism may take to parse a large document on a busy two-core machine. */
const READY_TIMEOUT_MS = 240_000;
const LOG_LINES = 200;

/** One violation from the `sl-violations` header. */
export interface Violation {
  readonly location: readonly string[];
  readonly severity: string;
  readonly code?: string | number;
  readonly message: string;
}

/** Parses the `sl-violations` header (a JSON array); an unreadable header becomes one violation saying so. */
export function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  try {
    const parsed = JSON.parse(header) as unknown;
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [{ location: [], severity: 'Error', message: `unreadable sl-violations header: ${header.slice(0, 200)}` }];
  }
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class PrismServer {
  private readonly log: string[] = [];
  private exited: { code: number | null; signal: string | null } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    /** `http://127.0.0.1:<port>`. */
    readonly origin: string,
    readonly document: string,
  ) {
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.log.push(line);
      if (this.log.length > LOG_LINES) this.log.splice(0, this.log.length - LOG_LINES);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', (code, signal) => (this.exited = { code, signal }));
  }

  /** Starts `prism mock <document>` on a free port and waits until it answers. */
  static async start(document: string, options: { extraArgs?: readonly string[] } = {}): Promise<PrismServer> {
    const port = await freePort();
    const args = [CLI, 'mock', document, '-h', '127.0.0.1', '-p', String(port), '--dynamic', 'false', '-v', 'warn', ...(options.extraArgs ?? [])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new PrismServer(child, `http://127.0.0.1:${port}`, document);
    try {
      await server.waitUntilReady();
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  /** The last lines Prism wrote, for failure messages. */
  recentLog(lines = 20): string {
    return this.log.slice(-lines).join('\n');
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(`prism exited (code ${this.exited.code}, signal ${this.exited.signal}) while loading ${this.document}:\n${this.recentLog()}`);
      }
      try {
        // Any HTTP answer (a 404 for `/`) means the server is listening.
        await fetch(`${this.origin}/`, { signal: AbortSignal.timeout(2_000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    throw new Error(`prism did not answer within ${READY_TIMEOUT_MS} ms for ${this.document}:\n${this.recentLog()}`);
  }

  /** Stops the server: SIGTERM, then SIGKILL if it has not exited after a few seconds. */
  async stop(): Promise<void> {
    if (this.exited || this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    if ((await Promise.race([exited, timer])) === 'timeout') {
      this.child.kill('SIGKILL');
      await exited;
    }
  }
}
