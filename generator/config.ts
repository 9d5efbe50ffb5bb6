/**
 * `ntnx-sdkgen.config.json`: which documents make which packages, where they go, how they are
 * named and published, which templates to use, and the client defaults baked into them.
 *
 * ```json
 * {
 *   "specs": "specs",
 *   "output": "output",
 *   "scope": "@acme",
 *   "packages": { "vmm": { "name": "@acme/nutanix-vmm", "version": "4.0.3" } },
 *   "license": "MIT",
 *   "repository": "https://github.com/acme/nutanix-sdk",
 *   "templates": "sdk-templates",
 *   "runtime": { "port": 9440, "timeoutMs": 120000 }
 * }
 * ```
 *
 * Paths are relative to the folder of the configuration file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverSpecs } from './generate.js';

export const CONFIG_FILE = 'ntnx-sdkgen.config.json';

/** Settings of one package. */
export interface PackageConfig {
  /** Documents of the package (several API versions side by side); default: `specs/<namespace>/*`. */
  readonly documents?: readonly string[];
  /** npm name; default `<scope>/<namespace>`. */
  readonly name?: string;
  /** npm version; default: the previous generation's version raised by what changed (generator/diff/version.ts). */
  readonly version?: string;
  /** Output folder; default `<output>/<namespace>`. */
  readonly output?: string;
}

/** Client settings a generated package applies by default (`createClient()`). */
export interface RuntimeDefaults {
  readonly port?: number;
  readonly scheme?: 'https' | 'http';
  readonly timeoutMs?: number;
  readonly attemptTimeoutMs?: number;
  readonly readTimeoutMs?: number;
  readonly retry?: false | Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly negotiateVersion?: boolean;
  readonly taskPrismVersion?: string;
  readonly refetchOnStaleEtag?: boolean;
}

export type RepositoryConfig = string | { readonly type: string; readonly url: string; readonly directory?: string };

export interface SdkgenConfig {
  /** A folder of `<namespace>/<version>.yaml` documents (default `specs`, unless `packages` lists documents). */
  readonly specs?: string;
  /** Root of the generated packages (default `output`). */
  readonly output?: string;
  /** npm scope of package names (default `@ntnx-sdk`). */
  readonly scope?: string;
  /** Per namespace; with `specs`, namespaces not listed here are generated with defaults. */
  readonly packages?: Readonly<Record<string, PackageConfig>>;
  /** Generate only these namespaces (default: all). */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** A folder of templates overriding the built-in ones by file name. */
  readonly templates?: string;
  readonly license?: string;
  readonly repository?: RepositoryConfig;
  /** Where `pack` writes tarballs (default `<output>/tarballs`). */
  readonly tarballs?: string;
  readonly runtime?: RuntimeDefaults;
  /** Run prettier over the output (default: the generator's default). */
  readonly format?: boolean;
  /** Treat warnings as errors. */
  readonly strict?: boolean;
  /**
   * Generate the packages as one family on a runtime package and a shared-models package
   * (default true); false: each package standalone, with its own copy of both.
   */
  readonly family?: boolean;
}

/** One package to generate, with every path resolved. */
export interface PackageJob {
  readonly namespace: string;
  readonly documents: readonly string[];
  readonly out: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

export interface ResolvedConfig {
  /** The configuration file, or undefined for defaults. */
  readonly file?: string;
  readonly root: string;
  readonly output: string;
  readonly tarballs: string;
  readonly scope?: string;
  readonly templates?: string;
  readonly license?: string;
  readonly repository?: RepositoryConfig;
  readonly runtime?: RuntimeDefaults;
  /** Run prettier; undefined: the generator's default. */
  readonly format?: boolean;
  readonly strict: boolean;
  readonly family: boolean;
  readonly packages: readonly PackageJob[];
}

export class ConfigError extends Error {
  constructor(file: string, pointer: string, message: string) {
    super(`${file}: ${pointer ? `${pointer}: ` : ''}${message}`);
    this.name = 'ConfigError';
  }
}

const TOP_KEYS = new Set(['$schema', 'specs', 'output', 'scope', 'packages', 'include', 'exclude', 'templates', 'license', 'repository', 'tarballs', 'runtime', 'format', 'strict', 'family']);
const PACKAGE_KEYS = new Set(['documents', 'name', 'version', 'output']);
const RUNTIME_KEYS: Record<keyof RuntimeDefaults, string> = {
  port: 'number',
  scheme: 'string',
  timeoutMs: 'number',
  attemptTimeoutMs: 'number',
  readTimeoutMs: 'number',
  retry: 'object',
  headers: 'object',
  negotiateVersion: 'boolean',
  taskPrismVersion: 'string',
  refetchOnStaleEtag: 'boolean',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks the shape of a parsed configuration; every problem names its JSON pointer. */
export function validateConfig(raw: unknown, file: string): SdkgenConfig {
  const fail = (pointer: string, message: string): never => {
    throw new ConfigError(file, pointer, message);
  };
  if (!isObject(raw)) return fail('', 'the configuration must be a JSON object');
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) fail(`/${key}`, `unknown setting (known: ${[...TOP_KEYS].filter((k) => k !== '$schema').join(', ')})`);
  for (const key of ['specs', 'output', 'scope', 'templates', 'license', 'tarballs'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') fail(`/${key}`, 'must be a string');
  }
  for (const key of ['format', 'strict', 'family'] as const) if (raw[key] !== undefined && typeof raw[key] !== 'boolean') fail(`/${key}`, 'must be true or false');
  if (typeof raw.scope === 'string' && !/^@[a-z0-9][a-z0-9._-]*$/.test(raw.scope)) fail('/scope', `"${raw.scope}" is not an npm scope (like "@acme")`);
  for (const key of ['include', 'exclude'] as const) {
    const v = raw[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))) fail(`/${key}`, 'must be an array of namespace names');
  }
  if (raw.repository !== undefined) {
    const r = raw.repository;
    if (!(typeof r === 'string' || (isObject(r) && typeof r.type === 'string' && typeof r.url === 'string'))) fail('/repository', 'must be a URL or { "type": "git", "url": "..." }');
  }
  if (raw.packages !== undefined) {
    if (!isObject(raw.packages)) fail('/packages', 'must be an object keyed by namespace');
    for (const [ns, p] of Object.entries(raw.packages as Record<string, unknown>)) {
      const at = `/packages/${ns}`;
      if (!isObject(p)) fail(at, 'must be an object');
      const pkg = p as Record<string, unknown>;
      for (const key of Object.keys(pkg)) if (!PACKAGE_KEYS.has(key)) fail(`${at}/${key}`, `unknown setting (known: ${[...PACKAGE_KEYS].join(', ')})`);
      if (pkg.documents !== undefined && (!Array.isArray(pkg.documents) || pkg.documents.length === 0 || pkg.documents.some((d) => typeof d !== 'string'))) {
        fail(`${at}/documents`, 'must be a non-empty array of file paths or URLs');
      }
      if (pkg.name !== undefined && (typeof pkg.name !== 'string' || !/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(pkg.name))) fail(`${at}/name`, 'must be a valid npm package name');
      if (pkg.version !== undefined && (typeof pkg.version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(pkg.version))) fail(`${at}/version`, 'must be a semver version like "4.0.3"');
      if (pkg.output !== undefined && typeof pkg.output !== 'string') fail(`${at}/output`, 'must be a string');
    }
  }
  if (raw.runtime !== undefined) {
    if (!isObject(raw.runtime)) fail('/runtime', 'must be an object');
    for (const [key, value] of Object.entries(raw.runtime as Record<string, unknown>)) {
      const expected = RUNTIME_KEYS[key as keyof RuntimeDefaults];
      if (!expected) fail(`/runtime/${key}`, `unknown client setting (known: ${Object.keys(RUNTIME_KEYS).join(', ')})`);
      const ok = key === 'retry' ? value === false || isObject(value) : expected === 'object' ? isObject(value) : typeof value === expected;
      if (!ok) fail(`/runtime/${key}`, `must be ${key === 'retry' ? 'false or an object' : `a ${expected}`}`);
    }
    const scheme = (raw.runtime as Record<string, unknown>).scheme;
    if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') fail('/runtime/scheme', 'must be "https" or "http"');
  }
  return raw as SdkgenConfig;
}

