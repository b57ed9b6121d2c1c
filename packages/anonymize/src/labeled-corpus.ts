import { seededRandom } from '@pollinate/core/helpers';
/**
 * A labeled corpus generator for evaluating the anonymizer: synthetic but realistic
 * migration logs and error messages with planted identifiers (every detector kind) and
 * technical phrases that must survive, plus clean technical snippets that must come out
 * unchanged. Deterministic for a given seed (mulberry32 PRNG). Every name, key and
 * address here is invented; keys are random, not real credentials.
 *
 * Used by the tests (thresholds) and by `bench/anonymize.bench.ts` (per-kind precision,
 * recall and F2, side by side with the baselines). Not part of the public API.
 */

import type { FindingKind } from './findings.js';
import { passesLuhn } from './identifier-detectors.js';

/**
 * The kinds of value planted in the corpus (the detector categories of the issue): every
 * {@link FindingKind} except `redacted`, which only the time-budget fallback produces.
 */
export type PlantedKind = Exclude<FindingKind, 'redacted'>;

/** One planted sensitive value and where it is in the snippet. */
export interface PlantedValue {
  kind: PlantedKind;
  value: string;
  start: number;
  end: number;
}

/** One labeled snippet. */
export interface CorpusSnippet {
  id: string;
  text: string;
  planted: PlantedValue[];
  /** Technical phrases that must survive verbatim. */
  technical: string[];
  /** Names the host would pass as `knownIdentifiers`. */
  knownIdentifiers: string[];
  /** `true` for snippets with nothing to redact: the output must equal the input. */
  clean: boolean;
}

type Random = () => number;

const mulberry32: (seed: number) => Random = seededRandom;

class SnippetBuilder {
  text = '';
  planted: PlantedValue[] = [];
  technical: string[] = [];
  add(part: string): this {
    this.text += part;
    return this;
  }
  plant(kind: PlantedKind, value: string): this {
    this.planted.push({ kind, value, start: this.text.length, end: this.text.length + value.length });
    this.text += value;
    return this;
  }
  tech(value: string): this {
    this.technical.push(value);
    this.text += value;
    return this;
  }
}

const COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Health',
  'Stark Logistics',
  'Wayne Retail',
  'Hooli',
  'Vandelay Imports',
  'Soylent Foods',
  'Tyrell Systems',
];
const FIRST = ['jane', 'omar', 'li', 'maria', 'dev', 'sam', 'priya', 'lukas', 'ana', 'kofi'];
const LAST = ['doe', 'haddad', 'wei', 'garcia', 'ops', 'taylor', 'raman', 'becker', 'silva', 'mensah'];
const TLDS = ['com', 'io', 'net', 'de', 'co.uk', 'com.au', 'fr', 'org'];
const ROLES = ['db', 'sql', 'api', 'app', 'etl', 'files', 'mq', 'cache', 'web', 'batch'];
const ENVIRONMENTS = ['prod', 'stg', 'dev', 'dr', 'uat'];

