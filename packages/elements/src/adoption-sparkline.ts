import { scalePoint } from 'd3-scale';
import { area, curveMonotoneX, line } from 'd3-shape';
import { css, html, LitElement } from 'lit';
import { baseStyles } from './styles.js';

/**
 * Reads sparkline values from an attribute: comma-separated numbers; anything not a finite
 * number ≥ 0 counts as 0.
 *
 * @param value - e.g. `"0,2,5,3,8"`
 * @returns the values
 */
export function parseValues(value: string | null | undefined): number[] {
  const text = (value ?? '').trim();
  if (!text) return [];
  return text.split(',').map((item) => {
    const number = Number(item);
    return Number.isFinite(number) && number > 0 ? number : 0;
  });
}

/**
 * Buckets adoption events into consecutive periods ending at `now`, oldest first — the
 * series an adoption sparkline draws.
 *
 * @param events - events with an ISO 8601 `at` and a `type` (only `install` counts by default)
 * @param options - `now` (end of the last bucket), `buckets` (how many, default 12),
 *   `bucketDays` (days per bucket, default 7), `types` (event types counted, default `['install']`)
 * @returns one count per bucket, oldest first; events outside the window are ignored
 * @example
 * ```ts
 * adoptionSeries(events, { now: new Date(), buckets: 8 }); // installs per week, last 8 weeks
 * ```
 */
export function adoptionSeries(
  events: readonly { at: string; type: string }[],
  options: { now: Date; buckets?: number; bucketDays?: number; types?: readonly string[] },
): number[] {
  const buckets = options.buckets ?? 12;
  const span = (options.bucketDays ?? 7) * 86_400_000;
  const types = options.types ?? ['install'];
  const end = options.now.getTime();
  const counts = new Array<number>(buckets).fill(0);
  for (const event of events) {
    if (!types.includes(event.type)) continue;
    const age = end - Date.parse(event.at);
    if (!(age >= 0)) continue;
    const bucket = buckets - 1 - Math.floor(age / span);
    if (bucket >= 0) counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}

/**
 * `<pollinate-adoption-sparkline>`: a small line-and-area chart of adoption over time, as
 * SVG drawn with d3-shape (monotone curve) over d3-scale's point scale.
 *
 * Attributes / properties:
 * - `values` — counts per period, oldest first: `"0,2,5,3,8"`; the property takes `number[]`
 * - `label` — what the values count, for the accessible name. @default 'Installs per week'
 *
 * Parts: `chart`, `line`, `area`. Custom properties: `--pollinate-chart-bar` (line colour,
 * default the accent), `--pollinate-chart-fill` (area, default `#d6e6f7`).
 *
 * @example
 * ```html
 * <pollinate-adoption-sparkline values="0,1,1,3,2,5,8"></pollinate-adoption-sparkline>
 * ```
 */
export class PollinateAdoptionSparkline extends LitElement {
  /** @internal Lit's reactive property declarations. */
  static override properties = {
    values: { converter: { fromAttribute: parseValues } },
    label: {},
  };

  /** @internal The shadow root's styles. */
  static override styles = [
    baseStyles,
    css`
      :host {
        display: inline-block;
        width: 8rem;
      }
      svg {
        display: block;
        width: 100%;
        height: auto;
      }
      .line {
        fill: none;
        stroke: var(--pollinate-chart-bar, var(--pollinate-color-accent, #0b5cad));
        stroke-width: 1.5;
      }
      .area {
        fill: var(--pollinate-chart-fill, #d6e6f7);
      }
    `,
  ];

  /** Counts per period, oldest first. @default [] */
  declare values: number[];
  /** What the values count. @default 'Installs per week' */
  declare label: string;

  constructor() {
    super();
    this.values = [];
    this.label = 'Installs per week';
  }

  override render() {
    const values = (this.values ?? []).map((value) => (Number.isFinite(value) && value > 0 ? value : 0));
    const width = 120;
    const height = 32;
    const x = scalePoint<number>()
      .domain(values.map((_, index) => index))
      .range([1, width - 1]);
    const most = Math.max(1, ...values);
    // Linear in the value: 0 at the bottom edge, the largest value 2 px below the top.
    const y = (value: number) => height - 1 - (value / most) * (height - 3);
    const points = values.map((value, index) => [x(index) ?? 0, y(value)] as [number, number]);
    const path = line().curve(curveMonotoneX)(points) ?? '';
    const fill =
      area()
        .curve(curveMonotoneX)
        .y0(height - 1)(points) ?? '';
    const total = values.reduce((sum, value) => sum + value, 0);
    const name = `${this.label}: ${values.length ? `${values.join(', ')} (oldest first), ${total} in all` : 'no data'}`;
    return html`<svg part="chart" role="img" aria-label=${name} viewBox="0 0 ${width} ${height}">
      <path class="area" part="area" d=${fill}></path>
      <path class="line" part="line" d=${path}></path>
    </svg>`;
  }
}
