/**
 * Run in a child process by transfers-large.test.ts, so that its resident
 * memory is the client's alone: downloads `size` bytes to a file with
 * `...Stream()` semantics and `saveToFile`, then uploads that file with
 * `fileBody`, sampling `process.memoryUsage().rss` all along. Prints one JSON
 * line: the growth over the baseline, the progress seen, the bytes moved.
 *
 *   node --import tsx transfer-child.ts <origin> <file> <size>
 */
import { stat } from 'node:fs/promises';
import { ApiClient, type TransferProgress } from '../../runtime/index.js';
import { fileBody, saveToFile } from '../../runtime/node.js';
import { downloadRequest as download, uploadRequest as upload } from './transfer-server.js';

const [origin, file, sizeText] = process.argv.slice(2) as [string, string, string];
const size = Number(sizeText);
const client = new ApiClient({ baseUrl: `${origin}/api`, username: 'admin', password: 'secret', retry: false });


/** The largest RSS growth over `base` while `work` runs (sampled every 5 ms). */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

async function downloadTo(bytes: number, onProgress?: (p: TransferProgress) => void): Promise<number> {
  const res = await client.download((o) => client.request(download(bytes), o), { onDownloadProgress: onProgress });
  if (res.contentLength !== bytes) throw new Error(`contentLength ${res.contentLength}, expected ${bytes}`);
  return (await saveToFile(res, file)).bytes;
}

async function uploadFrom(onProgress?: (p: TransferProgress) => void): Promise<number> {
  const res = await client.request<{ bytes: number }>(upload(await fileBody(file)), { onUploadProgress: onProgress });
  return (res.raw as { bytes: number }).bytes;
}

// Warm up: the code paths and buffers of both directions, so the baseline is a steady state.
await downloadTo(32 << 20);
await uploadFrom();

let downloadProgress = 0;
let lastDownload: TransferProgress | undefined;
const down = await peakGrowth(() =>
  downloadTo(size, (p) => {
    downloadProgress++;
    lastDownload = p;
  }),
);
const written = (await stat(file)).size;

const uploadSeen: number[] = [];
let lastUpload: TransferProgress | undefined;
const up = await peakGrowth(() =>
  uploadFrom((p) => {
    uploadSeen.push(p.loaded);
    lastUpload = p;
  }),
);
const monotonic = uploadSeen.every((v, i) => i === 0 || v >= uploadSeen[i - 1]!);

console.log(
  JSON.stringify({
    download: { growth: down.growth, bytes: down.result, written, progressEvents: downloadProgress, last: lastDownload },
    upload: { growth: up.growth, received: up.result, progressEvents: uploadSeen.length, monotonic, last: lastUpload },
  }),
);
