import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attestationPublicKey, ValidationError, verifyAttestation } from '@pollinate/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningRegistry,
  samplePackage,
  startRegistry,
} from '../../../../examples/registry-server/src/index.js';
import { createRegistryClient } from '../client.js';
import { createTrustClient } from '../trust.js';
import { captureCli } from './capture.js';
import { EXIT_CODES } from './program.js';

// The client and the `pollinate` commands of issue 20 (structured reviews, replies,
// attestations, moderation) against the real registry on loopback.

const token = {
  acme: 'acme-token-0123456789',
  zeta: 'zeta-token-0123456789',
  alice: 'alice-auditor-token-0123',
  mod: 'mod-moderator-token-0123',
};
const KEY = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const dir = mkdtempSync(join(tmpdir(), 'pollinate-trust-'));
let registry: RunningRegistry;

beforeAll(async () => {
  registry = await startRegistry({
    db: join(dir, 'registry.db'),
    tokens: `acme:${token.acme},zeta:${token.zeta}`,
    auditorTokens: `alice:${token.alice}`,
    moderatorTokens: `mod:${token.mod}`,
    attestationKey: KEY,
    synchronous: 'normal',
  });
  const acme = createRegistryClient({ baseUrl: registry.url, token: token.acme });
  await acme.publish(samplePackage('acme/retry', '1.0.0'));
});
afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[], as?: keyof typeof token) {
  return captureCli(args, {
    env: { POLLINATE_REGISTRY: registry.url, ...(as ? { POLLINATE_TOKEN: token[as] } : {}) },
    cwd: dir,
  });
}

