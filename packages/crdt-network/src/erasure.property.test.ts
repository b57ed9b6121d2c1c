import * as Automerge from '@automerge/automerge';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countContributions, listPatterns } from './aggregates.js';
import { contribute } from './contributions.js';
import { createNetwork, load, merge, type NetworkDoc, networkInfo, save } from './document.js';
import { adoptEpoch, compact, eraseContributor, exportContributor, isContributorErased } from './erasure.js';
import {
  changeHistoryText,
  consent,
  contributionPoolArbitrary,
  OPERATOR,
  OPERATORS,
  PSEUDONYMS,
  raw,
} from './test-fixtures.js';

const NETWORK_ID = 'erasure-net';
/** Asserts that no historical state of `doc`, nor its saved bytes, holds any of `pseudonyms`. */
function expectNoTrace(doc: NetworkDoc, pseudonyms: readonly string[]): void {
  if (pseudonyms.length === 0) return;
  const bytes = save(doc);
  const reloaded = load(bytes);
  const changeText = changeHistoryText(reloaded);
  const historyText = Automerge.getHistory(raw(reloaded))
    .map((state) => JSON.stringify(state.snapshot))
    .join('\n');
  const byteText = new TextDecoder('latin1').decode(bytes);
  for (const pseudonym of pseudonyms) {
    expect(changeText).not.toContain(pseudonym);
    expect(historyText).not.toContain(pseudonym);
    expect(byteText).not.toContain(pseudonym);
  }
}

describe('erasure then compaction', () => {
  it('leaves no erased record in any historical state, keeps every aggregate, and survives a stale replica', () => {
    fc.assert(
      fc.property(
        contributionPoolArbitrary(1, 10),
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 63 })), { maxLength: 20 }),
        fc.uniqueArray(fc.constantFrom(...PSEUDONYMS), { maxLength: 3 }),
        fc.nat({ max: 2 }),
        (pool, placements, erasedPseudonyms, erasingReplica) => {
          // Three replicas contribute (some ids on several replicas) and merge.
          const replicas = [0, 1, 2].map(() =>
            createNetwork({ networkId: NETWORK_ID, operators: OPERATORS }),
          );
          for (const [replica, item] of placements) {
            replicas[replica] = contribute(replicas[replica]!, pool[item % pool.length]!, consent);
          }
          let stale = merge(createNetwork({ networkId: NETWORK_ID, operators: OPERATORS }), replicas[2]!);
          let registry = replicas.reduce(
            (a, b) => merge(a, b),
            createNetwork({ networkId: NETWORK_ID, operators: OPERATORS }),
          );

          // One replica erases; the registry merges it in; the stale replica never hears of it.
          let eraser = merge(createNetwork({ networkId: NETWORK_ID, operators: OPERATORS }), registry);
          for (const pseudonym of erasedPseudonyms)
            eraser = eraseContributor(eraser, pseudonym, { signer: OPERATOR });
          registry = erasingReplica === 0 ? merge(registry, eraser) : merge(eraser, registry);
          for (const pseudonym of erasedPseudonyms) {
            expect(exportContributor(registry, pseudonym).contributions).toEqual([]);
          }

          const compacted = compact(registry);
          expect(networkInfo(compacted).epoch).toBe(1);
          expect(listPatterns(compacted)).toEqual(listPatterns(registry));
          expectNoTrace(compacted, erasedPseudonyms);
          for (const pseudonym of erasedPseudonyms)
            expect(isContributorErased(compacted, pseudonym)).toBe(true);

          // The stale replica keeps contributing (including erased pseudonyms), then adopts the epoch.
          const own = pool.map((item, index) => ({ ...item, id: `stale-${index}` }));
          for (const item of own) stale = contribute(stale, item, consent);
          const adopted = adoptEpoch(stale, compacted);
          expectNoTrace(adopted, erasedPseudonyms);
          const merged = merge(load(save(compacted)), adopted);
          const survivors = new Map<string, string>();
          for (const item of [...pool, ...own]) {
            const heldSomewhere =
              item.id.startsWith('stale-') ||
              placements.some(([, index]) => pool[index % pool.length]!.id === item.id);
            if (heldSomewhere && !erasedPseudonyms.includes(item.contributor as never)) {
              survivors.set(item.id, item.contributor);
            }
          }
          const counts = countContributions(merged);
          expect(counts.counted).toBe(survivors.size);
          expect(counts.fromErasedContributors).toBe(0);
          expect(counts.erasures).toBe(erasedPseudonyms.length);
        },
      ),
      { numRuns: 20 },
    );
  });
});
