import type { RegistryClient, RegistryRecommendation, RegistryRecommendations } from '@pollinate/client';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { patternItem } from './items.js';
import { navigateList } from './keyboard.js';
import { errorMessage, Loader } from './loader.js';
import { resolveClient, splitAttribute } from './registry.js';
import { baseStyles } from './styles.js';

/** The four lists of a recommendation, in the order shown, with their headings. */
export const RECOMMENDATION_LISTS = [
  { list: 'personalized', heading: 'For your team' },
  { list: 'peerEndorsed', heading: 'Teams like yours adopted' },
  { list: 'problemSolvers', heading: 'Solves your challenges' },
  { list: 'gapFillers', heading: 'Fills gaps in your stack' },
] as const;

/**
 * `<pollinate-recommendations>`: the registry's four recommendation lists for a team —
 * personalized, peer-endorsed, problem solvers and gap fillers — each pattern with the
 * reasons it was recommended. Loads through `client.recommend` of `@pollinate/client`
 * whenever an input changes. Empty lists are left out; when all are empty it says so.
 *
 * Attributes / properties:
 * - `registry` — the registry's base URL; or set the `client` property
 * - `team` — the team (publisher id) to recommend for (required)
 * - `stack` — the team's tech stack, comma-separated `name@version` (`node@20.11.0,postgres@16.2`)
 * - `adopted` — patterns the team already uses, comma-separated ids
 * - `challenges` — the team's current challenges in words, separated by `;`
 * - `limit` — patterns per list, 1–50. @default 5
 * - `item-href` (`itemHref`) — link template, e.g. `/patterns/{id}`; without it items are buttons
 *
 * Keyboard: Arrow keys, Home and End move between the patterns of all lists.
 * Events: `pollinate-select` (`detail: { patternId, version }`).
 * Parts: `list`, `heading`, `item`, `reasons`, `status`, `error`, `empty`.
 *
 * @example
 * ```html
 * <pollinate-recommendations registry="https://registry.example" team="payments"
 *   stack="node@20.11.0" adopted="acme/retry"></pollinate-recommendations>
 * ```
 */
export class PollinateRecommendations extends LitElement {
  /** @internal Lit's reactive property declarations. */
  static override properties = {
    registry: {},
    team: {},
    stack: {},
    adopted: {},
    challenges: {},
    limit: { type: Number },
    itemHref: { attribute: 'item-href' },
    client: { attribute: false },
  };

  /** @internal The shadow root's styles. */
  static override styles = [
    baseStyles,
    css`
      .lists {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
        gap: 1rem;
      }
      h3 {
        font-size: 1rem;
        margin: 0 0 0.5rem;
      }
      ul.reasons {
        margin: 0.25rem 0 0;
        padding-left: 1.1rem;
        font-size: 0.85rem;
        color: var(--pollinate-color-muted, #52606d);
      }
    `,
  ];

  /** The registry's base URL. */
  declare registry: string | undefined;
  /** The team to recommend for. */
  declare team: string | undefined;
  /** Tech stack, comma-separated `name@version`. */
  declare stack: string | undefined;
  /** Adopted pattern ids, comma-separated. */
  declare adopted: string | undefined;
  /** Challenges, `;`-separated. */
  declare challenges: string | undefined;
  /** Patterns per list. @default 5 */
  declare limit: number;
  /** Link template for items. */
  declare itemHref: string | undefined;
  /** A ready client; wins over `registry`. */
  declare client: RegistryClient | undefined;
  private readonly data = new Loader<RegistryRecommendations>(this);

  constructor() {
    super();
    this.limit = 5;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['registry', 'client', 'team', 'stack', 'adopted', 'challenges', 'limit'] as const;
    if (inputs.some((name) => changed.has(name))) this.reload();
  }

  /** Loads the recommendations again (the element does it itself when its inputs change). */
  reload(): Promise<void> {
    const client = resolveClient(this.client, this.registry);
    const team = this.team;
    if (!client || !team) return Promise.resolve();
    const stack = splitAttribute(this.stack);
    const adopted = splitAttribute(this.adopted);
    const challenges = (this.challenges ?? '')
      .split(';')
      .map((item) => item.trim())
      .filter(Boolean);
    return this.data.load((signal) =>
      client.recommend(
        {
          team,
          limit: Math.min(50, Math.max(1, Math.floor(this.limit) || 5)),
          ...(stack.length ? { stack } : {}),
          ...(adopted.length ? { adopted } : {}),
          ...(challenges.length ? { challenges } : {}),
        },
        { signal },
      ),
    );
  }

  override render() {
    const { status, value, error } = this.data;
    if (status === 'error') {
      return html`<div class="error" part="error" role="alert">Could not load recommendations: ${errorMessage(error)}</div>`;
    }
    if (!value) {
      return html`<div class="status" part="status" role="status" aria-busy="true">
        ${this.team ? 'Loading recommendations…' : 'Set the team attribute to see recommendations.'}
      </div>`;
    }
    const lists = RECOMMENDATION_LISTS.map((entry) => ({ ...entry, items: value[entry.list] })).filter(
      (entry) => entry.items.length > 0,
    );
    if (lists.length === 0) {
      return html`<p class="status" part="empty">No recommendations for ${value.team} yet.</p>`;
    }
    return html`<div class="lists" aria-busy=${status === 'loading' ? 'true' : 'false'} @keydown=${(event: KeyboardEvent) => navigateList(event, this.renderRoot)}>
      ${lists.map(
        (entry) => html`<section part="list" aria-labelledby=${`h-${entry.list}`}>
          <h3 id=${`h-${entry.list}`} part="heading">${entry.heading}</h3>
          <ul class="list">
            ${entry.items.map((item) => html`<li>${this.renderItem(item)}</li>`)}
          </ul>
        </section>`,
      )}
    </div>`;
  }

  private renderItem(item: RegistryRecommendation) {
    return patternItem(
      this,
      item.id,
      this.itemHref,
      html`<strong>${item.listing.name}</strong> <span class="muted">${item.id}</span>
        ${
          item.reasons.length
            ? html`<ul class="reasons" part="reasons" aria-label="Why">
              ${item.reasons.map((reason) => html`<li>${reason}</li>`)}
            </ul>`
            : nothing
        }`,
      item.listing.version,
    );
  }
}
