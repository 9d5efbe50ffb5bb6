import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, NetworkError, backoffDelay, parseRetryAfter } from '../../runtime/index.js';
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from '../../runtime/retry.js';
import { FaultServer, refusedPort } from '../support/fault-server.js';
import { captureLogger } from '../support/log-capture.js';
import { VMS, Vm, VmApi, distinct, envelope } from '../support/ops.js';

const FAST = { baseDelayMs: 5, maxDelayMs: 50 };

let server: FaultServer;
let api: VmApi;
beforeEach(async () => {
  server = await FaultServer.start();
  api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'pw', retry: FAST }));
});
afterEach(async () => {
  await server.close();
});

describe('retries', () => {
  it('a retry setting passed as undefined (an unset environment variable) keeps the default', async () => {
    const unset: string | undefined = undefined;
    expect(resolveRetryPolicy(DEFAULT_RETRY_POLICY, { maxRetries: unset ? Number(unset) : undefined, baseDelayMs: 5 })).toEqual({ ...DEFAULT_RETRY_POLICY, baseDelayMs: 5 });
    server.route('GET', `/api${VMS}/vm-1`, [{ status: 503 }, { json: envelope({ extId: 'vm-1', name: 'a' }) }]);
    const client = new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: unset, apiKey: unset, port: undefined, retry: { ...FAST, maxRetries: undefined } });
    const res = await new VmApi(client).getVmById({ extId: 'vm-1' });
    expect(res.attempts).toBe(2);
  });

  it('retries a GET after the connection is dropped mid-request', async () => {
    server.route('GET', `/api${VMS}/vm-1`, [{ drop: true }, { json: envelope({ extId: 'vm-1', name: 'a' }) }]);
    const res = await api.getVmById({ extId: 'vm-1' });
    expect(res.data.name).toBe('a');
    expect(res.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it('retries a POST with a request id after a drop, sending the same id every time', async () => {
    server.route('POST', `/api${VMS}`, [{ drop: true }, { drop: true }, { status: 202, json: envelope({ extId: 'task-1' }) }]);
    const res = await api.createVm({ body: Object.assign(new Vm(), { name: 'n' }) });
    expect(res.status).toBe(202);
    expect(res.data.extId).toBe('task-1');
    const ids = distinct(server.requests, 'NTNX-Request-Id');
    expect(server.requests).toHaveLength(3);
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBe(res.requestId);
    expect(res.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the caller-given request id', async () => {
    server.route('POST', `/api${VMS}`, [{ status: 503 }, { status: 202, json: envelope({ extId: 't' }) }]);
    const res = await api.createVm({ body: new Vm(), ntnxRequestId: 'my-id-1' });
    expect(res.requestId).toBe('my-id-1');
    expect([...distinct(server.requests, 'NTNX-Request-Id')]).toEqual(['my-id-1']);
  });

  it('503 then 200', async () => {
    server.route('GET', `/api${VMS}/vm-1`, [{ status: 503 }, { json: envelope({ extId: 'vm-1' }) }]);
    const res = await api.getVmById({ extId: 'vm-1' });
    expect(res.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('honours Retry-After on 429 (capped by maxDelayMs)', async () => {
    server.route('GET', `/api${VMS}/vm-1`, [{ status: 429, headers: { 'retry-after': '0.2' } }, { json: envelope({}) }]);
    await api.getVmById({ extId: 'vm-1' }, { retry: { maxDelayMs: 1000 } });
    const [a, b] = server.requests;
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(190);
    expect(b!.at - a!.at).toBeLessThan(1500);

    // A long Retry-After is capped by maxDelayMs (50 ms here), so the call does not stall.
    server.reset();
    server.route('GET', `/api${VMS}/vm-2`, [{ status: 429, headers: { 'retry-after': '3600' } }, { json: envelope({}) }]);
    const t0 = Date.now();
    await api.getVmById({ extId: 'vm-2' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('gives up after maxRetries with an ApiError carrying status, request id and attempts', async () => {
    server.route('POST', `/api${VMS}`, { status: 503, json: { data: { error: [{ message: 'busy', code: 'VMM-50300' }] } } });
    const err = await api.createVm({ body: new Vm() }, { retry: { maxRetries: 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(3);
    expect(e.messages[0]).toMatchObject({ message: 'busy', code: 'VMM-50300' });
    expect(server.requests).toHaveLength(3);
    expect([...distinct(server.requests, 'NTNX-Request-Id')]).toEqual([e.requestId]);
  });

  it('retry: false disables retries for one call', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { status: 503 });
    await expect(api.getVmById({ extId: 'vm-1' }, { retry: false })).rejects.toBeInstanceOf(ApiError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST without request id after a mid-request drop', async () => {
    server.route('POST', '/api/misc/v4.0/things', [{ drop: true }, { json: {} }]);
    const err = await api.rawPost({ a: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).kind).toBe('reset');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST without request id on 503 and 429 (not processed), but not on 502', async () => {
    server.route('POST', '/api/misc/v4.0/things', [{ status: 503 }, { status: 429 }, { status: 201, json: { ok: true } }]);
    const res = await api.rawPost({ a: 1 });
    expect(res.status).toBe(201);
    expect(server.requests).toHaveLength(3);

    server.reset();
    server.route('POST', '/api/misc/v4.0/things', [{ status: 502 }, { json: {} }]);
    await expect(api.rawPost({})).rejects.toMatchObject({ status: 502 });
    expect(server.requests).toHaveLength(1);
  });

  it('retries connection refused, even for a POST without request id, then fails typed', async () => {
    const port = await refusedPort();
    const client = new ApiClient({ host: '127.0.0.1', port, scheme: 'http', retry: { ...FAST, maxRetries: 2 } });
    const t0 = Date.now();
    const err = await new VmApi(client).rawPost({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ kind: 'connect', code: 'ECONNREFUSED', attempts: 3 });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('back-off delays stay within the jitter bounds', async () => {
    const { logger, lines } = captureLogger();
    server.route('GET', `/api${VMS}/vm-1`, [{ status: 502 }, { status: 504 }, { status: 408 }, { json: envelope({}) }]);
    const client = new ApiClient({ baseUrl: server.baseUrl, logger, retry: { baseDelayMs: 20, maxDelayMs: 40 } });
    const res = await new VmApi(client).getVmById({ extId: 'vm-1' });
    expect(res.attempts).toBe(4);
    // Full jitter: the n-th wait is drawn from [0, min(40, 20 * 2^n)].
    const delays = lines.filter((l) => l.startsWith('warn retrying')).map((l) => Number(/in (\d+) ms/.exec(l)![1]));
    expect(delays).toHaveLength(3);
    delays.forEach((d, n) => expect(d).toBeLessThanOrEqual(Math.min(40, 20 * 2 ** n)));
    // And the server saw the retries no sooner than those waits.
    server.requests.slice(1).forEach((r, i) => expect(r.at - server.requests[i]!.at).toBeGreaterThanOrEqual(delays[i]! - 2));
  });

  it('an abort during the back-off wait ends the call at once', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { status: 503 });
    const ac = new AbortController();
    let abortedAt = 0;
    // Abort shortly after the first 503 arrives, i.e. while the client waits 5 s to retry.
    const hook = { onResponse: () => void setTimeout(() => ((abortedAt = Date.now()), ac.abort()), 20) };
    const client = new ApiClient({ baseUrl: server.baseUrl, interceptors: [hook], retry: { baseDelayMs: 5_000, maxDelayMs: 5_000, maxRetries: 5 } });
    await expect(new VmApi(client).getVmById({ extId: 'vm-1' }, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retry helpers', () => {
  it('backoffDelay is full jitter under an exponential cap', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, p, () => 0.999)).toBe(99);
    expect(backoffDelay(3, p, () => 0.999)).toBe(799);
    expect(backoffDelay(10, p, () => 0.999)).toBe(999);
    expect(backoffDelay(10, p, () => 0)).toBe(0);
  });

  it('parseRetryAfter reads seconds and HTTP dates, capped', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('2', 10_000, now)).toBe(2000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', 10_000, now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:10:00 GMT', 10_000, now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', 10_000, now)).toBe(0);
    expect(parseRetryAfter('soon', 10_000, now)).toBeUndefined();
    expect(parseRetryAfter(null, 10_000, now)).toBeUndefined();
  });
});
