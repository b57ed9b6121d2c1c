// The end-to-end job, for real: a registry on loopback with a SQLite file, the catalog
// published through the client, the simulation, three replicas and the screens.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../src/random.js';
import { type QuickstartReport, runQuickstart } from '../src/run.js';

const repoRootUrl = new URL('../../../', import.meta.url);
const repoRoot = fileURLToPath(repoRootUrl);
// The shared data sit beside the repository: ../shared/datasets from the repo root.
const dataset = fileURLToPath(new URL('../shared/datasets/dstudio-pattern-library', repoRootUrl));
const hasDataset = existsSync(dataset);
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `main.ts` as `npm start` does and collects its output. */
function runCommand(
  args: readonly string[],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

// The command-line run on the Markdown library starts right away, so it overlaps the
// in-process run below (two cores).
const libraryRun = hasDataset ? runCommand(['--seed', '11', '--json', '--catalog', dataset]) : undefined;

describe('npm start on the default catalog (examples/catalog)', () => {
  let report: QuickstartReport;
  beforeAll(async () => {
    report = await runQuickstart({ seed: 7 });
  }, 120_000);

  it('publishes the catalog through the client and reports the refusal by the quality gates', () => {
    const patterns = new Set(report.publish.published.map((entry) => entry.id));
    expect(patterns.size).toBe(44);
    expect(report.publish.published).toHaveLength(48);
    expect(report.publish.summary).toBe('44 patterns published');
    expect(report.publish.refused).toEqual([
      expect.objectContaining({ id: 'release-ops/dark-launch', status: 422, code: 'E_NOT_PUBLISHABLE' }),
    ]);
    expect(report.publish.refused[0]?.reasons.join(' ')).toMatch(/readme-quick-start/);
    for (const entry of report.publish.published) expect(entry.fingerprint).toMatch(/^sha256-/);
  });

  it('flags the planted review-bombing attack and keeps it out of the rating', () => {
    const { attack, reviews, adoptionEvents } = report.marketplace;
    expect(adoptionEvents.install).toBeGreaterThan(100);
    expect(reviews.submitted).toBeGreaterThan(50);
    expect(attack.reviews).toBe(12);
    expect(attack.flagged).toBeGreaterThanOrEqual(11);
    expect(attack.honestFlagged).toBeLessThanOrEqual(1);
    expect(attack.screenedMean).not.toBeNull();
    expect(attack.naiveMean).not.toBeNull();
    expect((attack.screenedMean ?? 0) - (attack.naiveMean ?? 0)).toBeGreaterThan(1);
    expect(report.screens.detail.id).toBe(attack.target);
    expect(report.screens.detail.rating.flagged).toBeGreaterThanOrEqual(attack.flagged);
  });

  it('converges the three replicas and the registry to the same heads', () => {
    const { network } = report;
    expect(network.converged).toBe(true);
    expect(network.heads.length).toBeGreaterThan(0);
    expect(network.registryHeads).toEqual(network.heads);
    for (const deployment of network.deployments) expect(deployment.heads).toEqual(network.heads);
    expect(network.records).toBe(24);
    expect(network.patterns.reduce((sum, pattern) => sum + pattern.executions, 0)).toBe(24);
    expect(network.patterns.some((pattern) => pattern.contributors >= 2)).toBe(true);
    expect(network.consentRefused).toBe(true);
    expect(network.clientConsentRefused).toBe(true);
  });

  it('shares an anonymized contribution that holds none of the raw identifiers', () => {
    const { raw, contribution } = report.network.example;
    const shared = JSON.stringify(contribution);
    const identifiers = [
      raw.deploymentId,
      raw.migrationId,
      raw.customer.name,
      ...raw.customer.contactEmails,
      ...raw.customer.accountIds,
      ...raw.environment.ips,
      ...raw.environment.domains,
      ...raw.environment.hostnames,
      ...raw.environment.connectionStrings,
      ...raw.environment.apiKeys,
    ];
    expect(identifiers.length).toBeGreaterThan(8);
    for (const identifier of identifiers) expect(shared).not.toContain(identifier);
    expect(contribution.sourceCloud).toBe(raw.sourceCloud);
    expect(contribution.strategy).toBe(raw.strategy);
    expect(contribution.steps.map((step) => step.action)).toEqual(raw.steps.map((step) => step.action));
  });

  it('exports and erases one deployment everywhere, and a stale replica does not bring it back', () => {
    const { erasure } = report.network;
    expect(erasure.exportedFromRegistry).toBe(8);
    expect(erasure.exported).toBe(8);
    expect(erasure.erasedAtRegistry).toBe(8);
    expect(erasure.recordsAfter).toBe(erasure.recordsBefore - 8);
    expect(erasure.exportAfter).toBe(0);
    expect(erasure.staleReplicaResurrected).toBe(false);
    expect(erasure.convergedAfter).toBe(true);
  });

  it('reads the screens from the live registry', () => {
    const { homepage, detail, dashboard, search, recommendations } = report.screens;
    expect(homepage.stats.patterns).toBe(44);
    expect(homepage.stats.versions).toBe(48);
    expect(homepage.trending.length).toBeGreaterThan(3);
    expect(homepage.newArrivals.map((row) => row.publishedAt)).toEqual(
      [...homepage.newArrivals.map((row) => row.publishedAt)].sort().reverse(),
    );
    expect(detail.rating.count).toBeGreaterThan(0);
    expect(detail.install).toBe(`npm install @${detail.id}@${detail.version}`);
    expect(detail.installs.installs).toBeGreaterThan(0);
    expect(detail.pricing.length).toBeGreaterThan(0);
    expect(dashboard.publisher).toBe(detail.publisher.id);
    expect(dashboard.patterns).toBeGreaterThan(0);
    expect(search.total).toBeGreaterThan(0);
    expect(search.hits[0]?.name).toMatch(/retry/i);
    expect(Object.keys(search.facets)).toContain('category');
    const lists = [
      recommendations.personalized,
      recommendations.peerEndorsed,
      recommendations.problemSolvers,
      recommendations.gapFillers,
    ];
    const recommended = lists.flat();
    expect(recommended.length).toBeGreaterThan(0);
    for (const item of recommended) {
      expect(item.reasons.length).toBeGreaterThan(0);
      expect(recommendations.adopted).not.toContain(item.id);
    }
  });
});

describe.skipIf(!hasDataset && !process.env['CI'])(
  'npm start -- --json --catalog <DStudio pattern library>',
  () => {
    it('runs as a command, exits 0, and publishes over 100 real patterns', async () => {
      if (!libraryRun) throw new Error(`CI must provide the dataset at ${dataset}`);
      const run = await libraryRun;
      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as QuickstartReport;
      expect(report.catalog.kind).toBe('markdown-library');
      expect(report.publish.published.length).toBeGreaterThan(100);
      expect(report.publish.summary).toBe(
        `${new Set(report.publish.published.map((entry) => entry.id)).size} patterns published`,
      );
      for (const refused of report.publish.refused) expect(refused.reasons.length).toBeGreaterThan(0);
      expect(report.catalog.skipped.length).toBeGreaterThan(10);
      expect(report.marketplace.attack.flagged).toBeGreaterThanOrEqual(11);
      expect(report.network.converged).toBe(true);
      expect(report.screens.homepage.trending.length).toBeGreaterThan(0);
      expect(report.screens.homepage.stats.patterns).toBe(report.publish.published.length);
    }, 120_000);
  },
);

describe('seeded random source', () => {
  it('replays the same draws for the same seed and differs for another', () => {
    const draws = (seed: number) => {
      const random = createRandom(seed);
      return [
        random.int(0, 1000),
        random.float(),
        random.hex(4),
        random.pick(['a', 'b', 'c']),
        random.shuffle([1, 2, 3, 4]),
      ];
    };
    expect(draws(42)).toEqual(draws(42));
    expect(draws(42)).not.toEqual(draws(43));
  });
});
