/**
 * The site's templates: `templates/docs/**` (pages, partials and assets as
 * handlebars files). A folder given with `--templates` overrides any of them by
 * the same relative name (e.g. `<dir>/docs/operation.html.hbs`), as for the
 * package templates. Unlike those, values are HTML-escaped unless a template
 * asks for raw HTML with `{{{...}}}`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type HandlebarsType from 'handlebars';
import { BUILTIN_TEMPLATES } from '../templates.js';
import { scriptJson } from './text.js';

const DOCS = 'docs';
// With the compiler: the site compiles its templates as it renders them. Loaded when a site
// is built, not by every command (`require`: see ../templates.ts).
let loaded: typeof HandlebarsType | undefined;
const handlebars = () => (loaded ??= createRequire(import.meta.url)('handlebars') as typeof HandlebarsType);

export class DocsTemplates {
  private readonly hb = handlebars().create();
  private readonly sources = new Map<string, string>();
  private readonly compiled = new Map<string, HandlebarsType.TemplateDelegate>();

  constructor(overrideDir?: string) {
    for (const dir of [BUILTIN_TEMPLATES, ...(overrideDir ? [path.resolve(overrideDir)] : [])]) {
      if (!existsSync(dir)) throw new Error(`templates folder not found: ${dir}`);
      const docs = path.join(dir, DOCS);
      if (existsSync(docs)) this.readDir(docs, '');
    }
    for (const [name, source] of this.sources) {
      if (name.startsWith('partials/')) this.hb.registerPartial(name.slice('partials/'.length).replace(/\.hbs$/, ''), source);
    }
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.hb.registerHelper('scriptJson', (value: unknown) => new (handlebars().SafeString)(scriptJson(value ?? null)));
    this.hb.registerHelper('lower', (value: unknown) => String(value ?? '').toLowerCase());
  }

  private readDir(dir: string, prefix: string): void {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) this.readDir(path.join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith('.hbs')) this.sources.set(prefix + entry.name, readFileSync(path.join(dir, entry.name), 'utf8'));
    }
  }

  /** Names of the asset templates (`assets/style.css.hbs`, ...). */
  assets(): string[] {
    return [...this.sources.keys()].filter((n) => n.startsWith('assets/')).sort();
  }

  render(name: string, data: object): string {
    let template = this.compiled.get(name);
    if (!template) {
      const source = this.sources.get(name);
      if (source === undefined) throw new Error(`no docs template named ${name}`);
      template = this.hb.compile(source, { strict: false });
      this.compiled.set(name, template);
    }
    return template(data);
  }
}
