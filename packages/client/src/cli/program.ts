import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import {
  type Contribution,
  compareVersions,
  isPollinateError,
  isValidationError,
  isValidVersion,
  PatternIdSchema,
  PricingModelSchema,
  SemverRangeSchema,
  verifyAttestation,
} from '@pollinate/core';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createRegistryClient, type RegistryClient } from '../client.js';
import { isRegistryError, RegistryValidationError } from '../errors.js';
import {
  isDependencyResolutionError,
  isFingerprintMismatchError,
  LOCKFILE_NAME,
  LockfileSchema,
  resolveInstall,
} from '../install.js';
import { findPatternFolders, readPatternFolder } from '../pattern-folder.js';
import { createPrivacyClient } from '../privacy.js';
import { createTrustClient } from '../trust.js';
import type { ContributeResult, MigrationPatternQuery, RegistrySearchQuery } from '../wire.js';
import type { AuditEvent, ConsentStatus } from '../wire-privacy.js';
import type { ModerationDecision } from '../wire-trust.js';
import { registerCatalogCommands } from './catalog-commands.js';
import { formatPairs, formatTable } from './format.js';

/** Exit codes of the `pollinate` CLI, by failure kind. */
export const EXIT_CODES = {
  ok: 0,
  /** An unexpected failure (a bug, an unreadable file). */
  failure: 1,
  /** Bad usage or input the registry refused (400/422, invalid JSON, missing consent). */
  usage: 2,
  /** 404: no such pattern, version or contributor. */
  notFound: 3,
  /** 401/403: missing, unknown or insufficient token. */
  auth: 4,
  /** 409: the version already exists. */
  conflict: 5,
  /** 429: rate limited. */
  rateLimited: 6,
  /** No response: network error or timeout. */
  network: 7,
  /** 5xx: the registry failed. */
  server: 8,
} as const;

/** Where the CLI reads and writes; `runCli` uses the process's by default. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Writes raw bytes to standard output (sync replies). */
  stdoutBytes: (bytes: Uint8Array) => void;
  /** Reads all of standard input. */
  readStdin: () => Promise<Uint8Array>;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
  /** Working directory for relative paths. */
  cwd: string;
  /** Where the progress bar draws (a terminal). @default process.stderr */
  progressStream?: NodeJS.WritableStream;
}

class CliFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

const EXAMPLES = `
Examples:
  $ pollinate search "circuit breaker" --category resilience --limit 5
  $ pollinate info acme/retry-with-backoff@1.2.0
  $ pollinate install acme/retry-with-backoff@^1.2 acme/cache   # resolves, verifies, writes pollinate-lock.json
  $ POLLINATE_TOKEN=… pollinate publish examples/catalog/resilience-guild/timeout   # a pattern folder
  $ POLLINATE_TOKEN=… pollinate publish examples/catalog      # every pattern folder below, with a progress bar
  $ pollinate review acme/retry-with-backoff --rating 5 --title "Solid" --body "Cut our error rate" \
      --pro "clear backoff policy" --con "no jitter by default" --effort days --performance neutral
  $ pollinate reviews acme/retry-with-backoff          # reviews, top pros and cons, median effort
  $ POLLINATE_TOKEN=… pollinate reply acme/retry-with-backoff <review-id> --body "Fixed in 1.3.0"
  $ POLLINATE_TOKEN=<auditor token> pollinate attest acme/retry-with-backoff@1.2.0 --security-scan --benchmarks \
      --coverage 87 --statement "osv-scanner and the test suite on the published files"
  $ pollinate attestations acme/retry-with-backoff@1.2.0 --key <registry public key>   # verified offline
  $ POLLINATE_TOKEN=<moderator token> pollinate moderation queue
  $ POLLINATE_TOKEN=<moderator token> pollinate moderation reject <review-id> --reason "coordinated campaign"
  $ pollinate contribute ./migration.json --consent
  $ pollinate sync --peer my-deployment --in message.bin --out reply.bin
  $ pollinate stats --json | jq .patterns
  $ pollinate migrations search --source aws --target azure --resources EC2,RDS
  $ pollinate export 9f2c4e1d0a7b --out my-data.json
  $ pollinate erase 9f2c4e1d0a7b --yes
  $ pollinate consent show                 # your pseudonym's consent and its history
  $ pollinate consent withdraw --yes       # objection: no more contributions, existing ones erased
  $ pollinate rectify ./corrected-migration.json
  $ pollinate audit --type erasure --json  # operators only
  $ pollinate purge --yes                  # operators only: purge erased data now

Environment:
  POLLINATE_REGISTRY  registry URL (default http://127.0.0.1:4873)
  POLLINATE_TOKEN     bearer token for writes

Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or refused input, 3 not found,
  4 unauthorized/forbidden, 5 conflict, 6 rate limited, 7 network/timeout, 8 registry error`;

function integer(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

function decimal(min: number, max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    return n;
  };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `scope/name@version` → its parts; a missing version is a usage error. */
function splitVersion(reference: string): { id: string; version: string } {
  const at = reference.lastIndexOf('@');
  if (at <= 0 || at === reference.length - 1)
    throw new CliFailure(EXIT_CODES.usage, `${reference}: name the exact version, as scope/name@1.2.3`);
  return { id: reference.slice(0, at), version: reference.slice(at + 1) };
}

function decisionTable(decisions: readonly ModerationDecision[]): string {
  return formatTable(decisions, [
    { header: 'SEQ', value: (d) => d.sequence },
    { header: 'WHEN', value: (d) => d.decidedAt },
    { header: 'REVIEW', value: (d) => d.reviewId, maxWidth: 36 },
    { header: 'MODERATOR', value: (d) => d.moderator },
    { header: 'DECISION', value: (d) => `${d.decision}: ${d.fromStatus} → ${d.toStatus}` },
    { header: 'REASON', value: (d) => d.reason, maxWidth: 50 },
  ]);
}

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  ];
}

