/**
 * A document whose text tries to break out of every place it lands in the
 * generated code (comments, strings, template literals, object keys, names):
 * `*\/`, backticks, `${`, quotes, `</script>`, U+2028/U+2029, `__proto__`,
 * `constructor`, reserved words. The package must format, pass `tsc --strict`,
 * run none of it, and still do what the document says.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { FIXTURES, scratch, typecheck } from './support.js';

const SPEC = path.join(FIXTURES, 'injection.yaml');
const doc = load(readFileSync(SPEC, 'utf8')) as { components: { schemas: { Kind: { enum: string[] } } } };
let out: string;
let files: ReadonlyMap<string, string>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sdk: any;

beforeAll(async () => {
  delete (globalThis as Record<string, unknown>).__pwned;
  out = scratch('injection');
  // Formatting on: prettier parses every file, a second check that the code is well-formed.
  const result = await generate({ specs: [SPEC], out });
  files = result.files;
  sdk = await import(pathToFileURL(path.join(out, 'src', 'index.ts')).href);
});

describe('the injection document', () => {
  it('passes tsc --strict', () => {
    expect(typecheck(out)).toEqual([]);
  });

  it('runs none of the text it carries', () => {
    expect((globalThis as Record<string, unknown>).__pwned).toBeUndefined();
    // No comment in any generated file is closed by the document's text.
    for (const [file, text] of files) {
      if (!file.endsWith('.ts') || file.startsWith('src/runtime/')) continue;
      // Outside string literals the text appears only escaped (`*\/`).
      expect(text, file).not.toMatch(/(?<!['"`])\*\/ globalThis\.__pwned/);
      expect(text, file).not.toMatch(/[\u2028\u2029]/);
    }
  });

  it('enum values are exactly the document\'s', () => {
    const values = Object.values(sdk.v1.models.Kind as Record<string, string>);
    expect(values).toEqual(doc.components.schemas.Kind.enum);
    // Keys are identifiers; `__proto__` did not set the object's prototype.
    expect(Object.getPrototypeOf(sdk.v1.models.Kind)).toBe(Object.prototype);
    expect(Object.keys(sdk.v1.models.Kind).every((k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k))).toBe(true);
  });

  it('models keep keys such as */, ${x}, __proto__ and constructor through a round trip', () => {
    const json = JSON.parse(
      JSON.stringify({
        '*/': 'a',
        constructor: 'c',
        prototype: 1,
        toJSON: true,
        '${x}': 'd',
        "'quoted'": 'e',
        '"double"': 'f',
        'line\u2028sep': 'g',
        class: 'h',
        additionalProperties: 'i',
        kind: '</script>',
        nested: { function: 'fn', delete: true, new: -1, value: "*/ '\" `${x}`" },
        unknownField: { kept: true },
      }).replace('{', '{"__proto__":"p",'),
    );
    const model = sdk.v1.models.Evil.fromJSON(json);
    expect(model.__proto___).toBe('p');
    expect(model.constructor_).toBe('c');
    expect(model).toBeInstanceOf(sdk.v1.models.Evil);
    expect(model.nested).toBeInstanceOf(sdk.v1.models.Class);
    const back = model.toJSON();
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(json)));
    expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
  });

  it('names objects inherit are not mistaken for fields', () => {
    const model = sdk.v1.models.Evil.fromJSON({});
    expect(model.constructor_).toBeUndefined();
    expect(model.__proto___).toBeUndefined();
    expect(model.toJSON()).toEqual({});
  });
});

describe('the injection document\'s operations against a local server', () => {
  let server: Server;
  let client: unknown;
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.setHeader('content-type', 'application/json');
        if (req.method === 'DELETE') {
          res.statusCode = 204;
          return res.end();
        }
        res.end(req.method === 'POST' ? JSON.stringify({ function: 'f', new: 2 }) : '{"__proto__":"from server","constructor":"c","*/":"x"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new sdk.ApiClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, username: 'u', password: 'p', retry: false });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('path, query and header names arrive as the document wrote them', async () => {
    const api = new sdk.v1.EvilTagApi(client);
    const res = await api.constructor2({ id: 'a/b', x: 'v', q: 'query value', xHeader: 'header value', proto: 'proto value' });
    const request = seen.at(-1)!;
    const url = new URL(request.url, 'http://localhost');
    expect(decodeURIComponent(url.pathname)).toBe("/api/things/a/b/it's/`tick`/$v");
    expect(url.pathname).toContain('/things/a%2Fb/');
    expect(url.searchParams.get('q*/\'"`${')).toBe('query value');
    expect(url.searchParams.get('__proto__')).toBe('proto value');
    expect(request.headers["x-header-*'`$"]).toBe('header value');
    expect(res.data.__proto___).toBe('from server');
    expect(res.data.constructor_).toBe('c');
    expect(res.data['*/']).toBe('x');
  });

  it('a body with a __proto__ key is sent with that key', async () => {
    const api = new sdk.v1.ConstructorApi(client);
    const body = new sdk.v1.models.Evil({ '*/': 'star', constructor_: 'ctor', __proto___: 'own' });
    const res = await api.proto({ id: 'i', x: 'x', body });
    const sent = JSON.parse(seen.at(-1)!.body, (k, v) => v);
    expect(seen.at(-1)!.body).toContain('"__proto__":"own"');
    expect(sent['*/']).toBe('star');
    expect(sent.constructor).toBe('ctor');
    expect(res.data).toBeInstanceOf(sdk.v1.models.Class);
    expect(res.data.new).toBe(2);
  });

  it('reserved words as operation ids still call the right operation', async () => {
    const api = new sdk.v1.ConstructorApi(client);
    const res = await api.delete_();
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/delete' });
    expect(res.status).toBe(204);
  });
});
