import type { RegistryClient, RegistrySearchQuery, SearchPage } from '@pollinate/client';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { patternItem } from './items.js';
import { navigateList } from './keyboard.js';
import { errorMessage, Loader } from './loader.js';
import { resolveClient } from './registry.js';
import { baseStyles } from './styles.js';

/** The facets `<pollinate-search>` offers as filters, in order, with their labels. */
export const SEARCH_FACETS = [
  { facet: 'category', label: 'Category' },
  { facet: 'pricing', label: 'Pricing' },
  { facet: 'tier', label: 'Certification' },
  { facet: 'license', label: 'License' },
  { facet: 'tags', label: 'Tags' },
] as const;

/** A facet name of {@link SEARCH_FACETS}. */
export type SearchFacet = (typeof SEARCH_FACETS)[number]['facet'];

/** Facet values a user picked, per facet. */
export type SearchFilters = Partial<Record<SearchFacet, string[]>>;

/**
 * The client query for a text, the picked facet values and a cursor. `category` and
 * `license` take one value (the last picked); the others take every picked value.
 *
 * @param text - the search text
 * @param filters - picked facet values
 * @param options - `limit` (1–100), `cursor` of the page to fetch
 * @returns the `SearchQuery` for `client.search`
 * @example
 * ```ts
 * searchQuery('retry', { pricing: ['open-source'] }, { limit: 10 });
 * ```
 */
export function searchQuery(
  text: string,
  filters: SearchFilters,
  options: { limit: number; cursor?: string | undefined },
): RegistrySearchQuery {
  const last = (values: string[] | undefined) => (values?.length ? values[values.length - 1] : undefined);
  const query: RegistrySearchQuery = { q: text, limit: options.limit };
  const category = last(filters.category);
  const license = last(filters.license);
  if (category) query.category = category;
  if (license) query.license = license;
  if (filters.tags?.length) query.tags = filters.tags;
  if (filters.pricing?.length) query.pricing = filters.pricing as RegistrySearchQuery['pricing'];
  if (filters.tier?.length) query.tiers = filters.tier as RegistrySearchQuery['tiers'];
  if (options.cursor) query.cursor = options.cursor;
  return query;
}

/**
 * `<pollinate-search>`: a search box over a registry's catalog with results, facets as
 * filters (category, pricing, certification, license, tags; counts are the registry's
 * disjunctive facet counts) and paging (previous / next through the registry's cursors).
 * Driven by `client.search` of `@pollinate/client`; a new text or filter starts at page 1.
 *
 * Attributes / properties:
 * - `registry` — the registry's base URL; or set the `client` property
 * - `query` — the search text (also what the box shows); updated as the user searches
 * - `limit` — results per page, 1–100. @default 10
 * - `item-href` (`itemHref`) — link template for results, e.g. `/patterns/{id}`; without it
 *   results are buttons. Either fires `pollinate-select`.
 * - `label` — the search box's label. @default 'Search patterns'
 *
 * Keyboard: Enter in the box searches; Arrow keys, Home and End move between results; Tab
 * reaches the filters and the pager. Results are announced through a live region.
 * Events: `pollinate-select` (`detail: { patternId, version }`), `pollinate-search`
 * (`detail: { query }` after each search the user starts).
 * Parts: `form`, `input`, `submit`, `results`, `item`, `facets`, `facet`, `pager`,
 * `status`, `error`.
 *
 * @example
 * ```html
 * <pollinate-search registry="https://registry.example" query="retry" item-href="/patterns/{id}"></pollinate-search>
 * ```
 */
export class PollinateSearch extends LitElement {
  /** @internal Lit's reactive property declarations. */
  static override properties = {
    registry: {},
    query: { reflect: true },
    limit: { type: Number },
    itemHref: { attribute: 'item-href' },
    label: {},
    client: { attribute: false },
    filters: { state: true },
    cursors: { state: true },
  };

  /** @internal The shadow root's styles. */
  static override styles = [
    baseStyles,
    css`
      form {
        display: flex;
        gap: 0.5rem;
        margin-bottom: var(--pollinate-gap, 0.75rem);
      }
      input[type='search'] {
        flex: 1;
        min-width: 0;
        padding: 0.4rem 0.6rem;
        border: 1px solid var(--pollinate-color-border, #cbd2d9);
        border-radius: var(--pollinate-radius, 6px);
        color: inherit;
        background: var(--pollinate-color-surface, #ffffff);
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(10rem, 14rem) 1fr;
        gap: 1.25rem;
      }
      @media (max-width: 40rem) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.75rem;
      }
      legend {
        font-weight: 600;
        padding: 0;
        margin-bottom: 0.25rem;
      }
      label.facet {
        display: flex;
        gap: 0.4rem;
        align-items: baseline;
        font-size: 0.9rem;
      }
      .pager {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        margin-top: var(--pollinate-gap, 0.75rem);
      }
      .tags {
        font-size: 0.85rem;
      }
      p {
        margin: 0.2rem 0 0;
      }
    `,
  ];

