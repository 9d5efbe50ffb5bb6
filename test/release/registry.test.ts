/**
 * A release as users get it, through a real npm registry (verdaccio on 127.0.0.1, temporary
 * storage, no uplinks): release N (the family: runtime, shared models, multidomain v4.2) is packed
 * and published in dependency order, a consumer project installs `@ntnx-sdk/multidomain` from the
 * registry, compiles an app and calls a local server; release N+1 (v4.3 added) is published,
 * `npm update` picks it up, and the same app compiles and runs again. Pre-releases go to the `next` dist-tag and never reach users of `latest`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPackages, packPackages } from '../../generator/commands/pack.js';
import { publishItems, publishOrder, publishTarballs } from '../../generator/commands/publish.js';
import { generate, generateFamily } from '../../generator/generate.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { EXT_ID, petsDocument, ROOT, startRepositoryServer, tempDir, writeJson } from './helpers.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STEP = 120_000; // every npm, tsc and node call below is bounded by this

const app = (port: number) => `import { ApiClient } from '@ntnx-sdk/multidomain';
import { ExternalRepositoriesApi } from '@ntnx-sdk/multidomain/v4.2';
import { ExternalRepository } from '@ntnx-sdk/multidomain/v4.2/config';

const api = new ExternalRepositoriesApi(new ApiClient({ baseUrl: 'http://127.0.0.1:${port}/api', username: 'admin', password: 'secret', retry: false }));
const result = await api.getExternalRepositoryById({ extId: '${EXT_ID}' });
const repo: ExternalRepository = result.data;
if (!(repo instanceof ExternalRepository)) throw new Error('not decoded');
console.log(JSON.stringify({ name: repo.name, status: result.status }));
`;

describe('publishing through a registry', () => {
  let registry: TestRegistry;
  let server: Server;
  let port: number;
  const dirs: string[] = [];
  const work = () => tempDir('registry');
  const consumerDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-registry-consumer-'));
    dirs.push(dir);
    return dir;
  };
  const npm = (cwd: string, args: string[]) => run(NPM, args, { cwd, env: { ...process.env, ...registry.env }, timeout: STEP });
  const tarballsIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(dir, f));
  const installed = (consumer: string, name: string) => (JSON.parse(readFileSync(path.join(consumer, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

  beforeAll(async () => {
    registry = await startRegistry();
    ({ server, port } = await startRepositoryServer());
  }, 60_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await registry?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('release N (runtime + shared + multidomain v4.2), then N+1 with v4.3 added: npm update picks it up and the same app compiles and runs', async () => {
    const dir = work();
    const outDir = path.join(dir, 'output');
    const tarballs = path.join(outDir, 'tarballs');
    const family = (specs: string[]) => generateFamily({ members: [{ namespace: 'multidomain', specs: specs.map((s) => path.join(ROOT, 'specs/multidomain', s)), out: path.join(outDir, 'multidomain') }], out: outDir, format: false });
    const release = async () => {
      packPackages({ packages: findPackages(outDir), tarballs });
      return publishTarballs({ tarballs: tarballsIn(tarballs), registry: registry.url, env: registry.env, timeoutMs: STEP });
    };

    // Release N: the family's packages are published before the namespace package that depends on them.
    const n = await family(['v4.2.yaml']);
    expect(n.members[0]!.sdk.packageVersion).toBe('4.2.0');
    expect(n.runtime.packageVersion).toBe('1.0.0');
    const first = await release();
    expect(first.map((r) => `${r.name}@${r.version} ${r.tag} ${r.status}`)).toEqual([
      '@ntnx-sdk/runtime@1.0.0 latest published',
      ...(n.shared ? [`@ntnx-sdk/shared@${n.shared.packageVersion} latest published`] : []),
      '@ntnx-sdk/multidomain@4.2.0 latest published',
    ]);

    // A consumer installs it from the registry (which has no uplinks), with its own .npmrc.
    const consumer = consumerDir();
    writeFileSync(path.join(consumer, '.npmrc'), registry.npmrcText);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, skipLibCheck: false, outDir: 'dist' }, files: ['app.mts'] }),
    );
    writeFileSync(path.join(consumer, 'app.mts'), app(port));
    await npm(consumer, ['install', '@ntnx-sdk/multidomain', '--ignore-scripts']);
    expect(installed(consumer, '@ntnx-sdk/multidomain')).toBe('4.2.0');
    expect(installed(consumer, '@ntnx-sdk/runtime')).toBe('1.0.0');
    expect((JSON.parse(readFileSync(path.join(consumer, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies).toEqual({ '@ntnx-sdk/multidomain': '^4.2.0' });
    await run(process.execPath, [TSC, '-p', consumer], { cwd: consumer, timeout: STEP });
    const before = await run(process.execPath, [path.join(consumer, 'dist', 'app.mjs')], { cwd: consumer, timeout: STEP });
    expect(JSON.parse(before.stdout)).toEqual({ name: 'nfs-repo', status: 200 });

    // Release N+1: the same output folder regenerated with v4.3 added. The runtime did not
    // change, so it keeps its version and is not published again.
    const next = await family(['v4.2.yaml', 'v4.3.yaml']);
    expect(next.members[0]!.sdk.packageVersion).toBe('4.3.0');
    expect(next.runtime.packageVersion).toBe('1.0.0');
    const second = await release();
    expect(second.find((r) => r.name === '@ntnx-sdk/runtime')).toMatchObject({ version: '1.0.0', status: 'skipped' });
    expect(second.at(-1)).toMatchObject({ name: '@ntnx-sdk/multidomain', version: '4.3.0', tag: 'latest', status: 'published' });
    const tags = await npm(consumer, ['view', '@ntnx-sdk/multidomain', 'dist-tags', '--json']);
    expect(JSON.parse(tags.stdout)).toEqual({ latest: '4.3.0' });

    await npm(consumer, ['update', '--ignore-scripts']);
    expect(installed(consumer, '@ntnx-sdk/multidomain')).toBe('4.3.0');
    expect(readFileSync(path.join(consumer, 'node_modules', '@ntnx-sdk', 'multidomain', 'CHANGELOG.md'), 'utf8')).toContain('### Moving from `v4.2` to `v4.3`');
    rmSync(path.join(consumer, 'dist'), { recursive: true, force: true });
    await run(process.execPath, [TSC, '-p', consumer], { cwd: consumer, timeout: STEP });
    const after = await run(process.execPath, [path.join(consumer, 'dist', 'app.mjs')], { cwd: consumer, timeout: STEP });
    expect(JSON.parse(after.stdout)).toEqual({ name: 'nfs-repo', status: 200 });

    // Publishing again changes nothing: the registry has these versions.
    const again = await publishTarballs({ tarballs: tarballsIn(tarballs), registry: registry.url, env: registry.env, timeoutMs: STEP });
    expect(again.every((r) => r.status === 'skipped')).toBe(true);
  }, 600_000);

  it('a pre-release API version is published under next: users of latest keep the release', async () => {
    const dir = work();
    const out = path.join(dir, 'output', 'pets');
    const tarballs = path.join(dir, 'output', 'tarballs');
    const v40 = writeJson(path.join(dir, 'specs', 'v4.0.json'), petsDocument('v4.0'));
    await generate({ specs: [v40], out, format: false });
    packPackages({ packages: [out], tarballs });
    await publishTarballs({ tarballs: tarballsIn(tarballs), registry: registry.url, env: registry.env, timeoutMs: STEP });
    const beta = writeJson(path.join(dir, 'specs', 'v4.1.b1.json'), petsDocument('v4.1.b1'));
    const result = await generate({ specs: [v40, beta], out, format: false });
    expect(result.sdk.packageVersion).toBe('4.1.0-beta.1.0');
    packPackages({ packages: [out], tarballs });
    const published = await publishTarballs({ tarballs: tarballsIn(tarballs), registry: registry.url, env: registry.env, timeoutMs: STEP });
    expect(published).toEqual([{ name: '@ntnx-sdk/pets', version: '4.1.0-beta.1.0', tag: 'next', status: 'published' }]);

    const consumer = consumerDir();
    writeFileSync(path.join(consumer, '.npmrc'), registry.npmrcText);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
    const tags = await npm(consumer, ['view', '@ntnx-sdk/pets', 'dist-tags', '--json']);
    expect(JSON.parse(tags.stdout)).toEqual({ latest: '4.0.0', next: '4.1.0-beta.1.0' });
    await npm(consumer, ['install', '@ntnx-sdk/pets', '--ignore-scripts']);
    expect(installed(consumer, '@ntnx-sdk/pets')).toBe('4.0.0');
    await npm(consumer, ['install', '@ntnx-sdk/pets@next', '--ignore-scripts']);
    expect(installed(consumer, '@ntnx-sdk/pets')).toBe('4.1.0-beta.1.0');
  }, 600_000);

  it('publishes a package after the packages of the set it depends on, whatever their names', async () => {
    const dir = work();
    const pack = async (name: string, deps: Record<string, string>) => {
      const pkg = path.join(dir, name.replace(/\W/g, '-'));
      mkdirSync(pkg, { recursive: true });
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0', dependencies: deps, main: 'index.js' }));
      writeFileSync(path.join(pkg, 'index.js'), `module.exports = ${JSON.stringify(name)};\n`);
      const { stdout } = await run(NPM, ['pack', '--pack-destination', dir, '--ignore-scripts'], { cwd: pkg, timeout: STEP });
      return path.join(dir, stdout.trim().split('\n').at(-1)!);
    };
    // Names sort the other way round from the dependencies.
    const tarballs = [
      await pack('@ntnx-sdk/aaa-namespace', { '@ntnx-sdk/zzz-runtime': '^1.0.0', '@ntnx-sdk/mmm-shared': '^1.0.0' }),
      await pack('@ntnx-sdk/mmm-shared', { '@ntnx-sdk/zzz-runtime': '^1.0.0' }),
      await pack('@ntnx-sdk/zzz-runtime', {}),
    ];
    expect(publishOrder(publishItems(tarballs)).map((i) => i.name)).toEqual(['@ntnx-sdk/zzz-runtime', '@ntnx-sdk/mmm-shared', '@ntnx-sdk/aaa-namespace']);
    const cyclic = publishItems(tarballs).map((i) => (i.name === '@ntnx-sdk/zzz-runtime' ? { ...i, dependsOn: ['@ntnx-sdk/aaa-namespace'] } : i));
    expect(() => publishOrder(cyclic)).toThrow('dependency cycle between packages: @ntnx-sdk/aaa-namespace -> @ntnx-sdk/zzz-runtime -> @ntnx-sdk/aaa-namespace');

    const lines: string[] = [];
    await publishTarballs({ tarballs, registry: registry.url, env: registry.env, timeoutMs: STEP, log: (l) => lines.push(l) });
    expect(lines).toEqual([
      '[1/3] @ntnx-sdk/zzz-runtime@1.0.0: published under "latest"',
      '[2/3] @ntnx-sdk/mmm-shared@1.0.0: published under "latest"',
      '[3/3] @ntnx-sdk/aaa-namespace@1.0.0: published under "latest"',
    ]);
    // The registry has no uplinks: the namespace package installs only because its dependencies were published.
    const consumer = consumerDir();
    writeFileSync(path.join(consumer, '.npmrc'), registry.npmrcText);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
    await npm(consumer, ['install', '@ntnx-sdk/aaa-namespace', '--ignore-scripts']);
    expect(installed(consumer, '@ntnx-sdk/zzz-runtime')).toBe('1.0.0');
  }, 300_000);
});
