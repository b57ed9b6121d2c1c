import * as z from 'zod';
import { type Pricing, PricingSchema } from './listing.js';
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
}

/**
 * Estimates what adopting a pattern is worth: monthly savings from time saved, bugs
 * avoided and maintenance saved, minus its price; the first-year value, payback period
 * and ROI. Formulas: value = hours × rate (cost-of-labour method); payback period =
 * initial investment ÷ net periodic cash flow and ROI = (gain − cost) ÷ cost, the standard
 * capital-budgeting definitions (e.g. Brealey, Myers & Allen, *Principles of Corporate
 * Finance*, ch. 5). No discounting: figures are undiscounted and per calendar month.
 *
 * @param inputs - {@link ValueInputs}; `hourlyRate` required, every other figure defaults to 0
 * @returns a {@link ValueEstimate}
 * @throws {@link ValidationError} when a figure is negative, `NaN`, infinite, out of range, or an unknown key is given
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
export function estimateValue(inputs: ValueInputs): ValueEstimate {
  const checked = parseWith(ValueInputsSchema, inputs, 'value inputs');
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
  return {
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

function perMonth(amountPerInterval: number, interval: 'month' | 'year'): number {
  return interval === 'year' ? amountPerInterval / 12 : amountPerInterval;
}
