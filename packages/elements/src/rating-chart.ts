import { scaleBand } from 'd3-scale';
import { css, html, LitElement, svg } from 'lit';
import { baseStyles } from './styles.js';

/** Star counts: how many reviews gave 1, 2, 3, 4 and 5 stars. */
export type RatingDistribution = Record<1 | 2 | 3 | 4 | 5, number>;

const STARS = [5, 4, 3, 2, 1] as const;

/**
 * Reads a distribution from an attribute: five comma-separated counts for 1★ … 5★
 * (`"0,1,3,10,20"`) or JSON keyed by stars (`{"1":0,"5":20}`). Anything unreadable, negative
 * or not finite counts as 0.
 *
 * @param value - the attribute value
 * @returns the distribution
 * @example
 * ```ts
 * parseDistribution('0,1,3,10,20')[5]; // 20
 * ```
 */
export function parseDistribution(value: string | null | undefined): RatingDistribution {
  const counts: RatingDistribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const text = (value ?? '').trim();
  if (!text) return counts;
  let raw: unknown;
  if (text.startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch {
      return counts;
    }
  } else {
    raw = Object.fromEntries(text.split(',').map((count, index) => [index + 1, Number(count)]));
  }
  for (const star of STARS) {
    const count = Number((raw as Record<string, unknown>)?.[star]);
    counts[star] = Number.isFinite(count) && count > 0 ? Math.floor(count) : 0;
  }
  return counts;
}

/**
 * `<pollinate-rating-chart>`: a horizontal bar chart of a star-rating distribution (5★ on
 * top), as SVG laid out with d3-scale's band scale. People read a distribution faster than a table; screen
 * readers get the same figures in the chart's accessible name (`role="img"`).
 *
 * Attributes / properties:
 * - `distribution` — counts per star: `"0,1,3,10,20"` (1★ … 5★) or JSON `{"1":0,…,"5":20}`;
 *   the property takes a {@link RatingDistribution}
 * - `mean` — the mean rating to print above the bars (optional)
 * - `label` — what is rated, for the accessible name. @default 'Ratings'
 *
 * Parts: `chart` (the svg), `bar`, `track`, `summary`. Custom properties: the shared ones
 * (see the package README) plus `--pollinate-chart-bar` (bar colour, default the accent) and
 * `--pollinate-chart-track` (default `#e4e7eb`).
 *
 * @example
 * ```html
 * <pollinate-rating-chart distribution="0,1,3,10,20" mean="4.4"></pollinate-rating-chart>
 * ```
 */
export class PollinateRatingChart extends LitElement {
  /** @internal Lit's reactive property declarations. */
  static override properties = {
    distribution: { converter: { fromAttribute: parseDistribution } },
    mean: { type: Number },
    label: {},
  };

  /** @internal The shadow root's styles. */
  static override styles = [
    baseStyles,
    css`
      svg {
        display: block;
        width: 100%;
        height: auto;
        max-width: 22rem;
      }
      .bar {
        fill: var(--pollinate-chart-bar, var(--pollinate-color-accent, #0b5cad));
      }
      .track {
        fill: var(--pollinate-chart-track, #e4e7eb);
      }
      text {
        fill: currentColor;
        font-size: 11px;
      }
      .summary {
        margin: 0 0 0.25rem;
        font-size: 0.9rem;
      }
    `,
  ];

  /** Counts per star. @default all zero */
  declare distribution: RatingDistribution;
  /** Mean rating (1–5) shown above the chart; omitted when not a number. */
  declare mean: number | undefined;
  /** What is rated, for the accessible name. @default 'Ratings' */
  declare label: string;

  constructor() {
    super();
    this.distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    this.label = 'Ratings';
  }

  override render() {
    const counts = STARS.map((star) => Math.max(0, Number(this.distribution?.[star]) || 0));
    const total = counts.reduce((sum, count) => sum + count, 0);
    const width = 240;
    const rowHeight = 16;
    const labelWidth = 28;
    const countWidth = 36;
    const y = scaleBand<number>()
      .domain([...STARS])
      .range([0, rowHeight * STARS.length])
      .padding(0.25);
    const most = Math.max(1, ...counts);
    const x = (count: number) => (count / most) * (width - labelWidth - countWidth);
    const described = STARS.map((star, index) => `${star} stars: ${counts[index]}`).join(', ');
    const mean = typeof this.mean === 'number' && Number.isFinite(this.mean) ? this.mean : undefined;
    const name = `${this.label}: ${mean === undefined ? '' : `mean ${mean.toFixed(1)} of 5, `}${total} review${total === 1 ? '' : 's'}; ${described}`;
    return html`
      <p class="summary" part="summary">
        ${mean === undefined ? '' : html`<strong>${mean.toFixed(1)}</strong> of 5 · `}${total} review${total === 1 ? '' : 's'}
      </p>
      <svg part="chart" role="img" aria-label=${name} viewBox="0 0 ${width} ${rowHeight * STARS.length}">
        ${STARS.map((star, index) => {
          const top = y(star) ?? 0;
          const barWidth = x(counts[index] ?? 0);
          return svg`
            <text x="0" y=${top + y.bandwidth() - 2} aria-hidden="true">${star}★</text>
            <rect class="track" part="track" x=${labelWidth} y=${top} width=${width - labelWidth - countWidth} height=${y.bandwidth()} rx="2"></rect>
            <rect class="bar" part="bar" x=${labelWidth} y=${top} width=${barWidth} height=${y.bandwidth()} rx="2"></rect>
            <text x=${width - countWidth + 4} y=${top + y.bandwidth() - 2} aria-hidden="true">${counts[index]}</text>`;
        })}
      </svg>
    `;
  }
}
