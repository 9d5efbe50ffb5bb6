/**
 * Handlebars templates for everything that is prose or packaging (README,
 * package.json, tsconfig, file banners). A user folder given with `--templates`
 * overrides any template or partial by file name.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type HandlebarsType from 'handlebars';

// `require`: imported from an ES module, Node first scans this CommonJS package for export names.
export const Handlebars = createRequire(import.meta.url)('handlebars') as typeof HandlebarsType;
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
      if (name.startsWith('partials/')) this.hb.registerPartial(name.slice('partials/'.length).replace(/\.hbs$/, ''), source);
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
      template = this.hb.compile(source, { noEscape: true, strict: false });
      this.compiled.set(name, template);
    }
    return template(data);
  }
}
