/**
 * Writing a package: everything goes to a temporary folder beside the target,
 * which then replaces the target in one rename. A failed run leaves the previous
 * output as it was, never a half-written package.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writePackage(outDir: string, files: Map<string, string>): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  try {
    const dirs = new Set<string>();
    for (const file of files.keys()) dirs.add(path.dirname(path.join(temp, file)));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const [file, text] of files) writeFileSync(path.join(temp, file), text);
    if (existsSync(target)) renameSync(target, old);
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/**
 * `<out>/node_modules/<name>` -> the package folder, for each package of a family,
 * so that building or type-checking a namespace package in `<out>` finds the runtime
 * and shared packages as an installed copy would (npm workspaces link them the same way).
 */
export function linkFamily(outDir: string, packages: ReadonlyMap<string, string>): void {
  for (const [name, dir] of packages) {
    const link = path.join(path.resolve(outDir), 'node_modules', ...name.split('/'));
    const target = path.relative(path.dirname(link), path.resolve(dir));
    mkdirSync(path.dirname(link), { recursive: true });
    try {
      if (lstatSync(link).isSymbolicLink() && readlinkSync(link) === target) continue;
      rmSync(link, { recursive: true, force: true });
    } catch {
      // not there yet
    }
    symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
  }
}
