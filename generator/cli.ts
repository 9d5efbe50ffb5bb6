/**
 * The `ntnx-sdkgen` command line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { discoverSpecs, generate, generateFamily, type FamilyMember } from './generate.js';
import { formatDiagnostic, GeneratorError } from './load/diagnostics.js';
import { releaseCommand } from './commands/index.js';
import { docsCommand } from './commands/docs.js';

const USAGE = `Usage:
  ntnx-sdkgen generate --spec <file|url> [--spec <file|url> ...] --out <dir> [options]
  ntnx-sdkgen generate-all [--specs <dir>] [--out <dir>] [options]
  ntnx-sdkgen generate-all --config <ntnx-sdkgen.config.json> [--watch] [--only <ns>,...]
  ntnx-sdkgen diff <old document> <new document> [--format md|json] [--fail-on-breaking]
  ntnx-sdkgen pack [--out <dir>] [--tarballs <dir>]
  ntnx-sdkgen publish [--tarballs <dir>] [--registry <url>] [--dry-run]   (publish --help)
  ntnx-sdkgen init   (writes a starter ntnx-sdkgen.config.json)
  ntnx-sdkgen docs [--spec <file|url> ... --out <dir>] [--annotated-spec]   (API reference site; docs --help)

Options:
  --name <package>       npm package name (default: @ntnx-sdk/<namespace>)
  --scope <scope>        npm scope for generate-all (default: @ntnx-sdk)
  --namespace <name>     namespace when it cannot be read from the document
  --package-version <v>  package version (default: the previous generation's, raised by what changed)
  --previous-version <v> generate: the version last published (npm view <name> version); a newer
                         generation in --out that was never published is replaced, not built upon
  --templates <dir>      a folder whose templates override the built-in ones by file name
  --strict               treat warnings as errors
  --prettier             run prettier over the output (slower; results are cached)
  --quiet                print errors only
  --debug                print stack traces
  --watch                generate again when a document or template changes
  --no-docs              generate-all: leave out the API reference site (<package>/docs)
  -h, --help             this text`;

async function main(argv: string[]): Promise<number> {
  // diff, pack, init, --config and --watch: see generator/commands/.
  const released = await releaseCommand(argv);
  if (released !== undefined) return released;
  if (argv[0] === 'docs') return docsCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      spec: { type: 'string', multiple: true },
      specs: { type: 'string' },
      out: { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string' },
      namespace: { type: 'string' },
      'package-version': { type: 'string' },
      'previous-version': { type: 'string' },
      templates: { type: 'string' },
      strict: { type: 'boolean' },
      prettier: { type: 'boolean' },
      'no-format': { type: 'boolean' },
      'no-docs': { type: 'boolean' },
      quiet: { type: 'boolean' },
      debug: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 1;
  }
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const common = {
    ...(values.templates ? { templates: values.templates } : {}),
    ...(values.strict ? { strict: true } : {}),
    ...(values.prettier && !values['no-format'] ? { format: true } : {}),
    ...(values['package-version'] ? { packageVersion: values['package-version'] } : {}),
    log,
  };
  const report = (warnings: readonly { severity: string }[]) => {
    if (values.quiet) return;
    for (const w of warnings as Parameters<typeof formatDiagnostic>[0][]) console.error(formatDiagnostic(w));
  };

  if (command === 'generate') {
    if (!values.spec?.length || !values.out) {
      console.error('generate needs --spec and --out\n\n' + USAGE);
      return 1;
    }
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
    log(`wrote ${result.files.size} files to ${values.out} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return 0;
  }

  if (command === 'generate-all') {
    const specsDir = values.specs ?? 'specs';
    const outDir = values.out ?? 'output';
    const started = performance.now();
    const scope = values.scope ?? '@ntnx-sdk';
    // The legacy v3 API (Swagger 2.0) lives under specs/v3 and is generated as a package of its own.
    const members: FamilyMember[] = discoverSpecs(specsDir)
      .filter((n) => n.namespace !== 'v3')
      .map(({ namespace, specs }) => ({ namespace, specs, out: path.join(outDir, namespace), formatCache: path.join(outDir, '.ntnx-sdkgen-cache', `${namespace}.json`) }));
    const v3 = path.join(specsDir, 'v3', 'prism-central.json');
    if (existsSync(v3)) {
      members.push({
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
    const extra = [family.runtime.packageName, ...(family.shared ? [family.shared.packageName] : [])];
    log(`generated ${members.length} packages and ${extra.join(', ')} in ${outDir} in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    return 0;
  }

  console.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof GeneratorError) {
      for (const d of error.diagnostics) console.error(formatDiagnostic(d));
    } else if (process.argv.includes('--debug')) {
      console.error(error);
    } else {
      console.error(`ntnx-sdkgen: ${error instanceof Error ? error.message : String(error)} (run with --debug for details)`);
    }
    process.exitCode = 1;
  },
);
