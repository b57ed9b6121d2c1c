// The end-to-end job behind `npm start`, as a function: registry in-process, catalog
// published through the client, a few simulated weeks of adoption and reviews (with a
// planted review-bombing attack), the pattern network across three deployments, and the
// marketplace screens read back from the live registry.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRegistryClient, type RegistryClient } from '@pollinate/client';
import { isPatternCatalog, loadPatternCatalog } from '@pollinate/client/pattern-folder';
import type { CatalogLinkReport, Listing, PatternPackage, PublishPolicy } from '@pollinate/core';
import { createAnonymizerScanner, startRegistry } from '@pollinate-examples/registry-server';
import { createClock, SIMULATION_START } from './clock.js';
import { DEPLOYMENTS } from './deployments.js';
import { DOCUMENTATION_LIBRARY_GATES, importMarkdownCatalog } from './markdown-library.js';
import { planMarketplaceActivity } from './marketplace-simulation.js';
import { type NetworkOutcome, runNetwork } from './network-simulation.js';
import { type PublishSummary, publishCatalog } from './publish-catalog.js';
import { createRandom } from './random.js';
import {
  dashboardScreen,
  detailScreen,
  homepageScreen,
  type RatingLookup,
  recommendationsScreen,
  searchScreen,
} from './screen-data.js';
import type { Screens } from './screens.js';
import { type MarketplaceOutcome, runMarketplacePlan } from './simulation-runner.js';
import { createTeams } from './teams.js';

/** The default catalog: examples/catalog. */
export const DEFAULT_CATALOG = fileURLToPath(new URL('../../catalog', import.meta.url));

/** The query of the search screen. */
export const SEARCH_QUERY = 'retry timeout failures';

/** The network id every replica of the run uses. */
export const NETWORK_ID = 'pollinate-quickstart';

/** Inputs of {@link runQuickstart}. */
export interface RunOptions {
  seed: number;
  /** Catalog folder. @default {@link DEFAULT_CATALOG} */
  catalog?: string;
  /** SQLite file to keep. @default a file in a temporary folder, removed at the end */
  db?: string;
  /** Progress of long steps (the CLI draws a progress bar from it). */
  onProgress?: (step: 'publish' | 'simulate', done: number, total: number, label?: string) => void;
  /** A line of narration (the CLI prints it in text mode). */
  onStep?: (message: string) => void;
}

/** Everything a run did and showed; `--json` prints exactly this. */
export interface QuickstartReport {
  seed: number;
  registry: { url: string; database: string; kept: boolean };
  catalog: {
    source: string;
    kind: 'pattern-catalog' | 'markdown-library';
    files?: number;
    packages: number;
    patterns: number;
    skipped: { path: string; reason: string }[];
    importWarnings?: number;
    /** Markdown libraries: link integrity and coverage (findings cut to the first 20). */
    links?: CatalogLinkReport;
    /** Markdown libraries: how many link findings there are of each kind, in all. */
    linkFindings?: Record<string, number>;
    policy: string;
  };
  publish: PublishSummary & { summary: string };
  marketplace: MarketplaceOutcome;
  network: NetworkOutcome;
  screens: Screens;
}

