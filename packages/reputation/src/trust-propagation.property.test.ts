import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTrust, eigenTrust, type TrustEdge } from './trust-propagation.js';

const peers = Array.from({ length: 12 }, (_, i) => `peer${i}`);
const edge = fc.record({
  from: fc.constantFrom(...peers),
  to: fc.constantFrom(...peers),
  weight: fc.double({ min: -2, max: 10, noNaN: true }),
});
const graph = fc.record({
  edges: fc.array(edge, { maxLength: 60 }),
  pretrusted: fc.uniqueArray(fc.constantFrom(...peers), { minLength: 1, maxLength: 3 }),
  restart: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
});

/** Dense reference: the textbook power iteration over a full matrix. */
function denseEigenTrust(edges: TrustEdge[], pretrusted: string[], restart: number): Map<string, number> {
  const ids = [...new Set([...pretrusted, ...edges.flatMap((e) => [e.from, e.to])])].sort();
  const n = ids.length;
  const index = new Map(ids.map((id, i) => [id, i]));
  const s = ids.map(() => new Array<number>(n).fill(0));
  for (const e of edges) if (e.from !== e.to) s[index.get(e.from)!]![index.get(e.to)!]! += e.weight;
  const p = ids.map((id) => (pretrusted.includes(id) ? 1 / pretrusted.length : 0));
  const c = s.map((row) => {
    const clipped = row.map((v) => Math.max(0, v));
    const total = clipped.reduce((a, b) => a + b, 0);
    return total > 0 ? clipped.map((v) => v / total) : [...p];
  });
  let t = [...p];
  for (let k = 0; k < 700; k++) {
    t = ids.map(
      (_, j) => (1 - restart) * t.reduce((sum, ti, i) => sum + ti * c[i]![j]!, 0) + restart * p[j]!,
    );
  }
  return new Map(ids.map((id, i) => [id, t[i]!]));
}

describe('EigenTrust properties', () => {
  it('is non-negative, sums to 1 and matches the dense reference', () => {
    fc.assert(
      fc.property(graph, ({ edges, pretrusted, restart }) => {
        const trust = computeTrust(edges, { pretrusted, restart, tolerance: 1e-13 });
        let total = 0;
        for (const value of trust.values()) {
          expect(value).toBeGreaterThanOrEqual(0);
          total += value;
        }
        expect(total).toBeCloseTo(1, 12);
        const reference = denseEigenTrust(edges, pretrusted, restart);
        for (const [id, value] of reference) expect(trust.get(id)).toBeCloseTo(value, 9);
      }),
      { numRuns: 60 },
    );
  });

  it('is independent of edge order (bit for bit) and of peer naming', () => {
    fc.assert(
      fc.property(
        graph.chain((g) =>
          fc.tuple(fc.constant(g), fc.shuffledSubarray(g.edges, { minLength: g.edges.length })),
        ),
        ([{ edges, pretrusted, restart }, shuffled]) => {
          const a = computeTrust(edges, { pretrusted, restart });
          expect(computeTrust(shuffled, { pretrusted, restart })).toEqual(a);
          const rename = (id: string) => `x-${id.split('').reverse().join('')}`;
          const renamed = computeTrust(
            edges.map((e) => ({ ...e, from: rename(e.from), to: rename(e.to) })),
            { pretrusted: pretrusted.map(rename), restart },
          );
          for (const [id, value] of a) expect(renamed.get(rename(id))).toBeCloseTo(value, 8);
        },
      ),
    );
  });

  it('converges within the documented iteration bound', () => {
    fc.assert(
      fc.property(
        graph,
        fc.double({ min: 1e-12, max: 1e-3, noNaN: true }),
        ({ edges, pretrusted, restart }, tolerance) => {
          const result = eigenTrust(edges, { pretrusted, restart, tolerance });
          expect(result.converged).toBe(true);
          expect(result.iterations).toBeLessThanOrEqual(result.iterationBound);
        },
      ),
    );
  });

  it('bounds a sybil set: t_S ≤ ((1 − a)/a)·Σ_{i∉S} t_i·c_{i,S}, whatever its size or inner edges', () => {
    const honestEdges = fc.array(edge, { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(
        honestEdges,
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.double({ min: 0.1, max: 50, noNaN: true })), {
          maxLength: 200,
        }),
        fc.array(
          fc.tuple(fc.constantFrom(...peers), fc.nat(), fc.double({ min: 0.01, max: 5, noNaN: true })),
          {
            maxLength: 3,
          },
        ),
        fc.array(
          fc.tuple(fc.nat(), fc.constantFrom(...peers), fc.double({ min: 0.1, max: 5, noNaN: true })),
          {
            maxLength: 5,
          },
        ),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (honest, sybilCount, inner, attackEdges, outbound, restart) => {
          const sybils = Array.from({ length: sybilCount }, (_, i) => `sybil${i}`);
          const edges: TrustEdge[] = [
            ...honest,
            ...inner.map(([a, b, w]) => ({
              from: sybils[a % sybilCount]!,
              to: sybils[b % sybilCount]!,
              weight: w,
            })),
            ...attackEdges.map(([from, b, w]) => ({ from, to: sybils[b % sybilCount]!, weight: w })),
            ...outbound.map(([a, to, w]) => ({ from: sybils[a % sybilCount]!, to, weight: w })),
          ];
          const pretrusted = ['peer0'];
          const tolerance = 1e-13;
          const trust = computeTrust(edges, { pretrusted, restart, tolerance });
          // c_{i,S}: the share of peer i's normalized local trust that goes into S.
          const outgoing = new Map<string, Map<string, number>>();
          for (const e of edges) {
            if (e.from === e.to) continue;
            const row = outgoing.get(e.from) ?? new Map<string, number>();
            row.set(e.to, (row.get(e.to) ?? 0) + e.weight);
            outgoing.set(e.from, row);
          }
          const sybilSet = new Set(sybils);
          let inflow = 0;
          for (const [from, row] of outgoing) {
            if (sybilSet.has(from)) continue;
            let total = 0;
            let toSybils = 0;
            for (const [to, w] of row) {
              const clipped = Math.max(0, w);
              total += clipped;
              if (sybilSet.has(to)) toSybils += clipped;
            }
            if (total > 0) inflow += (trust.get(from) ?? 0) * (toSybils / total);
          }
          let sybilTrust = 0;
          for (const s of sybils) sybilTrust += trust.get(s) ?? 0;
          const bound = ((1 - restart) / restart) * inflow;
          expect(sybilTrust).toBeLessThanOrEqual(bound + 1e-9);
        },
      ),
    );
  });
});