const INSTANCE_SIZES = [
  't3.large',
  'm5.2xlarge',
  'r6g.xlarge',
  'db.r5.large',
  'c5n.4xlarge',
  'Standard_D2s_v3',
  'Standard_E8ds_v5',
  'e2-standard-4',
  'n2-highmem-8',
  'db.t3.medium',
];
const REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'westeurope',
  'eastus2',
  'northeurope',
  'europe-west4',
  'us-central1',
];
const RESOURCES = [
  'EC2',
  'RDS',
  'S3',
  'Blob',
  'EBS',
  'Aurora',
  'DynamoDB',
  'Cosmos DB',
  'Cloud SQL',
  'GKE',
  'AKS',
  'Lambda',
];
const VERSIONS = [
  'v2.3.1',
  '14.2.0',
  'PostgreSQL 15.4',
  'SQL Server 2019',
  'Oracle 19c',
  'Node.js 20.11.1',
  'Java 17',
  'Python 3.11',
  '.NET 8.0',
  'MySQL 8.0.35',
];
const RANGES = ['^1.2.0', '>=2.0.0 <3.0.0', '~4.17.21', '1.x || 2.x'];
const DURATIONS = ['45m', '2h30m', '1500ms', '12 minutes', '3.5 hours', 'PT15M', '90s', '00:45:12'];
const PERCENTS = ['99.9%', '12.5%', '0.3%', '87%', '23.4%'];
const SIZES = ['4.2 TB', '310 MB/s', '512 MiB', '1.5 GB', '80 GiB', '2,000 IOPS', '25 Gbps'];
const ERROR_CODES = [
  'ORA-00942',
  'ORA-12541',
  'HTTP 503',
  'HTTP 429',
  '0x80070005',
  'SQLSTATE 08006',
  'ERROR 1045 (28000)',
  'Msg 18456',
  'errno 111',
  'E11000',
];
const EXCEPTIONS = [
  'java.net.SocketTimeoutException',
  'System.TimeoutException',
  'psycopg2.OperationalError',
  'botocore.exceptions.ClientError',
  'ThrottlingException',
  'AccessDeniedException',
  'com.mysql.cj.jdbc.exceptions.CommunicationsException',
  'Microsoft.Data.SqlClient.SqlException',
  'org.postgresql.util.PSQLException',
  'System.Net.Http.HttpRequestException',
];
const STRATEGIES = ['rehost', 'replatform', 'refactor', 'repurchase', 'retire', 'retain'];
const STEPS = [
  'schema-conversion',
  'full-load-and-cdc',
  'snapshot-copy',
  'blue-green cutover',
  'dns-switch',
  'data-validation',
  'replication-lag-check',
  'rollback-rehearsal',
];
const TECH_TOKENS = [
  'node:_tls_wrap',
  'java.net',
  'System.Net',
  'TLS 1.2',
  'gp3',
  'io2',
  'Premium_LRS',
  'Multi-AZ',
  'CDC',
  'VPC peering',
  'NAT gateway',
  'IAM role',
  'KMS',
  'TCP/IP',
  'read/write',
  'app.py',
  'README.md',
];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

