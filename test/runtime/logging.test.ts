import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, NetworkError, redactHeaders, redactUrl, type Interceptor } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { captureLogger } from '../support/log-capture.js';
import { VMS, Vm, VmApi, envelope } from '../support/ops.js';

const PASSWORD = 'Pa55-w0rd-XYZ';
const API_KEY = 'apikey-7f3c9a1e';
const SESSION = 'session-value-31337';
const BASIC_TOKEN = Buffer.from(`admin:${PASSWORD}`).toString('base64');
const SECRETS = [PASSWORD, API_KEY, SESSION, BASIC_TOKEN];

let server: FaultServer;
beforeEach(async () => {
  server = await FaultServer.start();
});
afterEach(async () => {
  await server.close();
});

function expectNoSecrets(lines: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) for (const secret of SECRETS) expect(line).not.toContain(secret);
}

describe('logging', () => {
  it('logs each request and response at debug, with credentials redacted everywhere', async () => {
    const { logger, lines } = captureLogger();
    server.route('GET', `/api${VMS}/vm-1`, [
      { status: 503 },
      { json: envelope({}), headers: { 'set-cookie': `NTNX_IGW_SESSION=${SESSION}; Path=/` } },
    ]);
    server.route('POST', `/api${VMS}`, [{ drop: true }, { status: 202, json: envelope({ extId: 't' }) }]);
    // Userinfo in the base URL must not leak either.
    const client = new ApiClient({
      baseUrl: server.baseUrl.replace('http://', `http://admin:${PASSWORD}@`),
      logger,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
    });
    const api = new VmApi(client);
    await api.getVmById({ extId: 'vm-1' });
    await api.getVmById({ extId: 'vm-1' }); // with the session cookie
    await api.createVm({ body: new Vm() });
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${BASIC_TOKEN}`);
    expect(server.requests[2]!.headers.cookie).toBe(`NTNX_IGW_SESSION=${SESSION}`);

    const debug = lines.filter((l) => l.startsWith('debug'));
    expect(debug.some((l) => l.includes(`-> GET ${server.baseUrl}${VMS}/vm-1`))).toBe(true);
    expect(debug.some((l) => l.includes(`<- 200 GET ${server.baseUrl}${VMS}/vm-1`))).toBe(true);
    expect(debug.some((l) => l.includes('"authorization":"[REDACTED]"'))).toBe(true);
    expect(debug.some((l) => l.includes('"cookie":"[REDACTED]"'))).toBe(true);
    expect(debug.some((l) => l.includes('"set-cookie":"[REDACTED]"'))).toBe(true);
    expect(lines.some((l) => l.startsWith('warn retrying getVmById'))).toBe(true);
    expect(lines.some((l) => l.startsWith('warn retrying createVm'))).toBe(true);
    expectNoSecrets(lines);
  });

  it('API keys are redacted, and errors carry no credentials', async () => {
    const { logger, lines } = captureLogger();
    server.route('GET', `/api${VMS}/vm-1`, { drop: true });
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, apiKey: API_KEY, logger, retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 } }));
    const err = (await api.getVmById({ extId: 'vm-1' }).catch((e: unknown) => e)) as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(server.requests[0]!.headers['x-ntnx-api-key']).toBe(API_KEY);
    expect(lines.some((l) => l.includes('"x-ntnx-api-key":"[REDACTED]"'))).toBe(true);
    expectNoSecrets([...lines, err.message, String(err.url)]);
  });

  it('is silent by default', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { json: envelope({}) });
    const spy = ['debug', 'info', 'warn', 'error', 'log'].map((m) => {
      const orig = (console as unknown as Record<string, unknown>)[m];
      let calls = 0;
      (console as unknown as Record<string, unknown>)[m] = () => calls++;
      return { m, orig, calls: () => calls };
    });
    try {
      await new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'a', password: PASSWORD })).getVmById({ extId: 'vm-1' });
    } finally {
      for (const s of spy) (console as unknown as Record<string, unknown>)[s.m] = s.orig;
    }
    expect(spy.map((s) => s.calls())).toEqual([0, 0, 0, 0, 0]);
  });

  it('redactHeaders and redactUrl', () => {
    expect(
      redactHeaders(new Headers({ Authorization: 'Basic x', 'X-Ntnx-Api-Key': 'k', 'X-Auth-Token': 't', Accept: 'application/json', 'NTNX-Request-Id': 'r' })),
    ).toEqual({ accept: 'application/json', authorization: '[REDACTED]', 'ntnx-request-id': 'r', 'x-auth-token': '[REDACTED]', 'x-ntnx-api-key': '[REDACTED]' });
    expect(redactUrl('https://u:p@h:9440/api/x?$filter=a&password=p&api_key=k')).toBe('https://h:9440/api/x?$filter=a&password=[REDACTED]&api_key=[REDACTED]');
  });
});

describe('interceptors', () => {
  it('onRequest may change headers on every attempt; onResponse and onError see each attempt', async () => {
    server.route('GET', `/api${VMS}/vm-1`, [{ drop: true }, { status: 503 }, { json: envelope({ name: 'ok' }) }]);
    const seen: string[] = [];
    const tracing: Interceptor = {
      onRequest: (ctx) => {
        ctx.headers.set('traceparent', `00-${'a'.repeat(32)}-${String(ctx.attempt).padStart(16, '0')}-01`);
        seen.push(`req ${ctx.operationId} #${ctx.attempt} ${ctx.requestId.length}`);
      },
      onResponse: (ctx) => void seen.push(`res ${ctx.status} #${ctx.attempt}`),
      onError: (ctx) => void seen.push(`err #${ctx.attempt}`),
    };
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, interceptors: [tracing], retry: { baseDelayMs: 1, maxDelayMs: 5 } }));
    const res = await api.getVmById({ extId: 'vm-1' });
    expect(res.data.name).toBe('ok');
    expect(seen).toEqual(['req getVmById #1 36', 'err #1', 'req getVmById #2 36', 'res 503 #2', 'req getVmById #3 36', 'res 200 #3']);
    expect(server.requests.map((r) => r.headers.traceparent?.slice(-4))).toEqual(['1-01', '2-01', '3-01']);
  });

  it('onRequest may rewrite the URL; a throwing hook fails the call with its own error', async () => {
    server.route('GET', '/api/other', { json: envelope({ name: 'moved' }) });
    const api = new VmApi(
      new ApiClient({ baseUrl: server.baseUrl, interceptors: [{ onRequest: (ctx) => void (ctx.url = `${server.baseUrl}/other`) }] }),
    );
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('moved');

    const boom = new Error('hook failed');
    const failing = new VmApi(new ApiClient({ baseUrl: server.baseUrl, interceptors: [{ onRequest: () => Promise.reject(boom) }] }));
    await expect(failing.getVmById({ extId: 'vm-1' })).rejects.toBe(boom);
  });
});
