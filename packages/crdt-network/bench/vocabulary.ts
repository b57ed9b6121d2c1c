// The vocabulary of the benchmarks' generated migration records (network.bench.ts, scale.bench.ts).

export const SOURCES = ['aws', 'azure', 'gcp', 'on-prem'] as const;
export const TARGETS = ['aws', 'azure', 'gcp'] as const;
export const STRATEGIES = ['rehost', 'replatform', 'refactor'] as const;
export const TYPES = ['EC2', 'RDS', 'S3', 'Lambda', 'Blob', 'Cloud SQL', 'GKE', 'VM', 'DynamoDB'];
export const ACTIONS = [
  'assess',
  'export snapshot',
  'copy objects',
  'restore database',
  'resize',
  'switch DNS',
  'verify',
];
export const ERRORS = [
  'timeout after 300 s',
  'quota exceeded for vCPUs',
  'ORA-00942 table or view does not exist',
];