  /** The registry's base URL. */
  declare registry: string | undefined;
  /** The search text. @default '' */
  declare query: string;
  /** Results per page. @default 10 */
  declare limit: number;
  /** Link template for results. */
  declare itemHref: string | undefined;
  /** The search box's label. @default 'Search patterns' */
  declare label: string;
  /** A ready client; wins over `registry`. */
  declare client: RegistryClient | undefined;
  /** Picked facet values. */
  declare filters: SearchFilters;
  /** @internal Cursors of the pages shown so far (`undefined` for page 1); the last is the current page. */
  declare cursors: (string | undefined)[];
  private readonly page = new Loader<SearchPage>(this);

  constructor() {
    super();
    this.query = '';
    this.limit = 10;
    this.label = 'Search patterns';
    this.filters = {};
    this.cursors = [undefined];
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('registry') || changed.has('client') || changed.has('query') || changed.has('limit')) {
      this.cursors = [undefined];
      this.fetchPage();
    } else if (changed.has('filters') || changed.has('cursors')) {
      this.fetchPage();
    }
  }

  private fetchPage(): void {
    const client = resolveClient(this.client, this.registry);
    if (!client) return;
    const query = searchQuery(this.query, this.filters, {
      limit: Math.min(100, Math.max(1, Math.floor(this.limit) || 10)),
      cursor: this.cursors.at(-1),
    });
    void this.page.load((signal) => client.search(query, { signal }));
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
    this.query = input?.value.trim() ?? '';
    this.cursors = [undefined];
    this.dispatchEvent(
      new CustomEvent('pollinate-search', { detail: { query: this.query }, bubbles: true, composed: true }),
    );
  }

  private toggle(facet: SearchFacet, value: string, on: boolean): void {
    const current = this.filters[facet] ?? [];
    const single = facet === 'category' || facet === 'license';
    const next = on ? (single ? [value] : [...current, value]) : current.filter((item) => item !== value);
    this.filters = { ...this.filters, [facet]: next };
    this.cursors = [undefined];
  }

  override render() {
    const { status, value, error } = this.page;
    const pageNumber = this.cursors.length;
    return html`
      <form role="search" part="form" @submit=${this.submit}>
        <label class="sr-only" for="q">${this.label}</label>
        <input id="q" part="input" type="search" name="q" .value=${this.query} placeholder=${this.label} autocomplete="off" />
        <button type="submit" part="submit">Search</button>
      </form>
      <div class="layout">
        <div part="facets" aria-label="Filters" role="group">${this.renderFacets(value)}</div>
        <section aria-label="Results">
          <div role="status" aria-live="polite" class="status" part="status">
            ${
              status === 'loading'
                ? 'Searching…'
                : value
                  ? `${value.total} pattern${value.total === 1 ? '' : 's'}${this.query ? ` for “${this.query}”` : ''} · page ${pageNumber}`
                  : ''
            }
          </div>
          ${
            status === 'error'
              ? html`<div class="error" part="error" role="alert">Search failed: ${errorMessage(error)}</div>`
              : nothing
          }
          ${
            value
              ? html`<ol class="list" part="results" aria-busy=${status === 'loading' ? 'true' : 'false'} @keydown=${(event: KeyboardEvent) => navigateList(event, this.renderRoot)}>
                ${value.hits.map(
                  (hit) => html`<li>
                    ${patternItem(
                      this,
                      hit.id,
                      this.itemHref,
                      html`<strong>${hit.listing.name}</strong> <span class="muted">${hit.id} · v${hit.listing.version}</span>
                        <p>${hit.listing.metadata?.tagline ?? hit.listing.description}</p>
                        <p class="tags muted">${hit.listing.category} · ${hit.listing.license}${
                          hit.listing.rating?.reviewCount
                            ? ` · ★ ${hit.listing.rating.overall.toFixed(1)} (${hit.listing.rating.reviewCount})`
                            : ''
                        }</p>`,
                      hit.listing.version,
                    )}
                  </li>`,
                )}
              </ol>`
              : nothing
          }
          <nav class="pager" part="pager" aria-label="Pages">
            <button type="button" ?disabled=${pageNumber <= 1 || status === 'loading'} @click=${() => {
              this.cursors = this.cursors.slice(0, -1);
            }}>Previous</button>
            <span class="muted">Page ${pageNumber}</span>
            <button type="button" ?disabled=${!value?.nextCursor || status === 'loading'} @click=${() => {
              if (value?.nextCursor) this.cursors = [...this.cursors, value.nextCursor];
            }}>Next</button>
          </nav>
        </section>
      </div>
    `;
  }

  private renderFacets(page: SearchPage | undefined) {
    if (!page) return nothing;
    return SEARCH_FACETS.map(({ facet, label }) => {
      const picked = this.filters[facet] ?? [];
      const counts = page.facets[facet] ?? [];
      const shown = facet === 'tags' ? counts.slice(0, 12) : counts;
      const values = [
        ...shown,
        ...picked
          .filter((value) => !shown.some((count) => count.value === value))
          .map((value) => ({ value, count: 0 })),
      ];
      if (values.length === 0) return nothing;
      return html`<fieldset>
        <legend>${label}</legend>
        ${values.map(
          ({ value, count }) => html`<label class="facet" part="facet">
            <input
              type="checkbox"
              .checked=${picked.includes(value)}
              @change=${(event: Event) => this.toggle(facet, value, (event.target as HTMLInputElement).checked)}
            />
            <span>${value}</span> <span class="muted">(${count})</span>
          </label>`,
        )}
      </fieldset>`;
    });
  }
}
