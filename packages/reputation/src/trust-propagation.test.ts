import { ValidationError } from '@pollinate/core';
import { describe, expect, it } from 'vitest';
import { computeTrust, eigenTrust, eigenTrustIterationBound } from './trust-propagation.js';

describe('computeTrust (EigenTrust)', () => {
  it('solves a two-peer graph in closed form', () => {
    // t_a = 0.85·t_b + 0.15, t_b = 0.85·t_a → t_a = 0.15 / (1 − 0.85²) = 20/37.
    const trust = computeTrust(
      [
        { from: 'alice', to: 'bob', weight: 1 },
        { from: 'bob', to: 'alice', weight: 1 },
      ],
      { pretrusted: ['alice'] },
    );
    expect(trust.get('alice')).toBeCloseTo(20 / 37, 9);
    expect(trust.get('bob')).toBeCloseTo(17 / 37, 9);
  });

  it('sends dangling peers’ trust to the pre-trusted set', () => {
    // bob trusts nobody: his row is p. t_a = 0.15 + 0.85·t_b, t_b = 0.85·t_a.
    const trust = computeTrust([{ from: 'alice', to: 'bob', weight: 5 }], { pretrusted: ['alice'] });
    expect(trust.get('alice')).toBeCloseTo(20 / 37, 9);
  });

  it('sums duplicate edges, clips net distrust to zero and ignores self-trust', () => {
    const a = computeTrust(
      [
        { from: 'p', to: 'x', weight: 1 },
        { from: 'p', to: 'x', weight: 2 },
        { from: 'p', to: 'y', weight: 3 },
        { from: 'p', to: 'z', weight: -4 },
        { from: 'x', to: 'x', weight: 100 },
      ],
      { pretrusted: ['p'] },
    );
    expect(a.get('x')).toBeCloseTo(a.get('y')!, 12);
    expect(a.get('z')).toBe(0);
  });

  it('weights pre-trusted peers', () => {
    const trust = computeTrust([], { pretrusted: { a: 3, b: 1 } });
    expect(trust.get('a')).toBeCloseTo(0.75, 12);
    expect(trust.get('b')).toBeCloseTo(0.25, 12);
  });

  it('reports iterations within the documented bound', () => {
    const result = eigenTrust(
      [
        { from: 'a', to: 'b', weight: 1 },
        { from: 'b', to: 'c', weight: 1 },
        { from: 'c', to: 'a', weight: 1 },
      ],
      { pretrusted: ['a'], restart: 0.2, tolerance: 1e-8 },
    );
    expect(result.converged).toBe(true);
    expect(result.iterationBound).toBe(eigenTrustIterationBound(0.2, 1e-8));
    expect(result.iterations).toBeLessThanOrEqual(result.iterationBound);
    expect(eigenTrustIterationBound(0.15, 1e-10)).toBe(146);
    expect(eigenTrustIterationBound(1, 1e-10)).toBe(1);
  });

  it('rejects bad input with ValidationError', () => {
    expect(() => computeTrust([], { pretrusted: [] })).toThrow(ValidationError);
    expect(() => computeTrust([], { pretrusted: { a: 0 } })).toThrow(ValidationError);
    expect(() => computeTrust([{ from: 'a', to: 'b', weight: Number.NaN }], { pretrusted: ['a'] })).toThrow(
      /weight/,
    );
    expect(() => computeTrust([{ from: '', to: 'b', weight: 1 }], { pretrusted: ['a'] })).toThrow(
      ValidationError,
    );
    expect(() => computeTrust([], { pretrusted: ['a'], restart: 0 })).toThrow(ValidationError);
    expect(() => computeTrust([], { pretrusted: ['a'], tolerance: -1 })).toThrow(ValidationError);
    expect(() => computeTrust(null as never, { pretrusted: ['a'] })).toThrow(ValidationError);
    expect(() => computeTrust([], undefined as never)).toThrow(ValidationError);
  });

  it('treats __proto__ as an ordinary peer id', () => {
    const trust = computeTrust([{ from: 'a', to: '__proto__', weight: 1 }], { pretrusted: ['a'] });
    expect(trust.get('__proto__')).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});
