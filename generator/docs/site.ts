/**
 * The API reference site of one package, built from the IR: one page per
 * operation and per declaration, an index per version, tag and module, a search
 * index, and the "try it" panel. Pages are plain HTML rendered from the
 * `templates/docs/` templates; nothing needs a server.
 */
import type { Api, Decl, Module, Operation, Param, Sdk, TypeRef, Version } from '../ir/model.js';
import type { FamilySiteLinks } from './family.js';
import { href, pages, rootOf } from './links.js';
import { moduleSpecifier, packageSamples, sampleKey, type OperationSample } from './samples.js';
import type { DocsTemplates } from './templates.js';
import { descriptionHtml, summaryOf } from './text.js';
import { constraintNotes, refsOf, typeHtml, typeText, type TypeLinker } from './types.js';

/** One entry of the search index (short keys: the index is loaded by every page). */
export interface SearchEntry {
  /** Kind: `operation`, `api`, `model`, `enum`, `union`, `alias`. */
  readonly k: string;
  /** Name shown: `VmApi.getVmById`, `Vm`. */
  readonly n: string;
  /** Detail line: summary or qualified name. */
  readonly d: string;
  /** HTTP method and path, for operations. */
  readonly m?: string;
  readonly p?: string;
  /** Version label. */
  readonly v: string;
  /** Page, relative to the site root. */
  readonly u: string;
  /** More text to match (operation id, schema key). */
  readonly s?: string;
}

export interface SiteOptions {
  readonly templates: DocsTemplates;
  readonly generatorVersion: string;
  /** Whether `assets/client.js` (the browser build of the client) is part of the site. */
  readonly withClient: boolean;
  /** Documents with our samples in `x-code-samples`, by version label: their path in the site. */
  readonly documents?: ReadonlyMap<string, string>;
  /** Samples by `sampleKey()`; computed when not given. */
  readonly samples?: Map<string, OperationSample>;
  /** Set when the package is a member of a family: links to the family home and to the shared models' pages. */
  readonly family?: FamilySiteLinks;
  /** The package exports its modules from its root (`<package>/<module path>`), not per version: the shared-models package. */
  readonly modulesAtRoot?: boolean;
  /** Pages of other packages that use a declaration, by declaration id and then package (`@ntnx-sdk/vmm v4.0`); pages relative to this site's root. */
  readonly embeddedBy?: ReadonlyMap<string, ReadonlyMap<string, readonly Usage[]>>;
}

/** A name usable as a namespace export (`export * as <name>`), as the package index files spell it. */
function namespaceName(folder: string): string {
  const cleaned = folder.replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(cleaned) || cleaned === 'default' ? `_${cleaned}` : cleaned;
}

/** A page that uses a declaration: a model's field, a union's branch, an operation's parameter or answer. */
export interface Usage {
  readonly label: string;
  readonly page: string;
  readonly kind: string;
  /** The declaration that uses it (not set for operations). */
  readonly id?: string;
}

/** Where each declaration of a version is used, by declaration id (pages relative to the site root). */
export function usagesOf(version: Version): Map<string, Usage[]> {
  const usedBy = new Map<string, Usage[]>();
  const use = (ids: Set<string>, usage: Usage) => {
    for (const id of ids) {
      const list = usedBy.get(id) ?? [];
      if (!list.some((u) => u.page === usage.page)) list.push(usage);
      usedBy.set(id, list);
    }
  };
  for (const m of version.modules) {
    for (const d of m.decls) {
      const ids = new Set<string>();
      if (d.kind === 'model') {
        for (const f of d.fields) refsOf(f.type, ids);
        if (d.additional) refsOf(d.additional, ids);
      } else if (d.kind === 'union') for (const b of d.branches) refsOf(b, ids);
      else if (d.kind === 'alias') refsOf(d.type, ids);
      ids.delete(d.id);
      use(ids, { label: d.name, page: pages.decl(version, d), kind: d.kind, id: d.id });
    }
  }
  for (const api of version.apis) {
    for (const op of api.operations) {
      const ids = new Set<string>();
      for (const p of op.params) refsOf(p.type, ids);
      if (op.body) refsOf(op.body.type, ids);
      for (const r of op.responses) {
        if (r.dataType) refsOf(r.dataType, ids);
      }
      use(ids, { label: `${api.name}.${op.methodName}`, page: pages.operation(version, api, op), kind: 'operation' });
    }
  }
  return usedBy;
}