/** Value generators for every planted kind, driven by one PRNG. */
class Generators {
  constructor(private readonly random: Random) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }
  company(): string {
    return this.pick(COMPANIES);
  }
  slug(company: string): string {
    return company.toLowerCase().replace(/\s+/g, this.pick(['-', '', '-']));
  }
  ipv4(): string {
    const kind = this.int(0, 3);
    const head =
      kind === 0
        ? '10'
        : kind === 1
          ? `172.${this.int(16, 31)}`
          : kind === 2
            ? '192.168'
            : `${this.int(3, 223)}.${this.int(0, 255)}`;
    const parts = head.split('.').length;
    const tail = Array.from({ length: 4 - parts }, () => this.int(0, 255)).join('.');
    const address = `${head}.${tail}`;
    const suffix = this.int(0, 3);
    return suffix === 0
      ? `${address}:${this.pick([5432, 1433, 3306, 443, 8080, 1521])}`
      : suffix === 1
        ? `${address.slice(0, address.lastIndexOf('.'))}.0/${this.pick([16, 24, 28])}`
        : address;
  }
  ipv6(): string {
    const group = () => this.int(0, 0xffff).toString(16);
    const form = this.int(0, 3);
    if (form === 0) return Array.from({ length: 8 }, group).join(':');
    if (form === 1) return `fe80::${group()}:${group()}:${group()}:${this.int(1, 0xffff).toString(16)}`;
    if (form === 2) return `2001:db8:${group()}::${this.int(1, 0xfff).toString(16)}`;
    return `[2001:db8::${this.int(1, 0xfff).toString(16)}]:${this.pick([443, 8443, 5432])}`;
  }
  mac(): string {
    const separator = this.pick([':', '-']);
    const octets = Array.from({ length: 6 }, () => this.chars(HEX, 2));
    return this.int(0, 1) ? octets.join(separator).toUpperCase() : octets.join(separator);
  }
  domain(company: string): string {
    const base = company.toLowerCase().replace(/\s+/g, '');
    const form = this.int(0, 5);
    if (form === 0)
      return `${this.pick(ROLES)}-${this.pick(ENVIRONMENTS)}-0${this.int(1, 9)}.${base}.${this.pick(TLDS)}`;
    if (form === 1)
      return `${this.pick(ROLES)}${this.int(1, 20)}.${this.pick(['corp', 'internal', 'local', 'lan'])}`;
    if (form === 2) return `${base}${this.pick(ENVIRONMENTS)}.blob.core.windows.net`;
    if (form === 3)
      return `${base}-${this.pick(ROLES)}.${this.chars('abcdefghijklmnopqrstuvwxyz0123456789', 12)}.${this.pick(REGIONS.slice(0, 3))}.rds.amazonaws.com`;
    if (form === 4) return `ip-10-${this.int(0, 255)}-${this.int(0, 255)}-${this.int(1, 254)}.ec2.internal`;
    return `${base}-${this.pick(ENVIRONMENTS)}.database.windows.net`;
  }
  email(company: string): string {
    const base = company.toLowerCase().replace(/\s+/g, '');
    return `${this.pick(FIRST)}.${this.pick(LAST)}${this.pick(['', '+alerts', '2'])}@${base}.${this.pick(TLDS)}`;
  }
  url(company: string): string {
    const host = `${this.pick(['portal', 'api', 'grafana', 'jenkins'])}.${company.toLowerCase().replace(/\s+/g, '')}.${this.pick(TLDS)}`;
    return `https://${host}/${this.pick(['migrations', 'v1/jobs', 'd/replication'])}/${this.int(100, 99999)}?${this.pick(['tenant', 'user', 'run'])}=${this.pick(FIRST)}&page=${this.int(1, 9)}`;
  }
  unixPath(): string {
    return this.pick([
      `/home/${this.pick(FIRST)}${this.pick(LAST)}/exports/${this.pick(ROLES)}_${this.int(2019, 2026)}.csv`,
      `/var/lib/${this.pick(ROLES)}/${this.pick(ENVIRONMENTS)}/wal/000000010000000${this.int(1, 9)}`,
      `/opt/${this.pick(FIRST)}-tools/bin/migrate-${this.pick(ROLES)}.sh`,
      `~/.aws/credentials`,
      `/mnt/backups/${this.pick(ROLES)}/${this.int(2019, 2026)}-0${this.int(1, 9)}-1${this.int(0, 9)}.dump`,
    ]);
  }
  windowsPath(company: string): string {
    return this.pick([
      `C:\\Users\\${this.pick(FIRST)}.${this.pick(LAST)}\\AppData\\Local\\Temp\\migrate.log`,
      `D:\\Backups\\${company}\\${this.pick(ROLES)}_full.bak`,
      `\\\\fs0${this.int(1, 9)}\\share\\${this.pick(ROLES)}\\export.csv`,
      `E:\\MSSQL\\DATA\\${this.pick(ROLES)}_${this.pick(ENVIRONMENTS)}.mdf`,
    ]);
  }
  awsAccountId(): string {
    return `${this.int(1, 9)}${this.chars('0123456789', 11)}`;
  }
  uuid(): string {
    return `${this.chars(HEX, 8)}-${this.chars(HEX, 4)}-4${this.chars(HEX, 3)}-${this.pick(['8', '9', 'a', 'b'])}${this.chars(HEX, 3)}-${this.chars(HEX, 12)}`;
  }
  arn(company: string): string {
    const account = this.awsAccountId();
    const slug = company.toLowerCase().replace(/\s+/g, '-');
    return this.pick([
      `arn:aws:iam::${account}:role/${slug}-migration`,
      `arn:aws:s3:::${slug}-backups-${this.int(1, 99)}`,
      `arn:aws:rds:${this.pick(REGIONS.slice(0, 3))}:${account}:db:${this.pick(ROLES)}-${this.pick(ENVIRONMENTS)}`,
      `arn:aws:kms:${this.pick(REGIONS.slice(0, 3))}:${account}:key/${this.uuid()}`,
    ]);
  }
  azureResourceId(company: string): string {
    const slug = company.toLowerCase().replace(/\s+/g, '-');
    return `/subscriptions/${this.uuid()}/resourceGroups/rg-${slug}-${this.pick(ENVIRONMENTS)}/providers/Microsoft.Sql/servers/${slug}-sql`;
  }
  gcpResourceName(company: string): string {
    const slug = company.toLowerCase().replace(/\s+/g, '-');
    return `projects/${slug}-${this.pick(ENVIRONMENTS)}-${this.int(100, 999)}/zones/europe-west4-a/instances/${this.pick(ROLES)}-${this.int(1, 9)}`;
  }
  awsResourceId(): string {
    return `${this.pick(['i', 'vol', 'sg', 'subnet', 'vpc', 'snap', 'ami'])}-${this.chars(HEX, this.pick([8, 17]))}`;
  }
  cardNumber(): string {
    const prefix = this.pick(['4', '51', '55', '2221', '37', '6011']);
    const length = prefix === '37' ? 15 : 16;
    let digits = prefix + this.chars('0123456789', length - prefix.length - 1);
    for (let check = 0; check <= 9; check++) {
      if (passesLuhn(digits + check)) {
        digits += check;
        break;
      }
    }
    const separator = this.pick([' ', '-', '']);
    if (length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(separator);
    return digits.match(/.{4}/g)!.join(separator);
  }
  secret(): { rule: string; value: string } {
    switch (this.int(0, 13)) {
      case 0:
        return { rule: 'aws-access-key-id', value: `AKIA${this.chars(UPPER_ALNUM, 16)}` };
      case 1:
        return { rule: 'aws-secret', value: this.chars(BASE64, 40) };
      case 2:
        return { rule: 'gcp-api-key', value: `AIza${this.chars(`${ALNUM}_-`, 35)}` };
      case 3:
        return { rule: 'azure-storage-key', value: `${this.chars(BASE64, 86)}==` };
      case 4:
        return {
          rule: 'azure-ad-client-secret',
          value: `${this.chars(ALNUM, 3)}8Q~${this.chars(`${ALNUM}_.-`, 34)}`,
        };
      case 5:
        return { rule: 'github', value: `ghp_${this.chars(ALNUM, 36)}` };
      case 6:
        return { rule: 'gitlab', value: `glpat-${this.chars(`${ALNUM}_-`, 20)}` };
      case 7:
        return {
          rule: 'slack',
          value: `xoxb-${this.int(1e10, 9e10)}-${this.int(1e10, 9e10)}-${this.chars(ALNUM, 24)}`,
        };
      case 8:
        return { rule: 'stripe', value: `sk_live_${this.chars(ALNUM, 24)}` };
      case 9:
        return {
          rule: 'jwt',
          value: `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${this.chars(`${ALNUM}_-`, 60)}.${this.chars(`${ALNUM}_-`, 43)}`,
        };
      case 10:
        return { rule: 'hex-token', value: this.chars(HEX, 40) };
      case 11:
        return { rule: 'generic', value: this.chars(ALNUM, 32) };
      case 12:
        return { rule: 'npm', value: `npm_${this.chars(ALNUM, 36)}` };
      default:
        return {
          rule: 'password',
          value: `${this.pick(['Summer', 'Winter', 'Falcon', 'Orchid'])}${this.int(10, 99)}!${this.chars(ALNUM, 4)}`,
        };
    }
  }
}

