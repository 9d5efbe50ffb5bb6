/**
 * Diagnostics: every problem found in a document names the file, the JSON pointer
 * and, where the source has them, the line and column. Nothing past the loader
 * throws a raw exception at the user.
 */
import { createRequire } from 'node:module';
import type { LineCounter, Node } from 'yaml';

/** The YAML parser that keeps positions, loaded when a diagnostic first needs one (most runs never do). */
const yaml = (): typeof import('yaml') => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  /** A stable code, e.g. `dangling-ref`, for tests and for filtering. */
  readonly code: string;
  readonly message: string;
  /** The document's file path or URL. */
  readonly file: string;
  /** JSON pointer into the document (`''` for the whole document). */
  readonly pointer: string;
  readonly line?: number;
  readonly column?: number;
}

/** An error that ends generation with diagnostics instead of a stack trace. */
export class GeneratorError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'GeneratorError';
  }
}

/** `file:line:column - error [code] message (at #/pointer)`, the shape compilers use; no pointer for the whole document. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  return `${where} - ${d.severity} [${d.code}] ${d.message}${d.pointer === '' ? '' : ` (at #${d.pointer})`}`;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Finds line and column of JSON pointers in the source text. The YAML parser that
 * keeps positions is slower than the one used for loading, so it runs only when a
 * diagnostic needs a position.
 */
export class SourcePositions {
  private root: Node | null | undefined;
  private lines: LineCounter | undefined;

  constructor(private readonly text: string | undefined) {}

  private lineStarts: number[] | undefined;

  locate(pointer: string): { line: number; column: number } | undefined {
    if (this.text === undefined) return undefined;
    if (/^\s*[[{]/.test(this.text)) {
      // JSON: scan to the place without building a tree (a 4 MB document takes
      // seconds to parse with positions, milliseconds to scan).
      const offset = jsonOffset(this.text, parsePointer(pointer));
      if (offset !== undefined) return this.position(offset);
    }
    const { LineCounter, parseDocument, isMap, isSeq, isScalar } = yaml();
    if (this.root === undefined) {
      this.lines = new LineCounter();
      try {
        this.root = parseDocument(this.text, { lineCounter: this.lines, keepSourceTokens: false, uniqueKeys: false }).contents;
      } catch {
        this.root = null;
      }
    }
    let node: Node | null | undefined = this.root;
    let keyNode: Node | undefined;
    for (const token of parsePointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === token);
        if (!pair) break;
        keyNode = pair.key as Node;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(token)];
        if (item === undefined) break;
        keyNode = undefined;
        node = item as Node;
      } else break;
    }
    const at = (node ?? keyNode)?.range?.[0] ?? keyNode?.range?.[0];
    if (at === undefined || !this.lines) return undefined;
    const pos = this.lines.linePos(at);
    return { line: pos.line, column: pos.col };
  }

  private position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      const text = this.text!;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

/**
 * The offset of the value a pointer names in JSON text (or of the deepest part
 * of it that exists), found by scanning: values on the way that are not on the
 * path are skipped, never parsed. `undefined` when the text is not JSON.
 */
export function jsonOffset(text: string, tokens: readonly string[]): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readString = (): string => {
    const start = i;
    skipString();
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return text.slice(start + 1, i - 1);
    }
  };
  const skipValue = () => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const d = text[i];
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
      return;
    }
    while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
  };
  ws();
  let found = i;
  outer: for (const token of tokens) {
    ws();
    if (text[i] === '{') {
      i++;
      for (;;) {
        ws();
        if (text[i] !== '"') break outer;
        const keyAt = i;
        const key = readString();
        ws();
        if (text[i] !== ':') return undefined;
        i++;
        ws();
        if (key === token) {
          found = i;
          void keyAt;
          continue outer;
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else break outer;
      }
    } else if (text[i] === '[') {
      i++;
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0) break;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']' || i >= text.length) break outer;
        if (n === index) {
          found = i;
          continue outer;
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        else break outer;
      }
    } else break;
  }
  return found;
}

/** Collects diagnostics for one document; warnings become errors under `--strict`. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  private pointerMapper: ((pointer: string) => string) | undefined;

  constructor(
    readonly file: string,
    private readonly positions: SourcePositions,
    private readonly strict = false,
  ) {}

  /**
   * Translates pointers into the document the later stages see back to the
   * user's file (set by the Swagger 2.0 upgrade: `/components/schemas/x` was
   * `/definitions/x`).
   */
  mapPointer(mapper: (pointer: string) => string): void {
    this.pointerMapper = mapper;
  }

  report(severity: Severity, code: string, message: string, pointer: string): void {
    const effective: Severity = this.strict ? 'error' : severity;
    const source = this.pointerMapper ? this.pointerMapper(pointer) : pointer;
    const pos = this.positions.locate(source);
    this.items.push({ severity: effective, code, message, file: this.file, pointer: source, ...(pos ?? {}) });
  }

  warn(code: string, message: string, pointer: string): void {
    this.report('warning', code, message, pointer);
  }

  error(code: string, message: string, pointer: string): void {
    this.report('error', code, message, pointer);
  }

  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  /** Throws when any error was reported, so that no partial output is written. */
  throwIfErrors(): void {
    if (this.errors.length > 0) throw new GeneratorError(this.items.filter((d) => d.severity === 'error'));
  }
}
