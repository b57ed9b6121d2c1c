import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PollinateError } from './errors.js';
import { canonicalJson, fingerprint, toBase64 } from './fingerprint.js';
import { FingerprintSchema } from './identifiers.js';

/** IEEE 754 bit pattern (hex) → number. */
const fromBits = (hex: string) =>
  new DataView(new BigUint64Array([BigInt(`0x${hex}`)]).buffer).getFloat64(0, true);

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 §3.2.2 example', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Object.keys would put the integer-like key first; read the order from the text.
    const keys = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":"/g)].map((match) =>
      JSON.parse(`"${match[1]}"`),
    );
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ])('formats the number with bits %s as %s (RFC 8785 Appendix B)', (bits, expected) => {
    expect(canonicalJson(fromBits(bits))).toBe(expected);
  });

  it('rejects what JSON cannot represent exactly', () => {
    const bad: unknown[] = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      { nested: [1, Number.NEGATIVE_INFINITY] },
      undefined,
      () => 1,
      10n,
      Symbol('s'),
    ];
    for (const value of bad) {
      expect(() => canonicalJson(value)).toThrow(PollinateError);
      try {
        fingerprint(value);
        expect.unreachable();
      } catch (error) {
        expect((error as PollinateError).code).toBe('E_NOT_JSON');
      }
    }
    try {
      canonicalJson({ a: { b: [0, Number.NaN] } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('a.b.1');
    }
  });

  it('rejects cyclic and absurdly deep values with a typed error, not a stack overflow', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => fingerprint(cyclic)).toThrow(PollinateError);
    let deep: unknown = 1;
    for (let index = 0; index < 5000; index += 1) deep = [deep];
    expect(() => fingerprint(deep)).toThrow(PollinateError);
  });

  it('escapes lone surrogates deterministically instead of producing invalid UTF-8', () => {
    expect(canonicalJson({ '\udc00': '\ud800x' })).toBe('{"\\udc00":"\\ud800x"}');
    expect(fingerprint('\ud800')).toBe(fingerprint('\ud800'));
    expect(fingerprint('\ud800')).not.toBe(fingerprint('\ufffd'));
  });

  it('drops undefined object members like JSON.stringify', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('fingerprint', () => {
  it('is an SRI sha256 digest of the canonical JSON', () => {
    expect(fingerprint({})).toBe('sha256-RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=');
    expect(FingerprintSchema.safeParse(fingerprint({ a: [1, 'x'] })).success).toBe(true);
  });

  it('equals sha256 of the canonical text (property), whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const digest = fingerprint(value);
        expect(digest).toMatch(/^sha256-[A-Za-z0-9+/]{43}=$/);
        expect(digest).toBe(
          `sha256-${createHash('sha256').update(canonicalJson(value), 'utf8').digest('base64')}`,
        );
        expect(fingerprint(JSON.parse(JSON.stringify(reverseKeys(value))))).toBe(digest);
      }),
      { numRuns: 300 },
    );
  });

  it('differs for different values', () => {
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: '1' }));
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
  });
});

describe('toBase64', () => {
  it('matches Node for any bytes, including large arrays', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
    );
    const large = new Uint8Array(100_000).map((_, index) => index % 251);
    expect(toBase64(large)).toBe(Buffer.from(large).toString('base64'));
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).reverse()) {
      Object.defineProperty(out, key, {
        value: reverseKeys((value as Record<string, unknown>)[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}