type Template = (b: SnippetBuilder, g: Generators, company: string) => void;

/** Snippets with planted identifiers. Each template mixes planted values and technical phrases. */
const TEMPLATES: readonly Template[] = [
  (b, g, _c) =>
    b
      .add(`[${g.pick(STEPS)}] `)
      .tech(g.pick(RESOURCES))
      .add(' connection to ')
      .plant('ip', g.ipv4())
      .add(' failed with ')
      .tech(g.pick(ERROR_CODES))
      .add(' after ')
      .tech(g.pick(DURATIONS)),
  (b, g, c) =>
    b
      .add('Replication from ')
      .plant('domain', g.domain(c))
      .add(' to ')
      .tech(g.pick(RESOURCES))
      .add(' in ')
      .tech(g.pick(REGIONS))
      .add(' stalled at ')
      .tech(g.pick(PERCENTS))
      .add(', throughput ')
      .tech(g.pick(SIZES)),
  (b, g, c) =>
    b
      .add('Notify ')
      .plant('email', g.email(c))
      .add(': cutover of ')
      .tech(g.pick(RESOURCES))
      .add(' (')
      .tech(g.pick(INSTANCE_SIZES))
      .add(') is blocked by ')
      .tech(g.pick(EXCEPTIONS)),
  (b, g, c) =>
    b
      .add('Dashboard: ')
      .plant('url', g.url(c))
      .add(' shows ')
      .tech(g.pick(ERROR_CODES))
      .add(' for ')
      .tech(g.pick(STEPS)),
  (b, g, _c) =>
    b
      .add('pg_restore: could not open ')
      .plant('path', g.unixPath())
      .add(' while restoring to ')
      .tech(g.pick(VERSIONS))
      .add(' on ')
      .tech(g.pick(INSTANCE_SIZES)),
  (b, g, c) =>
    b
      .add('Robocopy error ')
      .tech(g.pick(['0x80070005', 'ERROR 5 (0x00000005)']))
      .add(' copying ')
      .plant('path', g.windowsPath(c))
      .add(' to ')
      .tech('Blob')
      .add(' at ')
      .tech(g.pick(SIZES)),
  (b, g, c) =>
    b
      .add('AssumeRole failed for ')
      .plant('resource-id', g.arn(c))
      .add(': ')
      .tech('AccessDeniedException')
      .add(' (')
      .tech(g.pick(REGIONS.slice(0, 3)))
      .add(')'),
  (b, g, _c) =>
    b
      .add('Deployment to account ')
      .plant('account', g.awsAccountId())
      .add(' in ')
      .tech(g.pick(REGIONS.slice(0, 3)))
      .add(' used ')
      .tech(g.pick(INSTANCE_SIZES))
      .add(' with ')
      .tech(g.pick(STRATEGIES)),
  (b, g, c) =>
    b
      .add('Scale-out of ')
      .plant('resource-id', g.azureResourceId(c))
      .add(' to ')
      .tech(g.pick(['Standard_D2s_v3', 'Standard_E8ds_v5']))
      .add(' failed: ')
      .tech('HTTP 409'),
  (b, g, _c) =>
    b
      .add('Snapshot ')
      .plant('resource-id', g.awsResourceId())
      .add(' copy to ')
      .tech(g.pick(REGIONS.slice(0, 3)))
      .add(' took ')
      .tech(g.pick(DURATIONS))
      .add(' for ')
      .tech(g.pick(SIZES)),
  (b, g, c) =>
    b
      .add('VM ')
      .plant('resource-id', g.gcpResourceName(c))
      .add(' boot disk ')
      .tech('Persistent Disk')
      .add(' resized to ')
      .tech('80 GiB'),
  (b, g, _c) =>
    b
      .add('Request ')
      .plant('uuid', g.uuid())
      .add(' returned ')
      .tech(g.pick(['HTTP 503', 'HTTP 429']))
      .add(' from ')
      .tech(g.pick(RESOURCES))
      .add(' after ')
      .tech(g.pick(DURATIONS)),
  (b, g, _c) =>
    b
      .add('Interface eth0 (')
      .plant('mac', g.mac())
      .add(') lost lease on ')
      .plant('ip', g.ipv4())
      .add(' during ')
      .tech(g.pick(STEPS)),
  (b, g, _c) =>
    b
      .add('Listener bound to ')
      .plant('ip', g.ipv6())
      .add(' rejected ')
      .tech('TLS 1.2')
      .add(' handshake: ')
      .tech('node:_tls_wrap'),
  (b, g, _c) =>
    b
      .add('Billing export contained card ')
      .plant('credit-card', g.cardNumber())
      .add('; row skipped in ')
      .tech(g.pick(STEPS)),
  (b, g, _c) => {
    const s = g.secret();
    const [before, after] = g.pick([
      ['export API_TOKEN=', ''],
      ['apiKey: ', ''],
      ['{"client_secret": "', '"}'],
      ['Authorization: Bearer ', ''],
      ['X-Api-Key: ', ''],
    ] as const);
    b.add(before)
      .plant('secret', s.value)
      .add(`${after} rejected by `)
      .tech(g.pick(RESOURCES))
      .add(' with ')
      .tech(g.pick(['HTTP 401', 'HTTP 403']));
  },
  (b, g, _c) => {
    const s = g.secret();
    b.add('Found leaked credential ')
      .plant('secret', s.value)
      .add(' in ')
      .tech('README.md')
      .add(' during ')
      .tech(g.pick(STEPS));
  },
  (b, g, c) => {
    const host = g.domain(c);
    const user = `${g.pick(['svc', 'app', 'mig'])}_${g.pick(ROLES)}`;
    const password = g.secret().value.slice(0, 16);
    b.add('Connection string: Server=tcp:').plant('domain', host).add(',1433;Initial Catalog=');
    b.plant('resource-id', `${g.pick(['orders', 'billing', 'crm'])}_${g.pick(ENVIRONMENTS)}`)
      .add(';User ID=')
      .plant('account', user);
    b.add(';Password=').plant('secret', password).add(';Encrypt=True; error ').tech('Msg 18456');
  },
  (b, g, c) => {
    const user = g.pick(FIRST);
    const password = `${g.chars(ALNUM, 10)}`;
    const host = g.domain(c);
    b.add('DSN ')
      .plant('secret', `postgres://${user}:${password}@${host}:5432/orders`)
      .add(' refused: ')
      .tech('SQLSTATE 08006')
      .add(' on ')
      .tech('PostgreSQL 15.4');
  },
  (b, g, _c) => {
    b.add('-----BEGIN RSA PRIVATE KEY-----\n');
    b.plant('secret', `${g.chars(BASE64, 64)}\n${g.chars(BASE64, 64)}\n${g.chars(BASE64, 40)}`);
    b.add('\n-----END RSA PRIVATE KEY-----\nkey for ')
      .tech(g.pick(RESOURCES))
      .add(' rotated after ')
      .tech(g.pick(DURATIONS));
  },
  (b, g, c) =>
    b
      .add('Customer ')
      .plant('known-identifier', c)
      .add(' asked to ')
      .tech(g.pick(STRATEGIES))
      .add(' the ')
      .tech(g.pick(RESOURCES))
      .add(' fleet (')
      .tech(g.pick(INSTANCE_SIZES))
      .add(')'),
  (b, g, c) => {
    const slug = g.slug(c);
    b.add('Bucket ')
      .plant('known-identifier', slug)
      .add('-archive policy blocks ')
      .tech('S3')
      .add(' replication to ')
      .tech(g.pick(REGIONS.slice(0, 3)));
  },
  (b, g, c) => {
    // Java stack trace: frames go, exception and message stay.
    const slug = c.toLowerCase().replace(/\s+/g, '');
    b.add('Migration step failed\n')
      .tech('java.net.SocketTimeoutException')
      .add(': connect timed out\n\tat ');
    b.plant(
      'stack-frame',
      `com.${slug}.migrate.${g.pick(['Copier', 'Loader', 'Validator'])}.run(${g.pick(['Copier', 'Loader'])}.java:${g.int(10, 500)})`,
    ).add('\n\tat ');
    b.plant('stack-frame', `java.base/java.lang.Thread.run(Thread.java:${g.int(800, 900)})`).add('\n');
  },
  (b, g, c) => {
    const user = g.pick(FIRST);
    b.add('Traceback (most recent call last):\n  ');
    b.plant(
      'stack-frame',
      `File "/home/${user}/migrator/${g.pick(['load', 'copy'])}.py", line ${g.int(10, 400)}, in run`,
    ).add('\n    ');
    b.plant('stack-frame', `conn = psycopg2.connect(host="${g.domain(c)}")`).add('\n');
    b.tech('psycopg2.OperationalError').add(': could not connect to server: Connection refused\n');
  },
  (b, g, _c) => {
    const user = g.pick(FIRST);
    b.tech('Error').add(': ').tech('ETIMEDOUT').add(' after ').tech(g.pick(DURATIONS)).add('\n    at ');
    b.plant(
      'stack-frame',
      `TLSSocket.onConnectSecure (/srv/${user}/app/node_modules/pg/lib/client.js:${g.int(10, 400)}:${g.int(1, 80)})`,
    ).add('\n    at ');
    b.plant(
      'stack-frame',
      `async Migrator.copy (/srv/${user}/app/dist/migrate.js:${g.int(10, 400)}:${g.int(1, 80)})`,
    ).add('\n');
  },
  (b, g, c) => {
    const slug = c.replace(/\s+/g, '');
    b.tech('System.TimeoutException').add(': The operation has timed out.\n   at ');
    b.plant(
      'stack-frame',
      `${slug}.Migration.BlobCopier.CopyAsync(String container) in C:\\src\\${slug}\\BlobCopier.cs:line ${g.int(10, 300)}`,
    ).add('\n   at ');
    b.plant('stack-frame', `${slug}.Migration.Program.Main(String[] args)`).add('\n');
  },
  (b, g, _c) => {
    const user = g.pick(FIRST);
    b.add(
      'panic: runtime error: invalid memory address or nil pointer dereference\n\ngoroutine 1 [running]:\n',
    );
    b.plant(
      'stack-frame',
      `github.com/${user}/replicator/pkg/cdc.(*Stream).Next(0xc000${g.chars(HEX, 6)})`,
    ).add('\n\t');
    b.plant(
      'stack-frame',
      `/home/${user}/go/src/replicator/pkg/cdc/stream.go:${g.int(10, 300)} +0x${g.chars(HEX, 2)}`,
    ).add('\n');
  },
  (b, g, c) =>
    b
      .add('Alert from ')
      .plant('email', g.email(c))
      .add(': ')
      .tech(g.pick(RESOURCES))
      .add(' CPU at ')
      .tech(g.pick(PERCENTS))
      .add(' on ')
      .plant('domain', g.domain(c)),
  (b, g, c) =>
    b
      .add('Host ')
      .plant('ip', g.ipv4())
      .add(' (')
      .plant('domain', g.domain(c))
      .add(') upgraded to ')
      .tech(g.pick(VERSIONS))
      .add(' with range ')
      .tech(g.pick(RANGES)),
  (b, g, _c) =>
    b
      .add('Tenant ')
      .plant('uuid', g.uuid())
      .add(' subscription ')
      .plant('uuid', g.uuid())
      .add(' hit quota for ')
      .tech(g.pick(['Standard_D2s_v3', 'Premium_LRS']))
      .add(' in ')
      .tech(g.pick(['westeurope', 'eastus2'])),
  (b, g, c) =>
    b
      .add('Owner ')
      .plant('known-identifier', c)
      .add(' (')
      .plant('email', g.email(c))
      .add(') approved ')
      .tech(g.pick(STEPS))
      .add(' window of ')
      .tech(g.pick(DURATIONS)),
];

