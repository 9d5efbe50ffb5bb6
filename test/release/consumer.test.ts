/**
 * The published packages as a user gets them: `pack` builds multidomain (ESM + CJS +
 * declarations) into a tarball, an empty project outside this repository installs it offline,
 * imports a client from an ES module and from a CommonJS module, type-checks both strictly
 * (library declarations included) with every module resolution a project may use (nodenext,
 * node16, bundler, and node10 with the TypeScript 6 inside ts-morph, as TypeScript 7 no longer
 * has it), and calls a local server with each.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Project, ts } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackages, type PackedPackage } from '../../generator/commands/pack.js';
import { generate } from '../../generator/generate.js';
import { EXT_ID, ROOT, startRepositoryServer, tempDir } from './helpers.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Type-checks a project with TypeScript 6 (the last line with `moduleResolution: node10`), as `tsc` would print errors. */
function checkWithTs6(project: string): string {
  // ts-morph brings the compiler and its lib files. Resolution is what is checked here; TypeScript 7 checks the declarations.
  const checker = new Project({ tsConfigFilePath: project, compilerOptions: { ignoreDeprecations: '6.0', skipLibCheck: true } });
  const diagnostics = checker.getPreEmitDiagnostics().map((d) => d.compilerObject);
  return ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => path.dirname(project), getNewLine: () => '\n' });
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';


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
import sdk = require('@ntnx-sdk/multidomain/v4.2');

async function main(): Promise<void> {
  const api = new ExternalRepositoriesApi(${client(port)});
  const result = await api.getExternalRepositoryById({ extId: '${EXT_ID}' });
  const name: string = result.data.name;
  const client: sdk.ApiClient = new sdk.ApiClient({ host: 'pc.example.com' });
  console.log(JSON.stringify({ from: 'cjs', name, status: result.status, required: client instanceof sdk.ApiClient && typeof sdk.ExternalRepositoriesApi }));
}
main().catch((e: unknown) => {
  console.error(e);
  throw e;
});
`;

// Every subpath kind: the root, a version, a module folder. (The Node-only entry needs undici's types.)
const subpaths = `import { ApiClient, type ApiClientConfig } from '@ntnx-sdk/multidomain';
import { ExternalRepositoriesApi } from '@ntnx-sdk/multidomain/v4.2';
import { ExternalRepository, NfsRepository } from '@ntnx-sdk/multidomain/v4.2/config';

