import * as z from 'zod';
import { isErrorOf, PollinateError } from './errors.js';
import {
  type Listing,
  type ListingInput,
  ListingSchema,
  type Pricing,
  PricingSchema,
  type PricingTier,
  PricingTierSchema,
} from './listing.js';
import { parseWith } from './parse.js';

/** A price per month derived from a pricing model (see {@link monthlyPrice}). */
export interface MonthlyPrice {
  /** Amount per month in the currency's major unit (e.g. dollars), ≥ 0; yearly prices divided by 12, unrounded. */
  amount: number;
  /** ISO 4217 currency code; `null` for open source (nothing to pay). */
  currency: string | null;
  /**
   * Where the figure comes from: `free` (open source), `list` (a subscription or freemium
   * premium price), `starting-price` (an enterprise "from" price, a lower bound).
   */
  basis: 'free' | 'list' | 'starting-price';
}

/**
 * The monthly price of a pricing model, for comparing and filtering: open source is 0; a
 * subscription its price (a yearly price / 12); freemium its premium tier's price (the free
 * tier costs 0); enterprise its starting price, taken as per month, or `null` without one
 * (the price is negotiated).
 *
 * @param pricing - a pricing model (validated with {@link PricingSchema})
 * @returns a {@link MonthlyPrice}, or `null` when there is no published price
 * @throws {@link ValidationError} when `pricing` is malformed
 * @example
 * ```ts
 * monthlyPrice({ model: 'subscription', price: { amount: 120, currency: 'USD' }, interval: 'year' });
 * // { amount: 10, currency: 'USD', basis: 'list' }
 * ```
 */
export function monthlyPrice(pricing: Pricing | z.input<typeof PricingSchema>): MonthlyPrice | null {
  const checked = parseWith(PricingSchema, pricing, 'pricing');
  switch (checked.model) {
    case 'open-source':
      return { amount: 0, currency: null, basis: 'free' };
    case 'freemium':
      return {
        amount: perMonth(checked.premiumPrice.amount, checked.interval),
        currency: checked.premiumPrice.currency,
        basis: 'list',
      };
    case 'subscription':
      return {
        amount: perMonth(checked.price.amount, checked.interval),
        currency: checked.price.currency,
        basis: 'list',
      };
    case 'enterprise':
      return checked.startingPrice
        ? {
            amount: checked.startingPrice.amount,
            currency: checked.startingPrice.currency,
            basis: 'starting-price',
          }
        : null;
  }
}

/**
 * A one-line, human-readable description of a pricing model, with amounts formatted by
 * `Intl.NumberFormat` for the locale.
 *
 * @param pricing - a pricing model
 * @param locale - a BCP 47 locale for number formatting (default `'en-US'`)
 * @returns e.g. `'Open source'`, `'$49.00 per month (14-day free trial)'`,
 *   `'Free; premium $19.00 per month'`, `'Enterprise, from $1,000.00: sales@acme.example'`
 * @throws {@link ValidationError} when `pricing` is malformed
 * @example
 * ```ts
 * describePricing({ model: 'subscription', price: { amount: 49, currency: 'USD' }, interval: 'month', trialDays: 14 });
 * // '$49.00 per month (14-day free trial)'
 * ```
 */
export function describePricing(pricing: Pricing | z.input<typeof PricingSchema>, locale = 'en-US'): string {
  const checked = parseWith(PricingSchema, pricing, 'pricing');
  let formatLocale = 'en-US';
  try {
    formatLocale = Intl.NumberFormat.supportedLocalesOf([locale])[0] ?? 'en-US';
  } catch {
    formatLocale = 'en-US';
  }
  const money = (amount: number, currency: string) =>
    new Intl.NumberFormat(formatLocale, { style: 'currency', currency }).format(amount);
  switch (checked.model) {
    case 'open-source':
      return 'Open source';
    case 'freemium':
      return `Free; premium ${money(checked.premiumPrice.amount, checked.premiumPrice.currency)} per ${checked.interval}`;
    case 'subscription': {
      const trial = checked.trialDays > 0 ? ` (${checked.trialDays}-day free trial)` : '';
      return `${money(checked.price.amount, checked.price.currency)} per ${checked.interval}${trial}`;
    }
    case 'enterprise': {
      const from = checked.startingPrice
        ? `, from ${money(checked.startingPrice.amount, checked.startingPrice.currency)}`
        : '';
      return `Enterprise${from}: ${checked.contact}`;
    }
  }
}

