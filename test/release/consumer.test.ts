/**
 * The published packages as a user gets them: `pack` builds multidomain (ESM + CJS +
 * declarations) into a tarball, an empty project outside this repository installs it offline,
 * imports a client from an ES module and from a CommonJS module, type-checks both strictly
 * (library declarations included), and calls a local server with each.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackages, type PackedPackage } from '../../generator/commands/pack.js';
import { generate } from '../../generator/generate.js';
import { ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const EXT_ID = '0b5f8a36-5f0e-4d2b-8a4c-3b0a3a3c7c11';

const client = (port: number) => `new ApiClient({ baseUrl: 'http://127.0.0.1:${port}/api', username: 'admin', password: 'secret', retry: false })`;

const esm = (port: number) => `import { ApiClient, ApiError } from '@ntnx-sdk/multidomain';
import { ExternalRepositoriesApi } from '@ntnx-sdk/multidomain/v4.2';
import { ExternalRepository } from '@ntnx-sdk/multidomain/v4.2/config';

const api = new ExternalRepositoriesApi(${client(port)});
const result = await api.getExternalRepositoryById({ extId: '${EXT_ID}' });
const repo: ExternalRepository = result.data;
const name: string = repo.name;
if (!(repo instanceof ExternalRepository) || repo.$objectType !== 'multidomain.v4.config.ExternalRepository') throw new Error('not decoded');
const error: typeof ApiError = ApiError;
console.log(JSON.stringify({ from: 'esm', name, status: result.status, requestId: result.requestId, error: error.name }));
`;

const cjs = (port: number) => `import { ApiClient } from '@ntnx-sdk/multidomain';
import { ExternalRepositoriesApi } from '@ntnx-sdk/multidomain/v4.2';

async function main(): Promise<void> {
  const api = new ExternalRepositoriesApi(${client(port)});
  const result = await api.getExternalRepositoryById({ extId: '${EXT_ID}' });
  const name: string = result.data.name;
  console.log(JSON.stringify({ from: 'cjs', name, status: result.status }));
}
main().catch((e: unknown) => {
  console.error(e);
  throw e;
});
`;

// Deliberately wrong code: a strict type-check that passes it would prove nothing.
const wrong = `import { ExternalRepositoriesApi } from '@ntnx-sdk/multidomain/v4.2';
declare const api: ExternalRepositoriesApi;
export async function f(): Promise<number> {
  const r = await api.getExternalRepositoryById({ extId: 1 });
  return r.data.name;
}
`;

describe('consumer project', () => {
  let packed: PackedPackage;
  let consumer: string;
  let server: Server;
  let port: number;
  const requests: { method?: string; url?: string; authorization?: string; requestId?: string }[] = [];

  beforeAll(async () => {
    const work = tempDir('consumer');
    const out = path.join(work, 'multidomain');
    await generate({ specs: [path.join(ROOT, 'specs/multidomain/v4.2.yaml')], out, format: false });
    [packed] = packPackages({ packages: [out], tarballs: path.join(work, 'tarballs') });

    server = createServer((req: IncomingMessage, res) => {
      requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, requestId: req.headers['ntnx-request-id'] as string | undefined });
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
    port = (server.address() as AddressInfo).port;

    // Outside the repository, so nothing resolves to this project's node_modules.
    consumer = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-consumer-'));
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }, null, 2));
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, outDir: 'dist' },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    writeFileSync(path.join(consumer, 'esm.mts'), esm(port));
    writeFileSync(path.join(consumer, 'cjs.cts'), cjs(port));
    await run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball], { cwd: consumer, env: { ...process.env, npm_config_update_notifier: 'false' } });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('the tarball holds ESM, CJS and declarations, and no sources outside the package', () => {
    const installed = path.join(consumer, 'node_modules', '@ntnx-sdk', 'multidomain');
    for (const f of ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/esm/v4.2/models/config/index.js', 'dist/esm/runtime/node.js', 'dist/cjs/runtime/node.js', 'CHANGELOG.md', 'README.md']) {
      expect(existsSync(path.join(installed, f)), f).toBe(true);
    }
    expect(existsSync(path.join(installed, '.ntnx-sdkgen'))).toBe(false);
    expect(existsSync(path.join(consumer, 'node_modules', 'undici'))).toBe(false); // optional peer: not installed
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; dependencies?: unknown };
    // Generated on its own, a package is standalone: the runtime is inside, nothing else of ours is needed.
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.exports['./v4.2/config']).toEqual({
      import: { types: './dist/esm/v4.2/models/config/index.d.ts', default: './dist/esm/v4.2/models/config/index.js' },
      require: { types: './dist/cjs/v4.2/models/config/index.d.ts', default: './dist/cjs/v4.2/models/config/index.js' },
    });
  });

  it('type-checks an ESM and a CJS consumer strictly, and rejects wrong code', async () => {
    const checked = await run(process.execPath, [TSC, '-p', consumer], { cwd: consumer }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(checked).toBe('');
    writeFileSync(path.join(consumer, 'wrong.mts'), wrong);
    writeFileSync(path.join(consumer, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['wrong.mts'] }));
    const failed = await run(process.execPath, [TSC, '-p', path.join(consumer, 'tsconfig.wrong.json')], { cwd: consumer }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(failed).toContain("wrong.mts(4,51): error TS2322: Type 'number' is not assignable to type 'string'");
    expect(failed).toContain("wrong.mts(5,3): error TS2322: Type 'string' is not assignable to type 'number'");
  });

  it('calls the local server from ESM and from CJS', async () => {
    const esmOut = await run(process.execPath, [path.join(consumer, 'dist', 'esm.mjs')], { cwd: consumer });
    const cjsOut = await run(process.execPath, [path.join(consumer, 'dist', 'cjs.cjs')], { cwd: consumer });
    const a = JSON.parse(esmOut.stdout) as Record<string, unknown>;
    const b = JSON.parse(cjsOut.stdout) as Record<string, unknown>;
    expect(a).toMatchObject({ from: 'esm', name: 'nfs-repo', status: 200, error: 'ApiError' });
    expect(b).toMatchObject({ from: 'cjs', name: 'nfs-repo', status: 200 });
    // The CJS consumer loaded the package with require(), so through the `require` condition.
    expect(readFileSync(path.join(consumer, 'dist', 'cjs.cjs'), 'utf8')).toContain('require("@ntnx-sdk/multidomain/v4.2")');
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r).toMatchObject({ method: 'GET', url: `/api/multidomain/v4.2/config/external-repositories/${EXT_ID}`, authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` });
    }
  });

  it('the CJS build really is CommonJS and the ESM build has no require()', () => {
    const installed = path.join(consumer, 'node_modules', '@ntnx-sdk', 'multidomain');
    expect(readFileSync(path.join(installed, 'dist/cjs/v4.2/apis/ExternalRepositoriesApi.js'), 'utf8')).toContain('require("../../runtime/index.js")');
    const esmApi = readFileSync(path.join(installed, 'dist/esm/v4.2/apis/ExternalRepositoriesApi.js'), 'utf8');
    expect(esmApi).toContain("from '../../runtime/index.js'");
    expect(esmApi).not.toContain('require(');
  });
});
