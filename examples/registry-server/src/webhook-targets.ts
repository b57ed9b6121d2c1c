// Where the registry may send a webhook. A webhook is a request the registry makes to a URL a
// publisher chose, from inside the operator's network: without a check, a publisher could make
// the registry POST to its database's admin port, a cloud metadata service (169.254.169.254) or
// any other private address (server-side request forgery, OWASP SSRF prevention cheat sheet).
// Two checks, both by address class (ipaddr.js): a URL naming a private host or address is
// refused when the webhook is set, and every delivery connects only to public addresses — the
// host is resolved when the connection is made and each address it resolves to is checked
// there, so a name that pointed to a public address when the webhook was set and to a private
// one later (DNS rebinding) is refused too.
import { type LookupAddress, lookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * Whether an IP address is a public unicast address: not loopback, private (RFC 1918, unique
 * local), link-local (cloud metadata services), carrier-grade NAT, multicast, reserved or
 * unspecified. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 *
 * @param address - an IPv4 or IPv6 address in text form
 * @returns `true` only for a public unicast address; `false` for anything else, text that is not an address included
 * @example
 * ```ts
 * isPublicAddress('93.184.216.34'); // true
 * isPublicAddress('10.0.0.7'); // false
 * isPublicAddress('::ffff:127.0.0.1'); // false
 * ```
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Why a webhook URL names a host the registry must not send to, judged from the URL alone:
 * `localhost` and its subdomains, or an address literal that is not public. Names are
 * resolved at delivery (see {@link publicOnlyFetch}).
 *
 * @param url - the webhook URL
 * @returns a reason for the publisher, or `undefined` when the URL may be used
 * @example
 * ```ts
 * privateTargetReason(new URL('https://10.0.0.7/hook')); // 'the host 10.0.0.7 is not a public address'
 * privateTargetReason(new URL('https://hooks.example.com/x')); // undefined
 * ```
 */
export function privateTargetReason(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `the host ${host} is this machine`;
  if (isIP(host) !== 0 && !isPublicAddress(host)) return `the host ${host} is not a public address`;
  return undefined;
}

/** The error a delivery to a private address fails with. */
export class PrivateWebhookTargetError extends Error {
  /** A stable code. */
  readonly code = 'E_PRIVATE_TARGET';
  constructor(message: string) {
    super(message);
    this.name = 'PrivateWebhookTargetError';
  }
}

/** Resolves a host name to all its addresses (the shape of `dns.lookup` with `all: true`). */
export type ResolveAll = (
  hostname: string,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveWithDns: ResolveAll = (hostname, callback) => lookup(hostname, { all: true }, callback);

/** A `lookup` for `net.connect` that refuses a name any of whose addresses is not public. */
const publicLookup =
  (resolve: ResolveAll) =>
  (
    hostname: string,
    options: { all?: boolean },
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void =>
    resolve(hostname, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused !== undefined || addresses.length === 0)
        return callback(
          new PrivateWebhookTargetError(
            `${hostname} resolves to ${refused?.address ?? 'no address'}, which is not a public address`,
          ),
          '',
        );
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });

/**
 * A `fetch` that connects only to public addresses: an address literal is checked before the
 * request, and a host name when it is resolved for the connection (each address it resolves
 * to). A refused request rejects with {@link PrivateWebhookTargetError} (as the `cause` of
 * undici's `TypeError: fetch failed` for resolved names).
 *
 * @param options - `resolve`: how host names are resolved (@default `dns.lookup`, every address)
 * @returns the `fetch`; its connections are pooled in one undici `Agent`
 * @example
 * ```ts
 * const send = publicOnlyFetch();
 * await send('https://hooks.example.com/pollinate', { method: 'POST', body: '{}' });
 * await send('http://127.0.0.1:5432/', { method: 'POST' }); // rejects: not a public address
 * ```
 */
export function publicOnlyFetch(options: { resolve?: ResolveAll } = {}): typeof fetch {
  const agent = new Agent({ connect: { lookup: publicLookup(options.resolve ?? resolveWithDns) } });
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const reason = privateTargetReason(url);
    if (reason !== undefined) throw new PrivateWebhookTargetError(reason);
    return undiciFetch(url, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
  }) as typeof fetch;
}
