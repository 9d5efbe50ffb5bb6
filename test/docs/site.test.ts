/**
 * The API reference site, read as files: what each page says, that every link
 * resolves, that text from a document cannot inject markup, that templates can
 * be overridden, and that the browser client leaves Node-only code out.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path/posix';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { docsCommand } from '../../generator/commands/docs.js';
import { addCodeSamples, BrowserBundleError, buildDocsSite, bundleForBrowser, packageSamples, sampleKey } from '../../generator/docs/index.js';
import { pages } from '../../generator/docs/links.js';
import { emitPackage } from '../../generator/emit/package.js';
import { buildPackageIr, generate, GENERATOR_VERSION } from '../../generator/generate.js';
import type { Decl, EnumDecl, ModelDecl, Sdk, UnionDecl } from '../../generator/ir/model.js';
import { Templates } from '../../generator/templates.js';
import { packageIr, ROOT, v4Namespaces } from '../support/packages.js';
import { DOCS_TMP, familyDependencies, packageFiles, relativeLinks } from './support.js';

const TMP = path.join(DOCS_TMP, 'site');

function decls(sdk: Sdk): Decl[] {
  return sdk.versions[0]!.modules.flatMap((m) => m.decls);
}

/** Visible text of a page, tags removed and entities decoded (enough for assertions). */
function text(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('API reference site of vmm', () => {
  let sdk: Sdk;
  let site: Map<string, string>;
  const version = () => sdk.versions[0]!;
  const opPage = (api: string, method: string) => {
    const a = version().apis.find((x) => x.name === api)!;
    return site.get(pages.operation(version(), a, a.operations.find((o) => o.methodName === method)!))!;
  };
  const declPage = (d: Decl) => site.get(pages.decl(version(), d))!;

  beforeAll(async () => {
    sdk = await packageIr('vmm');
    site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, packageFiles: packageFiles('vmm'), dependencyFiles: familyDependencies() });
  });

  it('has a page per operation and per declaration, an index per version, API and module', () => {
    const v = version();
    for (const api of v.apis) {
      expect(site.has(pages.api(v, api))).toBe(true);
      for (const op of api.operations) expect(site.has(pages.operation(v, api, op)), op.operationId).toBe(true);
    }
    for (const m of v.modules) for (const d of m.decls) expect(site.has(pages.decl(v, d)), d.id).toBe(true);
    expect(site.has('index.html')).toBe(true);
    expect(site.has(pages.version(v))).toBe(true);
    for (const asset of ['style.css', 'site.js', 'search-index.js', 'try-it.js', 'client.js']) expect(site.has(`assets/${asset}`), asset).toBe(true);
  });

  it('every relative link, stylesheet and script of every page resolves to a file of the site', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const [page, html] of site) {
      if (!page.endsWith('.html')) continue;
      for (const link of relativeLinks(html)) {
        checked++;
        const target = path.normalize(path.join(path.dirname(page), link));
        if (!site.has(target)) broken.push(`${page} -> ${link}`);
      }
    }
    expect(broken.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(10_000);
  });

  it('shows an operation: method, path, typed parameters with constraints, responses, errors, permissions, rate limits', () => {
    const html = opPage('VmApi', 'getVmById');
    const t = text(html);
    expect(t).toContain('Get VM configuration details');
    expect(t).toContain('GET /vmm/v4.0/ahv/config/vms/{extId}');
    expect(t).toContain('VmApi.getVmById(params: VmApi.GetVmByIdParams, options?: RequestOptions)');
    expect(html).toMatch(/<code class="name">extId<\/code> <span class="req"/);
    expect(t).toContain('pattern: ^[a-fA-F0-9]{8}-');
    // The response type and the error type link to their model pages.
    expect(html).toContain('href="../../models/ahv/config/Vm.html"');
    expect(html).toContain('href="../../models/error/ErrorResponse.html"');
    expect(t).toMatch(/4XX .*ErrorResponse/);
    expect(t).toContain('View Existing Virtual Machine');
    expect(t).toContain('Virtual Machine Viewer');
    expect(t).toMatch(/xsmall 10 seconds/);
    expect(t).toMatch(/XLarge 25 seconds/);
    expect(t).toContain('basicAuthScheme');
    expect(t).toContain('X-ntnx-api-key');
  });

  it('explains the parameters the client fills (If-Match, NTNX-Request-Id) and the request body', () => {
    const t = text(opPage('VmApi', 'updateVmById'));
    expect(t).toContain('Filled by the client from the ETag of the model read before.');
    expect(t).toMatch(/Request body Property body required Type Vm Content type application\/json/);
    const create = text(opPage('VmApi', 'createVm'));
    expect(create).toContain('Filled by the client with a new UUID, the same on every retry.');
  });

  it('says which body fields an operation requires by x-required-by-operation, and the sample sets them', () => {
    const page = text(opPage('ImagesApi', 'createImage'));
    expect(page).toMatch(/Required here source \( ?x-required-by-operation/);
    expect(page).toMatch(/build\(Image, \{/);
    const image = decls(sdk).find((d) => d.schemaKey === 'vmm.v4.0.content.Image')!;
    expect(text(declPage(image))).toMatch(/source [\s\S]*Required by create/);
    expect(text(opPage('ImagesApi', 'updateImageById'))).not.toContain('Required here');
  });

  it('shows the TypeScript sample of the operation, and the try-it data with the example values', () => {
    const html = opPage('VmApi', 'createVm');
    const sample = packageSamples(sdk).get(sampleKey(version(), version().apis.find((a) => a.name === 'VmApi')!, version().apis.find((a) => a.name === 'VmApi')!.operations.find((o) => o.methodName === 'createVm')!))!;
    expect(text(html)).toContain(text(sample.code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')));
    expect(sample.code).toContain("import { Vm } from '@ntnx-sdk/vmm/v4.0/ahv/config';");
    expect(sample.code).toContain('await vmApi.createVm({ body: new Vm({');
    expect(sample.code).toContain('await client.waitForTask(response.data)');
    const data = JSON.parse(/<script type="application\/json" id="try-it-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, any>;
    expect(data).toMatchObject({ exportName: 'v4_0', apiName: 'VmApi', methodName: 'createVm', httpMethod: 'POST' });
    expect(data.body.decoder).toEqual({ module: ['models', 'ahv', 'config'], name: 'Vm', fromJson: true });
    expect(JSON.parse(data.body.example)).toMatchObject({ $objectType: 'vmm.v4.ahv.config.Vm', name: expect.any(String) });
  });

  it('shows a model: fields with types and flags, $objectType, where it is used', () => {
    const vm = decls(sdk).find((d): d is ModelDecl => d.kind === 'model' && d.schemaKey === 'vmm.v4.0.ahv.config.Vm')!;
    const html = declPage(vm);
    const t = text(html);
    expect(t).toContain('$objectType vmm.v4.ahv.config.Vm');
    expect(t).toContain("import { Vm } from '@ntnx-sdk/vmm/v4.0/ahv/config';");
    for (const f of vm.fields) expect(html).toContain(`<code class="name">${f.wireName}</code>`);
    expect(t).toMatch(/extId .*read-only.*nullable/);
    expect(t).toContain('VmApi.getVmById');
  });

  it('shows a union with its members and their $objectType', () => {
    const union = decls(sdk).find((d): d is UnionDecl => d.kind === 'union' && d.branches.filter((b) => b.kind === 'ref').length >= 2)!;
    const t = text(declPage(union));
    expect(t).toContain('One of');
    for (const b of union.branches) {
      if (b.kind !== 'ref') continue;
      const target = decls(sdk).find((d) => d.id === b.id)!;
      expect(t).toContain(target.name);
      if (target.kind === 'model' && target.objectType) expect(t).toContain(target.objectType);
    }
  });

  it('shows an enum with the descriptions of x-enumDescriptions', () => {
    const e = decls(sdk).find((d): d is EnumDecl => d.kind === 'enum' && d.name === 'BootDeviceType')!;
    const t = text(declPage(e));
    expect(t).toContain('CDROM "CDROM" The type of boot device is CD-ROM.');
    expect(t).toContain('NETWORK "NETWORK" The type of boot device is NIC.');
  });

  it('indexes every operation and declaration for the search box', () => {
    const source = site.get('assets/search-index.js')!;
    const index = JSON.parse(source.replace(/^window\.NTNX_SEARCH_INDEX = /, '').replace(/;\s*$/, '')) as { k: string; n: string; u: string; p?: string }[];
    const ops = version().apis.reduce((n, a) => n + a.operations.length, 0);
    expect(index.filter((e) => e.k === 'operation')).toHaveLength(ops);
    expect(index.filter((e) => ['model', 'enum', 'union', 'alias'].includes(e.k))).toHaveLength(decls(sdk).length);
    expect(index.find((e) => e.n === 'VmApi.getVmById')).toMatchObject({ p: '/vmm/v4.0/ahv/config/vms/{extId}', u: 'v4.0/apis/VmApi/getVmById.html' });
    for (const e of index) expect(site.has(e.u), e.u).toBe(true);
  });

  it('navigates by version, module and tag, marking the current page', () => {
    const html = opPage('VmApi', 'getVmById');
    expect(html).toContain('<a href="getVmById.html" aria-current="page">');
    expect(html.match(/aria-current="page"/g)!.length).toBe(2); // the version switch and the operation
    for (const api of version().apis) expect(html).toContain(`>${api.name}</a>`);
    expect(html).toContain('>vmm.ahv.config</a>');
  });
});

describe('API reference site of every v4 package', () => {
  it.each(v4Namespaces().map((n) => n.namespace))('%s: every page is built and every link resolves', async (namespace) => {
    const sdk = await packageIr(namespace);
    const site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION });
    const broken: string[] = [];
    for (const [page, html] of site) {
      if (!page.endsWith('.html')) continue;
      for (const link of relativeLinks(html)) if (!site.has(path.normalize(path.join(path.dirname(page), link)))) broken.push(`${page} -> ${link}`);
    }
    expect(broken.slice(0, 20)).toEqual([]);
    const operations = sdk.versions.reduce((n, v) => n + v.apis.reduce((m, a) => m + a.operations.length, 0), 0);
    const declarations = sdk.versions.reduce((n, v) => n + v.modules.reduce((m, mod) => m + mod.decls.length, 0), 0);
    expect([...site.keys()].filter((p) => /\/apis\/[^/]+\/[^/]+\.html$/.test(p))).toHaveLength(operations);
    expect(site.size).toBeGreaterThan(operations + declarations);
  });
});

describe('versions', () => {
  it('the version switch leads to the same operation or model in the other version', async () => {
    const sdk = await packageIr('iam');
    expect(sdk.versions.length).toBe(2);
    const site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION });
    const [older, newer] = sdk.versions as [Sdk['versions'][number], Sdk['versions'][number]];
    const api = older.apis.find((a) => newer.apis.some((b) => b.name === a.name && b.operations.some((o) => o.methodName === a.operations[0]!.methodName)))!;
    const op = api.operations[0]!;
    const html = site.get(pages.operation(older, api, op))!;
    const other = newer.apis.find((b) => b.name === api.name)!;
    const target = pages.operation(newer, other, other.operations.find((o) => o.methodName === op.methodName)!);
    const link = /<nav class="version-switch"[\s\S]*?<\/nav>/.exec(html)![0];
    expect(link).toContain(`href="../../../${target}"`);
    expect(site.has(target)).toBe(true);
  });
});

