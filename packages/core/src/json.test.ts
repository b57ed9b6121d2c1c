import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './fingerprint.js';
import { DEFAULT_MAX_JSON_DEPTH, JsonTextError, jsonDepthExceededAt, parseJson } from './json.js';
import { forbiddenKeyIssues } from './parse.js';

/** Nesting depth of a JSON value, the trivially correct oracle (the root array/object is level 1). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

function errorOf(run: () => unknown): JsonTextError {
  try {
    run();
  } catch (error) {
    if (error instanceof JsonTextError) return error;
    throw error;
  }
  throw new Error('expected a JsonTextError');
}

describe('parseJson', () => {
  it('parses JSON like JSON.parse', () => {
    expect(parseJson('{"a":[1,{"b":null}],"c":"x"}')).toEqual({ a: [1, { b: null }], c: 'x' });
    expect(parseJson('"just a string"')).toBe('just a string');
  });

  it('accepts exactly the default limit of 400 levels and refuses 401 with E_JSON_TOO_DEEP', () => {
    expect(DEFAULT_MAX_JSON_DEPTH).toBe(400);
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(depthOf(parseJson(nested(400)))).toBe(400);
    const error = errorOf(() => parseJson(nested(401), { subject: 'pattern package' }));
    expect(error.code).toBe('E_JSON_TOO_DEEP');
    expect(error.offset).toBe(400);
    expect(error.maxDepth).toBe(400);
    expect(error.message).toContain('pattern package');
  });

  it('does not count brackets inside strings, with escaped quotes and backslashes', () => {
    const text = JSON.stringify({ a: '[[[[\\"{{{{', b: ['\\', '"]]]['] });
    expect(jsonDepthExceededAt(text, 2)).toBe(-1);
    expect(parseJson(text, { maxDepth: 2 })).toEqual(JSON.parse(text));
    expect(jsonDepthExceededAt('{"a":[[1]]}', 2)).toBe(6);
  });

  it('says E_BAD_JSON for text that is not JSON', () => {
    for (const text of ['', '{', '{"a":1,}', "{'a':1}", 'NaN', '[1]]']) {
      expect(errorOf(() => parseJson(text)).code).toBe('E_BAD_JSON');
    }
  });

  it('refuses 2 MB of nested brackets in linear time, without calling JSON.parse', () => {
    const started = performance.now();
    for (const text of ['['.repeat(2_000_000), '{"a":'.repeat(400_000), `${'[{"x":'.repeat(300_000)}1`]) {
      expect(errorOf(() => parseJson(text)).code).toBe('E_JSON_TOO_DEEP');
    }
    // One pass, stopped at level 401: microseconds. The bound only catches a quadratic scan.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('property: succeeds exactly when the nesting is within the limit, and then equals JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 9 }), (value, maxDepth) => {
        const text = JSON.stringify(value);
        if (depthOf(value) <= maxDepth) expect(parseJson(text, { maxDepth })).toEqual(JSON.parse(text));
        else expect(errorOf(() => parseJson(text, { maxDepth })).code).toBe('E_JSON_TOO_DEEP');
      }),
      { numRuns: 500 },
    );
  });
});

describe('linear walks over deep values', () => {
  /** `[[[…[leaf]…]]]`, built without recursion. */
  function nestedArrays(depth: number, leaf: unknown): unknown {
    let value: unknown = leaf;
    for (let level = 0; level < depth; level++) value = [value];
    return value;
  }

  it('forbiddenKeyIssues walks 200,000 levels in linear time and reports the one deep key with its path', () => {
    const depth = 200_000;
    const started = performance.now();
    expect(forbiddenKeyIssues(nestedArrays(depth, 1))).toEqual([]);
    const deepKey = nestedArrays(depth, JSON.parse('{"__proto__":1}'));
    const issues = forbiddenKeyIssues(deepKey);
    // A walk that copies the path at every node does 2·10¹⁰ copies here (minutes); a linear one, milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toHaveLength(depth + 1);
    expect(issues[0]?.path.at(-1)).toBe('__proto__');
  });

  it('canonicalJson refuses values deeper than 1000 levels with E_NOT_JSON, not a stack overflow', () => {
    expect(() => canonicalJson(nestedArrays(100_000, 1))).toThrow(/deeper than 1000 levels/);
    expect(canonicalJson(nestedArrays(900, 1))).toBe(`${'['.repeat(900)}1${']'.repeat(900)}`);
  });
});