const amount = (max: number) => z.number().finite().min(0).max(max);

/**
 * The inputs of {@link estimateValue}. Every figure is a finite number ≥ 0; amounts are in
 * one currency's major unit (e.g. dollars), rates per hour, counts and hours per month.
 *
 * @example
 * ```ts
 * const inputs = ValueInputsSchema.parse({ hoursSavedPerMonth: 20, hourlyRate: 100 }); // other figures default to 0
 * ```
 */
export const ValueInputsSchema = z.strictObject({
  /** Engineering hours the pattern saves per month (building, debugging, reviewing). */
  hoursSavedPerMonth: amount(1e6).default(0),
  /** Loaded cost of one engineering hour (salary + overhead), currency per hour. */
  hourlyRate: amount(1e6),
  /** Production bugs (incidents) avoided per month thanks to the pattern. */
  bugsAvoidedPerMonth: amount(1e6).default(0),
  /** Average cost of one such bug (time to fix, downtime, support), currency per bug. */
  costPerBug: amount(1e9).default(0),
  /** Maintenance hours saved per month (upgrades and fixes you no longer do yourself). */
  maintenanceHoursSavedPerMonth: amount(1e6).default(0),
  /** Rate for maintenance hours, currency per hour. @default `hourlyRate` */
  maintenanceHourlyRate: amount(1e6).optional(),
  /** What the pattern costs per month, currency (see {@link monthlyPrice}). @default 0 */
  monthlyPrice: amount(1e9).default(0),
  /** One-time adoption cost (integration work, training), currency. @default 0 */
  oneTimeCost: amount(1e12).default(0),
});
/** What {@link estimateValue} accepts. */
export type ValueInputs = z.input<typeof ValueInputsSchema>;

/** An alternative to compare in {@link estimateValue}: another pattern's cost (same currency as the inputs). */
export interface ValueAlternative {
  /** The alternative's pattern id (or any label), 1–214 characters. */
  id: string;
  /** What it costs per month, ≥ 0. */
  monthlyPrice: number;
  /** What it costs once, ≥ 0. @default 0 */
  oneTimeCost?: number;
}

/** Options of {@link estimateValue}. */
export interface EstimateValueOptions {
  /**
   * Alternatives to compare with (for example the other patterns of the same category, priced
   * with {@link listingCost}); at most 10,000.
   * @default none (no `comparison` in the result)
   */
  alternatives?: readonly ValueAlternative[];
}

/** How a pattern's value compares with its alternatives (see {@link estimateValue}). */
export interface ValueComparison {
  /** Each alternative's first-year value under the same savings, best first (ties by id). */
  alternatives: {
    id: string;
    monthlyPrice: number;
    oneTimeCost: number;
    /** Its first-year net value: savings × 12 − its price × 12 − its one-time cost. */
    annualValue: number;
    /** This pattern's first-year value minus the alternative's: > 0 when this pattern is worth more. */
    annualDifference: number;
  }[];
  /** This pattern's place by first-year value among itself and the alternatives: 1 = best (ties share the better place). */
  rank: number;
  /** How many alternatives cost less in the first year (12 × monthly + one-time). */
  cheaperAlternatives: number;
}

