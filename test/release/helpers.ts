/**
 * Helpers of the release tests: a small Nutanix-shaped document to edit, and temporary folders
 * inside the repository (so generated packages resolve this project's TypeScript and undici).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TMP = path.join(ROOT, 'test', '.tmp', 'release');

export function tempDir(prefix: string): string {
  mkdirSync(TMP, { recursive: true });
  return mkdtempSync(path.join(TMP, `${prefix}-`));
}

/** Every file under `dir`, by relative path. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

type Json = Record<string, unknown>;

const envelope = (data: Json, objectType: string): Json => ({
  type: 'object',
  properties: {
    data: data,
    metadata: { type: 'object', additionalProperties: true },
    $objectType: { type: 'string', example: objectType },
  },
});

/**
 * A two-operation `pets` API in the Nutanix v4 shape. `edit` changes it the way the next
 * release of a real API would.
 */
export function petsDocument(version = 'v4.0', edit: (doc: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } }) => void = () => {}): Json {
  const key = (name: string) => `pets.${version}.config.${name}`;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${key(name)}` });
  const doc = {
    openapi: '3.0.1',
    info: { title: 'Pets API', version: version === 'v4.0' ? '4.0.1' : '4.1.0' },
    servers: [{ url: 'https://{host}:9440/api', variables: { host: { default: 'localhost' } } }],
    tags: [{ name: 'Pet' }],
    paths: {
      [`/pets/${version}/config/pets`]: {
        get: {
          tags: ['Pet'],
          operationId: 'listPets',
          parameters: [
            { name: '$page', in: 'query', schema: { type: 'integer', minimum: 0 } },
            { name: '$limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
          ],
          responses: { '200': { description: 'Pets', content: { 'application/json': { schema: envelope({ type: 'array', items: ref('Pet') }, 'pets.v4.config.ListPetsApiResponse') } } } },
        },
      },
      [`/pets/${version}/config/pets/{extId}`]: {
        get: {
          tags: ['Pet'],
          operationId: 'getPetById',
          parameters: [{ name: 'extId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'A pet', content: { 'application/json': { schema: envelope(ref('Pet'), 'pets.v4.config.GetPetApiResponse') } } } },
        },
      },
    },
    components: {
      schemas: {
        [key('Pet')]: {
          type: 'object',
          required: ['name'],
          properties: {
            extId: { type: 'string', readOnly: true },
            name: { type: 'string' },
            kind: ref('PetKind'),
            age: { type: 'integer', format: 'int32' },
          },
        },
        [key('PetKind')]: { type: 'string', enum: ['CAT', 'DOG', '$UNKNOWN', '$REDACTED'] },
      },
    },
  };
  edit(doc as never);
  return doc;
}

export function writeJson(file: string, value: unknown): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

/** The extId the fake multidomain server knows (see `startRepositoryServer`). */
export const EXT_ID = '0b5f8a36-5f0e-4d2b-8a4c-3b0a3a3c7c11';

/**
 * A fake Prism answering `GET /api/multidomain/v4.2/config/external-repositories/{EXT_ID}` with a
 * Nutanix envelope (404 for anything else), on a loopback port; `seen` is called with each request.
 */
export async function startRepositoryServer(seen: (req: IncomingMessage) => void = () => {}): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    seen(req);
    const ok = req.method === 'GET' && req.url === `/api/multidomain/v4.2/config/external-repositories/${EXT_ID}`;
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json', etag: 'W/"1"' });
    res.end(
      JSON.stringify(
        ok
          ? {
              data: { extId: EXT_ID, name: 'nfs-repo', location: { $objectType: 'multidomain.v4.config.NfsRepository', server: 'nfs.example.com', path: '/exports' }, $objectType: 'multidomain.v4.config.ExternalRepository' },
              metadata: { flags: [], $objectType: 'common.v1.response.ApiResponseMetadata' },
              $objectType: 'multidomain.v4.config.GetExternalRepositoryApiResponse',
            }
          : { message: 'not found' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
