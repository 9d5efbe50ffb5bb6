import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TaskFailedError, waitForTask, waitForTasks, type Task } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { TaskSim, busiestWindow } from '../support/task-sim.js';

let server: FaultServer;
let sim: TaskSim;
beforeEach(async () => {
  server = await FaultServer.start();
  sim = new TaskSim().serve(server);
});
afterEach(async () => {
  await server.close();
});

const RATE = 5;
const client = (): ApiClient =>
  new ApiClient({
    baseUrl: server.baseUrl,
    username: 'admin',
    password: 'pw',
    taskPolling: { pollMs: 100, maxPollMs: 400, idsPerRequest: 50, maxRequestsPerSecond: RATE, concurrency: 2 },
  });
const id = (i: number): string => `ZXJnb24=:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('waitForTasks: one shared poller per client', () => {
  it('300 tasks ending at random times: every final state reported, at most 5 list requests in any second', async () => {
    // A fixed pseudo-random order of finish times over 3 s; every 10th task fails.
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ids = Array.from({ length: 300 }, (_, i) => id(i));
    ids.forEach((t, i) => sim.add(t, Math.floor(random() * 3000), i % 10 === 0));
    const progressed = new Set<string>();
    const t0 = Date.now();
    const outcomes = await waitForTasks(client(), ids.map((extId) => ({ extId })), { onProgress: (t: Task) => progressed.add(t.extId), timeoutMs: 60_000 });
    const took = Date.now() - t0;

    expect(outcomes.map((o) => o.extId)).toEqual(ids);
    outcomes.forEach((o, i) => {
      expect(o.status).toBe(i % 10 === 0 ? 'FAILED' : 'SUCCEEDED');
      expect(o.ok).toBe(i % 10 !== 0);
      if (!o.ok) expect(o.error).toBeInstanceOf(TaskFailedError);
      else expect(o.task).toMatchObject({ status: 'SUCCEEDED', entitiesAffected: [] });
    });
    expect(progressed.size).toBe(300);
    // The bound holds on the server side (with 100 ms of slack for arrival jitter), and no task was polled on its own.
    expect(busiestWindow(sim.listCalls, 900)).toBeLessThanOrEqual(RATE);
    expect(sim.getCalls).toHaveLength(0);
    expect(sim.listCalls.length).toBeLessThanOrEqual(Math.ceil((took / 1000 + 1) * RATE));
    // Every request lists many tasks, none of them asked twice in one request.
    for (const r of server.requestsTo('GET', '/api/prism/v4.0/config/tasks')) {
      const asked = [...(r.query.get('$filter') ?? '').matchAll(/extId eq '([^']*)'/g)].map((m) => m[1]);
      expect(new Set(asked).size).toBe(asked.length);
      expect(asked.length).toBeLessThanOrEqual(50);
    }
  });

  it('two waits on one client share the poller: one request covers tasks of both', async () => {
    const c = client();
    sim.add(id(1), 300);
    sim.add(id(2), 300);
    const [a, b] = await Promise.all([waitForTasks(c, [id(1)]), waitForTasks(c, [id(2)])]);
    expect(a[0]!.ok && b[0]!.ok).toBe(true);
    const both = server.requestsTo('GET', '/api/prism/v4.0/config/tasks').filter((r) => {
      const f = r.query.get('$filter') ?? '';
      return f.includes(id(1)) && f.includes(id(2));
    });
    expect(both.length).toBeGreaterThan(0);
  });

  it('pages when the server answers fewer tasks than asked for', async () => {
    const c = new ApiClient({ baseUrl: server.baseUrl, taskPolling: { pollMs: 20, idsPerRequest: 4 } });
    // The server pages at 2 whatever $limit says.
    server.route('GET', '/api/prism/v4.0/config/tasks', (req) => {
      const ids = [...(req.query.get('$filter') ?? '').matchAll(/extId eq '([^']*)'/g)].map((m) => m[1]!);
      const page = Number(req.query.get('$page'));
      const data = ids.slice(page * 2, page * 2 + 2).map((extId) => ({ extId, status: 'SUCCEEDED' }));
      return { json: { ...(data.length ? { data } : {}), metadata: { totalAvailableResults: ids.length } } };
    });
    const outcomes = await waitForTasks(c, [id(1), id(2), id(3), id(4)]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('firstFailure rejects with the first failed task; allSettled reports a time-out per unfinished task', async () => {
    sim.add(id(1), 50, true);
    sim.add(id(2), 60_000);
    await expect(waitForTasks(client(), [id(1), id(2)], { mode: 'firstFailure' })).rejects.toBeInstanceOf(TaskFailedError);
    const outcomes = await waitForTasks(client(), [id(1), id(2)], { timeoutMs: 600 });
    expect(outcomes[0]).toMatchObject({ ok: false, status: 'FAILED' });
    expect(outcomes[1]).toMatchObject({ ok: false, status: 'RUNNING', error: { name: 'TimeoutError', phase: 'task' } });
  });

  it('an abort rejects with the signal reason and polling stops', async () => {
    sim.add(id(1), 60_000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await expect(waitForTasks(client(), [id(1)], { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    const count = sim.listCalls.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(sim.listCalls.length).toBe(count);
  });

  it('for comparison: 300 separate waitForTask calls poll each task on its own', async () => {
    const c = client();
    const ids = Array.from({ length: 300 }, (_, i) => id(i));
    ids.forEach((t) => sim.add(t, 1500));
    await Promise.all(ids.map((t) => waitForTask(c, t, { pollMs: 100, maxPollMs: 400 })));
    expect(sim.listCalls).toHaveLength(0);
    expect(sim.getCalls.length).toBeGreaterThan(300);
  });
});
