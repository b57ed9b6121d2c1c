import * as Automerge from '@automerge/automerge';
import { bytesToHex } from '@noble/hashes/utils';
import { parseWith } from '@pollinate/core/helpers';
import {
  type Contribution,
  ContributionSchema,
  PollinateError,
  type SyncTransport,
} from '@pollinate/core/model';
import * as z from 'zod';
import { CHECKSUM_LENGTH, checksum, NETWORK_TAG_LENGTH, networkTag } from './digests.js';
import {
  asAutomerge,
  type NetworkDoc,
  type NetworkState,
  readHeader,
  toNetworkDoc,
  write,
} from './document.js';
import { EpochMismatchError, NetworkMismatchError, SyncError } from './errors.js';
import { type SignatureVerifier, type VerifyOptions, verifyEd25519 } from './signing.js';
import { checkIncomingChanges, decodeChunk } from './verify.js';

/**
 * The state of the sync protocol with one peer: what this replica believes the peer has.
 * Opaque; keep one per peer, replace it with the one each sync function returns, and
 * persist it with {@link encodeSyncState} to make the next session with that peer cheap.
 * A sync state is bound to the network epoch it was used on; after {@link adoptEpoch} it
 * starts over by itself.
 */
export interface SyncState {
  /** Type-level brand only; not present at run time. */
  readonly __pollinateSyncState: never;
}

/** The run-time form of a {@link SyncState}. */
interface SyncStateData {
  /** Network tag (hex) and epoch the state belongs to; `null` until first used. */
  binding: string | null;
  automerge: Automerge.SyncState;
  /**
   * Whether the next message sent starts a session: it then carries the session-start
   * flag, which makes the peer forget what it believes it already sent us (messages of an
   * earlier session may have been lost).
   */
  sessionStart: boolean;
}

/** The first bytes of every sync envelope: `P`, `N` (Pollinate Network). */
export const SYNC_ENVELOPE_MAGIC: readonly number[] = Object.freeze([0x50, 0x4e]);
/** The envelope format version written and read by this package. */
export const SYNC_ENVELOPE_VERSION = 1;
/** Envelope flag (bit 0 of the flags byte): this message starts a new session. */
export const SYNC_FLAG_SESSION_START = 0x01;
/**
 * Bytes of the envelope header before the Automerge sync message: magic (2), version (1),
 * flags (1), network digest (4), epoch (4), body checksum (4).
 */
export const SYNC_ENVELOPE_HEADER_LENGTH = 2 + 1 + 1 + NETWORK_TAG_LENGTH + 4 + CHECKSUM_LENGTH;
const FLAGS_OFFSET = 3;
const TAG_OFFSET = 4;
const EPOCH_OFFSET = TAG_OFFSET + NETWORK_TAG_LENGTH;
const CHECKSUM_OFFSET = EPOCH_OFFSET + 4;

function toData(state: SyncState): SyncStateData {
  const data = state as unknown as SyncStateData;
  if (
    typeof data !== 'object' ||
    data === null ||
    !('automerge' in data) ||
    !('binding' in data) ||
    !('sessionStart' in data)
  ) {
    throw new SyncError('malformed', 'expected a sync state made by initSyncState or decodeSyncState');
  }
  return data;
}

function fromData(data: SyncStateData): SyncState {
  return Object.freeze(data) as unknown as SyncState;
}

function bindingOf(networkId: string, epoch: number): string {
  return `${bytesToHex(networkTag(networkId))}:${epoch}`;
}

/** The Automerge sync state to use with `doc`: the stored one if bound to its epoch, else a fresh one. */
function automergeStateFor(data: SyncStateData, binding: string): Automerge.SyncState {
  return data.binding === binding ? data.automerge : Automerge.initSyncState();
}

/**
 * An Automerge sync state that forgets what it believes it sent the peer (messages of an
 * earlier session may have been lost) but keeps what it learned about the peer, so a new
 * session still sends a new change in its first message. Falls back to what survives a
 * reconnect (the shared heads) if the state does not have the expected fields.
 */
