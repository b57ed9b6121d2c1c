import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import canonicalize from 'canonicalize';
import { PollinateError } from './errors.js';

/**
 * Canonical JSON of a value per RFC 8785 (JSON Canonicalization Scheme), using the
 * `canonicalize` library: object keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number formatting.
 *
 * @param value - any JSON value (objects, arrays, strings, finite numbers, booleans, `null`)
 * @returns the canonical JSON text
 * @throws {@link PollinateError} `E_NOT_JSON` for values JSON cannot represent exactly
 *   (`NaN`, `Infinity`, `undefined` at the root, functions, `bigint`), and values nested
 *   deeper than 1000 levels or cyclic. Strings with lone UTF-16 surrogates (outside I-JSON,
 *   RFC 7493) are accepted and escaped as `\udXXX`, as ES2019 `JSON.stringify` does, so they
 *   still fingerprint deterministically.
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  assertJson(value, []);
  const text = canonicalize(value);
  if (text === undefined) throw new PollinateError('E_NOT_JSON', 'value has no JSON representation');
  return text;
}

/**
 * A content fingerprint: SHA-256 of the RFC 8785 canonical JSON of `value`, in
 * Subresource Integrity form (`sha256-<base64>`, W3C SRI). Equal JSON values give equal
 * fingerprints whatever their key order. Runs in browsers and Node (pure JS hashing by
 * `@noble/hashes`).
 *
 * @param value - any JSON value
 * @returns `sha256-` + 44 base64 characters
 * @throws {@link PollinateError} `E_NOT_JSON` when `value` is not representable as JSON
 * @example
 * ```ts
 * fingerprint({ a: 1, b: 2 }) === fingerprint({ b: 2, a: 1 }); // true
 * ```
 */
export function fingerprint(value: unknown): string {
  return `sha256-${toBase64(sha256(utf8ToBytes(canonicalJson(value))))}`;
}

/**
 * Base64 (RFC 4648, with padding) of bytes, using the platform's `btoa`.
 *
 * @param bytes - the bytes to encode
 * @returns the base64 text
 * @example
 * ```ts
 * toBase64(new Uint8Array([1, 2, 3])); // 'AQID'
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Deepest nesting accepted; deeper values (or cyclic ones) are rejected rather than overflowing the stack. */
const MAX_JSON_DEPTH = 1000;

/** Checks `value` is JSON; `path` is one array pushed and popped on the way (linear, no copy per node). */
function assertJson(value: unknown, path: string[]): void {
  if (path.length > MAX_JSON_DEPTH)
    throw notJson(path.slice(0, 5), `nested deeper than ${MAX_JSON_DEPTH} levels (or cyclic)`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw notJson(path, `${value} is not a finite number`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          if (!(index in value)) continue; // a hole, as forEach skips it (canonical JSON writes null)
          path.push(String(index));
          assertJson(value[index], path);
          path.pop();
        }
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue;
        path.push(key);
        assertJson(item, path);
        path.pop();
      }
      return;
    default:
      throw notJson(path, `a ${typeof value} is not JSON`);
  }
}

function notJson(path: string[], reason: string): PollinateError {
  return new PollinateError(
    'E_NOT_JSON',
    `value is not JSON at ${path.length ? path.join('.') : '(root)'}: ${reason}`,
  );
}
