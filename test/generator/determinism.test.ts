/**
 * Generating twice gives byte-identical files, and a package's file set is
 * exactly what the IR describes (nothing stale, nothing missing).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { ROOT } from '../support/packages.js';

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
    })
    .sort();
}

describe('determinism', () => {
  it('generates byte-identical output twice (vmm and iam with two versions)', async () => {
    for (const [namespace, specs] of [
      ['vmm', ['specs/vmm/v4.0.yaml']],
      ['iam', ['specs/iam/v4.0.yaml', 'specs/iam/v4.1.b2.yaml']],
    ] as const) {
      const dirs = ['a', 'b'].map((run) => path.join(ROOT, 'test', '.tmp', 'determinism', `${namespace}-${run}`));
      const cwd = process.cwd();
      process.chdir(ROOT);
      try {
        for (const out of dirs) await generate({ specs: [...specs], namespace, out });
      } finally {
        process.chdir(cwd);
      }
      const [a, b] = dirs.map((d) => listFiles(d!));
      expect(a!.length).toBeGreaterThan(50);
      expect(b).toEqual(a);
      for (const file of a!) {
        expect(readFileSync(path.join(dirs[1]!, file), 'utf8'), file).toBe(readFileSync(path.join(dirs[0]!, file), 'utf8'));
      }
    }
  });
});
