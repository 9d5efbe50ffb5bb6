/**
 * The documentation of an SDK family (see generator/family.ts): a home page that
 * lists every package, and the links that lead from a namespace package's site
 * to the page of a shared model in the shared-models site.
 *
 * Layout. Each package keeps its own site in `<package>/docs/` (so a package's
 * site still works alone), the shared models have theirs in `<shared>/docs/`,
 * and the family home is `<out>/docs/index.html`. Every link between them is
 * relative, computed from where the folders are, so the whole output folder can
 * be served or opened from the file system as it is.
 */
import path from 'node:path';
import type { SharedModels } from '../family.js';
import type { Sdk } from '../ir/model.js';
import { href, pages } from './links.js';
import { usagesOf, type SearchEntry, type Usage } from './site.js';
import type { DocsTemplates } from './templates.js';

/** What a package's site needs to know about the family it belongs to. */
export interface FamilySiteLinks {
  /** From the site's root folder to the family home page: `../../docs/index.html`. */
  readonly home: string;
  /** The shared-models package and its site: the site's root folder from this site's root (`../../shared/docs/`), and the page of each shared declaration by id. */
  readonly shared?: { readonly packageName: string; readonly root: string; readonly pages: ReadonlyMap<string, string> };
}

/** A relative URL from one folder to another (or to a file), with `/` separators. */
export function folderLink(fromDir: string, to: string): string {
  const rel = path.relative(path.resolve(fromDir), path.resolve(to)).split(path.sep).join('/');
  return rel === '' ? '' : rel;
}

/** The page of every shared declaration in the shared-models site, by declaration id (`SharedModels.byId`). */
export function sharedPages(shared: SharedModels): Map<string, string> {
  const version = shared.sdk.versions[0]!;
  const out = new Map<string, string>();
  for (const [id, ref] of shared.byId) out.set(id, pages.decl(version, { modulePath: ref.module.split('/'), fileName: ref.fileName }));
  return out;
}

/**
 * For the shared-models site: the pages of the namespace sites that use each
 * shared declaration, by id and then package and version, relative to the
 * shared site's root. Uses from other shared declarations are left out: the
 * shared site shows those itself.
 */
export function embeddedBy(shared: SharedModels, sharedSiteDir: string, members: readonly { readonly sdk: Sdk; readonly siteDir: string }[]): Map<string, Map<string, Usage[]>> {
  const out = new Map<string, Map<string, Usage[]>>();
  for (const { sdk, siteDir } of members) {
    const prefix = `${folderLink(sharedSiteDir, siteDir)}/`;
    for (const version of sdk.versions) {
      for (const [id, uses] of usagesOf(version)) {
        if (!shared.byId.has(id)) continue;
        const outside = uses.filter((u) => u.id === undefined || !shared.byId.has(u.id));
        if (outside.length === 0) continue;
        const byPackage = out.get(id) ?? new Map<string, Usage[]>();
        byPackage.set(`${sdk.packageName} ${version.label}`, outside.map((u) => ({ ...u, page: prefix + u.page })));
        out.set(id, byPackage);
      }
    }
  }
  return out;
}

/** A package of the family as the home page lists it. */
export interface FamilyPackage {
  readonly packageName: string;
  readonly packageVersion: string;
  readonly title: string;
  /** What the package holds (runtime, shared models, a namespace). */
  readonly role: 'runtime' | 'shared' | 'namespace';
  readonly sdk?: Sdk;
  /** Its site's root folder (absolute or relative to the working folder), when it has one. */
  readonly siteDir?: string;
  /** Its folder, for a link to its README when it has no site. */
  readonly packageDir: string;
}

export interface FamilyHomeOptions {
  readonly templates: DocsTemplates;
  readonly generatorVersion: string;
  /** The npm scope of the family (`@ntnx-sdk`). */
  readonly scope: string;
  /** The folder the home page is written to. */
  readonly dir: string;
  readonly packages: readonly FamilyPackage[];
}

const count = <T>(items: readonly T[], n: (x: T) => number) => items.reduce((sum, x) => sum + n(x), 0);

