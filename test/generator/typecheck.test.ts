/**
 * Every generated package type-checks under `strict`, and the type-level tests
 * in test/types (narrowing, required fields, operation types) compile.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PACKAGES, ROOT, v4Namespaces } from '../support/packages.js';

const run = promisify(execFile);
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

async function tsc(project: string): Promise<string> {
  try {
    await run(process.execPath, [TSC, '-p', project, '--noEmit', '--pretty', 'false'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

describe('strict type-check of generated packages', () => {
  it.each(v4Namespaces().map((n) => n.namespace))('%s', async (namespace) => {
    const tsconfig = path.join(PACKAGES, namespace, 'tsconfig.json');
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(tsconfig, 'utf8')).compilerOptions.strict).toBe(true);
    expect(await tsc(tsconfig)).toBe('');
  });

  it('type-level tests: narrowing by $objectType, required fields, operation signatures, the README example', async () => {
    expect(await tsc(path.join(ROOT, 'test', 'types', 'tsconfig.json'))).toBe('');
  });
});
