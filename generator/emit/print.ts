/**
 * Prints the declaration structures the emitters build (classes, interfaces,
 * type aliases, functions, namespaces) as TypeScript text.
 *
 * The emitters only ever print structures, never parse or analyse code: a
 * compiler is not needed for that. This printer lays code out as ts-morph's
 * structure printer did (the structures keep its property names), without
 * loading the TypeScript compiler that ts-morph bundles (10 MB, most of the
 * generator's start-up) and without scanning every character written.
 */

/** What a `WriterFunction` writes with. */
export interface CodeWriter {
  write(text: string): this;
  writeLine(text: string): this;
  inlineBlock(block: () => void): this;
}

export type WriterFunction = (writer: CodeWriter) => void;

export const StructureKind = {
  Class: 'class',
  Interface: 'interface',
  TypeAlias: 'typeAlias',
  Function: 'function',
  Module: 'module',
  ImportDeclaration: 'import',
} as const;

export const Scope = { Public: 'public', Protected: 'protected', Private: 'private' } as const;
export const ModuleDeclarationKind = { Namespace: 'namespace' } as const;

type Body = string | WriterFunction | readonly (string | WriterFunction)[];

interface Documented {
  readonly docs?: readonly string[];
}

interface Modifiers {
  readonly isExported?: boolean;
  readonly hasDeclareKeyword?: boolean;
  readonly scope?: (typeof Scope)[keyof typeof Scope];
  readonly isStatic?: boolean;
  readonly isReadonly?: boolean;
}

export interface ParameterDeclarationStructure extends Modifiers {
  readonly name: string;
  readonly type?: string;
  readonly hasQuestionToken?: boolean;
  readonly initializer?: string;
}

export interface PropertyDeclarationStructure extends Documented, Modifiers {
  readonly name: string;
  readonly type?: string;
  readonly hasQuestionToken?: boolean;
  readonly hasExclamationToken?: boolean;
  readonly initializer?: string;
}

export type PropertySignatureStructure = PropertyDeclarationStructure;

export interface MethodDeclarationStructure extends Documented, Modifiers {
  readonly name: string;
  readonly parameters?: readonly ParameterDeclarationStructure[];
  readonly returnType?: string;
  readonly statements?: Body;
}

export interface ConstructorDeclarationStructure extends Documented, Modifiers {
  readonly parameters?: readonly ParameterDeclarationStructure[];
  readonly statements?: Body;
}

export type GetAccessorDeclarationStructure = MethodDeclarationStructure;

export interface ClassDeclarationStructure extends Documented, Modifiers {
  readonly kind: typeof StructureKind.Class;
  readonly name: string;
  readonly properties?: readonly PropertyDeclarationStructure[];
  readonly ctors?: readonly ConstructorDeclarationStructure[];
  readonly getAccessors?: readonly GetAccessorDeclarationStructure[];
  readonly methods?: readonly MethodDeclarationStructure[];
}

export interface InterfaceDeclarationStructure extends Documented, Modifiers {
  readonly kind: typeof StructureKind.Interface;
  readonly name: string;
  readonly properties?: readonly PropertySignatureStructure[];
}

export interface TypeAliasDeclarationStructure extends Documented, Modifiers {
  readonly kind: typeof StructureKind.TypeAlias;
  readonly name: string;
  readonly type: string;
}

export interface FunctionDeclarationStructure extends MethodDeclarationStructure {
  readonly kind: typeof StructureKind.Function;
}

export interface ModuleDeclarationStructure extends Documented, Modifiers {
  readonly kind: typeof StructureKind.Module;
  readonly name: string;
  readonly declarationKind?: (typeof ModuleDeclarationKind)[keyof typeof ModuleDeclarationKind];
  readonly statements?: readonly StatementStructures[];
}

export interface ImportDeclarationStructure {
  readonly kind?: typeof StructureKind.ImportDeclaration;
  readonly moduleSpecifier: string;
  readonly isTypeOnly?: boolean;
  readonly namedImports: readonly { readonly name: string; readonly alias?: string; readonly isTypeOnly?: boolean }[];
}

export type StatementStructures =
  | ClassDeclarationStructure
  | InterfaceDeclarationStructure
  | TypeAliasDeclarationStructure
  | FunctionDeclarationStructure
  | ModuleDeclarationStructure;

/** Kept for the emitters' signatures: every structure here already has its optional members optional. */
export type OptionalKind<T> = T;

export type Statement = string | WriterFunction | StatementStructures;

const NEWLINE = /\r?\n/;
const INDENTS: string[] = [''];
const indentText = (level: number): string => (INDENTS[level] ??= '  '.repeat(level));

/**
 * Text with block indentation: each line written starts at the indentation of
 * the block it is in, plus one level on the continuation lines of a hanging
 * indent (a long type after `=`).
 */
