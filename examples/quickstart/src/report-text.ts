// Renders a QuickstartReport for the terminal: the steps' results, the raw record next to
// its anonymized contribution, the network, and the marketplace screens.

import type { QuickstartReport } from './run.js';
import { box, renderScreens, table } from './screens.js';

/** The whole text report. */
export function renderReport(report: QuickstartReport): string {
  return [
    renderPublish(report),
    renderMarketplace(report),
    renderNetwork(report),
    renderScreens(report.screens),
    `Done. Replay this run with: npm start -- --seed ${report.seed}${report.registry.kept ? ` (database kept in ${report.registry.database})` : ''}`,
  ].join('\n\n');
}

function renderPublish(report: QuickstartReport): string {
  const { catalog, publish } = report;
  const lines = [
    `Catalog: ${catalog.source} (${catalog.kind}${catalog.files === undefined ? '' : `, ${catalog.files} Markdown files`})`,
    `  ${catalog.packages} pattern versions of ${catalog.patterns} patterns read; ${catalog.skipped.length} files skipped${catalog.importWarnings ? `, ${catalog.importWarnings} import warnings` : ''}`,
    ...catalog.skipped.slice(0, 4).map((entry) => `    skipped ${entry.path}: ${entry.reason}`),
    ...(catalog.skipped.length > 4 ? [`    … and ${catalog.skipped.length - 4} more`] : []),
    ...(catalog.links ? renderLinks(catalog.links, catalog.linkFindings ?? {}) : []),
    `  publish policy: ${catalog.policy}`,
    '',
    `${publish.summary} (${publish.published.length} versions); ${publish.refused.length} refused by the quality gates`,
  ];
  for (const refused of publish.refused) {
    lines.push(`  ✗ ${refused.id}@${refused.version} (${refused.status} ${refused.code})`);
    for (const reason of refused.reasons.slice(0, 3)) lines.push(`      ${reason}`);
  }
  return lines.join('\n');
}

function renderMarketplace(report: QuickstartReport): string {
  const m = report.marketplace;
  const a = m.attack;
  const reasons = Object.entries(a.reasons)
    .sort((x, y) => y[1] - x[1])
    .map(([reason, count]) => `${reason} ×${count}`)
    .join(', ');
  return [
    `Simulated ${m.weeks} weeks (${m.start.slice(0, 10)} → ${m.end.slice(0, 10)}) with ${m.teams} teams:`,
    `  adoption events: ${m.adoptionEvents.install} installs, ${m.adoptionEvents.download} downloads, ${m.adoptionEvents.uninstall} uninstalls`,
    `  reviews: ${m.reviews.submitted} submitted, ${m.reviews.accepted} accepted, ${m.reviews.flagged} flagged at submission`,
    `Planted attack: ${a.accounts} new accounts posted ${a.reviews} one-star near-duplicate reviews of ${a.target} within hours`,
    `  screening flagged ${a.flagged} of ${a.reviews} attack reviews (${reasons || 'no reasons'}); ${a.honestFlagged} of ${a.honestReviews} honest reviews of the target flagged`,
    `  rating of the target: ${fmt(a.screenedMean)} with screening, ${fmt(a.naiveMean)} if every review counted`,
  ].join('\n');
}

