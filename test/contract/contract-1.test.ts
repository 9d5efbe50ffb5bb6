/** Contract run, shard 1 of 2 (the documents are split by size; see suite.ts). */
import { contractSuite } from './suite.js';

contractSuite(0, 2);
