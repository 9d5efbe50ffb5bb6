/**
 * Formatting with prettier. Formatting is most of the generation time, so files
 * are formatted in parallel worker threads, and a file whose unformatted text
 * was formatted before (same text, same options) is taken from a cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as prettier from 'prettier';

export const PRETTIER_OPTIONS: prettier.Options = { printWidth: 120, singleQuote: true, trailingComma: 'all' };

function parserFor(file: string): string | undefined {
  if (file.endsWith('.ts')) return 'typescript';
  if (file.endsWith('.json')) return 'json';
  if (file.endsWith('.md')) return 'markdown';
  return undefined;
}

export async function formatOne(file: string, text: string): Promise<string> {
  const parser = parserFor(file);
  if (!parser) return text;
  // Loaded on first use: most runs never format with prettier.
  const { format } = await import('prettier');
  return format(text, { ...PRETTIER_OPTIONS, parser });
}

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
let prettier;
parentPort.on('message', async ({ id, file, text, options }) => {
  try {
    if (!prettier) {
      // require.resolve gives prettier's CommonJS entry, whose import() has only a default export.
      const mod = await import(${JSON.stringify(pathToFileURL(createRequire(import.meta.url).resolve('prettier')).href)});
      prettier = typeof mod.format === 'function' ? mod : mod.default;
    }
    const out = await prettier.format(text, options);
    parentPort.postMessage({ id, out });
  } catch (e) {
    parentPort.postMessage({ id, error: file + ': ' + (e && e.message ? e.message : String(e)) });
  }
});
`;

/** Key of a cache entry: the text and the options that format it. */
function cacheKey(file: string, text: string): string {
  return createHash('sha256').update(JSON.stringify(PRETTIER_OPTIONS)).update(parserFor(file) ?? '').update('\0').update(text).digest('hex');
}

export class FormatCache {
  private readonly entries = new Map<string, string>();
  private dirty = false;

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
        for (const [k, v] of Object.entries(data)) this.entries.set(k, v);
      } catch {
        // A damaged cache is only a slower run.
      }
    }
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string): void {
    this.entries.set(key, value);
    this.dirty = true;
  }

  /** Keeps only the keys used in this run, so the cache does not grow forever. */
  save(used: Set<string>): void {
    if (!this.file || (!this.dirty && used.size === this.entries.size)) return;
    const data: Record<string, string> = {};
    for (const k of [...used].sort()) {
      const v = this.entries.get(k);
      if (v !== undefined) data[k] = v;
    }
    mkdirSync(path.dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(data));
  }
}

/** Formats every file of the map in place, using `threads` workers (1: in this thread). */
export async function formatFiles(files: Map<string, string>, options: { threads?: number; cache?: FormatCache } = {}): Promise<void> {
  const jobs: { file: string; text: string; key: string }[] = [];
  const used = new Set<string>();
  for (const [file, text] of files) {
    const parser = parserFor(file);
    if (!parser) continue;
    const key = cacheKey(file, text);
    used.add(key);
    const cached = options.cache?.get(key);
    if (cached !== undefined) files.set(file, cached);
    else jobs.push({ file, text, key });
  }
  const threads = Math.max(1, Math.min(options.threads ?? Math.max(1, os.availableParallelism() - 0), jobs.length > 40 ? 8 : 1));
  if (threads === 1) {
    for (const job of jobs) {
      const out = await formatOne(job.file, job.text);
      files.set(job.file, out);
      options.cache?.set(job.key, out);
    }
  } else {
    await new Promise<void>((resolve, reject) => {
      const workers = Array.from({ length: threads }, () => new Worker(WORKER_SOURCE, { eval: true }));
      let next = 0;
      let done = 0;
      let failed = false;
      const finish = (error?: Error) => {
        if (failed) return;
        if (error) failed = true;
        for (const w of workers) void w.terminate();
        if (error) reject(error);
        else resolve();
      };
      const feed = (worker: Worker) => {
        if (next >= jobs.length) return;
        const id = next++;
        const job = jobs[id]!;
        worker.postMessage({ id, file: job.file, text: job.text, options: { ...PRETTIER_OPTIONS, parser: parserFor(job.file) } });
      };
      for (const worker of workers) {
        worker.on('message', (msg: { id: number; out?: string; error?: string }) => {
          if (msg.error !== undefined) return finish(new Error(`prettier could not format ${msg.error}`));
          const job = jobs[msg.id]!;
          files.set(job.file, msg.out!);
          options.cache?.set(job.key, msg.out!);
          if (++done === jobs.length) finish();
          else feed(worker);
        });
        worker.on('error', (e) => finish(e));
        feed(worker);
      }
      if (jobs.length === 0) finish();
    });
  }
  options.cache?.save(used);
}
