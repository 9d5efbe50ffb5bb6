/**
 * Load: read a document from a file or URL, parse YAML or JSON, bundle external
 * `$ref`s into the document (swagger-parser), check that every internal `$ref`
 * resolves, and hand on an OpenAPI 3.x object. Swagger 2.0 is upgraded here, so
 * nothing past this layer sees a Swagger 2.0 construct.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as JsYaml from 'js-yaml';
import { DiagnosticSink, GeneratorError, SourcePositions, escapePointerToken, parsePointer, type Diagnostic } from './diagnostics.js';
import type { OpenApiDocument } from './openapi.js';
import { upgradeSwagger2 } from './upgrade.js';

export interface LoadedDocument {
  /** The path or URL the document was read from (as given). */
  readonly file: string;
  readonly document: OpenApiDocument;
  /** The OpenAPI version the source declared (`2.0`, `3.0.1`, `3.1.0`). */
  readonly sourceVersion: string;
  readonly diagnostics: DiagnosticSink;
}

export interface LoadOptions {
  /** Turn warnings into errors. */
  readonly strict?: boolean;
}

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function readSource(source: string): Promise<string> {
  const fail = (message: string): never => {
    throw new GeneratorError([{ severity: 'error', code: 'unreadable', message, file: source, pointer: '' }]);
  };
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch (e) {
      return fail(`cannot fetch the document: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
    }
    if (!response.ok) return fail(`cannot fetch the document: HTTP ${response.status} ${response.statusText}`);
    return response.text();
  }
  try {
    return await readFile(source, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a document' : `cannot read the file (${code ?? (e as Error).message})`);
  }
}

/**
 * YAML is parsed once per content: the result is kept as JSON in the system's
 * temporary folder, keyed by a hash of the text and the parser's version, and
 * read back with JSON.parse, several times faster than parsing YAML again. Only
 * results that JSON holds exactly are kept (no dates or other YAML-only values).
 */
function parseYamlCached(text: string, file: string): unknown {
  if (text.length < 256 * 1024) return yamlParser().load(text, { filename: file, json: true });
  const dir = path.join(os.tmpdir(), `ntnx-sdkgen-yaml-${YAML_PARSER_VERSION}`);
  const cached = path.join(dir, `${createHash('sha256').update(text).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(cached, 'utf8'));
  } catch {
    // Not cached yet (or unreadable): parse.
  }
  const parsed = yamlParser().load(text, { filename: file, json: true });
  if (isPlainJson(parsed, 0)) {
    try {
      mkdirSync(dir, { recursive: true });
      const temp = `${cached}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(parsed));
      renameSync(temp, cached);
    } catch {
      // A cache that cannot be written only costs time.
    }
  }
  return parsed;
}

const YAML_PARSER_VERSION = (createRequire(import.meta.url)('js-yaml/package.json') as { version: string }).version;

// Loaded when a YAML document is parsed, not for JSON or a cached YAML document (a tenth of the start-up).
let yamlModule: typeof JsYaml | undefined;
const yamlParser = () => (yamlModule ??= createRequire(import.meta.url)('js-yaml') as typeof JsYaml);

/** Values that survive JSON.stringify and JSON.parse unchanged. */
function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > 200) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
    return true;
  }
  return false;
}

function parseText(file: string, text: string): unknown {
  const trimmed = text.trimStart();
  let jsonError: Diagnostic | undefined;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (e) {
      // YAML is a superset of JSON: a flow-style YAML document may still load.
      // If it does not, the JSON parser's message is the one that helps.
      const message = (e as Error).message;
      const at = /at position (\d+)/.exec(message);
      const pos = at ? positionOf(text, Number(at[1])) : undefined;
      jsonError = {
        severity: 'error',
        code: 'invalid-syntax',
        message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/, "[^]*" is not valid JSON$/, '')}`,
        file,
        pointer: '',
        ...(pos ?? {}),
      };
    }
  }
  try {
    return parseYamlCached(text, file);
  } catch (e) {
    if (jsonError) throw new GeneratorError([jsonError]);
    const err = e as JsYaml.YAMLException;
    const mark = err.mark;
    throw new GeneratorError([
      {
        severity: 'error',
        code: 'invalid-syntax',
        message: `not valid YAML: ${err.reason ?? err.message}`,
        file,
        pointer: '',
        ...(mark ? { line: mark.line + 1, column: mark.column + 1 } : {}),
      },
    ]);
  }
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Every `$ref` in the document with the pointer of the object that holds it.
 * One walk serves every check; pointers are built only where a `$ref` is, since
 * escaping every key of a 2 MB document costs more than the walk itself.
 */
function refsOf(root: unknown): { ref: string; pointer: string; holder: object }[] {
  const found: { ref: string; pointer: string; holder: object }[] = [];
  const path: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (item !== null && typeof item === 'object') {
          path.push(String(i));
          walk(item);
          path.pop();
        }
      }
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) {
        const value = (node as Record<string, unknown>)[key];
        if (key === '$ref') {
          if (typeof value === 'string') found.push({ ref: value, pointer: path.map((t) => '/' + escapePointerToken(t)).join(''), holder: node });
        } else if (value !== null && typeof value === 'object' && key !== 'example' && key !== 'examples' && !key.startsWith('x-')) {
          path.push(key);
          walk(value);
          path.pop();
        }
      }
    }
  };
  walk(root);
  return found;
}

