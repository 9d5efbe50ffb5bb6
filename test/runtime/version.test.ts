import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, compareVersions, negotiateVersion, parseServerVersions, pickVersion } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { captureLogger } from '../support/log-capture.js';
import { VMS, VmApi, envelope } from '../support/ops.js';

let server: FaultServer;
beforeEach(async () => {
  server = await FaultServer.start();
});
afterEach(async () => {
  await server.close();
});

describe('version helpers', () => {
  it('orders versions: release > beta > alpha within a minor', () => {
    const sorted = ['v4.1', 'v4.0.a3', 'v4.1.b2', 'v4.0', 'v3.1', 'v4.2.a1', 'v4.1.b1'].sort(compareVersions);
    expect(sorted).toEqual(['v3.1', 'v4.0.a3', 'v4.0', 'v4.1.b1', 'v4.1.b2', 'v4.1', 'v4.2.a1']);
  });

  it('reads the shapes servers answer with', () => {
    expect(parseServerVersions({ data: 'v4.2' })).toEqual({ versions: ['v4.2'], newestOnly: true });
    expect(parseServerVersions({ data: { versions: ['v4.0', 'v4.1'] } })).toEqual({ versions: ['v4.0', 'v4.1'], newestOnly: false });
    expect(parseServerVersions({ data: [{ version: 'v4.0' }, { version: 'v4.1' }] })).toEqual({ versions: ['v4.0', 'v4.1'], newestOnly: false });
    expect(parseServerVersions(['v4.0'])).toEqual({ versions: ['v4.0'], newestOnly: false });
    expect(parseServerVersions({ nothing: 1 })).toEqual({ versions: [], newestOnly: false });
  });

  it('picks the newest common version', () => {
    expect(pickVersion(['v4.0', 'v4.1', 'v4.2'], { versions: ['v4.0', 'v4.1'], newestOnly: false })).toBe('v4.1');
    expect(pickVersion(['v4.0', 'v4.1', 'v4.2'], { versions: ['v4.1'], newestOnly: true })).toBe('v4.1');
    expect(pickVersion(['v4.0', 'v4.2'], { versions: ['v4.1'], newestOnly: true })).toBe('v4.0');
    expect(pickVersion(['v4.2'], { versions: ['v4.0', 'v4.1'], newestOnly: false })).toBeUndefined();
  });
});

describe('negotiation against a server', () => {
  it('negotiateVersion asks OPTIONS <baseUrl>/<ns>/unversioned/info', async () => {
    server.route('OPTIONS', '/api/vmm/unversioned/info', { json: { data: { versions: ['v4.0', 'v4.1'] } } });
    const client = new ApiClient({ baseUrl: server.baseUrl, username: 'admin', password: 'pw' });
    expect(await negotiateVersion(client, 'vmm', ['v4.0', 'v4.1', 'v4.2'])).toBe('v4.1');
    expect(await client.negotiateVersion('vmm', ['v4.0'])).toBe('v4.0');
    expect(server.requests[0]!.method).toBe('OPTIONS');
    expect(server.requests[0]!.headers.authorization).toMatch(/^Basic /);
  });

  it('negotiateVersion: true rewrites the path version once per namespace, even under concurrency', async () => {
    server.route('OPTIONS', '/api/vmm/unversioned/info', { json: { data: [{ version: 'v4.0' }, { version: 'v4.1' }] }, delayMs: 20 });
    server.route('GET', /^\/api\/vmm\/v4\.[01]\/ahv\/config\/vms\/vm-1$/, { json: envelope({ name: 'x' }) });
    // The code was generated for v4.2; it also knows v4.1; the server serves up to v4.1.
    const client = new ApiClient({ baseUrl: server.baseUrl, negotiateVersion: { knownVersions: { vmm: ['v4.1', 'v4.2'] } } });
    const get = (): Promise<unknown> =>
      client.request({ operationId: 'getVmById', method: 'GET', path: '/vmm/v4.2/ahv/config/vms/{extId}', pathParams: { extId: 'vm-1' }, responses: { '200': { envelope: true } } });
    await Promise.all([get(), get(), get()]);
    await get();
    expect(server.requestsTo('OPTIONS', '/api/vmm/unversioned/info')).toHaveLength(1);
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(Array(4).fill('/api/vmm/v4.1/ahv/config/vms/vm-1'));
  });

  it('speaks an older server of the same major in its own version', async () => {
    server.route('OPTIONS', '/api/vmm/unversioned/info', { json: { data: 'v4.0' } });
    server.route('OPTIONS', '/api/iam/unversioned/info', { json: { data: 'v3.1' } });
    server.route('GET', /^\/api\/(vmm|iam)\//, { json: envelope([]) });
    const client = new ApiClient({ baseUrl: server.baseUrl, negotiateVersion: true });
    await client.request({ operationId: 'listVms', method: 'GET', path: '/vmm/v4.1/ahv/config/vms', responses: { '200': {} } });
    await client.request({ operationId: 'listUsers', method: 'GET', path: '/iam/v4.0/authn/users', responses: { '200': {} } });
    expect(server.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/api/vmm/v4.0/ahv/config/vms', '/api/iam/v4.0/authn/users']);
  });

  it('keeps the generated version when the server has no common one or no info endpoint', async () => {
    const { logger, lines } = captureLogger();
    server.route('OPTIONS', '/api/vmm/unversioned/info', { json: { data: 'v4.3' } });
    server.route('OPTIONS', '/api/iam/unversioned/info', { status: 404, json: { message: 'not found' } });
    server.route('GET', /^\/api\/(vmm|iam)\//, { json: envelope([]) });
    const client = new ApiClient({ baseUrl: server.baseUrl, negotiateVersion: true, logger });
    await new VmApi(client).listVms();
    await client.request({ operationId: 'listUsers', method: 'GET', path: '/iam/v4.0/authn/users', responses: { '200': {} } });
    await client.request({ operationId: 'listUsers', method: 'GET', path: '/iam/v4.0/authn/users', responses: { '200': {} } });
    const gets = server.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(gets).toEqual([`/api${VMS}`, '/api/iam/v4.0/authn/users', '/api/iam/v4.0/authn/users']);
    // A 404 is an answer: cached, not asked again.
    expect(server.requestsTo('OPTIONS', '/api/iam/unversioned/info')).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('warn version negotiation for iam failed'))).toBe(true);
  });
});
