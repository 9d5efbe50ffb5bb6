/** Contract run, shard 2 of 2 (the documents are split by size; see suite.ts). */
import { contractSuite } from './suite.js';

contractSuite(1, 2);
