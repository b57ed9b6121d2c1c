import * as z from 'zod/mini';
import { IsoDateTimeSchema, PatternIdSchema, TeamIdSchema } from './identifiers.js';
import { MoneySchema } from './listing.js';
import { parseWith } from './parse.js';

/**
 * What a revenue event records: a one-time `purchase`, the start of a `subscription`, a
 * subscription `renewal` (each billing period), a `cancellation` (amount 0: it ends the
 * subscription, nothing changes hands) or a `refund` (its amount is subtracted).
 */
export const RevenueEventTypeSchema = z.enum([
  'purchase',
  'subscription',
  'renewal',
  'cancellation',
  'refund',
]);
/** A revenue event type. */
export type RevenueEventType = z.infer<typeof RevenueEventTypeSchema>;

/** Thousandths of the major unit: every ISO 4217 currency has at most 3 decimal places. */
const MILLIS = 1000;

/**
 * A purchase or subscription event of one pricing tier of a pattern, as the host app records
 * it (no payment processor: the app that took the payment says it happened). Amounts are in
 * the currency's major unit with at most 3 decimal places, ≤ 1e9 per event; a `cancellation`
 * carries amount 0.
 *
 * @example
 * ```ts
 * RevenueEventSchema.parse({
 *   id: 'evt-1', patternId: 'acme/retry', tier: 'Pro', team: 'payments', type: 'subscription',
 *   amount: { amount: 29, currency: 'USD' }, at: '2026-11-21T10:00:00Z',
 * });
 * ```
 */
export const RevenueEventSchema = z
  .strictObject({
    /** Unique per registry; recording the same id twice changes nothing. 1–200 characters. */
    id: z.string().check(z.minLength(1), z.maxLength(200)),
    patternId: PatternIdSchema,
    /** The tier's name as the listing offers it. */
    tier: z.string().check(z.minLength(1), z.maxLength(80)),
    /** The team that bought (or was refunded). */
    team: TeamIdSchema,
    type: RevenueEventTypeSchema,
    amount: MoneySchema.check(
      z.refine((money) => money.amount <= 1e9, { message: 'at most 1e9 per event' }),
      z.refine((money) => Math.abs(money.amount * MILLIS - Math.round(money.amount * MILLIS)) < 1e-6, {
        message: 'at most 3 decimal places',
      }),
    ),
    at: IsoDateTimeSchema,
  })
  .check(
    z.refine((event) => event.type !== 'cancellation' || event.amount.amount === 0, {
      message: 'a cancellation carries amount 0',
      path: ['amount', 'amount'],
    }),
  );
/** A revenue event. */
export type RevenueEvent = z.infer<typeof RevenueEventSchema>;

/** One pattern's revenue in one calendar month (UTC) and one currency. */
export interface RevenueLine {
  patternId: string;
  /** `YYYY-MM`, UTC. */
  month: string;
  /** ISO 4217 code. */
  currency: string;
  /** Net revenue: purchases, subscriptions and renewals minus refunds, major unit, 3 decimals at most (may be negative). */
  amount: number;
  /** Events counted (cancellations included). */
  events: number;
}

/** A publisher's revenue, as its dashboard shows it (see {@link revenueReport}). */
export interface RevenueReport {
  /** Per month (ascending) and currency: the total and each pattern's share (by id). */
  months: {
    month: string;
    currency: string;
    total: number;
    patterns: { patternId: string; amount: number }[];
  }[];
  /** Per pattern and currency over every month given, by id. */
  patterns: { patternId: string; currency: string; total: number }[];
  /** Per currency over everything given. */
  totals: { currency: string; total: number }[];
}

/**
 * The signed amount an event adds to revenue, in thousandths of the major unit (an integer,
 * so sums are exact): positive for purchases, subscriptions and renewals, negative for
 * refunds, 0 for cancellations.
 *
 * @param event - a {@link RevenueEvent} (validated)
 * @returns thousandths of the major unit
 * @throws {@link ValidationError} when the event is invalid
 * @example
 * ```ts
 * revenueMillis({ id: 'r1', patternId: 'acme/retry', tier: 'Pro', team: 'payments', type: 'refund', amount: { amount: 29.99, currency: 'USD' }, at: '2026-11-21T10:00:00Z' }); // -29990
 * ```
 */
export function revenueMillis(event: RevenueEvent | z.input<typeof RevenueEventSchema>): number {
  const checked = parseWith(RevenueEventSchema, event, 'revenue event');
  const millis = Math.round(checked.amount.amount * MILLIS);
  if (checked.type === 'refund') return -millis;
  if (checked.type === 'cancellation') return 0;
  return millis;
}

/**
 * The calendar month (UTC, `YYYY-MM`) an instant falls in: revenue is counted on a cash
 * basis, in the month the event was recorded.
 *
 * @param at - an ISO 8601 date-time with offset
 * @returns `YYYY-MM`
 * @throws {@link ValidationError} when `at` is not an ISO 8601 date-time
 * @example
 * ```ts
 * revenueMonth('2026-11-30T23:30:00-02:00'); // '2026-12'
 * ```
 */
export function revenueMonth(at: string): string {
  const checked = parseWith(IsoDateTimeSchema, at, 'date-time');
  return new Date(checked).toISOString().slice(0, 7);
}

