import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/options.js';

describe('quickstart options', () => {
  it('parses every flag', () => {
    expect(parseOptions(['--seed', '42', '--json', '--db', 'keep.sqlite', '--catalog', 'lib'])).toEqual({
      seed: 42,
      seedGiven: true,
      json: true,
      help: false,
      db: 'keep.sqlite',
      catalog: 'lib',
    });
  });

  it('picks a random seed when none is given', () => {
    const options = parseOptions([]);
    expect(options.seedGiven).toBe(false);
    expect(Number.isInteger(options.seed)).toBe(true);
    expect(options.json).toBe(false);
  });

  it('refuses bad input with a usage error', () => {
    expect(() => parseOptions(['--seed', 'abc'])).toThrow(UsageError);
    expect(() => parseOptions(['--seed', '99999999999'])).toThrow(UsageError);
    expect(() => parseOptions(['--nope'])).toThrow(UsageError);
    expect(() => parseOptions(['--db', ' '])).toThrow(UsageError);
    expect(() => parseOptions(['positional'])).toThrow(UsageError);
  });
});