function forgetWhatWasSent(state: Automerge.SyncState): Automerge.SyncState {
  const fields = state as unknown as Record<string, unknown>;
  if ('sentHashes' in fields && 'lastSentHeads' in fields && 'inFlight' in fields) {
    return {
      ...fields,
      lastSentHeads: [],
      sentHashes: {},
      inFlight: false,
    } as unknown as Automerge.SyncState;
  }
  return Automerge.decodeSyncState(Automerge.encodeSyncState(state));
}

/**
 * Creates the sync state for a peer this replica has not synced with (or whose state was
 * lost).
 *
 * @returns a fresh {@link SyncState}
 * @example
 * ```ts
 * const peers = new Map<string, SyncState>();
 * peers.set('registry', initSyncState());
 * ```
 */
export function initSyncState(): SyncState {
  return fromData({ binding: null, automerge: Automerge.initSyncState(), sessionStart: true });
}

/**
 * Serializes a sync state to keep between sessions with a peer (Automerge keeps only the
 * shared heads; the rest is rebuilt by the next exchange).
 *
 * @param state - the sync state
 * @returns bytes for {@link decodeSyncState}: a format byte (0 unbound, 1 bound), then for a
 *   bound state the network digest (4 bytes) and epoch (uint32, big-endian), then Automerge's encoding
 * @throws {@link SyncError} when `state` is not a sync state
 * @example
 * ```ts
 * await storage.put(`sync/${peerId}`, encodeSyncState(syncState));
 * ```
 */
export function encodeSyncState(state: SyncState): Uint8Array {
  const data = toData(state);
  const inner = Automerge.encodeSyncState(data.automerge);
  if (data.binding === null) return concat([Uint8Array.of(0), inner]);
  const [tagHex, epochText] = data.binding.split(':') as [string, string];
  const header = new Uint8Array(1 + NETWORK_TAG_LENGTH + 4);
  header[0] = 1;
  for (let i = 0; i < NETWORK_TAG_LENGTH; i++)
    header[1 + i] = Number.parseInt(tagHex.slice(2 * i, 2 * i + 2), 16);
  new DataView(header.buffer).setUint32(1 + NETWORK_TAG_LENGTH, Number(epochText));
  return concat([header, inner]);
}

/**
 * Restores a sync state saved with {@link encodeSyncState}.
 *
 * @param bytes - bytes from {@link encodeSyncState}
 * @returns the sync state
 * @throws {@link SyncError} (reason `malformed`) when the bytes are not an encoded sync state
 * @example
 * ```ts
 * const saved = await storage.get(`sync/${peerId}`);
 * const syncState = saved ? decodeSyncState(saved) : initSyncState();
 * ```
 */
