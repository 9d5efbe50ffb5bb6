/**
 * Command-line parsing shared by every command: node's `parseArgs`, with its errors
 * turned into a `UsageError` that names the command, the closest known flag and the
 * command's usage. Exit codes of the CLI: 0 done, 1 bad input (a document, file or
 * folder that cannot be used), 2 a command line that cannot be understood,
 * 3 `diff --fail-on-breaking` found a breaking change.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT = { ok: 0, input: 1, usage: 2, breaking: 3 } as const;

/** A command line that cannot be understood: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly usage: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A file or folder named on the command line that does not exist: exit code 1, no stack trace. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Edit distance between two short strings (flags), for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** The known flag closest to `given` (`--spc` -> `--spec`), if one is close enough to be a typo. */
export function closestFlag(given: string, known: readonly string[]): string | undefined {
  const name = given.replace(/^-+/, '').split('=')[0]!;
  let best: { flag: string; d: number } | undefined;
  for (const flag of known) {
    const d = distance(name, flag);
    if (!best || d < best.d) best = { flag, d };
  }
  const allowed = Math.max(1, Math.floor(name.length / 3));
  return best && (best.d <= allowed || best.flag.startsWith(name) || name.startsWith(best.flag)) ? `--${best.flag}` : undefined;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `parseArgs` for `command`; a bad flag or a missing value becomes a `UsageError`. */
export function parseCommand<T extends Options>(command: string, usage: string, argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    const err = e as { code?: string; message: string };
    const flag = /'(-{1,2}[^' ,]+)/.exec(err.message)?.[1];
    let message: string;
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) {
      const hint = closestFlag(flag, Object.keys(options));
      message = `unknown option ${flag}${hint ? ` (did you mean ${hint}?)` : ''}`;
    } else if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
      message = options[flag.replace(/^-+/, '')]?.type === 'string' ? `option ${flag} needs a value` : `option ${flag} takes no value`;
    } else if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      message = `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trim();
    } else {
      message = err.message;
    }
    throw new UsageError(`ntnx-sdkgen ${command}: ${message}`, usage);
  }
}

/** A folder named on the command line: an `InputError` that names it when it is missing or a file. */
export function requireFolder(dir: string, what: string): string {
  if (!existsSync(dir)) throw new InputError(`${what} folder not found: ${dir}`);
  if (!statSync(dir).isDirectory()) throw new InputError(`${what} is a file, not a folder: ${dir}`);
  return dir;
}