/** Runs the whole job once. */
export async function runQuickstart(options: RunOptions): Promise<QuickstartReport> {
  const step = options.onStep ?? (() => {});
  const random = createRandom(options.seed);
  const clock = createClock(SIMULATION_START);
  const catalogDir = resolve(options.catalog ?? DEFAULT_CATALOG);
  const publishedBefore = new Date(Date.parse(SIMULATION_START) - 86_400_000).toISOString();

  // 2a. Read the catalog (before the registry starts, so a bad path fails fast).
  let packages: PatternPackage[];
  let catalogReport: QuickstartReport['catalog'];
  let publishPolicy: PublishPolicy | undefined;
  if (await isPatternCatalog(catalogDir)) {
    const loaded = await loadPatternCatalog(catalogDir);
    packages = loaded.packages;
    catalogReport = {
      source: catalogDir,
      kind: 'pattern-catalog',
      packages: packages.length,
      patterns: new Set(packages.map((pkg) => pkg.listing.id)).size,
      skipped: loaded.problems,
      policy: 'registry default: every quality gate, anonymizer as security scanner',
    };
  } else {
    const imported = await importMarkdownCatalog(catalogDir, publishedBefore);
    packages = imported.packages;
    publishPolicy = {
      gateSeverity: DOCUMENTATION_LIBRARY_GATES,
      minScore: 45,
      scanners: [createAnonymizerScanner()],
    };
    catalogReport = {
      source: catalogDir,
      kind: 'markdown-library',
      files: imported.files,
      packages: packages.length,
      patterns: new Set(packages.map((pkg) => pkg.listing.id)).size,
      skipped: imported.skipped,
      importWarnings: imported.warnings,
      links: { ...imported.links, findings: imported.links.findings.slice(0, 20) },
      linkFindings: countBy(imported.links.findings.map((finding) => finding.kind)),
      policy:
        'documentation library: tests and code examples are warnings (a page library ships neither), quality score ≥ 45; quick start, reference, license and the anonymizer scanner apply',
    };
  }
  if (packages.length === 0) throw new Error(`no patterns found in ${catalogDir}`);

  // 1. The registry, in-process, on a free loopback port, SQLite in a temporary folder.
  const temporary = options.db ? undefined : await mkdtemp(join(tmpdir(), 'pollinate-quickstart-'));
  const database = options.db ? resolve(options.db) : join(temporary!, 'registry.sqlite');
  const teams = createTeams(random);
  const publishers = [...new Set(packages.map((pkg) => pkg.listing.publisher.id))].sort();
  const plannedAccounts = new Set([...publishers, ...teams.map((team) => team.id)]);
  const tokens = new Map<string, string>();
  const tokenFor = (account: string) => {
    let token = tokens.get(account);
    if (!token) {
      token = `${account}-${random.hex(12)}`;
      tokens.set(account, token);
    }
    return token;
  };
  for (const account of plannedAccounts) tokenFor(account);
  for (const deployment of DEPLOYMENTS) tokenFor(`deployment-${deployment.name}`);
  tokenFor('deployment-probe');

  // The attack's throw-away accounts register before the registry starts (tokens are fixed at start).
  const attackAccounts = Array.from({ length: 12 }, () => `acct-${random.hex(4)}`);
  for (const account of attackAccounts) tokenFor(account);
  const planRandom = random.fork();

  let reviewIds = 0;
  const registry = await startRegistry({
    port: 0,
    db: database,
    // WAL with synchronous=NORMAL: safe against a crash of this process, and no fsync per
    // request (the simulation sends about a thousand writes).
    synchronous: 'normal',
    tokens: Object.fromEntries([...tokens.entries()].map(([account, token]) => [token, account])),
    now: () => clock.now(),
    randomId: () => `id-${options.seed}-${++reviewIds}`,
    network: { networkId: NETWORK_ID, actor: random.hex(16) },
    ...(publishPolicy ? { publishPolicy } : {}),
    logError: () => {},
  });
  step(`registry listening on ${registry.url} (SQLite ${database})`);
  const clients = new Map<string, RegistryClient>();
  const clientFor = (account: string): RegistryClient => {
    let client = clients.get(account);
    if (!client) {
      client = createRegistryClient({
        baseUrl: registry.url,
        token: tokenFor(account),
        retry: Number(process.env.QUICKSTART_RETRY ?? 2),
        timeout: Number(process.env.QUICKSTART_TIMEOUT_MS ?? 30_000),
      });
      clients.set(account, client);
    }
    return client;
  };
  const reader = createRegistryClient({
    baseUrl: registry.url,
    retry: Number(process.env.QUICKSTART_RETRY ?? 2),
    timeout: Number(process.env.QUICKSTART_TIMEOUT_MS ?? 30_000),
  });

  try {
    // 2b. Publish every version through the client.
    const publish = await publishCatalog(packages, {
      clientFor,
      clock,
      notAfter: publishedBefore,
      onProgress: (done, total, label) => options.onProgress?.('publish', done, total, label),
    });
    const publishedIds = new Set(publish.published.map((entry) => entry.id));
    step(
      `${publishedIds.size} patterns published (${publish.published.length} versions), ${publish.refused.length} refused`,
    );

    // 3. A few simulated weeks of adoption and reviews, with the planted attack, over
    //    the newest published version of each pattern.
    const publishedVersions = new Set(publish.published.map((entry) => `${entry.id}@${entry.version}`));
    const latest = latestListings(
      packages.filter((pkg) => publishedVersions.has(`${pkg.listing.id}@${pkg.listing.version}`)),
    );
    const plan = planMarketplaceActivity(latest, teams, planRandom, {
      start: SIMULATION_START,
      weeks: 6,
      attackAccounts,
    });
    clock.set(SIMULATION_START);
    const marketplace = await runMarketplacePlan(plan, {
      clientFor,
      reader,
      clock,
      teams: teams.length,
      onProgress: (done, total) => options.onProgress?.('simulate', done, total),
    });
    step(
      `simulated ${marketplace.weeks} weeks: ${marketplace.adoptionEvents.install} installs, ${marketplace.reviews.submitted} reviews; attack on ${marketplace.attack.target}: ${marketplace.attack.flagged}/${marketplace.attack.reviews} flagged`,
    );

    // 4. Three deployments and the pattern network.
    const network = await runNetwork(random.fork(), {
      clientFor,
      networkId: NETWORK_ID,
      salt: `network-salt-${random.hex(16)}`,
      window: {
        from: new Date(Date.parse(SIMULATION_START) - 120 * 86_400_000).toISOString(),
        to: clock.iso(),
      },
    });
    step(
      `pattern network: ${network.records} contributions from 3 deployments, converged: ${network.converged}`,
    );

    // 5. The screens, from the live registry.
    const published = latest;
    const ratings = await ratingLookup(reader, published);
    const names = new Map(published.map((listing) => [listing.id, listing.name]));
    const target = marketplace.attack.target;
    const detail = await detailScreen(reader, target);
    const team = teams[0]!;
    const adopted = plan.actions
      .filter((action) => action.kind === 'adoption' && action.type === 'install' && action.team === team.id)
      .map((action) => action.patternId);
    const screens: Screens = {
      homepage: await homepageScreen(reader, published, ratings, clock.iso()),
      detail,
      dashboard: await dashboardScreen(reader, detail.publisher.id),
      search: await searchScreen(reader, SEARCH_QUERY, ratings),
      recommendations: await recommendationsScreen(
        reader,
        {
          team: team.id,
          stack: team.stack,
          adopted: [...new Set(adopted)].sort(),
          challenges: team.challenges,
        },
        names,
      ),
    };

    return {
      seed: options.seed,
      registry: { url: registry.url, database, kept: options.db !== undefined },
      catalog: catalogReport,
      publish: {
        ...publish,
        summary: `${publishedIds.size} patterns published`,
      },
      marketplace,
      network,
      screens,
    };
  } finally {
    // Stop the server; do not let a stuck keep-alive socket hold the process.
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([registry.close(), new Promise((done) => (timer = setTimeout(done, 5_000)))]);
    clearTimeout(timer);
    if (temporary) await rm(temporary, { recursive: true, force: true });
  }
}

/** The newest version of each pattern. */
function latestListings(packages: readonly PatternPackage[]): Listing[] {
  const latest = new Map<string, Listing>();
  for (const { listing } of packages) {
    const current = latest.get(listing.id);
    if (!current || listing.publishedAt > current.publishedAt) latest.set(listing.id, listing);
  }
  return [...latest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Accepted-review means and counts of every pattern, read from the registry. */
async function ratingLookup(reader: RegistryClient, listings: readonly Listing[]): Promise<RatingLookup> {
  const table = new Map<string, { mean: number | null; count: number }>();
  for (const listing of listings) {
    const list = await reader.listReviews(listing.id);
    const mean = list.ratings.mean;
    table.set(listing.id, { mean: typeof mean === 'number' ? mean : null, count: list.ratings.count });
  }
  return (id) => table.get(id) ?? { mean: null, count: 0 };
}

function countBy(keys: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
