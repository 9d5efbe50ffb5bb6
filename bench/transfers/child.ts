/**
 * One transfer in a process of its own, so that its peak RSS is the client's:
 * `node --import tsx bench/transfers/child.ts <variant> <origin> <file> <bytes>`.
 * Downloads write `<file>`, uploads read it. Prints `{ ms, growth, bytes }` as JSON.
 */
import { createWriteStream, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { ApiClient } from '../../runtime/index.js';
import { fileBody, saveToFile } from '../../runtime/node.js';
import { downloadRequest as download, uploadRequest as upload } from '../../test/support/transfer-server.js';

const [variant, origin, file, sizeText] = process.argv.slice(2) as [string, string, string, string];
const size = Number(sizeText);
const client = new ApiClient({ baseUrl: `${origin}/api`, username: 'admin', password: 'secret', retry: false });
const uploadUrl = `${origin}/api/images/img-1/file`;

/** Each variant moves `bytes` (downloads, to `to`) or the file `from` (uploads) and returns the bytes moved. */
const variants: Record<string, (bytes: number, to: string) => Promise<number>> = {
  'download-stream': async (bytes, to) => (await saveToFile(await client.download((o) => client.request(download(bytes), o)), to)).bytes,
  'download-blob': async (bytes) => ((await client.request<Blob>(download(bytes))).data as Blob).size,
  'download-fetch': async (bytes, to) => {
    const res = await fetch(`${origin}/api/vmm/v4.0/content/images/${bytes}/file`);
    await pipeline(Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>), createWriteStream(to));
    return Number(res.headers.get('content-length'));
  },
  'upload-file': async (_, from) => ((await client.request(upload(await fileBody(from)))).raw as { bytes: number }).bytes,
  'upload-fetch': async (_, from) => {
    const res = await fetch(uploadUrl, { method: 'PUT', body: await openAsBlob(from) });
    return ((await res.json()) as { bytes: number }).bytes;
  },
  'upload-fetch-no-redirect': async (_, from) => {
    const res = await fetch(uploadUrl, { method: 'PUT', body: await openAsBlob(from), redirect: 'error' });
    return ((await res.json()) as { bytes: number }).bytes;
  },
};

const run = variants[variant];
if (!run) throw new Error(`unknown variant ${variant}`);
// Warm up the same code path with 16 MiB, so that the baseline is a steady state and not first use.
const warm = `${file}.warm`;
writeFileSync(warm, new Uint8Array(16 << 20));
await run(16 << 20, warm);
rmSync(warm, { force: true });

const base = process.memoryUsage().rss;
let peak = base;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
const t0 = performance.now();
const bytes = await run(size, file);
const ms = performance.now() - t0;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ ms, growth: peak - base, bytes }));