/** The outcome of {@link estimateValue}. All amounts in the inputs' currency. */
export interface ValueEstimate {
  /** Net value per month: the three savings minus the monthly price (may be negative). */
  monthlyValue: number;
  /** Net value per year: `monthlyValue × 12 − oneTimeCost` (first year, one-time cost included). */
  annualValue: number;
  /**
   * Payback period in months: `oneTimeCost / monthlyValue` — the months of net value it takes
   * to earn back the one-time cost; `0` when there is no one-time cost and `monthlyValue ≥ 0`;
   * `null` when it never pays back (`monthlyValue < 0`, or `≤ 0` with a one-time cost).
   */
  roiMonths: number | null;
  /**
   * First-year return on investment, percent: `(gross − cost) / cost × 100` with gross = 12 months
   * of savings and cost = 12 months of price + one-time cost; `null` when the cost is 0.
   */
  roiPercent: number | null;
  /** The monthly figures that make up `monthlyValue`. */
  breakdown: {
    /** `hoursSavedPerMonth × hourlyRate`. */
    timeSaved: number;
    /** `bugsAvoidedPerMonth × costPerBug`. */
    bugReduction: number;
    /** `maintenanceHoursSavedPerMonth × maintenanceHourlyRate`. */
    maintenanceSaved: number;
    /** The monthly price, subtracted. */
    price: number;
    /** The one-time cost, used for payback and the annual figure. */
    oneTimeCost: number;
  };
  /** Present when `options.alternatives` was given. */
  comparison?: ValueComparison;
}

/**
 * Estimates what adopting a pattern is worth: monthly savings from time saved, bugs
 * avoided and maintenance saved, minus its price; the first-year value, payback period
 * and ROI. Formulas: value = hours × rate (cost-of-labour method); payback period =
 * initial investment ÷ net periodic cash flow and ROI = (gain − cost) ÷ cost, the standard
 * capital-budgeting definitions (e.g. Brealey, Myers & Allen, *Principles of Corporate
 * Finance*, ch. 5). No discounting: figures are undiscounted and per calendar month.
 *
 * With `alternatives`, it compares the pattern with each alternative under the same savings
 * (the inputs describe the problem solved, so every alternative is assumed to solve it
 * equally): an alternative's first-year value is the same gross savings minus its own price and
 * one-time cost, so the comparison is a comparison of cost (cost-effectiveness analysis with
 * equal effects, i.e. least-cost analysis: Drummond et al., *Methods for the Economic
 * Evaluation of Health Care Programmes*, 4th ed., ch. 4).
 *
 * @param inputs - {@link ValueInputs}; `hourlyRate` required, every other figure defaults to 0
 * @param options - {@link EstimateValueOptions}: `alternatives` to compare with
 * @returns a {@link ValueEstimate}, with `comparison` when alternatives were given
 * @throws {@link ValidationError} when a figure is negative, `NaN`, infinite, out of range, or an unknown key is given
 *   (in the inputs or an alternative)
 * @example
 * ```ts
 * const value = estimateValue({
 *   hoursSavedPerMonth: 20, hourlyRate: 100,   // 2000 / month
 *   bugsAvoidedPerMonth: 2, costPerBug: 500,   // 1000 / month
 *   maintenanceHoursSavedPerMonth: 5,          //  500 / month
 *   monthlyPrice: 500, oneTimeCost: 6000,
 * });
 * value.monthlyValue; // 3000
 * value.roiMonths; // 2
 * ```
 */
