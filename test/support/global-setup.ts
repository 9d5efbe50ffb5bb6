import { generateAll } from './packages.js';

/** Generates the packages every generator test reads, once per run. */
export default async function setup(): Promise<void> {
  await generateAll();
}
