/**
 * Handlebars templates for everything that is prose or packaging (README,
 * package.json, tsconfig, file banners). A user folder given with `--templates`
 * overrides any template or partial by file name.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type HandlebarsType from 'handlebars';

// `require`: imported from an ES module, Node first scans this CommonJS package for export names.
const requireCjs = createRequire(import.meta.url);
// The runtime renders the precompiled templates of the cache (below); the compiler (with it,
// loading takes 18 ms instead of 11) is loaded only for a template that is not in the cache yet.
const Handlebars = requireCjs('handlebars/runtime') as typeof HandlebarsType;
const compiler = () => requireCjs('handlebars') as typeof HandlebarsType;
import { PROJECT_ROOT } from './paths.js';

export const BUILTIN_TEMPLATES = path.join(PROJECT_ROOT, 'templates');

export class Templates {
  private readonly hb = Handlebars.create();
  private readonly compiled = new Map<string, HandlebarsType.TemplateDelegate>();
  private readonly sources = new Map<string, string>();

  constructor(overrideDir?: string) {
    this.hb.registerHelper('json', (value: unknown) => new Handlebars.SafeString(JSON.stringify(value ?? null, null, 2).replace(/\n/g, '\n  ')));
    this.hb.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
    // `{{link api method}}` -> `{@link VmApi.listVms}` (a literal `}` right after `}}` would read as `}}}`).
    this.hb.registerHelper('link', (...args: unknown[]) => `{@link ${args.slice(0, -1).map(String).join('.')}}`);
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    for (const dir of [BUILTIN_TEMPLATES, ...(overrideDir ? [path.resolve(overrideDir)] : [])]) {
      if (!existsSync(dir)) throw new Error(`templates folder not found: ${dir}`);
      this.readDir(dir, '');
    }
    for (const [name, source] of this.sources) {
      if (!name.startsWith('partials/')) continue;
      // Compiled on first use, through the same cache and with the same options as the templates
      // (a partial given as source would be compiled with a precompiled template's options: escaped).
      let compiled: HandlebarsType.TemplateDelegate | undefined;
      const partial = (context: unknown, options?: HandlebarsType.RuntimeOptions) => (compiled ??= compileCached(this.hb, source))(context, options);
      this.hb.registerPartial(name.slice('partials/'.length).replace(/\.hbs$/, ''), partial as unknown as HandlebarsType.Template);
    }
  }

  private readDir(dir: string, prefix: string): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) this.readDir(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.hbs')) this.sources.set(prefix + entry.name, readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** A template without a single `{{`: its output never depends on the data. */
  isStatic(name: string): boolean {
    let known = this.static.get(name);
    if (known === undefined) this.static.set(name, (known = !(this.sources.get(name) ?? '{{').includes('{{')));
    return known;
  }

  private readonly static = new Map<string, boolean>();

  /** Renders `name` (e.g. `README.md.hbs`, `partials/banner.hbs`). */
  render(name: string, data: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`no template named ${name}`);
      template = compileCached(this.hb, source);
      this.compiled.set(name, template);
    }
    return template(data);
  }
}

const COMPILE_OPTIONS = { noEscape: true, strict: false } as const;
const HANDLEBARS_VERSION = (requireCjs('handlebars/package.json') as { version: string }).version;

/**
 * Compiling a template costs far more than rendering it (a vmm run compiles some thirty,
 * more than a tenth of the run), so the compiled form is kept between runs: handlebars'
 * precompiled JavaScript, keyed by a hash of the source, the options and handlebars'
 * version, in a folder of the system's temporary folder that only this user can write.
 */
function compileCached(hb: typeof HandlebarsType, source: string): HandlebarsType.TemplateDelegate {
  const dir = cacheDir();
  const file = dir && path.join(dir, `${createHash('sha256').update(JSON.stringify(COMPILE_OPTIONS)).update('\0').update(source).digest('hex')}.js`);
  let spec: string | undefined;
  if (file) {
    try {
      spec = readFileSync(file, 'utf8');
    } catch {
      // not compiled yet
    }
  }
  if (spec === undefined) {
    spec = compiler().precompile(source, COMPILE_OPTIONS) as string;
    if (file) {
      try {
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, spec, { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        // A cache that cannot be written only costs time.
      }
    }
  }
  return hb.template(new Function(`return ${spec};`)() as Parameters<typeof hb.template>[0]);
}

let templateCache: string | null | undefined;

/** The cache folder, or `null` when there is none this user alone can write (code is loaded from it). */
function cacheDir(): string | null {
  if (templateCache !== undefined) return templateCache;
  templateCache = null;
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = path.join(os.tmpdir(), `ntnx-sdkgen-templates-${HANDLEBARS_VERSION}${uid !== undefined ? `-${uid}` : ''}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0)) templateCache = dir;
  } catch {
    // no cache
  }
  return templateCache;
}