class TextWriter implements CodeWriter {
  private readonly parts: string[] = [];
  private length = 0;
  private last = 0;
  private beforeLast = 0;
  /** The last character written that is not white space. */
  private lastSolid = 0;
  private indent = 0;
  private queued: number | undefined;
  private firstLineOfBlock = true;

  toString(): string {
    return this.parts.join('');
  }

  write(text: string): this {
    // Most writes are a piece of one line.
    if (text.indexOf('\n') === -1) {
      if (text.length > 0) {
        if (this.length === 0 || this.last === 10) this.raw(indentText(this.indent));
        this.raw(text);
      }
      return this;
    }
    const lines = text.split(NEWLINE);
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) this.newLine();
      const line = lines[i]!;
      if (line.length === 0 && lines.length > 1) continue;
      if (this.length === 0 || this.last === 10) this.raw(indentText(this.indent));
      this.raw(line);
    }
    return this;
  }

  writeLine(text: string): this {
    if (this.length > 0) this.newLineIfLastNot();
    this.write(text);
    return this.newLine();
  }

  inlineBlock(block: () => void): this {
    this.write('{');
    this.newLineIfLastNot();
    this.indent++;
    this.firstLineOfBlock = true;
    block();
    this.firstLineOfBlock = false;
    this.indent = Math.max(0, this.indent - 1);
    this.newLineIfLastNot();
    return this.write('}');
  }

  newLine(): this {
    this.raw('\n');
    this.firstLineOfBlock = false;
    if (this.queued !== undefined) {
      this.indent = this.queued;
      this.queued = undefined;
    }
    return this;
  }

  newLineIfLastNot(): this {
    return this.last === 10 ? this : this.newLine();
  }

  blankLine(): this {
    return this.newLineIfLastNot().newLine();
  }

  blankLineIfLastNot(): this {
    return this.last === 10 && this.beforeLast === 10 ? this : this.blankLine();
  }

  spaceIfLastNot(): this {
    return this.last === 32 ? this : this.write(' ');
  }

  /** Continuation lines written by `action` are indented one more level. */
  hangingIndent(action: () => void): void {
    const indent = this.indent;
    const queued = this.queued;
    this.queued = indent + 1;
    try {
      action();
    } finally {
      this.indent = indent;
      this.queued = queued;
    }
  }

  atStartOfFirstLineOfBlock(): boolean {
    return this.firstLineOfBlock && (this.length === 0 || this.last === 10);
  }

  lastSolidIsCloseBrace(): boolean {
    return this.lastSolid === 125;
  }

  private raw(text: string): void {
    const n = text.length;
    if (n === 0) return;
    this.parts.push(text);
    this.length += n;
    this.beforeLast = n > 1 ? text.charCodeAt(n - 2) : this.last;
    this.last = text.charCodeAt(n - 1);
    for (let i = n - 1; i >= 0; i--) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) {
        this.lastSolid = c;
        break;
      }
    }
  }
}

function body(w: TextWriter, statements: Body | readonly Statement[] | undefined, ambient: boolean): void {
  if (statements === undefined) return;
  if (typeof statements === 'string' || typeof statements === 'function') {
    statement(w, statements, ambient);
    return;
  }
  for (const s of statements) {
    if (w.lastSolidIsCloseBrace()) w.blankLineIfLastNot();
    else if (!w.atStartOfFirstLineOfBlock()) w.newLineIfLastNot();
    statement(w, s, ambient);
  }
}

function statement(w: TextWriter, s: Statement, ambient: boolean): void {
  if (typeof s === 'string') {
    w.write(s);
    return;
  }
  if (typeof s === 'function') {
    s(w);
    return;
  }
  const ensureBlankLine = () => {
    if (!w.atStartOfFirstLineOfBlock()) w.blankLineIfLastNot();
  };
  switch (s.kind) {
    case StructureKind.Function:
      if (!ambient) ensureBlankLine();
      return functionDecl(w, s, ambient);
    case StructureKind.Class:
      ensureBlankLine();
      return classDecl(w, s);
    case StructureKind.Interface:
      ensureBlankLine();
      return interfaceDecl(w, s);
    case StructureKind.Module:
      ensureBlankLine();
      return moduleDecl(w, s, ambient);
    case StructureKind.TypeAlias:
      docs(w, s.docs);
      modifiers(w, s);
      w.write(`type ${s.name}`);
      typed(w, ' =', s.type);
      w.write(';');
      return;
  }
}

function docs(w: TextWriter, list: readonly string[] | undefined): void {
  if (!list) return;
  for (const text of list) {
    const lines = text.split(NEWLINE);
    const start = lines[0]!.length === 0 ? 1 : 0;
    w.write('/**');
    if (lines.length <= 1) {
      w.write(' ');
      w.write(lines[start] ?? '');
    } else {
      w.newLine();
      for (let i = start; i < lines.length; i++) {
        w.write(lines[i]!.length > 0 ? ` * ${lines[i]}` : ' *');
        w.newLine();
      }
    }
    w.spaceIfLastNot();
    w.write('*/');
    w.newLine();
  }
}

