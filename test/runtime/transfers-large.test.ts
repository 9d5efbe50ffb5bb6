/**
 * 1 GiB through the client in both directions, in a child process whose
 * resident memory is measured (see support/transfer-child.ts). The server
 * makes the bytes on the fly and counts uploads; the file lives in a
 * temporary folder and is removed afterwards. A few seconds over loopback.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/packages.js';
import { countBody, sendBytes, startTransferServer, type TransferServer } from '../support/transfer-server.js';

const GiB = 1 << 30;
const MiB = 1 << 20;

let server: TransferServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ntnx-transfer-'));
  server = await startTransferServer((req, res) => {
    const download = /\/file$/.exec(req.url ?? '') && req.method === 'GET' ? /images\/(\d+)\/file/.exec(req.url ?? '') : null;
    if (download) {
      void sendBytes(res, Number(download[1]));
      return;
    }
    if (req.method === 'PUT') {
      void countBody(req).then(({ bytes }) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes })));
      return;
    }
    res.writeHead(404).end();
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function runChild(file: string, size: number): Promise<Record<string, Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/support/transfer-child.ts'), server.origin, file, String(size)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`child exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Record<string, Record<string, unknown>>);
    });
  });
}

describe('1 GiB transfers keep memory flat', () => {
  it('downloads 1 GiB to a file and uploads it back, each with < 64 MiB of RSS growth and progress to 100 %', async () => {
    const file = path.join(dir, 'image.bin');
    const result = await runChild(file, GiB);
    const { download, upload } = result as { download: Record<string, unknown>; upload: Record<string, unknown> };
    expect(download.bytes).toBe(GiB);
    expect(download.written).toBe(GiB);
    expect(download.last).toEqual({ loaded: GiB, total: GiB, percent: 100 });
    expect(download.growth as number).toBeLessThan(64 * MiB);
    expect(upload.received).toBe(GiB);
    expect(upload.monotonic).toBe(true);
    expect(upload.last).toEqual({ loaded: GiB, total: GiB, percent: 100 });
    expect(upload.progressEvents as number).toBeGreaterThan(100);
    expect(upload.growth as number).toBeLessThan(64 * MiB);
    // Content-Length was sent for the file, so the server could tell a complete upload.
    const put = server.seen.filter((r) => r.method === 'PUT').pop()!;
    expect(put.headers['content-length']).toBe(String(GiB));
    console.log(`download RSS growth ${((download.growth as number) / MiB).toFixed(1)} MiB, upload ${((upload.growth as number) / MiB).toFixed(1)} MiB`);
  });
});
