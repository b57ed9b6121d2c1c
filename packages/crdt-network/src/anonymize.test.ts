import * as anonymize from '@pollinate/anonymize';
import * as legacy from '@pollinate/crdt-network/anonymize';
import { describe, expect, it } from 'vitest';

describe('@pollinate/crdt-network/anonymize (deprecated re-export)', () => {
  it('re-exports the very same values as @pollinate/anonymize', () => {
    const legacyValues: Record<string, unknown> = { ...legacy };
    const currentValues: Record<string, unknown> = { ...anonymize };
    const names = Object.keys(legacyValues).sort();
    expect(names).toEqual([
      'FINDING_KINDS',
      'PLACEHOLDERS',
      'RESOURCE_TYPES',
      'RawMigrationSchema',
      'RawMigrationStepSchema',
      'ResidualIdentifierError',
      'anonymizeMigration',
      'anonymizeText',
      'canonicalResourceType',
      'pseudonymize',
    ]);
    for (const name of names) expect(legacyValues[name], name).toBe(currentValues[name]);
  });

  it('still anonymizes through the old entry point', () => {
    expect(legacy.anonymizeText('connect to 10.0.4.17:5432 failed').text).toBe('connect to [IP] failed');
  });
});
