/**
 * Helpers for the loader, Swagger 2.0 and corpus tests: run the CLI as a user
 * would, type-check a generated package, and make scratch folders under
 * test/.tmp (git-ignored).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** A fresh, empty folder `test/.tmp/<name>`. */
export function scratch(name: string): string {
  const dir = path.join(ROOT, 'test', '.tmp', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ntnx-sdkgen <args>` from the repository root (paths in messages are relative to it). */
export function cli(args: readonly string[]): CliResult {
  const r = spawnSync(process.execPath, ['--import', TSX, 'generator/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `tsc -p <dir> --noEmit` (strict: the generated tsconfig says so); returns the error lines. */
export function typecheck(dir: string): string[] {
  const r = spawnSync(TSC, ['-p', dir, '--noEmit'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  const out = `${r.stdout}${r.stderr}`.trim();
  if (r.status === 0) return [];
  return out ? out.split('\n').filter((l) => /error TS/.test(l)) : [`tsc exited with ${r.status}`];
}

/** Relative to the repository root, with forward slashes, as diagnostics print it. */
export function rel(file: string): string {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/**
 * The source of one declaration in a generated module file (every declaration of a module is in
 * its `index.ts`): from the doc comment before `export ... <name>` to the next declaration's.
 */
export function declarationSource(moduleFile: string, name: string): string {
  const text = readFileSync(moduleFile, 'utf8');
  const at = new RegExp(`^export (?:declare )?(?:class|interface|type|const|function|enum) ${name}\\b`, 'm').exec(text);
  if (!at) throw new Error(`${name} is not declared in ${moduleFile}`);
  const doc = text.lastIndexOf('\n\n', at.index);
  const next = text.indexOf('\n\n/**', at.index);
  return text.slice(doc + 2, next === -1 ? undefined : next);
}
