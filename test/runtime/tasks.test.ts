import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, TaskFailedError, TimeoutError, affectedEntities, createdEntityId, entityRel, waitForTask, type Task } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { TaskReference } from '../support/ops.js';

const TASK_ID = 'ZXJnb24=:86114933-1b11-4c4f-bb21-b8b7075e1044';
const TASK_PATH = `/api/prism/v4.0/config/tasks/${encodeURIComponent(TASK_ID)}`;

let server: FaultServer;
let client: ApiClient;
beforeEach(async () => {
  server = await FaultServer.start();
  client = new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'pw', retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});
afterEach(async () => {
  await server.close();
});

const task = (status: string, extra: Record<string, unknown> = {}) => ({
  json: { data: { $objectType: 'prism.v4.config.Task', extId: TASK_ID, status, operation: 'kVmCreate', ...extra } },
});

describe('waitForTask', () => {
  it('polls QUEUED -> RUNNING -> SUCCEEDED and resolves with entities and completion details', async () => {
    server.route('GET', TASK_PATH, [
      task('QUEUED', { progressPercentage: 0 }),
      task('RUNNING', { progressPercentage: 40 }),
      task('RUNNING', { progressPercentage: 80 }),
      task('SUCCEEDED', {
        progressPercentage: 100,
        completedTime: '2025-01-01T00:00:00Z',
        entitiesAffected: [{ extId: 'vm-1', rel: 'vmm:ahv:config:vm', name: 'web' }],
      }),
    ]);
    const seen: Array<string | undefined> = [];
    const ref = TaskReference.fromJSON({ $objectType: 'prism.v4.config.TaskReference', extId: TASK_ID });
    const done = await client.waitForTask(ref, { pollMs: 5, maxPollMs: 10, onProgress: (t: Task) => seen.push(`${t.status}:${t.progressPercentage}`) });
    expect(done.status).toBe('SUCCEEDED');
    expect(done.extId).toBe(TASK_ID);
    expect(done.entitiesAffected).toEqual([{ extId: 'vm-1', rel: 'vmm:ahv:config:vm', name: 'web' }]);
    expect(done.completionDetails).toEqual([]);
    expect(done.completedTime).toBe('2025-01-01T00:00:00Z');
    expect(seen).toEqual(['QUEUED:0', 'RUNNING:40', 'RUNNING:80', 'SUCCEEDED:100']);
    // The extId (with = and :) was percent-encoded in the path.
    expect(server.requests.every((r) => r.path === `/api/prism/v4.0/config/tasks/ZXJnb24%3D%3A86114933-1b11-4c4f-bb21-b8b7075e1044`)).toBe(true);
  });

  it('rejects with TaskFailedError carrying errorMessages and legacyErrorMessage', async () => {
    server.route('GET', TASK_PATH, [
      task('RUNNING'),
      task('FAILED', {
        errorMessages: [{ message: 'Not enough memory', code: 'VMM-20012', severity: 'ERROR', errorGroup: 'VM_CREATE', $objectType: 'prism.v4.error.AppMessage' }],
        legacyErrorMessage: 'legacy: out of memory',
      }),
    ]);
    const err = (await waitForTask(client, { extId: TASK_ID }, { pollMs: 5 }).catch((e: unknown) => e)) as TaskFailedError;
    expect(err).toBeInstanceOf(TaskFailedError);
    expect(err.name).toBe('TaskFailedError');
    expect(err.status).toBe('FAILED');
    expect(err.taskExtId).toBe(TASK_ID);
    expect(err.errorMessages).toEqual([{ message: 'Not enough memory', code: 'VMM-20012', severity: 'ERROR', errorGroup: 'VM_CREATE', $objectType: 'prism.v4.error.AppMessage' }]);
    expect(err.legacyErrorMessage).toBe('legacy: out of memory');
    expect(err.message).toContain('VMM-20012: Not enough memory');
  });

  it('CANCELED is a failure too', async () => {
    server.route('GET', TASK_PATH, task('CANCELED'));
    await expect(waitForTask(client, TASK_ID, { pollMs: 5 })).rejects.toMatchObject({ name: 'TaskFailedError', status: 'CANCELED' });
  });

  it('times out with a TimeoutError holding the last task state', async () => {
    server.route('GET', TASK_PATH, task('RUNNING', { progressPercentage: 10 }));
    const t0 = Date.now();
    const err = (await waitForTask(client, TASK_ID, { pollMs: 10, timeoutMs: 800 }).catch((e: unknown) => e)) as TimeoutError;
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.phase).toBe('task');
    expect(err.timeoutMs).toBe(800);
    expect(err.lastTask).toMatchObject({ status: 'RUNNING', progressPercentage: 10 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(server.requests.length).toBeLessThan(60);
  });

  it('backs off between polls up to maxPollMs', async () => {
    server.route('GET', TASK_PATH, [task('RUNNING'), task('RUNNING'), task('RUNNING'), task('RUNNING'), task('SUCCEEDED')]);
    await waitForTask(client, TASK_ID, { pollMs: 20, maxPollMs: 40 });
    const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
    // Lower bounds only: the interval grows from 20 ms to the 40 ms cap (upper bounds are at the mercy of machine load).
    expect(gaps[0]).toBeGreaterThanOrEqual(18);
    expect(gaps[1]).toBeGreaterThanOrEqual(28);
    expect(gaps.at(-1)).toBeGreaterThanOrEqual(38);
  });

  it('uses the configured prism version and stops on abort', async () => {
    const c = new ApiClient({ baseUrl: server.baseUrl, taskPrismVersion: 'v4.1' });
    server.route('GET', `/api/prism/v4.1/config/tasks/${encodeURIComponent(TASK_ID)}`, task('RUNNING'));
    const ac = new AbortController();
    // Abort during the wait after the second poll.
    let polls = 0;
    const onProgress = (): void => void (++polls === 2 && setTimeout(() => ac.abort(), 5));
    await expect(c.waitForTask(TASK_ID, { pollMs: 50, signal: ac.signal, onProgress })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.every((r) => r.path.startsWith('/api/prism/v4.1/'))).toBe(true);
  });

  it('needs an extId', async () => {
    await expect(waitForTask(client, { extId: null })).rejects.toThrow(/extId/);
  });
});

describe('waitForTask with a decoder, and the entities a task affected', () => {
  it('hands the finished task, as sent, to decode and resolves with what it returns', async () => {
    server.route('GET', TASK_PATH, [task('RUNNING'), task('SUCCEEDED', { entitiesAffected: [{ extId: 'vm-1', rel: 'vmm:ahv:config:vm' }] })]);
    class Decoded {
      constructor(readonly json: unknown) {}
    }
    const done = await waitForTask(client, { extId: TASK_ID }, { pollMs: 1, decode: (json) => new Decoded(json) });
    expect(done).toBeInstanceOf(Decoded);
    expect(done.json).toMatchObject({ $objectType: 'prism.v4.config.Task', status: 'SUCCEEDED', entitiesAffected: [{ extId: 'vm-1' }] });
  });

  it('finds entities by the kind of a model class, its $objectType or a rel', () => {
    const Vm = { objectType: 'vmm.v4.ahv.config.Vm' };
    const Image = { objectType: 'vmm.v4.content.Image' };
    expect(entityRel(Vm)).toBe('vmm:ahv:config:vm');
    expect(entityRel('iam.v4.authn.User')).toBe('iam:authn:user');
    expect(entityRel('vmm:ahv:config:vm')).toBe('vmm:ahv:config:vm');
    const done = {
      entitiesAffected: [
        { extId: 'cluster-1', rel: 'clustermgmt:config:cluster' },
        { extId: 'vm-1', rel: 'vmm:ahv:config:vm', name: 'web-01' },
        { extId: 'vm-2', rel: 'VMM:AHV:CONFIG:VM' },
        { extId: 'img-1', rel: 'vmm:image' },
        { rel: 'vmm:ahv:config:vm' },
      ],
    };
    expect(affectedEntities(done, Vm).map((e) => e.extId)).toEqual(['vm-1', 'vm-2']);
    expect(createdEntityId(done, Vm)).toBe('vm-1');
    // A shortened rel of the same namespace and kind still matches; another namespace's does not.
    expect(createdEntityId(done, Image)).toBe('img-1');
    expect(createdEntityId(done, { objectType: 'networking.v4.config.Image' })).toBeUndefined();
    expect(createdEntityId({}, Vm)).toBeUndefined();
  });
});
