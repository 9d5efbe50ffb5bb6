/**
 * Where every page of the site lives. All links are relative, so the site works
 * from any folder, any static server, or straight from the file system.
 *
 *   index.html                                     the package
 *   <version>/index.html                           a version: its APIs and modules
 *   <version>/apis/<Api>.html                      a tag: its operations
 *   <version>/apis/<Api>/<method>.html             an operation
 *   <version>/<module path>/index.html             a module: its models
 *   <version>/<module path>/<Name>.html            a model, enum, union or alias
 *   assets/...                                     style, scripts, search index, browser client
 */
import type { Api, Decl, Module, Operation, Version } from '../ir/model.js';

export const pages = {
  home: (): string => 'index.html',
  version: (v: Version): string => `${v.label}/index.html`,
  api: (v: Version, api: Api): string => `${v.label}/apis/${api.fileName}.html`,
  operation: (v: Version, api: Api, op: Operation): string => `${v.label}/apis/${api.fileName}/${op.methodName}.html`,
  module: (v: Version, m: Pick<Module, 'path'>): string => `${v.label}/${m.path.join('/')}/index.html`,
  decl: (v: Pick<Version, 'label'>, d: Pick<Decl, 'modulePath' | 'fileName'>): string => `${v.label}/${[...d.modulePath, d.fileName].join('/')}.html`,
  asset: (name: string): string => `assets/${name}`,
};

/** The prefix that leads from a page back to the site root (`''`, `../`, `../../`). */
export function rootOf(page: string): string {
  let depth = 0;
  for (let i = page.indexOf('/'); i !== -1; i = page.indexOf('/', i + 1)) depth++;
  return '../'.repeat(depth);
}

/** The shortest relative link from one page to another, both given relative to the site root. */
export function href(from: string, to: string): string {
  const fromDirs = from.split('/');
  fromDirs.pop();
  const toParts = to.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  return '../'.repeat(fromDirs.length - common) + toParts.slice(common).join('/');
}
