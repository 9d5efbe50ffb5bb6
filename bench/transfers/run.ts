/**
 * `npm run bench:transfers [-- --quick]`
 *
 * Large and bulk work against a local server (127.0.0.1), written to
 * bench/TRANSFERS.md:
 * - 1 GiB download to a file and upload from a file: throughput and peak RSS
 *   growth of the client (one process per run), ours vs a raw `fetch` on the
 *   same server;
 * - waiting for 300 tasks that end at random times over 10 s: requests and
 *   wall time of `waitForTasks` vs 300 separate `waitForTask` calls.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiClient, waitForTask, waitForTasks } from '../../runtime/index.js';
import { FaultServer } from '../../test/support/fault-server.js';
import { TaskSim } from '../../test/support/task-sim.js';
import { countBody, sendBytes, startTransferServer } from '../../test/support/transfer-server.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const { values } = parseArgs({ args: process.argv.slice(2), options: { quick: { type: 'boolean' } } });
const QUICK = values.quick === true;
const SIZE = QUICK ? 256 << 20 : 1 << 30;
const REPS = QUICK ? 1 : 3;
const MiB = 1 << 20;
const log = (line: string): void => console.error(`[bench:transfers] ${line}`);

interface Sample {
  readonly ms: number;
  readonly growth: number;
  readonly bytes: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function transfers(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntnx-bench-transfers-'));
  const server = await startTransferServer((req, res) => {
    const m = /images\/(\d+)\/file/.exec(req.url ?? '');
    if (req.method === 'GET' && m) return void sendBytes(res, Number(m[1]));
    if (req.method === 'PUT') return void countBody(req).then((r) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(r)));
    res.writeHead(404).end();
  });
  const file = path.join(dir, 'image.bin');
  // Run a child asynchronously (the server lives in this process, so no spawnSync).
  const child = (variant: string): Promise<Sample> =>
    new Promise((resolve, reject) => {
      import('node:child_process').then(({ spawn }) => {
        const p = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'child.ts'), variant, server.origin, file, String(SIZE)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        p.stdout.on('data', (c: Buffer) => (out += c.toString()));
        p.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Sample) : reject(new Error(`${variant} exited with ${code}`))));
      }, reject);
    });
  const rows: Array<{ name: string; samples: Sample[] }> = [];
  const variants: Array<[string, string]> = [
    ['download-stream', 'ours: `getFileByImageIdStream()` + `saveToFile()`'],
    ['download-fetch', 'raw `fetch` + `pipeline(Readable.fromWeb(body), file)`'],
    ['download-blob', 'ours: `getFileByImageId()` (a `Blob`, buffered)'],
    ['upload-file', 'ours: `fileBody(path)` as the body'],
    ['upload-fetch', 'raw `fetch`, `openAsBlob(path)` as the body'],
    ['upload-fetch-no-redirect', "raw `fetch`, `openAsBlob(path)`, `redirect: 'error'`"],
  ];
  try {
    for (const [variant, name] of variants) rows.push({ name, samples: [] });
    for (let rep = 0; rep < REPS; rep++) {
      for (const [i, [variant]] of variants.entries()) {
        const s = await child(variant);
        if (s.bytes !== SIZE) throw new Error(`${variant}: ${s.bytes} bytes, expected ${SIZE}`);
        rows[i]!.samples.push(s);
        log(`${variant} #${rep + 1}: ${(SIZE / MiB / (s.ms / 1000)).toFixed(0)} MiB/s, +${(s.growth / MiB).toFixed(1)} MiB`);
      }
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const out = [
    `| ${SIZE / MiB} MiB over loopback | Throughput (median of ${REPS}) | Peak RSS growth (median; min-max) |`,
    '| --- | ---: | ---: |',
  ];
  for (const { name, samples } of rows) {
    const rate = median(samples.map((s) => SIZE / MiB / (s.ms / 1000)));
    const growth = samples.map((s) => s.growth / MiB);
    out.push(`| ${name} | ${rate.toFixed(0)} MiB/s | **${median(growth).toFixed(1)} MiB** (${Math.min(...growth).toFixed(1)}-${Math.max(...growth).toFixed(1)}) |`);
  }
  return out;
}

async function tasks(): Promise<string[]> {
  const COUNT = 300;
  const SPREAD = QUICK ? 4_000 : 10_000;
  const out = [`| Waiting for ${COUNT} tasks ending at random times over ${SPREAD / 1000} s | Requests | Busiest second | Wall time |`, '| --- | ---: | ---: | ---: |'];
  for (const mode of ['waitForTasks', 'waitForTask'] as const) {
    const server = await FaultServer.start();
    const sim = new TaskSim().serve(server);
    try {
      let seed = 7;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const ids = Array.from({ length: COUNT }, (_, i) => `ZXJnb24=:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      ids.forEach((id) => sim.add(id, Math.floor(random() * SPREAD)));
      const client = new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'secret' });
      const t0 = performance.now();
      if (mode === 'waitForTasks') await waitForTasks(client, ids);
      else await Promise.all(ids.map((id) => waitForTask(client, id)));
      const ms = performance.now() - t0;
      const times = [...sim.listCalls, ...sim.getCalls];
      const busiest = (await import('../../test/support/task-sim.js')).busiestWindow(times, 1000);
      const label = mode === 'waitForTasks' ? '`waitForTasks(client, refs)` (defaults: 50 ids per request, 5 requests/s)' : `${COUNT} x \`waitForTask(client, ref)\` (defaults: 500 ms growing to 5 s)`;
      out.push(`| ${label} | **${times.length}** | ${busiest} | ${(ms / 1000).toFixed(1)} s |`);
      log(`${mode}: ${times.length} requests, busiest second ${busiest}, ${(ms / 1000).toFixed(1)} s`);
    } finally {
      await server.close();
    }
  }
  return out;
}

const transferTable = await transfers();
const taskTable = await tasks();
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
const report = [
  '# Large and bulk work',
  '',
  `Written by \`npm run bench:transfers\` ([transfers/run.ts](transfers/run.ts)) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, Node ${process.version}, ${os.cpus().length} threads (${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}); ${QUICK ? 'quick mode' : 'full mode'}.`,
  'The server (`node:http`, 127.0.0.1) makes the bytes on the fly and counts uploads; each client run is a process of its own, warmed up with a 16 MiB transfer of the same kind, and its resident memory is sampled every 5 ms (growth over the level after the warm-up).',
  '',
  '<!-- transfers-table:begin -->',
  ...transferTable,
  '',
  "A raw `fetch` upload keeps a copy of the whole streamed body in memory unless `redirect: 'error'` is set (Node's fetch holds it in case a redirect needs the body again); the client sends uploads that way, and follows redirects of other calls itself.",
  '',
  '<!-- tasks-table:begin -->',
  ...taskTable,
  '',
  'The shared poller lists the pending tasks with one `GET /prism/v4.0/config/tasks?$filter=extId eq ... or ...` per 50 tasks, spaced evenly to at most 5 requests per second per client, whatever the number of tasks; separate `waitForTask` calls each poll their own task.',
  '',
];
writeFileSync(path.join(ROOT, 'bench', 'TRANSFERS.md'), report.join('\n'));
log('wrote bench/TRANSFERS.md');