/** The family home: `index.html` and its assets, by path relative to `options.dir`. */
export function buildFamilyHome(options: FamilyHomeOptions): Map<string, string> {
  const files = new Map<string, string>();
  const page = pages.home();
  const search: SearchEntry[] = [];
  const link = (dir: string, file: string) => `${folderLink(options.dir, dir)}/${file}`;
  const packages = options.packages.map((p) => {
    const site = p.siteDir !== undefined ? (file: string) => link(p.siteDir!, file) : undefined;
    const versions = (p.sdk?.versions ?? []).map((v) => ({
      label: v.label,
      title: v.info.title,
      infoVersion: v.info.version,
      href: site?.(pages.version(v)),
      apiCount: v.apis.length,
      operationCount: count(v.apis, (a) => a.operations.length),
      declCount: count(v.modules, (m) => m.decls.length),
    }));
    const entry = {
      name: p.packageName,
      version: p.packageVersion,
      title: p.title,
      role: p.role,
      href: site?.(pages.home()),
      readmeHref: link(p.packageDir, 'README.md'),
      versions: p.role === 'namespace' ? versions : [],
      operationCount: count(versions, (v) => v.operationCount),
      declCount: count(versions, (v) => v.declCount),
      // The shared models by the namespace and version they come from (`common/v1.0`).
      groups: p.role === 'shared' && p.sdk ? sharedGroups(p.sdk, site) : [],
    };
    // The home page's search finds packages, versions, API classes and shared models; each site searches its own pages.
    if (entry.href) search.push({ k: 'package', n: p.packageName, d: p.title, v: p.packageVersion, u: entry.href });
    for (const v of site ? (p.sdk?.versions ?? []) : []) {
      if (p.role === 'namespace') search.push({ k: 'version', n: `${p.packageName}/${v.label}`, d: v.info.title, v: v.label, u: site!(pages.version(v)) });
      for (const api of v.apis) search.push({ k: 'api', n: api.name, d: `${p.packageName}/${v.label}`, v: v.label, u: site!(pages.api(v, api)) });
      if (p.role !== 'shared') continue;
      for (const m of v.modules) for (const d of m.decls) search.push({ k: d.kind, n: d.name, d: m.path.join('/'), v: p.packageName, u: site!(pages.decl(v, d)), ...(d.schemaKey ? { s: d.schemaKey } : {}) });
    }
    return entry;
  });
  const common = {
    root: '',
    page,
    generatorVersion: options.generatorVersion,
    pkg: { name: options.scope, version: options.generatorVersion, title: `${options.scope} API reference` },
    homeHref: href(page, pages.home()),
    versions: [],
    hasNav: false,
    assets: { style: 'assets/style.css', site: 'assets/site.js', search: 'assets/search-index.js' },
    withClient: false,
  };
  const data = {
    ...common,
    title: 'Packages',
    runtime: packages.filter((p) => p.role === 'runtime'),
    shared: packages.filter((p) => p.role === 'shared'),
    namespaces: packages.filter((p) => p.role === 'namespace'),
  };
  const body = options.templates.render('family.html.hbs', data);
  files.set(page, options.templates.render('layout.html.hbs', { ...data, body, sidebarHtml: '' }));
  for (const asset of options.templates.assets()) files.set(asset.replace(/\.hbs$/, ''), options.templates.render(asset, common));
  files.set(pages.asset('search-index.js'), `window.NTNX_SEARCH_INDEX = ${JSON.stringify(search)};\n`);
  return files;
}

/** `common/v1.0`: 19 models, with a link to each module of that group. */
function sharedGroups(sdk: Sdk, site: ((file: string) => string) | undefined) {
  const version = sdk.versions[0]!;
  const groups = new Map<string, { name: string; declCount: number; modules: { name: string; href?: string; count: number }[] }>();
  for (const m of version.modules) {
    if (m.decls.length === 0) continue;
    const key = m.path.slice(0, 2).join('/');
    const group = groups.get(key) ?? { name: key, declCount: 0, modules: [] };
    group.declCount += m.decls.length;
    group.modules.push({ name: m.path.join('/'), href: site?.(pages.module(version, m)), count: m.decls.length });
    groups.set(key, group);
  }
  return [...groups.values()];
}
