/**
 * The `ntnx-sdkgen` command line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { discoverSpecs, generate, generateFamily, type FamilyMember } from './generate.js';
import { formatDiagnostic, GeneratorError } from './load/diagnostics.js';
import { releaseCommand } from './commands/index.js';
import { docsCommand } from './commands/docs.js';
import { closestFlag, EXIT, InputError, parseCommand, requireFolder, UsageError } from './commands/args.js';
import { optimizeLessEagerly } from './tiering.js';

const USAGE = `Usage:
  ntnx-sdkgen generate --spec <file|url> [--spec <file|url> ...] --out <dir> [options]
  ntnx-sdkgen generate-all [--specs <dir>] [--out <dir>] [options]
  ntnx-sdkgen generate-all --config <ntnx-sdkgen.config.json> [--watch] [--only <ns>,...]
  ntnx-sdkgen diff <old document> <new document> [--format md|json] [--fail-on-breaking]
  ntnx-sdkgen pack [--out <dir>] [--tarballs <dir>]
  ntnx-sdkgen publish [--tarballs <dir>] [--registry <url>] [--dry-run]   (publish --help)
  ntnx-sdkgen init   (writes a starter ntnx-sdkgen.config.json)
  ntnx-sdkgen docs [--spec <file|url> ... --out <dir>] [--annotated-spec]   (API reference site)

Run \`ntnx-sdkgen <command> --help\` for the options of a command.

Exit codes: 0 done; 1 bad input (a document, file or folder that cannot be used); 2 a command
line that cannot be understood; 3 diff --fail-on-breaking found a breaking change.`;

const COMMON_OPTIONS = `  --templates <dir>      a folder whose templates override the built-in ones by file name
  --strict               treat warnings as errors
  --prettier             run prettier over the output (slower; results are cached)
  --watch                generate again when a document or template changes
  --quiet                print errors only
  --debug                print stack traces
  --force                generate even when the output is up to date (same documents, options,
                         templates and generator as its last generation)
  -h, --help             this text`;

const GENERATE_USAGE = `Usage: ntnx-sdkgen generate --spec <file|url> [--spec <file|url> ...] --out <dir> [options]

Generates one package from the documents of one namespace (each document an API version).

Options:
  --spec <file|url>      a document; repeat it for more API versions of the namespace
  --out <dir>            the package folder (written whole, or not at all)
  --name <package>       npm package name (default: @ntnx-sdk/<namespace>)
  --namespace <name>     namespace when it cannot be read from the document
  --package-version <v>  package version (default: the previous generation's, raised by what changed)
  --previous-version <v> the version last published (npm view <name> version); a newer generation
                         in --out that was never published is replaced, not built upon
${COMMON_OPTIONS}`;

const GENERATE_ALL_USAGE = `Usage: ntnx-sdkgen generate-all [--specs <dir>] [--out <dir>] [options]
       ntnx-sdkgen generate-all --config <ntnx-sdkgen.config.json> [--watch] [--only <ns>,...]

Generates a package per namespace folder of <specs>/<namespace>/<version>.yaml into <out>/<namespace>.

Options:
  --specs <dir>          folder of namespace folders (default: specs)
  --out <dir>            where the packages go (default: output)
  --scope <scope>        npm scope of the packages (default: @ntnx-sdk)
  --package-version <v>  version of every package (default: from the documents and the generator)
  --no-docs              leave out the API reference sites (<package>/docs, <out>/docs)
  --threads <n>          worker threads that read and emit the packages (default: one per core;
                         1: all in one thread; the output is the same)
  --config <file>        packages, names, licence and client defaults from a configuration file
  --only <ns>,...        with --config: only these namespaces
${COMMON_OPTIONS}`;

const COMMON = {
  templates: { type: 'string' },
  strict: { type: 'boolean' },
  prettier: { type: 'boolean' },
  'no-format': { type: 'boolean' },
  'package-version': { type: 'string' },
  watch: { type: 'boolean' },
  quiet: { type: 'boolean' },
  debug: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags of generate and generate-all, after parsing. */
interface CliValues {
  readonly spec?: string[];
  readonly specs?: string;
  readonly out?: string;
  readonly name?: string;
  readonly scope?: string;
  readonly namespace?: string;
  readonly 'package-version'?: string;
  readonly 'previous-version'?: string;
  readonly templates?: string;
  readonly strict?: boolean;
  readonly prettier?: boolean;
  readonly 'no-format'?: boolean;
  readonly 'no-docs'?: boolean;
  readonly quiet?: boolean;
  readonly force?: boolean;
  readonly threads?: string;
  readonly help?: boolean;
}

