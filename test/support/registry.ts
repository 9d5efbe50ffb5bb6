/**
 * A real npm registry for tests: verdaccio (pinned in devDependencies), started on 127.0.0.1
 * with a temporary storage folder, an htpasswd file with one user, and no uplinks, so that
 * nothing is fetched from or sent to another registry. `stop()` ends it and removes the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface TestRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** An .npmrc with the registry and the user's token, for `npm_config_userconfig`. */
  readonly npmrc: string;
  /** The lines of that .npmrc, to copy into a project's own .npmrc. */
  readonly npmrcText: string;
  /** Environment for npm calls against this registry only (its .npmrc, a temporary cache). */
  readonly env: NodeJS.ProcessEnv;
  /** What verdaccio printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const USER = 'publisher';
const PASSWORD = 'not-a-secret-test-password';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function startRegistry(options: { startTimeoutMs?: number } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntnx-sdkgen-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  // htpasswd's SHA-1 form: verdaccio reads it, and it needs no library to write.
  const sha = createHash('sha1').update(PASSWORD).digest('base64');
  writeFileSync(path.join(dir, 'htpasswd'), `${USER}:{SHA}${sha}:autocreated ${new Date(0).toISOString()}\n`);
  writeFileSync(
    path.join(dir, 'config.yaml'),
    [
      `storage: ${JSON.stringify(path.join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(path.join(dir, 'htpasswd'))}`,
      '    max_users: 1', // the one user above: nobody else can sign up
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $authenticated',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: json, level: warn }',
      '',
    ].join('\n'),
  );
  const bin = path.join(path.dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const child: ChildProcess = spawn(process.execPath, [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(`verdaccio did not answer on ${url}`, options.startTimeoutMs ?? 30_000, async () => {
      if (child.exitCode !== null) throw new Error('exited');
      const res = await fetch(new URL('-/ping', url), { signal: AbortSignal.timeout(2_000) });
      return res.ok ? true : undefined;
    });
    if (child.exitCode !== null) throw new Error(`verdaccio exited: ${output}`);
    // A token for the user, as `npm login` gets it (verdaccio wants the credentials as basic auth too).
    const res = await fetch(new URL(`-/user/org.couchdb.user:${USER}`, url), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
      body: JSON.stringify({ name: USER, password: PASSWORD }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token) throw new Error(`verdaccio login failed: ${res.status} ${JSON.stringify(body)}`);
    const host = url.replace(/^http:/, '');
    const npmrcText = `registry=${url}\n${host}:_authToken=${body.token}\n`;
    const npmrc = path.join(dir, '.npmrc');
    writeFileSync(npmrc, npmrcText);
    const env = {
      npm_config_userconfig: npmrc,
      npm_config_cache: path.join(dir, 'npm-cache'),
      npm_config_registry: url,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    };
    return { url, npmrc, npmrcText, env, output: () => output, stop };
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
}