/**
 * Runs the `pollinate` command line with the given arguments and I/O and resolves with
 * the exit code (never calls `process.exit`).
 *
 * @param argv - arguments after the program name, e.g. `['search', 'retry', '--json']`
 * @param io - where to read and write; see {@link CliIo}
 * @returns the exit code, one of {@link EXIT_CODES}
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('pollinate');
  let exitCode: number = EXIT_CODES.ok;
  program
    .description('Search, publish, review and sync patterns on a Pollinate registry.')
    .version('0.1.0')
    .option('--registry <url>', 'registry URL (env: POLLINATE_REGISTRY, default http://127.0.0.1:4873)')
    .option('--token <token>', 'bearer token for writes (env: POLLINATE_TOKEN)')
    .option('--json', 'print machine-readable JSON', false)
    .option('--timeout <ms>', 'per-request timeout in milliseconds', integer(1, 600_000), 10_000)
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const globals = () => program.opts<{ registry?: string; token?: string; json: boolean; timeout: number }>();
  const client = (): RegistryClient => {
    const token = globals().token ?? io.env.POLLINATE_TOKEN;
    return createRegistryClient({
      baseUrl: globals().registry ?? io.env.POLLINATE_REGISTRY ?? 'http://127.0.0.1:4873',
      ...(token ? { token } : {}),
      timeout: globals().timeout,
      userAgent: 'pollinate-cli/0.1',
    });
  };
  const print = (json: unknown, text: () => string) => {
    io.stdout(globals().json ? `${JSON.stringify(json, null, 2)}\n` : text());
  };

  program
    .command('search')
    .description('full-text search with filters; prints a table of hits')
    .argument('[text...]', 'search text')
    .option('--category <slug>', 'only this category')
    .option('--tag <tags>', 'require tags (comma-separated, repeatable)', list)
    .option('--license <spdx>', 'only this license')
    .option('--min-rating <stars>', 'minimum rating, 0–5', decimal(0, 5))
    .option('--min-adoptions <n>', 'minimum downloads', integer(0, Number.MAX_SAFE_INTEGER))
    .option('--publisher <ids>', 'only these publishers (comma-separated, repeatable)', list)
    .option('--pricing <models>', PricingModelSchema.options.join(', '), list)
    .option('--limit <n>', 'hits per page, 1–100', integer(1, 100), 20)
    .option('--all', 'fetch every page', false)
    .action(async (text: string[], options) => {
      const query: RegistrySearchQuery = {
        q: text.join(' '),
        limit: options.limit,
        ...(options.category ? { category: options.category } : {}),
        ...(options.tag ? { tags: options.tag } : {}),
        ...(options.license ? { license: options.license } : {}),
        ...(options.minRating !== undefined ? { minRating: options.minRating } : {}),
        ...(options.minAdoptions !== undefined ? { minAdoptions: options.minAdoptions } : {}),
        ...(options.publisher ? { trustedPublishers: options.publisher } : {}),
        ...(options.pricing ? { pricing: options.pricing } : {}),
      };
      const pages = [];
      if (options.all) for await (const page of client().searchAll(query)) pages.push(page);
      else pages.push(await client().search(query));
      const hits = pages.flatMap((page) => page.hits);
      const first = pages[0];
      print(options.all ? { total: first?.total ?? 0, hits, facets: first?.facets ?? {} } : first, () => {
        const table = formatTable(hits, [
          { header: 'ID', value: (h) => h.id },
          { header: 'VERSION', value: (h) => h.listing.version },
          { header: 'SCORE', value: (h) => h.score.toFixed(2), align: 'right' },
          { header: 'RATING', value: (h) => h.listing.rating?.overall.toFixed(1) ?? '–', align: 'right' },
          { header: 'DOWNLOADS', value: (h) => h.listing.adoption.downloads, align: 'right' },
          { header: 'DESCRIPTION', value: (h) => h.listing.description, maxWidth: 50 },
        ]);
        const more = first?.nextCursor && !options.all ? ' (more: --all)' : '';
        return `${table}${hits.length} of ${first?.total ?? 0} hits${more}\n`;
      });
    });

  program
    .command('info')
    .description('show a pattern (versions, dist-tags) or one version')
    .argument('<id[@version]>', 'pattern id, optionally with a version or dist-tag')
    .action(async (reference: string) => {
      const at = reference.lastIndexOf('@');
      const id = at > 0 ? reference.slice(0, at) : reference;
      const version = at > 0 ? reference.slice(at + 1) : undefined;
      if (version) {
        const doc = await client().getVersion(id, version);
        const listing = doc.package.listing;
        print(doc, () =>
          formatPairs([
            ['id', doc.id],
            ['version', doc.version],
            ['name', listing.name],
            ['publisher', `${listing.publisher.name} (${listing.publisher.id})`],
            ['category', listing.category],
            ['tags', listing.tags.join(', ')],
            ['license', listing.license],
            ['published', doc.publishedAt],
            ['fingerprint', doc.fingerprint],
            ['files', doc.package.files.length],
            ['description', listing.description],
          ]),
        );
        return;
      }
      const pattern = await client().getPattern(id);
      print(pattern, () => {
        const head = formatPairs([
          ['id', pattern.id],
          ['publisher', pattern.publisher],
          ['name', pattern.latest?.name],
          ['description', pattern.latest?.description],
          [
            'forked from',
            pattern.latest?.forkOf
              ? `${pattern.latest.forkOf.id}@${pattern.latest.forkOf.version}`
              : undefined,
          ],
          ['tiers', pattern.latest?.tiers?.map((tier) => tier.name).join(', ')],
          [
            'dist-tags',
            Object.entries(pattern.distTags)
              .map(([tag, v]) => `${tag}: ${v}`)
              .join(', '),
          ],
        ]);
        const versions = formatTable([...pattern.versions].reverse(), [
          { header: 'VERSION', value: (v) => v.version },
          { header: 'PUBLISHED', value: (v) => v.publishedAt },
          { header: 'FINGERPRINT', value: (v) => v.fingerprint, maxWidth: 80 },
        ]);
        return `${head}\n${versions}`;
      });
    });

  program
    .command('install')
    .description(
      'resolve patterns and their dependencies (PubGrub), verify fingerprints, write pollinate-lock.json',
    )
    .argument('<specs...>', 'pattern ids, each optionally with a semver range: acme/retry@^1.2')
    .option('--lockfile <file>', 'lock file to read and write', LOCKFILE_NAME)
    .action(async (specs: string[], options: { lockfile: string }) => {
      const lockPath = resolve(io.cwd, options.lockfile);
      let requested: Record<string, string> = {};
      if (existsSync(lockPath)) {
        const parsed = LockfileSchema.safeParse(readJson(lockPath));
        if (!parsed.success)
          throw new CliFailure(EXIT_CODES.usage, `${options.lockfile} is not a valid lock file`);
        requested = { ...parsed.data.requested };
      }
      for (const spec of specs) {
        const at = spec.indexOf('@', 1);
        const id = at > 0 ? spec.slice(0, at) : spec;
        const range = at > 0 ? spec.slice(at + 1) : '*';
        if (!PatternIdSchema.safeParse(id).success)
          throw new CliFailure(EXIT_CODES.usage, `not a pattern id: ${id}`);
        if (!SemverRangeSchema.safeParse(range).success) {
          throw new CliFailure(EXIT_CODES.usage, `not a semver range: ${range}`);
        }
        requested[id] = range;
      }
      const plan = await resolveInstall(client(), requested);
      writeFileSync(lockPath, `${JSON.stringify(plan.lockfile, null, 2)}\n`);
      const rows = plan.packages.map((doc, index) => ({ step: index + 1, doc }));
      print({ installOrder: plan.resolution.installOrder, lockfile: lockPath, lock: plan.lockfile }, () => {
        const table = formatTable(rows, [
          { header: '#', value: (row) => row.step, align: 'right' },
          { header: 'PACKAGE', value: (row) => `${row.doc.id}@${row.doc.version}` },
          { header: 'FINGERPRINT', value: (row) => `${row.doc.fingerprint} ✓`, maxWidth: 80 },
        ]);
        return `${table}${rows.length} package${rows.length === 1 ? '' : 's'} resolved, fingerprints verified; wrote ${options.lockfile}\n`;
      });
    });

  program
    .command('publish')
    .description(
      'publish pattern packages: a pattern folder (pattern.json + README.md), a folder of them, or *.json package files',
    )
    .argument('<paths...>', 'pattern folders, folders holding pattern folders or *.json files, package files')
    .option('--tag <tag>', 'dist-tag to point at each published version')
    .action(async (paths: string[], options: { tag?: string }) => {
      const sources = await publishSources(paths.map((path) => resolve(io.cwd, path)));
      if (sources.length === 0) {
        throw new CliFailure(
          EXIT_CODES.usage,
          'no pattern folders (pattern.json) or *.json package files found',
        );
      }
      const registry = client();
      const bar =
        sources.length > 1 && io.isTTY && !globals().json
          ? new SingleBar({
              format: 'publishing [{bar}] {value}/{total} {file}',
              hideCursor: true,
              stream: io.progressStream ?? process.stderr,
              noTTYOutput: true,
              fps: 20,
            })
          : undefined;
      bar?.start(sources.length, 0, { file: '' });
      const results: PublishOutcome[] = [];
      let worst: number = EXIT_CODES.ok;
      for (const source of sources) {
        const file = source.path;
        try {
          const result = await registry.publish(
            (await source.read()) as never,
            options.tag ? { tag: options.tag } : {},
          );
          results.push({ file, id: result.id, version: result.version, fingerprint: result.fingerprint });
        } catch (error) {
          const code = exitCodeOf(error);
          worst = Math.max(worst, code);
          results.push({
            file,
            error: messageOf(error),
            code: (error as { code?: string }).code ?? 'E_UNKNOWN',
            ...issuesOf(error),
            ...(isRegistryError(error) && error.problem ? { problem: error.problem } : {}),
          });
        }
        bar?.increment(1, { file: file.split(sep).at(-1) ?? file });
      }
      bar?.stop();
      const published = results.filter((r) => !r.error).length;
      print({ published, failed: results.length - published, results }, () => {
        const table = formatTable(results, [
          { header: 'SOURCE', value: (r) => relative(io.cwd, r.file) || '.', maxWidth: 60, wrap: true },
          { header: 'RESULT', value: (r) => (r.error ? `✗ ${r.code}` : `✓ ${r.id}@${r.version}`) },
          {
            header: 'DETAIL',
            value: (r) =>
              r.error === undefined
                ? r.fingerprint
                : [
                    r.error,
                    ...(r.issues ?? []).map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`),
                  ].join('\n'),
            maxWidth: 70,
            wrap: true,
          },
        ]);
        return `${table}${published} published, ${results.length - published} failed\n`;
      });
      exitCode = worst;
    });

  program
    .command('review')
    .description('review a pattern (1–5 stars); screening may flag it')
    .argument('<id>', 'pattern id')
    .requiredOption('--rating <stars>', 'whole stars, 1–5', integer(1, 5))
    .option('--title <title>', 'headline', '')
    .option('--body <text>', 'the review', '')
    .option('--version <semver>', 'the version you used')
    .option('--recommend', 'you would recommend it')
    .option('--no-recommend', 'you would not recommend it')
    .option('--pro <text>', 'something good, one point (repeatable, at most 10)', collect)
    .option('--con <text>', 'something bad, one point (repeatable, at most 10)', collect)
    .option('--use-case <text>', 'what you used it for')
    .addOption(
      new Option('--performance <impact>', 'what it did to performance').choices([
        'improved',
        'neutral',
        'degraded',
      ]),
    )
    .addOption(
      new Option('--effort <effort>', 'how long integrating it took').choices([
        'hours',
        'days',
        'weeks',
        'months',
      ]),
    )
    .action(async (id: string, options) => {
      const result = await client().submitReview(id, {
        rating: options.rating,
        title: options.title,
        body: options.body,
        ...(options.version ? { version: options.version } : {}),
        ...(options.recommend !== undefined ? { wouldRecommend: options.recommend } : {}),
        ...(options.pro ? { pros: options.pro } : {}),
        ...(options.con ? { cons: options.con } : {}),
        ...(options.useCase !== undefined ? { useCase: options.useCase } : {}),
        ...(options.performance ? { performanceImpact: options.performance } : {}),
        ...(options.effort ? { integrationEffort: options.effort } : {}),
      });
      print(result, () =>
        formatPairs([
          ['review', result.review.id],
          ['pattern', result.review.patternId],
          ['rating', '★'.repeat(result.review.rating)],
          ['pros', (result.review.pros ?? []).join('; ')],
          ['cons', (result.review.cons ?? []).join('; ')],
          ['effort', result.review.integrationEffort],
          ['verified adoption', result.review.verifiedAdoption ? 'yes' : 'no'],
          ['status', result.status],
          ['reasons', result.reasons.join('; ')],
        ]),
      );
    });

  program
    .command('reviews')
    .description(
      "a pattern's accepted reviews with publisher replies, top pros and cons and median integration effort",
    )
    .argument('<id>', 'pattern id')
    .option('--include-flagged', 'also show reviews screening held back', false)
    .action(async (id: string, options) => {
      const list = await client().listReviews(id, { includeFlagged: options.includeFlagged });
      print(list, () => {
        const structure = list.structure;
        const points = (items: { text: string; count: number }[] | undefined) =>
          (items ?? []).map((item) => `${item.text} (${item.count})`).join('; ');
        const head = formatPairs([
          ['pattern', list.id],
          ['reviews', list.ratings.count],
          ['mean', list.ratings.mean == null ? undefined : `${list.ratings.mean.toFixed(2)}★`],
          ['top pros', points(structure?.topPros)],
          ['top cons', points(structure?.topCons)],
          ['median effort', structure?.integrationEffort.median ?? undefined],
        ]);
        const rows = list.reviews.map((entry) => ({
          ...entry,
          text: [entry.review.title, entry.review.body].filter(Boolean).join(' — '),
        }));
        const table = formatTable(rows, [
          { header: 'ID', value: (r) => r.review.id, maxWidth: 36 },
          { header: 'RATING', value: (r) => '★'.repeat(r.review.rating) },
          { header: 'STATUS', value: (r) => r.status },
          { header: 'REVIEW', value: (r) => r.text, maxWidth: 60 },
          { header: 'REPLY', value: (r) => r.reply?.body ?? '', maxWidth: 40 },
        ]);
        return `${head}\n${table}`;
      });
    });

  program
    .command('reply')
    .description("reply to a review of your pattern (the pattern's publisher, once per review)")
    .argument('<id>', 'pattern id')
    .argument('<review-id>', 'the review')
    .requiredOption('--body <text>', 'the reply, 1–5,000 characters')
    .action(async (id: string, reviewId: string, options) => {
      const reply = await createTrustClient(client()).replyToReview(id, reviewId, { body: options.body });
      print(reply, () => `replied to ${reply.reviewId} on ${reply.patternId}\n`);
    });

  program
    .command('appeal')
    .description('appeal the rejection of your review (once); it goes back to the moderation queue')
    .argument('<id>', 'pattern id')
    .argument('<review-id>', 'your review')
    .requiredOption('--reason <text>', 'why it should count, 1–2,000 characters')
    .action(async (id: string, reviewId: string, options) => {
      const result = await createTrustClient(client()).appealReview(id, reviewId, { reason: options.reason });
      print(
        result,
        () =>
          `appealed ${result.review.review.id}: ${result.decision.fromStatus} → ${result.decision.toStatus}\n`,
      );
    });

  program
    .command('attest')
    .description('record an audit of a published version (auditor tokens); the registry signs it')
    .argument('<id@version>', 'pattern id and exact version')
    .option('--basic-tests', 'the tests run and pass')
    .option('--no-basic-tests', 'checked: they do not')
    .option('--comprehensive-tests', 'the suite is comprehensive')
    .option('--no-comprehensive-tests', 'checked: it is not')
    .option('--documentation', 'the documentation is complete')
    .option('--no-documentation', 'checked: it is not')
    .option('--benchmarks', 'the benchmarks reproduce')
    .option('--no-benchmarks', 'checked: they do not')
    .option('--security-scan', 'a security scan passed')
    .option('--no-security-scan', 'checked: it did not')
    .option('--production-proven', 'seen in production')
    .option('--no-production-proven', 'checked: not')
    .option('--coverage <percent>', 'test coverage you measured, 0–100', decimal(0, 100))
    .option('--statement <text>', 'what you did, up to 2,000 characters')
    .option('--id <id>', 'attestation id (safe to retry with the same id)')
    .action(async (reference: string, options) => {
      const { id, version } = splitVersion(reference);
      const flags = [
        'basicTests',
        'comprehensiveTests',
        'documentation',
        'benchmarks',
        'securityScan',
        'productionProven',
      ] as const;
      const evidence: Record<string, boolean | number> = {};
      for (const flag of flags) if (typeof options[flag] === 'boolean') evidence[flag] = options[flag];
      if (options.coverage !== undefined) evidence.testCoverage = options.coverage;
      const record = await createTrustClient(client()).attest(id, version, {
        evidence,
        ...(options.statement ? { statement: options.statement } : {}),
        ...(options.id ? { id: options.id } : {}),
      });
      print(record, () =>
        formatPairs([
          ['attestation', record.id],
          ['pattern', `${record.signed.attestation.patternId}@${record.signed.attestation.version}`],
          ['auditor', record.signed.attestation.auditor],
          ['evidence', JSON.stringify(record.signed.attestation.evidence)],
          ['fingerprint', record.signed.attestation.fingerprint],
          ['signed by', record.signed.publicKey],
        ]),
      );
    });

  program
    .command('attestations')
    .description("a version's auditor attestations, each signature checked here against the registry key")
    .argument('<id@version>', 'pattern id and exact version')
    .option(
      '--key <hex>',
      "the registry's Ed25519 public key, pinned out of band (default: the key the registry serves)",
    )
    .action(async (reference: string, options) => {
      const { id, version } = splitVersion(reference);
      const list = await createTrustClient(client()).listAttestations(id, version);
      const key: string = options.key ?? list.publicKey;
      const rows = list.attestations.map((record) => ({
        record,
        check: verifyAttestation(record.signed, key),
      }));
      const invalid = rows.filter((row) => !row.check.valid).length;
      print(
        {
          ...list,
          keyChecked: key,
          keyPinned: options.key !== undefined,
          verification: rows.map((row) => ({ id: row.record.id, ...row.check })),
        },
        () => {
          const table = formatTable(rows, [
            { header: 'ID', value: (r) => r.record.id, maxWidth: 36 },
            { header: 'AUDITOR', value: (r) => r.record.signed.attestation.auditor },
            { header: 'ISSUED', value: (r) => r.record.signed.attestation.issuedAt },
            {
              header: 'EVIDENCE',
              value: (r) => JSON.stringify(r.record.signed.attestation.evidence),
              maxWidth: 60,
            },
            { header: 'SIGNATURE', value: (r) => (r.check.valid ? 'valid' : `INVALID (${r.check.reason})`) },
          ]);
          const note = options.key
            ? ''
            : 'note: checked against the key the registry serves; pass --key to check against a pinned key\n';
          return `${table}${note}`;
        },
      );
      if (invalid > 0) exitCode = EXIT_CODES.failure;
    });

  const moderation = program
    .command('moderation')
    .description('the review moderation queue, decisions and audit trail (moderator tokens)');
  moderation
    .command('queue')
    .description('flagged reviews waiting for a decision, oldest first')
    .option(
      '--after <sequence>',
      'start after this queue position (the previous page’s next)',
      integer(0, Number.MAX_SAFE_INTEGER),
    )
    .option('--limit <n>', 'reviews per page, 1–1000', integer(1, 1000), 100)
    .action(async (options) => {
      const queue = await createTrustClient(client()).moderationQueue({
        ...(options.after !== undefined ? { after: options.after } : {}),
        limit: options.limit,
      });
      print(queue, () => {
        const table = formatTable(queue.reviews, [
          { header: 'ID', value: (r) => r.review.id, maxWidth: 36 },
          { header: 'PATTERN', value: (r) => r.review.patternId },
          { header: 'REVIEWER', value: (r) => r.review.reviewer },
          { header: 'RATING', value: (r) => '★'.repeat(r.review.rating) },
          { header: 'REASONS', value: (r) => r.reasons.join(', '), maxWidth: 50 },
        ]);
        return `${table}${queue.next === undefined ? '' : `more: --after ${queue.next}\n`}`;
      });
    });
  for (const decision of ['accept', 'reject'] as const) {
    moderation
      .command(decision)
      .description(
        decision === 'accept'
          ? 'count a review (approve a flagged one, restore a hidden one)'
          : 'hide a review and leave it out of every rating',
      )
      .argument('<review-id>', 'the review')
      .requiredOption('--reason <text>', 'why (kept in the audit trail), 1–2,000 characters')
      .action(async (reviewId: string, options) => {
        const result = await createTrustClient(client()).moderateReview(reviewId, {
          decision,
          reason: options.reason,
        });
        print(result, () =>
          formatPairs([
            ['review', result.review.review.id],
            ['pattern', result.review.review.patternId],
            ['status', `${result.decision.fromStatus} → ${result.decision.toStatus}`],
            ['moderator', result.decision.moderator],
            ['reason', result.decision.reason],
          ]),
        );
      });
  }
  moderation
    .command('show')
    .description('a review (any status) with its audit trail')
    .argument('<review-id>', 'the review')
    .action(async (reviewId: string) => {
      const moderated = await createTrustClient(client()).getModeratedReview(reviewId);
      print(moderated, () => {
        const review = moderated.review.review;
        const head = formatPairs([
          ['review', review.id],
          ['pattern', review.patternId],
          ['reviewer', review.reviewer],
          ['rating', '★'.repeat(review.rating)],
          ['status', moderated.review.status],
          ['reasons', moderated.review.reasons.join('; ')],
          ['text', [review.title, review.body].filter(Boolean).join(' — ')],
        ]);
        return `${head}\n${decisionTable(moderated.decisions)}`;
      });
    });
  moderation
    .command('log')
    .description('the moderation audit trail, oldest first')
    .option('--pattern <id>', 'only decisions on reviews of this pattern')
    .option('--after <sequence>', 'start after this entry', integer(0, Number.MAX_SAFE_INTEGER))
    .option('--limit <n>', 'entries per page, 1–1000', integer(1, 1000), 100)
    .action(async (options) => {
      const trail = await createTrustClient(client()).moderationDecisions({
        ...(options.pattern ? { patternId: options.pattern } : {}),
        ...(options.after !== undefined ? { after: options.after } : {}),
        limit: options.limit,
      });
      print(
        trail,
        () =>
          `${decisionTable(trail.decisions)}${trail.next === undefined ? '' : `more: --after ${trail.next}\n`}`,
      );
    });

  program
    .command('contribute')
    .description('contribute anonymized migration records (a JSON object or array) to the pattern network')
    .argument('<file>', 'JSON file with one contribution or an array of them')
    .option('--consent', 'you opt in to sharing these records (required)', false)
    .action(async (file: string, options: { consent: boolean }) => {
      if (!options.consent) {
        throw new CliFailure(EXIT_CODES.usage, 'contributing needs your explicit opt-in: add --consent');
      }
      const data = readJson(resolve(io.cwd, file));
      const records = Array.isArray(data) ? data : [data];
      const registry = client();
      const results: ContributeResult[] = [];
      for (const record of records) results.push(await registry.contribute(record, { consent: true }));
      print(results, () =>
        formatTable(results, [
          { header: 'ID', value: (r) => r.id },
          { header: 'CONTRIBUTOR', value: (r) => r.contributor },
          { header: 'RESULT', value: (r) => (r.created ? 'added' : 'already known') },
          { header: 'REDACTIONS', value: (r) => r.redactions, align: 'right' },
        ]),
      );
    });

  program
    .command('sync')
    .description("exchange one Automerge sync message with the registry's pattern network")
    .requiredOption('--peer <id>', 'stable id of your replica (the registry keeps one sync state per peer)')
    .option('--in <file>', 'message to send (default: standard input)')
    .option('--out <file>', 'where to write the reply (default: standard output)')
    .action(async (options: { peer: string; in?: string; out?: string }) => {
      const message = options.in
        ? new Uint8Array(readFileSync(resolve(io.cwd, options.in)))
        : await io.readStdin();
      const reply = await client().sync(message, { peerId: options.peer });
      if (reply && options.out) writeFileSync(resolve(io.cwd, options.out), reply);
      const summary = { sent: message.byteLength, received: reply?.byteLength ?? 0, inSync: reply === null };
      if (globals().json) io.stdout(`${JSON.stringify(summary)}\n`);
      else if (reply && !options.out) io.stdoutBytes(reply);
      else {
        io.stderr(
          reply
            ? `sent ${summary.sent} bytes, wrote ${summary.received}-byte reply to ${options.out}\n`
            : `sent ${summary.sent} bytes; the registry has nothing more to send (in sync)\n`,
        );
      }
    });

  program
    .command('stats')
    .description('marketplace figures: patterns, versions, reviews, adoption, network')
    .action(async () => {
      const stats = await client().stats();
      print(stats, () => {
        const head = formatPairs([
          ['patterns', stats.patterns],
          ['versions', stats.versions],
          ['reviews', stats.reviews],
          ['adoption events', stats.adoptionEvents],
          ['contributions', stats.contributions],
          ['network patterns', stats.networkPatterns],
        ]);
        const trending = formatTable(stats.trending.slice(0, 10), [
          { header: 'TRENDING', value: (t) => t.id },
          {
            header: 'SCORE',
            value: (t) => (typeof t.score === 'number' ? t.score.toFixed(2) : ''),
            align: 'right',
          },
        ]);
        return `${head}\n${trending}`;
      });
    });

  const migrations = program.command('migrations').description("the pattern network's migration patterns");
  migrations
    .command('search')
    .description('find migration patterns for a source cloud, target cloud and resource types')
    .requiredOption('--source <cloud>', 'source cloud: aws, azure, gcp or on-prem')
    .requiredOption('--target <cloud>', 'target cloud: aws, azure or gcp')
    .requiredOption('--resources <types>', 'resource types, comma-separated (e.g. EC2,RDS)', list)
    .option('--limit <n>', 'patterns to show, 1–50', integer(1, 50), 10)
    .action(async (options: { source: string; target: string; resources: string[]; limit: number }) => {
      const result = await client().searchMigrationPatterns({
        sourceCloud: options.source as MigrationPatternQuery['sourceCloud'],
        targetCloud: options.target as MigrationPatternQuery['targetCloud'],
        resourceTypes: options.resources,
        limit: options.limit,
      });
      print(result, () => {
        const table = formatTable(result.patterns, [
          { header: 'PATTERN', value: (p) => p.patternId },
          { header: 'SIMILARITY', value: (p) => p.similarity.toFixed(2), align: 'right' },
          { header: 'SUCCESS', value: (p) => `${Math.round(p.successRate * 100)}%`, align: 'right' },
          { header: 'HOURS', value: (p) => p.avgDuration.toFixed(1), align: 'right' },
          { header: 'SAVINGS', value: (p) => `${p.costSavings.toFixed(1)}%`, align: 'right' },
          { header: 'DEPLOYMENTS', value: (p) => String(p.contributors), align: 'right' },
        ]);
        return `${table}${result.totalMatches} matching pattern${result.totalMatches === 1 ? '' : 's'} (${result.queryTime.toFixed(1)} ms)\n`;
      });
    });

  program
    .command('erase')
    .description('erase every contribution of a pseudonym (yours only); cannot be undone')
    .argument('<pseudonym>', 'contributor pseudonym')
    .option('--yes', 'confirm the erasure', false)
    .action(async (pseudonym: string, options: { yes: boolean }) => {
      if (!options.yes)
        throw new CliFailure(EXIT_CODES.usage, `erasing ${pseudonym} cannot be undone: add --yes`);
      const result = await client().eraseContributor(pseudonym);
      print(
        result,
        () =>
          `erased ${result.erased} contribution${result.erased === 1 ? '' : 's'} of ${result.pseudonym}\n`,
      );
    });

  program
    .command('export')
    .description('export every contribution of a pseudonym (yours only) as JSON')
    .argument('<pseudonym>', 'contributor pseudonym')
    .option('--out <file>', 'write the export to a file instead of standard output')
    .action(async (pseudonym: string, options: { out?: string }) => {
      const data = await client().exportContributor(pseudonym);
      if (options.out) {
        writeFileSync(resolve(io.cwd, options.out), `${JSON.stringify(data, null, 2)}\n`);
        print(
          { pseudonym, contributions: data.contributions.length, file: options.out },
          () => `wrote ${data.contributions.length} contributions to ${options.out}\n`,
        );
      } else io.stdout(`${JSON.stringify(data, null, 2)}\n`);
    });

  /** The pseudonym argument, or the token's own custodial pseudonym when left out. */
  const pseudonymOrOwn = async (registry: RegistryClient, pseudonym: string | undefined) =>
    pseudonym ?? (await createPrivacyClient(registry).getContributorIdentity()).pseudonym;
  const printConsent = (status: ConsentStatus) =>
    print(status, () => {
      const head = formatPairs([
        ['pseudonym', status.pseudonym],
        ['scope', status.scope],
        ['consent', status.granted ? 'granted' : 'not granted'],
        ...(status.erased === undefined ? [] : ([['erased now', status.erased]] as [string, number][])),
        ...(status.purgeAfter ? ([['purged by', status.purgeAfter]] as [string, string][]) : []),
      ]);
      const history = formatTable(status.history, [
        { header: 'WHEN', value: (r) => r.at },
        { header: 'DECISION', value: (r) => (r.granted ? 'opt-in' : 'withdrawn') },
        { header: 'BY', value: (r) => r.publisher },
      ]);
      return `${head}\n${history}`;
    });
  const consent = program
    .command('consent')
    .description('your consent to sharing migration records with the pattern network (GDPR Art. 7, 21)');
  consent
    .command('show')
    .description('the consent in force and every decision, oldest first')
    .argument('[pseudonym]', 'contributor pseudonym (default: your own)')
    .action(async (pseudonym: string | undefined) => {
      const registry = client();
      printConsent(await createPrivacyClient(registry).getConsent(await pseudonymOrOwn(registry, pseudonym)));
    });
  consent
    .command('grant')
    .description('opt in to sharing migration records with the pattern network')
    .argument('[pseudonym]', 'contributor pseudonym (default: your own)')
    .action(async (pseudonym: string | undefined) => {
      const registry = client();
      printConsent(
        await createPrivacyClient(registry).grantConsent(await pseudonymOrOwn(registry, pseudonym)),
      );
    });
  consent
    .command('withdraw')
    .description('object: no further contributions, and every existing one erased at once (cannot be undone)')
    .argument('[pseudonym]', 'contributor pseudonym (default: your own)')
    .option('--yes', 'confirm the withdrawal and erasure', false)
    .action(async (pseudonym: string | undefined, options: { yes: boolean }) => {
      if (!options.yes) {
        throw new CliFailure(EXIT_CODES.usage, 'withdrawing consent erases your contributions: add --yes');
      }
      const registry = client();
      printConsent(
        await createPrivacyClient(registry).withdrawConsent(await pseudonymOrOwn(registry, pseudonym)),
      );
    });

  program
    .command('rectify')
    .description('replace one of your contributions with a corrected one (same id and contributor)')
    .argument('<file>', 'JSON file with the corrected contribution')
    .action(async (file: string) => {
      const result = await createPrivacyClient(client()).rectifyContribution(
        readJson(resolve(io.cwd, file)) as Contribution,
      );
      print(result, () =>
        result.changed
          ? `rectified ${result.id}${result.redactions > 0 ? ` (${result.redactions} redactions)` : ''}\n`
          : `${result.id} already held exactly this; nothing changed\n`,
      );
    });

  program
    .command('audit')
    .description(
      "the registry's audit log of consent, contributions, erasures, purges, exports and rectifications (operators)",
    )
    .option('--after <sequence>', 'events after this sequence number', integer(0, Number.MAX_SAFE_INTEGER), 0)
    .option('--limit <n>', 'events per page, 1–1000', integer(1, 1000), 100)
    .option('--type <type>', 'only events of this type (e.g. erasure, consent.withdrawn)')
    .option('--pseudonym <pseudonym>', 'only events about this pseudonym')
    .action(async (options: { after: number; limit: number; type?: string; pseudonym?: string }) => {
      const page = await createPrivacyClient(client()).audit({
        after: options.after,
        limit: options.limit,
        ...(options.type ? { type: options.type as AuditEvent['type'] } : {}),
        ...(options.pseudonym ? { pseudonym: options.pseudonym } : {}),
      });
      print(page, () => {
        const table = formatTable(page.events, [
          { header: 'SEQ', value: (e) => e.sequence, align: 'right' },
          { header: 'WHEN', value: (e) => e.at },
          { header: 'TYPE', value: (e) => e.type },
          { header: 'ACTOR', value: (e) => e.actor },
          { header: 'PSEUDONYM', value: (e) => e.pseudonym ?? '' },
          {
            header: 'DETAILS',
            value: (e) =>
              Object.entries(e.details ?? {})
                .map(([key, value]) => `${key}=${value}`)
                .join(' '),
          },
        ]);
        return `${table}${page.nextAfter === null ? '' : `more: --after ${page.nextAfter}\n`}`;
      });
    });

  program
    .command('purge')
    .description(
      'purge erased contributions from the registry’s stored bytes now (operators; new network epoch)',
    )
    .option('--yes', 'confirm: peers must adopt the new epoch before they sync again', false)
    .action(async (options: { yes: boolean }) => {
      if (!options.yes)
        throw new CliFailure(EXIT_CODES.usage, 'a purge starts a new network epoch: add --yes');
      const report = await createPrivacyClient(client()).purge();
      print(
        report,
        () =>
          `purged ${report.erasures} erasure request(s); ${report.removedChanges} log row(s) compacted into epoch ${report.epoch}; ${report.contributions} contribution(s) remain\n`,
      );
    });
  registerCatalogCommands(program, { client, print });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    }
    const code = exitCodeOf(error);
    if (globals().json) {
      const problem = isRegistryError(error) ? error.problem : undefined;
      io.stderr(
        `${JSON.stringify({ error: { code: (error as { code?: string }).code ?? 'E_UNKNOWN', message: messageOf(error), ...(problem ? { problem } : {}) } })}\n`,
      );
    } else {
      io.stderr(`pollinate: ${messageOf(error)}\n`);
      if (isDependencyResolutionError(error)) {
        for (const line of error.resolution.explanation) io.stderr(`  ${line}\n`);
      }
      if (error instanceof RegistryValidationError || isValidationError(error)) {
        for (const issue of (error as { issues: { path: (string | number)[]; message: string }[] }).issues) {
          io.stderr(`  - ${issue.path.join('.') || '(root)'}: ${issue.message}\n`);
        }
      }
    }
    return code;
  }
}

