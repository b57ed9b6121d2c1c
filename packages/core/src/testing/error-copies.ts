// Test helpers for the error type guards of every package (not published).

type CodedError = Error & { code: string };

/**
 * An error as another copy of its package (the CJS build beside the ESM one, or another
 * version) makes it: same `name`, `code` and fields, but another class, so `instanceof` fails.
 */
export function fromAnotherCopy(error: CodedError): Error {
  const copy = new Error(error.message);
  for (const [key, value] of Object.entries(error)) (copy as unknown as Record<string, unknown>)[key] = value;
  copy.name = error.name;
  Object.defineProperty(copy, 'code', { value: error.code, enumerable: true, configurable: true });
  return copy;
}

/** The same error from another copy, under another class name. */
export function withName(error: CodedError, name: string): Error {
  const copy = fromAnotherCopy(error);
  copy.name = name;
  return copy;
}

/** The same error from another copy, with another code. */
export function withCode(error: CodedError, code: string): Error {
  const copy = fromAnotherCopy(error);
  Object.defineProperty(copy, 'code', { value: code, enumerable: true, configurable: true });
  return copy;
}
