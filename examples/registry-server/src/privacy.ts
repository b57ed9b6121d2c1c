import type { AuditEntry, ConsentRecord, RegistryStore } from '@pollinate/registry-store';
import type { NetworkReplica } from './network.js';

/** The consent scope of contributing migration records to the pattern network. */
export const NETWORK_CONSENT_SCOPE = 'pattern-network';
/** One day in milliseconds. */
const DAY_MS = 86_400_000;
/** Default delay between an erasure and its purge from the stored bytes: 30 days. */
export const DEFAULT_PURGE_AFTER_DAYS = 30;
/** Default retention of audit events: 7 years (2,557 days, as the seed asks). */
export const DEFAULT_AUDIT_RETENTION_DAYS = 2557;
/** Default smallest number of distinct contributors behind a published aggregate. */
export const DEFAULT_MIN_CONTRIBUTORS = 3;

/** Options of the registry's privacy operations (see `RegistryAppOptions`). */
export interface PrivacyOptions {
  /** Days between an erasure (or opt-out) and the purge that removes it from the stored bytes. @default 30 */
  purgeAfterDays?: number;
  /** Days audit events are kept; older ones are deleted by the scheduled maintenance. @default 2557 (7 years) */
  auditRetentionDays?: number;
}

/** What a purge did (also the answer of `POST /api/v1/purge` and the `purge` command). */
export interface PurgeReport {
  /** When it ran, ISO 8601. */
  purgedAt: string;
  /** Erasure requests it completed. */
  erasures: number;
  /** Network log rows replaced by the compacted snapshot. */
  removedChanges: number;
  /** The network's epoch after the purge. */
  epoch: number;
  /** Contributions that survive. */
  contributions: number;
}

/** The registry's privacy operations over a store and its network replica. */
export interface RegistryPrivacy {
  /** Delay between an erasure and its purge, milliseconds. */
  readonly purgeAfterMs: number;
  /** Appends an audit event stamped with the registry's clock. */
  audit(entry: Omit<AuditEntry, 'at'>): Promise<void>;
  /** Whether consent to `scope` is in force for a pseudonym (its newest decision is an opt-in). */
  consentInForce(pseudonym: string, scope?: string): Promise<{ granted: boolean; history: ConsentRecord[] }>;
  /** Records a consent decision (and its audit event); returns the history after it. */
  recordConsent(
    pseudonym: string,
    publisher: string,
    granted: boolean,
    scope?: string,
  ): Promise<ConsentRecord[]>;
  /**
   * Records an erasure request (pending purge) and its audit event.
   * @returns the latest time of the purge, ISO 8601
   */
  recordErasure(pseudonym: string, actor: string, contributions: number): Promise<string>;
  /**
   * Purges erased data now: compacts the network into a new epoch, replaces its stored log
   * and scrubs the database files, marks every pending erasure purged, and audits it.
   * With `onlyWhenDue`, does nothing (returns `null`) unless an erasure's purge is due.
   */
  purge(options: { actor: string; onlyWhenDue?: boolean }): Promise<PurgeReport | null>;
  /** Deletes audit events older than the retention period; returns how many. */
  pruneAudit(): Promise<number>;
}

/**
 * Builds the registry's privacy operations: consent history, erasure requests with their
 * purge, and the audit log, over the store (so every instance on a database shares them).
 *
 * @param store - where consent, erasures and the audit log live
 * @param network - the network replica (opened on first use)
 * @param now - the clock
 * @param options - see {@link PrivacyOptions}
 * @returns the {@link RegistryPrivacy}
 * @example
 * ```ts
 * const store = openSqliteStore('./registry.db');
 * const network = await openNetwork(store);
 * const privacy = createPrivacy(store, async () => network, () => new Date(), { purgeAfterDays: 7 });
 * await privacy.recordConsent(network.pseudonymOf('acme'), 'acme', true);
 * const report = await privacy.purge({ actor: 'operator:cron', onlyWhenDue: true }); // null when nothing is due
 * ```
 */
export function createPrivacy(
  store: RegistryStore,
  network: () => Promise<NetworkReplica>,
  now: () => Date,
  options: PrivacyOptions = {},
): RegistryPrivacy {
  const purgeAfterMs = (options.purgeAfterDays ?? DEFAULT_PURGE_AFTER_DAYS) * DAY_MS;
  const retentionMs = (options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS) * DAY_MS;
  const audit = async (entry: Omit<AuditEntry, 'at'>) => {
    await store.appendAudit({ ...entry, at: now().toISOString() });
  };
  let purging: Promise<PurgeReport | null> | undefined;
  return {
    purgeAfterMs,
    audit,
    async consentInForce(pseudonym, scope = NETWORK_CONSENT_SCOPE) {
      const history = await store.consentHistory(pseudonym);
      const latest = history.filter((record) => record.scope === scope).at(-1);
      return { granted: latest?.granted === true, history };
    },
    async recordConsent(pseudonym, publisher, granted, scope = NETWORK_CONSENT_SCOPE) {
      const at = now().toISOString();
      await store.recordConsent({ pseudonym, publisher, granted, scope, at });
      await store.appendAudit({
        type: granted ? 'consent.granted' : 'consent.withdrawn',
        at,
        actor: publisher,
        pseudonym,
        details: { scope },
      });
      return store.consentHistory(pseudonym);
    },
    async recordErasure(pseudonym, actor, contributions) {
      const at = now();
      const stored = await store.recordErasure({
        pseudonym,
        publisher: actor,
        requestedAt: at.toISOString(),
        purgeAfter: new Date(at.getTime() + purgeAfterMs).toISOString(),
      });
      await store.appendAudit({
        type: 'erasure',
        at: at.toISOString(),
        actor,
        pseudonym,
        details: { contributions, purgeAfter: stored.purgeAfter },
      });
      return stored.purgeAfter;
    },
    purge(purgeOptions) {
      // One purge at a time per process; a second caller shares the running one.
      purging ??= (async () => {
        const pending = await store.pendingErasures();
        const started = now();
        if (purgeOptions.onlyWhenDue && !pending.some((e) => Date.parse(e.purgeAfter) <= started.getTime())) {
          return null;
        }
        const replica = await network();
        const result = await replica.purge();
        const purgedAt = now().toISOString();
        const erasures = await store.markErasuresPurged(
          pending.map((erasure) => erasure.pseudonym),
          purgedAt,
        );
        const report: PurgeReport = {
          purgedAt,
          erasures,
          removedChanges: result.removedChanges,
          epoch: result.epoch,
          contributions: result.contributions,
        };
        await store.appendAudit({
          type: 'purge',
          at: purgedAt,
          actor: purgeOptions.actor,
          details: {
            erasures,
            removedChanges: result.removedChanges,
            epoch: result.epoch,
            contributions: result.contributions,
          },
        });
        return report;
      })().finally(() => {
        purging = undefined;
      });
      return purging;
    },
    pruneAudit() {
      return store.pruneAudit(new Date(now().getTime() - retentionMs).toISOString());
    },
  };
}