/** Snippets with nothing to redact: technical facts only; the output must equal the input. */
const CLEAN_TEMPLATES: readonly Template[] = [
  (b, g) =>
    b
      .add('Step ')
      .tech(g.pick(STEPS))
      .add(' finished in ')
      .tech(g.pick(DURATIONS))
      .add(' on ')
      .tech(g.pick(INSTANCE_SIZES))
      .add(' in ')
      .tech(g.pick(REGIONS)),
  (b, g) =>
    b
      .tech(g.pick(RESOURCES))
      .add(' throughput ')
      .tech(g.pick(SIZES))
      .add(', error rate ')
      .tech(g.pick(PERCENTS))
      .add(', strategy ')
      .tech(g.pick(STRATEGIES)),
  (b, g) =>
    b
      .add('Upgraded engine to ')
      .tech(g.pick(VERSIONS))
      .add(' (range ')
      .tech(g.pick(RANGES))
      .add(') after ')
      .tech(g.pick(ERROR_CODES)),
  (b, g) =>
    b
      .tech(g.pick(EXCEPTIONS))
      .add(': connection reset by peer during ')
      .tech(g.pick(STEPS))
      .add(' at ')
      .tech(g.pick(PERCENTS)),
  (b, g) =>
    b
      .add('Retry ')
      .add(String(g.int(1, 5)))
      .add('/5: ')
      .tech(g.pick(ERROR_CODES))
      .add(' from ')
      .tech(g.pick(RESOURCES))
      .add(', backing off ')
      .tech(g.pick(DURATIONS)),
  (b, g) =>
    b
      .add('Using ')
      .tech(g.pick(TECH_TOKENS))
      .add(' and ')
      .tech(g.pick(TECH_TOKENS))
      .add(' for ')
      .tech(g.pick(RESOURCES))
      .add(' in ')
      .tech(g.pick(REGIONS)),
  (b, g) =>
    b
      .add('Moved ')
      .tech(g.pick(SIZES))
      .add(' from ')
      .tech(g.pick(['Oracle 19c', 'SQL Server 2019', 'MySQL 8.0.35']))
      .add(' to ')
      .tech(g.pick(['Aurora', 'Cloud SQL', 'RDS']))
      .add(' with ')
      .tech(g.pick(['full-load-and-cdc', 'snapshot-copy'])),
  (b, g) =>
    b
      .add('Instance class ')
      .tech(g.pick(INSTANCE_SIZES))
      .add(' replaced by ')
      .tech(g.pick(INSTANCE_SIZES))
      .add('; cost down ')
      .tech(g.pick(PERCENTS)),
];

