/**
 * Streamed downloads and uploads against local servers: the image download's
 * 302 + X-Redirect-Token, credentials kept from other hosts, progress, abort
 * on both sides, and the rule that an upload is never sent twice.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type OperationRequest, type TransferProgress } from '../../runtime/index.js';
import { saveToFile } from '../../runtime/node.js';
import { importPackage } from '../support/packages.js';
import { PATTERN, countBody, sendBytes, startTransferServer, type TransferServer } from '../support/transfer-server.js';

const IMAGE = '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c';
const TOKEN = 'NTNX_IGW_SESSION=redirect-token-1';
const SIZE = 5 * (1 << 20) + 123;

type Images = {
  getFileByImageId(p: { imageExtId: string }, o?: unknown): Promise<{ data: Blob }>;
  getFileByImageIdStream(
    p: { imageExtId: string },
    o?: { signal?: AbortSignal; onDownloadProgress?: (p: TransferProgress) => void },
  ): Promise<{ data: ReadableStream<Uint8Array>; contentLength?: number; contentType?: string; fileName?: string; status: number }>;
};
let pkg: { ApiClient: typeof ApiClient; v4_0: { ImagesApi: new (c: ApiClient) => Images } };

let prism: TransferServer;
let files: TransferServer;
let dir: string;
let redirectTo: () => string;
const servers: TransferServer[] = [];

beforeAll(async () => {
  pkg = (await importPackage('vmm')) as unknown as typeof pkg;
  dir = mkdtempSync(path.join(os.tmpdir(), 'ntnx-transfers-'));
  // The file server: another origin, which answers only to the redirect token.
  files = await startTransferServer((req, res) => {
    if (req.headers.cookie !== TOKEN) return void res.writeHead(401).end();
    void sendBytes(res, SIZE, { 'content-disposition': 'attachment; filename="disk.qcow2"' });
  });
  redirectTo = () => `${files.origin}/files/${IMAGE}?sig=abc`;
  // Prism: the image download answers 302 with Location and X-Redirect-Token (and sets a session cookie).
  prism = await startTransferServer((req, res) => {
    if (req.url === `/api/vmm/v4.0/content/images/${IMAGE}/file`) {
      res.writeHead(302, { location: redirectTo(), 'x-redirect-token': TOKEN, 'set-cookie': 'NTNX_IGW_SESSION=prism-session; Path=/; HttpOnly' });
      return void res.end();
    }
    if (req.url === '/api/same/file') return void res.writeHead(302, { location: '/api/same/target' }).end();
    if (req.url === '/api/same/target') return void sendBytes(res, 1000);
    res.writeHead(404).end();
  });
  servers.push(prism, files);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) n += chunk.byteLength;
  return n;
}

describe('image download: 302 with X-Redirect-Token', () => {
  it('follows Location with the token as the cookie and streams the bytes; no credential reaches the other host', async () => {
    const client = new pkg.ApiClient({ baseUrl: `${prism.origin}/api`, username: 'admin', password: 'secret' });
    const images = new pkg.v4_0.ImagesApi(client);
    const progress: TransferProgress[] = [];
    const res = await images.getFileByImageIdStream({ imageExtId: IMAGE }, { onDownloadProgress: (p) => progress.push(p) });
    expect(res.status).toBe(200);
    expect(res.contentLength).toBe(SIZE);
    expect(res.contentType).toBe('application/octet-stream');
    expect(res.fileName).toBe('disk.qcow2');
    const file = path.join(dir, 'disk.qcow2');
    expect((await saveToFile(res, file)).bytes).toBe(SIZE);
    expect(progress.at(-1)).toEqual({ loaded: SIZE, total: SIZE, percent: 100 });
    expect(progress.every((p, i) => i === 0 || p.loaded >= progress[i - 1]!.loaded)).toBe(true);

    const prismSaw = prism.seen.at(-1)!;
    expect(prismSaw.headers.authorization).toMatch(/^Basic /);
    const fileSaw = files.seen.at(-1)!;
    expect(fileSaw.url).toBe(`/files/${IMAGE}?sig=abc`);
    expect(fileSaw.headers.cookie).toBe(TOKEN);
    expect(fileSaw.headers.authorization).toBeUndefined();

    // The Blob form goes the same way; and with the session cookie now set, only the token goes along.
    const blob = (await images.getFileByImageId({ imageExtId: IMAGE })).data;
    expect(blob.size).toBe(SIZE);
    expect(new Uint8Array(await blob.slice(0, 1000).arrayBuffer())).toEqual(PATTERN.subarray(0, 1000));
    expect(prism.seen.at(-1)!.headers.cookie).toBe('NTNX_IGW_SESSION=prism-session');
    expect(files.seen.at(-1)!.headers.cookie).toBe(TOKEN);
    expect(files.seen.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('never sends the API key or per-call credential headers to another host', async () => {
    const client = new pkg.ApiClient({ baseUrl: `${prism.origin}/api`, apiKey: 'key-123', headers: { 'X-Trace': 't-1' } });
    const images = new pkg.v4_0.ImagesApi(client);
    const res = await images.getFileByImageIdStream({ imageExtId: IMAGE }, { headers: { Authorization: 'Bearer per-call' } } as never);
    expect(await readAll(res.data)).toBe(SIZE);
    expect(prism.seen.at(-1)!.headers['x-ntnx-api-key']).toBe('key-123');
    const saw = files.seen.at(-1)!.headers;
    expect(saw['x-ntnx-api-key']).toBeUndefined();
    expect(saw.authorization).toBeUndefined();
    expect(saw['x-trace']).toBe('t-1'); // harmless headers still go along
  });

  it('keeps the credentials on a redirect to the same origin (control: the stripping is by origin)', async () => {
    const client = new ApiClient({ baseUrl: `${prism.origin}/api`, username: 'admin', password: 'secret', sessionCookies: false });
    const op: OperationRequest = { operationId: 'same', method: 'GET', path: '/same/file', responses: { '2XX': { kind: 'binary' } } };
    const res = await client.request<Blob>(op);
    expect(res.data.size).toBe(1000);
    expect(prism.seen.at(-1)!.url).toBe('/api/same/target');
    expect(prism.seen.at(-1)!.headers.authorization).toMatch(/^Basic /);
  });

  it('followRedirects: false hands back the 302 as it came (an ApiError)', async () => {
    const client = new pkg.ApiClient({ baseUrl: `${prism.origin}/api`, username: 'admin', password: 'secret', followRedirects: false });
    const before = files.seen.length;
    const err = await new pkg.v4_0.ImagesApi(client).getFileByImageId({ imageExtId: IMAGE }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ApiError', status: 302 });
    expect(files.seen.length).toBe(before);
  });
});

describe('aborting mid-transfer stops both sides', () => {
  let server: TransferServer;
  let ended: Promise<'done' | 'closed'> | undefined;
  let upload: Promise<{ bytes: number; complete: boolean }> | undefined;
  beforeAll(async () => {
    server = await startTransferServer((req, res) => {
      if (req.method === 'GET') ended = sendBytes(res, 1 << 30);
      else upload = countBody(req);
    });
    servers.push(server);
  });
  afterEach(() => {
    ended = undefined;
    upload = undefined;
  });

  it('download: the signal cancels the stream after the method returned; the server sees the connection close', async () => {
    const client = new ApiClient({ baseUrl: `${server.origin}/api` });
    const ac = new AbortController();
    const res = await client.download(
      (o) => client.request({ operationId: 'dl', method: 'GET', path: '/big', responses: { '2XX': { kind: 'binary' } } }, o),
      { signal: ac.signal },
    );
    expect(res.contentLength).toBe(1 << 30);
    const reader = res.data.getReader();
    let got = 0;
    while (got < 4 << 20) got += (await reader.read()).value!.byteLength;
    ac.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
    expect(await Promise.race([ended!, new Promise((r) => setTimeout(() => r('still sending'), 5_000))])).toBe('closed');
  });

  it('upload: the signal ends the request; the server sees an incomplete body and the source is cancelled', async () => {
    const client = new ApiClient({ baseUrl: `${server.origin}/api` });
    const ac = new AbortController();
    let cancelled = false;
    let sent = 0;
    const chunk = new Uint8Array(1 << 16);
    const body = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(chunk),
      cancel: () => void (cancelled = true),
    });
    const call = client.request(
      { operationId: 'up', method: 'PUT', path: '/up', body, contentType: 'application/octet-stream', responses: { '2XX': {} } },
      { signal: ac.signal, onUploadProgress: (p) => void (sent = p.loaded) },
    );
    const t0 = Date.now();
    while (sent < 8 << 20 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 5));
    ac.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    const result = await Promise.race([upload!, new Promise<undefined>((r) => setTimeout(() => r(undefined), 5_000))]);
    expect(result?.complete).toBe(false);
    expect(result!.bytes).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(cancelled).toBe(true);
  });
});

describe('uploads', () => {
  let server: TransferServer;
  let status = 200;
  const received: Array<{ bytes: number; complete: boolean }> = [];
  beforeAll(async () => {
    server = await startTransferServer((req, res) => {
      void countBody(req).then((r) => {
        received.push(r);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      });
    });
    servers.push(server);
  });
  afterEach(() => {
    status = 200;
    received.length = 0;
  });
  const put = (body: unknown, contentType = 'application/octet-stream'): OperationRequest => ({
    operationId: 'up',
    method: 'PUT',
    path: '/images/x/file',
    body,
    contentType,
    responses: { '2XX': {} },
  });

  it('a Node stream, a { stream, size } body and a Blob: read as sent, Content-Length when the size is known', async () => {
    const file = path.join(dir, 'up.bin');
    writeFileSync(file, PATTERN);
    const client = new ApiClient({ baseUrl: `${server.origin}/api` });
    const progress: TransferProgress[] = [];
    await client.request(put(createReadStream(file)));
    await client.request(put({ stream: createReadStream(file), size: PATTERN.length }), { onUploadProgress: (p) => progress.push(p) });
    await client.request(put(new Blob([PATTERN])));
    expect(received.map((r) => r.bytes)).toEqual([PATTERN.length, PATTERN.length, PATTERN.length]);
    const heads = server.seen.slice(-3).map((r) => r.headers);
    expect(heads[0]!['transfer-encoding']).toBe('chunked');
    expect(heads[1]!['content-length']).toBe(String(PATTERN.length));
    expect(heads[2]!['content-length']).toBe(String(PATTERN.length));
    expect(progress[0]).toEqual({ loaded: 0, total: PATTERN.length, percent: 0 });
    expect(progress.at(-1)).toEqual({ loaded: PATTERN.length, total: PATTERN.length, percent: 100 });
  });

  it('multipart with a file part reports progress and arrives whole', async () => {
    const client = new ApiClient({ baseUrl: `${server.origin}/api` });
    const form = new FormData();
    form.append('name', 'disk');
    form.append('file', new Blob([PATTERN]), 'disk.bin');
    let last: TransferProgress | undefined;
    await client.request(put(form, 'multipart/form-data'), { onUploadProgress: (p) => void (last = p) });
    expect(server.seen.at(-1)!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(received[0]!.bytes).toBeGreaterThan(PATTERN.length);
    expect(last!.loaded).toBe(received[0]!.bytes);
  });

  it('an upload is never sent twice: a 503 after a Blob is the answer, while a JSON body is retried (control)', async () => {
    const client = new ApiClient({ baseUrl: `${server.origin}/api`, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    status = 503;
    await expect(client.request(put(new Blob([PATTERN])))).rejects.toMatchObject({ status: 503 });
    expect(received.length).toBe(1);
    received.length = 0;
    await expect(client.request(put({ a: 1 }, 'application/json'))).rejects.toMatchObject({ status: 503 });
    expect(received.length).toBe(3);
  });
});
