import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import type { PatternPackageInput } from './pattern-package.js';
import {
  checkPublishable,
  checkPublishableAsync,
  markdownHeadings,
  type PublishReport,
  QUALITY_SCORE_WEIGHTS,
} from './quality-gates.js';

const README = `# Retry

Retries failed calls with backoff.

## Quick start

\`\`\`sh
npm install @acme/retry
# Usage (a comment in a code block, not a heading)
\`\`\`

## API

\`retry(fn, options)\`
`;

function goodPackage(overrides: Partial<PatternPackageInput> = {}): PatternPackageInput {
  return {
    listing: {
      id: 'acme/retry',
      name: 'Retry',
      version: '1.4.0',
      publisher: { id: 'acme', name: 'Acme' },
      category: 'resilience',
      license: 'MIT',
      publishedAt: '2026-11-21T09:00:00Z',
    },
    files: [{ path: 'src/retry.ts', content: 'export const retry = () => {};' }],
    documentation: { readme: README },
    examples: [{ title: 'Basic', code: 'await retry(call);' }],
    tests: { total: 40, passed: 40, failed: 0, coveragePercent: 90 },
    benchmarks: [{ name: 'retry', metric: 'overhead', value: 0.2, unit: 'ms' }],
    ...overrides,
  };
}

const gate = (report: PublishReport, id: string) => report.gates.find((entry) => entry.id === id);

