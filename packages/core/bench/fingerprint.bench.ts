// fingerprint (RFC 8785 canonical JSON + SHA-256 by @noble/hashes, SRI base64) over 2,000
// generated listings, side by side with plain `JSON.stringify` + SHA-256 from node:crypto
// (not canonical: key order changes the digest) and with JSON.stringify + @noble/hashes (to
// separate the canonicalization cost from the hashing cost).
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import { canonicalJson, fingerprint, type Listing, parseListing } from '@pollinate/core';
import { toBase64 } from '@pollinate/core/helpers';
import { compare, printMachine, seededRandom } from '../../../scripts/bench-harness.js';

const COUNT = 2000;
const random = seededRandom(7);
const words = [
  'retry',
  'circuit',
  'breaker',
  'cache',
  'queue',
  'saga',
  'outbox',
  'shard',
  'leader',
  'bulkhead',
];
const word = () => words[Math.floor(random() * words.length)]!;
const sentence = (length: number) => Array.from({ length }, word).join(' ');
const listings: Listing[] = Array.from({ length: COUNT }, (_, index) =>
  parseListing({
    id: `bench/${word()}-${index}`,
    name: sentence(3),
    version: `1.${index % 10}.0`,
    publisher: { id: 'bench', name: 'Bench Team' },
    description: sentence(60),
    category: word(),
    tags: Array.from({ length: 5 }, word),
    license: 'MIT',
    rating: { overall: Math.round(random() * 50) / 10, reviewCount: index },
    dependencies: { [`bench/${word()}-${index + 1}`]: '^1.0.0' },
    compatibility: { runtimes: { node: '>=20' }, frameworks: { react: '^18 || ^19' } },
    publishedAt: '2026-11-21T09:00:00Z',
    metadata: {
      excellenceTier: 'gold',
      whenToUse: Array.from({ length: 4 }, () => sentence(8)),
      tradeOffs: { pros: [sentence(6), sentence(6)], cons: [sentence(6)] },
      relatedPatterns: [{ pattern: word(), relationship: 'complements' }],
    },
  }),
);
const bytes = listings.reduce((sum, listing) => sum + canonicalJson(listing).length, 0);
printMachine();
console.log(`${COUNT} listings, ${(bytes / COUNT).toFixed(0)} bytes of canonical JSON each on average`);

compare(
  `Digest ${COUNT} listings`,
  [
    {
      name: 'JSON.stringify + node:crypto sha256 (baseline, not canonical)',
      run: () =>
        listings.map((listing) => createHash('sha256').update(JSON.stringify(listing)).digest('base64')),
    },
    {
      name: 'JSON.stringify + @noble/hashes sha256 (not canonical)',
      run: () => listings.map((listing) => toBase64(sha256(utf8ToBytes(JSON.stringify(listing))))),
    },
    { name: 'canonicalJson only (RFC 8785)', run: () => listings.map((listing) => canonicalJson(listing)) },
    {
      name: 'fingerprint (RFC 8785 + @noble/hashes, SRI)',
      run: () => listings.map((listing) => fingerprint(listing)),
    },
  ],
  COUNT,
);