export function decodeSyncState(bytes: Uint8Array): SyncState {
  if (!(bytes instanceof Uint8Array) || bytes.length < 1 || (bytes[0] !== 0 && bytes[0] !== 1)) {
    throw new SyncError('malformed', 'not an encoded sync state');
  }
  const headerLength = bytes[0] === 0 ? 1 : 1 + NETWORK_TAG_LENGTH + 4;
  if (bytes.length < headerLength) throw new SyncError('malformed', 'the encoded sync state is truncated');
  let binding: string | null = null;
  if (bytes[0] === 1) {
    const epoch = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
      1 + NETWORK_TAG_LENGTH,
    );
    binding = `${bytesToHex(bytes.subarray(1, 1 + NETWORK_TAG_LENGTH))}:${epoch}`;
  }
  try {
    return fromData({
      binding,
      automerge: Automerge.decodeSyncState(bytes.subarray(headerLength)),
      sessionStart: true,
    });
  } catch (cause) {
    throw new SyncError('malformed', 'not an encoded sync state', { cause });
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function wrap(networkId: string, epoch: number, flags: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(SYNC_ENVELOPE_HEADER_LENGTH + body.length);
  out.set(SYNC_ENVELOPE_MAGIC, 0);
  out[2] = SYNC_ENVELOPE_VERSION;
  out[FLAGS_OFFSET] = flags;
  out.set(networkTag(networkId), TAG_OFFSET);
  new DataView(out.buffer).setUint32(EPOCH_OFFSET, epoch);
  out.set(checksum(body), CHECKSUM_OFFSET);
  out.set(body, SYNC_ENVELOPE_HEADER_LENGTH);
  return out;
}

/** Checks the envelope against the local network and epoch; returns the flags and the Automerge message. */
function unwrap(message: unknown, networkId: string, epoch: number): { flags: number; body: Uint8Array } {
  if (!(message instanceof Uint8Array))
    throw new SyncError('malformed', 'a sync message must be a Uint8Array');
  if (
    message.length < SYNC_ENVELOPE_HEADER_LENGTH ||
    message[0] !== SYNC_ENVELOPE_MAGIC[0] ||
    message[1] !== SYNC_ENVELOPE_MAGIC[1]
  ) {
    throw new SyncError('malformed', 'not a Pollinate network sync message');
  }
  if (message[2] !== SYNC_ENVELOPE_VERSION) {
    throw new SyncError('malformed', `unsupported sync envelope version ${message[2]}`);
  }
  const tag = networkTag(networkId);
  for (let i = 0; i < NETWORK_TAG_LENGTH; i++) {
    if (message[TAG_OFFSET + i] !== tag[i])
      throw new NetworkMismatchError('The sync message belongs to a different network');
  }
  const remoteEpoch = new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(
    EPOCH_OFFSET,
  );
  if (remoteEpoch !== epoch) throw new EpochMismatchError(epoch, remoteEpoch);
  const body = message.subarray(SYNC_ENVELOPE_HEADER_LENGTH);
  const expected = checksum(body);
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    if (message[CHECKSUM_OFFSET + i] !== expected[i]) {
      throw new SyncError('malformed', 'the sync message is truncated or damaged (checksum mismatch)');
    }
  }
  const flags = message[FLAGS_OFFSET]!;
  if ((flags & ~SYNC_FLAG_SESSION_START) !== 0)
    throw new SyncError('malformed', `unknown envelope flags ${flags}`);
  return { flags, body };
}

/** The result of {@link generateSyncMessage}. */
export interface GeneratedSyncMessage {
  /** The sync state to keep for this peer (replaces the one passed in). */
  syncState: SyncState;
  /** The message to send, or `null` when the peer is known to be up to date. */
  message: Uint8Array | null;
}

/**
 * Generates the next sync message for a peer (Automerge's sync protocol, in a Pollinate
 * envelope): a 16-byte header — magic `P` `N`, envelope version 1, a flags byte (bit 0:
 * this message starts a session), the first 4 bytes of a SHA-256 digest of the network
 * id, the epoch as unsigned 32-bit big-endian, the first 4 bytes of the SHA-256 of the
 * body — followed by the Automerge sync message (the body). The first message sent with a
 * state from {@link initSyncState} or {@link decodeSyncState} starts a session.
 *
 * @param doc - the replica
 * @param syncState - the state for this peer (from {@link initSyncState} or the last call); left unchanged
 * @returns `{ syncState, message }`; `message` is `null` when there is nothing to send
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @throws {@link SyncError} (reason `malformed`) when `syncState` is not a sync state
 * @example
 * ```ts
 * const { syncState: next, message } = generateSyncMessage(doc, syncState);
 * syncState = next;
 * if (message) await transport.send(message);
 * ```
 */
export function generateSyncMessage(doc: NetworkDoc, syncState: SyncState): GeneratedSyncMessage {
  const automerge = asAutomerge(doc);
  const data = toData(syncState);
  const { networkId, epoch } = readHeader(automerge);
  const binding = bindingOf(networkId, epoch);
  const sessionStart = data.sessionStart || data.binding !== binding;
  const [nextState, generated] = Automerge.generateSyncMessage(automerge, automergeStateFor(data, binding));
  if (generated === null) {
    return { syncState: fromData({ binding, automerge: nextState, sessionStart }), message: null };
  }
  // Re-encoded without Automerge's optional capability trailer: a peer that sees no
  // capabilities answers in the version-1 protocol, which carries individual changes (each
  // checkable on its own) and never whole-document chunks (which may depend on changes a
  // receiver holds and so cannot be checked before they are applied).
  const { heads, need, have, changes } = Automerge.decodeSyncMessage(generated);
  const message = Automerge.encodeSyncMessage({ heads, need, have, changes });
  return {
    syncState: fromData({ binding, automerge: nextState, sessionStart: false }),
    message: wrap(networkId, epoch, sessionStart ? SYNC_FLAG_SESSION_START : 0, message),
  };
}

