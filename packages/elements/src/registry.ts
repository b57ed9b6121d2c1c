import { createRegistryClient, type RegistryClient } from '@pollinate/client';

/**
 * The client an element uses: the `client` property when the page set one (for a token,
 * a custom `fetch`, a shared cache), else a client of the `registry` attribute's URL.
 *
 * @param client - the element's `client` property
 * @param registry - the element's `registry` attribute (absolute URL, or relative to the page)
 * @returns the client, or `undefined` when neither is set
 * @throws {TypeError} when `registry` is not a URL
 */
export function resolveClient(
  client: RegistryClient | undefined,
  registry: string | undefined,
): RegistryClient | undefined {
  if (client) return client;
  if (!registry) return undefined;
  const base = typeof location === 'undefined' ? undefined : location.href;
  return createRegistryClient({ baseUrl: new URL(registry, base), retry: 1, timeout: 15_000 });
}

/**
 * The URL of a pattern for an `item-href` template: `{id}`, `{scope}` and `{name}` are
 * replaced (URL-encoded).
 *
 * @param template - e.g. `/patterns/{id}` or `https://portal.example/p?id={id}`
 * @param patternId - `scope/name`
 * @returns the URL
 * @example
 * ```ts
 * patternHref('/patterns/{id}', 'acme/retry'); // '/patterns/acme/retry'
 * ```
 */
export function patternHref(template: string, patternId: string): string {
  const [scope = '', name = ''] = patternId.split('/');
  return template
    .replaceAll('{id}', `${encodeURIComponent(scope)}/${encodeURIComponent(name)}`)
    .replaceAll('{scope}', encodeURIComponent(scope))
    .replaceAll('{name}', encodeURIComponent(name));
}

/** Splits a comma-separated attribute into trimmed, non-empty items. */
export function splitAttribute(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
