/**
 * The version policy (generator/diff/version.ts) and the package-level verdict on the real pairs
 * of specs/: versions only go up, adding an API version is minor, a change inside an API version
 * that stays can be major, and the CHANGELOG guides the move from one API version to the next.
 */
import { describe, expect, it } from 'vitest';
import { compareSources } from '../../generator/diff/surface.js';
import { compareVersions, distTag, firstVersion, nextVersion, VersionPolicyError } from '../../generator/diff/version.js';

describe('version policy', () => {
  it('orders versions as semver does (pre-releases before their release, build metadata ignored)', () => {
    const sorted = ['4.1.0', '4.0.0', '4.1.0-beta.2.0', '4.1.0-alpha.3.0', '4.1.0-beta.2.1', '4.0.1', '10.0.0', '4.1.0-beta.10.0'].sort(compareVersions);
    expect(sorted).toEqual(['4.0.0', '4.0.1', '4.1.0-alpha.3.0', '4.1.0-beta.2.0', '4.1.0-beta.2.1', '4.1.0-beta.10.0', '4.1.0', '10.0.0']);
    expect(compareVersions('4.2.1+gen.0.1.0', '4.2.1+gen.0.2.0')).toBe(0);
  });

  it('the first version comes from the newest API version label, never from info.version', () => {
    expect(firstVersion('v4.0')).toBe('4.0.0');
    expect(firstVersion('v4.3')).toBe('4.3.0');
    expect(firstVersion('v4.1.b2')).toBe('4.1.0-beta.2.0');
    expect(firstVersion('v4.0.a3')).toBe('4.0.0-alpha.3.0');
    expect(firstVersion('v3')).toBe('3.0.0');
  });

  it('goes up by the bump, keeps the version when nothing changed, and never goes down', () => {
    expect(nextVersion({ previous: '4.2.0', bump: 'minor', newestLabel: 'v4.3' })).toBe('4.3.0');
    expect(nextVersion({ previous: '4.3.0', bump: 'patch', newestLabel: 'v4.3' })).toBe('4.3.1');
    expect(nextVersion({ previous: '4.3.1', bump: 'major', newestLabel: 'v4.3' })).toBe('5.0.0');
    expect(nextVersion({ previous: '4.3.1', bump: 'none', newestLabel: 'v4.3' })).toBe('4.3.1');
    expect(nextVersion({ previous: '0.3.1', bump: 'major', newestLabel: 'v0' })).toBe('0.4.0');
    // Pre-release API versions: pre-release package versions, counted per generation.
    expect(nextVersion({ previous: '4.0.0', bump: 'minor', newestLabel: 'v4.1.b2' })).toBe('4.1.0-beta.2.0');
    expect(nextVersion({ previous: '4.1.0-beta.2.0', bump: 'patch', newestLabel: 'v4.1.b2' })).toBe('4.1.0-beta.2.1');
    expect(nextVersion({ previous: '4.1.0-beta.2.1', bump: 'minor', newestLabel: 'v4.1.b3' })).toBe('4.1.0-beta.3.0');
    expect(nextVersion({ previous: '4.1.0-beta.3.0', bump: 'minor', newestLabel: 'v4.1' })).toBe('4.1.0');
    // An explicit version is used as given, but not below the previous one.
    expect(nextVersion({ previous: '4.3.0', bump: 'minor', newestLabel: 'v4.3', override: '7.0.0' })).toBe('7.0.0');
    expect(() => nextVersion({ previous: '4.3.0', bump: 'minor', newestLabel: 'v4.3', override: '1.0.0' })).toThrow(VersionPolicyError);
    expect(() => nextVersion({ previous: '4.3.0', bump: 'patch', newestLabel: 'v4.3', override: '4.3.0' })).toThrow(/the package changed/);
    expect(() => nextVersion({ previous: '4.1.0-beta.3.0', bump: 'patch', newestLabel: 'v4.1.a1' })).toThrow(/would not be higher/);
  });

  it('pre-releases are published under next, releases under latest', () => {
    expect(distTag('4.1.0-beta.2.0')).toBe('next');
    expect(distTag('4.1.0')).toBe('latest');
  });

  it('compares hand-written sources by their declarations: removed is major, added is minor', () => {
    const before = new Map([['index.ts', `export interface Config {\n  readonly host?: string;\n}\nexport function connect(config: Config): string {\n  return config.host ?? '';\n}\n`]]);
    const added = new Map([['index.ts', before.get('index.ts')!.replace('readonly host?: string;', 'readonly host?: string;\n  readonly port?: number;') + 'export const VERSION = 1;\n']]);
    const bodyOnly = new Map([['index.ts', before.get('index.ts')!.replace("?? ''", "?? 'localhost'")]]);
    const removed = new Map([['index.ts', `export interface Config {\n  readonly port?: number;\n}\n`]]);
    expect(compareSources(before, bodyOnly).bump).toBe('none');
    const minor = compareSources(before, added);
    expect(minor).toMatchObject({ bump: 'minor', removed: [] });
    expect(minor.added).toEqual(['index.d.ts: export declare const VERSION = 1;', 'index.d.ts: export interface Config { > readonly port?: number;']);
    const major = compareSources(before, removed);
    expect(major.bump).toBe('major');
    expect(major.removed).toContain('index.d.ts: export declare function connect(config: Config): string;');
  }, 60_000);
});