/** The result of {@link receiveSyncMessage}. */
export interface ReceivedSyncMessage {
  /** The replica with the message's changes applied (replaces the one passed in). */
  doc: NetworkDoc;
  /** The sync state to keep for this peer (replaces the one passed in). */
  syncState: SyncState;
}

function receiveChecked(
  automerge: Automerge.Doc<NetworkState>,
  data: SyncStateData,
  message: unknown,
  verify: SignatureVerifier,
): { doc: Automerge.Doc<NetworkState>; syncState: SyncStateData } {
  const { networkId, epoch } = readHeader(automerge);
  const binding = bindingOf(networkId, epoch);
  const { flags, body } = unwrap(message, networkId, epoch);
  let decoded: Automerge.DecodedSyncMessage;
  try {
    decoded = Automerge.decodeSyncMessage(body);
  } catch (cause) {
    throw new SyncError('malformed', 'the sync message cannot be decoded', { cause });
  }
  checkIncomingChanges(decoded.changes, automerge, verify);
  // The peer started a new session: forget what we believe we sent it before, since
  // those messages may have been lost.
  const peerStartedSession = (flags & SYNC_FLAG_SESSION_START) !== 0;
  const current = automergeStateFor(data, binding);
  let next: [Automerge.Doc<NetworkState>, Automerge.SyncState, null];
  try {
    next = write(() =>
      Automerge.receiveSyncMessage(
        automerge,
        peerStartedSession ? forgetWhatWasSent(current) : current,
        body,
      ),
    );
  } catch (cause) {
    if (cause instanceof PollinateError) throw cause;
    throw new SyncError('malformed', 'the sync message was refused by Automerge', { cause });
  }
  const sessionStart = peerStartedSession ? false : data.sessionStart || data.binding !== binding;
  return { doc: next[0], syncState: { binding, automerge: next[1], sessionStart } };
}

/**
 * Applies a sync message from a peer. The message is checked completely before anything
 * is applied — envelope, network, epoch, Automerge encoding, and every change it carries
 * against the document schema — so a bad message throws and leaves the document and the
 * sync state exactly as they were.
 *
 * @param doc - the replica (superseded by the result)
 * @param syncState - the state for this peer; left unchanged
 * @param message - bytes received from the peer
 * @returns `{ doc, syncState }`; see {@link ReceivedSyncMessage}
 * @throws {@link NetworkMismatchError} when the message belongs to another network
 * @throws {@link EpochMismatchError} when it belongs to another epoch of this network
 * @throws {@link SyncError} with reason `forged` (an unsigned or forged record or tombstone),
 *   `not-permitted` (deletes or rewrites a record it may not), `invalid-change` (writes
 *   outside records and tombstones) or `malformed`, for anything else wrong with it
 * @throws {@link InvalidDocumentError} when `doc` is not a network document
 * @example
 * ```ts
 * ({ doc, syncState } = receiveSyncMessage(doc, syncState, bytesFromPeer));
 * ```
 */
export function receiveSyncMessage(
  doc: NetworkDoc,
  syncState: SyncState,
  message: Uint8Array,
  options: VerifyOptions = {},
): ReceivedSyncMessage {
  const result = receiveChecked(asAutomerge(doc), toData(syncState), message, verifierOf(options));
  return { doc: toNetworkDoc(result.doc), syncState: fromData(result.syncState) };
}

/** The result of {@link handleSyncMessage}. */
export interface HandledSyncMessage extends ReceivedSyncMessage {
  /** The message to answer with, or `null` when there is nothing to say. */
  reply: Uint8Array | null;
}

