import type { MigrationStrategy, SourceCloud, TargetCloud } from '@pollinate/core';
import type { PatternSummary, StepSummary } from './aggregates.js';
import { compareCodeUnits } from './records.js';

/** Running sums of one step (by action) within a pattern. */
export interface StepSums {
  /** Runs of the step. */
  count: number;
  /** Successful runs. */
  successes: number;
  /** Sum of `durationSeconds` over the runs. */
  durationSum: number;
  /** Sum of the step's 0-based positions in its migrations. */
  positionSum: number;
}

/** Running sums of one pattern, as both the full recount and the sharded network keep them. */
export interface PatternSums {
  sourceCloud: SourceCloud;
  targetCloud: TargetCloud;
  strategy: MigrationStrategy;
  /** Distinct, sorted resource types (see `patternKey`). */
  resourceTypes: readonly string[];
  executions: number;
  successes: number;
  /** Sum of `durationHours`. */
  durationSum: number;
  /** Sum of `costSavingsPercent`. */
  costSum: number;
  /** Distinct contributors. */
  contributors: number;
  /** Step action → its sums. */
  steps: Iterable<[string, StepSums]>;
}

/**
 * The frozen {@link PatternSummary} of a pattern's running sums: means are sum / count,
 * steps ordered by mean position, then action (UTF-16 code units). The one place both
 * `listPatterns` and `ShardedNetwork.listPatterns` turn sums into a summary.
 */
export function summarizePattern(key: string, sums: PatternSums): PatternSummary {
  const steps: StepSummary[] = [...sums.steps].map(([action, step]) =>
    Object.freeze({
      action,
      count: step.count,
      successes: step.successes,
      successRate: step.successes / step.count,
      meanDurationSeconds: step.durationSum / step.count,
      meanPosition: step.positionSum / step.count,
    }),
  );
  steps.sort((a, b) => a.meanPosition - b.meanPosition || compareCodeUnits(a.action, b.action));
  return Object.freeze({
    key,
    sourceCloud: sums.sourceCloud,
    targetCloud: sums.targetCloud,
    strategy: sums.strategy,
    resourceTypes: Object.freeze([...sums.resourceTypes]) as string[],
    executions: sums.executions,
    successes: sums.successes,
    successRate: sums.successes / sums.executions,
    meanDurationHours: sums.durationSum / sums.executions,
    meanCostSavingsPercent: sums.costSum / sums.executions,
    contributors: sums.contributors,
    steps: Object.freeze(steps) as StepSummary[],
  });
}
