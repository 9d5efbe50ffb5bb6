import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, type OperationRequest } from '../../runtime/index.js';
import { FaultServer, type RecordedRequest, type Reply } from '../support/fault-server.js';
import { VMS, VmApi, envelope } from '../support/ops.js';

let server: FaultServer;
beforeEach(async () => {
  server = await FaultServer.start();
});
afterEach(async () => {
  await server.close();
});

const BASIC = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;

/** Accepts basic auth (then sets a session cookie) or a live session cookie; 401 otherwise. */
function prism(opts: { setCookie?: boolean; delayMs?: number } = {}): { handler: (r: RecordedRequest) => Reply; sessions: Set<string> } {
  const sessions = new Set<string>();
  let n = 0;
  return {
    sessions,
    handler: (r) => {
      const cookie = /NTNX_IGW_SESSION=([^;]+)/.exec(String(r.headers.cookie ?? ''))?.[1];
      if (cookie && sessions.has(cookie)) return { json: envelope({ name: 'via-cookie' }), delayMs: opts.delayMs };
      if (r.headers.authorization === BASIC) {
        const headers: Record<string, string> = {};
        if (opts.setCookie !== false) {
          const id = `sess-${++n}`;
          sessions.add(id);
          headers['set-cookie'] = `NTNX_IGW_SESSION=${id}; Path=/; HttpOnly; Secure`;
        }
        return { json: envelope({ name: 'via-basic' }), headers, delayMs: opts.delayMs };
      }
      return { status: 401, json: { data: { error: [{ message: 'Authentication required', code: 'IAM-40100' }] } } };
    },
  };
}

describe('auth', () => {
  it('sends HTTP basic', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism({ setCookie: false }).handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('via-basic');
    expect(server.requests[0]!.headers.authorization).toBe(BASIC);
    expect(server.requests[0]!.headers['x-ntnx-api-key']).toBeUndefined();
  });

  it('sends the API key header', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { json: envelope({}) });
    await new VmApi(new ApiClient({ baseUrl: server.baseUrl, apiKey: 'key-123' })).getVmById({ extId: 'vm-1' });
    expect(server.requests[0]!.headers['x-ntnx-api-key']).toBe('key-123');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('takes basic credentials from baseUrl userinfo (not sent in the URL)', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { json: envelope({}) });
    const client = new ApiClient({ baseUrl: server.baseUrl.replace('http://', 'http://admin:s3cret@') });
    expect(client.baseUrl).toBe(server.baseUrl);
    await new VmApi(client).getVmById({ extId: 'vm-1' });
    expect(server.requests[0]!.headers.authorization).toBe(BASIC);
  });

  it('security: [] sends no auth', async () => {
    server.route('GET', '/api/t/v4.0/public', { json: {} });
    const client = new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret', apiKey: 'k' });
    const op: OperationRequest<unknown> = { operationId: 'pub', method: 'GET', path: '/t/v4.0/public', security: [], responses: { '200': {} } };
    await client.request(op);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(server.requests[0]!.headers['x-ntnx-api-key']).toBeUndefined();
  });

  it('reuses the session cookie instead of credentials', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism().handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('via-basic');
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('via-cookie');
    const [first, second] = server.requests;
    expect(first!.headers.cookie).toBeUndefined();
    expect(second!.headers.cookie).toBe('NTNX_IGW_SESSION=sess-1');
    expect(second!.headers.authorization).toBeUndefined();
  });

  it('on 401 with a cookie: drops the cookie and retries once with credentials', async () => {
    const p = prism();
    server.route('GET', `/api${VMS}/vm-1`, p.handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    await api.getVmById({ extId: 'vm-1' });
    p.sessions.clear(); // the server forgets the session
    const res = await api.getVmById({ extId: 'vm-1' });
    expect(res.data.name).toBe('via-basic');
    expect(server.requests.map((r) => (r.headers.cookie ? 'cookie' : r.headers.authorization ? 'basic' : 'none'))).toEqual(['basic', 'cookie', 'basic']);
    // And the new session is used afterwards.
    expect((await api.getVmById({ extId: 'vm-1' })).data.name).toBe('via-cookie');
  });

  it('a 401 with credentials is not retried (wrong password)', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism().handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'wrong' }));
    const err = (await api.getVmById({ extId: 'vm-1' }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(401);
    expect(err.codes).toEqual(['IAM-40100']);
    expect(server.requests).toHaveLength(1);
  });

  it('wrong password, 20 parallel calls: one credentialed attempt, every call fails with the typed 401', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism().handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'wrong' }));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => api.getVmById({ extId: 'vm-1' })));
    expect(server.requests.filter((r) => r.headers.authorization).length).toBe(1);
    expect(server.requests).toHaveLength(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      const err = (r as PromiseRejectedResult).reason as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(401);
      expect(err.codes).toEqual(['IAM-40100']);
    }
    const waited = results.map((r) => (r as PromiseRejectedResult).reason as ApiError).filter((e) => e.attempts === 0);
    expect(waited).toHaveLength(19);
    expect(new Set(waited.map((e) => e.requestId)).size).toBe(19);
    // A later call tries again (one at a time): the password may have been fixed on the server.
    await api.getVmById({ extId: 'vm-1' }).catch(() => undefined);
    expect(server.requests).toHaveLength(2);
  });

  it('concurrent first calls: one login, the others wait and reuse its cookie', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism({ delayMs: 30 }).handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    const results = await Promise.all(Array.from({ length: 8 }, () => api.getVmById({ extId: 'vm-1' })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.requests.filter((r) => r.headers.authorization).length).toBe(1);
    expect(server.requests.filter((r) => r.headers.cookie === 'NTNX_IGW_SESSION=sess-1').length).toBe(7);
  });

  it('concurrent calls after the session expired: one re-login', async () => {
    const p = prism({ delayMs: 20 });
    server.route('GET', `/api${VMS}/vm-1`, p.handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    await api.getVmById({ extId: 'vm-1' });
    p.sessions.clear();
    server.requests.length = 0;
    const results = await Promise.all(Array.from({ length: 6 }, () => api.getVmById({ extId: 'vm-1' })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(server.requests.filter((r) => r.headers.authorization).length).toBe(1);
  });

  it('without session cookies from the server, concurrent calls all carry credentials (no waiting)', async () => {
    const p = prism({ setCookie: false });
    let inFlight = 0;
    let maxInFlight = 0;
    server.route('GET', `/api${VMS}/vm-1`, async (r) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 150));
      inFlight--;
      return p.handler(r);
    });
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret' }));
    await api.getVmById({ extId: 'vm-1' });
    await Promise.all(Array.from({ length: 5 }, () => api.getVmById({ extId: 'vm-1' })));
    // Calls waiting for a login that will never bring a cookie would reach the server one by one.
    expect(maxInFlight).toBeGreaterThan(1);
    expect(server.requests.every((r) => r.headers.authorization === BASIC)).toBe(true);
  });

  it('sessionCookies: false always sends credentials', async () => {
    server.route('GET', `/api${VMS}/vm-1`, prism().handler);
    const api = new VmApi(new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 's3cret', sessionCookies: false }));
    await api.getVmById({ extId: 'vm-1' });
    await api.getVmById({ extId: 'vm-1' });
    expect(server.requests.map((r) => r.headers.cookie)).toEqual([undefined, undefined]);
  });
});
