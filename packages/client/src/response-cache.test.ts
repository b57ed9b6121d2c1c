import { createMemoryCache } from './response-cache.js';
import { describeResponseCacheConformance } from './testing.js';

describeResponseCacheConformance('createMemoryCache (the default)', () => createMemoryCache());
describeResponseCacheConformance('createMemoryCache with a small byte bound', () =>
  createMemoryCache({ maxEntries: 10, maxBytes: 4096 }),
);
