import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { describePricing, estimateValue, monthlyPrice } from './pricing.js';

describe('monthlyPrice', () => {
  it('normalizes every model to a price per month', () => {
    expect(monthlyPrice({ model: 'open-source' })).toEqual({ amount: 0, currency: null, basis: 'free' });
    expect(
      monthlyPrice({ model: 'subscription', price: { amount: 120, currency: 'USD' }, interval: 'year' }),
    ).toEqual({ amount: 10, currency: 'USD', basis: 'list' });
    expect(monthlyPrice({ model: 'freemium', premiumPrice: { amount: 19, currency: 'EUR' } })).toEqual({
      amount: 19,
      currency: 'EUR',
      basis: 'list',
    });
    expect(monthlyPrice({ model: 'enterprise', contact: 'sales@acme.example' })).toBeNull();
    expect(
      monthlyPrice({
        model: 'enterprise',
        contact: 'sales@acme.example',
        startingPrice: { amount: 1000, currency: 'USD' },
      }),
    ).toEqual({ amount: 1000, currency: 'USD', basis: 'starting-price' });
  });

  it('rejects malformed pricing', () => {
    expect(() => monthlyPrice({ model: 'gratis' } as never)).toThrow(ValidationError);
    expect(() =>
      monthlyPrice({ model: 'subscription', price: { amount: -1, currency: 'USD' }, interval: 'month' }),
    ).toThrow(ValidationError);
    expect(() =>
      monthlyPrice({
        model: 'subscription',
        price: { amount: Number.NaN, currency: 'USD' },
        interval: 'month',
      }),
    ).toThrow(ValidationError);
  });
});

describe('describePricing', () => {
  it('describes each model in words', () => {
    expect(describePricing({ model: 'open-source' })).toBe('Open source');
    expect(
      describePricing({
        model: 'subscription',
        price: { amount: 49, currency: 'USD' },
        interval: 'month',
        trialDays: 14,
      }),
    ).toBe('$49.00 per month (14-day free trial)');
    expect(
      describePricing({ model: 'freemium', premiumPrice: { amount: 19, currency: 'USD' }, interval: 'year' }),
    ).toBe('Free; premium $19.00 per year');
    expect(
      describePricing({
        model: 'enterprise',
        contact: 'sales@acme.example',
        startingPrice: { amount: 1000, currency: 'USD' },
      }),
    ).toBe('Enterprise, from $1,000.00: sales@acme.example');
    expect(describePricing({ model: 'enterprise', contact: 'sales@acme.example' })).toBe(
      'Enterprise: sales@acme.example',
    );
  });

  it('formats for a locale and falls back on an invalid one', () => {
    const pricing = { model: 'freemium', premiumPrice: { amount: 1000, currency: 'EUR' } } as const;
    expect(describePricing(pricing, 'de-DE')).toBe('Free; premium 1.000,00\u00a0€ per month');
    expect(describePricing(pricing, 'not a locale!')).toBe('Free; premium €1,000.00 per month');
  });
});

describe('estimateValue', () => {
  it('computes the documented example', () => {
    const value = estimateValue({
      hoursSavedPerMonth: 20,
      hourlyRate: 100,
      bugsAvoidedPerMonth: 2,
      costPerBug: 500,
      maintenanceHoursSavedPerMonth: 5,
      monthlyPrice: 500,
      oneTimeCost: 6000,
    });
    expect(value).toEqual({
      monthlyValue: 3000,
      annualValue: 30_000,
      roiMonths: 2,
      roiPercent: ((3500 * 12 - 12_000) / 12_000) * 100,
      breakdown: {
        timeSaved: 2000,
        bugReduction: 1000,
        maintenanceSaved: 500,
        price: 500,
        oneTimeCost: 6000,
      },
    });
  });

  it('uses a separate maintenance rate when given', () => {
    expect(
      estimateValue({ hourlyRate: 100, maintenanceHoursSavedPerMonth: 10, maintenanceHourlyRate: 60 })
        .breakdown.maintenanceSaved,
    ).toBe(600);
  });

  it('never pays back when the price exceeds the savings', () => {
    const value = estimateValue({
      hoursSavedPerMonth: 1,
      hourlyRate: 50,
      monthlyPrice: 100,
      oneTimeCost: 10,
    });
    expect(value.monthlyValue).toBe(-50);
    expect(value.roiMonths).toBeNull();
    expect(estimateValue({ hourlyRate: 50 })).toMatchObject({
      monthlyValue: 0,
      roiMonths: 0,
      roiPercent: null,
    });
  });

  it('rejects negative, NaN, infinite and unknown inputs with the field path', () => {
    for (const bad of [
      { hourlyRate: -1 },
      { hourlyRate: Number.NaN },
      { hourlyRate: 10, hoursSavedPerMonth: Number.POSITIVE_INFINITY },
      { hourlyRate: 10, hoursPerMonth: 3 },
      {},
    ]) {
      expect(() => estimateValue(bad as never)).toThrow(ValidationError);
    }
    try {
      estimateValue({ hourlyRate: 10, costPerBug: -5 });
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).issues[0]?.path).toEqual(['costPerBug']);
    }
  });

  it('value grows with every saving and shrinks with the price (property)', () => {
    const figure = fc.double({ min: 0, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(figure, figure, figure, figure, figure, (hours, rate, bugs, cost, price) => {
        const base = estimateValue({
          hoursSavedPerMonth: hours,
          hourlyRate: rate,
          bugsAvoidedPerMonth: bugs,
          costPerBug: cost,
          monthlyPrice: price,
        });
        const more = estimateValue({
          hoursSavedPerMonth: hours + 1,
          hourlyRate: rate,
          bugsAvoidedPerMonth: bugs,
          costPerBug: cost,
          monthlyPrice: price,
        });
        const pricier = estimateValue({
          hoursSavedPerMonth: hours,
          hourlyRate: rate,
          bugsAvoidedPerMonth: bugs,
          costPerBug: cost,
          monthlyPrice: price + 1,
        });
        expect(more.monthlyValue).toBeGreaterThanOrEqual(base.monthlyValue);
        expect(pricier.monthlyValue).toBeLessThan(base.monthlyValue);
        expect(base.annualValue).toBeCloseTo(base.monthlyValue * 12, 3);
        const { timeSaved, bugReduction, maintenanceSaved } = base.breakdown;
        expect(base.monthlyValue).toBeCloseTo(timeSaved + bugReduction + maintenanceSaved - price, 3);
      }),
    );
  });
});
