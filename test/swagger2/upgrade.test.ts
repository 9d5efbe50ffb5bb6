/**
 * Swagger 2.0 -> OpenAPI 3.0: each construct lands where OpenAPI 3 keeps it,
 * and the package generated from a Swagger 2.0 document type-checks.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { loadDocument } from '../../generator/load/load.js';
import type { OpenApiDocument } from '../../generator/load/openapi.js';
import { FIXTURES, scratch, typecheck } from '../load/support.js';

describe('upgrade of the petstore', () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = (await loadDocument(path.join(FIXTURES, 'swagger2', 'petstore.json'))).document;
  });

  it('servers from schemes, host and basePath', () => {
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers).toEqual([{ url: 'https://petstore.example.com/v2' }, { url: 'http://petstore.example.com/v2' }]);
  });

  it('definitions, parameters, responses and security definitions move to components', () => {
    expect(Object.keys(doc.components!.schemas!)).toEqual(['Pet', 'Category', 'ApiResponse', 'Error']);
    expect(doc.components!.parameters!.petId).toEqual({ name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } });
    expect(Object.keys(doc.components as object)).toContain('requestBodies');
    expect(doc.components!.securitySchemes).toEqual({
      api_key: { type: 'apiKey', name: 'api_key', in: 'header' },
      basic: { type: 'http', scheme: 'basic' },
      petstore_auth: { type: 'oauth2', flows: { implicit: { authorizationUrl: 'https://petstore.example.com/oauth/authorize', scopes: { 'write:pets': 'modify pets' } } } },
    });
  });

  it('a body parameter (also by $ref) becomes the request body', () => {
    const body = doc.paths['/pet']!.post!.requestBody!;
    expect(body.required).toBe(true);
    expect(body.content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } });
    expect(doc.paths['/pet']!.post!.parameters).toBeUndefined();
  });

  it('formData parameters become a multipart body; type file is binary', () => {
    const op = doc.paths['/pet/{petId}/uploadImage']!.post!;
    expect(op.parameters).toEqual([{ $ref: '#/components/parameters/petId' }]);
    expect(op.requestBody).toEqual({
      required: true,
      content: {
        'multipart/form-data': {
          schema: { type: 'object', properties: { additionalMetadata: { type: 'string' }, file: { type: 'string', format: 'binary' } }, required: ['file'] },
        },
      },
    });
  });

  it('query parameters: schema, collectionFormat as style/explode, x-example as example', () => {
    const [status, tags, trace] = doc.paths['/pet/findByStatus']!.get!.parameters!;
    expect(status).toEqual({ name: 'status', in: 'query', required: true, schema: { type: 'array', items: { type: 'string', enum: ['available', 'pending', 'sold'] } }, style: 'form', explode: true });
    expect(tags).toMatchObject({ style: 'form', explode: false });
    expect(trace).toEqual({ name: 'X-Trace', in: 'header', schema: { type: 'string' }, example: 'abc' });
  });

  it('responses: schema per produced media type (operation produces wins), headers with a schema, $ref rewritten', () => {
    const find = doc.paths['/pet/findByStatus']!.get!.responses!;
    expect(Object.keys(find['200']!.content!)).toEqual(['application/json', 'application/xml']);
    expect(find['404']).toEqual({ $ref: '#/components/responses/NotFound' });
    const get = doc.paths['/pet/{petId}']!.get!.responses!['200']!;
    expect(Object.keys(get.content!)).toEqual(['application/json']);
    expect(get.headers).toEqual({ 'X-Rate-Limit': { description: 'calls left', schema: { type: 'integer' } } });
  });

  it('schemas: x-nullable, file, string discriminator, x-deprecated', () => {
    const pet = doc.components!.schemas!.Pet!;
    expect(pet.discriminator).toEqual({ propertyName: 'petType' });
    expect(pet.properties!.nickname).toEqual({ type: 'string', nullable: true });
    expect(pet.properties!.photo).toEqual({ type: 'string', format: 'binary' });
    expect(pet.properties!.category).toEqual({ $ref: '#/components/schemas/Category' });
    expect(doc.components!.schemas!.Error!.deprecated).toBe(true);
    expect(doc.paths['/pet/{petId}']!.delete!.deprecated).toBe(true);
  });

  it('path-level parameters stay on the path item', () => {
    expect(doc.paths['/pet/{petId}']!.parameters).toEqual([{ $ref: '#/components/parameters/petId' }]);
  });

  it('the generated package type-checks', async () => {
    const out = scratch('swagger2-petstore');
    const result = await generate({ specs: [path.join(FIXTURES, 'swagger2', 'petstore.json')], out, format: false });
    const ops = result.sdk.versions[0]!.apis.flatMap((a) => a.operations.map((o) => `${o.httpMethod} ${o.path} ${o.methodName}`));
    expect(ops).toContain('POST /pet/{petId}/uploadImage uploadFile');
    expect(typecheck(out)).toEqual([]);
  });
});
