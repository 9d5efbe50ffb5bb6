import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, NetworkError } from '../../runtime/index.js';
import { createNodeDispatcher } from '../../runtime/node.js';
import { FaultServer, startConnectProxy } from '../support/fault-server.js';
import { VMS, VmApi, envelope } from '../support/ops.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('createNodeDispatcher: proxy', () => {
  let server: FaultServer;
  beforeEach(async () => {
    server = await FaultServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('tunnels through an HTTP proxy, sending proxy credentials from the proxy URL', async () => {
    const proxy = await startConnectProxy();
    closers.push(proxy.close);
    const dispatcher = createNodeDispatcher({ proxy: proxy.url.replace('http://', 'http://pu:pp@'), connectTimeoutMs: 2_000 });
    closers.push(() => dispatcher.close());
    server.route('GET', `/api${VMS}/vm-1`, { json: envelope({ name: 'via-proxy' }) });
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, dispatcher }));
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('via-proxy');
    expect(proxy.connects).toEqual([`127.0.0.1:${server.port}`]);
    expect(proxy.auth).toEqual([`Basic ${Buffer.from('pu:pp').toString('base64')}`]);
  });
});

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!haveOpenssl())('createNodeDispatcher: TLS', () => {
  let dir: string;
  let cert: string;
  let key: string;
  let other: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ntnx-tls-'));
    const make = (name: string): void => {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1',
          '-keyout', path.join(dir, `${name}.key`), '-out', path.join(dir, `${name}.crt`)],
        { stdio: 'ignore' },
      );
    };
    make('server');
    make('other');
    cert = fs.readFileSync(path.join(dir, 'server.crt'), 'utf8');
    key = fs.readFileSync(path.join(dir, 'server.key'), 'utf8');
    other = fs.readFileSync(path.join(dir, 'other.crt'), 'utf8');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An HTTPS server using the self-signed cert; with `mtls`, it demands a client cert signed by it. */
  async function tlsServer(mtls = false): Promise<string> {
    const s = https.createServer({ cert, key, ...(mtls ? { requestCert: true, rejectUnauthorized: true, ca: cert } : {}) }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(envelope({ name: 'secure' })));
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve))));
    return `https://127.0.0.1:${(s.address() as AddressInfo).port}/api`;
  }

  function api(baseUrl: string, dispatcher?: ReturnType<typeof createNodeDispatcher>): VmApi {
    if (dispatcher) closers.push(() => dispatcher.close());
    return new VmApi(new ApiClient({ baseUrl, dispatcher, retry: false }));
  }

  it('an untrusted certificate is a NetworkError of kind tls (not retried)', async () => {
    const url = await tlsServer();
    const err = await api(url).getVmById({ extId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ kind: 'tls' });
    expect((err as Error).message).toContain('createNodeDispatcher');
    const wrongCa = await api(url, createNodeDispatcher({ ca: other })).getVmById({ extId: 'x' }).catch((e: unknown) => e);
    expect(wrongCa).toMatchObject({ kind: 'tls' });
  });

  it('trusts a custom CA, or skips verification with insecure', async () => {
    const url = await tlsServer();
    expect((await api(url, createNodeDispatcher({ ca: cert })).getVmById({ extId: 'x' })).data.name).toBe('secure');
    expect((await api(url, createNodeDispatcher({ ca: [Buffer.from(other), Buffer.from(cert)] })).getVmById({ extId: 'x' })).data.name).toBe('secure');
    expect((await api(url, createNodeDispatcher({ insecure: true })).getVmById({ extId: 'x' })).data.name).toBe('secure');
  });

  it('presents a client certificate for mutual TLS', async () => {
    const url = await tlsServer(true);
    const without = await api(url, createNodeDispatcher({ ca: cert })).getVmById({ extId: 'x' }).catch((e: unknown) => e);
    expect(without).toBeInstanceOf(NetworkError);
    const res = await api(url, createNodeDispatcher({ ca: cert, cert, key })).getVmById({ extId: 'x' });
    expect(res.data.name).toBe('secure');
  });
});