class VersionSite {
  readonly declsById = new Map<string, Decl>();
  readonly usedBy: Map<string, Usage[]>;
  readonly moduleOf = new Map<string, Module>();

  constructor(
    readonly sdk: Sdk,
    readonly version: Version,
    readonly family?: FamilySiteLinks,
  ) {
    for (const m of version.modules) {
      for (const d of m.decls) {
        this.declsById.set(d.id, d);
        this.moduleOf.set(d.id, m);
      }
    }
    this.usedBy = usagesOf(version);
  }

  linker(from: string): TypeLinker {
    return {
      decl: (id) => this.declsById.get(id),
      link: (decl) => this.sharedLink(from, decl.id) ?? href(from, pages.decl(this.version, decl)),
    };
  }

  /** In a family, the link from a page to the shared-models site's page of a declaration the family shares (by id, as `SharedModels.byId`). */
  sharedLink(from: string, id: string): string | undefined {
    const shared = this.family?.shared;
    const page = shared?.pages.get(id);
    return page === undefined ? undefined : `${rootOf(from)}${shared!.root}${page}`;
  }

  decl(id: string): Decl | undefined {
    return this.declsById.get(id);
  }
}

/** What a page is about: it opens its API or module in the sidebar. */
interface Current {
  readonly version?: Version;
  readonly api?: Api;
  readonly module?: Module;
  readonly op?: Operation;
  readonly decl?: Decl;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE'];

function jsonText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return JSON.stringify(value, null, 2);
}

