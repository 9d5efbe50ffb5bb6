/**
 * Typed results and errors of any document: an operation with two success
 * statuses of different types narrows by `status`, and the API class's `isError`
 * guard types `ApiError.data` as the declared error model.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { FaultServer } from '../support/fault-server.js';
import { FIXTURES, scratch, typecheck } from './support.js';

const USAGE = `
import { ApiClient, ApiError } from './index.js';
import { DefaultApi, models } from './v1/index.js';

export async function use(api: DefaultApi): Promise<string> {
  const res = await api.putThing({ name: 'a', body: new models.Thing({ name: 'a' }) });
  if (res.status === 201) {
    const created: models.Created = res.data;
    return created.location;
  }
  const replaced: models.Thing = res.data;
  // @ts-expect-error a 200 carries a Thing, not a Created
  const wrong: models.Created = res.data;
  void wrong;
  return replaced.name ?? '';
}

export function describeError(e: unknown): string {
  if (DefaultApi.isError(e)) {
    const problem: models.Problem = e.data;
    return problem.title ?? '';
  }
  // @ts-expect-error without the guard, data is unknown
  if (e instanceof ApiError) return e.data.title;
  return '';
}
void ApiClient;
`;

describe('several success statuses and typed errors', () => {
  let out: string;
  let sdk: any;
  let server: FaultServer;
  beforeAll(async () => {
    out = scratch('statuses');
    await generate({ specs: [path.join(FIXTURES, 'statuses.yaml')], out, format: false });
    sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
    server = await FaultServer.start();
  });
  afterAll(async () => server?.close());

  it('the return type is a union by status and the error guard types data (tsc --strict)', () => {
    const usage = path.join(out, 'src', 'usage.ts');
    writeFileSync(usage, USAGE);
    try {
      expect(typecheck(out)).toEqual([]);
    } finally {
      rmSync(usage);
    }
  });

  it('at run time: data matches the status, errors decode, an undeclared 2xx is not passed off as one', async () => {
    const api = new sdk.v1.DefaultApi(new sdk.ApiClient({ baseUrl: server.baseUrl, retry: false }));
    server.route('PUT', '/api/things/a', { status: 201, json: { location: '/api/things/a' } });
    const created = await api.putThing({ name: 'a' });
    expect(created.status).toBe(201);
    expect(created.data).toBeInstanceOf(sdk.v1.models.Created);
    server.route('PUT', '/api/things/a', { status: 200, json: { name: 'a' } });
    expect((await api.putThing({ name: 'a' })).data).toBeInstanceOf(sdk.v1.models.Thing);
    server.route('PUT', '/api/things/a', { status: 409, json: { title: 'conflict' } });
    const err = await api.putThing({ name: 'a' }).catch((e: unknown) => e);
    expect(sdk.v1.DefaultApi.isError(err)).toBe(true);
    expect(err.data).toBeInstanceOf(sdk.v1.models.Problem);
    expect(err.data.title).toBe('conflict');
    server.route('PUT', '/api/things/a', { status: 202, json: { queued: true } });
    const odd = await api.putThing({ name: 'a' }).catch((e: unknown) => e);
    expect(odd).toBeInstanceOf(sdk.ResponseParseError);
    expect(odd.message).toMatch(/status 202 is none of the statuses the document declares/);
  });
});
