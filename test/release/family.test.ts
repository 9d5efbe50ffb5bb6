/**
 * The SDK family as a user installs it: runtime + shared models + vmm + clustermgmt +
 * networking + prism, packed into tarballs and installed into an empty project (strict
 * TypeScript, NodeNext, library declarations checked). One script, with one ApiClient,
 * lists clusters and subnets, creates an image and a VM that uses all three, waits for
 * each task through the typed prism Task, and reads the VM back, against a local fake
 * Prism that counts logins.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packPackages, type PackedPackage } from '../../generator/commands/pack.js';
import { generateFamily, type FamilyResult } from '../../generator/generate.js';
import { ROOT, tempDir } from './helpers.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const CLUSTER = '00061e2f-0c5a-4ff0-8c3e-5a1f2b3c4d5e';
const SUBNET = '7d2f4a6b-1c3e-4f5a-9b8c-0d1e2f3a4b5c';
const IMAGE = '5c4b3a29-1807-4f6e-8d5c-4b3a29180706';
const VM = '3f2b6c1e-9a4d-4e7f-8b1c-2d3e4f5a6b7c';
const SESSION = 'NTNX_IGW_SESSION=family-test-session';

/**
 * The multi-namespace script of the README ("Using a generated client"), as a consumer writes it (no casts, no
 * `any`), with the client pointed at the fake server; then checks of what it did, printed as one JSON line.
 */
function app(port: number): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using a generated client'));
  const script = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!script) throw new Error('README: no script under "Using a generated client"');
  const clientLine = /new ApiClient\(\{ host: [^)]*\}\)/;
  if (!clientLine.test(script)) throw new Error('README: the script does not build its client as expected');
  return `${script.replace(clientLine, `new ApiClient({ baseUrl: 'http://127.0.0.1:${port}/api', username: 'admin', password: 'secret' })`)}
// The checks of the family test.
import { ApiError as RuntimeApiError } from '@ntnx-sdk/runtime';
import { ApiError as ClustermgmtApiError } from '@ntnx-sdk/clustermgmt';
import { ApiLink } from '@ntnx-sdk/clustermgmt/v4.0/shared/common/response';
import { Task } from '@ntnx-sdk/prism/v4.0/config';

let notFound: unknown;
try {
  await new ClustersApi(client).getClusterById({ extId: '00000000-0000-0000-0000-000000000000' });
} catch (e) {
  notFound = e;
}
const typedTask: Task = vmTask;
console.log(
  JSON.stringify({
    clusterExtId,
    subnetExtId,
    imageExtId,
    vmExtId,
    vmName: vm.name,
    vmCluster: vm.cluster?.extId,
    taskIsPrismTask: imageTask instanceof Task && typedTask instanceof Task,
    taskStatus: vmTask.status,
    errorIsApiError: notFound instanceof ApiError,
    errorIsRuntimeApiError: notFound instanceof RuntimeApiError,
    errorIsClustermgmtApiError: notFound instanceof ClustermgmtApiError,
    errorStatus: notFound instanceof ApiError ? notFound.status : undefined,
    commonModelShared: vm.links?.[0] instanceof ApiLink,
  }),
);
`;
}

// Deliberately wrong: a strict check that passed it would prove nothing.
const wrong = `import { waitForTask, ApiClient } from '@ntnx-sdk/vmm';
declare const client: ApiClient;
export async function f(): Promise<number> {
  const task = await waitForTask(client, 'task-id');
  return task.status;
}
`;

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly cookie?: string;
  readonly body?: unknown;
}

const link = (href: string) => ({ $objectType: 'common.v1.response.ApiLink', href, rel: 'self' });
const metadata = (total?: number) => ({ $objectType: 'common.v1.response.ApiResponseMetadata', flags: [], ...(total !== undefined ? { totalAvailableResults: total } : {}) });

