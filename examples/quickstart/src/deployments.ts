// Three simulated deployments of a migration tool, each with its own replica of the
// pattern network and a history of raw migration records full of things that must never
// leave the deployment: customer names, operator emails, account ids, IPs, hostnames,
// connection strings with passwords, cloud keys. Every secret is generated from the
// seeded random source at run time — none is real.

import type { Random } from './random.js';

/** A deployment of the migration tool at one customer. */
export interface DeploymentProfile {
  /** Short name used in the output. */
  name: string;
  /** The raw deployment id (sensitive: never leaves the deployment). */
  deploymentId: string;
  /** The customer (sensitive). */
  customer: string;
  /** The customer's internal domain (sensitive). */
  domain: string;
  /** Names the deployment knows are sensitive (customer, projects). */
  knownIdentifiers: string[];
  /** The migrations this customer does: source → target with a strategy and resource types. */
  migrations: {
    sourceCloud: 'aws' | 'azure' | 'gcp' | 'on-prem';
    targetCloud: 'aws' | 'azure' | 'gcp';
    strategy: 'rehost' | 'replatform' | 'refactor';
    resourceTypes: string[];
  }[];
}

/** The three deployments of the run. Their migration mixes overlap so the network learns across them. */
export const DEPLOYMENTS: readonly DeploymentProfile[] = [
  {
    name: 'northwind',
    deploymentId: 'dep-northwind-prod-eu1',
    customer: 'Northwind Traders',
    domain: 'northwind-traders.com',
    knownIdentifiers: ['Northwind Traders', 'northwind', 'Project Albatross'],
    migrations: [
      {
        sourceCloud: 'aws',
        targetCloud: 'gcp',
        strategy: 'replatform',
        resourceTypes: ['Amazon EC2', 'Amazon RDS'],
      },
      { sourceCloud: 'on-prem', targetCloud: 'aws', strategy: 'rehost', resourceTypes: ['VM'] },
    ],
  },
  {
    name: 'contoso',
    deploymentId: 'dep-contoso-health-7731',
    customer: 'Contoso Health',
    domain: 'contoso-health.org',
    knownIdentifiers: ['Contoso Health', 'contoso', 'PatientHub'],
    migrations: [
      {
        sourceCloud: 'aws',
        targetCloud: 'gcp',
        strategy: 'replatform',
        resourceTypes: ['Amazon EC2', 'Amazon RDS'],
      },
      {
        sourceCloud: 'on-prem',
        targetCloud: 'azure',
        strategy: 'replatform',
        resourceTypes: ['VM', 'SQL Database'],
      },
    ],
  },
  {
    name: 'initech',
    deploymentId: 'dep-initech-billing-02',
    customer: 'Initech',
    domain: 'initech.io',
    knownIdentifiers: ['Initech', 'TPS-Reports'],
    migrations: [
      { sourceCloud: 'on-prem', targetCloud: 'aws', strategy: 'rehost', resourceTypes: ['VM'] },
      {
        sourceCloud: 'aws',
        targetCloud: 'azure',
        strategy: 'refactor',
        resourceTypes: ['AWS Lambda', 'Amazon DynamoDB', 'Amazon S3'],
      },
    ],
  },
];

/** One step of a raw migration as the tool logged it. */
export interface RawMigrationStep {
  action: string;
  command: string;
  durationSeconds: number;
  success: boolean;
  error?: string;
}

/**
 * A raw migration record as a deployment stores it (before anonymization); it satisfies
 * the anonymizer's `RawMigrationSchema` and carries extra fields the schema drops.
 */
export interface RawMigrationRecord {
  migrationId: string;
  deploymentId: string;
  customer: { name: string; contactEmails: string[]; accountIds: string[] };
  environment: {
    ips: string[];
    domains: string[];
    hostnames: string[];
    connectionStrings: string[];
    apiKeys: string[];
  };
  sourceCloud: 'aws' | 'azure' | 'gcp' | 'on-prem';
  targetCloud: 'aws' | 'azure' | 'gcp';
  sourceRegion: string;
  targetRegion: string;
  strategy: 'rehost' | 'replatform' | 'refactor';
  resourceTypes: string[];
  resources: { type: string; id: string; name: string; ip: string }[];
  steps: RawMigrationStep[];
  success: boolean;
  startedAt: string;
  finishedAt: string;
  monthlyCostBefore: number;
  monthlyCostAfter: number;
  notes: string;
}

