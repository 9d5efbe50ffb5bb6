/**
 * Waiting for Nutanix tasks. Mutating v4 calls answer 202 with a
 * `prism.v4.config.TaskReference`; the work happens in the task, which is
 * polled at `GET /prism/<version>/config/tasks/{extId}` until it ends.
 */
import type { ApiClient } from './client.js';
import { abortReason, linkedController, sleep } from './abort.js';
import { SdkError, TaskFailedError, TimeoutError, isRecord, type AppMessage } from './errors.js';

export type TaskStatus = 'QUEUED' | 'RUNNING' | 'CANCELING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'SUSPENDED';

export interface EntityReference {
  readonly extId?: string;
  readonly rel?: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface KVPair {
  readonly name?: string;
  readonly value?: unknown;
  readonly [key: string]: unknown;
}

/** The task as returned by Prism (JSON, not a generated model: the runtime does not depend on the prism SDK). */
export interface Task {
  readonly extId: string;
  readonly status?: TaskStatus | string;
  /** 0-100 (the v4 API calls it `progressPercentage`). */
  readonly progressPercentage?: number;
  readonly operation?: string;
  readonly operationDescription?: string;
  readonly createdTime?: string;
  readonly startedTime?: string;
  readonly completedTime?: string;
  readonly errorMessages?: readonly AppMessage[];
  readonly legacyErrorMessage?: string;
  readonly [key: string]: unknown;
}

/** A finished task: `entitiesAffected` and `completionDetails` always present. */
export interface CompletedTask extends Task {
  readonly status: 'SUCCEEDED';
  readonly entitiesAffected: readonly EntityReference[];
  readonly completionDetails: readonly KVPair[];
}

/** A `TaskReference` (JSON or model instance) or a bare task extId. */
export type TaskRef = string | { readonly extId?: string | null };

export interface WaitForTaskOptions {
  /** Give up after this long (default 30 minutes). */
  readonly timeoutMs?: number | undefined;
  /** First poll interval (default 500 ms); grows by 1.5x per poll. */
  readonly pollMs?: number | undefined;
  /** Largest poll interval (default 5000 ms). */
  readonly maxPollMs?: number | undefined;
  /** Called with the task after every poll. */
  readonly onProgress?: ((task: Task) => void) | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The prism API version of the tasks endpoint (default: the client's `taskPrismVersion`, else `v4.0`). */
  readonly prismVersion?: string | undefined;
}

const TERMINAL_FAILURE = new Set(['FAILED', 'CANCELED']);

/** The task endpoint the poller reads (`{version}`: the prism API version). */
export const TASK_POLL_PATH = '/prism/{version}/config/tasks/{extId}';

/** Options of a `waitForTask` that decodes the finished task (see the prism `Task` model). */
export interface DecodedWaitForTaskOptions<T> extends WaitForTaskOptions {
  /** Turns the finished task's JSON, as the server sent it, into a model: `(json) => Task.fromJSON(json as TaskJson)`. */
  readonly decode: (json: unknown) => T;
}

/**
 * Poll a task until it ends. Resolves with the task when SUCCEEDED; rejects
 * with `TaskFailedError` when FAILED or CANCELED, `TimeoutError` on time-out,
 * and the signal's reason on abort. Poll requests use the client's retries.
 */
export async function waitForTask<T>(client: ApiClient, ref: TaskRef, options: DecodedWaitForTaskOptions<T>): Promise<T>;
export async function waitForTask(client: ApiClient, ref: TaskRef, options?: WaitForTaskOptions): Promise<CompletedTask>;
export async function waitForTask<T>(client: ApiClient, ref: TaskRef, options: WaitForTaskOptions & { readonly decode?: (json: unknown) => T } = {}): Promise<CompletedTask | T> {
  const extId = typeof ref === 'string' ? ref : ref?.extId;
  if (!extId) throw new SdkError('waitForTask: the task reference has no extId');
  const { timeoutMs = 30 * 60_000, maxPollMs = 5_000, onProgress } = options;
  const prismVersion = options.prismVersion ?? client.taskPrismVersion;
  let delay = Math.max(1, options.pollMs ?? 500);

  // One signal for the whole wait: the caller's abort or the overall time-out.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const { controller, dispose } = linkedController([options.signal, deadline.signal]);
  let last: Task | undefined;
  try {
    for (;;) {
      try {
        const res = await client.request<unknown>(
          {
            operationId: 'waitForTask',
            method: 'GET',
            path: TASK_POLL_PATH,
            pathParams: { version: prismVersion, extId },
            accept: 'application/json',
            responses: { '200': { envelope: true } },
          },
          { signal: controller.signal },
        );
        if (!isRecord(res.data)) throw new SdkError(`waitForTask: task ${extId} response has no data`);
        last = { ...res.data, extId: typeof res.data['extId'] === 'string' ? res.data['extId'] : extId };
      } catch (err) {
        throw translate(err, options.signal, deadline.signal, timeoutMs, extId, last);
      }
      onProgress?.(last);
      const status = typeof last.status === 'string' ? last.status.toUpperCase() : undefined;
      if (status === 'SUCCEEDED') {
        if (options.decode) return options.decode(last);
        return completed(last);
      }
      if (status && TERMINAL_FAILURE.has(status)) throw new TaskFailedError(last);
      try {
        await sleep(delay, controller.signal);
      } catch (err) {
        throw translate(err, options.signal, deadline.signal, timeoutMs, extId, last);
      }
      delay = Math.min(maxPollMs, Math.ceil(delay * 1.5));
    }
  } finally {
    clearTimeout(timer);
    dispose();
  }
}

function translate(err: unknown, caller: AbortSignal | undefined, deadline: AbortSignal, timeoutMs: number, extId: string, last: Task | undefined): unknown {
  if (caller?.aborted) return abortReason(caller);
  if (deadline.aborted) {
    return new TimeoutError({
      timeoutMs,
      phase: 'task',
      lastTask: last,
      message: `task ${extId} did not finish within ${timeoutMs} ms (last status ${last?.status ?? 'unknown'})`,
    });
  }
  return err;
}

/** A model class (`Vm`), its `$objectType` (`vmm.v4.ahv.config.Vm`) or a task `rel` (`vmm:ahv:config:vm`). */
export type EntityKind = string | { readonly objectType: string };

/** Anything with the task's `entitiesAffected`: the JSON a poll returns, or the prism `Task` model. */
export interface TaskWithEntities {
  readonly entitiesAffected?: readonly { readonly extId?: string | null; readonly rel?: string | null; readonly name?: string | null }[] | null;
}

/**
 * The `rel` Prism gives an entity of a kind in `entitiesAffected`: the `$objectType`
 * without its version, with colons (`vmm.v4.ahv.config.Vm` -> `vmm:ahv:config:vm`).
 */
export function entityRel(kind: EntityKind): string {
  const text = typeof kind === 'string' ? kind : kind.objectType;
  if (text.includes(':')) return text.toLowerCase();
  return text
    .split('.')
    .filter((part, i) => !(i === 1 && /^v\d+$/.test(part)))
    .join(':')
    .toLowerCase();
}

/**
 * The entities of one kind that a task affected: `affectedEntities(task, Vm)`.
 * An entity matches when its `rel` is the kind's, or (for servers that shorten it)
 * ends with the kind's last segment and names the same namespace.
 */
export function affectedEntities(task: TaskWithEntities, kind: EntityKind): { extId: string; rel: string; name?: string }[] {
  const rel = entityRel(kind);
  const [namespace] = rel.split(':');
  const last = rel.slice(rel.lastIndexOf(':') + 1);
  const out: { extId: string; rel: string; name?: string }[] = [];
  for (const e of task.entitiesAffected ?? []) {
    if (!e?.extId || typeof e.rel !== 'string') continue;
    const r = e.rel.toLowerCase();
    const exact = r === rel;
    const short = !exact && r.startsWith(`${namespace}:`) && r.slice(r.lastIndexOf(':') + 1) === last;
    if (exact || short) out.push({ extId: e.extId, rel: e.rel, ...(e.name ? { name: e.name } : {}) });
  }
  return out;
}

/**
 * The extId of the entity of a kind that a task created (or changed):
 * `createdEntityId(task, Vm)` after `createVm`. `undefined` when the task names none.
 */
export function createdEntityId(task: TaskWithEntities, kind: EntityKind): string | undefined {
  return affectedEntities(task, kind)[0]?.extId;
}

// ---------------------------------------------------------------------------
// Many tasks at once: one poller per client lists the pending tasks with an
// OData `$filter` on `extId` (many tasks per request), at a bounded rate,
// however many tasks and callers wait at the same time.
// ---------------------------------------------------------------------------

/** How a client's shared task poller polls (`ApiClientConfig.taskPolling`). */
export interface TaskPollingOptions {
  /** First interval between two rounds (default 500 ms); grows by 1.5x per round while no new task joins. */
  readonly pollMs?: number;
  /** Largest interval between two rounds (default 5000 ms). */
  readonly maxPollMs?: number;
  /** Task ids per list request (default 50; at most 100, the API's `$limit`). */
  readonly idsPerRequest?: number;
  /** Most list requests in flight at once (default 2). */
  readonly concurrency?: number;
  /** Most list requests started in any second (default 5), whatever the number of tasks; starts are spread evenly. */
  readonly maxRequestsPerSecond?: number;
}

/** Options of `waitForTasks`. */
export interface WaitForTasksOptions {
  /** `allSettled` (default): wait for every task and report each; `firstFailure`: reject at the first failed task. */
  readonly mode?: 'allSettled' | 'firstFailure';
  /** Give up after this long (default 30 minutes); unfinished tasks get a `TimeoutError`. */
  readonly timeoutMs?: number;
  /** Called for a task whenever its status or progress changed. */
  readonly onProgress?: (task: Task) => void;
  readonly signal?: AbortSignal;
  /** The prism API version of the tasks endpoint (default: the client's `taskPrismVersion`). */
  readonly prismVersion?: string;
}

/** How one task ended (in the order the references were given). */
export interface TaskOutcome {
  readonly extId: string;
  /** `true` when the task SUCCEEDED. */
  readonly ok: boolean;
  /** The last status seen (`SUCCEEDED`, `FAILED`, `CANCELED`, or a running one after a time-out). */
  readonly status: TaskStatus | string | undefined;
  /** The task as last read (undefined when it was never seen). */
  readonly task?: Task;
  /** `TaskFailedError` (FAILED, CANCELED), `TimeoutError`, or the error of the list request. */
  readonly error?: unknown;
}

const DEFAULT_POLLING = { pollMs: 500, maxPollMs: 5_000, idsPerRequest: 50, concurrency: 2, maxRequestsPerSecond: 5 } as const;

interface Watcher {
  readonly extId: string;
  onTask(task: Task): void;
  onError(err: unknown): void;
}

/**
 * The poller of one client and prism version. Rounds run while someone waits;
 * each round splits the pending ids into list requests of `idsPerRequest`,
 * started no faster than `maxRequestsPerSecond` and at most `concurrency`
 * at a time.
 */
export class TaskPoller {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly settings: Required<TaskPollingOptions>;
  private nextStart = 0;
  private running = false;
  private joined = false;
  private wake: (() => void) | undefined;
  /** List requests sent so far (for tests and benchmarks). */
  requests = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly prismVersion: string,
    settings: TaskPollingOptions = {},
  ) {
    const s = { ...DEFAULT_POLLING, ...settings };
    this.settings = {
      pollMs: Math.max(1, s.pollMs),
      maxPollMs: Math.max(1, s.maxPollMs),
      idsPerRequest: Math.min(100, Math.max(1, Math.floor(s.idsPerRequest))),
      concurrency: Math.max(1, Math.floor(s.concurrency)),
      maxRequestsPerSecond: Math.max(1, Math.floor(s.maxRequestsPerSecond)),
    };
  }

