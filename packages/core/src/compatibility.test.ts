import { describe, expect, it } from 'vitest';
import { checkCompatibility, isCompatible } from './compatibility.js';
import { ValidationError } from './errors.js';

const matrix = {
  languages: { typescript: '>=5.0' },
  frameworks: { react: '^18 || ^19' },
  runtimes: { node: '>=20' },
  browsers: [],
};

describe('checkCompatibility', () => {
  it('reports each unmet and satisfied requirement', () => {
    const report = checkCompatibility(matrix, { node: '20.11.0', react: '17.0.2', typescript: '5.9.2' });
    expect(report.compatible).toBe(false);
    expect(report.unmet).toEqual([
      { kind: 'framework', name: 'react', required: '^18 || ^19', actual: '17.0.2', reason: 'unsatisfied' },
    ]);
    expect(report.satisfied).toEqual([
      { kind: 'language', name: 'typescript', required: '>=5.0', actual: '5.9.2' },
      { kind: 'runtime', name: 'node', required: '>=20', actual: '20.11.0' },
    ]);
    expect(report.skipped).toEqual([]);
  });

  it('skips names the environment lacks unless requireAll', () => {
    const report = checkCompatibility(matrix, { node: '20.11.0' });
    expect(report.compatible).toBe(true);
    expect(report.skipped.map((entry) => [entry.name, entry.reason])).toEqual([
      ['typescript', 'not-in-environment'],
      ['react', 'not-in-environment'],
    ]);
    const strict = checkCompatibility(matrix, { node: '20.11.0' }, { requireAll: true });
    expect(strict.compatible).toBe(false);
    expect(strict.unmet.map((entry) => [entry.name, entry.reason, entry.actual])).toEqual([
      ['typescript', 'missing', null],
      ['react', 'missing', null],
    ]);
  });

  it('coerces loose versions, matches names case-insensitively, and flags unreadable ones', () => {
    const report = checkCompatibility(matrix, { Node: 'v20.11', react: 'latest' });
    expect(report.satisfied).toContainEqual({
      kind: 'runtime',
      name: 'node',
      required: '>=20',
      actual: '20.11.0',
    });
    expect(report.unmet).toEqual([
      { kind: 'framework', name: 'react', required: '^18 || ^19', actual: null, reason: 'invalid-version' },
    ]);
    const exact = checkCompatibility(matrix, { node: 'v20.11' }, { coerce: false });
    expect(exact.unmet[0]?.reason).toBe('invalid-version');
  });

  it('lets prerelease environments satisfy plain ranges by default', () => {
    expect(isCompatible({ runtimes: { node: '>=20' } }, { node: '23.0.0-nightly.1' })).toBe(true);
    expect(
      isCompatible(
        { runtimes: { node: '>=20' } },
        { node: '23.0.0-nightly.1' },
        { includePrerelease: false },
      ),
    ).toBe(false);
  });

  it('an empty matrix is compatible with anything', () => {
    expect(checkCompatibility({}, { node: '20.0.0' })).toEqual({
      compatible: true,
      unmet: [],
      satisfied: [],
      skipped: [],
    });
  });

  describe('browsers', () => {
    it('evaluates version queries, ranges, negations and aliases', () => {
      const browsers = ['chrome >= 110', 'firefox 100-115', 'safari 15.4, ios_saf >= 16', 'not chrome 115'];
      const check = (environment: Record<string, string>) => checkCompatibility({ browsers }, environment);
      expect(check({ chrome: '120' }).compatible).toBe(true);
      expect(check({ chrome: '100' }).unmet[0]).toMatchObject({
        kind: 'browser',
        name: 'chrome',
        reason: 'unsatisfied',
      });
      expect(check({ chrome: '115' }).compatible).toBe(false);
      expect(check({ ff: '110' }).compatible).toBe(true);
      expect(check({ firefox: '116' }).compatible).toBe(false);
      expect(check({ safari: '15.4' }).compatible).toBe(true);
      expect(check({ safari: '15.5' }).compatible).toBe(false);
      expect(check({ ios: '17.1' }).compatible).toBe(true);
      expect(check({ edge: '120' }).compatible).toBe(false);
      expect(check({ chrome: 'canary' }).unmet[0]?.reason).toBe('invalid-version');
    });

    it('skips browsers whose fate depends on usage data', () => {
      const report = checkCompatibility({ browsers: ['defaults', 'not ie 11'] }, { chrome: '120', ie: '11' });
      expect(report.compatible).toBe(false);
      expect(report.skipped).toEqual([
        { kind: 'browser', name: 'chrome', required: 'defaults, not ie 11', reason: 'needs-usage-data' },
      ]);
      expect(report.unmet).toMatchObject([{ name: 'ie', reason: 'unsatisfied' }]);
      // A version query that admits the browser decides, whatever usage queries come before it.
      expect(
        checkCompatibility({ browsers: ['> 0.5%', 'chrome >= 100'] }, { chrome: '120' }).compatible,
      ).toBe(true);
    });

    it('ignores environment names that are not browsers and browsers when the matrix lists none', () => {
      const report = checkCompatibility({ runtimes: { node: '>=20' } }, { node: '20.0.0', chrome: '1' });
      expect(report.unmet).toEqual([]);
      expect(report.satisfied).toHaveLength(1);
    });
  });

  it('throws a ValidationError for a malformed matrix or environment', () => {
    expect(() => checkCompatibility({ runtimes: { node: '>>20' } }, {})).toThrow(ValidationError);
    expect(() => checkCompatibility({ runtimes: {}, extra: 1 } as never, {})).toThrow(ValidationError);
    expect(() => checkCompatibility({}, JSON.parse('{"__proto__": "1.0.0"}'))).toThrow(ValidationError);
    expect(() => checkCompatibility({}, { node: 20 } as never)).toThrow(ValidationError);
    expect(() => checkCompatibility(null as never, {})).toThrow(ValidationError);
  });
});
