/**
 * The Prism Central v3 documents (Swagger 2.0, no operation ids, not valid by
 * the letter): both the current one and the 2018 copy generate packages that
 * pass `tsc --strict`, with stable operation names, and the generated client
 * speaks the v3 conventions to a local server: intentful entities, lists as
 * `POST /<kind>s/list` paged by offset, and tasks at `GET /api/nutanix/v3/tasks/{uuid}`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import type { Sdk } from '../../generator/ir/model.js';
import { declarationSource, ROOT, scratch, typecheck } from '../load/support.js';

const DOCUMENTS = {
  current: path.join(ROOT, 'specs', 'v3', 'prism-central.json'),
  '2018': path.join(ROOT, 'specs', 'v3', 'prism-central-3.1.0-2018.json'),
} as const;

const generated: Partial<Record<keyof typeof DOCUMENTS, { sdk: Sdk; out: string }>> = {};

beforeAll(async () => {
  for (const [name, spec] of Object.entries(DOCUMENTS) as [keyof typeof DOCUMENTS, string][]) {
    const out = scratch(`v3-${name}`);
    const result = await generate({ specs: [spec], out, namespace: 'prism-central-v3', format: false });
    generated[name] = { sdk: result.sdk, out };
  }
});

function operations(name: keyof typeof DOCUMENTS, api: string): Map<string, string> {
  const version = generated[name]!.sdk.versions[0]!;
  const found = version.apis.find((a) => a.name === api);
  if (!found) throw new Error(`no ${api} in ${name}`);
  return new Map(found.operations.map((o) => [o.methodName, `${o.httpMethod} ${o.path}`]));
}

describe.each(['current', '2018'] as const)('the %s v3 document', (name) => {
  it('generates a package that passes tsc --strict', () => {
    expect(typecheck(generated[name]!.out)).toEqual([]);
  });

  it('names operations from method and path, under /nutanix/v3 like v4 paths under /api', () => {
    const vms = operations(name, 'VmsApi');
    expect(Object.fromEntries([...vms].filter(([m]) => ['listVms', 'createVm', 'getVm', 'updateVm', 'deleteVm'].includes(m)))).toEqual({
      listVms: 'POST /nutanix/v3/vms/list',
      createVm: 'POST /nutanix/v3/vms',
      getVm: 'GET /nutanix/v3/vms/{uuid}',
      updateVm: 'PUT /nutanix/v3/vms/{uuid}',
      deleteVm: 'DELETE /nutanix/v3/vms/{uuid}',
    });
    const version = generated[name]!.sdk.versions[0]!;
    const all = version.apis.flatMap((a) => a.operations);
    // Unique within each API class (the class is the namespace of its methods).
    for (const api of version.apis) expect(new Set(api.operations.map((o) => o.methodName)).size).toBe(api.operations.length);
    expect(all.find((o) => o.methodName === 'listVms')!.entityPaging).toMatchObject({ methodName: 'listVmsAll', kind: 'vm' });
    if (name === 'current') expect(all.filter((o) => o.httpMethod === 'OPTIONS' || o.httpMethod === 'HEAD').map((o) => o.methodName).sort()).toEqual(['headOvaChunks', 'optionsOvasCapabilities', 'optionsVmsCapabilities']);
  });
});

describe('v3 specifics', () => {
  it('operation names are the same in both releases for the operations both have', () => {
    const key = (o: { httpMethod: string; path: string }) => `${o.httpMethod} ${o.path}`;
    const byKey = (n: keyof typeof DOCUMENTS) => new Map(generated[n]!.sdk.versions[0]!.apis.flatMap((a) => a.operations.map((o) => [`${a.name} ${key(o)}`, o.methodName] as const)));
    const old = byKey('2018');
    const now = byKey('current');
    const shared = [...old.keys()].filter((k) => now.has(k));
    expect(shared.length).toBeGreaterThan(150);
    const changed = shared.filter((k) => old.get(k) !== now.get(k));
    // A name may change only where the newer document added an operation that now
    // needs the plainer name; there are none of those between these two releases.
    expect(changed).toEqual([]);
  });

  it('OPTIONS and HEAD operations, x-ntnx-enum as literal types, x-internal in the docs', async () => {
    const { readFileSync } = await import('node:fs');
    const src = path.join(generated.current!.out, 'src', 'v3');
    const ovas = readFileSync(path.join(src, 'apis', 'OvasApi.ts'), 'utf8');
    expect(ovas).toMatch(/method: 'HEAD'/);
    expect(ovas).toMatch(/method: 'OPTIONS'/);
    expect(ovas).toContain('Internal: not part of the documented public API');
    const models = path.join(src, 'models', 'index.ts');
    expect(declarationSource(models, 'VmListMetadata')).toMatch(/kind\?: 'vm';/);
    expect(declarationSource(models, 'SortOrder')).toMatch(/ASCENDING: 'ASCENDING'/);
  });
});

describe('the generated v3 client against a local server', () => {
  let server: Server;
  let client: { request: unknown };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let sdk: any;
  const seen: { method: string; url: string; body?: unknown; auth?: string }[] = [];
  const ENTITIES = Array.from({ length: 5 }, (_, i) => ({ status: { name: `vm-${i}`, state: 'COMPLETE' }, spec: { name: `vm-${i}` }, metadata: { kind: 'vm', uuid: `u-${i}` } }));
  const taskPolls = new Map<string, number>();

  const readBody = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => resolve(text ? JSON.parse(text) : undefined));
    });

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ method: req.method!, url: req.url!, body, auth: req.headers.authorization });
      const send = (status: number, json: unknown) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(json));
      };
      const url = req.url!;
      if (req.method === 'POST' && url === '/api/nutanix/v3/vms/list') {
        const { offset = 0, length = 20 } = body as { offset?: number; length?: number };
        return send(200, { api_version: '3.1', metadata: { kind: 'vm', total_matches: ENTITIES.length, offset, length }, entities: ENTITIES.slice(offset, offset + length) });
      }
      if (req.method === 'GET' && url.startsWith('/api/nutanix/v3/vms/')) {
        const uuid = decodeURIComponent(url.slice('/api/nutanix/v3/vms/'.length));
        return send(200, { api_version: '3.1', status: { name: 'web', state: 'COMPLETE', resources: { num_sockets: 2 } }, spec: { name: 'web', resources: { num_sockets: 2 } }, metadata: { kind: 'vm', uuid }, extra_field: 'kept' });
      }
      if (req.method === 'POST' && url === '/api/nutanix/v3/vms') {
        const name = (body as { spec?: { name?: string } }).spec?.name;
        return send(202, { api_version: '3.1', status: { state: 'PENDING', execution_context: { task_uuid: name === 'bad' ? 'task-bad' : 'task-ok' } }, spec: (body as { spec: unknown }).spec, metadata: { kind: 'vm', uuid: 'new-vm' } });
      }
      if (req.method === 'GET' && url.startsWith('/api/nutanix/v3/tasks/')) {
        const uuid = url.slice('/api/nutanix/v3/tasks/'.length);
        const n = (taskPolls.get(uuid) ?? 0) + 1;
        taskPolls.set(uuid, n);
        if (n < 3) return send(200, { uuid, status: 'RUNNING', percentage_complete: n * 40 });
        if (uuid === 'task-bad') return send(200, { uuid, status: 'FAILED', error_code: 22, error_detail: 'not enough memory' });
        return send(200, { uuid, status: 'SUCCEEDED', percentage_complete: 100, entity_reference_list: [{ kind: 'vm', uuid: 'new-vm' }] });
      }
      if (req.method === 'OPTIONS' && url === '/api/nutanix/v3/vms/capabilities') {
        return send(200, [{ name: 'ngt', description: 'guest tools' }]);
      }
      send(404, { state: 'ERROR', message_list: [{ message: `no route ${req.method} ${url}` }] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    sdk = await import(pathToFileURL(path.join(generated.current!.out, 'src', 'index.ts')).href);
    client = new sdk.ApiClient({ baseUrl: `http://127.0.0.1:${port}/api`, username: 'admin', password: 'secret', retry: false });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('getVm: GET /api/nutanix/v3/vms/{uuid} with basic auth, decoded into models', async () => {
    const vms = new sdk.v3.VmsApi(client);
    const res = await vms.getVm({ uuid: 'a b' });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/nutanix/v3/vms/a%20b', auth: `Basic ${Buffer.from('admin:secret').toString('base64')}` });
    expect(res.data).toBeInstanceOf(sdk.v3.models.VmIntentResponse);
    expect(res.data.metadata.uuid).toBe('a b');
    expect(res.data.status.resources.num_sockets).toBe(2);
    // What the SDK does not declare survives a round trip.
    expect(res.data.toJSON().extra_field).toBe('kept');
  });

  it('listVmsAll: pages through POST /vms/list with kind, offset and length, keeping the filter', async () => {
    const vms = new sdk.v3.VmsApi(client);
    const before = seen.length;
    const names: string[] = [];
    for await (const vm of vms.listVmsAll({ body: new sdk.v3.models.VmListMetadata({ length: 2, filter: 'power_state==on' }) })) names.push(vm.spec.name);
    expect(names).toEqual(['vm-0', 'vm-1', 'vm-2', 'vm-3', 'vm-4']);
    expect(seen.slice(before).map((r) => r.body)).toEqual([
      { kind: 'vm', offset: 0, length: 2, filter: 'power_state==on' },
      { kind: 'vm', offset: 2, length: 2, filter: 'power_state==on' },
      { kind: 'vm', offset: 4, length: 2, filter: 'power_state==on' },
    ].map((b) => expect.objectContaining(b)));
  });

  it('createVm answers PENDING; waitForV3Task polls /api/nutanix/v3/tasks/{uuid} until SUCCEEDED', async () => {
    const vms = new sdk.v3.VmsApi(client);
    const created = await vms.createVm({ body: new sdk.v3.models.VmIntentInput({ spec: { name: 'web', resources: {} }, metadata: { kind: 'vm' } }) });
    expect(created.status).toBe(202);
    expect(created.data.status.state).toBe('PENDING');
    const progress: number[] = [];
    const task = await sdk.waitForV3Task(client, created, { pollMs: 1, onProgress: (t: { percentage_complete: number }) => progress.push(t.percentage_complete) });
    expect(task.status).toBe('SUCCEEDED');
    expect(task.entity_reference_list[0].uuid).toBe('new-vm');
    expect(progress).toEqual([40, 80, 100]);
    expect(seen.filter((r) => r.url === '/api/nutanix/v3/tasks/task-ok')).toHaveLength(3);
  });

  it('a FAILED task rejects with TaskFailedError, as for v4', async () => {
    const vms = new sdk.v3.VmsApi(client);
    const created = await vms.createVm({ body: new sdk.v3.models.VmIntentInput({ spec: { name: 'bad', resources: {} }, metadata: { kind: 'vm' } }) });
    const error = await sdk.waitForV3Task(client, created.data, { pollMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.TaskFailedError);
    expect(error.message).toContain('not enough memory');
    expect(error.taskExtId).toBe('task-bad');
  });

  it('a task that does not end in time rejects with TimeoutError', async () => {
    taskPolls.set('task-slow', -1_000_000);
    const error = await sdk.waitForV3Task(client, 'task-slow', { pollMs: 5, timeoutMs: 60 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.TimeoutError);
    expect(error.message).toContain('task task-slow did not finish within 60 ms');
  });

  it('OPTIONS operations are callable', async () => {
    const vms = new sdk.v3.VmsApi(client);
    const res = await vms.optionsVmsCapabilities();
    expect(seen.at(-1)).toMatchObject({ method: 'OPTIONS', url: '/api/nutanix/v3/vms/capabilities' });
    expect(res.data).toEqual([expect.objectContaining({ name: 'ngt' })]);
  });
});
