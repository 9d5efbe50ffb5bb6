/**
 * The documentation of an SDK family, read as files on disk: the home page lists
 * every package and version, a namespace package's pages link to the shared
 * models' pages (by declaration id), every link of every site resolves, and
 * `docs: false` writes no site at all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFamilyHome, DocsTemplates } from '../../generator/docs/index.js';
import { pages } from '../../generator/docs/links.js';
import { generateFamily, GENERATOR_VERSION, type FamilyResult } from '../../generator/generate.js';
import { refsOf } from '../../generator/docs/types.js';
import type { SharedDeclRef } from '../../generator/family.js';
import type { Api, ModelDecl, Operation, Sdk } from '../../generator/ir/model.js';
import { packageIr, ROOT, v4Namespaces } from '../support/packages.js';
import { DOCS_TMP, relativeLinks } from './support.js';

const TMP = path.join(DOCS_TMP, 'family');
const NAMESPACES = ['prism', 'vmm'];

function members(out: string, namespaces = NAMESPACES) {
  return v4Namespaces()
    .filter((n) => namespaces.includes(n.namespace))
    .map((n) => ({ namespace: n.namespace, specs: n.specs.map((s) => path.join(ROOT, s)), out: path.join(out, n.namespace) }));
}

/** Every HTML page below `dir` (package sources and installed modules left out). */
function htmlPages(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'src') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.html')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The file a relative link of a page leads to. */
const target = (page: string, link: string) => path.resolve(path.dirname(page), link);

/** The first operation of a package whose success answer is a shared model from the prism namespace. */
function prismAnswer(sdk: Sdk, shared: ReadonlyMap<string, SharedDeclRef>): { api: Api; op: Operation; id: string } {
  for (const api of sdk.versions[0]!.apis) {
    for (const op of api.operations) {
      for (const r of op.responses) {
        if (!r.success || !r.dataType) continue;
        const id = [...refsOf(r.dataType)].find((x) => shared.get(x)?.module.startsWith('prism/'));
        if (id) return { api, op, id };
      }
    }
  }
  throw new Error(`${sdk.packageName} answers no operation with a shared prism model`);
}

