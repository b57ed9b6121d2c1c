import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { type ListingInput, type PricingTier, PricingTierSchema } from './listing.js';
import { parseListing } from './parse.js';
import { estimateValue, listingCost, PricingError, tierCost } from './pricing.js';
import { fromTurtle, toTurtle } from './rdf.js';
import { revenueMillis, revenueMonth, revenueReport, summarizeRevenue } from './revenue.js';

/** The seed's detail page: Community (free), Pro ($29/month), Enterprise (contact us). */
const seedTiers: [PricingTier, PricingTier, PricingTier] = [
  { name: 'Community', model: 'free', support: 'community', features: ['Core pattern', 'Community forum'] },
  {
    name: 'Pro',
    model: 'subscription',
    price: { amount: 29, currency: 'USD' },
    period: 'month',
    support: 'standard',
    sla: { responseTimeHours: 24 },
    features: ['Priority fixes'],
  },
  {
    name: 'Enterprise',
    model: 'contact',
    contact: 'sales@acme.example',
    support: 'enterprise',
    sla: { uptimePercent: 99.9, responseTimeHours: 4 },
    features: [],
  },
];

const listing = (overrides: Partial<ListingInput> = {}): ListingInput => ({
  id: 'acme/circuit-breaker',
  name: 'Circuit breaker',
  version: '2.1.0',
  publisher: { id: 'acme', name: 'Acme' },
  category: 'resilience',
  license: 'MIT',
  publishedAt: '2026-11-21T10:00:00.000Z',
  ...overrides,
});

