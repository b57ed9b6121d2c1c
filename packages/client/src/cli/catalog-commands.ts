import { ProposedChangeSchema, ValidationError } from '@pollinate/core';
import { type Command, InvalidArgumentError } from 'commander';
import { type CatalogClient, createCatalogClient } from '../catalog.js';
import type { RegistryClient } from '../client.js';
import type { NotificationKind, ProposalDocument, ValueQuery } from '../wire-catalog.js';
import { formatPairs, formatTable } from './format.js';

/** What the catalog commands share with the rest of the CLI. */
export interface CatalogCommandContext {
  /** A registry client with the global options (registry URL, token, timeout). */
  client: () => RegistryClient;
  /** Prints `json` with `--json`, else the text. */
  print: (json: unknown, text: () => string) => void;
}

const NOTIFICATION_KINDS = ['fork', 'proposal', 'proposal-decision', 'review'] as const;
const REVENUE_TYPES = ['purchase', 'subscription', 'renewal', 'cancellation', 'refund'] as const;

function amount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('must be a number ≥ 0');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer ≥ 0');
  return n;
}

function oneOf<T extends string>(values: readonly T[]) {
  return (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/** `kind:summary[@location]`, e.g. `performance:Add full jitter@src/retry.ts`. */
function change(value: string, previous: unknown[] = []): unknown[] {
  const colon = value.indexOf(':');
  if (colon <= 0)
    throw new InvalidArgumentError('a change is kind:summary, e.g. fix:Reset the count on success');
  const rest = value.slice(colon + 1);
  const at = rest.lastIndexOf('@');
  const parsed = ProposedChangeSchema.safeParse({
    kind: value.slice(0, colon),
    summary: at > 0 ? rest.slice(0, at) : rest,
    ...(at > 0 ? { location: rest.slice(at + 1) } : {}),
  });
  if (!parsed.success) {
    throw new InvalidArgumentError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
    );
  }
  return [...previous, parsed.data];
}

function idAndVersion(reference: string): { id: string; version: string } {
  const at = reference.lastIndexOf('@');
  if (at <= 0) {
    throw new ValidationError(
      [{ path: ['fork'], message: 'give the fork as id@version, e.g. payments/retry@1.2.1' }],
      'proposal',
    );
  }
  return { id: reference.slice(0, at), version: reference.slice(at + 1) };
}

function money(value: number, currency: string | null): string {
  if (currency === null) return value === 0 ? 'free' : String(value);
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

const proposalRows = (proposals: readonly ProposalDocument[]) =>
  formatTable(proposals, [
    { header: 'STATUS', value: (p) => p.proposal.status },
    { header: 'FROM', value: (p) => `${p.proposal.fork.id}@${p.proposal.fork.version}` },
    { header: 'TITLE', value: (p) => p.proposal.title, maxWidth: 50 },
    {
      header: 'TESTS',
      value: (p) => (p.evidence.tests ? `${p.evidence.tests.passed}/${p.evidence.tests.total}` : '—'),
    },
    { header: 'BENCHMARKS', value: (p) => p.evidence.benchmarks.length, align: 'right' },
    { header: 'ID', value: (p) => p.proposal.id, maxWidth: 80 },
  ]);

/**
 * Adds the catalog commands to the `pollinate` program: `fork`, `forks`, `lineage`, `propose`,
 * `proposals`, `proposal accept|decline|withdraw`, `notifications`, `webhook set|show|remove`,
 * `tiers`, `purchase`, `revenue` and `value` (each with `--json`).
 *
 * @param program - the `pollinate` commander program
 * @param context - see {@link CatalogCommandContext}
 */
export function registerCatalogCommands(program: Command, context: CatalogCommandContext): void {
  const { print } = context;
  // The registry client with its catalog calls (one transport).
  const client = (): RegistryClient & CatalogClient => {
    const registry = context.client();
    return { ...registry, ...createCatalogClient(registry) };
  };

  program
    .command('fork')
    .description("fork a pattern into your token's scope (lineage kept; the publisher is told)")
    .argument('<id>', 'the pattern to fork')
    .option('--name <name>', 'the fork’s name in your scope (default: the same name)')
    .option('--version <version>', 'the version to fork (default: latest)')
    .option('--description <text>', 'a description for the fork')
    .action(async (id: string, options: { name?: string; version?: string; description?: string }) => {
      const result = await client().forkPattern(id, {
        ...(options.name ? { name: options.name } : {}),
        ...(options.version ? { version: options.version } : {}),
        ...(options.description ? { description: options.description } : {}),
      });
      print(
        result,
        () => `forked ${result.forkOf.id}@${result.forkOf.version} → ${result.id}@${result.version}\n`,
      );
    });

  program
    .command('forks')
    .description('list the direct forks of a pattern')
    .argument('<id>', 'pattern id')
    .action(async (id: string) => {
      const forks = await client().listForks(id);
      print({ id, forks }, () =>
        formatTable(forks, [
          { header: 'FORK', value: (f) => `${f.id}@${f.version}` },
          { header: 'FROM', value: (f) => `${f.parentId}@${f.parentVersion}` },
          { header: 'PUBLISHER', value: (f) => f.publisher },
          { header: 'CREATED', value: (f) => f.createdAt },
        ]),
      );
    });

  program
    .command('lineage')
    .description('show where a pattern was forked from and every fork below it')
    .argument('<id>', 'pattern id')
    .action(async (id: string) => {
      const doc = await client().getLineage(id);
      print(doc, () => {
        const up = doc.ancestors.map(
          (a) =>
            `${'  '.repeat(a.depth - 1)}↑ ${a.id}@${a.version}${a.known ? '' : ' (not in this registry)'}`,
        );
        const down = doc.descendants.map(
          (d) =>
            `${'  '.repeat(d.depth - 1)}↳ ${d.id}@${d.version} (from ${d.parent}@${d.forkedFromVersion})`,
        );
        return `${[...up, id, ...down].join('\n')}\n${doc.truncated ? '(more forks not shown)\n' : ''}`;
      });
    });

  program
    .command('propose')
    .description('propose a published version of your fork back to the pattern it came from')
    .argument('<target>', 'the pattern the change is for')
    .requiredOption('--fork <id@version>', 'your fork at the version that has the change')
    .requiredOption('--title <text>', 'one-line title')
    .requiredOption(
      '--change <kind:summary[@location]>',
      'a change (repeatable): fix, feature, performance, security, documentation, refactor, tests',
      change,
    )
    .option('--description <text>', 'what and why (Markdown)')
    .action(
      async (
        target: string,
        options: { fork: string; title: string; change: unknown[]; description?: string },
      ) => {
        const result = await client().submitProposal(target, {
          fork: idAndVersion(options.fork),
          title: options.title,
          changes: options.change as never,
          ...(options.description ? { description: options.description } : {}),
        });
        print(result, () =>
          formatPairs([
            ['proposal', result.proposal.id],
            ['status', result.proposal.status],
            ['quality score', result.report.score],
            [
              'tests',
              result.evidence.tests
                ? `${result.evidence.tests.passed}/${result.evidence.tests.total} passed`
                : undefined,
            ],
            [
              'benchmarks',
              result.evidence.benchmarks.map((b) => `${b.name} ${b.value} ${b.unit}`).join(', '),
            ],
          ]),
        );
      },
    );

  program
    .command('proposals')
    .description("list a pattern's improvement proposals")
    .argument('<id>', 'pattern id')
    .option(
      '--status <status>',
      'open, accepted, rejected or withdrawn',
      oneOf(['open', 'accepted', 'rejected', 'withdrawn'] as const),
    )
    .action(async (id: string, options: { status?: ProposalDocument['proposal']['status'] }) => {
      const proposals = await client().listProposals(id, options.status ? { status: options.status } : {});
      print({ id, proposals }, () => proposalRows(proposals));
    });

  const decide = (verb: 'accept' | 'decline' | 'withdraw', status: 'accepted' | 'rejected' | 'withdrawn') =>
    program
      .command(`${verb}-proposal`)
      .description(
        verb === 'withdraw'
          ? 'withdraw your proposal'
          : `${verb} a proposal to your pattern (sets status ${status}; the proposer is told)`,
      )
      .argument('<id>', 'the target pattern id')
      .argument('<proposal>', 'the proposal id (sha256-…)')
      .option('--comment <text>', 'a note for the proposer')
      .action(async (id: string, proposal: string, options: { comment?: string }) => {
        const updated = await client().decideProposal(id, proposal, {
          status,
          ...(options.comment ? { comment: options.comment } : {}),
        });
        print(updated, () => `${updated.proposal.id}: ${updated.proposal.status}\n`);
      });
  decide('accept', 'accepted');
  decide('decline', 'rejected');
  decide('withdraw', 'withdrawn');

  program
    .command('notifications')
    .description('your feed: forks, proposals, decisions and reviews of your patterns')
    .argument('<publisher>', 'your publisher id')
    .option('--after <sequence>', 'only entries after this sequence number', count)
    .option('--limit <n>', 'entries, 1–1000', count, 100)
    .action(async (publisher: string, options: { after?: number; limit: number }) => {
      const page = await client().listNotifications(publisher, {
        ...(options.after === undefined ? {} : { after: options.after }),
        limit: options.limit,
      });
      print(page, () => {
        const table = formatTable(page.notifications, [
          { header: '#', value: (n) => n.sequence, align: 'right' },
          { header: 'KIND', value: (n) => n.kind },
          { header: 'PATTERN', value: (n) => n.patternId },
          { header: 'BY', value: (n) => n.actor },
          { header: 'WHEN', value: (n) => n.createdAt },
          { header: 'DETAILS', value: (n) => JSON.stringify(n.data), maxWidth: 70 },
        ]);
        return `${table}${page.nextAfter === null ? '' : `more: --after ${page.nextAfter}\n`}`;
      });
    });

  const webhook = program
    .command('webhook')
    .description('your webhook: notifications POSTed to a URL, signed (Standard Webhooks)');
  webhook
    .command('set')
    .description('set the URL; prints the signing secret once')
    .argument('<publisher>', 'your publisher id')
    .argument('<url>', 'where to POST (https)')
    .option(
      '--events <kinds>',
      `kinds to deliver, comma-separated: ${NOTIFICATION_KINDS.join(', ')} (default: all)`,
    )
    .action(async (publisher: string, url: string, options: { events?: string }) => {
      const events = options.events?.split(',').map((kind) => oneOf(NOTIFICATION_KINDS)(kind.trim())) as
        | NotificationKind[]
        | undefined;
      const doc = await client().setWebhook(publisher, { url, ...(events ? { events } : {}) });
      print(doc, () =>
        formatPairs([
          ['url', doc.url],
          ['events', doc.events.join(', ')],
          ['secret', doc.secret],
          ['note', 'keep the secret: it is shown only now; verify webhook-signature with it'],
        ]),
      );
    });
  webhook
    .command('show')
    .description('show the webhook and its latest deliveries')
    .argument('<publisher>', 'your publisher id')
    .action(async (publisher: string) => {
      const doc = await client().getWebhook(publisher);
      print(
        doc,
        () =>
          `${formatPairs([
            ['url', doc.url],
            ['events', doc.events.join(', ')],
            ['since', doc.createdAt],
          ])}\n${formatTable(doc.deliveries, [
            { header: '#', value: (d) => d.notificationSequence, align: 'right' },
            { header: 'KIND', value: (d) => d.kind },
            { header: 'STATUS', value: (d) => d.status },
            { header: 'ATTEMPTS', value: (d) => d.attempts, align: 'right' },
            { header: 'NEXT', value: (d) => d.nextAttemptAt ?? '' },
            { header: 'LAST ERROR', value: (d) => d.lastError ?? '', maxWidth: 50 },
          ])}`,
      );
    });
  webhook
    .command('remove')
    .description('remove the webhook (pending deliveries are dropped)')
    .argument('<publisher>', 'your publisher id')
    .action(async (publisher: string) => {
      await client().deleteWebhook(publisher);
      print({ publisher, removed: true }, () => `removed the webhook of ${publisher}\n`);
    });

  program
    .command('tiers')
    .description("show a pattern's pricing tiers side by side")
    .argument('<id>', 'pattern id')
    .action(async (id: string) => {
      const pattern = await client().getPattern(id);
      const tiers = pattern.latest?.tiers ?? [];
      print({ id, tiers, pricing: pattern.latest?.pricing }, () =>
        tiers.length === 0
          ? `${id} offers no tiers (pricing: ${pattern.latest?.pricing.model ?? 'unknown'})\n`
          : formatTable(tiers, [
              { header: 'TIER', value: (t) => t.name },
              {
                header: 'PRICE',
                value: (t) =>
                  t.model === 'free'
                    ? 'free'
                    : t.price
                      ? `${t.model === 'contact' ? 'from ' : ''}${money(t.price.amount, t.price.currency)}${t.period ? `/${t.period}` : t.model === 'one-time' ? ' once' : ''}`
                      : 'contact us',
              },
              { header: 'SUPPORT', value: (t) => t.support },
              {
                header: 'SLA',
                value: (t) =>
                  [
                    t.sla?.uptimePercent === undefined ? '' : `${t.sla.uptimePercent}% uptime`,
                    t.sla?.responseTimeHours === undefined ? '' : `${t.sla.responseTimeHours} h response`,
                  ]
                    .filter(Boolean)
                    .join(', '),
              },
              { header: 'FEATURES', value: (t) => t.features.join('; '), maxWidth: 50 },
            ]),
      );
    });

  program
    .command('purchase')
    .description('record a purchase or subscription event of a tier (your team is the buyer)')
    .argument('<id>', 'pattern id')
    .requiredOption('--tier <name>', 'the tier')
    .option('--type <type>', REVENUE_TYPES.join(', '), oneOf(REVENUE_TYPES), 'purchase')
    .option('--id <id>', 'event id (a retry with the same id records nothing new)')
    .option('--team <team>', 'the team refunded (refunds, by the publisher)')
    .option('--amount <n>', 'amount paid (contact tiers, partial refunds)', amount)
    .option('--currency <code>', 'currency of --amount (ISO 4217)', 'USD')
    .action(
      async (
        id: string,
        options: {
          tier: string;
          type: (typeof REVENUE_TYPES)[number];
          id?: string;
          team?: string;
          amount?: number;
          currency: string;
        },
      ) => {
        const event = await client().recordPurchase(id, {
          tier: options.tier,
          type: options.type,
          ...(options.id ? { id: options.id } : {}),
          ...(options.team ? { team: options.team } : {}),
          ...(options.amount === undefined
            ? {}
            : { amount: { amount: options.amount, currency: options.currency } }),
        });
        print(
          event,
          () =>
            `recorded ${event.type} of ${event.patternId} ${event.tier} by ${event.team}: ${money(event.amount.amount, event.amount.currency)} (${event.id})\n`,
        );
      },
    );

  program
    .command('revenue')
    .description('your monthly revenue per pattern and in total')
    .argument('<publisher>', 'your publisher id')
    .option('--from <YYYY-MM>', 'first month')
    .option('--to <YYYY-MM>', 'last month')
    .action(async (publisher: string, options: { from?: string; to?: string }) => {
      const doc = await client().getRevenue(publisher, {
        ...(options.from ? { from: options.from } : {}),
        ...(options.to ? { to: options.to } : {}),
      });
      print(doc, () => {
        const rows = doc.months.flatMap((month) => [
          ...month.patterns.map((p) => ({
            month: month.month,
            pattern: p.patternId,
            amount: money(p.amount, month.currency),
          })),
          { month: month.month, pattern: 'total', amount: money(month.total, month.currency) },
        ]);
        const table = formatTable(rows, [
          { header: 'MONTH', value: (r) => r.month },
          { header: 'PATTERN', value: (r) => r.pattern },
          { header: 'REVENUE', value: (r) => r.amount, align: 'right' },
        ]);
        const totals = doc.totals.map((t) => money(t.total, t.currency)).join(' + ');
        return `${table}total: ${totals || '0'}\n`;
      });
    });

  program
    .command('value')
    .description('estimate what a pattern is worth at its price, against its category (core estimateValue)')
    .argument('<id>', 'pattern id')
    .requiredOption('--hourly-rate <n>', 'loaded cost of an engineering hour', amount)
    .option('--hours-saved <n>', 'engineering hours saved per month', amount)
    .option('--bugs-avoided <n>', 'production bugs avoided per month', amount)
    .option('--cost-per-bug <n>', 'cost of one such bug', amount)
    .option('--maintenance-hours <n>', 'maintenance hours saved per month', amount)
    .option('--one-time-cost <n>', 'integration cost, once', amount)
    .option('--tier <name>', 'the tier to price (default: the cheapest priced tier)')
    .action(
      async (
        id: string,
        options: {
          hourlyRate: number;
          hoursSaved?: number;
          bugsAvoided?: number;
          costPerBug?: number;
          maintenanceHours?: number;
          oneTimeCost?: number;
          tier?: string;
        },
      ) => {
        const query: ValueQuery = {
          hourlyRate: options.hourlyRate,
          ...(options.hoursSaved === undefined ? {} : { hoursSavedPerMonth: options.hoursSaved }),
          ...(options.bugsAvoided === undefined ? {} : { bugsAvoidedPerMonth: options.bugsAvoided }),
          ...(options.costPerBug === undefined ? {} : { costPerBug: options.costPerBug }),
          ...(options.maintenanceHours === undefined
            ? {}
            : { maintenanceHoursSavedPerMonth: options.maintenanceHours }),
          ...(options.oneTimeCost === undefined ? {} : { oneTimeCost: options.oneTimeCost }),
          ...(options.tier ? { tier: options.tier } : {}),
        };
        const doc = await client().estimateValue(id, query);
        print(doc, () => {
          const currency = doc.cost.currency;
          const head = formatPairs([
            ['pattern', `${doc.id} (${doc.category})`],
            ['tier', doc.cost.tier ?? 'single price'],
            [
              'price',
              `${money(doc.cost.monthlyPrice, currency)}/month${doc.cost.oneTimeCost ? ` + ${money(doc.cost.oneTimeCost, currency)} once` : ''}`,
            ],
            [
              'net value',
              `${money(doc.estimate.monthlyValue, currency)}/month, ${money(doc.estimate.annualValue, currency)} first year`,
            ],
            [
              'payback',
              doc.estimate.roiMonths === null ? 'never' : `${doc.estimate.roiMonths.toFixed(1)} months`,
            ],
            [
              'rank',
              doc.estimate.comparison
                ? `${doc.estimate.comparison.rank} of ${doc.estimate.comparison.alternatives.length + 1} in ${doc.category}`
                : undefined,
            ],
          ]);
          const table = formatTable(doc.estimate.comparison?.alternatives ?? [], [
            { header: 'ALTERNATIVE', value: (a) => a.id },
            { header: 'PRICE/MONTH', value: (a) => money(a.monthlyPrice, currency), align: 'right' },
            { header: 'FIRST YEAR', value: (a) => money(a.annualValue, currency), align: 'right' },
            { header: 'THIS − IT', value: (a) => money(a.annualDifference, currency), align: 'right' },
          ]);
          return `${head}\n${table}`;
        });
      },
    );
}