describe('browser client', () => {
  it('bundles the package for the browser without Node-only runtime code', async () => {
    const files = packageFiles('vmm');
    const { code, inputs } = await bundleForBrowser(files, { minify: false, dependencies: familyDependencies() });
    // The runtime comes from the family's runtime package.
    expect(inputs).toContain('@ntnx-sdk/runtime::src/client.ts');
    expect(inputs.filter((i) => /runtime(?:\/|::src\/)node\.ts$|^node:/.test(i))).toEqual([]);
    expect(code).toMatch(/^var NtnxSdk = /m);
    expect(code).not.toMatch(/from ["']node:|require\(["']node:/);
  });

  it('refuses a package whose browser entry reaches runtime/node.ts', async () => {
    const files = new Map(packageFiles('licensing'));
    files.set('src/index.ts', `${files.get('src/index.ts')}\nexport * from './runtime/node.js';\n`);
    files.set('src/runtime/node.ts', `export const nodeOnly = true;\n`);
    await expect(bundleForBrowser(files)).rejects.toThrow(BrowserBundleError);
    await expect(bundleForBrowser(files)).rejects.toThrow(/runtime\/node\.ts/);
  });
});

describe('text from the document', () => {
  it('is escaped on every page: no markup or script can come from a description, a name or a path', async () => {
    const { sdk } = await buildPackageIr({ specs: [path.join(ROOT, 'test', 'fixtures', 'injection.yaml')] });
    const files = emitPackage(sdk, { templates: new Templates(), generatorVersion: GENERATOR_VERSION });
    const site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, packageFiles: files });
    let pagesChecked = 0;
    for (const [page, html] of site) {
      if (!page.endsWith('.html')) continue;
      pagesChecked++;
      expect(html, page).not.toContain('<script>alert(1)');
      expect(html, page).not.toMatch(/<\/script><script>/);
      // Only the site's own scripts.
      for (const m of html.matchAll(/<script([^>]*)>/g)) expect(m[1], page).toMatch(/^ (src="[^"]+\.js"|type="application\/json" id="try-it-data")$/);
    }
    expect(pagesChecked).toBeGreaterThan(3);
    const op = [...site].find(([p, html]) => p.includes('/apis/') && html.includes('alert(1)'))!;
    expect(op[1]).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('templates', () => {
  it('are overridden by file name from a --templates folder', async () => {
    const dir = path.join(TMP, 'override');
    mkdirSync(path.join(dir, 'docs', 'partials'), { recursive: true });
    writeFileSync(path.join(dir, 'docs', 'partials', 'try-it.hbs'), '<p class="custom-try">Ask your administrator: {{op.name}}</p>\n');
    const sdk = await packageIr('licensing');
    const site = await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, templates: dir });
    const op = [...site].find(([p]) => /\/apis\/[^/]+\/[^/]+\.html$/.test(p))!;
    expect(op[1]).toMatch(/<p class="custom-try">Ask your administrator: \w+<\/p>/);
    expect(op[1]).not.toContain('try-it-data');
  });
});

describe('document with TypeScript samples', () => {
  it('adds a TypeScript entry to x-code-samples of every operation, keeping the other languages and every other value', async () => {
    const sdk = await packageIr('volumes');
    const version = sdk.versions.find((v) => v.label === 'v4.0')!;
    const samples = packageSamples(sdk);
    const entries = version.apis.flatMap((api) => api.operations.map((op) => ({ pointer: op.pointer, source: samples.get(sampleKey(version, api, op))!.code })));
    const source = readFileSync(path.isAbsolute(version.sourceFile) ? version.sourceFile : path.join(ROOT, version.sourceFile), 'utf8');
    const once = addCodeSamples(source, 'yaml', entries);
    expect(once.missing).toEqual([]);
    expect(once.added).toBe(entries.length);
    const twice = addCodeSamples(once.text, 'yaml', entries);
    expect(twice.text).toBe(once.text);

    const before = YAML.parse(source) as { paths: Record<string, Record<string, { 'x-code-samples'?: { lang: string; source: string }[] }>> };
    const after = YAML.parse(once.text) as typeof before;
    for (const [p, item] of Object.entries(after.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue;
        const ts = op['x-code-samples']!.filter((s) => s.lang === 'TypeScript');
        expect(ts, `${method} ${p}`).toHaveLength(1);
        expect(ts[0]!.source).toContain('new ApiClient(');
        op['x-code-samples'] = op['x-code-samples']!.filter((s) => s.lang !== 'TypeScript');
        if (op['x-code-samples'].length === 0) delete op['x-code-samples'];
      }
    }
    expect(after).toEqual(before);

    const json = addCodeSamples(JSON.stringify(before), 'json', entries);
    expect(json.added).toBe(entries.length);
  });
});

describe('generation', () => {
  it('generate({ docs: true }) writes the site to <package>/docs beside the sources', async () => {
    const out = path.join(TMP, 'generated', 'licensing');
    await generate({ specs: [path.join(ROOT, 'specs', 'licensing', 'v4.3.yaml')], namespace: 'licensing', out, format: false, docs: true });
    expect(existsSync(path.join(out, 'src', 'index.ts'))).toBe(true);
    expect(existsSync(path.join(out, 'docs', 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'docs', 'assets', 'client.js'))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).not.toContain('docs');
  });

  it('`ntnx-sdkgen docs` writes the site, and the documents with our samples when asked', async () => {
    const out = path.join(TMP, 'command', 'licensing');
    const code = await docsCommand(['--spec', path.join(ROOT, 'specs', 'licensing', 'v4.3.yaml'), '--out', out, '--annotated-spec', '--no-client', '--quiet']);
    expect(code).toBe(0);
    expect(existsSync(path.join(out, 'docs', 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'docs', 'assets', 'client.js'))).toBe(false);
    const version = readFileSync(path.join(out, 'docs', 'v4.3', 'index.html'), 'utf8');
    expect(version).toContain('href="../openapi/v4.3.yaml"');
    expect(readFileSync(path.join(out, 'docs', 'openapi', 'v4.3.yaml'), 'utf8')).toContain('lang: TypeScript');
  });
});
