// The marketplace screens as plain data, and their text rendering for the terminal.

/** A pattern as a list row shows it. */
export interface PatternRow {
  id: string;
  name: string;
  version: string;
  publisher: string;
  category: string;
  tier?: string;
  /** Accepted-review mean, 1–5; `null` without reviews. */
  rating: number | null;
  reviewCount: number;
}

/** The marketplace homepage. */
export interface HomepageScreen {
  asOf: string;
  trending: (PatternRow & { installs: number; downloads: number; score: number })[];
  newArrivals: (PatternRow & { publishedAt: string })[];
  stats: {
    patterns: number;
    versions: number;
    publishers: number;
    activePublishers: number;
    weeklyDownloads: number;
    weeklyInstalls: number;
    averageRating: number | null;
    reviews: number;
    networkPatterns: number;
    contributions: number;
  };
}

/** A pattern's detail page. */
export interface DetailScreen {
  id: string;
  name: string;
  version: string;
  versions: string[];
  publisher: { id: string; name: string };
  tagline: string;
  category: string;
  tags: string[];
  license: string;
  pricing: string;
  rating: {
    mean: number | null;
    bayesianMean: number | null;
    lowerBound: number | null;
    count: number;
    distribution: number[];
    flagged: number;
  };
  installs: { active: number; installs: number; downloads: number; teams: number };
  reputation: { overall: number; trustLevel: string; badges: string[] };
  certification: { level: string | null; missing: string[] };
  install: string;
  forkOf?: string;
}

/** A publisher's dashboard. */
export interface DashboardScreen {
  publisher: string;
  patterns: number;
  versions: number;
  downloads: number;
  activeInstalls: number;
  reviews: number;
  flaggedReviews: number;
  averageRating: number | null;
  topPatterns: {
    id: string;
    name: string;
    downloads: number;
    activeInstalls: number;
    rating: number | null;
    reviews: number;
  }[];
  recentReviews: { patternId: string; reviewer: string; rating: number; title: string; createdAt: string }[];
}

/** Search results with facets. */
export interface SearchScreen {
  query: string;
  filters: Record<string, string>;
  total: number;
  hits: (PatternRow & { score: number })[];
  facets: Record<string, Record<string, number>>;
}

/** One recommended pattern with why. */
export interface RecommendedItem {
  id: string;
  name: string;
  reasons: string[];
}

/** Recommendations for one team. */
export interface RecommendationsScreen {
  team: string;
  stack: Record<string, string>;
  adopted: string[];
  challenges: string[];
  personalized: RecommendedItem[];
  peerEndorsed: RecommendedItem[];
  problemSolvers: RecommendedItem[];
  gapFillers: RecommendedItem[];
}

/** Every screen. */
export interface Screens {
  homepage: HomepageScreen;
  detail: DetailScreen;
  dashboard: DashboardScreen;
  search: SearchScreen;
  recommendations: RecommendationsScreen;
}

const WIDTH = 100;

/** A titled box around lines of text. */
export function box(title: string, lines: readonly string[]): string {
  const inner = WIDTH - 4;
  const top = `┌─ ${title} ${'─'.repeat(Math.max(0, inner - title.length - 1))}┐`;
  const body = lines.flatMap((line) => wrap(line, inner)).map((line) => `│ ${pad(line, inner)} │`);
  return [top, ...body, `└${'─'.repeat(WIDTH - 2)}┘`].join('\n');
}

/** Renders stars for a 1–5 mean: `★★★★☆ 4.2`. */
export function stars(mean: number | null): string {
  if (mean === null) return '☆☆☆☆☆  –  ';
  const full = Math.round(mean);
  return `${'★'.repeat(full)}${'☆'.repeat(5 - full)} ${mean.toFixed(1)}`;
}

