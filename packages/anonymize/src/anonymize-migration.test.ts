import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { utf8ToBytes } from '@noble/hashes/utils';
import {
  anonymizeMigration,
  canonicalResourceType,
  pseudonymize,
  type RawMigration,
  RawMigrationSchema,
} from '@pollinate/anonymize';
import { ContributionSchema, isPollinateError, isValidationError } from '@pollinate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const salt = 'network-salt-0123456789abcdef';

function rawRecord(overrides: Partial<RawMigration> = {}): RawMigration {
  return {
    deploymentId: 'dep-acme-prod-eu-7f3a',
    migrationId: 'MIG-2026-0042',
    customer: {
      name: 'Acme Corp',
      contactEmails: ['jane.doe@acme.com'],
      accountIds: ['123456789012'],
    },
    environment: {
      ips: ['10.20.30.40'],
      domains: ['acme.com'],
      hostnames: ['ORAPROD01'],
      connectionStrings: ['Data Source=ORAPROD01;User Id=scott;Password=tiger'],
      apiKeys: ['AKIAIOSFODNN7EXAMPLE'],
    },
    sourceCloud: 'on-prem',
    targetCloud: 'aws',
    strategy: 'replatform',
    resourceTypes: ['Oracle Database', 'Amazon RDS', 'acme-orders-db', 'ec2'],
    steps: [
      {
        action: 'schema-conversion',
        command: 'sct --source ORAPROD01 --user scott --password tiger',
        durationSeconds: 3725,
        success: true,
      },
      {
        action: 'full-load-and-cdc for ACME.ORDERS',
        startedAt: '2026-11-02T09:10:00Z',
        finishedAt: '2026-11-02T10:25:31Z',
        success: false,
        error:
          'ORA-12541: TNS:no listener at ORAPROD01 (10.20.30.40:1521) for user scott; contact jane.doe@acme.com, key AKIAIOSFODNN7EXAMPLE, account 123456789012',
      },
    ],
    success: false,
    startedAt: '2026-11-02T08:00:00Z',
    finishedAt: '2026-11-02T10:31:10Z',
    monthlyCostBefore: 12_345.67,
    monthlyCostAfter: 9_456.12,
    notes: 'Acme Corp wants this done before Black Friday',
    ...overrides,
  };
}