describe('pricing tiers on a listing', () => {
  it('offers the seed detail page tiers side by side and round-trips them through Turtle', () => {
    const parsed = parseListing(listing({ tiers: [...seedTiers] }));
    expect(parsed.tiers?.map((tier) => tier.name)).toEqual(['Community', 'Pro', 'Enterprise']);
    expect(parsed.tiers?.[1]?.sla).toEqual({ responseTimeHours: 24 });
    expect(fromTurtle(toTurtle([parsed]))).toStrictEqual([parsed]);
  });

  it('refuses inconsistent tiers with the path of the bad field', () => {
    const cases: [unknown, string][] = [
      [{ name: 'Free', model: 'free', price: { amount: 1, currency: 'USD' } }, 'price'],
      [{ name: 'Pro', model: 'subscription', price: { amount: 29, currency: 'USD' } }, 'period'],
      [{ name: 'Pro', model: 'subscription', period: 'month' }, 'price'],
      [{ name: 'Kit', model: 'one-time', price: { amount: 99, currency: 'USD' }, period: 'month' }, 'period'],
      [{ name: 'Kit', model: 'one-time' }, 'price'],
      [{ name: 'Free', model: 'free', contact: 'x@y.example' }, 'contact'],
      [{ name: '', model: 'free' }, 'name'],
      [{ name: 'Gold', model: 'barter' }, 'model'],
    ];
    for (const [tier, path] of cases) {
      const result = PricingTierSchema.safeParse(tier);
      expect(result.success, JSON.stringify(tier)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
    expect(() => parseListing(listing({ tiers: [seedTiers[0], { ...seedTiers[0], features: [] }] }))).toThrow(
      ValidationError,
    );
    expect(() => parseListing(listing({ tiers: [] }))).toThrow(ValidationError);
  });
});

describe('tierCost and listingCost', () => {
  it('prices each tier model per month and once', () => {
    expect(tierCost(seedTiers[0])).toEqual({
      tier: 'Community',
      monthlyPrice: 0,
      oneTimeCost: 0,
      currency: null,
      basis: 'free',
    });
    expect(
      tierCost({
        name: 'Pro',
        model: 'subscription',
        price: { amount: 348, currency: 'USD' },
        period: 'year',
      }),
    ).toEqual({ tier: 'Pro', monthlyPrice: 29, oneTimeCost: 0, currency: 'USD', basis: 'list' });
    expect(tierCost({ name: 'Kit', model: 'one-time', price: { amount: 99, currency: 'EUR' } })).toEqual({
      tier: 'Kit',
      monthlyPrice: 0,
      oneTimeCost: 99,
      currency: 'EUR',
      basis: 'list',
    });
    expect(tierCost(seedTiers[2])).toBeNull();
    expect(tierCost({ name: 'E', model: 'contact', price: { amount: 1000, currency: 'USD' } })?.basis).toBe(
      'starting-price',
    );
  });

  it('takes the named tier, else the cheapest priced tier, else the single pricing model', () => {
    const tiered = listing({ tiers: [...seedTiers] });
    expect(listingCost(tiered, { tier: 'Pro' })?.monthlyPrice).toBe(29);
    expect(listingCost(tiered)?.tier).toBe('Community');
    expect(
      listingCost(
        listing({
          tiers: [
            { name: 'Kit', model: 'one-time', price: { amount: 300, currency: 'USD' } },
            {
              name: 'Monthly',
              model: 'subscription',
              price: { amount: 20, currency: 'USD' },
              period: 'month',
            },
          ],
        }),
      )?.tier,
    ).toBe('Monthly');
    expect(
      listingCost(
        listing({
          pricing: { model: 'subscription', price: { amount: 49, currency: 'USD' }, interval: 'month' },
        }),
      ),
    ).toEqual({ tier: null, monthlyPrice: 49, oneTimeCost: 0, currency: 'USD', basis: 'list' });
    expect(() => listingCost(tiered, { tier: 'Platinum' })).toThrow(PricingError);
    expect(() => listingCost(tiered, { tier: 'Platinum' })).toThrow(/Community/);
  });
});

describe('estimateValue with alternatives', () => {
  const inputs = { hoursSavedPerMonth: 10, hourlyRate: 100, monthlyPrice: 29 };

  it('compares first-year value under the same savings and ranks the pattern', () => {
    const value = estimateValue(inputs, {
      alternatives: [
        { id: 'free/breaker', monthlyPrice: 0 },
        { id: 'big/breaker', monthlyPrice: 99, oneTimeCost: 500 },
      ],
    });
    expect(value.annualValue).toBe((1000 - 29) * 12);
    expect(value.comparison).toEqual({
      alternatives: [
        { id: 'free/breaker', monthlyPrice: 0, oneTimeCost: 0, annualValue: 12_000, annualDifference: -348 },
        {
          id: 'big/breaker',
          monthlyPrice: 99,
          oneTimeCost: 500,
          annualValue: 12_000 - 99 * 12 - 500,
          annualDifference: 11_652 - (12_000 - 1188 - 500),
        },
      ],
      rank: 2,
      cheaperAlternatives: 1,
    });
    expect(estimateValue(inputs).comparison).toBeUndefined();
  });

  it('refuses bad alternatives with a typed error', () => {
    expect(() => estimateValue(inputs, { alternatives: [{ id: '', monthlyPrice: 1 }] })).toThrow(
      ValidationError,
    );
    expect(() => estimateValue(inputs, { alternatives: [{ id: 'a/b', monthlyPrice: -1 }] })).toThrow(
      ValidationError,
    );
    expect(() => estimateValue(inputs, { alternatives: 'x' as never })).toThrow(ValidationError);
  });

  it('rank counts exactly the alternatives worth more (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 5 }), monthlyPrice: fc.nat(1000) }), {
          maxLength: 10,
        }),
        (price, alternatives) => {
          const value = estimateValue({ ...inputs, monthlyPrice: price }, { alternatives });
          const better = alternatives.filter((alternative) => alternative.monthlyPrice < price).length;
          expect(value.comparison?.rank).toBe(better + 1);
          expect(value.comparison?.cheaperAlternatives).toBe(better);
          expect(value.comparison?.alternatives).toHaveLength(alternatives.length);
        },
      ),
    );
  });
});