describe('checkPublishable', () => {
  it('passes a complete package with the expected score', () => {
    const report = checkPublishable(goodPackage());
    expect(report.publishable).toBe(true);
    expect(report.score).toBe(99); // everything but one coverage point (90% of 10)
    expect(report.gates.map((entry) => entry.id)).toEqual([
      'schema',
      'readme-quick-start',
      'api-reference',
      'examples',
      'migration-guide',
      'tests-present',
      'tests-passing',
      'benchmarks',
      'license',
      'security-report',
      'quality-score',
    ]);
    expect(report.gates.every((entry) => entry.passed && entry.message !== '')).toBe(true);
    expect(report.gates.filter((entry) => entry.severity === 'warning').map((entry) => entry.id)).toEqual([
      'benchmarks',
    ]);
  });

  it('the score weights add up to 100', () => {
    expect(Object.values(QUALITY_SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('fails each documentation gate with a message', () => {
    const report = checkPublishable(
      goodPackage({ documentation: { readme: '# Retry\n\nNothing here.' }, examples: [] }),
    );
    expect(report.publishable).toBe(false);
    for (const id of ['readme-quick-start', 'api-reference', 'examples']) {
      expect(gate(report, id)?.passed).toBe(false);
      expect(gate(report, id)?.message.length).toBeGreaterThan(10);
    }
    expect(report.score).toBe(99 - 45);
    expect(gate(report, 'quality-score')?.passed).toBe(false);
  });

  it('accepts documentation.apiReference and setext headings', () => {
    const report = checkPublishable(
      goodPackage({
        documentation: {
          readme: 'Retry\n=====\n\nGetting started\n---------------\n',
          apiReference: 'retry()',
        },
      }),
    );
    expect(gate(report, 'readme-quick-start')?.passed).toBe(true);
    expect(gate(report, 'api-reference')?.passed).toBe(true);
  });

  it('requires a migration guide for non-initial majors and breaking changes', () => {
    const major = (version: string, documentation = { readme: README }) =>
      goodPackage({ listing: { ...goodPackage().listing, version }, documentation });
    expect(gate(checkPublishable(major('1.0.0')), 'migration-guide')?.passed).toBe(true);
    expect(gate(checkPublishable(major('2.0.0')), 'migration-guide')?.passed).toBe(false);
    expect(
      gate(
        checkPublishable(major('2.0.0', { readme: README, migrationGuide: 'Rename x to y.' } as never)),
        'migration-guide',
      )?.passed,
    ).toBe(true);
    expect(
      gate(
        checkPublishable(major('3.0.0', { readme: `${README}\n## Migrating from 2.x\n` })),
        'migration-guide',
      )?.passed,
    ).toBe(true);
    expect(
      gate(checkPublishable(major('0.3.0'), { previousVersion: '0.2.5' }), 'migration-guide')?.passed,
    ).toBe(false);
    expect(
      gate(checkPublishable(major('2.1.0'), { previousVersion: '2.0.3' }), 'migration-guide')?.passed,
    ).toBe(true);
  });

  it('checks tests are present and passing, and coverage when asked', () => {
    const none = checkPublishable(goodPackage({ tests: undefined }));
    expect(gate(none, 'tests-present')?.passed).toBe(false);
    expect(gate(none, 'tests-passing')?.passed).toBe(false);
    const failing = checkPublishable(goodPackage({ tests: { total: 10, passed: 9, failed: 1 } }));
    expect(gate(failing, 'tests-present')?.passed).toBe(true);
    expect(gate(failing, 'tests-passing')).toMatchObject({
      passed: false,
      message: '9 of 10 tests passed, 1 failed',
    });
    const coverage = checkPublishable(goodPackage(), { minCoveragePercent: 95 });
    expect(gate(coverage, 'test-coverage')?.passed).toBe(false);
    expect(coverage.publishable).toBe(false);
  });

  it('checks the license against an allow-list with SPDX OR/AND semantics', () => {
    const withLicense = (license: string) => goodPackage({ listing: { ...goodPackage().listing, license } });
    const policy = { allowedLicenses: ['MIT', 'Apache-2.0'] };
    expect(gate(checkPublishable(withLicense('GPL-3.0-only OR MIT'), policy), 'license')?.passed).toBe(true);
    expect(gate(checkPublishable(withLicense('GPL-3.0-only AND MIT'), policy), 'license')?.passed).toBe(
      false,
    );
    expect(
      gate(checkPublishable(withLicense('Apache-2.0 WITH LLVM-exception'), policy), 'license')?.passed,
    ).toBe(true);
    expect(gate(checkPublishable(withLicense('GPL-3.0-only'), policy), 'license')?.passed).toBe(false);
  });

  it('runs scanners and fails on findings at or above the severity', () => {
    const secrets = {
      name: 'secrets',
      scan: () => [
        { severity: 'critical' as const, rule: 'aws-key', message: 'AWS key', location: 'src/retry.ts:3' },
      ],
    };
    const lint = { name: 'lint', scan: () => [{ severity: 'low' as const, rule: 'todo', message: 'TODO' }] };
    const report = checkPublishable(goodPackage(), { scanners: [secrets, lint] });
    expect(report.publishable).toBe(false);
    expect(gate(report, 'scanner:secrets')).toMatchObject({ passed: false, findings: [{ rule: 'aws-key' }] });
    expect(gate(report, 'scanner:secrets')?.message).toContain('aws-key (src/retry.ts:3)');
    expect(gate(report, 'scanner:lint')).toMatchObject({ passed: true, findings: [] });
    expect(
      gate(checkPublishable(goodPackage(), { scanners: [lint], failOnSeverity: 'low' }), 'scanner:lint')
        ?.passed,
    ).toBe(false);
  });

  it('a scanner that throws or returns junk fails its gate, never the call', () => {
    const throwing = {
      name: 'broken',
      scan: () => {
        throw new TypeError('boom');
      },
    };
    const junk = { name: 'junk', scan: () => 'nope' as never };
    const report = checkPublishable(goodPackage(), { scanners: [throwing, junk] });
    expect(gate(report, 'scanner:broken')).toMatchObject({
      passed: false,
      message: 'Scanner broken failed: boom',
    });
    expect(gate(report, 'scanner:junk')?.passed).toBe(false);
  });

  it('fails on shipped security findings and a missing report when required', () => {
    const security = {
      scanner: 'audit',
      scannedAt: '2026-11-20T00:00:00Z',
      findings: [{ severity: 'high' as const, rule: 'CVE-2026-1', message: 'vulnerable dependency' }],
    };
    expect(gate(checkPublishable(goodPackage({ security })), 'security-report')?.passed).toBe(false);
    expect(
      gate(checkPublishable(goodPackage(), { requireSecurityReport: true }), 'security-report')?.passed,
    ).toBe(false);
  });

  it('missing benchmarks warn by default and block when the policy says so', () => {
    const report = checkPublishable(goodPackage({ benchmarks: [] }));
    expect(gate(report, 'benchmarks')).toMatchObject({ passed: false, severity: 'warning' });
    expect(report.publishable).toBe(true);
    expect(report.score).toBe(94);
    expect(
      checkPublishable(goodPackage({ benchmarks: [] }), { gateSeverity: { benchmarks: 'error' } })
        .publishable,
    ).toBe(false);
  });

  it('gate severities can be relaxed to warnings or turned off, except schema', () => {
    const report = checkPublishable(goodPackage({ examples: [] }), {
      gateSeverity: { examples: 'warning', 'security-report': 'off', schema: 'off' },
    });
    expect(gate(report, 'examples')).toMatchObject({ passed: false, severity: 'warning' });
    expect(gate(report, 'security-report')).toBeUndefined();
    expect(report.publishable).toBe(true);
    expect(gate(checkPublishable(42, { gateSeverity: { schema: 'off' } }), 'schema')?.passed).toBe(false);
  });

  it('never throws on a bad package: it reports a schema failure naming the fields', () => {
    for (const junk of [
      null,
      undefined,
      42,
      'pkg',
      [],
      {},
      { listing: {} },
      JSON.parse('{"__proto__":{"x":1}}'),
    ]) {
      const report = checkPublishable(junk);
      expect(report.publishable).toBe(false);
      expect(report.score).toBe(0);
      expect(report.gates[0]).toMatchObject({ id: 'schema', passed: false, severity: 'error' });
    }
    expect(gate(checkPublishable({ listing: {} }), 'schema')?.message).toContain('listing.id');
  });

  it('throws a ValidationError only for a malformed policy', () => {
    expect(() => checkPublishable(goodPackage(), { minScore: 101 })).toThrow(ValidationError);
    expect(() => checkPublishable(goodPackage(), { minScore: Number.NaN })).toThrow(ValidationError);
    expect(() => checkPublishable(goodPackage(), { failOnSeverity: 'severe' as never })).toThrow(
      ValidationError,
    );
    expect(() => checkPublishable(goodPackage(), { previousVersion: '1' })).toThrow(ValidationError);
    expect(() => checkPublishable(goodPackage(), { scanners: [{ name: 'x' }] as never })).toThrow(
      ValidationError,
    );
    expect(() =>
      checkPublishable(goodPackage(), {
        scanners: [
          { name: 'x', scan: () => [] },
          { name: 'x', scan: () => [] },
        ],
      }),
    ).toThrow(ValidationError);
  });
});

describe('markdownHeadings', () => {
  it('finds ATX and setext headings outside code fences', () => {
    expect(markdownHeadings('# A #\n\n~~~\n# no\n~~~\nB\n---\n- item\n---\n  ## C\n')).toEqual([
      'A',
      'B',
      'C',
    ]);
  });
});

describe('checkPublishableAsync', () => {
  const finding = { severity: 'critical', rule: 'osv/GHSA-1', message: 'vulnerable dependency' } as const;

  it('awaits asynchronous scanners; their findings gate the publish like synchronous ones', async () => {
    const report = await checkPublishableAsync(goodPackage(), {
      scanners: [
        { name: 'advisories', scan: async () => [finding] },
        { name: 'clean', scan: () => [] },
      ],
    });
    expect(report.publishable).toBe(false);
    expect(gate(report, 'scanner:advisories')).toMatchObject({ passed: false, findings: [finding] });
    expect(gate(report, 'scanner:clean')?.passed).toBe(true);
    // The other gates are those of checkPublishable.
    const sync = checkPublishable(goodPackage());
    expect(report.gates.filter((entry) => !entry.id.startsWith('scanner:'))).toEqual(sync.gates);
  });

  it('fails closed: a timeout, a rejection or junk fails the gate, never the call', async () => {
    const report = await checkPublishableAsync(goodPackage(), {
      scanners: [
        { name: 'hangs', scan: () => new Promise(() => {}), timeoutMs: 30 },
        { name: 'rejects', scan: async () => Promise.reject(new Error('database unreachable')) },
        { name: 'junk', scan: async () => 'nothing' as never },
      ],
    });
    expect(report.publishable).toBe(false);
    expect(gate(report, 'scanner:hangs')).toMatchObject({ passed: false, severity: 'error' });
    expect(gate(report, 'scanner:hangs')?.message).toContain('timed out after 30 ms');
    expect(gate(report, 'scanner:rejects')?.message).toContain('database unreachable');
    expect(gate(report, 'scanner:junk')?.passed).toBe(false);
  });

  it('the synchronous check fails the gate of an asynchronous scanner; bad timeouts are a policy error', async () => {
    const report = checkPublishable(goodPackage(), { scanners: [{ name: 'later', scan: async () => [] }] });
    expect(gate(report, 'scanner:later')).toMatchObject({ passed: false });
    expect(gate(report, 'scanner:later')?.message).toContain('checkPublishableAsync');
    await expect(
      checkPublishableAsync(goodPackage(), { scanners: [{ name: 'x', scan: () => [], timeoutMs: 0 }] }),
    ).rejects.toThrow(ValidationError);
    expect(
      (await checkPublishableAsync({ nope: true }, { scanners: [{ name: 'x', scan: () => [] }] }))
        .publishable,
    ).toBe(false);
  });
});
