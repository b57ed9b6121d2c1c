import { contribute } from './contributions.js';
import { createNetwork } from './document.js';
import { consent, KEYS, makeContribution } from './test-fixtures.js';
import { describeSyncTransportConformance, memoryPeer } from './testing.js';

// The reference transport: a replica in memory that answers with handleSyncMessage. The
// registry client's HTTP transport runs the same suite (packages/client/src/network.test.ts).
describeSyncTransportConformance('in-memory peer (handleSyncMessage)', () => {
  let doc = createNetwork({ networkId: 'acme' });
  doc = contribute(doc, makeContribution({ id: 'held-1', contributor: KEYS.other.pseudonym }), consent);
  doc = contribute(doc, makeContribution({ id: 'held-2' }), consent);
  return { networkId: 'acme', transport: memoryPeer(doc).transport };
});

describeSyncTransportConformance('in-memory peer with an empty replica', () => {
  return { networkId: 'empty', transport: memoryPeer(createNetwork({ networkId: 'empty' })).transport };
});
