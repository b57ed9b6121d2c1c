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

/**
 * The fields of a generated migration record after its id, contributor and steps, drawn from
 * `random` in a fixed order (source, target, strategy, two resource types, duration, savings).
 */
export function migrationFields<Step extends { success: boolean }>(random: () => number, steps: Step[]) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return {
    sourceCloud: pick(SOURCES),
    targetCloud: pick(TARGETS),
    strategy: pick(STRATEGIES),
    resourceTypes: [pick(TYPES), pick(TYPES)],
    steps,
    success: steps.every((step) => step.success),
    durationHours: Math.round(random() * 2000) / 10,
    costSavingsPercent: Math.round(random() * 800 - 300) / 10,
    contributedAt: '2026-11-20T10:00:00Z',
  };
}
