import type { PatternDocument, PatternReputation, RegistryClient } from '@pollinate/client';
import type { AdoptionEvent } from '@pollinate/core';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { adoptionSeries } from './adoption-sparkline.js';
import { patternItem } from './items.js';
import { errorMessage, Loader } from './loader.js';
import { parseDistribution } from './rating-chart.js';
import { resolveClient } from './registry.js';
import { baseStyles } from './styles.js';

/** What a pattern card loads: the pattern, its reputation and its adoption events. */
export interface PatternCardData {
  pattern: PatternDocument;
  reputation: PatternReputation;
  adoptions: AdoptionEvent[];
}

/** The registry the `pollinate` CLI uses when given none (its `--registry` default). */
const CLI_DEFAULT_REGISTRY = 'http://127.0.0.1:4873';

/**
 * The command that installs a pattern with the `pollinate` CLI of `@pollinate/client`:
 * `pollinate install <id>@^<version>` (the caret range: this version and later compatible ones,
 * npm's rule, resolved with their dependencies by PubGrub). `--registry` is added unless the
 * registry is the CLI's default (`http://127.0.0.1:4873`).
 *
 * @param registry - the registry's base URL (a trailing `/` is ignored)
 * @param patternId - `scope/name`
 * @param version - the version the range starts at (semver, e.g. `1.2.0` or `2.0.0-rc.1`)
 * @returns a shell command line
 * @example
 * ```ts
 * installCommand('http://127.0.0.1:4873', 'acme/retry', '1.2.0');
 * // 'npx pollinate install acme/retry@^1.2.0'
 * installCommand('https://patterns.example.com/', 'acme/retry', '1.2.0');
 * // 'npx pollinate install acme/retry@^1.2.0 --registry https://patterns.example.com'
 * ```
 */
export function installCommand(registry: string, patternId: string, version: string): string {
  const base = registry.replace(/\/+$/, '');
  const command = `npx pollinate install ${patternId}@^${version}`;
  return base === CLI_DEFAULT_REGISTRY ? command : `${command} --registry ${base}`;
}

/**
 * `<pollinate-pattern-card>`: one pattern at a glance — name, latest version, publisher,
 * rating with its distribution (a {@link PollinateRatingChart}), adoption (counters and a
 * {@link PollinateAdoptionSparkline} of installs per week), reputation badges,
 * certification level and the command that fetches it. Loads from the registry through
 * `@pollinate/client` (three requests in parallel) whenever `registry`, `client` or
 * `pattern` changes.
 *
 * Attributes / properties:
 * - `registry` — the registry's base URL (e.g. `https://registry.example`); or set the
 *   `client` property to a `RegistryClient`
 * - `pattern` — the pattern id, `scope/name`
 * - `item-href` (`itemHref`) — link template for the name, e.g. `/patterns/{id}`; without it
 *   the name is a button. Either fires `pollinate-select`.
 *
 * Events: `pollinate-select` (`detail: { patternId, version }`).
 * Parts: `card`, `title`, `item`, `meta`, `badges`, `badge`, `certification`, `install`,
 * `copy`, `status`, `error`; the charts inside are themed by the same custom properties.
 *
 * @example
 * ```html
 * <pollinate-pattern-card registry="https://registry.example" pattern="acme/retry"></pollinate-pattern-card>
 * ```
 */
export class PollinatePatternCard extends LitElement {
  /** @internal Lit's reactive property declarations. */
  static override properties = {
    registry: {},
    pattern: {},
    itemHref: { attribute: 'item-href' },
    client: { attribute: false },
    copied: { state: true },
  };

  /** @internal The shadow root's styles. */
  static override styles = [
    baseStyles,
    css`
      article {
        border: 1px solid var(--pollinate-color-border, #cbd2d9);
        border-radius: var(--pollinate-radius, 6px);
        background: var(--pollinate-color-surface, #ffffff);
        padding: 1rem;
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: var(--pollinate-gap, 0.75rem);
      }
      h3 {
        margin: 0;
        font-size: 1.15rem;
      }
      h3 .item {
        border: 0;
        padding: 0;
        display: inline;
        background: none;
      }
      .meta {
        margin: 0;
      }
      .description {
        margin: 0;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      .figures {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: flex-start;
      }
      .badges {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem;
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .badge {
        border: 1px solid var(--pollinate-color-border, #cbd2d9);
        border-radius: 999px;
        padding: 0.05rem 0.55rem;
        font-size: 0.85rem;
      }
      .install {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .command {
        flex: 1;
        min-width: 0;
        overflow-x: auto;
        white-space: nowrap;
        padding: 0.35rem 0.5rem;
        background: #f5f7fa;
        border-radius: var(--pollinate-radius, 6px);
      }
      h4 {
        margin: 0 0 0.25rem;
        font-size: 0.85rem;
      }
    `,
  ];

