/**
 * The vmm site in a real browser (Chromium driven by playwright-core, headless;
 * ./browser.ts says which Chromium): served by a local static server, searched, an operation opened,
 * and "try it" used against a local mock of the API. Screenshots of the
 * operation page are kept in test/docs/artifacts/.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDocsSite } from '../../generator/docs/index.js';
import { emitPackage } from '../../generator/emit/package.js';
import { buildPackageIr, GENERATOR_VERSION } from '../../generator/generate.js';
import { Templates } from '../../generator/templates.js';
import { packageIr, ROOT } from '../support/packages.js';
import { launchChromium } from './browser.js';
import { ARTIFACTS, DOCS_TMP, familyDependencies, listen, packageFiles, staticServer, writeTree, type Server } from './support.js';

const SITE = path.join(DOCS_TMP, 'browser-site');
const VM_ID = 'f1e2d3c4-b5a6-4978-8a6b-5c4d3e2f1a0b';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const TASK_ID = 'ZXJnb24=:a1b2c3d4-0000-4000-8000-000000000001';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, accept, if-match, ntnx-request-id, x-ntnx-api-key',
  'access-control-expose-headers': 'etag, ntnx-request-id',
  'access-control-max-age': '600',
};

/** A mock of the few vmm endpoints the test calls, with CORS as a browser needs it. */
function mockApi(seen: Seen[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, CORS).end();
        return;
      }
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { ...CORS, 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      };
      const metadata = { $objectType: 'common.v1.response.ApiResponseMetadata', flags: [], links: [] };
      if (req.method === 'GET' && req.url === `/api/vmm/v4.0/ahv/config/vms/${VM_ID}`) {
        json(200, { $objectType: 'vmm.v4.ahv.config.GetVmApiResponse', data: { $objectType: 'vmm.v4.ahv.config.Vm', extId: VM_ID, name: 'web-01', numSockets: 2, powerState: 'ON' }, metadata }, { etag: 'W/"vm-etag-7"' });
      } else if ((req.method === 'POST' && req.url === '/api/vmm/v4.0/ahv/config/vms') || (req.method === 'PUT' && req.url === `/api/vmm/v4.0/ahv/config/vms/${VM_ID}`)) {
        json(202, { $objectType: 'vmm.v4.ahv.config.CreateVmApiResponse', data: { $objectType: 'prism.v4.config.TaskReference', extId: TASK_ID }, metadata });
      } else {
        json(404, {
          $objectType: 'vmm.v4.ahv.config.GetVmApiResponse',
          data: {
            $objectType: 'vmm.v4.error.ErrorResponse',
            error: [{ $objectType: 'vmm.v4.error.AppMessage', code: 'VMM-30100', message: 'The VM was not found.', severity: 'ERROR' }],
          },
          metadata,
        });
      }
    });
  });
}

