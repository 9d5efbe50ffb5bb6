import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, ResponseParseError, SdkError, etagOf, extractMessages, type OperationRequest } from '../../runtime/index.js';
import { FaultServer } from '../support/fault-server.js';
import { VMS, Vm, VmApi, envelope } from '../support/ops.js';

let server: FaultServer;
let client: ApiClient;
beforeEach(async () => {
  server = await FaultServer.start();
  client = new ApiClient({ baseUrl: server.baseUrl, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});
afterEach(async () => {
  await server.close();
});

const op = (over: Partial<OperationRequest<unknown>>): OperationRequest<unknown> => ({
  operationId: 'op',
  method: 'GET',
  path: '/t/v4.0/x',
  responses: { '200': {} },
  ...over,
});

describe('decoding', () => {
  it('decodes the envelope data and metadata, and attaches the ETag invisibly', async () => {
    server.route('GET', `/api${VMS}/vm-1`, {
      headers: { etag: 'W/"abc"' },
      json: envelope({ extId: 'vm-1', name: 'web' }, { totalAvailableResults: 1, flags: [] }),
    });
    const res = await new VmApi(client).getVmById({ extId: 'vm-1' });
    expect(res.data).toBeInstanceOf(Vm);
    expect(res.data.name).toBe('web');
    expect(res.metadata).toEqual({ totalAvailableResults: 1, flags: [] });
    expect(res.etag).toBe('W/"abc"');
    expect(etagOf(res.data)).toBe('W/"abc"');
    expect(JSON.stringify(res.data)).toBe('{"extId":"vm-1","name":"web"}');
    expect(Object.keys(res.data)).toEqual(['extId', 'name']);
    expect(res.raw).toMatchObject({ data: { name: 'web' } });
  });

  it('picks the spec by exact status, then 2XX, then default', async () => {
    server.route('GET', '/api/t/v4.0/x', [{ status: 201, json: { a: 1 } }, { status: 200, json: { a: 2 } }, { status: 203, json: { a: 3 } }]);
    const o = op({
      responses: {
        '201': { decode: () => 'exact' },
        '2XX': { decode: () => 'class' },
        default: { decode: () => 'default' },
      },
    });
    expect((await client.request(o)).data).toBe('exact');
    expect((await client.request(o)).data).toBe('class');
    const d = await client.request(op({ responses: { '200': {}, default: { decode: () => 'default' } } }));
    expect(d.data).toBe('default');
  });

  it('malformed JSON on a 2xx is a typed ResponseParseError carrying the raw text', async () => {
    server.route('GET', `/api${VMS}/vm-1`, { headers: { 'content-type': 'application/json' }, body: '{"data": {"name": "tru' });
    const err = await new VmApi(client).getVmById({ extId: 'vm-1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseParseError);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ name: 'ResponseParseError', status: 200, raw: '{"data": {"name": "tru', operationId: 'getVmById' });
    expect((err as ResponseParseError).requestId).toBeTruthy();
  });

  it('a decoder that throws becomes a ResponseParseError', async () => {
    server.route('GET', '/api/t/v4.0/x', { json: { data: 1 } });
    const err = await client
      .request(op({ responses: { '200': { decode: () => { throw new Error('bad model'); } } } }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseParseError);
    expect((err as Error).message).toContain('bad model');
  });

  it('reads text, binary, stream and empty bodies by kind', async () => {
    server.route('GET', '/api/t/v4.0/text', { headers: { 'content-type': 'text/plain' }, body: 'hello' });
    server.route('GET', '/api/t/v4.0/bin', { headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array([1, 2, 3]) });
    server.route('GET', '/api/t/v4.0/stream', { headers: { 'content-type': 'application/octet-stream' }, body: 'abc' });
    server.route('DELETE', '/api/t/v4.0/x', { status: 204 });
    expect((await client.request(op({ path: '/t/v4.0/text', responses: { '200': { kind: 'text' } } }))).data).toBe('hello');
    const bin = (await client.request(op({ path: '/t/v4.0/bin', responses: { '200': { kind: 'binary' } } }))).data as Blob;
    expect(bin).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await bin.arrayBuffer())]).toEqual([1, 2, 3]);
    const stream = (await client.request(op({ path: '/t/v4.0/stream', responses: { '200': { kind: 'stream' } } }))).data as ReadableStream<Uint8Array>;
    expect(await new Response(stream).text()).toBe('abc');
    const empty = await client.request(op({ method: 'DELETE', responses: { '204': { kind: 'empty' } } }));
    expect(empty).toMatchObject({ status: 204, data: undefined, raw: undefined });
  });
});

describe('errors', () => {
  it('flattens an AppMessage list into ApiError.messages', async () => {
    const body = {
      data: {
        error: [
          { $objectType: 'vmm.v4.error.AppMessage', message: 'VM not found', code: 'VMM-30100', severity: 'ERROR', errorGroup: 'ENTITY_NOT_FOUND', locale: 'en_US', argumentsMap: { extId: 'x' } },
        ],
        $objectType: 'vmm.v4.error.ErrorResponse',
      },
    };
    server.route('GET', `/api${VMS}/x`, { status: 404, json: body });
    const err = (await new VmApi(client).getVmById({ extId: 'x' }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(SdkError);
    expect(err.name).toBe('ApiError');
    expect(err.status).toBe(404);
    expect(err.operationId).toBe('getVmById');
    expect(err.messages).toEqual([
      { $objectType: 'vmm.v4.error.AppMessage', message: 'VM not found', code: 'VMM-30100', severity: 'ERROR', errorGroup: 'ENTITY_NOT_FOUND', locale: 'en_US', argumentsMap: { extId: 'x' } },
    ]);
    expect(err.codes).toEqual(['VMM-30100']);
    expect(err.data).toEqual(body.data); // decodeError got the envelope's data
    expect(err.raw).toEqual(body);
    expect(err.message).toContain('VMM-30100: VM not found');
    expect(err.message).toContain(err.requestId!);
    expect(err.headers.get('content-type')).toContain('json');
  });

  it('flattens a SchemaValidationError', async () => {
    const body = {
      data: {
        error: {
          $objectType: 'vmm.v4.error.SchemaValidationError',
          statusCode: 400,
          error: 'Bad Request',
          path: '/api/vmm/v4.0/ahv/config/vms',
          validationErrorMessages: [
            { location: 'body', message: 'must not be null', attributePath: 'name' },
            { location: 'query', message: 'invalid', attributePath: '$limit' },
          ],
        },
      },
    };
    server.route('GET', '/api/t/v4.0/x', { status: 400, json: body });
    const err = (await client.request(op({})).catch((e: unknown) => e)) as ApiError;
    expect(err.messages).toEqual([
      { location: 'body', message: 'must not be null', attributePath: 'name', $objectType: 'vmm.v4.error.SchemaValidationError' },
      { location: 'query', message: 'invalid', attributePath: '$limit', $objectType: 'vmm.v4.error.SchemaValidationError' },
    ]);
    expect(err.message).toContain('name: must not be null');
  });

  it('handles plain {message}, v3 message_list, and non-JSON error bodies', async () => {
    expect(extractMessages({ message: 'nope', code: 'X1' })).toEqual([{ message: 'nope', code: 'X1' }]);
    expect(extractMessages({ state: 'ERROR', code: 401, message_list: [{ message: 'Auth failed', reason: 'AUTHENTICATION_REQUIRED' }] })).toEqual([
      { message: 'Auth failed: AUTHENTICATION_REQUIRED', code: 'AUTHENTICATION_REQUIRED' },
    ]);
    server.route('GET', '/api/t/v4.0/x', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
    const err = (await client.request(op({}), { retry: false }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.raw).toBe('<html>Bad gateway</html>');
    expect(err.messages).toEqual([{ message: '<html>Bad gateway</html>' }]);
  });

  it('an error status is an ApiError even when a 4XX spec exists, decoded by it when there is no decodeError', async () => {
    server.route('GET', '/api/t/v4.0/x', { status: 409, json: { data: { error: [{ message: 'conflict' }] } } });
    const err = (await client
      .request(op({ responses: { '200': {}, '4XX': { envelope: true, decode: (d) => ({ decoded: d }) } } }))
      .catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(409);
    expect(err.data).toEqual({ decoded: { error: [{ message: 'conflict' }] } });
  });
});

describe('URL building and bodies', () => {
  it('percent-encodes path params and keeps $ names literal in the query', async () => {
    server.route('GET', /^\/api\/t\/v4\.0\//, { json: {} });
    await client.request(
      op({
        path: '/t/v4.0/items/{extId}/sub/{name}',
        pathParams: { extId: 'a/b c=:d', name: 'x' },
        query: { $filter: "name eq 'a b&c'", $page: 0, $limit: undefined, $select: ['name', 'extId'], tag: ['t1', 't2'], flag: true, big: 10n, none: null },
        queryCsv: ['$select'],
      }),
    );
    const r = server.requests[0]!;
    expect(r.path).toBe('/api/t/v4.0/items/a%2Fb%20c%3D%3Ad/sub/x');
    // fetch's URL parser turns ' into %27 in query strings (WHATWG special-query set); the rest is ours.
    expect(r.url.split('?')[1]).toBe('$filter=name%20eq%20%27a%20b%26c%27&$page=0&$select=name,extId&tag=t1&tag=t2&flag=true&big=10');
    expect(client.buildUrl({ path: '/x', query: { $filter: "a eq 'b'" } })).toBe(`${server.baseUrl}/x?$filter=a%20eq%20'b'`);
    expect(r.query.get('$filter')).toBe("name eq 'a b&c'");
  });

  it('builds the default base URL from host/port/scheme and refuses a missing path param', () => {
    expect(new ApiClient({ host: 'pc.example.com' }).baseUrl).toBe('https://pc.example.com:9440/api');
    expect(new ApiClient({ host: '10.0.0.1', port: 443, scheme: 'http' }).baseUrl).toBe('http://10.0.0.1:443/api');
    expect(new ApiClient({ host: 'fe80::1' }).baseUrl).toBe('https://[fe80::1]:9440/api');
    expect(new ApiClient({ baseUrl: 'https://pc:9440/api/' }).baseUrl).toBe('https://pc:9440/api');
    expect(() => client.buildUrl({ path: '/a/{id}', pathParams: {} })).toThrow(SdkError);
    expect(() => new ApiClient({})).toThrow(/host/);
  });

  it('serialises JSON bodies and passes other body types through', async () => {
    server.route('POST', '/api/t/v4.0/x', { json: {} });
    const post = (body: unknown, contentType?: string) => client.request(op({ method: 'POST', body, contentType }));
    await post({ name: 'a', n: 1n });
    await post('raw text', 'text/plain');
    await post(new Uint8Array([104, 105]), 'application/octet-stream');
    await post(new Blob(['blob!']), 'application/octet-stream');
    const form = new FormData();
    form.append('field', 'v');
    await post(form, 'multipart/form-data');
    await post(new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('streamed')), c.close()) }), 'application/octet-stream');
    const [json, text, bytes, blob, multipart, stream] = server.requests;
    expect(json!.body).toBe('{"name":"a","n":1}');
    expect(json!.headers['content-type']).toBe('application/json');
    expect(text!.body).toBe('raw text');
    expect(text!.headers['content-type']).toBe('text/plain');
    expect(bytes!.body).toBe('hi');
    expect(blob!.body).toBe('blob!');
    expect(multipart!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart!.body).toContain('name="field"');
    expect(stream!.body).toBe('streamed');
  });
});