/** Reads and resolves a configuration file (paths relative to its folder). */
export function loadConfig(file: string): ResolvedConfig {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ConfigError(file, '', 'file not found');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  return resolveConfig(validateConfig(raw, file), path.dirname(absolute), file);
}

/** Resolves paths and expands `specs` into one job per namespace. */
export function resolveConfig(config: SdkgenConfig, root: string, file?: string): ResolvedConfig {
  const at = (p: string) => (/^https?:\/\//.test(p) ? p : path.resolve(root, p));
  const output = at(config.output ?? 'output');
  const listed = config.packages ?? {};
  const jobs = new Map<string, PackageJob>();
  const job = (namespace: string, documents: readonly string[]): PackageJob => {
    const p = listed[namespace] ?? {};
    return {
      namespace,
      documents: (p.documents ?? documents).map(at),
      out: p.output ? at(p.output) : path.join(output, namespace),
      ...(p.name ? { packageName: p.name } : {}),
      ...(p.version ? { packageVersion: p.version } : {}),
    };
  };
  const specsDir = config.specs ?? (Object.values(listed).every((p) => p.documents) && Object.keys(listed).length ? undefined : 'specs');
  if (specsDir) {
    const dir = at(specsDir);
    if (!existsSync(dir)) throw new ConfigError(file ?? CONFIG_FILE, '/specs', `folder not found: ${specsDir}`);
    // specs/v3 holds two releases of the same API version (Prism Central v3): it makes a package only when
    // `packages.v3.documents` picks one, as `generate-all` leaves it out too.
    for (const { namespace, specs } of discoverSpecs(dir)) if (namespace !== 'v3' || listed[namespace]?.documents) jobs.set(namespace, job(namespace, specs));
  }
  for (const [namespace, p] of Object.entries(listed)) {
    if (!jobs.has(namespace)) {
      if (!p.documents) throw new ConfigError(file ?? CONFIG_FILE, `/packages/${namespace}`, `no documents: list them, or add specs/${namespace}/`);
      jobs.set(namespace, job(namespace, []));
    }
  }
  for (const ns of config.include ?? []) if (!jobs.has(ns)) throw new ConfigError(file ?? CONFIG_FILE, '/include', `no documents for namespace "${ns}"`);
  const selected = [...jobs.values()].filter((j) => (!config.include || config.include.includes(j.namespace)) && !config.exclude?.includes(j.namespace));
  return {
    ...(file ? { file: path.resolve(file) } : {}),
    root,
    output,
    tarballs: at(config.tarballs ?? path.join(config.output ?? 'output', 'tarballs')),
    ...(config.scope ? { scope: config.scope } : {}),
    ...(config.templates ? { templates: at(config.templates) } : {}),
    ...(config.license ? { license: config.license } : {}),
    ...(config.repository ? { repository: config.repository } : {}),
    ...(config.runtime ? { runtime: config.runtime } : {}),
    ...(config.format !== undefined ? { format: config.format } : {}),
    strict: config.strict ?? false,
    family: config.family ?? true,
    packages: selected.sort((x, y) => x.namespace.localeCompare(y.namespace)),
  };
}