/** One result row of `pollinate publish` (also its `--json` output). */
interface PublishOutcome {
  file: string;
  id?: string;
  version?: string;
  fingerprint?: string;
  error?: string;
  code?: string;
  /** Every problem the registry (or local validation) named, each with the path of the field. */
  issues?: { path: (string | number)[]; message: string }[];
  /** The registry's whole RFC 9457 problem body. */
  problem?: unknown;
}

/** Something `pollinate publish` can publish: a package JSON file or a pattern folder. */
interface PublishSource {
  path: string;
  read: () => Promise<unknown>;
}

/**
 * What the publish arguments name, in publishing order: a file is a package JSON file; a
 * folder contributes its `*.json` package files and every pattern folder (a folder with
 * `pattern.json`, read by `readPatternFolder`) in it or below it. Pattern folders are
 * published per pattern id, oldest version first, so `latest` ends on the newest.
 */
async function publishSources(paths: readonly string[]): Promise<PublishSource[]> {
  const sources: PublishSource[] = [];
  for (const path of paths) {
    let stats: ReturnType<typeof statSync>;
    try {
      stats = statSync(path);
    } catch {
      throw new CliFailure(EXIT_CODES.usage, `cannot read ${path}`);
    }
    if (!stats.isDirectory()) {
      sources.push({ path, read: async () => readJson(path) });
      continue;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.json') && entry.name !== 'pattern.json') {
        const file = join(path, entry.name);
        sources.push({ path: file, read: async () => readJson(file) });
      }
    }
    const folders: { path: string; input: Promise<unknown>; key: [string, string] }[] = [];
    for (const folder of await findPatternFolders(path)) {
      const input = readPatternFolder(folder);
      const listing = await input.then(
        (value) => (value as { listing?: { id?: unknown; version?: unknown } }).listing,
        () => undefined,
      );
      folders.push({
        path: folder,
        input,
        key: [String(listing?.id ?? folder), String(listing?.version ?? '')],
      });
    }
    folders.sort(
      (a, b) =>
        a.key[0].localeCompare(b.key[0]) ||
        (isValidVersion(a.key[1]) && isValidVersion(b.key[1])
          ? compareVersions(a.key[1], b.key[1])
          : a.key[1].localeCompare(b.key[1])),
    );
    for (const folder of folders) sources.push({ path: folder.path, read: () => folder.input });
  }
  return sources;
}