function resolvePointer(root: unknown, pointer: string): unknown {
  let node: unknown = root;
  for (const token of parsePointer(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** An object that is nothing but a reference (its siblings, if any, add no type). */
function isPureRef(node: unknown): node is { $ref: string } {
  if (node === null || typeof node !== 'object' || typeof (node as { $ref?: unknown }).$ref !== 'string') return false;
  return !['type', 'properties', 'items', 'allOf', 'oneOf', 'anyOf', 'additionalProperties', 'enum', 'const'].some((k) => k in node);
}

/**
 * Cycles made only of references (`A: $ref B`, `B: $ref A`) name no type and
 * cannot be generated. Cycles through a model's properties, array items or
 * `allOf` (a tree node with children) are fine and are not reported.
 */
function reportRefCycles(document: unknown, refs: readonly { ref: string; pointer: string; holder: object }[], sink: DiagnosticSink): void {
  const reported = new Set<string>();
  for (const { ref, pointer, holder } of refs) {
    // `holder` is the object at `pointer`: found by the walk, not looked up again.
    if (!ref.startsWith('#') || !isPureRef(holder)) continue;
    const chain = [pointer];
    let current = ref.slice(1);
    for (let i = 0; i < 1000; i++) {
      const start = chain.indexOf(current);
      if (start !== -1) {
        const cycle = chain.slice(start);
        const key = [...cycle].sort().join('\n');
        if (!reported.has(key)) {
          reported.add(key);
          const names = [...cycle, cycle[0]!].map((p) => `#${p}`).join(' -> ');
          sink.error('circular-ref', `$ref cycle ${names}: a schema that is only a reference to itself has no type`, `${cycle[0]}/$ref`);
        }
        break;
      }
      const node = resolvePointer(document, current);
      if (!isPureRef(node) || !node.$ref.startsWith('#')) break;
      chain.push(current);
      current = node.$ref.slice(1);
    }
  }
}

export async function loadDocument(source: string, options: LoadOptions = {}): Promise<LoadedDocument> {
  const file = source;
  const text = await readSource(source);
  const positions = new SourcePositions(text);
  const sink = new DiagnosticSink(file, positions, options.strict ?? false);
  let parsed = parseText(file, text);

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    sink.error('not-openapi', 'the document is not an object: expected an OpenAPI 2.0, 3.0 or 3.1 document', '');
    sink.throwIfErrors();
  }
  const raw = parsed as Record<string, unknown>;
  const declared = typeof raw.openapi === 'string' ? raw.openapi : typeof raw.swagger === 'string' ? raw.swagger : undefined;
  if (declared === undefined) {
    sink.error('not-openapi', 'no `openapi` or `swagger` version field: this is not an OpenAPI document', '');
    sink.throwIfErrors();
  } else if (!/^(2\.0|3\.[01]\.\d+)$/.test(declared)) {
    sink.error('unsupported-version', `unsupported OpenAPI version ${JSON.stringify(declared)}: expected 2.0, 3.0.x or 3.1.x`, raw.openapi !== undefined ? '/openapi' : '/swagger');
    sink.throwIfErrors();
  }

  // Bundle external references into the document. Documents with only internal
  // references (every Nutanix document) need no bundling: skip the tree walk.
  let refs = refsOf(raw);
  const external = refs.some((r) => !r.ref.startsWith('#'));
  if (external) {
    try {
      const base = isUrl(source) ? source : path.resolve(source);
      // Loaded only when needed: it is the slowest module to load of the loader.
      const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
      parsed = await SwaggerParser.bundle(base, raw as never, { resolve: { external: true } });
      refs = refsOf(parsed);
    } catch (e) {
      sink.error('unresolved-ref', `cannot bundle external references: ${(e as Error).message.split('\n')[0]}`, '');
      sink.throwIfErrors();
    }
  }

  let document = parsed as Record<string, unknown>;
  const resolved = new Map<string, boolean>();
  for (const { ref, pointer } of refs) {
    if (!ref.startsWith('#')) {
      sink.error('unresolved-ref', `external reference ${JSON.stringify(ref)} was not bundled`, pointer + '/$ref');
    } else if (!(resolved.get(ref) ?? (resolved.set(ref, resolvePointer(document, ref.slice(1)) !== undefined), resolved.get(ref)))) {
      sink.error('dangling-ref', `$ref ${JSON.stringify(ref)} points to nothing in the document`, pointer + '/$ref');
    }
  }
  sink.throwIfErrors();
  reportRefCycles(document, refs, sink);
  sink.throwIfErrors();

  if (declared === '2.0') document = upgradeSwagger2(document, sink) as Record<string, unknown>;
  if (typeof document.paths !== 'object' || document.paths === null) document.paths = {};
  sink.throwIfErrors();
  return { file, document: document as unknown as OpenApiDocument, sourceVersion: declared ?? '', diagnostics: sink };
}

export type { Diagnostic };