function fakePrism(seen: Seen[]): Server {
  const polls = new Map<string, number>();
  const tasks: Record<string, { rel: string; extId: string }> = {
    'ZXJnb24=:11111111-1111-4111-8111-111111111111': { rel: 'vmm:content:image', extId: IMAGE },
    'ZXJnb24=:22222222-2222-4222-8222-222222222222': { rel: 'vmm:ahv:config:vm', extId: VM },
  };
  const [imageTask, vmTask] = Object.keys(tasks) as [string, string];
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      const url = req.url ?? '';
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      seen.push({ method: req.method ?? '', url, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}), ...(body ? { body } : {}) });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      const hasSession = (req.headers.cookie ?? '').includes(SESSION);
      const basic = `Basic ${Buffer.from('admin:secret').toString('base64')}`;
      if (!hasSession && req.headers.authorization !== basic) return send(401, { message: 'unauthorized' });
      const cookie: Record<string, string> = hasSession ? {} : { 'set-cookie': `${SESSION}; Path=/; HttpOnly` };
      const ok = (status: number, data: unknown, total?: number) => send(status, { data, metadata: metadata(total) }, cookie);
      const taskRef = (extId: string) => ({ $objectType: 'prism.v4.config.TaskReference', extId });

      if (req.method === 'GET' && url.startsWith('/api/clustermgmt/v4.0/config/clusters?')) {
        return ok(200, [{ $objectType: 'clustermgmt.v4.config.Cluster', extId: CLUSTER, name: 'cluster-a' }], 1);
      }
      if (req.method === 'GET' && url.startsWith('/api/clustermgmt/v4.0/config/clusters/')) {
        return send(404, { data: { $objectType: 'clustermgmt.v4.error.ErrorResponse', error: [{ $objectType: 'clustermgmt.v4.error.AppMessage', code: 'CLU-404', message: 'cluster not found' }] } }, cookie);
      }
      if (req.method === 'GET' && url.startsWith('/api/networking/v4.0/config/subnets?')) {
        return ok(200, [{ $objectType: 'networking.v4.config.Subnet', extId: SUBNET, name: 'vm-network', subnetType: 'VLAN' }], 1);
      }
      if (req.method === 'POST' && url === '/api/vmm/v4.0/content/images') return ok(202, taskRef(imageTask));
      if (req.method === 'POST' && url === '/api/vmm/v4.0/ahv/config/vms') {
        const vm = body as { cluster?: { extId?: string }; nics?: { networkInfo?: { subnet?: { extId?: string } } }[]; disks?: { backingInfo?: { dataSource?: { reference?: { imageExtId?: string } } } }[] };
        const right = vm.cluster?.extId === CLUSTER && vm.nics?.[0]?.networkInfo?.subnet?.extId === SUBNET && vm.disks?.[0]?.backingInfo?.dataSource?.reference?.imageExtId === IMAGE;
        return right ? ok(202, taskRef(vmTask)) : send(400, { message: 'the VM does not use the cluster, subnet and image' }, cookie);
      }
      const task = /^\/api\/prism\/v4\.0\/config\/tasks\/([^/?]+)$/.exec(url);
      if (req.method === 'GET' && task) {
        const extId = decodeURIComponent(task[1]!);
        const n = (polls.get(extId) ?? 0) + 1;
        polls.set(extId, n);
        const done = n >= 2;
        return ok(200, {
          $objectType: 'prism.v4.config.Task',
          extId,
          status: done ? 'SUCCEEDED' : 'RUNNING',
          progressPercentage: done ? 100 : 50,
          entitiesAffected: done ? [{ $objectType: 'prism.v4.config.EntityReference', ...tasks[extId]! }] : [],
        });
      }
      if (req.method === 'GET' && url === `/api/vmm/v4.0/ahv/config/vms/${VM}`) {
        return ok(200, { $objectType: 'vmm.v4.ahv.config.Vm', extId: VM, name: 'web-01', cluster: { $objectType: 'vmm.v4.ahv.config.ClusterReference', extId: CLUSTER }, links: [link(`/api/vmm/v4.0/ahv/config/vms/${VM}`)] });
      }
      send(404, { message: `no route for ${req.method} ${url}` }, cookie);
    });
  });
}