/** The href of the first anchor whose text is `name` and whose class marks a type reference. */
function refHref(html: string, name: string): string | undefined {
  for (const m of html.matchAll(/<a class="t-ref[^"]*" href="([^"]+)"[^>]*>([^<]+)<\/a>/g)) if (m[2] === name) return m[1]!;
  return undefined;
}

describe('family documentation', () => {
  const out = path.join(TMP, 'docs');
  let family: FamilyResult;
  let vmm: Sdk;

  beforeAll(async () => {
    family = await generateFamily({ members: members(out), out, format: false, docs: true });
    vmm = family.members.find((m) => m.sdk.namespace === 'vmm')!.sdk;
  });

  it('writes a home page that lists every package and version, each linked to its site', () => {
    const home = path.join(out, 'docs', 'index.html');
    const html = readFileSync(home, 'utf8');
    const links = relativeLinks(html);
    const linksTo = (file: string) => links.some((l) => target(home, l) === path.resolve(file));
    expect(html).toContain(family.runtime.packageName);
    expect(linksTo(path.join(family.runtime.dir, 'README.md'))).toBe(true);
    expect(html).toContain(family.shared!.packageName);
    expect(linksTo(path.join(family.shared!.dir, 'docs', 'index.html'))).toBe(true);
    for (const { sdk } of family.members) {
      expect(html).toContain(`>${sdk.packageName}</a>`);
      const site = path.join(out, sdk.namespace, 'docs');
      expect(linksTo(path.join(site, 'index.html')), sdk.packageName).toBe(true);
      for (const v of sdk.versions) {
        expect(linksTo(path.join(site, pages.version(v))), `${sdk.packageName} ${v.label}`).toBe(true);
        const operations = v.apis.reduce((n, a) => n + a.operations.length, 0);
        expect(html).toContain(`${v.apis.length} APIs, ${operations} operations`);
      }
    }
    for (const l of links) expect(existsSync(target(home, l)), l).toBe(true);
    // Its search finds packages, versions, API classes and shared models, each on an existing page.
    const source = readFileSync(path.join(out, 'docs', 'assets', 'search-index.js'), 'utf8');
    const index = JSON.parse(source.replace(/^window\.NTNX_SEARCH_INDEX = /, '').replace(/;\s*$/, '')) as { k: string; n: string; u: string }[];
    for (const e of index) expect(existsSync(target(home, e.u)), e.u).toBe(true);
    expect(index.filter((e) => e.k === 'package').map((e) => e.n).sort()).toEqual([family.shared!.packageName, ...family.members.map((m) => m.sdk.packageName)].sort());
    const vmmApi = vmm.versions[0]!.apis[0]!;
    expect(index.find((e) => e.k === 'api' && e.n === vmmApi.name)?.u).toBe(`../vmm/docs/${pages.api(vmm.versions[0]!, vmmApi)}`);
    expect(index.filter((e) => ['model', 'enum', 'union', 'alias'].includes(e.k))).toHaveLength(family.shared!.byId.size);
    // Every package site leads back to the home page.
    const vmmHome = path.join(out, 'vmm', 'docs', 'index.html');
    expect(relativeLinks(readFileSync(vmmHome, 'utf8')).some((l) => target(vmmHome, l) === home)).toBe(true);
  });

  it('links a vmm model to the page of the common or prism model it embeds, in the shared site', () => {
    const shared = family.shared!;
    const sharedSite = path.join(shared.dir, 'docs');
    const version = vmm.versions[0]!;
    const byId = new Map(version.modules.flatMap((m) => m.decls).map((d) => [d.id, d]));
    // A vmm model of its own with a field whose type is a shared model, found by declaration id.
    const own = version.modules.flatMap((m) => m.decls).filter((d): d is ModelDecl => d.kind === 'model' && !shared.byId.has(d.id));
    const checked = new Set<string>();
    for (const model of own) {
      const field = model.fields.find((f) => f.type.kind === 'ref' && shared.byId.has(f.type.id));
      if (!field || field.type.kind !== 'ref') continue;
      const embedded = byId.get(field.type.id)!;
      const ref = shared.byId.get(field.type.id)!;
      if (checked.has(ref.module.split('/')[0]!)) continue;
      const page = path.join(out, 'vmm', 'docs', pages.decl(version, model));
      const link = refHref(readFileSync(page, 'utf8'), embedded.name);
      expect(link, `${model.name}.${field.wireName}`).toBeDefined();
      const file = target(page, link!);
      expect(file, `${model.name}.${field.wireName}`).toBe(path.join(sharedSite, 'shared', ref.module, `${ref.fileName}.html`));
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`<h1>${ref.name} `);
      checked.add(ref.module.split('/')[0]!);
    }
    expect([...checked].sort()).toEqual(expect.arrayContaining(['common']));

    // An operation answering with a prism model (the task reference) links to it in the shared site too.
    const { api, op, id } = prismAnswer(vmm, shared.byId);
    const ref = shared.byId.get(id)!;
    const sharedPage = path.join(sharedSite, 'shared', ref.module, `${ref.fileName}.html`);
    const opPage = path.join(out, 'vmm', 'docs', pages.operation(version, api, op));
    expect(target(opPage, refHref(readFileSync(opPage, 'utf8'), byId.get(id)!.name)!)).toBe(sharedPage);

    // The package's own page of a shared model says where the class is defined and links there.
    const copyPage = path.join(out, 'vmm', 'docs', pages.decl(version, byId.get(id)!));
    const note = /<a class="shared-ref" href="([^"]+)"/.exec(readFileSync(copyPage, 'utf8'));
    expect(note).not.toBeNull();
    expect(target(copyPage, note![1]!)).toBe(sharedPage);
  });

  it('lists on a shared model page the namespace pages that use it', () => {
    const shared = family.shared!;
    const { op, id } = prismAnswer(vmm, shared.byId);
    const ref = shared.byId.get(id)!;
    const page = path.join(shared.dir, 'docs', 'shared', ref.module, `${ref.fileName}.html`);
    const html = readFileSync(page, 'utf8');
    const section = /<section id="embedded-by">[\s\S]*?<\/section>/.exec(html)![0];
    expect(section).toContain(`${vmm.packageName} ${vmm.versions[0]!.label}`);
    const intoVmm = relativeLinks(section).map((l) => target(page, l)).filter((f) => f.startsWith(path.join(out, 'vmm', 'docs') + path.sep));
    expect(intoVmm.some((f) => f.endsWith(`/${op.methodName}.html`))).toBe(true);
    for (const f of intoVmm) expect(existsSync(f), f).toBe(true);
  });

  it('every relative link of every page of the family resolves to a file', () => {
    const broken: string[] = [];
    let checked = 0;
    let acrossPackages = 0;
    for (const page of htmlPages(out)) {
      const site = path.relative(out, page).split(path.sep)[0];
      for (const link of relativeLinks(readFileSync(page, 'utf8'))) {
        checked++;
        const file = target(page, link);
        if (path.relative(out, file).split(path.sep)[0] !== site) acrossPackages++;
        if (!existsSync(file)) broken.push(`${path.relative(out, page)} -> ${link}`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
    expect(acrossPackages).toBeGreaterThan(100);
  });
});

describe('family home page template', () => {
  it('is overridden by file name from a --templates folder, in the same layout', async () => {
    const dir = path.join(TMP, 'override');
    mkdirSync(path.join(dir, 'docs'), { recursive: true });
    writeFileSync(path.join(dir, 'docs', 'family.html.hbs'), '<p class="custom-home">{{#each namespaces}}{{name}};{{/each}}</p>\n');
    const sdks = await Promise.all(NAMESPACES.map((n) => packageIr(n)));
    const files = buildFamilyHome({
      templates: new DocsTemplates(dir),
      generatorVersion: GENERATOR_VERSION,
      scope: '@ntnx-sdk',
      dir: path.join(TMP, 'override-out', 'docs'),
      packages: sdks.map((sdk) => ({ packageName: sdk.packageName, packageVersion: sdk.packageVersion, title: sdk.title, role: 'namespace' as const, sdk, packageDir: path.join(TMP, 'override-out', sdk.namespace) })),
    });
    const html = files.get('index.html')!;
    expect(html).toContain(`<p class="custom-home">${sdks.map((s) => `${s.packageName};`).join('')}</p>`);
    expect(html).toContain('<header class="topbar">');
    expect(files.has('assets/style.css')).toBe(true);
  });
});

describe('family without docs', () => {
  it('writes no site, and removes the home page of an earlier generation', async () => {
    const out = path.join(TMP, 'no-docs');
    mkdirSync(path.join(out, 'docs'), { recursive: true });
    writeFileSync(path.join(out, 'docs', 'index.html'), '<!doctype html>\n');
    const family = await generateFamily({ members: members(out, ['prism']), out, format: false, docs: false });
    expect(existsSync(path.join(out, 'docs'))).toBe(false);
    expect(existsSync(path.join(family.shared!.dir, 'docs'))).toBe(false);
    for (const n of ['prism']) {
      expect(existsSync(path.join(out, n, 'src', 'index.ts'))).toBe(true);
      expect(existsSync(path.join(out, n, 'docs'))).toBe(false);
    }
  });
});
