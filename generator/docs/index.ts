/**
 * The API reference site of a generated package (`output/<namespace>/docs/`):
 * static pages from the IR, a search index, a TypeScript sample per operation,
 * and a "try it" panel driven by the browser build of the client.
 */
import type { Sdk } from '../ir/model.js';
import { BrowserBundleError, bundleForBrowser } from './bundle.js';
import type { FamilySiteLinks } from './family.js';
import { packageSamples } from './samples.js';
import { SiteBuilder, type SiteOptions } from './site.js';
import { DocsTemplates } from './templates.js';

export { BrowserBundleError, bundleForBrowser, BROWSER_GLOBAL } from './bundle.js';
export { packageSamples, sampleKey, SampleWriter, type OperationSample } from './samples.js';
export { addCodeSamples } from './augment.js';
export { buildFamilyHome, embeddedBy, folderLink, sharedPages, type FamilyPackage, type FamilySiteLinks } from './family.js';
export { DocsTemplates } from './templates.js';

export interface DocsSiteOptions {
  readonly generatorVersion: string;
  /** A folder whose `docs/` templates override the built-in ones by file name. */
  readonly templates?: string;
  /**
   * The generated package's files (as `emitPackage` returns them). When given,
   * the site carries the browser build of the client and "try it" works.
   */
  readonly packageFiles?: ReadonlyMap<string, string>;
  /** Files of the packages it depends on (a family's runtime and shared models), by package name. */
  readonly dependencyFiles?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Minify the browser client (default true). */
  readonly minify?: boolean;
  /** Documents with our samples in `x-code-samples`, by version label: their path in the site. */
  readonly documents?: ReadonlyMap<string, string>;
  /** Set for a member of a family: links to the family home and to the shared models' pages (see family.ts). */
  readonly family?: FamilySiteLinks;
  /** The package exports its modules from its root, not per version (the shared-models package). */
  readonly modulesAtRoot?: boolean;
  /** For the shared-models site: the namespace sites' pages that use each declaration (see family.ts). */
  readonly embeddedBy?: SiteOptions['embeddedBy'];
  /** Called with warnings (e.g. a client that cannot be bundled for browsers). */
  readonly log?: (line: string) => void;
}

/** Builds the site of one package: files by path relative to the site folder. */
export async function buildDocsSite(sdk: Sdk, options: DocsSiteOptions): Promise<Map<string, string>> {
  const templates = new DocsTemplates(options.templates);
  const samples = packageSamples(sdk);
  // esbuild works in its own process: the client is bundled while the pages are rendered.
  const bundling = options.packageFiles
    ? bundleForBrowser(options.packageFiles, { minify: options.minify ?? true, ...(options.dependencyFiles ? { dependencies: options.dependencyFiles } : {}) }).then(
        (result) => result.code,
        (e: unknown) => {
          // A package whose client cannot run in a browser still gets its reference.
          if (!(e instanceof BrowserBundleError)) throw e;
          options.log?.(`warning: ${sdk.packageName}: ${e.message}`);
          return undefined;
        },
      )
    : undefined;
  const build = (withClient: boolean) =>
    new SiteBuilder(sdk, {
      templates,
      generatorVersion: options.generatorVersion,
      withClient,
      samples,
      ...(options.documents ? { documents: options.documents } : {}),
      ...(options.family ? { family: options.family } : {}),
      ...(options.modulesAtRoot ? { modulesAtRoot: true } : {}),
      ...(options.embeddedBy ? { embeddedBy: options.embeddedBy } : {}),
    }).build();
  let files = build(bundling !== undefined);
  const client = await bundling;
  if (client !== undefined) files.set('assets/client.js', client);
  else if (bundling !== undefined) files = build(false);
  return files;
}