const REGIONS: Record<string, string[]> = {
  aws: ['us-east-1', 'eu-west-1', 'eu-central-1'],
  gcp: ['europe-west4', 'us-central1'],
  azure: ['westeurope', 'northeurope', 'eastus2'],
  'on-prem': ['dc-frankfurt', 'dc-dallas'],
};

const STEP_PLANS: Record<
  string,
  {
    action: string;
    command: (c: StepContext) => string;
    seconds: [number, number];
    failure?: (c: StepContext) => string;
  }[]
> = {
  replatform: [
    {
      action: 'export snapshot',
      command: (c) =>
        `aws rds create-db-snapshot --db-instance-identifier ${c.host} --profile ${c.slug}-admin`,
      seconds: [1800, 7200],
    },
    {
      action: 'transfer data',
      command: (c) => `gsutil -m cp -r s3://${c.slug}-backups/${c.date} gs://${c.slug}-landing/`,
      seconds: [3600, 14400],
      failure: (c) =>
        `ERROR: transfer stalled at 310 MB/s for ${c.host}.${c.domain} (${c.ip}): 403 AccessDenied for key ${c.accessKey}`,
    },
    {
      action: 'restore database',
      command: (c) => `psql "postgresql://migrator:${c.password}@${c.ip}:5432/orders" -f restore.sql`,
      seconds: [1200, 5400],
      failure: () => 'ORA-00942: table or view does not exist',
    },
    {
      action: 'switch traffic',
      command: (c) => `curl -X POST https://ops.${c.domain}/cutover?token=${c.token}`,
      seconds: [300, 900],
    },
  ],
  rehost: [
    {
      action: 'replicate disks',
      command: (c) => `mgn start-replication --source-server ${c.host} --account ${c.account}`,
      seconds: [7200, 28800],
      failure: (c) =>
        `Replication agent on ${c.ip} lost connection to ${c.host}.${c.domain}: timeout after 1200 s`,
    },
    {
      action: 'launch test instance',
      command: (c) => `mgn start-test --instance-type t3.large --subnet subnet-${c.hex}`,
      seconds: [600, 1800],
    },
    {
      action: 'cutover',
      command: (c) => `mgn start-cutover --source-server ${c.host} # approved by ${c.operator}`,
      seconds: [900, 3600],
    },
  ],
  refactor: [
    {
      action: 'export tables',
      command: (c) =>
        `aws dynamodb export-table-to-point-in-time --table-arn arn:aws:dynamodb:eu-west-1:${c.account}:table/${c.slug}-orders`,
      seconds: [1800, 5400],
    },
    {
      action: 'deploy functions',
      command: (c) =>
        `func azure functionapp publish ${c.slug}-billing --connection "AccountKey=${c.azureKey}"`,
      seconds: [600, 2400],
      failure: (c) =>
        `System.UnauthorizedAccessException: Access to the path 'C:\\Users\\${c.user}\\AppData\\func.json' is denied.\n   at Initech.Deploy.Publish() in C:\\src\\deploy\\Publish.cs:line 42`,
    },
    {
      action: 'migrate blobs',
      command: (c) =>
        `azcopy copy "https://${c.slug}data.blob.core.windows.net/raw?sv=2024-11-04&sig=${c.token}" ./raw`,
      seconds: [3600, 10800],
    },
    {
      action: 'switch traffic',
      command: (c) => `curl -H "Authorization: Bearer ${c.token}" -X POST https://api.${c.domain}/v2/cutover`,
      seconds: [300, 900],
    },
  ],
};

interface StepContext {
  host: string;
  domain: string;
  slug: string;
  ip: string;
  account: string;
  accessKey: string;
  azureKey: string;
  password: string;
  token: string;
  hex: string;
  date: string;
  operator: string;
  user: string;
}

const FIRST_NAMES = ['maria', 'james', 'aiko', 'olu', 'priya', 'lukas', 'sofia', 'dmitri'];
const LAST_NAMES = ['gonzalez', 'smith', 'tanaka', 'adeyemi', 'sharma', 'keller', 'rossi', 'ivanov'];
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Generates `count` raw migration records for a deployment, between `from` and `to`
 * (ISO 8601), from the seeded random source.
 */
