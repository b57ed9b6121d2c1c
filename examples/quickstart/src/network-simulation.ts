// Step 4: three deployments, each with its own replica of the pattern network, anonymize
// their raw migration records, contribute them (with consent), sync peer to peer and
// with the registry until every replica has the same heads, then one deployment
// exercises its rights: export, and erasure.

import { anonymizeMigration, anonymizeText, type Finding } from '@pollinate/anonymize';
import { isConsentRequiredError, type RegistryClient } from '@pollinate/client';
import type { Contribution } from '@pollinate/core';
import {
  ConsentRequiredError,
  contribute,
  contributeMany,
  createNetwork,
  exportContributor,
  handleSyncMessage,
  initSyncState,
  keyPairFromSecret,
  listPatterns,
  load,
  type NetworkDoc,
  type NetworkKeyPair,
  networkInfo,
  type PatternSummary,
  type SyncState,
  type SyncTransport,
  save,
  syncWithPeer,
} from '@pollinate/crdt-network';
import {
  DEPLOYMENTS,
  type DeploymentProfile,
  generateRawMigrations,
  type RawMigrationRecord,
} from './deployments.js';
import type { Random } from './random.js';

/** One deployment's replica and what it holds. */
interface Deployment {
  profile: DeploymentProfile;
  /** The deployment's signing key pair for this network. */
  keys: NetworkKeyPair;
  pseudonym: string;
  doc: NetworkDoc;
  /** Sync state per peer id. */
  peers: Map<string, SyncState>;
  raw: RawMigrationRecord[];
  contributions: Contribution[];
}

/** A compact view of a network pattern for the report. */
export interface NetworkPatternRow {
  key: string;
  route: string;
  strategy: string;
  resourceTypes: string[];
  executions: number;
  successRate: number;
  meanDurationHours: number;
  meanCostSavingsPercent: number;
  contributors: number;
  slowestStep?: string;
}

/** One sync session's cost. */
export interface SyncSession {
  from: string;
  to: string;
  roundTrips: number;
  bytes: number;
}

/** What step 4 did. */
export interface NetworkOutcome {
  networkId: string;
  deployments: {
    name: string;
    pseudonym: string;
    rawRecords: number;
    contributions: number;
    heads: string[];
  }[];
  example: {
    deployment: string;
    raw: RawMigrationRecord;
    contribution: Contribution;
    findings: { kind: string; rule: string; text: string }[];
  };
  consentRefused: boolean;
  /** The registry refused a contribution without consent (`E_CONSENT_REQUIRED`). */
  clientConsentRefused: boolean;
  /** Redactions the registry's second anonymization pass made on arrival (0: nothing slipped through). */
  registryRedactions: number;
  sessions: SyncSession[];
  converged: boolean;
  /** Heads every replica (and the registry, checked by a fresh probe replica) ended with. */
  heads: string[];
  registryHeads: string[];
  records: number;
  patterns: NetworkPatternRow[];
  registryPatterns: number;
  erasure: {
    deployment: string;
    pseudonym: string;
    /** Records of the pseudonym in another deployment's replica before the erasure. */
    exported: number;
    exportedFromRegistry: number;
    erasedAtRegistry: number;
    recordsBefore: number;
    recordsAfter: number;
    convergedAfter: boolean;
    staleReplicaResurrected: boolean;
    exportAfter: number;
  };
}

/** Options of {@link runNetwork}. */
export interface RunNetworkOptions {
  /** A registry client with the token of an account (deployments use `deployment-<name>`). */
  clientFor: (account: string) => RegistryClient;
  /** The network id the registry's replica uses. */
  networkId: string;
  /** The network's secret salt (keys pseudonyms and contribution ids). */
  salt: string;
  /** Window the migrations happened in. */
  window: { from: string; to: string };
  /** Raw records per deployment. @default 8 */
  recordsPerDeployment?: number;
}

