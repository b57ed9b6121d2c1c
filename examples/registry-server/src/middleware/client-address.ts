import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/**
 * Finds the address of the client that sent a request (for per-address rate limits).
 * Behind a reverse proxy, pass one that reads the proxy's header (only when the proxy
 * sets it: a client can write any `X-Forwarded-For` it likes).
 */
export type ClientAddressResolver = (c: Context) => string | undefined;

/**
 * The peer address of the TCP connection (`@hono/node-server`'s `incoming.socket`), or
 * `undefined` when the app is not served by Node's HTTP server (for example `app.fetch` in a test).
 *
 * @param c - request context
 * @returns e.g. `'127.0.0.1'` or `'::1'`
 * @example
 * ```ts
 * createRegistryApp({ store, clientAddress: socketAddress }); // the default
 * ```
 */
export const socketAddress: ClientAddressResolver = (c) =>
  (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;

/**
 * The key a client address is rate-limited under: an IPv4 address as is (IPv4-mapped IPv6
 * `::ffff:a.b.c.d` too), an IPv6 address by its /64 network (one subscriber usually holds
 * a whole /64, so counting single IPv6 addresses would let one client rotate through 2⁶⁴ of
 * them); anything else (no address, unparseable) under `'unknown'`.
 *
 * @param address - the client address as the socket or a proxy reports it
 * @returns the rate-limit key
 * @example
 * ```ts
 * addressKey('::ffff:203.0.113.7'); // '203.0.113.7'
 * addressKey('2001:db8:1:2:aaaa::1'); // '2001:db8:1:2::/64'
 * ```
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || !ipaddr.isValid(address)) return 'unknown';
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString().replace(/::$/, '')}::/64`;
}
