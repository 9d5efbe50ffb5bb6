/**
 * Rendering API diffs: JSON for tools, Markdown (from the `api-diff` templates) for people.
 * The same partial renders the `diff` command's report and the CHANGELOG entries.
 */
import type { Templates } from '../templates.js';
import type { Change, DiffReport, SdkDiff, Subject } from './diff.js';

const SUBJECT_WORDS: Record<Subject, string> = {
  version: 'API version',
  api: 'API class',
  operation: 'operation',
  parameter: 'parameter',
  'request-body': 'request body',
  response: 'response',
  model: 'model',
  field: 'field',
  'enum-value': 'enum value',
  'union-branch': 'union branch',
};

const BUMP_REASONS = {
  major: 'breaking changes',
  minor: 'additions only, nothing breaking',
  patch: 'compatible changes only',
  none: 'no changes',
} as const;

function changeView(c: Change): object {
  return { ...c, subjectWord: SUBJECT_WORDS[c.subject], hasBeforeAfter: c.before !== undefined || c.after !== undefined };
}

/** What a package-level verdict means for code compiled against the previous version. */
const PACKAGE_BUMP_REASONS = {
  major: 'code compiled against the previous version can break',
  minor: 'new API, nothing that compiled before breaks',
  patch: 'same API, changed generated code',
  none: 'no changes',
} as const;

/**
 * The data the `api-diff` partial renders. `heading` is the Markdown heading prefix of its
 * sections; a `migration` report (one API version to the next) has no bump of its own.
 */
export function reportView(report: DiffReport, heading: string, migration = false): object {
  return {
    ...report,
    heading,
    migration,
    bumpReason: BUMP_REASONS[report.bump],
    breakingChanges: report.changes.filter((c) => c.breaking).map(changeView),
    otherChanges: report.changes.filter((c) => !c.breaking).map(changeView),
    hasChanges: report.changes.length > 0,
    hasRenames: report.renames.length > 0,
  };
}

/** The `diff` command's Markdown report. */
export function renderMarkdown(report: DiffReport, templates: Templates): string {
  return templates.render('API-DIFF.md.hbs', { report: reportView(report, '##') });
}

/** The `diff` command's JSON report: the report itself, with a format version for tools. */
export function renderJson(report: DiffReport): string {
  return JSON.stringify({ format: 'ntnx-sdkgen-api-diff/1', ...report }, null, 2) + '\n';
}

/** One CHANGELOG entry for a package generation. */
export function renderChangelogEntry(diff: SdkDiff | undefined, data: { packageName: string; packageVersion: string; versions: { label: string; apiVersion: string }[] }, templates: Templates): string {
  return templates.render('partials/changelog-entry.hbs', {
    ...data,
    initial: diff === undefined,
    diff: diff && {
      ...diff,
      bumpReason: PACKAGE_BUMP_REASONS[diff.bump],
      reports: diff.reports.filter((r) => r.changes.length > 0 || r.renames.length > 0).map((r) => reportView(r, '####')),
      migrations: diff.migrations.map((r) => reportView(r, '####', true)),
    },
  });
}