/**
 * The responder side of {@link syncWithPeer} (for example a registry's sync endpoint):
 * applies a message and generates the answer in one call.
 *
 * @param doc - the replica (superseded by the result)
 * @param syncState - the state for this peer; left unchanged
 * @param message - bytes received from the peer
 * @returns `{ doc, syncState, reply }`; see {@link HandledSyncMessage}
 * @throws the errors of {@link receiveSyncMessage}, with nothing changed
 * @example
 * ```ts
 * const peers = new Map<string, SyncState>();
 * async function onSync(request: Request, peerId: string): Promise<Response> {
 *   const message = new Uint8Array(await request.arrayBuffer());
 *   const result = handleSyncMessage(doc, peers.get(peerId) ?? initSyncState(), message);
 *   doc = result.doc;
 *   peers.set(peerId, result.syncState);
 *   return result.reply ? new Response(new Uint8Array(result.reply)) : new Response(null, { status: 204 });
 * }
 * ```
 */
export function handleSyncMessage(
  doc: NetworkDoc,
  syncState: SyncState,
  message: Uint8Array,
  options: VerifyOptions = {},
): HandledSyncMessage {
  const received = receiveSyncMessage(doc, syncState, message, options);
  const generated = generateSyncMessage(received.doc, received.syncState);
  return { doc: received.doc, syncState: generated.syncState, reply: generated.message };
}

/** The transport of {@link syncWithPeer}, defined in `@pollinate/core` (re-exported here). */
export type { SyncTransport };

/** Counters of one {@link syncWithPeer} session. */
export interface SyncStats {
  /** Messages sent and answered (one `send` call each). */
  roundTrips: number;
  /** Messages sent (equal to `roundTrips`). */
  messagesSent: number;
  /** Non-empty answers received. */
  messagesReceived: number;
  /** Bytes sent, envelopes included. */
  bytesSent: number;
  /** Bytes received, envelopes included. */
  bytesReceived: number;
}

/** The result of {@link syncWithPeer}. */
export interface SyncResult extends ReceivedSyncMessage {
  /** What the session cost. */
  stats: SyncStats;
}

/** Options of {@link syncWithPeer}. */
export interface SyncWithPeerOptions extends VerifyOptions {
  /**
   * Give up (with a {@link SyncError}, reason `no-progress`) after this many round trips
   * without quiescence (integer ≥ 1).
   * @default 32
   */
  maxRoundTrips?: number;
}

const SyncWithPeerOptionsSchema = z.strictObject({
  maxRoundTrips: z.number().int().min(1).optional(),
  verifySignature: z
    .custom<SignatureVerifier>((value) => typeof value === 'function', 'must be a function')
    .optional(),
});

function verifierOf(options: VerifyOptions | undefined): SignatureVerifier {
  const verify = options?.verifySignature;
  if (verify === undefined) return verifyEd25519;
  if (typeof verify !== 'function') throw new SyncError('malformed', 'verifySignature must be a function');
  return verify;
}

/**
 * Syncs a replica with one peer until neither side has anything to send (quiescence):
 * generates a message, sends it through `send`, applies the answer, and repeats. With a
 * sync state kept from the last session, one new contribution crosses in one round trip.
 * Works on a copy, so if anything fails (transport error, bad answer) the document and
 * sync state passed in are left exactly as they were; on success the document passed in
 * is superseded by the returned one, as with every write.
 *
 * @param doc - the replica (superseded by the result on success)
 * @param syncState - the state for this peer; left unchanged
 * @param send - the transport; see {@link SyncTransport}
 * @param options - `maxRoundTrips` (default 32); see {@link SyncWithPeerOptions}
 * @returns `{ doc, syncState, stats }`; see {@link SyncResult}
 * @throws whatever `send` throws, and the errors of {@link receiveSyncMessage} for a bad answer
 * @throws {@link SyncError} (reason `no-progress`) after `maxRoundTrips` round trips
 * @example
 * ```ts
 * const result = await syncWithPeer(doc, syncState, async (message) => {
 *   const response = await fetch(url, {
 *     method: 'POST',
 *     headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-pollinate-peer': 'my-app' },
 *     body: new Uint8Array(message),
 *   });
 *   if (!response.ok) throw new Error(`sync failed with ${response.status}`);
 *   return response.status === 204 ? null : new Uint8Array(await response.arrayBuffer());
 * });
 * ({ doc, syncState } = result);
 * console.log(result.stats.roundTrips, result.stats.bytesSent + result.stats.bytesReceived);
 * ```
 */