/** Runs step 4 and reports what happened. */
export async function runNetwork(random: Random, options: RunNetworkOptions): Promise<NetworkOutcome> {
  const { networkId, salt } = options;
  const client = options.clientFor('deployment-probe');
  const perDeployment = options.recordsPerDeployment ?? 8;
  const deployments: Deployment[] = DEPLOYMENTS.map((profile) => {
    const raw = generateRawMigrations(profile, random, perDeployment, options.window);
    // Each deployment signs its records with its own Ed25519 key pair for this network; its
    // pseudonym is the public key, so nobody else can write, rectify or erase under it.
    const keys = keyPairFromSecret(Uint8Array.from({ length: 32 }, () => Number.parseInt(random.hex(1), 16)));
    const contributions = raw.map((record) => ({
      ...anonymizeMigration(record, { salt, knownIdentifiers: profile.knownIdentifiers }),
      contributor: keys.pseudonym,
    }));
    return {
      profile,
      keys,
      pseudonym: keys.pseudonym,
      doc: createNetwork({ networkId, actor: random.hex(16) }),
      peers: new Map(),
      raw,
      contributions,
    };
  });

  // Sharing is opt-in: without consent nothing is written, locally or at the registry.
  const [a, b, c] = deployments as [Deployment, Deployment, Deployment];
  let consentRefused = false;
  try {
    contribute(a.doc, a.contributions[0], { consent: false, signer: a.keys });
  } catch (error) {
    consentRefused = error instanceof ConsentRequiredError;
  }
  let clientConsentRefused = false;
  try {
    await options
      .clientFor(`deployment-${c.profile.name}`)
      .contribute(c.contributions[0]!, { consent: false });
  } catch (error) {
    clientConsentRefused = isConsentRequiredError(error);
  }
  // Two deployments write into their own replica and sync; the third contributes through
  // the registry's HTTP API (so the registry knows it owns that pseudonym) and syncs to
  // receive the rest of the network.
  a.doc = contributeMany(a.doc, a.contributions, { consent: true, signer: a.keys });
  b.doc = contributeMany(b.doc, b.contributions, { consent: true, signer: b.keys });
  let redactions = 0;
  for (const contribution of c.contributions) {
    const result = await options
      .clientFor(`deployment-${c.profile.name}`)
      .contribute(contribution, { consent: true });
    redactions += result.redactions;
    // The registry signs HTTP contributions with the publisher's custodial key: that key's
    // pseudonym is the one the registry stored them under.
    c.pseudonym = result.contributor;
  }

  // Side by side: the first record with a failed step, else the first record.
  const exampleIndex = Math.max(
    0,
    a.raw.findIndex((record) => record.steps.some((step) => step.error)),
  );
  const exampleRaw = a.raw[exampleIndex]!;
  const failedStep = exampleRaw.steps.find((step) => step.error);
  const scan = failedStep?.error
    ? anonymizeText(failedStep.error, { knownIdentifiers: a.profile.knownIdentifiers })
    : { text: '', findings: [] as Finding[] };

  const sessions: SyncSession[] = [];
  const peerToPeer = async (from: Deployment, to: Deployment) => {
    const transport: SyncTransport = async (message) => {
      const state = to.peers.get(from.profile.name) ?? initSyncState();
      const handled = handleSyncMessage(to.doc, state, message);
      to.doc = handled.doc;
      to.peers.set(from.profile.name, handled.syncState);
      return handled.reply;
    };
    await session(from, to.profile.name, transport);
  };
  const withRegistry = async (from: Deployment) => {
    await session(from, 'registry', client.syncTransport(`deployment-${from.profile.name}`));
  };
  const session = async (from: Deployment, peer: string, transport: SyncTransport) => {
    const result = await syncWithPeer(from.doc, from.peers.get(peer) ?? initSyncState(), transport);
    from.doc = result.doc;
    from.peers.set(peer, result.syncState);
    sessions.push({
      from: from.profile.name,
      to: peer,
      roundTrips: result.stats.roundTrips,
      bytes: result.stats.bytesSent + result.stats.bytesReceived,
    });
  };

  // Peer to peer first (a ↔ b, b ↔ c), then everyone with the registry, then once more so
  // the first to sync with the registry picks up what the later ones brought.
  await peerToPeer(a, b);
  await peerToPeer(b, c);
  for (const deployment of deployments) await withRegistry(deployment);
  for (const deployment of deployments) await withRegistry(deployment);
  const heads = deployments.map((deployment) => networkInfo(deployment.doc).heads);
  const registryHeads = await probeRegistryHeads(client, networkId, random);
  const converged = heads.every((h) => same(h, heads[0] ?? [])) && same(registryHeads, heads[0] ?? []);

  const patterns = listPatterns(a.doc).map(toRow);
  const registryPatterns = (await client.networkPatterns()).patterns.length;

  // Rights of one deployment (c, which contributed through the registry): export and
  // erasure at the registry; the erasure reaches every replica by sync.
  const cClient = options.clientFor(`deployment-${c.profile.name}`);
  const staleCopy = save(b.doc); // a backup of b taken before the erasure
  const exported = exportContributor(a.doc, c.pseudonym).contributions.length;
  const exportedFromRegistry = (await cClient.exportContributor(c.pseudonym)).contributions.length;
  const recordsBefore = listPatterns(a.doc).reduce((sum, pattern) => sum + pattern.executions, 0);
  const erasedAtRegistry = (await cClient.eraseContributor(c.pseudonym)).erased;
  for (const deployment of deployments) await withRegistry(deployment);
  for (const deployment of deployments) await withRegistry(deployment);
  // The stale backup comes back online and syncs: the erased records must not count again.
  const stale: Deployment = {
    ...b,
    profile: { ...b.profile, name: 'stale-backup' },
    doc: load(staleCopy, { actor: random.hex(16) }),
    peers: new Map(),
  };
  await withRegistry(stale);
  for (const deployment of deployments) await withRegistry(deployment);
  const recordsAfter = listPatterns(a.doc).reduce((sum, pattern) => sum + pattern.executions, 0);
  const headsAfter = deployments.map((deployment) => networkInfo(deployment.doc).heads);
  const registryAfter = await probeRegistryHeads(client, networkId, random);
  const staleCounts = listPatterns(stale.doc).reduce((sum, pattern) => sum + pattern.executions, 0);

  return {
    networkId,
    deployments: deployments.map((deployment) => ({
      name: deployment.profile.name,
      pseudonym: deployment.pseudonym,
      rawRecords: deployment.raw.length,
      contributions: deployment.contributions.length,
      heads: heads[deployments.indexOf(deployment)] ?? [],
    })),
    example: {
      deployment: a.profile.name,
      raw: exampleRaw,
      contribution: a.contributions[exampleIndex]!,
      findings: scan.findings.map((finding) => ({
        kind: finding.kind,
        rule: finding.rule,
        text: failedStep?.error?.slice(finding.start, finding.end) ?? '',
      })),
    },
    consentRefused,
    clientConsentRefused,
    registryRedactions: redactions,
    sessions,
    converged,
    heads: heads[0] ?? [],
    registryHeads,
    records: deployments.reduce((sum, deployment) => sum + deployment.contributions.length, 0),
    patterns,
    registryPatterns,
    erasure: {
      deployment: c.profile.name,
      pseudonym: c.pseudonym,
      exported,
      exportedFromRegistry,
      erasedAtRegistry,
      recordsBefore,
      recordsAfter,
      convergedAfter:
        headsAfter.every((h) => same(h, headsAfter[0] ?? [])) && same(registryAfter, headsAfter[0] ?? []),
      staleReplicaResurrected: recordsAfter !== recordsBefore - exported || staleCounts !== recordsAfter,
      exportAfter: exportContributor(a.doc, c.pseudonym).contributions.length,
    },
  };
}

/** The registry's heads, seen by a fresh replica that syncs with it once. */
async function probeRegistryHeads(
  client: RegistryClient,
  networkId: string,
  random: Random,
): Promise<string[]> {
  const probe = createNetwork({ networkId, actor: random.hex(16) });
  const result = await syncWithPeer(probe, initSyncState(), client.syncTransport(`probe-${random.hex(4)}`));
  return networkInfo(result.doc).heads;
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function toRow(pattern: PatternSummary): NetworkPatternRow {
  const slowest = [...pattern.steps].sort((x, y) => y.meanDurationSeconds - x.meanDurationSeconds)[0];
  return {
    key: pattern.key,
    route: `${pattern.sourceCloud} → ${pattern.targetCloud}`,
    strategy: pattern.strategy,
    resourceTypes: pattern.resourceTypes,
    executions: pattern.executions,
    successRate: pattern.successRate,
    meanDurationHours: Math.round(pattern.meanDurationHours * 10) / 10,
    meanCostSavingsPercent: Math.round(pattern.meanCostSavingsPercent * 10) / 10,
    contributors: pattern.contributors,
    ...(slowest ? { slowestStep: slowest.action } : {}),
  };
}
