/**
 * Worker threads for independent jobs (one namespace package of `generate-all`
 * each): each worker runs one job at a time, so memory stays bounded by the
 * number of threads, and every job's output is what a run in this thread would write.
 *
 * Tasks are the functions in `worker.ts`, called by name with a cloneable
 * argument; their log lines come back to the caller's `log`.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { GeneratorError, type Diagnostic } from './load/diagnostics.js';
import type { TaskName, Tasks } from './worker.js';

/**
 * How many threads to use for `jobs` jobs: by default one per core, never more than the jobs;
 * 1 means this thread alone. Measured on 2 cores, side by side (whole Nutanix set, a file per
 * module, V8 optimizing only hot code: see tiering.ts): two workers 3.4-3.7 s with 1.6-1.8 cores
 * busy, one thread 3.7-4.3 s.
 */
export function threadCount(jobs: number, requested?: number): number {
  return Math.max(1, Math.min(jobs, requested ?? os.availableParallelism()));
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * A smaller young generation than V8's default: with a worker per core next to this thread,
 * three of them would be reserved at once (measured on the whole Nutanix set: 300 MB peak with
 * the default, 260 MB with this, at a few per cent more CPU time).
 */
const WORKER_OPTIONS = { resourceLimits: { maxYoungGenerationSizeMb: 8 } };

/** The worker module next to this one: the built file in dist/, or the TypeScript source through tsx. */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const source = new URL('./worker.ts', here).href;
    // From the sources (tests, `--import tsx`): the worker registers tsx before loading them.
    return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true, ...WORKER_OPTIONS });
  }
  return new Worker(new URL('./worker.mjs', here), WORKER_OPTIONS);
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(private readonly size: number) {}

  /** Runs `task(arg)` in a worker; resolves with its result, or rejects with its error. */
  run<K extends TaskName>(task: K, arg: Parameters<Tasks[K]>[0], log?: (line: string) => void): Promise<Awaited<ReturnType<Tasks[K]>>> {
    return new Promise((resolve, reject) => {
      const start = () => {
        const worker = this.idle.pop()!;
        const id = this.nextId++;
        this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, log });
        worker.postMessage({ id, task, arg });
      };
      if (this.idle.length === 0 && this.all.length < this.size) this.add();
      if (this.idle.length > 0) start();
      else this.queue.push(start);
    });
  }

  private add(): void {
    const worker = spawnWorker();
    this.all.push(worker);
    this.idle.push(worker);
    worker.on('message', (msg: { id: number; log?: string; result?: unknown; error?: { message: string; stack?: string; diagnostics?: unknown } }) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      if (msg.log !== undefined) {
        job.log?.(msg.log);
        return;
      }
      this.pending.delete(msg.id);
      this.idle.push(worker);
      this.queue.shift()?.();
      // A document's errors stay diagnostics, reported as a run in this thread reports them.
      if (msg.error?.diagnostics) job.reject(new GeneratorError(msg.error.diagnostics as Diagnostic[]));
      else if (msg.error) job.reject(Object.assign(new Error(msg.error.message), { stack: msg.error.stack }));
      else job.resolve(msg.result);
    });
    worker.on('error', (e) => {
      for (const job of this.pending.values()) job.reject(e);
      this.pending.clear();
    });
  }

  /** Stops every worker (after the last job). */
  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