export async function syncWithPeer(
  doc: NetworkDoc,
  syncState: SyncState,
  send: SyncTransport,
  options: SyncWithPeerOptions = {},
): Promise<SyncResult> {
  const { maxRoundTrips = 32 } = parseWith(SyncWithPeerOptionsSchema, options, 'sync options');
  const verify = verifierOf(options);
  const original = asAutomerge(doc);
  // A session starts by forgetting what this side believes it sent (and its first message
  // tells the peer to do the same), so messages lost in an earlier session cannot make
  // either side believe the other already has them.
  const given = toData(syncState);
  let state: SyncStateData = {
    binding: given.binding,
    automerge: forgetWhatWasSent(given.automerge),
    sessionStart: true,
  };
  // The session runs on a copy that only receives (it never writes, so its actor does not
  // matter); on success its changes are merged into the original, which that supersedes.
  let working = Automerge.clone(original);
  const stats: SyncStats = {
    roundTrips: 0,
    messagesSent: 0,
    messagesReceived: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
  try {
    for (;;) {
      const generated = generateSyncMessage(toNetworkDoc(working), fromData(state));
      state = toData(generated.syncState);
      if (generated.message === null) break;
      if (stats.roundTrips >= maxRoundTrips) {
        throw new SyncError('no-progress', `no quiescence after ${maxRoundTrips} round trips`);
      }
      stats.roundTrips += 1;
      stats.messagesSent += 1;
      stats.bytesSent += generated.message.length;
      const reply = await send(generated.message);
      if (reply === null || reply === undefined || reply.length === 0) continue;
      stats.messagesReceived += 1;
      stats.bytesReceived += reply.length;
      const received = receiveChecked(working, state, reply, verify);
      working = received.doc;
      state = received.syncState;
    }
  } catch (error) {
    Automerge.free(working);
    throw error;
  }
  let synced: Automerge.Doc<NetworkState>;
  try {
    synced = write(() => Automerge.merge(original, working));
  } finally {
    Automerge.free(working);
  }
  return { doc: toNetworkDoc(synced), syncState: fromData(state), stats };
}

/**
 * Lists the contributions a sync message would write (new records and rectifications),
 * without applying anything: for a host that screens what arrives by sync (for example
 * running the anonymizer over the free text and refusing the message when it finds
 * anything). Only the envelope and the encoding are checked here; signatures and the
 * other rules are checked by {@link receiveSyncMessage}.
 *
 * @param message - bytes received from a peer
 * @returns the contributions of every record write in the message, in message order
 * @throws {@link SyncError} (reason `malformed`) when the bytes are not a sync message
 * @example
 * ```ts
 * import { anonymizeText } from '@pollinate/anonymize';
 *
 * // A registry refuses a peer's message carrying identifying text before applying it:
 * const unscrubbed = contributionsInSyncMessage(bytesFromPeer).filter((contribution) =>
 *   contribution.steps.some((step) => anonymizeText(step.action).findings.length > 0),
 * );
 * if (unscrubbed.length > 0) respondWith(422, 'a record carries identifying text');
 * ```
 */
export function contributionsInSyncMessage(message: Uint8Array): Contribution[] {
  if (!(message instanceof Uint8Array) || message.length < SYNC_ENVELOPE_HEADER_LENGTH) {
    throw new SyncError('malformed', 'not a Pollinate network sync message');
  }
  let decoded: Automerge.DecodedSyncMessage;
  try {
    decoded = Automerge.decodeSyncMessage(message.subarray(SYNC_ENVELOPE_HEADER_LENGTH));
  } catch (cause) {
    throw new SyncError('malformed', 'the sync message cannot be decoded', { cause });
  }
  const found: Contribution[] = [];
  for (const change of decoded.changes.flatMap(decodeChunk)) {
    for (const op of change.ops) {
      if (op.action !== 'set' || typeof op.value !== 'string' || !op.value.startsWith('{')) continue;
      try {
        const parsed = ContributionSchema.safeParse(
          (JSON.parse(op.value) as { contribution?: unknown }).contribution,
        );
        if (parsed.success) found.push(parsed.data);
      } catch {
        // Not a record; receiveSyncMessage refuses it.
      }
    }
  }
  return found;
}
