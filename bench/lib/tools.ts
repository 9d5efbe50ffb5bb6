/**
 * The generators compared: ours and the peers a user would pick instead, each
 * run through the command line a user would type, with its default settings.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);
export const WORK = path.join(BENCH_DIR, '.work');

export interface Tool {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** What the default output contains, for the report. */
  readonly produces: string;
  /** The command that generates `doc` into the folder `out` (which does not exist yet). */
  command(doc: string, out: string): { command: string; args: string[] };
}

function packageJson(dir: string): { name: string; version: string; bin?: string | Record<string, string> } {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; bin?: Record<string, string> };
}

/** Version of a package installed in bench/node_modules. */
export function benchPackageVersion(name: string): string {
  return packageJson(path.join(BENCH_DIR, 'node_modules', name)).version;
}

function binOf(name: string): string {
  const dir = path.join(BENCH_DIR, 'node_modules', name);
  const bin = packageJson(dir).bin;
  const rel = typeof bin === 'string' ? bin : Object.values(bin ?? {})[0];
  if (!rel) throw new Error(`${name} has no command`);
  return path.join(dir, rel);
}

/**
 * The tree whose generator is measured: the working tree, or a snapshot of a commit
 * (`--commit <rev>`), so that edits in progress do not end up in the figures.
 */
let sourceRoot = ROOT;
export function setSourceRoot(dir: string): void {
  sourceRoot = dir;
}
export function getSourceRoot(): string {
  return sourceRoot;
}

export function ours(): Tool {
  return {
    id: 'ours',
    name: 'ntnx-sdkgen',
    version: packageJson(sourceRoot).version,
    produces: 'package: model classes with decoders, unions, enums, API classes per tag, runtime, doc comments, packaging; laid out by the emitters (prettier is opt-in)',
    command: (doc, out) => ({ command: process.execPath, args: [path.join(sourceRoot, 'bin', 'ntnx-sdkgen.js'), 'generate', '--spec', doc, '--out', out, '--quiet'] }),
  };
}

export function peers(): Tool[] {
  return [
    {
      id: 'hey-api',
      name: '@hey-api/openapi-ts',
      version: benchPackageVersion('@hey-api/openapi-ts'),
      produces: 'types + SDK functions + fetch client (default plugins)',
      command: (doc, out) => ({ command: process.execPath, args: [binOf('@hey-api/openapi-ts'), '-i', doc, '-o', out] }),
    },
    {
      id: 'orval',
      name: 'orval',
      version: benchPackageVersion('orval'),
      produces: 'types + axios functions in one file (default client)',
      command: (doc, out) => ({ command: process.execPath, args: [binOf('orval'), '--input', doc, '--output', path.join(out, 'api.ts')] }),
    },
    {
      id: 'openapi-typescript',
      name: 'openapi-typescript',
      version: benchPackageVersion('openapi-typescript'),
      produces: 'types only (one .d.ts), used with openapi-fetch',
      command: (doc, out) => ({ command: process.execPath, args: [binOf('openapi-typescript'), doc, '-o', path.join(out, 'schema.d.ts')] }),
    },
    {
      id: 'oazapfts',
      name: 'oazapfts',
      version: benchPackageVersion('oazapfts'),
      produces: 'types + fetch functions in one file',
      command: (doc, out) => {
        // oazapfts does not create the folder of its output file.
        mkdirSync(out, { recursive: true });
        return { command: process.execPath, args: [binOf('oazapfts'), doc, path.join(out, 'api.ts')] };
      },
    },
  ];
}

export interface OutputSize {
  readonly files: number;
  readonly bytes: number;
  readonly lines: number;
}

/** Size of what a tool wrote: TypeScript files only (sources and declarations). */
export function outputSize(dir: string): OutputSize {
  let files = 0;
  let bytes = 0;
  let lines = 0;
  const walk = (d: string) => {
    let entries: string[];
    try {
      entries = readdirSync(d);
    } catch {
      return;
    }
    for (const name of entries) {
      const p = path.join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (name !== 'node_modules' && !name.startsWith('.')) walk(p);
      } else if (name.endsWith('.ts')) {
        files++;
        bytes += st.size;
        const text = readFileSync(p, 'utf8');
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
      }
    }
  };
  walk(dir);
  return { files, bytes, lines };
}
