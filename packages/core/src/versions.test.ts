import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PollinateError } from './errors.js';
import {
  coerceVersion,
  compareVersions,
  InvalidRangeError,
  InvalidVersionError,
  isBreakingChange,
  isValidRange,
  isValidVersion,
  maxSatisfying,
  nextVersions,
  rangesIntersect,
  requireRange,
  requireVersion,
  satisfies,
  sortVersions,
} from './versions.js';

describe('validity', () => {
  it('accepts semantic versions and rejects loose ones', () => {
    expect(isValidVersion('1.2.3')).toBe(true);
    expect(isValidVersion('1.0.0-rc.1+build.5')).toBe(true);
    for (const bad of ['1.2', 'v1.2.3', ' 1.2.3', '01.2.3', '', 1, null, undefined, {}]) {
      expect(isValidVersion(bad)).toBe(false);
    }
  });

  it('accepts npm ranges and rejects junk', () => {
    for (const good of ['^1.2.0', '~1.2', '>=2 <4', '1.x || 2.x', '*', ''])
      expect(isValidRange(good)).toBe(true);
    for (const bad of ['>>1', 'latest', 42, null, 'x'.repeat(2000)]) expect(isValidRange(bad)).toBe(false);
  });

  it('requireVersion and requireRange throw typed errors with codes', () => {
    expect(() => requireVersion('1.0')).toThrow(InvalidVersionError);
    expect(() => requireRange('>>1')).toThrow(InvalidRangeError);
    try {
      requireVersion(42, 'listing version');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PollinateError);
      expect((error as InvalidVersionError).code).toBe('E_INVALID_VERSION');
      expect((error as InvalidVersionError).value).toBe(42);
      expect((error as Error).message).toContain('listing version');
    }
  });
});

describe('comparison and ranges', () => {
  it('compares by precedence, prereleases before releases', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBe(1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(() => compareVersions('1', '1.0.0')).toThrow(InvalidVersionError);
  });

  it('sorts into a new array in either order', () => {
    const input = ['1.10.0', '1.2.0', '1.9.0', '1.9.0-beta.1'];
    expect(sortVersions(input)).toEqual(['1.2.0', '1.9.0-beta.1', '1.9.0', '1.10.0']);
    expect(sortVersions(input, 'descending')).toEqual(['1.10.0', '1.9.0', '1.9.0-beta.1', '1.2.0']);
    expect(input[0]).toBe('1.10.0');
  });

  it('satisfies follows npm, prereleases only when asked', () => {
    expect(satisfies('18.2.0', '^18.0.0')).toBe(true);
    expect(satisfies('19.0.0', '^18.0.0')).toBe(false);
    expect(satisfies('2.0.0-beta.1', '>=1')).toBe(false);
    expect(satisfies('2.0.0-beta.1', '>=1', { includePrerelease: true })).toBe(true);
    expect(() => satisfies('1.0.0', '>>1')).toThrow(InvalidRangeError);
  });

  it('maxSatisfying picks the highest match or null', () => {
    expect(maxSatisfying(['1.2.0', '1.9.1', '2.0.0'], '^1.2.0')).toBe('1.9.1');
    expect(maxSatisfying(['1.2.0'], '^2')).toBeNull();
    expect(() => maxSatisfying(['1.2'], '^1')).toThrow(InvalidVersionError);
  });

  it('rangesIntersect', () => {
    expect(rangesIntersect('^1.2.0', '>=1.5.0 <3')).toBe(true);
    expect(rangesIntersect('^1', '^2')).toBe(false);
  });
});

describe('isBreakingChange', () => {
  it.each([
    ['1.4.2', '2.0.0', true],
    ['1.4.2', '1.9.0', false],
    ['1.9.0', '1.4.2', false],
    ['0.2.1', '0.3.0', true],
    ['0.2.1', '0.2.9', false],
    ['0.0.3', '0.0.4', true],
    ['1.9.0', '2.0.0-rc.1', true],
    ['2.0.0-rc.1', '2.0.0', false],
  ])('%s → %s is breaking: %s', (from, to, expected) => {
    expect(isBreakingChange(from, to)).toBe(expected);
  });

  it('agrees with the caret range for upgrades to releases', () => {
    const version = fc
      .tuple(fc.nat(5), fc.nat(5), fc.nat(5))
      .map(([major, minor, patch]) => `${major}.${minor}.${patch}`);
    fc.assert(
      fc.property(version, version, (from, to) => {
        fc.pre(compareVersions(to, from) >= 0);
        expect(isBreakingChange(from, to)).toBe(!satisfies(to, `^${from}`));
      }),
    );
  });

  it('throws on invalid input', () => {
    expect(() => isBreakingChange('1', '2.0.0')).toThrow(InvalidVersionError);
  });
});

describe('nextVersions and coerceVersion', () => {
  it('suggests the next versions', () => {
    expect(nextVersions('1.4.2')).toEqual({
      major: '2.0.0',
      minor: '1.5.0',
      patch: '1.4.3',
      prerelease: '1.4.3-rc.0',
    });
    expect(nextVersions('1.5.0-beta.0', 'beta').prerelease).toBe('1.5.0-beta.1');
    expect(() => nextVersions('1.5.0', 'bad id!')).toThrow(PollinateError);
    expect(() => nextVersions('nope')).toThrow(InvalidVersionError);
  });

  it('coerces loose versions', () => {
    expect(coerceVersion('v20.11')).toBe('20.11.0');
    expect(coerceVersion('20')).toBe('20.0.0');
    expect(coerceVersion('node 20.11.1')).toBe('20.11.1');
    expect(coerceVersion('21.0.0-nightly.1')).toBe('21.0.0-nightly.1');
    expect(coerceVersion('latest')).toBeNull();
    expect(coerceVersion(20)).toBeNull();
  });
});
