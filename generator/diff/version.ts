/**
 * The version policy of generated packages, for any package (a namespace package, a runtime or
 * a shared-models package): a version only goes up. It is the previous generation's version (or
 * the version last published) plus the package-level bump; the first generation takes its
 * version from the newest API version label. `info.version` of a document is never read here:
 * documents disagree with their labels (multidomain v4.3 says `1.0.0`).
 *
 * Pre-release API versions (`v4.1.b2`, `v4.0.a3`) make pre-release package versions
 * (`4.1.0-beta.2.0`), which are published under the `next` dist-tag, never `latest`.
 */
import type { Bump } from './diff.js';

export interface Semver {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers (`beta.2.0` -> ['beta', 2, 0]); empty for a release. */
  readonly pre: readonly (string | number)[];
}

/** Thrown when a version would go down or repeat with different content: the caller must choose. */
export class VersionPolicyError extends Error {}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

/** A semver version, build metadata dropped (npm ignores it); `undefined` when not semver. */
export function parseVersion(text: string): Semver | undefined {
  const m = SEMVER.exec(text.trim());
  if (!m) return undefined;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre };
}

export function formatVersion(v: Semver): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre.length ? `-${v.pre.join('.')}` : ''}`;
}

function mustParse(text: string, what: string): Semver {
  const v = parseVersion(text);
  if (!v) throw new VersionPolicyError(`${what} ${JSON.stringify(text)} is not a semver version (like 4.2.0)`);
  return v;
}

/** Semver precedence: a pre-release sorts before its release; more identifiers sort later. */
export function compareVersions(a: string | Semver, b: string | Semver): number {
  const x = typeof a === 'string' ? mustParse(a, 'version') : a;
  const y = typeof b === 'string' ? mustParse(b, 'version') : b;
  const core = x.major - y.major || x.minor - y.minor || x.patch - y.patch;
  if (core) return Math.sign(core);
  if (!x.pre.length || !y.pre.length) return Number(!x.pre.length) - Number(!y.pre.length);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === q) continue;
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (typeof p === 'number' && typeof q === 'number') return Math.sign(p - q);
    if (typeof p === 'number') return -1;
    if (typeof q === 'number') return 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * The release a bump leads to, as npm's caret reads versions: in `0.x` the minor is what breaks
 * (`0.3.1` + major -> `0.4.0`, + minor or patch -> `0.3.2`). From a pre-release, the release it
 * leads to when that already covers the bump (`4.1.0-beta.2.0` + minor -> `4.1.0`), as
 * `npm version` computes it.
 */
export function bumpRelease(version: Semver, bump: Exclude<Bump, 'none'>): Semver {
  const { major, minor, patch } = version;
  const pre = version.pre.length > 0;
  const release = (a: number, b: number, c: number): Semver => ({ major: a, minor: b, patch: c, pre: [] });
  if (major === 0 && !pre) return bump === 'major' ? release(0, minor + 1, 0) : release(0, minor, patch + 1);
  if (bump === 'major' && major > 0) return pre && minor === 0 && patch === 0 ? release(major, 0, 0) : release(major + 1, 0, 0);
  if (bump === 'major' || bump === 'minor') return pre && patch === 0 ? release(major, minor, 0) : release(major, minor + 1, 0);
  return pre ? release(major, minor, patch) : release(major, minor, patch + 1);
}

/** A pre-release API version label's channel: `v4.1.b2` -> beta 2, `v4.0.a3` -> alpha 3. */
export function prereleaseChannel(label: string): { readonly tag: 'alpha' | 'beta'; readonly n: number } | undefined {
  const m = /\.([ab])(\d+)$/.exec(label);
  return m ? { tag: m[1] === 'a' ? 'alpha' : 'beta', n: Number(m[2]) } : undefined;
}

/**
 * The first generation's version, from the newest API version label: `v4.0` -> `4.0.0`,
 * `v4.1.b2` -> `4.1.0-beta.2.0`, `v3` -> `3.0.0`; a label without numbers -> `0.1.0`.
 */
export function firstVersion(newestLabel: string): string {
  const m = /^v?(\d+)(?:\.(\d+))?/.exec(newestLabel);
  const base: Semver = m ? { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: 0, pre: [] } : { major: 0, minor: 1, patch: 0, pre: [] };
  const channel = prereleaseChannel(newestLabel);
  return formatVersion(channel ? { ...base, pre: [channel.tag, channel.n, 0] } : base);
}

export interface VersionInput {
  /** The version of the previous generation, or the version last published; none on the first. */
  readonly previous?: string;
  /** The package-level bump since `previous`. */
  readonly bump: Bump;
  /**
   * The newest API version label of the package (`v4.3`, `v4.1.b2`): its channel (pre-release or
   * not) and its first version. Packages without API versions (a runtime) leave it out.
   */
  readonly newestLabel?: string;
  /** The first version when there is no previous one (default: from `newestLabel`). */
  readonly initial?: string;
  /** An explicit version (`--package-version`): used as given, but never lower than `previous`. */
  readonly override?: string;
}

/**
 * The next version of a package. Unchanged packages keep their version; changed ones move up by
 * the bump; the newest label's channel (pre-release or not) decides whether the result is a
 * pre-release. Throws `VersionPolicyError` when an override would go down or repeat the previous
 * version for different content.
 */
export function nextVersion(input: VersionInput): string {
  const previous = input.previous === undefined ? undefined : mustParse(input.previous, 'previous version');
  if (input.override !== undefined) {
    const override = mustParse(input.override, 'package version');
    if (previous) {
      const order = compareVersions(override, previous);
      if (order < 0) throw new VersionPolicyError(`package version ${input.override} is lower than the previous version ${formatVersion(previous)}: versions only go up`);
      if (order === 0 && input.bump !== 'none') throw new VersionPolicyError(`package version ${input.override} is the previous version, but the package changed (${input.bump}): choose a higher version`);
    }
    return input.override.trim().replace(/^v/, '');
  }
  if (!previous) return input.initial ?? firstVersion(input.newestLabel ?? '');
  if (input.bump === 'none') return formatVersion(previous);

  const channel = input.newestLabel === undefined ? undefined : prereleaseChannel(input.newestLabel);
  const target = bumpRelease(previous, input.bump);
  let next: Semver = target;
  if (channel) {
    const sameRelease = previous.pre.length > 0 && compareVersions({ ...previous, pre: [] }, target) === 0;
    const counter = sameRelease && previous.pre[0] === channel.tag && previous.pre[1] === channel.n && typeof previous.pre[2] === 'number' ? previous.pre[2] + 1 : 0;
    next = { ...target, pre: [channel.tag, channel.n, counter] };
  }
  if (compareVersions(next, previous) <= 0) {
    throw new VersionPolicyError(`the next version (${formatVersion(next)}) would not be higher than ${formatVersion(previous)} (API version ${input.newestLabel ?? 'none'}): set one with --package-version`);
  }
  return formatVersion(next);
}

/** The npm dist-tag a version is published under: pre-releases never become `latest`. */
export function distTag(version: string): 'latest' | 'next' {
  return (parseVersion(version)?.pre.length ?? 0) > 0 ? 'next' : 'latest';
}
