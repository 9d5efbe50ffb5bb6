/**
 * What the site tests share: the generated packages (from the global set-up),
 * and a static file server.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { FAMILY_PACKAGES, PACKAGES, ROOT } from '../support/packages.js';

export const DOCS_TMP = path.join(ROOT, 'test', 'docs', '.tmp');
export const ARTIFACTS = path.join(ROOT, 'test', 'docs', 'artifacts');

/** The files of a generated package (from test/.tmp/packages), by package-relative path. */
export function packageFiles(namespace: string): Map<string, string> {
  const root = path.join(PACKAGES, namespace);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(root, 'src'));
  files.set('package.json', readFileSync(path.join(root, 'package.json'), 'utf8'));
  return files;
}

/** The files of the family's runtime and shared-models packages, by package name: what a namespace package's browser client is bundled with. */
export function familyDependencies(): Map<string, ReadonlyMap<string, string>> {
  return new Map(FAMILY_PACKAGES.map((name) => [(JSON.parse(readFileSync(path.join(PACKAGES, name, 'package.json'), 'utf8')) as { name: string }).name, packageFiles(name)]));
}

/** Writes files (relative paths) below `dir`, replacing what was there. */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of files) {
    const full = path.join(dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.png': 'image/png',
};

export interface Server {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(server: http.Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A static file server for a folder, on a free loopback port. */
export function staticServer(dir: string): Promise<Server> {
  const root = path.resolve(dir);
  return listen(
    http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    }),
  );
}

/** Every relative link (`href`, `src`) of an HTML page. */
export function relativeLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
    const link = m[1]!;
    if (/^(?:[a-z]+:|#|\/\/)/i.test(link) || link === '') continue;
    out.push(link.replace(/&amp;/g, '&').split('#')[0]!);
  }
  return out;
}