export function generateRawMigrations(
  profile: DeploymentProfile,
  random: Random,
  count: number,
  window: { from: string; to: string },
): RawMigrationRecord[] {
  const slug = profile.knownIdentifiers[1] ?? profile.name;
  const account = String(random.int(100_000_000, 999_999_999)) + String(random.int(100, 999));
  const fromMs = Date.parse(window.from);
  const spanMs = Math.max(1, Date.parse(window.to) - fromMs);
  const records: RawMigrationRecord[] = [];
  for (let i = 0; i < count; i++) {
    const plan = profile.migrations[i % profile.migrations.length]!;
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const operator = `${first}.${last}@${profile.domain}`;
    const startedMs = fromMs + Math.floor(random.float() * spanMs * 0.8);
    const context: StepContext = {
      host: `${slug}-${random.pick(['orders', 'billing', 'crm', 'erp'])}-db-${String(random.int(1, 12)).padStart(2, '0')}`,
      domain: `internal.${profile.domain}`,
      slug,
      ip: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      account,
      accessKey: `AKIA${random.string(UPPER_DIGITS, 16)}`,
      azureKey: `${random.string(BASE64, 86)}==`,
      password: random.string(ALNUM, 14),
      token: random.string(ALNUM, 32),
      hex: random.hex(8),
      date: new Date(startedMs).toISOString().slice(0, 10),
      operator,
      user: first,
    };
    const failAt = random.chance(0.25) ? random.int(0, 3) : -1;
    const steps: RawMigrationStep[] = [];
    for (const [index, step] of (STEP_PLANS[plan.strategy] ?? []).entries()) {
      const failed = index === failAt && step.failure !== undefined;
      steps.push({
        action: step.action,
        command: step.command(context),
        durationSeconds: random.int(step.seconds[0], step.seconds[1]),
        success: !failed,
        ...(failed && step.failure ? { error: step.failure(context) } : {}),
      });
      if (failed) break;
    }
    const success = steps.every((step) => step.success);
    const durationSeconds =
      steps.reduce((sum, step) => sum + step.durationSeconds, 0) + random.int(600, 7200);
    const before = random.int(8_000, 60_000);
    const savings = success
      ? random.normal(plan.strategy === 'refactor' ? 32 : plan.strategy === 'replatform' ? 21 : 9, 6)
      : random.normal(-4, 3);
    const resources = plan.resourceTypes.map((type) => ({
      type,
      id: `${type.toLowerCase().replace(/[^a-z]/g, '')}-${random.hex(8)}`,
      name: `${slug}-${type.toLowerCase().replace(/[^a-z]/g, '')}-${random.int(1, 40)}`,
      ip: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
    }));
    records.push({
      migrationId: `mig-${profile.name}-${String(i + 1).padStart(4, '0')}`,
      deploymentId: profile.deploymentId,
      customer: { name: profile.customer, contactEmails: [operator], accountIds: [account] },
      environment: {
        ips: [context.ip, ...resources.map((resource) => resource.ip)],
        domains: [profile.domain, context.domain],
        hostnames: [context.host, ...resources.map((resource) => resource.name)],
        connectionStrings: [`postgresql://migrator:${context.password}@${context.ip}:5432/orders`],
        apiKeys: [context.accessKey, context.azureKey, context.token],
      },
      sourceCloud: plan.sourceCloud,
      targetCloud: plan.targetCloud,
      sourceRegion: random.pick(REGIONS[plan.sourceCloud] ?? ['unknown']),
      targetRegion: random.pick(REGIONS[plan.targetCloud] ?? ['unknown']),
      strategy: plan.strategy,
      resourceTypes: plan.resourceTypes,
      resources,
      steps,
      success,
      startedAt: new Date(startedMs).toISOString(),
      finishedAt: new Date(startedMs + durationSeconds * 1000).toISOString(),
      monthlyCostBefore: before,
      monthlyCostAfter: Math.round(before * (1 - savings / 100)),
      notes:
        `${profile.customer} ${profile.knownIdentifiers[2] ?? ''} wave ${random.int(1, 9)}; contact ${operator}, on-call +1-555-${random.int(100, 999)}-${random.int(1000, 9999)}`.replace(
          /\s+/g,
          ' ',
        ),
    });
  }
  return records;
}