/** The homepage. */
export function renderHomepage(screen: HomepageScreen): string {
  const s = screen.stats;
  const lines = [
    `Marketplace Stats   ${s.patterns} patterns · ${s.versions} versions · ${s.publishers} publishers (${s.activePublishers} active)`,
    `                    ${s.weeklyDownloads} downloads and ${s.weeklyInstalls} installs this week · average rating ${s.averageRating === null ? '–' : s.averageRating.toFixed(2)} from ${s.reviews} reviews`,
    `                    pattern network: ${s.contributions} migration records in ${s.networkPatterns} patterns`,
    '',
    'Trending (time-decayed adoption, half-life 7 days)',
    ...table(
      ['#', 'pattern', 'publisher', 'rating', 'installs', 'score'],
      screen.trending.map((row, i) => [
        String(i + 1),
        truncate(row.name, 30),
        row.publisher,
        `${stars(row.rating)} (${row.reviewCount})`,
        String(row.installs),
        row.score.toFixed(2),
      ]),
    ),
    '',
    'New Arrivals',
    ...table(
      ['pattern', 'version', 'publisher', 'category', 'published'],
      screen.newArrivals.map((row) => [
        truncate(row.name, 30),
        row.version,
        row.publisher,
        row.category,
        row.publishedAt.slice(0, 10),
      ]),
    ),
  ];
  return box(`Pollinate marketplace · ${screen.asOf.slice(0, 10)}`, lines);
}

/** A detail page. */
export function renderDetail(screen: DetailScreen): string {
  const r = screen.rating;
  const distribution = [5, 4, 3, 2, 1]
    .map(
      (star) =>
        `${star}★ ${'█'.repeat(Math.round(((r.distribution[star - 1] ?? 0) / Math.max(1, r.count)) * 20)).padEnd(20)} ${r.distribution[star - 1] ?? 0}`,
    )
    .map((line) => `    ${line}`);
  const lines = [
    `${screen.name}  v${screen.version}  by ${screen.publisher.name} (${screen.publisher.id})`,
    screen.tagline,
    '',
    `Rating         ${stars(r.mean)} from ${r.count} review${r.count === 1 ? '' : 's'} · Bayesian ${fmt(r.bayesianMean)} · lower bound ${fmt(r.lowerBound)}${r.flagged ? ` · ${r.flagged} flagged review${r.flagged === 1 ? '' : 's'} not counted` : ''}`,
    ...distribution,
    `Installs       ${screen.installs.active} active · ${screen.installs.installs} installs since launch · ${screen.installs.downloads} downloads`,
    `Reputation     ${screen.reputation.overall.toFixed(0)}/100 · trust level ${screen.reputation.trustLevel}`,
    `Badges         ${screen.reputation.badges.length ? screen.reputation.badges.join(' · ') : '—'}`,
    `Certification  ${screen.certification.level ?? 'none'}${screen.certification.missing.length ? ` (next level needs: ${screen.certification.missing.join(', ')})` : ''}`,
    `Pricing        ${screen.pricing}`,
    `License        ${screen.license}`,
    `Category       ${screen.category} · tags ${screen.tags.join(', ')}`,
    `Versions       ${screen.versions.join(', ')}${screen.forkOf ? ` · fork of ${screen.forkOf}` : ''}`,
    '',
    `Install        ${screen.install}`,
  ];
  return box(`Pattern · ${screen.id}`, lines);
}

/** A publisher dashboard. */
export function renderDashboard(screen: DashboardScreen): string {
  const lines = [
    `${screen.patterns} patterns · ${screen.versions} versions · ${screen.downloads} downloads · ${screen.activeInstalls} active installs`,
    `${screen.reviews} reviews (${screen.flaggedReviews} flagged) · average ${stars(screen.averageRating)}`,
    '',
    'Top patterns',
    ...table(
      ['pattern', 'downloads', 'active', 'rating', 'reviews'],
      screen.topPatterns.map((p) => [
        truncate(p.name, 30),
        String(p.downloads),
        String(p.activeInstalls),
        stars(p.rating),
        String(p.reviews),
      ]),
    ),
    '',
    'Recent reviews',
    ...screen.recentReviews.map(
      (review) =>
        `  ${review.createdAt.slice(0, 10)}  ${'★'.repeat(review.rating).padEnd(5)}  ${review.patternId}  ${review.reviewer}: ${review.title}`,
    ),
  ];
  return box(`Publisher dashboard · ${screen.publisher}`, lines);
}

