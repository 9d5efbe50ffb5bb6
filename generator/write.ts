/**
 * Writing a package: everything goes to a temporary folder beside the target,
 * which then replaces the target in one rename. A failed run leaves the previous
 * output as it was, never a half-written package.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

export function writePackage(outDir: string, files: ReadonlyMap<string, string>): void {
  swapIn(outDir, stagePackage(outDir, files));
}

/** The temporary folder beside `outDir` that a package is written into before it replaces `outDir`. */
function stagingDir(outDir: string): string {
  return `${path.resolve(outDir)}.tmp-${process.pid}`;
}

/**
 * Writes a package into its temporary folder (see `stagingDir`) and returns that folder;
 * `swapIn` then puts it in place. A family stages every package before swapping any in.
 */
export function stagePackage(outDir: string, files: ReadonlyMap<string, string>): string {
  const temp = stagingDir(outDir);
  mkdirSync(path.dirname(temp), { recursive: true });
  rmSync(temp, { recursive: true, force: true });
  try {
    const dirs = new Set<string>();
    for (const file of files.keys()) dirs.add(path.dirname(path.join(temp, file)));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const [file, text] of files) writeFileSync(path.join(temp, file), text);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    throw e;
  }
  return temp;
}

/** Replaces `outDir` with the staged folder `temp` (two renames); on failure the previous output is put back. */
export function swapIn(outDir: string, temp: string): void {
  const target = path.resolve(outDir);
  const old = `${target}.old-${process.pid}`;
  try {
    if (existsSync(target)) renameSync(target, old);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Removes a staged folder that will not be swapped in. */
export function discardStaged(temp: string): void {
  rmSync(temp, { recursive: true, force: true });
}

/**
 * The files of a package written by another thread: their paths, and their text read from
 * the package folder when asked for (the texts are not copied back between threads).
 */
export class WrittenFiles implements ReadonlyMap<string, string> {
  private readonly paths: ReadonlySet<string>;

  constructor(
    private readonly dir: string,
    paths: readonly string[],
  ) {
    this.paths = new Set(paths);
  }

  get size(): number {
    return this.paths.size;
  }

  has(file: string): boolean {
    return this.paths.has(file);
  }

  get(file: string): string | undefined {
    return this.paths.has(file) ? readFileSync(path.join(this.dir, file), 'utf8') : undefined;
  }

  keys(): MapIterator<string> {
    return this.paths.values();
  }

  *values(): MapIterator<string> {
    for (const file of this.paths) yield this.get(file)!;
  }

  *entries(): MapIterator<[string, string]> {
    for (const file of this.paths) yield [file, this.get(file)!];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const [file, text] of this.entries()) callback.call(thisArg, text, file, this);
  }
}

/**
 * `<out>/node_modules/<name>` -> the package folder, for each package of a family,
 * so that building or type-checking a namespace package in `<out>` finds the runtime
 * and shared packages as an installed copy would (npm workspaces link them the same way).
 */
export function linkFamily(outDir: string, packages: ReadonlyMap<string, string>): void {
  for (const [name, dir] of packages) {
    const link = path.join(path.resolve(outDir), 'node_modules', ...name.split('/'));
    const target = path.relative(path.dirname(link), path.resolve(dir));
    mkdirSync(path.dirname(link), { recursive: true });
    try {
      if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) continue;
      rmSync(link, { recursive: true, force: true });
    } catch {
      // not there yet
    }
    symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
  }
}

// The writer thread: writes each file it is sent (the last text sent for a path wins), then reports.
const WRITER_SOURCE = `
const { parentPort, workerData: inFlight } = require('node:worker_threads');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const made = new Set();
let failed;
parentPort.on('message', (msg) => {
  if (msg.done) return parentPort.postMessage({ error: failed });
  try {
    for (let i = 0; !failed && i < msg.files.length; i += 2) {
      const file = path.join(msg.root, msg.files[i]);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, msg.files[i + 1]);
    }
  } catch (e) {
    failed = e && e.message ? e.message : String(e);
  } finally {
    Atomics.sub(inFlight, 0, msg.size);
    Atomics.notify(inFlight, 0);
  }
});
`;

