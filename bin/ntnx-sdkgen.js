#!/usr/bin/env node
// Runs the built CLI (dist/, made by `npm run build` and on install), or the
// TypeScript sources through tsx when the build is missing or older than them.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'ntnx-sdkgen.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (existsSync(built) && statSync(built).mtimeMs >= newestSource(join(root, 'generator'))) {
  await import(built);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../generator/cli.ts');
}
