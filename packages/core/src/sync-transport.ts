/**
 * Sends one sync message to the peer and resolves with its answer: `null` (or an empty
 * array) when the peer has nothing to say. Any transport works (HTTP, WebSocket, a
 * function call in tests). The registry client's `syncTransport(peerId)` makes one;
 * crdt-network's `syncWithPeer` (and the sharded network's sync) take one. Defined here,
 * in core, so that both packages share it without depending on each other.
 *
 * @example
 * ```ts
 * // A peer that answers every message with nothing to say (a real one is HTTP, a
 * // WebSocket, or another replica's `handleSyncMessage` in tests).
 * const quiet: SyncTransport = async () => null;
 * console.log(await quiet(new Uint8Array([1, 2, 3]))); // null
 * ```
 */
export type SyncTransport = (message: Uint8Array) => Promise<Uint8Array | null>;