  /** Follow one task until `unwatch()`; `onTask` after every poll that saw it. */
  watch(watcher: Watcher): () => void {
    let set = this.watchers.get(watcher.extId);
    if (!set) this.watchers.set(watcher.extId, (set = new Set()));
    set.add(watcher);
    this.joined = true;
    this.wake?.();
    if (!this.running) void this.run();
    return () => {
      set.delete(watcher);
      if (set.size === 0 && this.watchers.get(watcher.extId) === set) this.watchers.delete(watcher.extId);
    };
  }

  private async run(): Promise<void> {
    this.running = true;
    let delay = this.settings.pollMs;
    try {
      while (this.watchers.size > 0) {
        this.joined = false;
        await this.round();
        if (this.watchers.size === 0) break;
        if (this.joined) delay = this.settings.pollMs;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, delay);
          // A new task waits at most one short interval, not the grown one.
          this.wake = () => {
            clearTimeout(timer);
            setTimeout(done, this.settings.pollMs);
          };
          function done(): void {
            resolve();
          }
        });
        this.wake = undefined;
        delay = Math.min(this.settings.maxPollMs, Math.ceil(delay * 1.5));
      }
    } finally {
      this.running = false;
    }
  }

  private async round(): Promise<void> {
    const ids = [...this.watchers.keys()];
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += this.settings.idsPerRequest) chunks.push(ids.slice(i, i + this.settings.idsPerRequest));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        try {
          const tasks = await this.list(chunk);
          for (const task of tasks) for (const w of [...(this.watchers.get(task.extId) ?? [])]) w.onTask(task);
        } catch (err) {
          for (const id of chunk) for (const w of [...(this.watchers.get(id) ?? [])]) w.onError(err);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, chunks.length) }, worker));
  }

  /** The tasks of `ids`, page after page. */
  private async list(ids: readonly string[]): Promise<Task[]> {
    const limit = this.settings.idsPerRequest;
    const filter = ids.map((id) => `extId eq '${id.replace(/'/g, "''")}'`).join(' or ');
    const out: Task[] = [];
    for (let page = 0; ; page++) {
      await this.throttle();
      this.requests++;
      const res = await this.client.request<unknown, unknown>(
        {
          operationId: 'waitForTasks',
          method: 'GET',
          path: '/prism/{version}/config/tasks',
          pathParams: { version: this.prismVersion },
          query: { $filter: filter, $page: page, $limit: limit },
          accept: 'application/json',
          responses: { '200': { envelope: true } },
        },
      );
      // An empty list answers with metadata and no data.
      const items = Array.isArray(res.data) ? res.data.filter(isRecord) : [];
      for (const item of items) if (typeof item['extId'] === 'string') out.push(item as Task);
      const total = isRecord(res.metadata) && typeof res.metadata['totalAvailableResults'] === 'number' ? res.metadata['totalAvailableResults'] : undefined;
      if (items.length < limit || (total !== undefined && (page + 1) * limit >= total)) return out;
    }
  }

  /**
   * Wait until one more request keeps within the rate: starts are spaced by
   * at least 1000 / `maxRequestsPerSecond` ms, so that no second (on the
   * client's clock, and give or take network jitter on the server's) sees more.
   */
  private async throttle(): Promise<void> {
    const gap = Math.ceil(1000 / this.settings.maxRequestsPerSecond);
    for (;;) {
      const now = Date.now();
      if (now >= this.nextStart) {
        this.nextStart = now + gap;
        return;
      }
      await sleep(this.nextStart - now);
    }
  }
}

