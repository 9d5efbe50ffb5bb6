/**
 * `nullable` where parameters and maps meet the runtime: array query and header
 * parameters with nullable items, nullable path, header and enum parameters,
 * maps and arrays of nullable values. The package passes `tsc --strict`, and
 * `null` items are left out of the request as `null` values are.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { FaultServer } from '../support/fault-server.js';
import { FIXTURES, scratch, typecheck } from './support.js';

describe('nullable parameters and map values', () => {
  let out: string;
  let sdk: any;
  let server: FaultServer;
  beforeAll(async () => {
    out = scratch('nullable-params');
    await generate({ specs: [path.join(FIXTURES, 'nullable-params.yaml')], out, format: false });
    sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
    server = await FaultServer.start();
  });
  afterAll(async () => server?.close());

  it('passes tsc --strict', () => {
    expect(typecheck(out)).toEqual([]);
  });

  it('leaves null items out of query, CSV and header arrays, and decodes maps and arrays of nullable values', async () => {
    const page = { counts: { a: 1, b: null }, byName: { x: { name: 'x' }, y: null }, entries: [null, { name: 'e' }], grid: [null, { k: null }] };
    server.route('GET', '/api/items/7', { json: page });
    const api = new sdk.v1.DefaultApi(new sdk.ApiClient({ baseUrl: server.baseUrl, retry: false }));
    const res = await api.getItems({ id: '7', tags: ['a', null, 'b'], ids: [1, null, 2], xTrace: null, xFlags: [true, null, false], mode: null });
    const [req] = server.requestsTo('GET', '/api/items/7');
    expect(req!.query.getAll('tags')).toEqual(['a', 'b']);
    expect(req!.query.get('ids')).toBe('1,2');
    expect(req!.query.has('mode')).toBe(false);
    expect(req!.headers['x-flags']).toBe('true, false');
    expect(req!.headers['x-trace']).toBeUndefined();
    expect(res.data.byName.x).toBeInstanceOf(sdk.v1.models.Entry);
    expect(res.data.entries[1]).toBeInstanceOf(sdk.v1.models.Entry);
    expect(JSON.parse(JSON.stringify(res.data))).toEqual(page);
  });
});
