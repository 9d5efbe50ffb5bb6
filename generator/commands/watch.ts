/**
 * `--watch`: regenerate when a document, a template or the configuration changes.
 *
 * Folders are watched rather than files, since editors save by replacing files. Changes
 * that arrive together are batched; a run that fails is reported and the watch goes on.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  /** Files and folders (watched with their sub-folders) whose changes trigger `run`. */
  readonly paths: readonly string[];
  /** Called with the changed files (absolute). */
  readonly run: (changed: readonly string[]) => Promise<void>;
  readonly log?: (line: string) => void;
  /** Stops watching. */
  readonly signal?: AbortSignal;
  /** Quiet time before a batch of changes is handled (default 150 ms). */
  readonly debounceMs?: number;
}

function foldersOf(target: string): string[] {
  if (!existsSync(target)) return [path.dirname(target)];
  if (!statSync(target).isDirectory()) return [path.dirname(target)];
  const out = [target];
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...foldersOf(path.join(target, entry.name)));
  }
  return out;
}

/** Watches until `signal` aborts; resolves then. */
export function watchPaths(options: WatchOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const targets = options.paths.map((p) => path.resolve(p));
  const isRelevant = (file: string) => targets.some((t) => file === t || file.startsWith(t + path.sep));
  const watchers: FSWatcher[] = [];
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const changed = [...pending].sort();
    pending.clear();
    running = running.then(async () => {
      log(`changed: ${changed.map((f) => path.relative(process.cwd(), f) || f).join(', ')}`);
      try {
        await options.run(changed);
      } catch (e) {
        log(`error: ${e instanceof Error ? e.message : String(e)}`);
      }
      log('watching for changes (Ctrl+C to stop)');
    });
  };

  for (const folder of [...new Set(targets.flatMap(foldersOf))]) {
    if (!existsSync(folder)) continue;
    const w = watch(folder, (_event, name) => {
      if (!name) return;
      const file = path.join(folder, name.toString());
      if (!isRelevant(file) || /(^|[\\/])(\.|~)|\.(swp|tmp)$|~$/.test(name.toString())) return;
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, options.debounceMs ?? 150);
    });
    watchers.push(w);
  }
  log('watching for changes (Ctrl+C to stop)');
  return new Promise((resolve) => {
    const stop = () => {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      void running.then(() => resolve());
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
    if (!options.signal) process.once('SIGINT', stop);
  });
}