function modifiers(w: TextWriter, m: Modifiers): void {
  let text = '';
  if (m.isExported) text += 'export ';
  if (m.hasDeclareKeyword) text += 'declare ';
  if (m.scope) text += `${m.scope} `;
  if (m.isStatic) text += 'static ';
  if (m.isReadonly) text += 'readonly ';
  if (text) w.write(text);
}

function typed(w: TextWriter, separator: string, type: string | undefined): void {
  if (type === undefined || type.trim() === '') return;
  w.hangingIndent(() => w.write(`${separator} ${type}`));
}

function initializer(w: TextWriter, text: string | undefined): void {
  if (text === undefined || text.trim() === '') return;
  w.hangingIndent(() => {
    w.spaceIfLastNot();
    w.write(`= ${text}`);
  });
}

function parameters(w: TextWriter, params: readonly ParameterDeclarationStructure[] | undefined): void {
  w.write('(');
  if (params && params.length > 0) {
    w.hangingIndent(() => {
      params.forEach((p, i) => {
        if (i > 0) w.write(', ');
        modifiers(w, p);
        w.write(p.hasQuestionToken ? `${p.name}?` : p.name);
        typed(w, ':', p.type ?? (p.hasQuestionToken ? 'any' : undefined));
        initializer(w, p.initializer);
      });
    });
  }
  w.write(')');
}

function property(w: TextWriter, p: PropertyDeclarationStructure): void {
  docs(w, p.docs);
  modifiers(w, p);
  w.write(p.hasQuestionToken ? `${p.name}?` : p.hasExclamationToken ? `${p.name}!` : p.name);
  typed(w, ':', p.type);
  initializer(w, p.initializer);
  w.write(';');
}

/** Header and body of a method, get accessor, constructor or function. */
function callable(w: TextWriter, head: string, s: MethodDeclarationStructure | ConstructorDeclarationStructure, ambient: boolean): void {
  docs(w, s.docs);
  modifiers(w, s);
  w.write(head);
  parameters(w, s.parameters);
  if ('returnType' in s && s.returnType !== undefined && s.returnType.trim() !== '') w.hangingIndent(() => w.write(`: ${s.returnType}`));
  if (ambient) {
    w.write(';');
    return;
  }
  w.spaceIfLastNot();
  w.inlineBlock(() => body(w, s.statements, false));
}

function functionDecl(w: TextWriter, s: FunctionDeclarationStructure, ambient: boolean): void {
  callable(w, `function ${s.name}`, s, ambient || !!s.hasDeclareKeyword);
}

function classDecl(w: TextWriter, s: ClassDeclarationStructure): void {
  const ambient = !!s.hasDeclareKeyword;
  const separate = () => {
    if (w.atStartOfFirstLineOfBlock()) return;
    if (ambient) w.newLine();
    else w.blankLine();
  };
  docs(w, s.docs);
  modifiers(w, s);
  w.write(`class ${s.name} `);
  w.inlineBlock(() => {
    s.properties?.forEach((p, i) => {
      if (i > 0) w.newLine();
      property(w, p);
    });
    for (const ctor of s.ctors ?? []) {
      separate();
      callable(w, 'constructor', ctor, ambient);
    }
    for (const get of s.getAccessors ?? []) {
      separate();
      callable(w, `get ${get.name}`, get, ambient);
    }
    if (s.methods && s.methods.length > 0) {
      separate();
      s.methods.forEach((m, i) => {
        if (i > 0) {
          if (ambient) w.newLine();
          else w.blankLine();
        }
        callable(w, m.name, m, ambient);
      });
    }
  });
}

function interfaceDecl(w: TextWriter, s: InterfaceDeclarationStructure): void {
  docs(w, s.docs);
  modifiers(w, s);
  w.write(`interface ${s.name} `);
  w.inlineBlock(() => {
    s.properties?.forEach((p, i) => {
      if (i > 0) w.newLine();
      property(w, p);
    });
  });
}

function moduleDecl(w: TextWriter, s: ModuleDeclarationStructure, ambient: boolean): void {
  docs(w, s.docs);
  modifiers(w, s);
  w.write(`${s.declarationKind ?? 'namespace'} ${s.name} `);
  w.inlineBlock(() => body(w, s.statements, ambient || !!s.hasDeclareKeyword));
}

/** A source file's statements, ending with a newline. */
export function printStatements(statements: readonly Statement[]): string {
  const w = new TextWriter();
  body(w, statements, false);
  if (!w.atStartOfFirstLineOfBlock()) w.newLineIfLastNot();
  return w.toString();
}