/** The "try it" form's kind of input for a parameter type. */
function inputKind(type: TypeRef, site: VersionSite, depth = 0): { kind: 'string' | 'number' | 'boolean' | 'array' | 'json'; items?: 'string' | 'number' | 'boolean' } {
  if (depth > 8) return { kind: 'json' };
  switch (type.kind) {
    case 'primitive':
      return type.name === 'integer' || type.name === 'number' ? { kind: 'number' } : type.name === 'boolean' ? { kind: 'boolean' } : type.name === 'string' ? { kind: 'string' } : { kind: 'json' };
    case 'literal':
      return typeof type.value === 'number' ? { kind: 'number' } : typeof type.value === 'boolean' ? { kind: 'boolean' } : { kind: 'string' };
    case 'nullable':
      return inputKind(type.type, site, depth + 1);
    case 'oneOf': {
      const kinds = new Set(type.types.map((t) => inputKind(t, site, depth + 1).kind));
      return kinds.size === 1 ? inputKind(type.types[0]!, site, depth + 1) : { kind: 'json' };
    }
    case 'array': {
      const item = inputKind(type.items, site, depth + 1);
      return item.kind === 'string' || item.kind === 'number' || item.kind === 'boolean' ? { kind: 'array', items: item.kind } : { kind: 'json' };
    }
    case 'ref': {
      const decl = site.decl(type.id);
      if (decl?.kind === 'enum') return { kind: decl.valueType };
      if (decl?.kind === 'alias') return inputKind(decl.type, site, depth + 1);
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

export class SiteBuilder {
  private readonly files = new Map<string, string>();
  private readonly search: SearchEntry[] = [];
  private readonly samples: Map<string, OperationSample>;
  private readonly sites: Map<Version, VersionSite>;
  private readonly sidebars = new Map<string, string>();
  private readonly versionPages = new Map<Version, Map<string, string>>();

  constructor(
    private readonly sdk: Sdk,
    private readonly options: SiteOptions,
  ) {
    this.samples = options.samples ?? packageSamples(sdk);
    this.sites = new Map(sdk.versions.map((v) => [v, new VersionSite(sdk, v, options.family)]));
  }

  /** Builds every page; returns the files by path relative to the site root. */
  build(): Map<string, string> {
    for (const version of this.sdk.versions) this.buildVersion(version);
    this.page(pages.home(), 'index.html.hbs', {
      title: this.sdk.title,
      versions: this.sdk.versions.map((v) => this.versionSummary(pages.home(), v)),
      descriptionHtml: descriptionHtml(this.sdk.description),
      hasApis: this.sdk.versions.some((v) => v.apis.length > 0),
    });
    const common = this.common(pages.asset('x'));
    for (const asset of this.options.templates.assets()) {
      this.files.set(asset.replace(/\.hbs$/, ''), this.options.templates.render(asset, common));
    }
    this.files.set(pages.asset('search-index.js'), `window.NTNX_SEARCH_INDEX = ${JSON.stringify(this.search)};\n`);
    return this.files;
  }

  private versionSummary(from: string, v: Version) {
    return {
      label: v.label,
      href: href(from, pages.version(v)),
      infoVersion: v.info.version,
      title: v.info.title,
      apis: v.apis.map((a) => ({ name: a.name, href: href(from, pages.api(v, a)), count: a.operations.length })),
      operationCount: v.apis.reduce((n, a) => n + a.operations.length, 0),
      declCount: v.modules.reduce((n, m) => n + m.decls.length, 0),
    };
  }

  /** The import specifier of a module of a version. */
  private importPath(v: Version, modulePath?: readonly string[]): string {
    if (this.options.modulesAtRoot) return modulePath ? `${this.sdk.packageName}/${modulePath.join('/')}` : this.sdk.packageName;
    return modulePath ? moduleSpecifier(this.sdk, v, modulePath) : `${this.sdk.packageName}/${v.label}`;
  }

  /** Data every page gets: package, navigation, links to assets. */
  private common(page: string, current: Current = {}) {
    const root = rootOf(page);
    const v = current.version;
    return {
      root,
      page,
      generatorVersion: this.options.generatorVersion,
      pkg: { name: this.sdk.packageName, version: this.sdk.packageVersion, title: this.sdk.title, namespace: this.sdk.namespace },
      homeHref: href(page, pages.home()),
      familyHref: this.options.family ? `${root}${this.options.family.home}` : undefined,
      versionHref: v ? href(page, pages.version(v)) : undefined,
      versions: this.sdk.versions.map((x) => ({ label: x.label, href: href(page, (x === v ? undefined : this.alternate(x, current)) ?? pages.version(x)), current: x === v })),
      navVersion: v?.label,
      hasNav: v !== undefined,
      assets: {
        style: `${root}assets/style.css`,
        site: `${root}assets/site.js`,
        search: `${root}assets/search-index.js`,
        tryIt: `${root}assets/try-it.js`,
        client: `${root}assets/client.js`,
      },
      withClient: this.options.withClient,
    };
  }

  /** Pages of a version by a key that stays the same across versions (API and method name, module path and name). */
  private pageKeys(v: Version): Map<string, string> {
    let keys = this.versionPages.get(v);
    if (!keys) {
      keys = new Map();
      for (const api of v.apis) {
        keys.set(`api:${api.name}`, pages.api(v, api));
        for (const op of api.operations) keys.set(`op:${api.name}.${op.methodName}`, pages.operation(v, api, op));
      }
      for (const m of v.modules) {
        keys.set(`module:${m.path.join('/')}`, pages.module(v, m));
        for (const d of m.decls) keys.set(`decl:${d.modulePath.join('/')}/${d.name}`, pages.decl(v, d));
      }
      this.versionPages.set(v, keys);
    }
    return keys;
  }

  /** The page of another version about the same thing, so the version switch keeps the reader's place. */
  private alternate(v: Version, current: Current): string | undefined {
    const keys = this.pageKeys(v);
    if (current.api && current.op) return keys.get(`op:${current.api.name}.${current.op.methodName}`) ?? keys.get(`api:${current.api.name}`);
    if (current.api) return keys.get(`api:${current.api.name}`);
    if (current.decl) return keys.get(`decl:${current.decl.modulePath.join('/')}/${current.decl.name}`) ?? (current.module ? keys.get(`module:${current.module.path.join('/')}`) : undefined);
    if (current.module) return keys.get(`module:${current.module.path.join('/')}`);
    return undefined;
  }

  /** The sidebar's data: the APIs and modules of the version, with the current one opened. */
  private nav(page: string, current: Current) {
    const v = current.version!;
    return {
      version: v.label,
      apis: v.apis.map((a) => ({
        name: a.name,
        href: href(page, pages.api(v, a)),
        current: a === current.api,
        operations:
          a === current.api
            ? a.operations.map((o) => ({ name: o.methodName, method: o.httpMethod, href: href(page, pages.operation(v, a, o)), deprecated: o.deprecated }))
            : undefined,
      })),
      modules: v.modules
        .filter((m) => m.decls.length > 0)
        .map((m) => ({
          name: m.qualifiedName || m.path.join('/'),
          href: href(page, pages.module(v, m)),
          current: m === current.module,
          decls: m === current.module ? m.decls.map((d) => ({ name: d.name, kind: d.kind, href: href(page, pages.decl(v, d)) })) : undefined,
        })),
    };
  }

  /**
   * The sidebar is the same for every page of one folder with the same open API
   * or module: it is rendered once per such group, and the link to the page
   * itself is then marked with `aria-current`.
   */
  private sidebar(page: string, current: Current): string {
    if (!current.version) return '';
    const folder = page.slice(0, page.lastIndexOf('/') + 1);
    const key = `${folder}|${current.version?.label}|${current.api?.name ?? ''}|${current.module?.path.join('/') ?? ''}`;
    let html = this.sidebars.get(key);
    if (html === undefined) {
      html = this.options.templates.render('partials/sidebar.hbs', this.nav(page, current));
      this.sidebars.set(key, html);
    }
    const self = ` href="${page.slice(folder.length)}"`;
    const at = html.indexOf(self);
    return at === -1 ? html : `${html.slice(0, at + self.length)} aria-current="page"${html.slice(at + self.length)}`;
  }

  private page(page: string, template: string, data: Record<string, unknown>, current: Current = {}): void {
    const common = this.common(page, current);
    const ctx = { ...common, ...data };
    const body = this.options.templates.render(template, ctx);
    this.files.set(page, this.options.templates.render('layout.html.hbs', { ...ctx, body, sidebarHtml: this.sidebar(page, current) }));
  }

  private buildVersion(v: Version): void {
    const site = this.sites.get(v)!;
    const modules = v.modules.filter((m) => m.decls.length > 0);

    const vPage = pages.version(v);
    this.page(
      vPage,
      'version.html.hbs',
      {
        title: `${this.sdk.title} ${v.label}`,
        version: {
          ...this.versionSummary(vPage, v),
          annotatedHref: this.options.documents?.has(v.label) ? href(vPage, this.options.documents.get(v.label)!) : undefined,
          descriptionHtml: descriptionHtml(v.info.description), server: v.server?.url, sourceFile: v.sourceFile, importPath: this.importPath(v) },
        apis: v.apis.map((a) => ({ name: a.name, tag: a.tag, href: href(vPage, pages.api(v, a)), summary: summaryOf(a.description), count: a.operations.length })),
        modules: modules.map((m) => ({ name: m.qualifiedName || m.path.join('/'), href: href(vPage, pages.module(v, m)), count: m.decls.length, importPath: this.importPath(v, m.path) })),
        security: v.securitySchemes.map((s) => ({ name: s.name, kind: s.kind, detail: s.kind === 'apiKey' ? `${s.in ?? 'header'} ${s.paramName ?? ''}`.trim() : '' })),
      },
      { version: v },
    );

    for (const api of v.apis) {
      const aPage = pages.api(v, api);
      const ops = [...api.operations].sort((a, b) => a.path.localeCompare(b.path) || METHOD_ORDER.indexOf(a.httpMethod) - METHOD_ORDER.indexOf(b.httpMethod));
      this.page(
        aPage,
        'api.html.hbs',
        {
          title: `${api.name} (${v.label})`,
          api: { name: api.name, tag: api.tag, descriptionHtml: descriptionHtml(api.description), importLine: `import { ${api.name} } from '${this.importPath(v)}';` },
          operations: ops.map((o) => ({ name: o.methodName, method: o.httpMethod, path: o.path, summary: o.summary ?? summaryOf(o.description), href: href(aPage, pages.operation(v, api, o)), deprecated: o.deprecated })),
        },
        { version: v, api },
      );
      this.search.push({ k: 'api', n: api.name, d: api.tag, v: v.label, u: aPage });
      for (const op of api.operations) this.buildOperation(site, v, api, op);
    }

    for (const module of modules) {
      const mPage = pages.module(v, module);
      this.page(
        mPage,
        'module.html.hbs',
        {
          title: `${module.qualifiedName} (${v.label})`,
          module: { name: module.qualifiedName || module.path.join('/'), importPath: this.importPath(v, module.path) },
          decls: module.decls.map((d) => ({ name: d.name, kind: d.kind, href: href(mPage, pages.decl(v, d)), summary: summaryOf(d.description ?? d.title), deprecated: d.deprecated })),
        },
        { version: v, module },
      );
      for (const decl of module.decls) this.buildDecl(site, v, module, decl);
    }
  }

  private paramData(p: Param, linker: TypeLinker) {
    const notes = constraintNotes(p.constraints);
    if (p.default !== undefined) notes.push(`default: ${JSON.stringify(p.default)}`);
    if (p.csv) notes.push('comma-separated');
    return {
      name: p.propName,
      wireName: p.wireName !== p.propName ? p.wireName : undefined,
      in: p.in,
      typeHtml: typeHtml(p.type, linker),
      required: p.required,
      deprecated: p.deprecated,
      descriptionHtml: descriptionHtml(p.description),
      notes,
      auto: p.role === 'ifMatch' ? 'Filled by the client from the ETag of the model read before.' : p.role === 'requestId' ? 'Filled by the client with a new UUID, the same on every retry.' : undefined,
    };
  }

  private buildOperation(site: VersionSite, v: Version, api: Api, op: Operation): void {
    const page = pages.operation(v, api, op);
    const linker = site.linker(page);
    const ext = op.extensions;
    const permissions = ext['x-permissions'] as { operationName?: unknown; roleList?: unknown; deploymentList?: unknown } | undefined;
    const rateLimits = Array.isArray(ext['x-rate-limit']) ? (ext['x-rate-limit'] as { type?: unknown; count?: unknown; timeUnit?: unknown }[]) : [];
    const supported = Array.isArray(ext['x-supported-versions']) ? (ext['x-supported-versions'] as { product?: unknown; version?: unknown }[]) : [];
    const schemes = op.security === undefined ? v.securitySchemes : v.securitySchemes.filter((s) => op.security!.includes(s.name));
    const sample = this.samples.get(sampleKey(v, api, op));

    const bodyDecl = op.body?.type.kind === 'ref' ? site.decl(op.body.type.id) : undefined;
    const bodyModule = bodyDecl ? site.moduleOf.get(bodyDecl.id) : undefined;
    const tryIt = {
      exportName: v.exportName,
      apiName: api.name,
      methodName: op.methodName,
      httpMethod: op.httpMethod,
      path: op.path,
      defaultServer: v.server?.url,
      auth: schemes.map((s) => s.kind),
      params: op.params.map((p) => ({
        name: p.propName,
        wireName: p.wireName,
        in: p.in,
        required: p.required,
        ...inputKind(p.type, site),
        example: sample?.params[p.propName],
        auto: p.role,
      })),
      body: op.body
        ? {
            name: op.body.propName,
            kind: op.body.kind,
            required: op.body.required,
            contentType: op.body.contentType,
            decoder:
              bodyDecl && bodyModule && (bodyDecl.kind === 'model' || bodyDecl.kind === 'union')
                ? { module: bodyModule.path.map(namespaceName), name: bodyDecl.kind === 'model' ? bodyDecl.name : `decode${bodyDecl.name}`, fromJson: bodyDecl.kind === 'model' }
                : undefined,
            example: sample?.bodyJson !== undefined ? jsonText(sample.bodyJson) : undefined,
          }
        : undefined,
    };

    this.page(
      page,
      'operation.html.hbs',
      {
        title: `${api.name}.${op.methodName} (${v.label})`,
        api: { name: api.name, href: href(page, pages.api(v, api)) },
        op: {
          name: op.methodName,
          operationId: op.operationId,
          method: op.httpMethod,
          path: op.path,
          summary: op.summary,
          descriptionHtml: descriptionHtml(op.description !== op.summary ? op.description : undefined),
          deprecated: op.deprecated,
          paramsType: `${api.name}.${op.paramsTypeName}`,
          params: op.params.map((p) => this.paramData(p, linker)),
          body: op.body
            ? { name: op.body.propName, contentType: op.body.contentType, typeHtml: op.body.kind === 'binary' ? 'Blob | ArrayBuffer | Uint8Array | ReadableStream' : typeHtml(op.body.type, linker), required: op.body.required, descriptionHtml: descriptionHtml(op.body.description), requiredBy: bodyDecl?.kind === 'model' ? bodyDecl.fields.filter((f) => !f.required && !f.readOnly && f.requiredByOperations?.some((n) => op.requiredByNames.includes(n))).map((f) => f.wireName) : [] }
            : undefined,
          responses: op.responses.map((r) => ({
            status: r.status,
            success: r.success,
            descriptionHtml: descriptionHtml(r.description),
            contentType: r.contentType,
            typeHtml: r.dataType ? typeHtml(r.dataType, linker) : undefined,
            metadataHtml: r.metadataType ? typeHtml(r.metadataType, linker) : undefined,
            envelope: r.envelope,
            kind: r.kind,
          })),
          errorTypeHtml: op.errorType ? typeHtml(op.errorType, linker) : undefined,
          permissions:
            permissions && typeof permissions === 'object'
              ? {
                  operationName: typeof permissions.operationName === 'string' ? permissions.operationName : undefined,
                  roles: Array.isArray(permissions.roleList) ? permissions.roleList.map(String) : [],
                  deployments: Array.isArray(permissions.deploymentList) ? permissions.deploymentList.map(String) : [],
                }
              : undefined,
          rateLimits: rateLimits.map((r) => ({ type: String(r.type ?? ''), count: r.count === undefined ? '' : String(r.count), timeUnit: String(r.timeUnit ?? '') })),
          supportedVersions: supported.map((s) => ({ product: String(s.product ?? ''), version: String(s.version ?? '') })),
          security: op.security?.length === 0 ? [] : schemes.map((s) => ({ name: s.name, kind: s.kind, detail: s.kind === 'apiKey' ? `${s.in ?? 'header'} ${s.paramName ?? ''}`.trim() : '' })),
          noAuth: op.security?.length === 0,
          paging: op.paging ? { methodName: op.paging.methodName, itemHtml: typeHtml(op.paging.itemType, linker) } : undefined,
          sample: sample?.code,
        },
        tryIt,
      },
      { version: v, api, op },
    );
    this.search.push({
      k: 'operation',
      n: `${api.name}.${op.methodName}`,
      d: op.summary ?? summaryOf(op.description),
      m: op.httpMethod,
      p: op.path,
      v: v.label,
      u: page,
      ...(op.operationId !== op.methodName ? { s: op.operationId } : {}),
    });
  }

  private buildDecl(site: VersionSite, v: Version, module: Module, decl: Decl): void {
    const page = pages.decl(v, decl);
    const linker = site.linker(page);
    const data: Record<string, unknown> = {
      kind: decl.kind,
      name: decl.name,
      schemaKey: decl.schemaKey,
      title: decl.title && decl.title !== decl.description ? decl.title : undefined,
      descriptionHtml: descriptionHtml(decl.description),
      deprecated: decl.deprecated,
      module: { name: module.qualifiedName || module.path.join('/'), href: href(page, pages.module(v, module)) },
      importLine: `import { ${decl.name} } from '${this.importPath(v, decl.modulePath)}';`,
      usedBy: (site.usedBy.get(decl.id) ?? [])
        .map((u) => ({ label: u.label, kind: u.kind, href: (u.id !== undefined ? site.sharedLink(page, u.id) : undefined) ?? href(page, u.page) }))
        .sort((a, b) => a.label.localeCompare(b.label)),
      // A model the family shares: this package re-exports the one class of the shared-models package, documented there.
      sharedHref: site.sharedLink(page, decl.id),
      sharedPackage: this.options.family?.shared?.pages.has(decl.id) ? this.options.family.shared.packageName : undefined,
      embeddedBy: [...(this.options.embeddedBy?.get(decl.id) ?? [])].map(([pkg, uses]) => ({
        package: pkg,
        uses: uses.map((u) => ({ label: u.label, kind: u.kind, href: rootOf(page) + u.page })).sort((a, b) => a.label.localeCompare(b.label)),
      })),
    };
    switch (decl.kind) {
      case 'model':
        data.objectType = decl.objectType;
        data.fields = decl.fields.map((f) => {
          const notes = constraintNotes(f.constraints);
          return {
            name: f.wireName,
            propName: f.propName !== f.wireName ? f.propName : undefined,
            typeHtml: typeHtml(f.type, linker),
            required: f.required,
            readOnly: f.readOnly,
            writeOnly: f.writeOnly,
            nullable: f.nullable,
            deprecated: f.deprecated,
            descriptionHtml: descriptionHtml(f.description),
            notes,
            defaultJson: f.default !== undefined ? JSON.stringify(f.default) : undefined,
            exampleJson: f.example !== undefined ? JSON.stringify(f.example) : undefined,
            requiredBy: f.requiredByOperations ?? [],
          };
        });
        data.additionalHtml = decl.additional ? typeHtml(decl.additional, linker) : undefined;
        data.composedOf = decl.composedOf;
        break;
      case 'enum':
        data.members = decl.members.map((m) => ({ key: m.key, value: JSON.stringify(m.value), descriptionHtml: descriptionHtml(m.description), special: String(m.value).startsWith('$') }));
        break;
      case 'union':
        data.branches = decl.branches.map((b) => {
          const target = b.kind === 'ref' ? site.decl(b.id) : undefined;
          return { typeHtml: typeHtml(b, linker), objectType: target?.kind === 'model' ? target.objectType : undefined };
        });
        break;
      case 'alias':
        data.typeHtml = typeHtml(decl.type, linker);
        data.notes = constraintNotes(decl.constraints);
        break;
    }
    this.page(page, 'model.html.hbs', { title: `${decl.name} (${v.label})`, decl: data }, { version: v, module, decl });
    this.search.push({
      k: decl.kind,
      n: decl.name,
      d: decl.kind === 'alias' ? typeText(decl.type, site) : summaryOf(decl.description ?? decl.title) || module.qualifiedName,
      v: v.label,
      u: page,
      ...(decl.schemaKey ? { s: decl.schemaKey } : {}),
    });
  }
}