describe('the SDK family in one consumer project', () => {
  let family: FamilyResult;
  let packed: PackedPackage[];
  let consumer: string;
  let server: Server;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const work = tempDir('family');
    const members = ['vmm', 'clustermgmt', 'networking', 'prism'].map((namespace) => ({
      namespace,
      specs: [path.join(ROOT, 'specs', namespace, 'v4.0.yaml')],
      out: path.join(work, namespace),
      format: false,
    }));
    family = await generateFamily({ members, out: work });
    packed = packPackages({ packages: [family.runtime.dir, ...(family.shared ? [family.shared.dir] : []), ...members.map((m) => m.out)], tarballs: path.join(work, 'tarballs') });

    server = fakePrism(seen);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    // Outside the repository, so nothing resolves to this project's node_modules.
    consumer = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-family-'));
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'family-consumer', private: true, version: '1.0.0', type: 'module' }, null, 2));
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022', 'DOM'], types: [], strict: true, noUncheckedIndexedAccess: true, skipLibCheck: false, outDir: 'dist' },
        files: ['app.ts'],
      }),
    );
    writeFileSync(path.join(consumer, 'app.ts'), app(port));
    await run(NPM, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packed.map((p) => p.tarball)], {
      cwd: consumer,
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
  }, 600_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('packs the runtime and shared models first, and every namespace depends on them with a caret range', () => {
    expect(packed.map((p) => p.name).slice(0, 2)).toEqual(['@ntnx-sdk/runtime', '@ntnx-sdk/shared']);
    for (const p of packed.slice(2)) {
      const manifest = JSON.parse(readFileSync(path.join(p.dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      expect(manifest.dependencies).toEqual({ '@ntnx-sdk/runtime': `^${family.runtime.packageVersion}`, '@ntnx-sdk/shared': `^${family.shared!.packageVersion}` });
    }
    // One copy of each: npm found the runtime and shared packages every namespace asks for.
    const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    const copies = Object.keys(lock.packages).filter((k) => k.endsWith('node_modules/@ntnx-sdk/runtime') || k.endsWith('node_modules/@ntnx-sdk/shared'));
    expect(copies.sort()).toEqual(['node_modules/@ntnx-sdk/runtime', 'node_modules/@ntnx-sdk/shared']);
  });

  it('type-checks the multi-namespace script strictly with library declarations, and rejects wrong code', async () => {
    const checked = await run(process.execPath, [TSC, '-p', consumer], { cwd: consumer }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    expect(checked).toBe('');
    writeFileSync(path.join(consumer, 'wrong.ts'), wrong);
    writeFileSync(path.join(consumer, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['wrong.ts'] }));
    const failed = await run(process.execPath, [TSC, '-p', path.join(consumer, 'tsconfig.wrong.json')], { cwd: consumer }).then(
      () => '',
      (e: { stdout: string }) => e.stdout,
    );
    // The typed task's status is the prism TaskStatus enum, not a number.
    expect(failed).toMatch(/wrong\.ts\(5,3\): error TS2322: Type '.*' is not assignable to type 'number'/);
  });

  it('types each package as its ES module build for import (no default export) and as CommonJS for require', async () => {
    const names = ['@ntnx-sdk/runtime', '@ntnx-sdk/shared', '@ntnx-sdk/vmm'];
    writeFileSync(path.join(consumer, 'defaults.ts'), names.map((n, i) => `import p${i} from '${n}';\n`).join('') + `console.log(${names.map((_, i) => `p${i}`).join(', ')});\n`);
    writeFileSync(path.join(consumer, 'required.cts'), names.map((n, i) => `import p${i} = require('${n}');\n`).join('') + `export const client: p0.ApiClient = new p2.ApiClient({ host: 'pc' });\nexport const flags = typeof p1;\n`);
    const project = (files: string[]) => {
      const file = path.join(consumer, `tsconfig.${files[0]}.json`);
      writeFileSync(file, JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files }));
      return run(process.execPath, [TSC, '-p', file], { cwd: consumer }).then(() => '', (e: { stdout: string }) => e.stdout);
    };
    const defaults = await project(['defaults.ts']);
    names.forEach((n, i) => expect(defaults).toContain(`defaults.ts(${i + 1},8): error TS1192: Module '"${path.join(consumer, 'node_modules', n, 'esm-types', 'index')}"' has no default export.`));
    expect(await project(['required.cts'])).toBe('');
  });

  it('runs with one client: one login, typed tasks, one ApiError, one class per common model', async () => {
    const { stdout } = await run(process.execPath, [path.join(consumer, 'dist', 'app.js')], { cwd: consumer, timeout: 60_000 });
    // The script's own progress lines come first; the checks are the last line.
    expect(stdout).toContain('RUNNING 50');
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      clusterExtId: CLUSTER,
      subnetExtId: SUBNET,
      imageExtId: IMAGE,
      vmExtId: VM,
      vmName: 'web-01',
      vmCluster: CLUSTER,
      taskIsPrismTask: true,
      taskStatus: 'SUCCEEDED',
      errorIsApiError: true,
      errorIsRuntimeApiError: true,
      errorIsClustermgmtApiError: true,
      errorStatus: 404,
      commonModelShared: true,
    });
    // One credentialed request for the whole run; every other one carried the session cookie only.
    const credentialed = seen.filter((r) => r.authorization);
    expect(credentialed).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(8);
    for (const r of seen.filter((x) => !x.authorization)) expect(r.cookie).toContain(SESSION);
    // Four namespaces, one client.
    const namespaces = new Set(seen.map((r) => r.url.split('/')[2]));
    expect([...namespaces].sort()).toEqual(['clustermgmt', 'networking', 'prism', 'vmm']);
  });
});