export function estimateValue(inputs: ValueInputs, options: EstimateValueOptions = {}): ValueEstimate {
  const checked = parseWith(ValueInputsSchema, inputs, 'value inputs');
  const alternatives =
    options?.alternatives === undefined
      ? undefined
      : parseWith(z.array(ValueAlternativeSchema).max(10_000), options.alternatives, 'alternatives');
  const timeSaved = checked.hoursSavedPerMonth * checked.hourlyRate;
  const bugReduction = checked.bugsAvoidedPerMonth * checked.costPerBug;
  const maintenanceSaved =
    checked.maintenanceHoursSavedPerMonth * (checked.maintenanceHourlyRate ?? checked.hourlyRate);
  const grossMonthly = timeSaved + bugReduction + maintenanceSaved;
  const monthlyValue = grossMonthly - checked.monthlyPrice;
  const annualValue = monthlyValue * 12 - checked.oneTimeCost;
  const roiMonths =
    checked.oneTimeCost === 0
      ? monthlyValue >= 0
        ? 0
        : null
      : monthlyValue > 0
        ? checked.oneTimeCost / monthlyValue
        : null;
  const annualCost = checked.monthlyPrice * 12 + checked.oneTimeCost;
  const roiPercent = annualCost === 0 ? null : ((grossMonthly * 12 - annualCost) / annualCost) * 100;
  let comparison: ValueComparison | undefined;
  if (alternatives) {
    const others = alternatives
      .map((alternative) => {
        const annual = grossMonthly * 12 - alternative.monthlyPrice * 12 - alternative.oneTimeCost;
        return {
          id: alternative.id,
          monthlyPrice: alternative.monthlyPrice,
          oneTimeCost: alternative.oneTimeCost,
          annualValue: annual,
          annualDifference: annualValue - annual,
        };
      })
      .sort((a, b) => b.annualValue - a.annualValue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    comparison = {
      alternatives: others,
      rank: 1 + others.filter((other) => other.annualValue > annualValue).length,
      cheaperAlternatives: others.filter((other) => other.monthlyPrice * 12 + other.oneTimeCost < annualCost)
        .length,
    };
  }
  return {
    ...(comparison ? { comparison } : {}),
    monthlyValue,
    annualValue,
    roiMonths,
    roiPercent,
    breakdown: {
      timeSaved,
      bugReduction,
      maintenanceSaved,
      price: checked.monthlyPrice,
      oneTimeCost: checked.oneTimeCost,
    },
  };
}

const ValueAlternativeSchema = z.strictObject({
  id: z.string().min(1).max(214),
  monthlyPrice: amount(1e9),
  oneTimeCost: amount(1e12).default(0),
});

/**
 * Thrown by {@link listingCost} when the tier asked for is not one the listing offers
 * (`E_UNKNOWN_TIER`).
 *
 * @example
 * ```ts
 * try { listingCost(listing, { tier: 'Platinum' }); }
 * catch (error) { if (error instanceof PricingError) console.log(error.code); } // 'E_UNKNOWN_TIER'
 * ```
 */
export class PricingError extends PollinateError {}

/**
 * Type guard for {@link PricingError}: checks `name` and `code`, not class identity, so it works
 * across package copies (ESM and CJS builds loaded together).
 *
 * @param error - anything caught
 * @returns `true` when a price could not be worked out (e.g. `E_UNKNOWN_TIER`)
 * @example
 * ```ts
 * if (isPricingError(error)) console.log(error.code); // e.g. 'E_UNKNOWN_TIER'
 * ```
 */
export function isPricingError(error: unknown): error is PricingError {
  return isErrorOf(error, 'PricingError');
}

/** What using a pattern costs: per month and once, in one currency (see {@link listingCost}). */
export interface PatternCost {
  /** The tier priced, or `null` when the listing sells one way only (its `pricing`). */
  tier: string | null;
  /** Per month, major unit, ≥ 0 (a yearly price / 12, unrounded). */
  monthlyPrice: number;
  /** Once (a one-time purchase), major unit, ≥ 0. */
  oneTimeCost: number;
  /** ISO 4217 code; `null` when it is free. */
  currency: string | null;
  /** `free`, `list` (a published price) or `starting-price` (a "from" price, a lower bound). */
  basis: 'free' | 'list' | 'starting-price';
}

/**
 * What one pricing tier costs: free 0; a subscription its price per month (a yearly price /
 * 12); a one-time purchase its price once; a contact tier its starting price as per month, or
 * `null` without one (negotiated).
 *
 * @param tier - a {@link PricingTier} (validated)
 * @returns a {@link PatternCost}, or `null` when there is no published price
 * @throws {@link ValidationError} when the tier is invalid
 * @example
 * ```ts
 * tierCost({ name: 'Pro', model: 'subscription', price: { amount: 348, currency: 'USD' }, period: 'year' });
 * // { tier: 'Pro', monthlyPrice: 29, oneTimeCost: 0, currency: 'USD', basis: 'list' }
 * ```
 */
export function tierCost(tier: PricingTier | z.input<typeof PricingTierSchema>): PatternCost | null {
  const checked = parseWith(PricingTierSchema, tier, 'pricing tier');
  const price = checked.price;
  switch (checked.model) {
    case 'free':
      return { tier: checked.name, monthlyPrice: 0, oneTimeCost: 0, currency: null, basis: 'free' };
    case 'subscription':
      return price
        ? {
            tier: checked.name,
            monthlyPrice: perMonth(price.amount, checked.period ?? 'month'),
            oneTimeCost: 0,
            currency: price.currency,
            basis: 'list',
          }
        : null;
    case 'one-time':
      return price
        ? {
            tier: checked.name,
            monthlyPrice: 0,
            oneTimeCost: price.amount,
            currency: price.currency,
            basis: 'list',
          }
        : null;
    case 'contact':
      return price
        ? {
            tier: checked.name,
            monthlyPrice: price.amount,
            oneTimeCost: 0,
            currency: price.currency,
            basis: 'starting-price',
          }
        : null;
  }
}

/**
 * What using a listing costs: the named tier's cost, or — without a name — the tier with the
 * lowest first-year cost (12 × monthly + one-time) among those with a published price; a
 * listing without tiers is priced by its `pricing` ({@link monthlyPrice}).
 *
 * @param listing - a {@link Listing} (validated)
 * @param options - `tier`: the tier's name
 * @returns a {@link PatternCost}, or `null` when nothing has a published price
 * @throws {@link PricingError} `E_UNKNOWN_TIER` when `tier` names no tier of the listing
 * @throws {@link ValidationError} when the listing is invalid
 * @example
 * ```ts
 * const tiered = {
 *   ...listing,
 *   tiers: [
 *     { name: 'Community', model: 'free' as const },
 *     { name: 'Pro', model: 'subscription' as const, price: { amount: 29, currency: 'USD' }, period: 'month' as const },
 *   ],
 * };
 * listingCost(tiered, { tier: 'Pro' }); // { tier: 'Pro', monthlyPrice: 29, oneTimeCost: 0, currency: 'USD', basis: 'list' }
 * listingCost(tiered); // the Community tier: { tier: 'Community', monthlyPrice: 0, oneTimeCost: 0, currency: null, basis: 'free' }
 * ```
 */
export function listingCost(
  listing: Listing | ListingInput,
  options: { tier?: string } = {},
): PatternCost | null {
  const checked = parseWith(ListingSchema, listing, 'listing');
  const wanted = options?.tier;
  if (wanted !== undefined) {
    const tier = checked.tiers?.find((candidate) => candidate.name === wanted);
    if (!tier) {
      throw new PricingError(
        'E_UNKNOWN_TIER',
        `${checked.id} offers no tier named ${JSON.stringify(wanted)}${checked.tiers ? ` (it offers ${checked.tiers.map((t) => JSON.stringify(t.name)).join(', ')})` : ''}`,
      );
    }
    return tierCost(tier);
  }
  if (!checked.tiers) {
    const price = monthlyPrice(checked.pricing);
    return price
      ? {
          tier: null,
          monthlyPrice: price.amount,
          oneTimeCost: 0,
          currency: price.currency,
          basis: price.basis,
        }
      : null;
  }
  let best: PatternCost | null = null;
  for (const tier of checked.tiers) {
    const cost = tierCost(tier);
    if (!cost) continue;
    if (!best || cost.monthlyPrice * 12 + cost.oneTimeCost < best.monthlyPrice * 12 + best.oneTimeCost)
      best = cost;
  }
  return best;
}

function perMonth(amountPerInterval: number, interval: 'month' | 'year'): number {
  return interval === 'year' ? amountPerInterval / 12 : amountPerInterval;
}