describe('API reference site in Chromium', () => {
  let browser: Browser;
  let site: Server;
  let api: Server;
  let page: Page;
  const seen: Seen[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const sdk = await packageIr('vmm');
    writeTree(SITE, await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, packageFiles: packageFiles('vmm'), dependencyFiles: familyDependencies() }));
    mkdirSync(ARTIFACTS, { recursive: true });
    site = await staticServer(SITE);
    api = await listen(mockApi(seen));
    // Fails (never skips) when no browser starts: see ./browser.ts.
    const launched = await launchChromium();
    browser = launched.browser;
    console.info(`browser tests: ${launched.source} (Chromium ${browser.version()})`);
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of 404/.test(m.text())) pageErrors.push(m.text());
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await api?.close();
  });

  it('finds an operation with the search box and opens it', async () => {
    await page.goto(`${site.url}/index.html`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Nutanix Virtual Machine Management APIs');
    await page.keyboard.press('/');
    await page.keyboard.type('get vm by id');
    const results = page.locator('#search-results li a');
    await results.first().waitFor();
    expect(await results.first().locator('.r-name').textContent()).toBe('VmApi.getVmById');
    expect(await results.first().textContent()).toContain('/vmm/v4.0/ahv/config/vms/{extId}');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/v4\.0\/apis\/VmApi\/getVmById\.html$/);
    expect(await page.locator('h1').textContent()).toBe('Get VM configuration details');
    expect(await page.locator('.endpoint').textContent()).toMatch(/GET\s+\/vmm\/v4\.0\/ahv\/config\/vms\/\{extId\}/);
    expect(await page.locator('#permissions').textContent()).toContain('Virtual Machine Viewer');
    expect(await page.locator('#rate-limits').textContent()).toMatch(/xsmall\s*10 seconds/);
    expect(await page.locator('#sample-code').textContent()).toContain('await vmApi.getVmById({');
    // Models link to their pages.
    await page.locator('#responses a', { hasText: /^Vm$/ }).first().click();
    await page.waitForURL(/\/v4\.0\/models\/ahv\/config\/Vm\.html$/);
    expect(await page.locator('.facts').first().textContent()).toContain('vmm.v4.ahv.config.Vm');
    await page.goBack();
    await page.waitForURL(/getVmById\.html$/);
  });

  it('tries the operation against a server with basic auth and shows the response', async () => {
    await page.fill('#try-server', `${api.url}/api`);
    await page.selectOption('#try-auth', 'basic');
    await page.fill('#try-username', 'admin');
    await page.fill('#try-password', 'secret');
    expect(await page.inputValue('#try-param-extId')).toBe(VM_ID);
    await page.click('#try-send');
    await page.locator('#try-result').waitFor();
    await page.waitForFunction(() => document.getElementById('try-status-code')?.textContent !== '', undefined, { timeout: 15_000 });
    expect(await page.locator('#try-status-code').textContent()).toBe('200');
    const body = await page.locator('#try-response').textContent();
    expect(JSON.parse(body!)).toMatchObject({ data: { extId: VM_ID, name: 'web-01' } });
    expect(await page.locator('#try-headers').textContent()).toContain('etag: W/"vm-etag-7"');
    expect(await page.locator('#try-url').textContent()).toBe(`GET ${api.url}/api/vmm/v4.0/ahv/config/vms/${VM_ID}`);

    const call = seen.find((s) => s.method === 'GET' && s.url.endsWith(VM_ID))!;
    expect(call.headers.authorization).toBe(`Basic ${Buffer.from('admin:secret').toString('base64')}`);
    expect(call.headers['ntnx-request-id']).toBeUndefined();

    await page.locator('#try-result').scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'operation-page.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'operation-page-full.png'), fullPage: true });
  });

  it('shows an API error with its status and body, using an API key', async () => {
    await page.selectOption('#try-auth', 'apiKey');
    expect(await page.locator('.auth-basic').isHidden()).toBe(true);
    await page.fill('#try-api-key', 'key-123');
    await page.fill('#try-param-extId', MISSING_ID);
    const before = seen.length;
    await page.click('#try-send');
    await page.waitForFunction(() => document.getElementById('try-status-code')?.textContent === '404');
    expect(await page.locator('#try-status-code').getAttribute('class')).toContain('status-error');
    expect(await page.locator('#try-status-text').textContent()).toContain('VMM-30100');
    expect(await page.locator('#try-response').textContent()).toContain('The VM was not found.');
    const call = seen.slice(before).find((s) => s.url.endsWith(MISSING_ID))!;
    expect(call.headers['x-ntnx-api-key']).toBe('key-123');
    expect(call.headers.authorization).toBeUndefined();
    await page.screenshot({ path: path.join(ARTIFACTS, 'operation-page-error.png') });
  });

  it('updates what a GET in the same tab returned, sending its ETag as If-Match', async () => {
    await page.goto(`${site.url}/v4.0/apis/VmApi/updateVmById.html`);
    await page.fill('#try-api-key', 'key-123');
    expect(await page.inputValue('#try-param-extId')).toBe(VM_ID);
    expect(await page.inputValue('#try-param-ifMatch')).toBe('W/"vm-etag-7"');
    const read = JSON.parse(await page.inputValue('#try-body-text')) as Record<string, unknown>;
    expect(read).toMatchObject({ extId: VM_ID, name: 'web-01' });
    await page.fill('#try-body-text', JSON.stringify({ ...read, name: 'web-01-renamed' }));
    const before = seen.length;
    await page.click('#try-send');
    await page.waitForFunction(() => document.getElementById('try-status-code')?.textContent === '202');
    const call = seen.slice(before).find((s) => s.method === 'PUT')!;
    expect(call.headers['if-match']).toBe('W/"vm-etag-7"');
    expect(JSON.parse(call.body)).toMatchObject({ $objectType: 'vmm.v4.ahv.config.Vm', extId: VM_ID, name: 'web-01-renamed', numSockets: 2, powerState: 'ON' });
  });

  it('sends a request body built from the JSON through the model classes of the client', async () => {
    await page.goto(`${site.url}/v4.0/apis/VmApi/createVm.html`);
    // Server, auth kind and user name were remembered; the password was not.
    expect(await page.inputValue('#try-server')).toBe(`${api.url}/api`);
    expect(await page.inputValue('#try-auth')).toBe('apiKey');
    await page.fill('#try-api-key', 'key-123');
    const example = JSON.parse(await page.inputValue('#try-body-text')) as Record<string, unknown>;
    expect(example).toMatchObject({ $objectType: 'vmm.v4.ahv.config.Vm', name: expect.any(String) });
    await page.fill('#try-body-text', JSON.stringify({ ...example, name: 'from-the-browser', numSockets: 4, somethingNew: { kept: true } }, null, 2));
    const before = seen.length;
    await page.click('#try-send');
    await page.waitForFunction(() => document.getElementById('try-status-code')?.textContent === '202');
    expect(await page.locator('#try-response').textContent()).toContain(TASK_ID);
    const call = seen.slice(before).find((s) => s.method === 'POST')!;
    expect(call.url).toBe('/api/vmm/v4.0/ahv/config/vms');
    expect(call.headers['content-type']).toMatch(/^application\/json/);
    expect(call.headers['ntnx-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Decoded into a Vm and encoded again: the wire shape, unknown fields kept.
    expect(JSON.parse(call.body)).toEqual({ $objectType: 'vmm.v4.ahv.config.Vm', name: 'from-the-browser', numSockets: 4, somethingNew: { kept: true } });
  });

  it('reports a body that is not JSON without sending anything', async () => {
    await page.fill('#try-body-text', '{ not json');
    const before = seen.length;
    await page.click('#try-send');
    await page.waitForFunction(() => document.getElementById('try-status-code')?.textContent === 'ERR');
    expect(await page.locator('#try-status-text').textContent()).toContain('not valid JSON');
    expect(seen.length).toBe(before);
  });

  it('runs no script that came from a document (descriptions, names and paths are text)', async () => {
    const { sdk } = await buildPackageIr({ specs: [path.join(ROOT, 'test', 'fixtures', 'injection.yaml')] });
    const files = emitPackage(sdk, { templates: new Templates(), generatorVersion: GENERATOR_VERSION });
    const dir = path.join(DOCS_TMP, 'browser-injection');
    writeTree(dir, await buildDocsSite(sdk, { generatorVersion: GENERATOR_VERSION, packageFiles: files }));
    const server = await staticServer(dir);
    const evil = await browser.newPage();
    const dialogs: string[] = [];
    evil.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      const opPages = [...readdirSync(path.join(dir, sdk.versions[0]!.label, 'apis'), { recursive: true, encoding: 'utf8' })].filter((f) => f.endsWith('.html'));
      expect(opPages.length).toBeGreaterThan(2);
      for (const rel of opPages) {
        await evil.goto(`${server.url}/${sdk.versions[0]!.label}/apis/${rel.split(path.sep).join('/')}`);
        await evil.keyboard.press('/');
        await evil.keyboard.type('pwned');
        expect(await evil.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), rel).toBeUndefined();
      }
      // The site's own scripts did run (the search answered).
      expect(await evil.locator('#search-results li').count()).toBeGreaterThan(0);
      expect(dialogs).toEqual([]);
    } finally {
      await evil.close();
      await server.close();
    }
  });

  it('ran without script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