/**
 * Generates the labeled corpus.
 *
 * @param options - `size` (snippets, default 600), `seed` (default 42), `cleanShare` (0–1, default 0.25)
 * @returns the snippets, in generation order
 */
export function generateLabeledCorpus(
  options: { size?: number; seed?: number; cleanShare?: number } = {},
): CorpusSnippet[] {
  const { size = 600, seed = 42, cleanShare = 0.25 } = options;
  const random = mulberry32(seed);
  const g = new Generators(random);
  const snippets: CorpusSnippet[] = [];
  for (let index = 0; index < size; index++) {
    const clean = random() < cleanShare;
    const company = g.company();
    const b = new SnippetBuilder();
    if (clean) g.pick(CLEAN_TEMPLATES)(b, g, company);
    else TEMPLATES[index % TEMPLATES.length]!(b, g, company);
    snippets.push({
      id: `snippet-${index}`,
      text: b.text,
      planted: b.planted,
      technical: b.technical,
      knownIdentifiers: clean ? [] : [company],
      clean,
    });
  }
  return snippets;
}

/** What a redactor returns for the evaluation: the text, and its findings when it reports them. */
export interface RedactionOutput {
  text: string;
  findings?: ReadonlyArray<{ kind: string; start: number; end: number }>;
}

/** Per-kind figures of {@link evaluateRedaction}. */
export interface KindScore {
  planted: number;
  caught: number;
  recall: number;
  /** Findings of this kind that overlap a planted value, over all findings of this kind (needs findings). */
  precision?: number;
  /** F2 = 5·P·R / (4·P + R) (van Rijsbergen's F-measure with β = 2: recall weighs 4× precision). */
  f2?: number;
}