function renderNetwork(report: QuickstartReport): string {
  const n = report.network;
  const raw = n.example.raw;
  const rawView = {
    migrationId: raw.migrationId,
    deploymentId: raw.deploymentId,
    customer: raw.customer,
    sourceCloud: raw.sourceCloud,
    targetCloud: raw.targetCloud,
    strategy: raw.strategy,
    resourceTypes: raw.resourceTypes,
    steps: raw.steps.map((step) => ({
      action: step.action,
      command: step.command,
      durationSeconds: step.durationSeconds,
      success: step.success,
      ...(step.error ? { error: step.error } : {}),
    })),
    success: raw.success,
    monthlyCost: `${raw.monthlyCostBefore} → ${raw.monthlyCostAfter}`,
    notes: raw.notes,
  };
  const sideBySide = columns(
    [`raw record (stays in ${n.example.deployment})`, ...json(rawView)],
    ['anonymized contribution (shared)', ...json(n.example.contribution)],
    46,
  );
  const lines = [
    `Pattern network "${n.networkId}": 3 deployments, each with its own replica`,
    ...n.deployments.map(
      (d) =>
        `  ${d.name.padEnd(10)} pseudonym ${d.pseudonym.slice(0, 16)}…  ${d.rawRecords} raw records → ${d.contributions} contributions`,
    ),
    `  northwind and contoso write into their own replicas; initech contributes through the registry API (re-anonymized on arrival: ${n.registryRedactions} redactions)`,
    `  contributing without consent: ${n.consentRefused ? 'refused locally (ConsentRequiredError)' : 'NOT refused locally'}, ${n.clientConsentRefused ? 'the registry client sent nothing (E_CONSENT_REQUIRED)' : 'the registry client sent it'}; nothing written`,
    '',
    ...sideBySide,
    '',
    `  anonymizer findings in the failed step's error: ${n.example.findings.map((f) => `${f.kind} "${short(f.text)}"`).join(', ') || 'none'}`,
    '',
    `Sync: ${n.sessions.length} sessions (peer to peer ${n.sessions
      .filter((s) => s.to !== 'registry')
      .map((s) => `${s.from}→${s.to}`)
      .join(
        ', ',
      )}, then each deployment with the registry), at most ${Math.max(...n.sessions.map((s) => s.roundTrips))} round trips each, ${n.sessions.reduce((sum, s) => sum + s.bytes, 0).toLocaleString('en-US')} bytes in all`,
    `All replicas converged: ${n.converged ? 'yes' : 'NO'} — heads ${n.heads.map((h) => h.slice(0, 12)).join(', ')} on all three deployments and the registry`,
    '',
    `Aggregated network patterns (${n.records} contributions; the registry lists ${n.registryPatterns}):`,
    ...table(
      ['route', 'strategy', 'resources', 'runs', 'success', 'mean h', 'savings %', 'deployments'],
      n.patterns.map((p) => [
        p.route,
        p.strategy,
        p.resourceTypes.join('+'),
        String(p.executions),
        `${Math.round(p.successRate * 100)}%`,
        p.meanDurationHours.toFixed(1),
        p.meanCostSavingsPercent.toFixed(1),
        String(p.contributors),
      ]),
    ),
    '',
    `Rights of deployment ${n.erasure.deployment} (pseudonym ${n.erasure.pseudonym.slice(0, 16)}…):`,
    `  export from the registry: ${n.erasure.exportedFromRegistry} records (another deployment's replica held ${n.erasure.exported})`,
    `  erasure: ${n.erasure.erasedAtRegistry} records erased at the registry; network runs ${n.erasure.recordsBefore} → ${n.erasure.recordsAfter}; export afterwards: ${n.erasure.exportAfter} records`,
    `  a stale backup that still held the records synced back: ${n.erasure.staleReplicaResurrected ? 'records RESURRECTED' : 'they did not count again'}; replicas converged again: ${n.erasure.convergedAfter ? 'yes' : 'NO'}`,
  ];
  return box('Pattern network', lines);
}

function json(value: unknown): string[] {
  return JSON.stringify(value, null, 1).split('\n');
}

/** Two columns of `width` characters; long lines wrap. */
function columns(left: readonly string[], right: readonly string[], width: number): string[] {
  const wrapAll = (lines: readonly string[]) =>
    lines.flatMap((line) => {
      const chars = [...line];
      if (chars.length <= width) return [line];
      const out: string[] = [];
      for (let i = 0; i < chars.length; i += width)
        out.push((i === 0 ? '' : '  ') + chars.slice(i, i + width - (i === 0 ? 0 : 2)).join(''));
      return out;
    });
  const a = wrapAll(left);
  const b = wrapAll(right);
  const rows: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i] ?? '';
    rows.push(`${l}${' '.repeat(Math.max(0, width - [...l].length))} │ ${b[i] ?? ''}`);
  }
  return rows;
}

function short(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}…` : text;
}

function fmt(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(2)}★`;
}

/** The link-integrity report of a Markdown library: findings by kind, a few examples, the coverage metrics. */
function renderLinks(
  links: NonNullable<QuickstartReport['catalog']['links']>,
  byKind: Record<string, number>,
): string[] {
  const total = Object.values(byKind).reduce((sum, n) => sum + n, 0);
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
  const { coverage } = links;
  return [
    `  links: ${links.checked.patternReferences} pattern references and ${links.checked.pageLinks} page links checked; ${total} findings${
      total
        ? ` (${Object.entries(byKind)
            .map(([kind, n]) => `${n} ${kind}`)
            .join(', ')})`
        : ''
    }`,
    ...links.findings.slice(0, 4).map((f) => `    ${f.listing} ${f.field} → ${f.target}`),
    `  coverage: ${Object.entries(coverage.sections)
      .map(([section, value]) => `${section} ${percent(value.share)}`)
      .join(', ')}`,
    `  gold patterns with a production checklist: ${coverage.gold.withProductionChecklist}/${coverage.gold.patterns} (${percent(coverage.gold.share)}); cross-references per pattern: ${coverage.averageCrossReferences.toFixed(2)}`,
  ];
}
