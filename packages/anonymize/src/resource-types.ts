/**
 * The fixed vocabulary of resource types a contribution may carry, and the mapping of
 * the many ways deployments write them (`Amazon RDS`, `rds`, `AWS::RDS::DBInstance`,
 * `Azure Blob Storage`) onto it.
 */

/** Canonical resource types, by cloud. A raw type that maps to none of them becomes `Other`. */
export const RESOURCE_TYPES: readonly string[] = [
  // AWS
  'EC2',
  'RDS',
  'Aurora',
  'S3',
  'EBS',
  'EFS',
  'FSx',
  'Lambda',
  'DynamoDB',
  'ECS',
  'EKS',
  'ELB',
  'CloudFront',
  'Route 53',
  'SQS',
  'SNS',
  'Kinesis',
  'Redshift',
  'ElastiCache',
  'DMS',
  'VPC',
  'IAM',
  'KMS',
  'Secrets Manager',
  'API Gateway',
  'Step Functions',
  'Glue',
  'Athena',
  'EMR',
  'OpenSearch',
  'DocumentDB',
  'Neptune',
  'CloudWatch',
  // Azure
  'VM',
  'VM Scale Sets',
  'Blob',
  'Azure Files',
  'Managed Disks',
  'SQL Database',
  'SQL Managed Instance',
  'Cosmos DB',
  'AKS',
  'App Service',
  'Functions',
  'Service Bus',
  'Event Hubs',
  'Key Vault',
  'Application Gateway',
  'Load Balancer',
  'VNet',
  'Synapse',
  'Data Factory',
  'Cache for Redis',
  // Google Cloud
  'Compute Engine',
  'Cloud SQL',
  'Cloud Storage',
  'Persistent Disk',
  'GKE',
  'Cloud Run',
  'Cloud Functions',
  'BigQuery',
  'Pub/Sub',
  'Spanner',
  'Bigtable',
  'Firestore',
  'Memorystore',
  'Dataflow',
  'Dataproc',
  'Filestore',
  // On premises and engines
  'VMware VM',
  'Hyper-V VM',
  'Bare Metal',
  'Oracle Database',
  'SQL Server',
  'PostgreSQL',
  'MySQL',
  'MariaDB',
  'MongoDB',
  'Cassandra',
  'Redis',
  'Elasticsearch',
  'Kafka',
  'RabbitMQ',
  'NFS',
  'SAN',
  'Kubernetes',
  'Hadoop',
  'Active Directory',
  'Windows Server',
  'Linux Server',
  'Mainframe',
  'Other',
];

const EXTRA_ALIASES: Readonly<Record<string, string>> = {
  ec2instance: 'EC2',
  awsec2instance: 'EC2',
  rdsinstance: 'RDS',
  awsrdsdbinstance: 'RDS',
  rdsforpostgresql: 'RDS',
  rdsformysql: 'RDS',
  rdsfororacle: 'RDS',
  rdsforsqlserver: 'RDS',
  aurorapostgresql: 'Aurora',
  auroramysql: 'Aurora',
  simplestorageservice: 'S3',
  s3bucket: 'S3',
  awss3bucket: 'S3',
  elasticblockstore: 'EBS',
  elasticfilesystem: 'EFS',
  elasticloadbalancing: 'ELB',
  alb: 'ELB',
  nlb: 'ELB',
  applicationloadbalancer: 'ELB',
  networkloadbalancer: 'ELB',
  route53: 'Route 53',
  databasemigrationservice: 'DMS',
  elasticsearchservice: 'OpenSearch',
  virtualmachine: 'VM',
  virtualmachines: 'VM',
  azurevm: 'VM',
  azurevirtualmachine: 'VM',
  vmss: 'VM Scale Sets',
  virtualmachinescalesets: 'VM Scale Sets',
  blobstorage: 'Blob',
  azureblob: 'Blob',
  azureblobstorage: 'Blob',
  storageaccount: 'Blob',
  azuresql: 'SQL Database',
  azuresqldatabase: 'SQL Database',
  azuresqlmanagedinstance: 'SQL Managed Instance',
  azurecosmosdb: 'Cosmos DB',
  cosmosdb: 'Cosmos DB',
  azurekubernetesservice: 'AKS',
  azurefunctions: 'Functions',
  azureappservice: 'App Service',
  webapp: 'App Service',
  azuredatabaseforpostgresql: 'PostgreSQL',
  azuredatabaseformysql: 'MySQL',
  azurecacheforredis: 'Cache for Redis',
  gce: 'Compute Engine',
  googlecomputeengine: 'Compute Engine',
  gcs: 'Cloud Storage',
  googlecloudstorage: 'Cloud Storage',
  gcsbucket: 'Cloud Storage',
  googlecloudsql: 'Cloud SQL',
  googlekubernetesengine: 'GKE',
  pubsub: 'Pub/Sub',
  cloudspanner: 'Spanner',
  cloudbigtable: 'Bigtable',
  vmware: 'VMware VM',
  vmwarevsphere: 'VMware VM',
  vspherevm: 'VMware VM',
  hypervvm: 'Hyper-V VM',
  baremetalserver: 'Bare Metal',
  oracle: 'Oracle Database',
  oracledb: 'Oracle Database',
  mssql: 'SQL Server',
  microsoftsqlserver: 'SQL Server',
  postgres: 'PostgreSQL',
  k8s: 'Kubernetes',
  apachekafka: 'Kafka',
  hdfs: 'Hadoop',
  windows: 'Windows Server',
  linux: 'Linux Server',
  ibmmainframe: 'Mainframe',
  zos: 'Mainframe',
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const ALIASES = new Map<string, string>();
for (const type of RESOURCE_TYPES) {
  const key = normalise(type);
  for (const prefix of [
    '',
    'amazon',
    'aws',
    'azure',
    'microsoftazure',
    'google',
    'googlecloud',
    'gcp',
    'cloud',
  ]) {
    if (!ALIASES.has(prefix + key)) ALIASES.set(prefix + key, type);
  }
}
for (const [alias, type] of Object.entries(EXTRA_ALIASES)) ALIASES.set(alias, type);

/**
 * Maps a resource type as a deployment writes it onto {@link RESOURCE_TYPES}:
 * case, spaces and punctuation are ignored, cloud-vendor prefixes (`Amazon`, `AWS`,
 * `Azure`, `Google Cloud`) are optional, CloudFormation/ARM-style names
 * (`AWS::RDS::DBInstance`) map by their service. Anything else becomes `Other`, so a
 * custom name (`acme-orders-db`) never leaves the deployment.
 *
 * @param raw - the raw resource type
 * @returns a canonical resource type
 */
export function canonicalResourceType(raw: string): string {
  const key = normalise(raw);
  const direct = ALIASES.get(key);
  if (direct) return direct;
  const parts = raw.split('::');
  if (parts.length >= 2) {
    const service = ALIASES.get(normalise(parts[1]!));
    if (service) return service;
  }
  return 'Other';
}
