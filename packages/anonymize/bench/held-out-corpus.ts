/**
 * A held-out corpus for the leave-kinds-out evaluation (issue 19): sensitive values made by
 * `@faker-js/faker` in six locales (en-US, pl, de, hu, en-GB, fr), values nobody on this
 * project wrote or looked at while writing the detectors, planted into migration-log
 * sentences. The kinds `phone`, `iban`, `person` and `address` were held out of the
 * labeled corpus the detectors were first developed on (`src/labeled-corpus.ts`); `email`,
 * `ip`, `mac`, `uuid` and `credit-card` are development kinds with held-out values.
 * Technical phrases in the sentences must survive. Used by `src/generalization.test.ts`
 * and `bench/generalization.bench.ts`; faker is a development dependency only.
 */
import { type Faker, fakerDE, fakerEN_GB, fakerEN_US, fakerFR, fakerHU, fakerPL } from '@faker-js/faker';
import type { CorpusSnippet, PlantedKind } from '../src/labeled-corpus.js';

const LOCALES: ReadonlyArray<[string, Faker]> = [
  ['en-US', fakerEN_US],
  ['pl', fakerPL],
  ['de', fakerDE],
  ['hu', fakerHU],
  ['en-GB', fakerEN_GB],
  ['fr', fakerFR],
];

/** Kinds held out of development (no example of them was in the labeled corpus). */
export const HELD_OUT_KINDS: readonly PlantedKind[] = ['phone', 'iban', 'person', 'address'];
/** Development kinds, here with values from an independent generator. */
export const DEVELOPMENT_KINDS: readonly PlantedKind[] = ['email', 'ip', 'mac', 'uuid', 'credit-card'];

/** Sentences of migration logs with one `{}` slot and the technical phrases they carry. */
const TEMPLATES: Record<string, ReadonlyArray<[string, string[]]>> = {
  phone: [
    ['Cutover blocked on RDS: paged the DBA at {} twice, no answer after 45m', ['RDS', '45m']],
    ['ORA-00942 escalated; vendor hotline {} confirmed the grant is missing', ['ORA-00942']],
    ['step 7 (t3.large resize) waiting for approval from {} since 02:00 UTC', ['t3.large', '02:00 UTC']],
  ],
  iban: [
    ['Refund for the failed S3 import goes to {} by Friday', ['S3']],
    ['Billing change: chargeback account {} (HTTP 503 from the billing API)', ['HTTP 503']],
  ],
  'credit-card': [['Marketplace charge on card {} declined during the EC2 rehost', ['EC2']]],
  person: [
    ['Rollback approved by {} after HTTP 503 on the load balancer', ['HTTP 503']],
    ['{} reran the schema conversion on db.r5.large at 310 MB/s', ['db.r5.large', '310 MB/s']],
    ['Owner of the Azure Blob Storage migration: {}', ['Azure Blob Storage']],
  ],
  address: [
    ['Ship the Snowball device to {} before the cutover', ['Snowball']],
    ['Data centre exit: rack 14 at {} is empty after the v2.3.1 upgrade', ['v2.3.1']],
  ],
  email: [['SMTP relay rejected {} with 550 5.1.1 during the Exchange cutover', ['550 5.1.1']]],
  ip: [['connect ETIMEDOUT {} after 30000 ms (Aurora PostgreSQL 15.4)', ['30000 ms', 'PostgreSQL 15.4']]],
  mac: [['DHCP lease for {} expired on the migrated Hyper-V host', ['Hyper-V']]],
  uuid: [['Azure subscription {} hit the vCPU quota in westeurope', ['westeurope']]],
};

function value(kind: string, faker: Faker, variant: number): string {
  switch (kind) {
    case 'phone':
      return faker.phone.number({
        style: variant % 3 === 0 ? 'international' : variant % 3 === 1 ? 'national' : 'human',
      });
    case 'iban':
      return faker.finance.iban({ formatted: variant % 2 === 0 });
    case 'credit-card':
      return faker.finance.creditCardNumber();
    case 'person':
      return faker.person.fullName();
    case 'address':
      return faker.location.streetAddress(variant % 2 === 0);
    case 'email':
      return faker.internet.email();
    case 'ip':
      return variant % 2 === 0 ? faker.internet.ipv4() : faker.internet.ipv6();
    case 'mac':
      return faker.internet.mac();
    default:
      return faker.string.uuid();
  }
}

/**
 * Makes `perKind` snippets for each kind, cycling through the six locales, seeded.
 *
 * @param options - `perKind` (default 300) and `seed` (default 19)
 * @returns labeled snippets in the shape of `src/labeled-corpus.ts` (one planted value each)
 */
export function generateHeldOutCorpus(options: { perKind?: number; seed?: number } = {}): CorpusSnippet[] {
  const perKind = options.perKind ?? 300;
  const seed = options.seed ?? 19;
  const snippets: CorpusSnippet[] = [];
  for (const [locale, faker] of LOCALES) faker.seed(seed + locale.length);
  for (const kind of [...HELD_OUT_KINDS, ...DEVELOPMENT_KINDS]) {
    const templates = TEMPLATES[kind]!;
    for (let n = 0; n < perKind; n++) {
      const [, faker] = LOCALES[n % LOCALES.length]!;
      const [template, technical] = templates[n % templates.length]!;
      const planted = value(kind, faker, Math.floor(n / LOCALES.length));
      const start = template.indexOf('{}');
      const text = template.slice(0, start) + planted + template.slice(start + 2);
      snippets.push({
        id: `${kind}-${n}`,
        text,
        planted: [{ kind, value: planted, start, end: start + planted.length }],
        technical,
        knownIdentifiers: [],
        clean: false,
      });
    }
  }
  return snippets;
}
