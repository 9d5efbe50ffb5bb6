/**
 * `ntnx-sdkgen publish`: publishes the tarballs that `pack` wrote, with npm, in the order their
 * dependencies require (a package after the packages of the set it depends on: a runtime or a
 * shared-models package first), each under its dist-tag (pre-releases under `next`, so they never
 * become `latest`). A version the registry already has is skipped, so a failed run can be re-run.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { CONFIG_FILE, loadConfig } from '../config.js';
import { distTag } from '../diff/version.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export const PUBLISH_USAGE = `Usage: ntnx-sdkgen publish [<tarball> ...] [--tarballs <dir>] [--registry <url>] [options]

Publishes the tarballs written by \`ntnx-sdkgen pack\` with npm, dependencies first, each
under its dist-tag: pre-release versions under "next", releases under "latest". Versions the
registry already has are skipped. Authentication is npm's own (npm login, .npmrc).

Options:
  --tarballs <dir>   folder of tarballs (default output/tarballs, or the configuration's)
  --registry <url>   the registry (default: npm's configuration)
  --tag <tag>        one dist-tag for every package instead of latest/next
  --access <access>  public or restricted (scoped packages on the public registry)
  --config <file>    read the tarballs folder from a configuration file
  --timeout <s>      time limit of each npm call (default 120)
  --dry-run          print the order and what npm would publish, publish nothing
  --quiet            print errors only`;

export interface PublishItem {
  readonly name: string;
  readonly version: string;
  readonly tarball: string;
  /** Names of the packages it depends on (dependencies, peer and optional ones). */
  readonly dependsOn: readonly string[];
  readonly tag: string;
}