const IN_FLIGHT_LIMIT = 8 * 1024 * 1024;
const encoder = new TextEncoder();

/**
 * Files of a package, written while the package is still being generated: each `set`
 * hands the file to a writer thread, which writes it into the temporary folder on the
 * other core while this one goes on emitting. `commit` waits for the last file and
 * swaps the folder in as `writePackage` does (`finish` waits and leaves the swap to the
 * caller); `abort` leaves the target as it was.
 */
export class WriteBehindFiles extends Map<string, string> {
  private readonly target: string;
  private readonly temp: string;
  private readonly worker: Worker;

  constructor(outDir: string) {
    super();
    this.target = path.resolve(outDir);
    this.temp = stagingDir(outDir);
    rmSync(this.temp, { recursive: true, force: true });
    mkdirSync(this.temp, { recursive: true });
    this.worker = new Worker(WRITER_SOURCE, { eval: true, workerData: this.inFlight });
    this.worker.once('exit', () => (this.exited = true));
  }

  /**
   * Characters sent to the writer and not written yet. When the disk is slower than emitting,
   * sending waits for it past a limit, so that memory stays bounded (the texts wait in messages).
   */
  private readonly inFlight = new Int32Array(new SharedArrayBuffer(4));
  private exited = false;

  /** Files not sent yet (path, text, path, text, ...): a message per file would cost more than writing it. */
  private batch: string[] = [];
  private batchBytes = 0;

  override set(file: string, text: string): this {
    super.set(file, text);
    // Map's constructor calls set before the fields exist: nothing to send then.
    if (!this.worker) return this;
    this.batch.push(file, text);
    this.batchBytes += text.length;
    if (this.batchBytes >= 256 * 1024 || this.batch.length >= 64) this.flush();
    return this;
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    Atomics.add(this.inFlight, 0, this.batchBytes);
    // The bytes move to the writer (transferred, not copied); the texts stay here for the caller.
    const files: (string | Uint8Array)[] = [];
    const transfer: ArrayBuffer[] = [];
    for (let i = 0; i < this.batch.length; i += 2) {
      const bytes = encoder.encode(this.batch[i + 1]);
      files.push(this.batch[i]!, bytes);
      transfer.push(bytes.buffer as ArrayBuffer);
    }
    this.worker.postMessage({ root: this.temp, files, size: this.batchBytes }, transfer);
    this.batch = [];
    this.batchBytes = 0;
    for (let now = Atomics.load(this.inFlight, 0); now > IN_FLIGHT_LIMIT && !this.exited; now = Atomics.load(this.inFlight, 0)) Atomics.wait(this.inFlight, 0, now, 100);
  }

  /** Waits for every file to be written, then replaces the target with the new folder. */
  async commit(): Promise<void> {
    swapIn(this.target, await this.finish());
  }

  /** Waits for every file to be written and returns the staged folder, for `swapIn` (on failure, nothing is left). */
  async finish(): Promise<string> {
    try {
      const error = await new Promise<string | undefined>((resolve, reject) => {
        this.worker.once('message', (msg: { error?: string }) => resolve(msg.error));
        this.worker.once('error', reject);
        this.flush();
        this.worker.postMessage({ done: true });
      });
      if (error) throw new Error(`cannot write the package: ${error}`);
      return this.temp;
    } catch (e) {
      await this.abort();
      throw e;
    } finally {
      void this.worker.terminate();
    }
  }

  /** Stops writing and removes what was written; the target is untouched. */
  async abort(): Promise<void> {
    await this.worker.terminate();
    rmSync(this.temp, { recursive: true, force: true });
  }
}