const pollers = new WeakMap<ApiClient, Map<string, TaskPoller>>();

/** The shared poller of `client` for a prism version (made on first use). */
export function taskPoller(client: ApiClient, prismVersion: string = client.taskPrismVersion): TaskPoller {
  let byVersion = pollers.get(client);
  if (!byVersion) pollers.set(client, (byVersion = new Map()));
  let poller = byVersion.get(prismVersion);
  if (!poller) byVersion.set(prismVersion, (poller = new TaskPoller(client, prismVersion, client.taskPolling)));
  return poller;
}

/**
 * Wait for many tasks through the client's shared poller: one list request
 * covers up to `idsPerRequest` tasks, and the request rate is bounded per
 * client, however many tasks and callers wait. Resolves with one outcome per
 * reference, in order (`allSettled`), or rejects with the first failure
 * (`firstFailure`). Rejects with the signal's reason on abort.
 */
export function waitForTasks(client: ApiClient, refs: readonly TaskRef[], options: WaitForTasksOptions = {}): Promise<TaskOutcome[]> {
  const ids = refs.map((ref) => (typeof ref === 'string' ? ref : ref?.extId));
  const missing = ids.findIndex((id) => !id);
  if (missing >= 0) return Promise.reject(new SdkError(`waitForTasks: task reference ${missing} has no extId`));
  if (ids.length === 0) return Promise.resolve([]);
  if (options.signal?.aborted) return Promise.reject(abortReason(options.signal));
  const { timeoutMs = 30 * 60_000, mode = 'allSettled', onProgress } = options;
  const poller = taskPoller(client, options.prismVersion ?? client.taskPrismVersion);

  return new Promise<TaskOutcome[]>((resolve, reject) => {
    const outcomes = new Map<string, TaskOutcome>();
    const last = new Map<string, Task>();
    const unwatch = new Map<string, () => void>();
    const unique = [...new Set(ids as string[])];
    let settled = false;

    const finish = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      for (const stop of unwatch.values()) stop();
      if (err !== undefined) reject(err);
      else resolve((ids as string[]).map((id) => outcomes.get(id)!));
    };
    const settle = (extId: string, outcome: TaskOutcome): void => {
      if (settled || outcomes.has(extId)) return;
      outcomes.set(extId, outcome);
      unwatch.get(extId)?.();
      if (!outcome.ok && mode === 'firstFailure') return finish(outcome.error);
      if (outcomes.size === unique.length) finish();
    };
    const onAbort = (): void => finish(abortReason(options.signal!));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      for (const id of unique) {
        if (outcomes.has(id)) continue;
        const task = last.get(id);
        const error = new TimeoutError({
          timeoutMs,
          phase: 'task',
          lastTask: task,
          message: `task ${id} did not finish within ${timeoutMs} ms (last status ${task?.status ?? 'unknown'})`,
        });
        settle(id, { extId: id, ok: false, status: task?.status, ...(task ? { task } : {}), error });
      }
    }, timeoutMs);

    for (const extId of unique) {
      const stop = poller.watch({
        extId,
        onTask: (task) => {
          const before = last.get(extId);
          last.set(extId, task);
          if (before?.status !== task.status || before?.progressPercentage !== task.progressPercentage) {
            try {
              onProgress?.(task);
            } catch {
              // A failing progress callback must not stop the wait.
            }
          }
          const status = typeof task.status === 'string' ? task.status.toUpperCase() : undefined;
          if (status === 'SUCCEEDED') settle(extId, { extId, ok: true, status, task: completed(task) });
          else if (status && TERMINAL_FAILURE.has(status)) settle(extId, { extId, ok: false, status, task, error: new TaskFailedError(task) });
        },
        onError: (error) => settle(extId, { extId, ok: false, status: last.get(extId)?.status, ...(last.has(extId) ? { task: last.get(extId)! } : {}), error }),
      });
      unwatch.set(extId, stop);
      if (settled) break;
    }
  });
}

function completed(task: Task): CompletedTask {
  return {
    ...task,
    status: 'SUCCEEDED',
    entitiesAffected: Array.isArray(task['entitiesAffected']) ? (task['entitiesAffected'] as EntityReference[]) : [],
    completionDetails: Array.isArray(task['completionDetails']) ? (task['completionDetails'] as KVPair[]) : [],
  };
}