  /** The registry's base URL. */
  declare registry: string | undefined;
  /** The pattern id, `scope/name`. */
  declare pattern: string | undefined;
  /** Link template for the name (`{id}`, `{scope}`, `{name}`). */
  declare itemHref: string | undefined;
  /** A ready client; wins over `registry`. */
  declare client: RegistryClient | undefined;
  declare private copied: boolean;
  private readonly data = new Loader<PatternCardData>(this);

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('registry') || changed.has('pattern') || changed.has('client')) this.reload();
  }

  /** Loads the card's data again (the element does it itself when its inputs change). */
  reload(): Promise<void> {
    const client = resolveClient(this.client, this.registry);
    const id = this.pattern;
    if (!client || !id) return Promise.resolve();
    return this.data.load(async (signal) => {
      const [pattern, reputation, adoptions] = await Promise.all([
        client.getPattern(id, { signal }),
        client.getReputation(id, { signal }),
        client.listAdoptions({ patternId: id }, { signal }),
      ]);
      return { pattern, reputation, adoptions };
    });
  }

  override render() {
    const { status, value, error } = this.data;
    if (status === 'error') {
      return html`<div class="error" part="error" role="alert">Could not load ${this.pattern}: ${errorMessage(error)}</div>`;
    }
    if (!value) {
      return html`<div class="status" part="status" role="status" aria-busy="true">Loading ${this.pattern ?? 'pattern'}…</div>`;
    }
    const { pattern, reputation, adoptions } = value;
    const listing = pattern.latest;
    const version = pattern.distTags.latest ?? listing?.version ?? pattern.versions.at(-1)?.version ?? '';
    const ratings = reputation.ratings as { count: number; mean?: number | null; distribution?: unknown };
    const badges = (reputation.reputation.badges as { name?: string; rule?: string }[]).filter(
      (badge) => badge?.name,
    );
    const level = reputation.certification.level;
    const command = installCommand(this.registryUrl(), pattern.id, version);
    const series = adoptionSeries(adoptions, { now: new Date(), buckets: 12 });
    return html`<article part="card" aria-labelledby="title" aria-busy=${status === 'loading' ? 'true' : 'false'}>
      <h3 id="title" part="title">
        ${patternItem(this, pattern.id, this.itemHref, html`${listing?.name ?? pattern.id}`, version)}
      </h3>
      <p class="meta muted" part="meta">
        <code>${pattern.id}</code> · v${version} · by ${listing?.publisher.name ?? pattern.publisher}
        ${listing ? html` · ${listing.license}` : nothing}
      </p>
      ${
        listing?.metadata?.tagline || listing?.description
          ? html`<p class="description">${listing?.metadata?.tagline ?? listing?.description}</p>`
          : nothing
      }
      <div class="figures">
        <div>
          <h4>Rating</h4>
          <pollinate-rating-chart
            .distribution=${parseDistribution(JSON.stringify(ratings.distribution ?? {}))}
            .mean=${ratings.mean ?? undefined}
            label=${`Ratings of ${listing?.name ?? pattern.id}`}
          ></pollinate-rating-chart>
        </div>
        <div>
          <h4>Adoption</h4>
          <pollinate-adoption-sparkline
            .values=${series}
            label=${`Installs of ${listing?.name ?? pattern.id} per week, last 12 weeks`}
          ></pollinate-adoption-sparkline>
          <p class="meta muted" part="adoption">${adoptionText(listing?.adoption, adoptions)}</p>
          <p class="meta muted">Reputation ${Math.round(reputation.reputation.overall)}/100 · ${reputation.reputation.trustLevel}</p>
        </div>
      </div>
      <p class="meta" part="certification">
        Certification: <strong>${level ? `${level[0]?.toUpperCase()}${level.slice(1)}` : 'not certified'}</strong>
      </p>
      ${
        badges.length
          ? html`<ul class="badges" part="badges" aria-label="Badges">
            ${badges.map((badge) => html`<li class="badge" part="badge" title=${badge.rule ?? ''}>${badge.name}</li>`)}
          </ul>`
          : nothing
      }
      <div class="install" part="install">
        <div class="command" role="region" tabindex="0" aria-label="Command to install this pattern"><code>${command}</code></div>
        <button type="button" part="copy" @click=${() => this.copy(command)}>${this.copied ? 'Copied' : 'Copy'}</button>
      </div>
    </article>`;
  }

  /** The registry's base URL as the fetch command shows it. */
  private registryUrl(): string {
    if (this.registry) {
      const base = typeof location === 'undefined' ? undefined : location.href;
      return new URL(this.registry, base).href.replace(/\/$/, '');
    }
    return CLI_DEFAULT_REGISTRY;
  }

  private async copy(command: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(command);
      this.copied = true;
      setTimeout(() => {
        this.copied = false;
      }, 2000);
    } catch {
      // Clipboard refused (no permission, insecure context): the command stays selectable.
    }
  }
}

function count(events: readonly AdoptionEvent[], type: AdoptionEvent['type']): number {
  return events.filter((event) => event.type === type).length;
}

/**
 * The adoption line: the registry's counters for the pattern (kept on write, carried by the
 * pattern document's `latest` listing), or counts of its events when it has no `latest`
 * (prereleases only).
 */
function adoptionText(
  figures: { downloads: number; activeInstalls: number; organizations: number } | undefined,
  events: readonly AdoptionEvent[],
): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (figures) {
    return [
      plural(figures.activeInstalls, 'active install', 'active installs'),
      plural(figures.downloads, 'download', 'downloads'),
      plural(figures.organizations, 'organization', 'organizations'),
    ].join(' · ');
  }
  return [
    plural(count(events, 'install'), 'install', 'installs'),
    plural(count(events, 'uninstall'), 'uninstall', 'uninstalls'),
    plural(count(events, 'download'), 'download', 'downloads'),
  ].join(' · ');
}
