/**
 * Where the generator's own files (templates, runtime, package.json) are: found
 * from this module, whether it runs from the sources or from the built CLI in dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start, i = 0; i < 8; i++, dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ntnx-sdkgen') return dir;
  }
  throw new Error(`cannot find the ntnx-sdkgen folder above ${start}`);
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