/**
 * Sums revenue events into lines per pattern, month (UTC, cash basis: the month the event was
 * recorded) and currency. Sums are exact (integers of thousandths of the major unit).
 * Currencies are never converted.
 *
 * @param events - the events (validated; duplicate ids are counted once, the first kept)
 * @returns lines sorted by month, pattern id, currency
 * @throws {@link ValidationError} when an event is invalid (issue paths start with its index)
 * @example
 * ```ts
 * summarizeRevenue([
 *   { id: 'a', patternId: 'acme/retry', tier: 'Pro', team: 'payments', type: 'subscription', amount: { amount: 29, currency: 'USD' }, at: '2026-11-02T10:00:00Z' },
 *   { id: 'b', patternId: 'acme/retry', tier: 'Pro', team: 'search', type: 'subscription', amount: { amount: 29, currency: 'USD' }, at: '2026-11-20T10:00:00Z' },
 * ]);
 * // [{ patternId: 'acme/retry', month: '2026-11', currency: 'USD', amount: 58, events: 2 }]
 * ```
 */
export function summarizeRevenue(events: readonly z.input<typeof RevenueEventSchema>[]): RevenueLine[] {
  const checked = parseWith(
    z.array(RevenueEventSchema).check(z.maxLength(10_000_000)),
    events,
    'revenue events',
  );
  const seen = new Set<string>();
  const lines = new Map<string, { line: RevenueLine; millis: number }>();
  for (const event of checked) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    const month = revenueMonth(event.at);
    const key = `${month}\u0000${event.patternId}\u0000${event.amount.currency}`;
    const entry = lines.get(key) ?? {
      line: { patternId: event.patternId, month, currency: event.amount.currency, amount: 0, events: 0 },
      millis: 0,
    };
    entry.millis += revenueMillis(event);
    entry.line.events += 1;
    lines.set(key, entry);
  }
  return [...lines.values()]
    .map(({ line, millis }) => ({ ...line, amount: millis / MILLIS }))
    .sort(
      (a, b) =>
        compare(a.month, b.month) || compare(a.patternId, b.patternId) || compare(a.currency, b.currency),
    );
}

/**
 * Builds a publisher dashboard's revenue view from revenue lines: monthly revenue per pattern
 * and in total (per currency; currencies are never added together), each pattern's total, and
 * the grand totals.
 *
 * @param lines - {@link RevenueLine}s (from {@link summarizeRevenue} or a store's aggregates)
 * @returns a {@link RevenueReport}; empty lists for no lines
 * @example
 * ```ts
 * const report = revenueReport([
 *   { patternId: 'acme/retry', month: '2026-11', currency: 'USD', amount: 58, events: 2 },
 *   { patternId: 'acme/cache', month: '2026-11', currency: 'USD', amount: 10, events: 1 },
 * ]);
 * report.months[0]; // { month: '2026-11', currency: 'USD', total: 68, patterns: [{ patternId: 'acme/cache', amount: 10 }, { patternId: 'acme/retry', amount: 58 }] }
 * report.totals; // [{ currency: 'USD', total: 68 }]
 * ```
 */
export function revenueReport(lines: readonly RevenueLine[]): RevenueReport {
  const months = new Map<
    string,
    { month: string; currency: string; millis: number; patterns: Map<string, number> }
  >();
  const patterns = new Map<string, { patternId: string; currency: string; millis: number }>();
  const totals = new Map<string, number>();
  for (const line of lines) {
    const millis = Math.round(line.amount * MILLIS);
    const monthKey = `${line.month}\u0000${line.currency}`;
    const month = months.get(monthKey) ?? {
      month: line.month,
      currency: line.currency,
      millis: 0,
      patterns: new Map<string, number>(),
    };
    month.millis += millis;
    month.patterns.set(line.patternId, (month.patterns.get(line.patternId) ?? 0) + millis);
    months.set(monthKey, month);
    const patternKey = `${line.patternId}\u0000${line.currency}`;
    const pattern = patterns.get(patternKey) ?? {
      patternId: line.patternId,
      currency: line.currency,
      millis: 0,
    };
    pattern.millis += millis;
    patterns.set(patternKey, pattern);
    totals.set(line.currency, (totals.get(line.currency) ?? 0) + millis);
  }
  return {
    months: [...months.values()]
      .sort((a, b) => compare(a.month, b.month) || compare(a.currency, b.currency))
      .map((month) => ({
        month: month.month,
        currency: month.currency,
        total: month.millis / MILLIS,
        patterns: [...month.patterns]
          .sort(([a], [b]) => compare(a, b))
          .map(([patternId, millis]) => ({ patternId, amount: millis / MILLIS })),
      })),
    patterns: [...patterns.values()]
      .sort((a, b) => compare(a.patternId, b.patternId) || compare(a.currency, b.currency))
      .map((pattern) => ({
        patternId: pattern.patternId,
        currency: pattern.currency,
        total: pattern.millis / MILLIS,
      })),
    totals: [...totals]
      .sort(([a], [b]) => compare(a, b))
      .map(([currency, millis]) => ({ currency, total: millis / MILLIS })),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