/** Corpus-level figures of {@link evaluateRedaction}. */
export interface RedactionScore {
  /** Planted values absent from the output, over all planted values. */
  recall: number;
  /** Technical phrases still present verbatim, over all technical phrases. */
  technicalKept: number;
  /** Clean snippets returned unchanged, over all clean snippets. */
  cleanUnchanged: number;
  perKind: Record<string, KindScore>;
  /** Findings-based: planted spans fully covered by findings (only when findings are reported). */
  spanRecall?: number;
}

/**
 * Scores a redactor on the corpus. A planted value counts as caught when it no longer
 * appears in the output (case-insensitively for known identifiers); when the redactor
 * reports findings, precision per kind is computed from them (a finding is a true
 * positive when it overlaps a planted value) and span recall requires every planted span
 * to be fully covered.
 *
 * @param corpus - output of {@link generateLabeledCorpus}
 * @param redact - the redactor under test
 * @returns the scores
 */
export function evaluateRedaction(
  corpus: readonly CorpusSnippet[],
  redact: (text: string, knownIdentifiers: string[]) => RedactionOutput,
): RedactionScore {
  let planted = 0;
  let caught = 0;
  let technical = 0;
  let kept = 0;
  let clean = 0;
  let unchanged = 0;
  let spans = 0;
  let covered = 0;
  let withFindings = false;
  const perKind: Record<
    string,
    { planted: number; caught: number; findings: number; truePositives: number }
  > = {};
  const kindOf = (kind: string) => {
    perKind[kind] ??= { planted: 0, caught: 0, findings: 0, truePositives: 0 };
    return perKind[kind];
  };
  for (const snippet of corpus) {
    const output = redact(snippet.text, snippet.knownIdentifiers);
    const lower = output.text.toLowerCase();
    for (const value of snippet.planted) {
      const score = kindOf(value.kind);
      planted++;
      score.planted++;
      const leaked =
        value.kind === 'known-identifier'
          ? lower.includes(value.value.toLowerCase())
          : output.text.includes(value.value);
      if (!leaked) {
        caught++;
        score.caught++;
      }
    }
    for (const phrase of snippet.technical) {
      technical++;
      if (output.text.includes(phrase)) kept++;
    }
    if (snippet.clean) {
      clean++;
      if (output.text === snippet.text) unchanged++;
    }
    if (output.findings) {
      withFindings = true;
      for (const value of snippet.planted) {
        spans++;
        let cursor = value.start;
        for (const finding of output.findings) {
          if (finding.start <= cursor && finding.end > cursor) cursor = finding.end;
        }
        if (cursor >= value.end) covered++;
      }
      for (const finding of output.findings) {
        const score = kindOf(finding.kind);
        score.findings++;
        if (snippet.planted.some((value) => finding.start < value.end && value.start < finding.end))
          score.truePositives++;
      }
    }
  }
  const result: RedactionScore = {
    recall: planted ? caught / planted : 1,
    technicalKept: technical ? kept / technical : 1,
    cleanUnchanged: clean ? unchanged / clean : 1,
    perKind: {},
  };
  if (withFindings) result.spanRecall = spans ? covered / spans : 1;
  for (const [kind, score] of Object.entries(perKind)) {
    const recall = score.planted ? score.caught / score.planted : 1;
    const entry: KindScore = { planted: score.planted, caught: score.caught, recall };
    if (withFindings) {
      const precision = score.findings ? score.truePositives / score.findings : 1;
      entry.precision = precision;
      entry.f2 = precision + recall > 0 ? (5 * precision * recall) / (4 * precision + recall) : 0;
    }
    result.perKind[kind] = entry;
  }
  return result;
}
