/**
 * A bare `node:http` server on 127.0.0.1 for large transfers: bodies are made
 * on the fly and uploads are counted, never kept, so a 1 GiB test costs no
 * memory on the server side. Records the head (method, url, headers) of every
 * request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationRequest } from '../../runtime/index.js';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface TransferServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startTransferServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<TransferServer> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One MiB of a fixed pattern: byte i is i % 251. */
export const PATTERN = Uint8Array.from({ length: 1 << 20 }, (_, i) => i % 251);

/** Send `size` bytes of `PATTERN` (repeated), honouring back-pressure. Resolves when done or when the client went away. */
export function sendBytes(res: http.ServerResponse, size: number, headers: http.OutgoingHttpHeaders = {}): Promise<'done' | 'closed'> {
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size), ...headers });
  return new Promise((resolve) => {
    let sent = 0;
    res.on('close', () => resolve(res.writableFinished ? 'done' : 'closed'));
    const pump = (): void => {
      while (sent < size) {
        const n = Math.min(PATTERN.length, size - sent);
        sent += n;
        if (!res.write(n === PATTERN.length ? PATTERN : PATTERN.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
}

/** Count the bytes of a request body without keeping them. */
export function countBody(req: http.IncomingMessage): Promise<{ bytes: number; complete: boolean }> {
  return new Promise((resolve) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => resolve({ bytes, complete: true }));
    req.on('close', () => resolve({ bytes, complete: req.complete }));
  });
}

/** The download the transfer children make: `bytes` of an image file (the server makes them on the fly). */
export const downloadRequest = (bytes: number): OperationRequest => ({
  operationId: 'getFileByImageId',
  method: 'GET',
  path: '/vmm/v4.0/content/images/{imageExtId}/file',
  pathParams: { imageExtId: String(bytes) },
  accept: 'application/octet-stream, application/json',
  responses: { '2XX': { kind: 'binary' } },
});

/** The upload the transfer children make: `body` as an octet stream (the server counts it). */
export const uploadRequest = (body: unknown): OperationRequest => ({
  operationId: 'uploadFile',
  method: 'PUT',
  path: '/images/{uuid}/file',
  pathParams: { uuid: 'img-1' },
  body,
  contentType: 'application/octet-stream',
  responses: { '2XX': {} },
});
