import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, NetworkError, TimeoutError } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { VMS, VmApi, envelope } from '../support/ops.js';

let server: FaultServer;
beforeEach(async () => {
  server = await FaultServer.start();
});
afterEach(async () => {
  await server.close();
});

function client(extra: Record<string, unknown> = {}): ApiClient {
  return new ApiClient({ baseUrl: server.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 }, ...extra });
}

describe('timeouts', () => {
  it('slow headers: the total time-out fires with a TimeoutError', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { delayMs: 5_000, json: envelope({}) });
    const t0 = Date.now();
    const err = await new VmApi(client({ timeoutMs: 150 })).getVmById({ extId: 'vm-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ phase: 'headers', timeoutMs: 150, operationId: 'getVmById' });
    expect((err as TimeoutError).requestId).toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('the total time-out spans retries and back-off waits', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { status: 503, delayMs: 40 });
    const t0 = Date.now();
    const err = await new VmApi(client({ timeoutMs: 200, retry: { baseDelayMs: 30, maxDelayMs: 30, maxRetries: 100 } }))
      .getVmById({ extId: 'vm-1' })
      .catch((e: unknown) => e);
    // Either the deadline cut an attempt (TimeoutError) or no back-off fit before it (the last 503).
    expect(err instanceof TimeoutError || (err as { status?: number }).status === 503).toBe(true);
    expect(Date.now() - t0).toBeLessThan(3000); // 100 retries would take far longer
    expect(server.requests.length).toBeLessThan(10);
  });

  it('slow body: streaming past the header time-out is not cut', async () => {
    // The body is held back until 1.1 s after the client got the headers, so the
    // call outlives its 1 s limit on the headers however slow the machine is.
    let release!: () => void;
    const headersSeen = new Promise<void>((resolve) => (release = resolve));
    const items = Array.from({ length: 5 }, (_, i) => JSON.stringify({ extId: `vm-${i}` }));
    server.route('GET', `/api${VMS}`, {
      chunks: [
        { data: '{"data":[', delayMs: 0 },
        ...items.map((it, i) => ({ data: (i ? ',' : '') + it, delayMs: 0, ...(i === 0 ? { waitFor: headersSeen } : {}) })),
        { data: ']}', delayMs: 0 },
      ],
    });
    const t0 = Date.now();
    const api = new VmApi(client({ timeoutMs: 1_000, interceptors: [{ onResponse: () => void setTimeout(release, 1_100) }] }));
    const res = await api.listVms();
    expect(Date.now() - t0).toBeGreaterThan(1_000);
    expect(res.data.map((v) => v.extId)).toEqual(['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']);
  });

  it('an idle body beyond readTimeoutMs fails with a TimeoutError (phase body)', async () => {
    server.route('GET', `/api${VMS}`, { chunks: [{ data: '{"data":[', delayMs: 0 }, { data: ']}', delayMs: 3_000 }] });
    const t0 = Date.now();
    const err = await new VmApi(client({ readTimeoutMs: 100 })).listVms().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ phase: 'body' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('attemptTimeoutMs cuts one attempt and retries (GET)', async () => {
    server.route('GET', `/api${VMS}/vm-1`, [{ delayMs: 5_000, json: envelope({}) }, { json: envelope({ name: 'ok' }) }]);
    const res = await new VmApi(client({ attemptTimeoutMs: 700 })).getVmById({ extId: 'vm-1' });
    expect(res.data.name).toBe('ok');
    expect(res.attempts).toBe(2);
  });

  it('a per-call timeoutMs overrides the client one', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { delayMs: 300, json: envelope({ name: 'late' }) });
    const api = new VmApi(client({ timeoutMs: 50 }));
    const res = await api.getVmById({ extId: 'vm-1' }, { timeoutMs: 2_000 });
    expect(res.data.name).toBe('late');
  });

  it('the caller signal aborts an in-flight request with its own reason', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { delayMs: 5_000, json: envelope({}) });
    const ac = new AbortController();
    const reason = new Error('user cancelled');
    setTimeout(() => ac.abort(reason), 50);
    await expect(new VmApi(client()).getVmById({ extId: 'vm-1' }, { signal: ac.signal })).rejects.toBe(reason);
  });

  it('the caller signal still cancels a streamed download after the call returned', async () => {
    server.route('GET', '/api/t/v4.0/file', {
      headers: { 'content-type': 'application/octet-stream' },
      chunks: [{ data: 'first', delayMs: 0 }, { data: 'never', delayMs: 5_000 }],
    });
    const ac = new AbortController();
    const res = await client().request(
      { operationId: 'download', method: 'GET', path: '/t/v4.0/file', responses: { '200': { kind: 'stream' } } },
      { signal: ac.signal },
    );
    const reader = (res.data as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('first');
    const t0 = Date.now();
    setTimeout(() => ac.abort(), 20);
    await expect(reader.read()).rejects.toBeTruthy();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a response dropped during the body is a NetworkError', async () => {
    server.route('GET', `/api${VMS}`, { chunks: [{ data: '{"data":[', delayMs: 0 }], dropAfterChunks: true });
    const err = await new VmApi(client()).listVms().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
  });
});