const COMMANDS = ['generate', 'generate-all', 'diff', 'pack', 'init', 'docs'];

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command === undefined || command === '-h' || command === '--help') {
    if (command === undefined) throw new UsageError('ntnx-sdkgen: which command?', USAGE);
    console.log(USAGE);
    return EXIT.ok;
  }
  if (!COMMANDS.includes(command)) {
    const hint = closestFlag(command, COMMANDS);
    throw new UsageError(`ntnx-sdkgen: unknown command ${JSON.stringify(command)}${hint ? ` (did you mean ${hint.slice(2)}?)` : ''}`, USAGE);
  }
  // diff, pack, init, --config and --watch: see generator/commands/.
  const released = await releaseCommand(argv);
  if (released !== undefined) return released;
  if (command === 'docs') return docsCommand(argv.slice(1));
  const usage = command === 'generate' ? GENERATE_USAGE : GENERATE_ALL_USAGE;
  const values: CliValues = (
    command === 'generate'
      ? parseCommand(command, usage, argv.slice(1), { ...COMMON, spec: { type: 'string', multiple: true }, out: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' }, 'previous-version': { type: 'string' } }, false)
      : parseCommand(command, usage, argv.slice(1), { ...COMMON, specs: { type: 'string' }, out: { type: 'string' }, scope: { type: 'string' }, 'no-docs': { type: 'boolean' }, threads: { type: 'string' }, config: { type: 'string' }, only: { type: 'string' } }, false)
  ).values;
  if (values.help) {
    console.log(usage);
    return EXIT.ok;
  }
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`ntnx-sdkgen ${command}: --threads takes a whole number from 1 up, not ${JSON.stringify(values.threads)}`, usage);
  const common = {
    ...(values.templates ? { templates: values.templates } : {}),
    ...(values.strict ? { strict: true } : {}),
    ...(values.prettier && !values['no-format'] ? { format: true } : {}),
    ...(values['package-version'] ? { packageVersion: values['package-version'] } : {}),
    ...(values.force ? { force: true } : {}),
    ...(threads ? { threads } : {}),
    log,
  };
  const report = (warnings: readonly { severity: string }[]) => {
    if (values.quiet) return;
    for (const w of warnings as Parameters<typeof formatDiagnostic>[0][]) console.error(formatDiagnostic(w));
  };

  if (command === 'generate') {
    if (!values.spec?.length || !values.out) throw new UsageError(`ntnx-sdkgen generate: ${values.spec?.length ? '--out' : '--spec'} is required`, GENERATE_USAGE);
    const started = performance.now();
    const result = await generate({
      ...common,
      specs: values.spec,
      out: values.out,
      ...(values.name ? { packageName: values.name } : {}),
      ...(values.namespace ? { namespace: values.namespace } : {}),
      ...(values['previous-version'] ? { previousVersion: values['previous-version'] } : {}),
      formatCache: path.join(path.dirname(path.resolve(values.out)), '.ntnx-sdkgen-cache', `${path.basename(values.out)}.json`),
    });
    report(result.warnings);
    const took = `${((performance.now() - started) / 1000).toFixed(2)} s`;
    log(result.unchanged ? `${values.out} is up to date (checked in ${took}; --force generates it again)` : `wrote ${result.files.size} files to ${values.out} in ${took}`);
    return 0;
  }

  if (command === 'generate-all') {
    const cpuStart = process.cpuUsage();
    const specsDir = requireFolder(values.specs ?? 'specs', 'specs');
    const outDir = values.out ?? 'output';
    const started = performance.now();
    const scope = values.scope ?? '@ntnx-sdk';
    // The legacy v3 API (Swagger 2.0) lives under specs/v3 and is generated as a package of its own.
    const members: FamilyMember[] = discoverSpecs(specsDir)
      .filter((n) => n.namespace !== 'v3')
      .map(({ namespace, specs }) => ({ ...(values.force ? { force: true } : {}), namespace, specs, out: path.join(outDir, namespace), formatCache: path.join(outDir, '.ntnx-sdkgen-cache', `${namespace}.json`) }));
    const v3 = path.join(specsDir, 'v3', 'prism-central.json');
    if (existsSync(v3)) {
      members.push({
        ...(values.force ? { force: true } : {}),
        specs: [v3],
        namespace: 'prism-central-v3',
        out: path.join(outDir, 'prism-central-v3'),
        packageName: `${scope}/prism-central-v3`,
        formatCache: path.join(outDir, '.ntnx-sdkgen-cache', 'prism-central-v3.json'),
        docs: false,
      });
    }
    const docs = !values['no-docs'];
    const family = await generateFamily({ ...common, members: members.map((m) => ({ docs, ...m })), out: outDir, scope });
    for (const result of family.members) report(result.warnings);
    if (family.unchanged) {
      log(`${outDir} is up to date: ${members.length} packages, checked in ${((performance.now() - started) / 1000).toFixed(2)} s (--force generates them again)`);
      return 0;
    }
    const extra = [family.runtime.packageName, ...(family.shared ? [family.shared.packageName] : [])];
    const regenerated = family.members.filter((m) => !m.unchanged).length;
    const what = regenerated === members.length ? `${members.length} packages` : `${regenerated} of ${members.length} packages (the others are unchanged)`;
    const wall = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const phases = family.timings ? Object.entries(family.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ') : '';
    // What the run cost: its phases, and how many cores it kept busy (CPU time over wall time, every thread).
    log(`generated ${what} and ${extra.join(', ')} in ${outDir} in ${(wall / 1000).toFixed(2)} s (${phases}; ${((cpu.user + cpu.system) / 1000 / wall).toFixed(2)} cores busy)`);
    return 0;
  }

  return EXIT.ok;
}

// Before any of the generator's functions is hot (see tiering.ts).
optimizeLessEagerly();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${error.usage}`);
      process.exitCode = EXIT.usage;
      return;
    }
    if (error instanceof InputError) {
      console.error(`ntnx-sdkgen: ${error.message}`);
    } else if (error instanceof GeneratorError) {
      for (const d of error.diagnostics) console.error(formatDiagnostic(d));
    } else if (process.argv.includes('--debug')) {
      console.error(error);
    } else {
      console.error(`ntnx-sdkgen: ${error instanceof Error ? error.message : String(error)} (run with --debug for details)`);
    }
    process.exitCode = EXIT.input;
  },
);
