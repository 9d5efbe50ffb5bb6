/**
 * A stand-in for Prism's tasks: each task runs until its finish time, then
 * SUCCEEDED or FAILED. Answers `GET /prism/v4.0/config/tasks` (with an OData
 * `$filter` of `extId eq '...' or ...`, `$page`, `$limit`) and
 * `GET /prism/v4.0/config/tasks/{extId}` like Prism does, on a FaultServer.
 */
import type { FaultServer, RecordedRequest, Reply } from './fault-server.js';

export const TASKS_PATH = '/api/prism/v4.0/config/tasks';

interface SimTask {
  readonly extId: string;
  readonly startedAt: number;
  readonly finishAt: number;
  readonly fail: boolean;
  readonly extra: Record<string, unknown>;
}

export class TaskSim {
  readonly tasks = new Map<string, SimTask>();
  /** Times of list requests and of single-task requests, as the server saw them. */
  readonly listCalls: number[] = [];
  readonly getCalls: number[] = [];

  /** A task that ends `finishInMs` from now. */
  add(extId: string, finishInMs: number, fail = false, extra: Record<string, unknown> = {}): void {
    const now = Date.now();
    this.tasks.set(extId, { extId, startedAt: now, finishAt: now + finishInMs, fail, extra });
  }

  /** The task's JSON as Prism would send it now. */
  json(extId: string): Record<string, unknown> | undefined {
    const t = this.tasks.get(extId);
    if (!t) return undefined;
    const now = Date.now();
    const done = now >= t.finishAt;
    const progress = done ? 100 : Math.floor(((now - t.startedAt) / Math.max(1, t.finishAt - t.startedAt)) * 100);
    return {
      $objectType: 'prism.v4.config.Task',
      extId,
      status: done ? (t.fail ? 'FAILED' : 'SUCCEEDED') : 'RUNNING',
      progressPercentage: progress,
      ...(done && t.fail ? { errorMessages: [{ code: 'SIM-1', message: `task ${extId} failed`, $objectType: 'prism.v4.error.AppMessage' }] } : {}),
      ...(done ? t.extra : {}),
    };
  }

  list(req: RecordedRequest): Reply {
    this.listCalls.push(Date.now());
    const filter = req.query.get('$filter') ?? '';
    const ids = [...filter.matchAll(/extId eq '((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
    const page = Number(req.query.get('$page') ?? 0);
    const limit = Number(req.query.get('$limit') ?? 50);
    const all = ids.map((id) => this.json(id)).filter((t): t is Record<string, unknown> => t !== undefined);
    const data = all.slice(page * limit, (page + 1) * limit);
    // An empty list answers with metadata and no data, as Prism does.
    return { json: { ...(data.length ? { data } : {}), metadata: { totalAvailableResults: all.length } } };
  }

  get(req: RecordedRequest): Reply {
    this.getCalls.push(Date.now());
    const id = decodeURIComponent(req.path.slice(TASKS_PATH.length + 1));
    const task = this.json(id);
    return task ? { json: { data: task } } : { status: 404, json: { data: { error: [{ message: 'no such task' }] } } };
  }

  /** Serve the tasks endpoints on `server`. */
  serve(server: FaultServer): this {
    server.route('GET', TASKS_PATH, (req) => this.list(req));
    server.route('GET', new RegExp(`^${TASKS_PATH}/[^/]+$`), (req) => this.get(req));
    return this;
  }
}

/** The most requests among `times` that fall in any window of `windowMs`. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