describe('revenue', () => {
  const event = (id: string, overrides: Record<string, unknown> = {}) => ({
    id,
    patternId: 'acme/circuit-breaker',
    tier: 'Pro',
    team: 'payments',
    type: 'subscription' as const,
    amount: { amount: 29.99, currency: 'USD' },
    at: '2026-11-02T10:00:00Z',
    ...overrides,
  });

  it('sums exactly per pattern, UTC month and currency; refunds subtract, cancellations count 0', () => {
    const lines = summarizeRevenue([
      event('a'),
      event('b', { type: 'renewal' }),
      event('c', { type: 'refund', amount: { amount: 29.99, currency: 'USD' } }),
      event('d', { type: 'cancellation', amount: { amount: 0, currency: 'USD' } }),
      event('e', {
        at: '2026-11-30T23:30:00-02:00',
        type: 'purchase',
        amount: { amount: 0.1, currency: 'USD' },
      }),
      event('f', { amount: { amount: 0.2, currency: 'USD' }, at: '2026-12-05T00:00:00Z' }),
      event('g', { patternId: 'acme/retry', amount: { amount: 25, currency: 'EUR' } }),
      event('a'),
    ]);
    expect(lines).toEqual([
      { patternId: 'acme/circuit-breaker', month: '2026-11', currency: 'USD', amount: 29.99, events: 4 },
      { patternId: 'acme/retry', month: '2026-11', currency: 'EUR', amount: 25, events: 1 },
      { patternId: 'acme/circuit-breaker', month: '2026-12', currency: 'USD', amount: 0.3, events: 2 },
    ]);
    const report = revenueReport(lines);
    expect(report.totals).toEqual([
      { currency: 'EUR', total: 25 },
      { currency: 'USD', total: 30.29 },
    ]);
    expect(report.months.map((month) => [month.month, month.currency, month.total])).toEqual([
      ['2026-11', 'EUR', 25],
      ['2026-11', 'USD', 29.99],
      ['2026-12', 'USD', 0.3],
    ]);
    expect(report.patterns).toEqual([
      { patternId: 'acme/circuit-breaker', currency: 'USD', total: 30.29 },
      { patternId: 'acme/retry', currency: 'EUR', total: 25 },
    ]);
  });

  it('refuses bad events with typed errors', () => {
    expect(() => revenueMillis(event('x', { type: 'cancellation' }))).toThrow(ValidationError);
    expect(() => revenueMillis(event('x', { amount: { amount: 1.0001, currency: 'USD' } }))).toThrow(
      ValidationError,
    );
    expect(() => revenueMillis(event('x', { amount: { amount: 2e9, currency: 'USD' } }))).toThrow(
      ValidationError,
    );
    expect(() => summarizeRevenue([event('x', { at: 'yesterday' })])).toThrow(ValidationError);
    expect(() => revenueMonth('2026-13-01')).toThrow(ValidationError);
  });

  it('is exact and independent of event order (property)', () => {
    const arbitrary = fc.uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 6 }),
        cents: fc.nat(1_000_000),
        type: fc.constantFrom('purchase', 'subscription', 'renewal', 'refund'),
        day: fc.nat(90),
        currency: fc.constantFrom('USD', 'EUR'),
      }),
      { selector: (entry) => entry.id, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbitrary, fc.nat(), (entries, seed) => {
        const events = entries.map((entry) =>
          event(entry.id, {
            type: entry.type,
            amount: { amount: entry.cents / 100, currency: entry.currency },
            at: new Date(Date.UTC(2026, 0, 1) + entry.day * 86_400_000).toISOString(),
          }),
        );
        const shuffled = [...events].sort(
          (a, b) => ((a.id.charCodeAt(0) * seed) % 7) - ((b.id.charCodeAt(0) * seed) % 7),
        );
        expect(summarizeRevenue(shuffled)).toEqual(summarizeRevenue(events));
        const report = revenueReport(summarizeRevenue(events));
        for (const currency of ['USD', 'EUR']) {
          const cents = entries
            .filter((entry) => entry.currency === currency)
            .reduce((sum, entry) => sum + (entry.type === 'refund' ? -entry.cents : entry.cents), 0);
          const total = report.totals.find((line) => line.currency === currency)?.total ?? 0;
          expect(Math.round(total * 100)).toBe(cents);
        }
      }),
    );
  });
});
