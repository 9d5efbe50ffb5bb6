/**
 * Release commands of the CLI: `diff`, `pack`, `publish`, `init`, configuration files and `--watch`.
 * `cli.ts` hands every command line here first; `undefined` means "not ours".
 */
import { existsSync, writeFileSync } from 'node:fs';
import { CONFIG_FILE } from '../config.js';
import { diffCommand } from './diff.js';
import { configCommand, watchCommand } from './generate.js';
import { packCommand } from './pack.js';
import { publishCommand } from './publish.js';

const STARTER_CONFIG = {
  specs: 'specs',
  output: 'output',
  scope: '@ntnx-sdk',
  license: 'Apache-2.0',
  packages: {},
  runtime: { port: 9440, timeoutMs: 60000 },
};

export async function releaseCommand(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (argv.includes('-h') || argv.includes('--help')) {
    if (command === 'diff') return diffCommand(['--help']);
    if (command === 'pack') return packCommand(['--help']);
    if (command === 'publish') return publishCommand(['--help']);
    return undefined;
  }
  switch (command) {
    case 'diff':
      return diffCommand(rest);
    case 'pack':
      return packCommand(rest);
    case 'publish':
      return publishCommand(rest);
    case 'init': {
      if (existsSync(CONFIG_FILE)) {
        console.error(`${CONFIG_FILE} exists already`);
        return 1;
      }
      writeFileSync(CONFIG_FILE, JSON.stringify(STARTER_CONFIG, null, 2) + '\n');
      console.error(`wrote ${CONFIG_FILE}`);
      return 0;
    }
    case 'generate':
    case 'generate-all':
      if (rest.includes('--config')) return configCommand(rest);
      if (rest.includes('--watch')) return watchCommand(argv);
      return undefined;
    default:
      return undefined;
  }
}