describe('pollinate trust commands', () => {
  it('reviews with the seed’s structure, lists the summary, and the publisher replies once', async () => {
    const reviewed = await run(
      [
        'review',
        'acme/retry',
        '--rating',
        '4',
        '--body',
        'Cut our error rate on webhooks',
        '--pro',
        'clear backoff policy',
        '--pro',
        'small',
        '--con',
        'no jitter by default',
        '--use-case',
        'payment webhooks',
        '--performance',
        'neutral',
        '--effort',
        'days',
        '--recommend',
        '--json',
      ],
      'zeta',
    );
    expect(reviewed.code).toBe(EXIT_CODES.ok);
    const result = JSON.parse(reviewed.stdout) as { review: { id: string; pros: string[] }; status: string };
    expect(result.status).toBe('accepted');
    expect(result.review.pros).toEqual(['clear backoff policy', 'small']);
    const bad = await run(['review', 'acme/retry', '--rating', '4', '--effort', 'years'], 'zeta');
    expect(bad.code).toBe(EXIT_CODES.usage);
    const blank = await run(['review', 'acme/retry', '--rating', '4', '--pro', ''], 'zeta');
    expect(blank.code).toBe(EXIT_CODES.usage);
    expect(blank.stderr).toContain('pros.0');

    const reply = await run(
      ['reply', 'acme/retry', result.review.id, '--body', 'Jitter lands in 1.1.0'],
      'acme',
    );
    expect(reply.code).toBe(EXIT_CODES.ok);
    expect((await run(['reply', 'acme/retry', result.review.id, '--body', 'again'], 'acme')).code).toBe(
      EXIT_CODES.conflict,
    );
    expect((await run(['reply', 'acme/retry', result.review.id, '--body', 'me'], 'zeta')).code).toBe(
      EXIT_CODES.auth,
    );

    const listed = await run(['reviews', 'acme/retry']);
    expect(listed.code).toBe(EXIT_CODES.ok);
    expect(listed.stdout).toContain('clear backoff policy (1)');
    expect(listed.stdout).toContain('no jitter by default (1)');
    expect(listed.stdout).toMatch(/median effort\s+days/);
    expect(listed.stdout).toContain('Jitter lands in 1.1.0');
  });

  it('attests as an auditor and checks the signatures offline against a pinned key', async () => {
    const attested = await run(
      [
        'attest',
        'acme/retry@1.0.0',
        '--security-scan',
        '--benchmarks',
        '--no-comprehensive-tests',
        '--coverage',
        '72.5',
        '--statement',
        'osv-scanner on the published files',
        '--json',
      ],
      'alice',
    );
    expect(attested.code).toBe(EXIT_CODES.ok);
    const record = JSON.parse(attested.stdout) as { signed: { attestation: { evidence: object } } };
    expect(record.signed.attestation.evidence).toEqual({
      securityScan: true,
      benchmarks: true,
      comprehensiveTests: false,
      testCoverage: 72.5,
    });
    expect((await run(['attest', 'acme/retry@1.0.0', '--security-scan'], 'acme')).code).toBe(EXIT_CODES.auth);
    expect((await run(['attest', 'acme/retry', '--security-scan'], 'alice')).code).toBe(EXIT_CODES.usage);
    expect((await run(['attest', 'acme/retry@1.0.0'], 'alice')).code).toBe(EXIT_CODES.usage);

    const pinned = attestationPublicKey(KEY);
    const checked = await run(['attestations', 'acme/retry@1.0.0', '--key', pinned]);
    expect(checked.code).toBe(EXIT_CODES.ok);
    expect(checked.stdout).toContain('valid');
    expect(checked.stdout).not.toContain('INVALID');
    // Against another key every signature fails, and the command says so in its exit code.
    const wrong = await run(['attestations', 'acme/retry@1.0.0', '--key', 'ab'.repeat(32)]);
    expect(wrong.code).toBe(EXIT_CODES.failure);
    expect(wrong.stdout).toContain('INVALID (wrong-key)');

    // The library call: pin the key, fetch, verify.
    const client = createRegistryClient({ baseUrl: registry.url });
    const trust = createTrustClient(client);
    expect((await trust.attestationKey()).publicKey).toBe(pinned);
    const list = await trust.listAttestations('acme/retry', '1.0.0');
    expect(list.attestations.every((a) => verifyAttestation(a.signed, pinned).valid)).toBe(true);
    const reputation = await client.getReputation('acme/retry');
    expect(reputation.attestations).toBe(1);
    expect(reputation.certification.sources).toMatchObject({
      securityScan: 'auditor',
      benchmarks: 'auditor',
    });
  });

  it('moderates over the CLI: queue, reject with a reason, restore, show and log', async () => {
    // The publisher's own review is flagged (self-review).
    const own = await run(
      ['review', 'acme/retry', '--rating', '5', '--body', 'ours is the best', '--json'],
      'acme',
    );
    const flagged = JSON.parse(own.stdout) as { review: { id: string }; status: string };
    expect(flagged.status).toBe('flagged');

    expect((await run(['moderation', 'queue'], 'acme')).code).toBe(EXIT_CODES.auth);
    const queue = await run(['moderation', 'queue', '--json'], 'mod');
    expect(queue.code).toBe(EXIT_CODES.ok);
    expect(
      (JSON.parse(queue.stdout) as { reviews: { review: { id: string } }[] }).reviews.map((r) => r.review.id),
    ).toEqual([flagged.review.id]);
    expect((await run(['moderation', 'reject', flagged.review.id], 'mod')).code).toBe(EXIT_CODES.usage);
    const rejected = await run(
      ['moderation', 'reject', flagged.review.id, '--reason', 'publisher staff'],
      'mod',
    );
    expect(rejected.code).toBe(EXIT_CODES.ok);
    expect(rejected.stdout).toContain('flagged → rejected');
    const restored = await run(
      ['moderation', 'accept', flagged.review.id, '--reason', 'appeal: disclosed affiliation'],
      'mod',
    );
    expect(restored.stdout).toContain('rejected → accepted');
    await run(['moderation', 'reject', flagged.review.id, '--reason', 'still staff'], 'mod');
    expect((await run(['appeal', 'acme/retry', flagged.review.id, '--reason', 'x'], 'zeta')).code).toBe(
      EXIT_CODES.auth,
    );
    const appealed = await run(['appeal', 'acme/retry', flagged.review.id, '--reason', 'disclosed'], 'acme');
    expect(appealed.code).toBe(EXIT_CODES.ok);
    expect(appealed.stdout).toContain('rejected → flagged');
    expect((await run(['appeal', 'acme/retry', flagged.review.id, '--reason', 'again'], 'acme')).code).toBe(
      EXIT_CODES.conflict,
    );
    await run(['moderation', 'accept', flagged.review.id, '--reason', 'appeal upheld'], 'mod');
    const shown = await run(['moderation', 'show', flagged.review.id], 'mod');
    expect(shown.stdout).toContain('publisher staff');
    expect(shown.stdout).toContain('appeal: disclosed affiliation');
    const log = await run(['moderation', 'log', '--pattern', 'acme/retry', '--json'], 'mod');
    expect((JSON.parse(log.stdout) as { decisions: unknown[] }).decisions).toHaveLength(5);
    expect((await run(['moderation', 'show', 'no-such-review'], 'mod')).code).toBe(EXIT_CODES.notFound);

    // Bad input is refused by the client before anything is sent.
    const client = createTrustClient(createRegistryClient({ baseUrl: registry.url, token: token.mod }));
    await expect(
      client.moderateReview(flagged.review.id, { decision: 'reject', reason: '' }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await client.getModeratedReview(flagged.review.id)).decisions.map((d) => d.decision)).toEqual([
      'reject',
      'accept',
      'reject',
      'appeal',
      'accept',
    ]);
  });
});