// Settings from environment variables may be undefined (exactOptionalPropertyTypes is on).
declare const env: Record<string, string | undefined>;
const config: ApiClientConfig = { host: 'pc.example.com', username: env['NTNX_USER'], password: env['NTNX_PASSWORD'], retry: { maxRetries: env['RETRIES'] ? Number(env['RETRIES']) : undefined } };
export const api = new ExternalRepositoriesApi(new ApiClient(config));
export const repo = new ExternalRepository({ name: 'r', location: new NfsRepository({ exportName: '/exports', addresses: [] }) });
export const name: string = repo.name;
// Optional parameters too: a page size from the environment may be undefined.
export const page = api.listExternalRepositories({ $limit: env['PAGE_SIZE'] ? Number(env['PAGE_SIZE']) : undefined, $filter: env['FILTER'] });
`;

// The ES module build has named exports only: a default import must not type-check (it would fail at run time).
const defaultImports = `import multidomain from '@ntnx-sdk/multidomain';
import v42 from '@ntnx-sdk/multidomain/v4.2';
import config from '@ntnx-sdk/multidomain/v4.2/config';
console.log(multidomain, v42, config);
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

    ({ server, port } = await startRepositoryServer((req) => requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, requestId: req.headers['ntnx-request-id'] as string | undefined })));

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
    writeFileSync(path.join(consumer, 'subpaths.ts'), subpaths);
    const strict = { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmit: true, lib: ['ES2022', 'DOM'], types: [] };
    const variant = (name: string, compilerOptions: Record<string, unknown>, files: string[]) =>
      writeFileSync(path.join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: { target: 'ES2022', ...strict, ...compilerOptions }, files }));
    variant('node16', { module: 'Node16', moduleResolution: 'Node16' }, ['esm.mts', 'cjs.cts']);
    variant('bundler', { module: 'ESNext', moduleResolution: 'Bundler' }, ['subpaths.ts']);
    variant('node10', { module: 'CommonJS', moduleResolution: 'Node10' }, ['subpaths.ts']);
    // Without the DOM lib: Node's own types declare fetch, Headers, AbortSignal, ... as globals.
    variant('node-types', { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] }, ['subpaths.ts']);
    await run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', packed.tarball], { cwd: consumer, env: { ...process.env, npm_config_update_notifier: 'false' } });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('the tarball holds ESM, CJS, one set of declarations, ES module entry types and the licence; no sources, no maps, no comments in the ESM build', () => {
    const installed = path.join(consumer, 'node_modules', '@ntnx-sdk', 'multidomain');
    for (const f of ['dist/esm/index.js', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/esm/v4.2/models/config/index.js', 'dist/cjs/v4.2/models/config/index.d.ts', 'dist/esm/runtime/node.js', 'dist/cjs/runtime/node.js', 'dist/cjs/runtime/node.d.ts', 'esm-types/index.d.ts', 'esm-types/v4.2/models/config/index.d.ts', 'esm-types/runtime/node.d.ts', 'CHANGELOG.md', 'README.md', 'LICENSE']) {
      expect(existsSync(path.join(installed, f)), f).toBe(true);
    }
    const all = readdirSync(installed, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/'));
    expect(all.filter((f) => f.startsWith('dist/esm/') && f.endsWith('.d.ts'))).toEqual([]);
    expect(all.filter((f) => f.endsWith('.map') || f.startsWith('src/') || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Doc comments travel once, in the declarations (editors read them there); the ESM build has none.
    expect(readFileSync(path.join(installed, 'dist/cjs/v4.2/models/config/index.d.ts'), 'utf8')).toMatch(/\/\*\*\n \* /);
    expect(readFileSync(path.join(installed, 'dist/cjs/runtime/node.d.ts'), 'utf8')).toMatch(/\/\*\*/);
    expect(all.filter((f) => f.startsWith('dist/esm/') && f.endsWith('.js') && readFileSync(path.join(installed, f), 'utf8').includes('/*'))).toEqual([]);
    expect(existsSync(path.join(installed, '.ntnx-sdkgen'))).toBe(false);
    expect(existsSync(path.join(consumer, 'node_modules', 'undici'))).toBe(false); // optional peer: not installed
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; typesVersions: Record<string, Record<string, string[]>>; dependencies?: unknown };
    // Generated on its own, a package is standalone: the runtime is inside, nothing else of ours is needed.
    expect(pkg.dependencies).toBeUndefined();
    // Each condition has the declarations of its format: ESM entry points re-export the CommonJS declarations.
    expect(pkg.exports['./v4.2/config']).toEqual({
      import: { types: './esm-types/v4.2/models/config/index.d.ts', default: './dist/esm/v4.2/models/config/index.js' },
      require: { types: './dist/cjs/v4.2/models/config/index.d.ts', default: './dist/cjs/v4.2/models/config/index.js' },
    });
    expect(readFileSync(path.join(installed, 'esm-types/v4.2/models/config/index.d.ts'), 'utf8')).toContain("export * from '../../../../dist/cjs/v4.2/models/config/index.js';");
    // One stub per entry point of the exports map, nothing else.
    expect(all.filter((f) => f.startsWith('esm-types/') && f.endsWith('.d.ts')).length).toBe(Object.keys(pkg.exports).length - 1);
    expect(pkg.typesVersions['*']!['v4.2/config']).toEqual(['./dist/cjs/v4.2/models/config/index.d.ts']);
    // Every subpath of the exports map (but package.json) is in typesVersions, and every file named exists.
    expect(Object.keys(pkg.typesVersions['*']!).sort()).toEqual(Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json').map((k) => k.slice(2)).sort());
    for (const [target] of Object.values(pkg.typesVersions['*']!)) expect(existsSync(path.join(installed, target!)), target).toBe(true);
  });

  const check = (tsc: string, project: string) =>
    run(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: consumer }).then(
      () => '',
      (e: { stdout: string; stderr: string }) => e.stdout || e.stderr,
    );

  it('type-checks with node16, bundler and node10 resolution, and with Node\'s types instead of the DOM lib: every subpath', async () => {
    expect(await check(TSC, path.join(consumer, 'tsconfig.node16.json'))).toBe('');
    expect(await check(TSC, path.join(consumer, 'tsconfig.bundler.json'))).toBe('');
    expect(await check(TSC, path.join(consumer, 'tsconfig.node-types.json'))).toBe('');
    expect(ts.version).toMatch(/^6\./);
    expect(checkWithTs6(path.join(consumer, 'tsconfig.node10.json'))).toBe('');
    // The same check fails without `typesVersions`: node10 does not read `exports`.
    const installed = path.join(consumer, 'node_modules', '@ntnx-sdk', 'multidomain', 'package.json');
    const manifest = readFileSync(installed, 'utf8');
    try {
      const { typesVersions: _, ...rest } = JSON.parse(manifest) as Record<string, unknown>;
      writeFileSync(installed, JSON.stringify(rest));
      const failed = checkWithTs6(path.join(consumer, 'tsconfig.node10.json'));
      expect(failed).toContain("error TS2307: Cannot find module '@ntnx-sdk/multidomain/v4.2/config'");
      expect(failed).toContain("error TS2307: Cannot find module '@ntnx-sdk/multidomain/v4.2'");
    } finally {
      writeFileSync(installed, manifest);
    }
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

  it('rejects a default import in an ES module (nodenext, node16, bundler), as Node does at run time', async () => {
    writeFileSync(path.join(consumer, 'default.mts'), defaultImports);
    for (const [name, options] of [
      ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
      ['node16', { module: 'Node16', moduleResolution: 'Node16' }],
      ['bundler', { module: 'ESNext', moduleResolution: 'Bundler', esModuleInterop: true }],
    ] as const) {
      const project = path.join(consumer, `tsconfig.default-${name}.json`);
      writeFileSync(project, JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, lib: ['ES2022', 'DOM'], types: [], ...options }, files: ['default.mts'] }));
      const failed = await check(TSC, project);
      for (const [line, entry] of [[1, 'index'], [2, 'v4.2/index'], [3, 'v4.2/models/config/index']] as const) {
        expect(failed, name).toContain(`default.mts(${line},8): error TS1192: Module '"${path.join(consumer, 'node_modules/@ntnx-sdk/multidomain/esm-types', entry)}"' has no default export.`);
      }
    }
    // What the types say is what Node does: the ESM build has no default export.
    writeFileSync(path.join(consumer, 'default.mjs'), defaultImports);
    const ran = await run(process.execPath, [path.join(consumer, 'default.mjs')], { cwd: consumer }).then(() => '', (e: { stderr: string }) => e.stderr);
    expect(ran).toMatch(/does not provide an export named 'default'/);
  });

  it('calls the local server from ESM and from CJS', async () => {
    const esmOut = await run(process.execPath, [path.join(consumer, 'dist', 'esm.mjs')], { cwd: consumer });
    const cjsOut = await run(process.execPath, [path.join(consumer, 'dist', 'cjs.cjs')], { cwd: consumer });
    const a = JSON.parse(esmOut.stdout) as Record<string, unknown>;
    const b = JSON.parse(cjsOut.stdout) as Record<string, unknown>;
    expect(a).toMatchObject({ from: 'esm', name: 'nfs-repo', status: 200, error: 'ApiError' });
    expect(b).toMatchObject({ from: 'cjs', name: 'nfs-repo', status: 200, required: 'function' });
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
