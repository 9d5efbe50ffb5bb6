/**
 * One transfer in a process of its own, so that its peak RSS is the client's:
 * `node --import tsx bench/transfers/child.ts <variant> <origin> <file> <bytes>`.
 * Prints `{ ms, growth, bytes }` as JSON.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ApiClient, type OperationRequest } from '../../runtime/index.js';
import { fileBody, saveToFile } from '../../runtime/node.js';

const [variant, origin, file, sizeText] = process.argv.slice(2) as [string, string, string, string];
const size = Number(sizeText);
const client = new ApiClient({ baseUrl: `${origin}/api`, username: 'admin', password: 'secret', retry: false });
const download: OperationRequest = {
  operationId: 'getFileByImageId',
  method: 'GET',
  path: '/vmm/v4.0/content/images/{imageExtId}/file',
  pathParams: { imageExtId: String(size) },
  responses: { '2XX': { kind: 'binary' } },
};
const upload = (body: unknown): OperationRequest => ({
  operationId: 'uploadFile',
  method: 'PUT',
  path: '/images/{uuid}/file',
  pathParams: { uuid: 'img-1' },
  body,
  contentType: 'application/octet-stream',
  responses: { '2XX': {} },
});
const url = `${origin}/api/vmm/v4.0/content/images/${size}/file`;

const variants: Record<string, () => Promise<number>> = {
  // Downloads to a file.
  'download-stream': async () => (await saveToFile(await client.download((o) => client.request(download, o)), file)).bytes,
  'download-blob': async () => ((await client.request<Blob>(download)).data as Blob).size,
  'download-fetch': async () => {
    const res = await fetch(url);
    await pipeline(Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>), createWriteStream(file));
    return Number(res.headers.get('content-length'));
  },
  // Uploads of a file.
  'upload-file': async () => ((await client.request(upload(await fileBody(file)))).raw as { bytes: number }).bytes,
  'upload-fetch': async () => {
    const res = await fetch(`${origin}/api/images/img-1/file`, { method: 'PUT', body: await openAsBlob(file) });
    return ((await res.json()) as { bytes: number }).bytes;
  },
  'upload-fetch-no-redirect': async () => {
    const res = await fetch(`${origin}/api/images/img-1/file`, { method: 'PUT', body: await openAsBlob(file), redirect: 'error' });
    return ((await res.json()) as { bytes: number }).bytes;
  },
};

const run = variants[variant];
if (!run) throw new Error(`unknown variant ${variant}`);
const base = process.memoryUsage().rss;
let peak = base;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const t0 = performance.now();
const bytes = await run();
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ ms, growth: peak - base, bytes }));