/** The `package/package.json` of an npm tarball (gzip'd tar), read without unpacking it. */
export function tarballManifest(tarball: string): Record<string, unknown> {
  const tar = gunzipSync(readFileSync(tarball));
  let pos = 0;
  let longName: string | undefined;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = tar.subarray(pos + 512, pos + 512 + size);
    if (type === 'x') {
      // A pax header may carry the real path of the next entry.
      const m = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (name.replace(/^[^/]+\//, '') === 'package.json') return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${tarball}: no package.json in the tarball`);
}

/** What to publish for each tarball: name, version, dependencies and dist-tag. */
export function publishItems(tarballs: readonly string[], tag?: string): PublishItem[] {
  return tarballs.map((tarball) => {
    const pkg = tarballManifest(tarball) as { name?: string; version?: string; dependencies?: object; peerDependencies?: object; optionalDependencies?: object };
    if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string') throw new Error(`${tarball}: package.json has no name or version`);
    const dependsOn = [...new Set([pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies].flatMap((d) => Object.keys(d ?? {})))];
    return { name: pkg.name, version: pkg.version, tarball, dependsOn, tag: tag ?? distTag(pkg.version) };
  });
}

/**
 * The items in publishing order: every package after those of the set it depends on; otherwise
 * in the given order. A dependency cycle within the set is an error.
 */
export function publishOrder(items: readonly PublishItem[]): PublishItem[] {
  const byName = new Map(items.map((i) => [i.name, i]));
  const ordered: PublishItem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (item: PublishItem, chain: string[]) => {
    if (state.get(item.name) === 'done') return;
    if (state.get(item.name) === 'visiting') throw new Error(`dependency cycle between packages: ${[...chain, item.name].join(' -> ')}`);
    state.set(item.name, 'visiting');
    for (const dep of item.dependsOn) {
      const target = byName.get(dep);
      if (target) visit(target, [...chain, item.name]);
    }
    state.set(item.name, 'done');
    ordered.push(item);
  };
  for (const item of items) visit(item, []);
  return ordered;
}

export interface PublishOptions {
  readonly tarballs: readonly string[];
  readonly registry?: string;
  readonly tag?: string;
  readonly access?: string;
  readonly dryRun?: boolean;
  /** Time limit of each npm call (default 120 s). */
  readonly timeoutMs?: number;
  /** Environment of the npm calls (e.g. `npm_config_userconfig` for another .npmrc). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly log?: (line: string) => void;
}

export interface PublishResult {
  readonly name: string;
  readonly version: string;
  readonly tag: string;
  readonly status: 'published' | 'skipped' | 'dry-run';
}

/** Publishes tarballs in dependency order. */
export async function publishTarballs(options: PublishOptions): Promise<PublishResult[]> {
  const log = options.log ?? (() => {});
  const order = publishOrder(publishItems(options.tarballs, options.tag));
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...options.env };
  const registry = options.registry ? ['--registry', options.registry] : [];
  const npm = (args: string[]) => run(NPM, args, { env, cwd: options.cwd ?? process.cwd(), timeout: options.timeoutMs ?? 120_000, maxBuffer: 1 << 26, shell: process.platform === 'win32' });
  const results: PublishResult[] = [];
  for (const [i, item] of order.entries()) {
    const step = `[${i + 1}/${order.length}] ${item.name}@${item.version}`;
    if (!options.dryRun) {
      // A version the registry has cannot be published again: skip it (a re-run after a failure).
      const known = await npm(['view', `${item.name}@${item.version}`, 'version', '--json', ...registry]).then(
        (r) => r.stdout.trim() !== '',
        (e: { stderr?: string; message: string; killed?: boolean }) => {
          if (/E404|404 Not Found|is not in this registry/.test(e.stderr ?? '')) return false;
          throw new Error(`${step}: npm view failed: ${(e.stderr ?? e.message).trim().slice(-2000)}`);
        },
      );
      if (known) {
        log(`${step}: already in the registry, skipped`);
        results.push({ name: item.name, version: item.version, tag: item.tag, status: 'skipped' });
        continue;
      }
    }
    const args = ['publish', path.resolve(item.tarball), '--tag', item.tag, '--ignore-scripts', ...registry, ...(options.access ? ['--access', options.access] : []), ...(options.dryRun ? ['--dry-run'] : [])];
    try {
      await npm(args);
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${step}: npm publish failed: ${(err.stderr || err.message).trim().slice(-2000)}`);
    }
    log(`${step}: ${options.dryRun ? 'would be published' : 'published'} under "${item.tag}"`);
    results.push({ name: item.name, version: item.version, tag: item.tag, status: options.dryRun ? 'dry-run' : 'published' });
  }
  return results;
}

export async function publishCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tarballs: { type: 'string' },
      registry: { type: 'string' },
      tag: { type: 'string' },
      access: { type: 'string' },
      config: { type: 'string' },
      timeout: { type: 'string' },
      'dry-run': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(PUBLISH_USAGE);
    return 0;
  }
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const configFile = values.config ?? (existsSync(CONFIG_FILE) && !values.tarballs ? CONFIG_FILE : undefined);
  const folder = values.tarballs ?? (configFile ? loadConfig(configFile).tarballs : path.join('output', 'tarballs'));
  const tarballs = positionals.length ? positionals : existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.tgz')).sort().map((f) => path.join(folder, f)) : [];
  if (tarballs.length === 0) {
    console.error(`no tarballs in ${folder}: run \`ntnx-sdkgen pack\` first`);
    return 1;
  }
  const timeout = values.timeout ? Number(values.timeout) : 120;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    console.error(`--timeout must be a number of seconds, not ${JSON.stringify(values.timeout)}`);
    return 1;
  }
  const results = await publishTarballs({
    tarballs,
    timeoutMs: timeout * 1000,
    log,
    ...(values.registry ? { registry: values.registry } : {}),
    ...(values.tag ? { tag: values.tag } : {}),
    ...(values.access ? { access: values.access } : {}),
    ...(values['dry-run'] ? { dryRun: true } : {}),
  });
  const published = results.filter((r) => r.status === 'published').length;
  log(values['dry-run'] ? `dry run: ${results.length} packages in this order` : `published ${published} packages, ${results.length - published} already in the registry`);
  return 0;
}