describe('anonymizeMigration', () => {
  it('keeps technical facts, drops identifiers, and validates as a Contribution', () => {
    const contribution = anonymizeMigration(rawRecord(), { salt });
    expect(ContributionSchema.safeParse(contribution).success).toBe(true);
    expect(contribution).toMatchObject({
      sourceCloud: 'on-prem',
      targetCloud: 'aws',
      strategy: 'replatform',
      resourceTypes: ['EC2', 'Oracle Database', 'Other', 'RDS'],
      success: false,
      durationHours: 151 / 60,
      costSavingsPercent: 23.4,
      contributedAt: '2026-11-02T00:00:00Z',
    });
    expect(contribution.steps).toEqual([
      { action: 'schema-conversion', durationSeconds: 3720, success: true },
      {
        action: 'full-load-and-cdc for [NAME].ORDERS',
        durationSeconds: 4560,
        success: false,
        error:
          'ORA-12541: TNS:no listener at [NAME] ([IP]) for user scott; contact [EMAIL], key [SECRET], account [ACCOUNT]',
      },
    ]);
    const serialized = JSON.stringify(contribution).toLowerCase();
    for (const identifier of [
      'acme',
      'oraprod01',
      '10.20.30.40',
      'jane.doe',
      'akiaiosfodnn7example',
      '123456789012',
      'tiger',
      'dep-acme',
      'mig-2026',
    ]) {
      expect(serialized).not.toContain(identifier);
    }
  });

  it('derives the contributor as HMAC-SHA-256(salt, deploymentId) in base64url', () => {
    const contribution = anonymizeMigration(rawRecord(), { salt });
    const expected = btoa(
      String.fromCharCode(...hmac(sha256, utf8ToBytes(salt), utf8ToBytes('dep-acme-prod-eu-7f3a'))),
    )
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=/g, '');
    expect(contribution.contributor).toBe(expected);
    expect(pseudonymize(salt, 'dep-acme-prod-eu-7f3a')).toBe(expected);
    expect(pseudonymize(new TextEncoder().encode(salt), 'dep-acme-prod-eu-7f3a')).toBe(expected);
    // Another salt, another pseudonym: without the salt the id cannot be enumerated.
    expect(pseudonymize('another-network-salt-000', 'dep-acme-prod-eu-7f3a')).not.toBe(expected);
  });

  it('gives the same id for the same migration and different ids for different ones', () => {
    const first = anonymizeMigration(rawRecord(), { salt });
    const again = anonymizeMigration(structuredClone(rawRecord()), { salt });
    expect(again).toEqual(first);
    const other = anonymizeMigration(rawRecord({ migrationId: 'MIG-2026-0043' }), { salt });
    expect(other.id).not.toBe(first.id);
    expect(other.contributor).toBe(first.contributor);
    const otherDeployment = anonymizeMigration(rawRecord({ deploymentId: 'dep-globex' }), { salt });
    expect(otherDeployment.id).not.toBe(first.id);
    expect(otherDeployment.contributor).not.toBe(first.contributor);
    expect(first.id).toMatch(/^m-[A-Za-z0-9_-]{43}$/);
  });

  it('applies the host knownIdentifiers and an explicit contributedAt', () => {
    const contribution = anonymizeMigration(
      rawRecord({ steps: [{ action: 'cutover of Project Falcon', success: true, durationSeconds: 89 }] }),
      { salt, knownIdentifiers: ['Project Falcon'], contributedAt: '2026-11-21T10:00:00Z' },
    );
    expect(contribution.steps).toEqual([{ action: 'cutover of [NAME]', durationSeconds: 60, success: true }]);
    expect(contribution.contributedAt).toBe('2026-11-21T10:00:00Z');
  });

  it('rounds cost savings to one decimal and clamps them to the schema range', () => {
    expect(anonymizeMigration(rawRecord({ costSavingsPercent: 12.345 }), { salt }).costSavingsPercent).toBe(
      12.3,
    );
    expect(
      anonymizeMigration(
        rawRecord({ costSavingsPercent: undefined, monthlyCostBefore: 100, monthlyCostAfter: 5000 }),
        {
          salt,
        },
      ).costSavingsPercent,
    ).toBe(-1000);
  });

  it('cuts long errors to the schema limit without splitting a placeholder', () => {
    const error = `${'x'.repeat(1997)} 10.0.0.1 ${'y'.repeat(100)}`;
    const contribution = anonymizeMigration(
      rawRecord({ steps: [{ action: 'load', success: false, error }] }),
      { salt },
    );
    const kept = contribution.steps[0]!.error!;
    expect(kept.length).toBeLessThanOrEqual(2000);
    expect(kept.endsWith(' ')).toBe(true);
    expect(kept).not.toContain('[I');
  });

  it('rejects malformed records and weak salts with a ValidationError naming the field', () => {
    const attempt = (raw: unknown, options: { salt: string }) => {
      try {
        anonymizeMigration(raw, options);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const missing = attempt({ ...rawRecord(), sourceCloud: 'mars' }, { salt });
    expect(isValidationError(missing)).toBe(true);
    expect((missing as { issues: { path: unknown[] }[] }).issues[0]!.path).toEqual(['sourceCloud']);
    expect(isValidationError(attempt(rawRecord(), { salt: 'short' }))).toBe(true);
    expect(isValidationError(attempt(null, { salt }))).toBe(true);
    expect(isValidationError(attempt({ ...rawRecord(), steps: 'none' }, { salt }))).toBe(true);
  });

  it('accepts clouds and strategy in any case and drops unknown keys', () => {
    const parsed = RawMigrationSchema.parse({
      ...rawRecord(),
      sourceCloud: 'AWS',
      strategy: 'Rehost',
      secretField: 1,
    });
    expect(parsed.sourceCloud).toBe('aws');
    expect(parsed.strategy).toBe('rehost');
    expect('secretField' in parsed).toBe(false);
  });

  it('maps resource types onto the fixed vocabulary', () => {
    expect(canonicalResourceType('Amazon EC2')).toBe('EC2');
    expect(canonicalResourceType('AWS::RDS::DBInstance')).toBe('RDS');
    expect(canonicalResourceType('Azure Blob Storage')).toBe('Blob');
    expect(canonicalResourceType('Google Cloud SQL')).toBe('Cloud SQL');
    expect(canonicalResourceType('acme-orders-db')).toBe('Other');
  });

  it('never throws anything but a Pollinate error, and every result is a valid contribution (property)', () => {
    const step = fc.record({
      action: fc.string({ minLength: 1, maxLength: 50 }),
      success: fc.boolean(),
      durationSeconds: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
      error: fc.option(fc.string({ maxLength: 300 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.record({
          deploymentId: fc.string({ minLength: 1, maxLength: 20 }),
          migrationId: fc.string({ minLength: 1, maxLength: 20 }),
          steps: fc.array(step, { maxLength: 4 }),
          costSavingsPercent: fc.double({ min: -5000, max: 5000, noNaN: true }),
          resourceTypes: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }),
        }),
        (partial) => {
          const raw = { ...rawRecord(), ...partial, customer: undefined, environment: undefined };
          try {
            const contribution = anonymizeMigration(raw, { salt });
            expect(ContributionSchema.safeParse(contribution).success).toBe(true);
            expect(anonymizeMigration(raw, { salt })).toEqual(contribution);
          } catch (error) {
            expect(isPollinateError(error)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('anonymizeMigration: findings report', () => {
  const raw = {
    deploymentId: 'acme-prod-eu',
    migrationId: 'MIG-0042',
    customer: { name: 'Acme Corp', contactEmails: ['ops@acme.com'] },
    sourceCloud: 'on-prem',
    targetCloud: 'aws',
    strategy: 'replatform',
    resourceTypes: ['Oracle Database'],
    steps: [
      { action: 'schema-conversion', command: 'sct --password tiger', durationSeconds: 60, success: true },
      {
        action: 'cutover',
        durationSeconds: 120,
        success: false,
        error:
          'ORA-00942 on 10.1.2.3; call Maria Kowalska at +48 22 123 45 67 (IBAN PL61109010140000071219812874)',
      },
    ],
    success: false,
    startedAt: '2026-11-02T08:00:00Z',
    finishedAt: '2026-11-02T10:31:10Z',
    notes: 'signed off by ops@acme.com',
  };
  const salt = 'the-network-salt-0123456789';

  it('returns the same contribution and a report of kinds and counts, never the values', () => {
    const { contribution, findings } = anonymizeMigration(raw, { salt, report: true });
    expect(contribution).toEqual(anonymizeMigration(raw, { salt }));
    expect(contribution.steps[1]!.error).toBe('ORA-00942 on [IP]; call [PERSON] at [PHONE] (IBAN [IBAN])');
    expect(findings).toEqual({
      total: 4,
      byKind: { ip: 1, person: 1, phone: 1, iban: 1 },
      fields: [{ path: ['steps', 1, 'error'], total: 4, byKind: { ip: 1, person: 1, phone: 1, iban: 1 } }],
      dropped: ['customer', 'notes', 'steps[].command'],
    });
    const serialized = JSON.stringify(findings);
    for (const value of ['10.1.2.3', 'Kowalska', '123 45 67', 'PL611090', 'tiger', 'ops@acme.com'])
      expect(serialized).not.toContain(value);
  });
});