/** Search results. */
export function renderSearch(screen: SearchScreen): string {
  const filters = Object.entries(screen.filters).map(([key, value]) => `${key}=${value}`);
  const lines = [
    `"${screen.query}"${filters.length ? `  filters: ${filters.join(' ')}` : ''}  → ${screen.total} result${screen.total === 1 ? '' : 's'}`,
    '',
    ...table(
      ['#', 'pattern', 'publisher', 'category', 'rating', 'score'],
      screen.hits.map((hit, i) => [
        String(i + 1),
        truncate(hit.name, 30),
        hit.publisher,
        hit.category,
        `${stars(hit.rating)} (${hit.reviewCount})`,
        hit.score.toFixed(3),
      ]),
    ),
    '',
    'Facets',
    ...Object.entries(screen.facets).map(
      ([facet, counts]) =>
        `  ${facet.padEnd(10)} ${Object.entries(counts)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, 8)
          .map(([value, count]) => `${value} (${count})`)
          .join(' · ')}`,
    ),
  ];
  return box('Search', lines);
}

/** Recommendations. */
export function renderRecommendations(screen: RecommendationsScreen): string {
  const list = (title: string, items: readonly RecommendedItem[]) => [
    title,
    ...(items.length
      ? items.flatMap((item) => [
          `  • ${item.name} (${item.id})`,
          ...item.reasons.slice(0, 2).map((reason) => `      ${reason}`),
        ])
      : ['  (none)']),
    '',
  ];
  const lines = [
    `stack: ${Object.entries(screen.stack)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}`,
    `adopted: ${screen.adopted.join(', ') || '—'}`,
    `challenges: ${screen.challenges.join('; ') || '—'}`,
    '',
    ...list('Personalized for your stack', screen.personalized),
    ...list('Teams like yours also adopted', screen.peerEndorsed),
    ...list('Solves your challenges', screen.problemSolvers),
    ...list('Fills gaps in what you run', screen.gapFillers),
  ];
  return box(`Recommendations · team ${screen.team}`, lines);
}

/** Every screen, in the order the seed shows them. */
export function renderScreens(screens: Screens): string {
  return [
    renderHomepage(screens.homepage),
    renderDetail(screens.detail),
    renderDashboard(screens.dashboard),
    renderSearch(screens.search),
    renderRecommendations(screens.recommendations),
  ].join('\n\n');
}

/** A plain table: header, rule, rows; columns padded to their widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, i) => Math.max(width(cell), ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => pad(cell, widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`, ...rows.map(line)];
}

function fmt(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number): string {
  return text + ' '.repeat(Math.max(0, size - width(text)));
}

function wrap(line: string, size: number): string[] {
  if (width(line) <= size) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const out: string[] = [];
  let current = indent;
  for (const word of line.slice(indent.length).split(' ')) {
    const candidate = current.trim() ? `${current} ${word}` : `${current}${word}`;
    if (width(candidate) > size && current.trim()) {
      out.push(current);
      current = `${indent}    ${word}`;
    } else current = candidate;
  }
  if (current.trim()) out.push(current);
  return out.flatMap((part) => (width(part) > size ? [...chunks(part, size)] : [part]));
}

/** Cuts text to `size` characters, ending with `…` when cut. */
export function truncate(text: string, size: number): string {
  const chars = [...text];
  return chars.length <= size ? text : `${chars.slice(0, size - 1).join('')}…`;
}

function* chunks(text: string, size: number): Generator<string> {
  const chars = [...text];
  for (let i = 0; i < chars.length; i += size) yield chars.slice(i, i + size).join('');
}
