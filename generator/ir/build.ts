/**
 * OpenAPI document -> IR. The document is read here and nowhere after.
 */
import type { LoadedDocument } from '../load/load.js';
import type { Decl, Module, SecurityScheme, Sdk, Version } from './model.js';
import { parseNutanixPath, parseSchemaKey, versionExportName, words } from './naming.js';
import { buildApis } from './operations.js';
import { SchemaConverter } from './schemas.js';
import { firstVersion } from '../diff/version.js';

export interface VersionOptions {
  /** Override the detected namespace. */
  readonly namespace?: string;
  /** Override the detected version label. */
  readonly versionLabel?: string;
}

/** What the document says about itself: Nutanix namespace and version, or a generic name. */
export function identify(loaded: LoadedDocument, options: VersionOptions = {}): { namespace: string; label: string; nutanix: boolean } {
  const doc = loaded.document;
  const paths = Object.keys(doc.paths ?? {});
  const parsed = paths.map(parseNutanixPath);
  const first = parsed[0];
  const keys = Object.keys(doc.components?.schemas ?? {});
  const nutanix =
    first !== undefined &&
    parsed.every((p) => p !== undefined && p.namespace === first.namespace && p.version === first.version) &&
    keys.some((k) => parseSchemaKey(k)?.namespace === first.namespace);
  if (nutanix && first) {
    return { namespace: options.namespace ?? first.namespace, label: options.versionLabel ?? first.version, nutanix: true };
  }
  const title = typeof doc.info?.title === 'string' ? doc.info.title : 'api';
  const namespace = options.namespace ?? (words(title).join('-').toLowerCase() || 'api');
  const major = /^v?(\d+)/.exec(String(doc.info?.version ?? ''))?.[1] ?? '1';
  return { namespace, label: options.versionLabel ?? `v${major}`, nutanix: false };
}

export function buildVersion(loaded: LoadedDocument, options: VersionOptions = {}): Version {
  const doc = loaded.document;
  const { namespace, label, nutanix } = identify(loaded, options);
  const ctx = { document: doc, sink: loaded.diagnostics, nutanix, namespace };
  const conv = new SchemaConverter(ctx);
  conv.placeComponents();
  conv.buildComponents();
  const apis = buildApis(ctx, conv);
  loaded.diagnostics.throwIfErrors();

  // Group declarations into modules; parents are created for every path prefix so
  // that each folder has an index.
  const byModule = new Map<string, Decl[]>();
  const ensure = (path: readonly string[]): void => {
    for (let i = 1; i <= path.length; i++) {
      const k = path.slice(0, i).join('/');
      if (!byModule.has(k)) byModule.set(k, []);
    }
  };
  for (const decl of conv.decls.values()) {
    ensure(decl.modulePath);
    byModule.get(decl.modulePath.join('/'))!.push(decl);
  }
  ensure(['models']);
  const modules: Module[] = [...byModule.keys()]
    .sort()
    .map((k) => {
      const path = k.split('/');
      const decls = byModule.get(k)!.slice().sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
      const qualified = path[0] === 'shared' ? path.slice(1).join('.') : [namespace, ...path.slice(1)].join('.');
      return { path, qualifiedName: qualified, decls };
    });

  const schemes = doc.components?.securitySchemes ?? {};
  const securitySchemes: SecurityScheme[] = Object.entries(schemes)
    .filter(([, s]) => s && typeof s === 'object')
    .map(([name, s]) => {
      if (s.type === 'http' && String(s.scheme).toLowerCase() === 'basic') return { name, kind: 'basic' as const };
      if (s.type === 'http' && String(s.scheme).toLowerCase() === 'bearer') return { name, kind: 'bearer' as const };
      if (s.type === 'apiKey' && s.name) return { name, kind: 'apiKey' as const, in: s.in ?? 'header', paramName: s.name };
      return { name, kind: 'other' as const };
    });

  const server = doc.servers?.[0];
  const info = doc.info ?? {};
  return {
    label,
    exportName: versionExportName(label),
    sourceFile: loaded.file,
    info: {
      title: typeof info.title === 'string' ? info.title : namespace,
      version: typeof info.version === 'string' ? info.version : String(info.version ?? ''),
      ...(typeof info.description === 'string' ? { description: info.description } : {}),
    },
    ...(server && typeof server.url === 'string'
      ? {
          server: {
            url: server.url,
            variables: Object.fromEntries(Object.entries(server.variables ?? {}).map(([k, v]) => [k, String(v?.default ?? '')])),
          },
        }
      : {}),
    nutanix,
    modules,
    apis,
    securitySchemes,
  };
}

export interface SdkOptions {
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly scope?: string;
  readonly generatorVersion: string;
}

/** One package from one or more versions of the same namespace. */
export function buildSdk(namespace: string, versions: Version[], options: SdkOptions): Sdk {
  const sorted = versions.slice().sort((a, b) => compareVersionLabels(a.label, b.label));
  const newest = sorted[sorted.length - 1]!;
  const scope = options.scope ?? '@ntnx-sdk';
  return {
    packageName: options.packageName ?? `${scope}/${namespace}`,
    // The first generation's version; generate() decides the real one from the previous generation.
    packageVersion: options.packageVersion ?? firstVersion(newest.label),
    namespace,
    title: newest.info.title,
    ...(newest.info.description ? { description: newest.info.description } : {}),
    versions: sorted,
  };
}

/** `v4.0` < `v4.1.b2` < `v4.1`; numeric parts compare as numbers. */
export function compareVersionLabels(a: string, b: string): number {
  const parts = (s: string) => s.replace(/^v/, '').split('.');
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return /^[ab]/.test(y!) ? 1 : -1; // v4.1 > v4.1.b2
    if (y === undefined) return /^[ab]/.test(x) ? -1 : 1;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}
