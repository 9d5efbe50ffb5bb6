/**
 * `ntnx-sdkgen diff <old> <new>`: what changed between two documents of one API, through
 * their IRs, as Markdown or JSON, with the suggested semver bump.
 */
import { EXIT, parseCommand, UsageError } from './args.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readSnapshot } from '../diff/changelog.js';
import { diffVersions, type DiffReport } from '../diff/diff.js';
import { renderJson, renderMarkdown } from '../diff/report.js';
import { buildPackageIr } from '../generate.js';
import type { Version } from '../ir/model.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { Templates } from '../templates.js';

export const DIFF_USAGE = `Usage: ntnx-sdkgen diff <old> <new> [options]

Compares two documents of one API (files, URLs, or a generated package folder for its last
generation) and reports added, removed and changed operations, models, fields, enum values,
required-ness and types, each marked breaking or not, with the suggested semver bump.

Options:
  --format <md|json>    report format on standard output (default md)
  --md <file>           also write the Markdown report to a file
  --json <file>         also write the JSON report to a file
  --namespace <name>    namespace when it cannot be read from the documents
  --version <label>     with a package folder: which of its API versions to compare (default: newest)
  --templates <dir>     templates overriding the built-in report templates
  --fail-on-breaking    exit with status 3 when a change is breaking
  --quiet               print the report only`;

/** The IR of one side: a document, or the snapshot kept in a generated package folder. */
async function loadSide(source: string, namespace: string | undefined, label: string | undefined, log: (line: string) => void): Promise<Version> {
  if (existsSync(path.join(source, 'package.json'))) {
    const snapshot = readSnapshot(source);
    if (!snapshot) throw new Error(`${source} has no API snapshot (.ntnx-sdkgen/): generate it with this version of ntnx-sdkgen first`);
    const versions = snapshot.sdk.versions;
    const version = label ? versions.find((v) => v.label === label) : versions[versions.length - 1];
    if (!version) throw new Error(`${source} has no API version ${label} (it has ${versions.map((v) => v.label).join(', ')})`);
    return version;
  }
  const { sdk, warnings } = await buildPackageIr({ specs: [source], ...(namespace ? { namespace } : {}) });
  for (const w of warnings) log(formatDiagnostic(w));
  return sdk.versions[0]!;
}

export async function diffDocuments(oldSource: string, newSource: string, options: { namespace?: string; version?: string; log?: (line: string) => void } = {}): Promise<DiffReport> {
  const log = options.log ?? (() => {});
  const [a, b] = await Promise.all([loadSide(oldSource, options.namespace, options.version, log), loadSide(newSource, options.namespace, options.version, log)]);
  return diffVersions(a, b);
}

export async function diffCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('diff', DIFF_USAGE, argv, {
      format: { type: 'string' },
      md: { type: 'string' },
      json: { type: 'string' },
      namespace: { type: 'string' },
      version: { type: 'string' },
      templates: { type: 'string' },
      'fail-on-breaking': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(DIFF_USAGE);
    return EXIT.ok;
  }
  const format = values.format ?? 'md';
  if (positionals.length !== 2) throw new UsageError(`ntnx-sdkgen diff: needs two documents, got ${positionals.length}`, DIFF_USAGE);
  if (!['md', 'json'].includes(format)) throw new UsageError(`ntnx-sdkgen diff: --format is md or json, not ${JSON.stringify(format)}`, DIFF_USAGE);
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const report = await diffDocuments(positionals[0]!, positionals[1]!, {
    ...(values.namespace ? { namespace: values.namespace } : {}),
    ...(values.version ? { version: values.version } : {}),
    log,
  });
  const templates = new Templates(values.templates);
  const markdown = renderMarkdown(report, templates);
  const json = renderJson(report);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  };
  if (values.md) write(values.md, markdown);
  if (values.json) write(values.json, json);
  process.stdout.write(format === 'json' ? json : markdown);
  log(`${report.old.label} -> ${report.new.label}: ${report.summary.breaking} breaking, ${report.summary.nonBreaking} non-breaking, ${report.renames.length} renamed symbols; suggested bump: ${report.bump}`);
  for (const r of report.renames) log(`warning: generated name changed: ${r.before} -> ${r.after} (${r.kind}, ${r.element})`);
  return values['fail-on-breaking'] && report.summary.breaking > 0 ? EXIT.breaking : EXIT.ok;
}
