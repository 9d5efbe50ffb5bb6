/**
 * `ntnx-sdkgen pack`: builds every generated package (ESM + CJS + declarations, with the
 * TypeScript compiler of this project) and writes an installable tarball of each to
 * `output/tarballs/`. Packages are built in dependency order: a family's runtime and
 * shared-models packages before the namespace packages that depend on them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseCommand } from './args.js';
import { CONFIG_FILE, loadConfig } from '../config.js';
import { PROJECT_ROOT } from '../paths.js';

const ROOT = PROJECT_ROOT;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

export const PACK_USAGE = `Usage: ntnx-sdkgen pack [<package dir> ...] [--out <dir>] [--tarballs <dir>] [--config <file>]

Builds each generated package and writes its tarball. Without package folders, packs every
package in --out (default: output, or the configuration's output).

Options:
  --out <dir>        folder of generated packages (default output)
  --tarballs <dir>   where tarballs go (default <out>/tarballs)
  --config <file>    read output and tarballs from a configuration file
  --no-build         pack what is already built
  --quiet            print errors only`;

export interface PackOptions {
  /** Package folders to pack. */
  readonly packages: readonly string[];
  readonly tarballs: string;
  readonly build?: boolean;
  readonly log?: (line: string) => void;
}

export interface PackedPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly tarball: string;
}

/** Generated package folders in `outDir`: those with a package.json (not `tarballs`, not hidden). */
export function findPackages(outDir: string): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'tarballs' && existsSync(path.join(outDir, e.name, 'package.json')))
    .map((e) => path.join(outDir, e.name))
    .sort();
}

/** The environment for package scripts: this project's `node_modules/.bin` first, for `tsc`. */
function buildEnv(): NodeJS.ProcessEnv {
  const bin = path.join(ROOT, 'node_modules', '.bin');
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

/** Package folders with their manifests, each after the packages of the set it depends on. */
export function dependencyOrder(dirs: readonly string[]): { dir: string; manifest: Manifest }[] {
  const all = dirs.map((dir) => ({ dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest }));
  const byName = new Map(all.map((p) => [p.manifest.name, p]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: typeof all = [];
  const visit = (p: (typeof all)[number]): void => {
    if (done.has(p.manifest.name)) return;
    if (visiting.has(p.manifest.name)) throw new Error(`packages depend on each other in a cycle through ${p.manifest.name}`);
    visiting.add(p.manifest.name);
    for (const dep of Object.keys(p.manifest.dependencies ?? {}).sort()) {
      const d = byName.get(dep);
      if (d) visit(d);
    }
    visiting.delete(p.manifest.name);
    done.add(p.manifest.name);
    out.push(p);
  };
  for (const p of all) visit(p);
  return out;
}

export function packPackages(options: PackOptions): PackedPackage[] {
  const log = options.log ?? (() => {});
  mkdirSync(options.tarballs, { recursive: true });
  const env = buildEnv();
  const packed: PackedPackage[] = [];
  const ordered = dependencyOrder(options.packages);
  ordered.forEach(({ dir, manifest }, i) => {
    const step = `[${i + 1}/${ordered.length}] ${manifest.name}`;
    // `npm pack --json` lists every file: megabytes for the largest packages.
    const run = (args: string[]) => execFileSync(NPM, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, shell: process.platform === 'win32' });
    try {
      if (options.build !== false) {
        const started = performance.now();
        log(`${step}: building`);
        run(['run', 'build', '--silent']);
        log(`${step}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      // Older tarballs of this package would be installed by mistake next to the new one.
      const base = manifest.name.replace(/^@/, '').replace('/', '-');
      for (const f of readdirSync(options.tarballs)) if (f.startsWith(`${base}-`) && /^\d/.test(f.slice(base.length + 1)) && f.endsWith('.tgz')) rmSync(path.join(options.tarballs, f));
      // Scripts are skipped: the build above is the `prepack` script.
      const out = run(['pack', '--ignore-scripts', '--json', '--pack-destination', path.resolve(options.tarballs)]);
      const [info] = JSON.parse(out) as { filename: string; size: number; entryCount: number }[];
      if (!info) throw new Error('npm pack printed no result');
      const tarball = path.join(options.tarballs, info.filename);
      log(`${step}: ${path.relative(process.cwd(), tarball) || tarball} (${info.entryCount} files, ${(info.size / 1024).toFixed(0)} KB)`);
      packed.push({ name: manifest.name, version: manifest.version, dir, tarball });
    } catch (e) {
      // The compiler reports on stdout, npm on stderr; keep the end, where the cause is.
      const err = e as { stdout?: string; stderr?: string; message: string };
      const output = [err.stdout, err.stderr].filter(Boolean).join('\n').trim();
      throw new Error(`${manifest.name}: ${output ? output.slice(-4000) : err.message}`);
    }
  });
  return packed;
}

export async function packCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('pack', PACK_USAGE, argv, {
    out: { type: 'string' },
    tarballs: { type: 'string' },
    config: { type: 'string' },
    'no-build': { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(PACK_USAGE);
    return 0;
  }
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const configFile = values.config ?? (existsSync(CONFIG_FILE) && !values.out ? CONFIG_FILE : undefined);
  const config = configFile ? loadConfig(configFile) : undefined;
  const outDir = values.out ?? config?.output ?? 'output';
  const tarballs = values.tarballs ?? (values.out ? path.join(values.out, 'tarballs') : (config?.tarballs ?? path.join(outDir, 'tarballs')));
  const packages = positionals.length ? positionals : config ? config.packages.map((p) => p.out).filter((d) => existsSync(path.join(d, 'package.json'))) : findPackages(outDir);
  if (packages.length === 0) {
    console.error(`no generated packages in ${outDir}: run \`ntnx-sdkgen generate-all\` first`);
    return 1;
  }
  const started = performance.now();
  const packed = packPackages({ packages, tarballs, build: !values['no-build'], log });
  log(`packed ${packed.length} packages into ${tarballs} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
