import { type Contribution, ContributionSchema } from '@pollinate/core';
import { parseWith } from '@pollinate/core/helpers';
import type { CallOptions, RegistryClient } from './client.js';
import { transportOf } from './transport.js';
import {
  type AuditPage,
  AuditPageSchema,
  type AuditQuery,
  type ConsentStatus,
  ConsentStatusSchema,
  type ContributorIdentity,
  ContributorIdentitySchema,
  type PurgeReport,
  PurgeReportSchema,
  type RectifyResult,
  RectifyResultSchema,
} from './wire-privacy.js';

/**
 * The data-subject rights of a registry's pattern network (issue 19) beyond export and
 * erasure (which {@link RegistryClient} has): the caller's pseudonym, consent (opt-in and
 * withdrawal), rectification, and for operators the audit log and the purge. Made from a
 * {@link RegistryClient} by {@link createPrivacyClient}, sharing its transport (base URL,
 * token, retries, ETags, typed errors); kept apart so that code that only searches (a browser
 * bundle) does not carry it.
 */
export interface PrivacyClient {
  /** The pseudonym the token's publisher contributes under (`GET /contributors/me`). */
  getContributorIdentity(options?: CallOptions): Promise<ContributorIdentity>;
  /** The consent in force for a pseudonym and its history (its owner only). */
  getConsent(pseudonym: string, options?: CallOptions): Promise<ConsentStatus>;
  /** Records an opt-in for a pseudonym (its owner only); `scope` defaults to `'pattern-network'`. */
  grantConsent(pseudonym: string, options?: CallOptions & { scope?: string }): Promise<ConsentStatus>;
  /**
   * Withdraws consent (objection, opt-out): further contributions are refused and every
   * existing one is erased at once, purged from the registry's bytes by the scheduled purge.
   */
  withdrawConsent(pseudonym: string, options?: CallOptions): Promise<ConsentStatus>;
  /**
   * Replaces one of your own contributions (same `id` and `contributor`) with a corrected one
   * (GDPR Art. 16); the registry re-anonymizes and re-signs it, and aggregates follow exactly.
   */
  rectifyContribution(contribution: Contribution, options?: CallOptions): Promise<RectifyResult>;
  /** One page of the registry's audit log (operators only). */
  audit(query?: AuditQuery, options?: CallOptions): Promise<AuditPage>;
  /** Purges erased data from the registry's stored bytes now (operators only). */
  purge(options?: CallOptions): Promise<PurgeReport>;
}

/**
 * The data-subject rights calls of a registry over a client's transport.
 *
 * @param client - a client made by `createRegistryClient` (its token decides whose pseudonym;
 *   operators' tokens may read the audit log and purge)
 * @returns a {@link PrivacyClient}
 * @throws {ValidationError} when `client` was not made by `createRegistryClient`
 * @example
 * ```ts
 * const privacy = createPrivacyClient(createRegistryClient({ baseUrl: 'http://127.0.0.1:4873' }));
 * typeof privacy.withdrawConsent; // 'function'
 * ```
 */
export function createPrivacyClient(client: RegistryClient): PrivacyClient {
  const { request } = transportOf(client);
  return {
    getContributorIdentity: (call = {}) =>
      request({
        method: 'get',
        path: 'contributors/me',
        schema: ContributorIdentitySchema,
        signal: call.signal,
      }),
    getConsent: (pseudonym, call = {}) =>
      request({
        method: 'get',
        path: `contributors/${encodeURIComponent(pseudonym)}/consent`,
        schema: ConsentStatusSchema,
        signal: call.signal,
      }),
    grantConsent: (pseudonym, call = {}) =>
      request({
        method: 'put',
        path: `contributors/${encodeURIComponent(pseudonym)}/consent`,
        schema: ConsentStatusSchema,
        json: { scope: call.scope ?? 'pattern-network' },
        signal: call.signal,
      }),
    withdrawConsent: (pseudonym, call = {}) =>
      request({
        method: 'delete',
        path: `contributors/${encodeURIComponent(pseudonym)}/consent`,
        schema: ConsentStatusSchema,
        signal: call.signal,
      }),
    rectifyContribution(contribution, call = {}) {
      const parsed = parseWith(ContributionSchema, contribution, 'contribution');
      return request({
        method: 'put',
        path: `contributors/${encodeURIComponent(parsed.contributor)}/contributions/${encodeURIComponent(parsed.id)}`,
        schema: RectifyResultSchema,
        json: { contribution: parsed },
        signal: call.signal,
      });
    },
    audit: (query = {}, call = {}) =>
      request({
        method: 'get',
        path: 'audit',
        schema: AuditPageSchema,
        searchParams: {
          after: query.after,
          limit: query.limit,
          type: query.type,
          pseudonym: query.pseudonym,
        },
        signal: call.signal,
      }),
    purge: (call = {}) =>
      request({ method: 'post', path: 'purge', schema: PurgeReportSchema, json: {}, signal: call.signal }),
  };
}
