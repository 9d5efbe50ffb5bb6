/**
 * Diagnostics: every problem found in a document names the file, the JSON pointer
 * and, where the source has them, the line and column. Nothing past the loader
 * throws a raw exception at the user.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';

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

/** `file:line:column - error [code] message (at #/pointer)`, the shape compilers use. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.column ?? 1}` : d.file;
  const pointer = d.pointer === '' ? '#' : `#${d.pointer}`;
  return `${where} - ${d.severity} [${d.code}] ${d.message} (at ${pointer})`;
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

  locate(pointer: string): { line: number; column: number } | undefined {
    if (this.text === undefined) return undefined;
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
}

/** Collects diagnostics for one document; warnings become errors under `--strict`. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  constructor(
    readonly file: string,
    private readonly positions: SourcePositions,
    private readonly strict = false,
  ) {}

  report(severity: Severity, code: string, message: string, pointer: string): void {
    const effective: Severity = this.strict ? 'error' : severity;
    const pos = this.positions.locate(pointer);
    this.items.push({ severity: effective, code, message, file: this.file, pointer, ...(pos ?? {}) });
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