function issuesOf(error: unknown): Pick<PublishOutcome, 'issues'> {
  const issues = (error as { issues?: unknown }).issues;
  if (!Array.isArray(issues) || issues.length === 0) return {};
  return { issues: issues as NonNullable<PublishOutcome['issues']> };
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliFailure(EXIT_CODES.usage, `cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CliFailure(EXIT_CODES.usage, `${file} is not valid JSON`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The exit code for a failure: by HTTP status for registry errors, usage for local validation.
 *
 * @param error - what was thrown
 * @returns one of {@link EXIT_CODES}
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CliFailure) return error.exitCode;
  if (isDependencyResolutionError(error)) return EXIT_CODES.usage;
  if (isFingerprintMismatchError(error)) return EXIT_CODES.failure;
  if (isRegistryError(error)) {
    if (error.status === 0) return error.code === 'E_BAD_RESPONSE' ? EXIT_CODES.failure : EXIT_CODES.network;
    if (error.status === 400 || error.status === 413 || error.status === 422) return EXIT_CODES.usage;
    if (error.status === 401 || error.status === 403) return EXIT_CODES.auth;
    if (error.status === 404) return EXIT_CODES.notFound;
    if (error.status === 409) return EXIT_CODES.conflict;
    if (error.status === 429) return EXIT_CODES.rateLimited;
    if (error.status >= 500) return EXIT_CODES.server;
    return EXIT_CODES.failure;
  }
  if (isValidationError(error) || (isPollinateError(error) && error.code === 'E_VALIDATION'))
    return EXIT_CODES.usage;
  return EXIT_CODES.failure;
}
