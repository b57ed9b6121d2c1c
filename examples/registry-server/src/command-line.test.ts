import { describe, expect, it } from 'vitest';
import { parseRegistryCommand } from './command-line.js';

describe('parseRegistryCommand', () => {
  it('reads the privacy flags and the purge command', () => {
    const command = parseRegistryCommand(
      [
        '--min-contributors',
        '5',
        '--purge-after',
        '7',
        '--audit-retention',
        '365',
        '--operator',
        'ops',
        '--operator',
        'sec',
      ],
      {},
    );
    expect(command).toMatchObject({
      help: false,
      options: { minContributors: 5, purgeAfterDays: 7, auditRetentionDays: 365, operators: ['ops', 'sec'] },
    });
    expect(parseRegistryCommand(['purge', '--db', './registry.db', '--network-id', 'acme-net'], {})).toEqual({
      help: false,
      options: { db: './registry.db' },
      purge: { db: './registry.db', networkId: 'acme-net' },
    });
    for (const bad of [
      ['--min-contributors', '0'],
      ['--purge-after', '-1'],
      ['--audit-retention', 'forever'],
      ['--operator', 'Not A Team'],
      ['vacuum'],
      ['purge', 'now'],
    ]) {
      expect(() => parseRegistryCommand(bad, {}), bad.join(' ')).toThrow(
        expect.objectContaining({ code: 'E_USAGE' }),
      );
    }
  });

  it('reads the flags and POLLINATE_TOKENS', () => {
    const command = parseRegistryCommand(
      [
        '--port',
        '0',
        '--db',
        ':memory:',
        '--rate-limit',
        '10/2.5',
        '--body-limit',
        '1024',
        '--synchronous',
        'normal',
      ],
      { POLLINATE_TOKENS: 'acme:token-aaaaaaaa' },
    );
    expect(command).toEqual({
      help: false,
      options: {
        port: 0,
        db: ':memory:',
        hostname: '127.0.0.1',
        tokens: 'acme:token-aaaaaaaa',
        bodyLimitBytes: 1024,
        rateLimit: { capacity: 10, refillPerSecond: 2.5 },
        synchronous: 'normal',
      },
    });
  });

  it('reads the auditor and moderator tokens and the attestation key from the environment', () => {
    const command = parseRegistryCommand([], {
      POLLINATE_AUDITOR_TOKENS: 'alice:auditor-token-1',
      POLLINATE_MODERATOR_TOKENS: 'mod:moderator-token-1',
      POLLINATE_ATTESTATION_KEY: 'AB'.repeat(32),
    });
    expect(command).toMatchObject({
      help: false,
      options: {
        auditorTokens: 'alice:auditor-token-1',
        moderatorTokens: 'mod:moderator-token-1',
        attestationKey: 'ab'.repeat(32),
      },
    });
    expect(() => parseRegistryCommand([], { POLLINATE_ATTESTATION_KEY: 'abc' })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });

  it('defaults to port 4873 and ./registry.db, and turns the rate limit off on request', () => {
    const command = parseRegistryCommand(['--rate-limit', 'off'], {});
    expect(command).toMatchObject({
      help: false,
      options: { port: 4873, db: './registry.db', rateLimit: false },
    });
    expect(parseRegistryCommand(['--help'], {})).toEqual({ help: true });
  });

  it('reads the hostile-input limits', () => {
    const command = parseRegistryCommand(
      [
        '--search-cache-bytes',
        '1048576',
        '--max-json-depth',
        '64',
        '--anonymous-limit',
        '100/60',
        '--failed-auth-limit',
        '5/300/600',
      ],
      {},
    );
    expect(command).toMatchObject({
      options: {
        searchCacheBytes: 1_048_576,
        maxJsonDepth: 64,
        addressRateLimit: {
          anonymous: { points: 100, durationSeconds: 60 },
          failedAuth: { points: 5, durationSeconds: 300, blockSeconds: 600 },
        },
      },
    });
    expect(parseRegistryCommand(['--anonymous-limit', 'off'], {})).toMatchObject({
      options: { addressRateLimit: { anonymous: false } },
    });
  });

  it('reads the network signing secret from POLLINATE_NETWORK_SECRET and refuses a short one', () => {
    const command = parseRegistryCommand(
      ['--network-id', 'acme', '--network-shards', '1024', '--network-loaded-shards', '128'],
      { POLLINATE_NETWORK_SECRET: 'ab'.repeat(32) },
    );
    expect(command).toMatchObject({
      options: {
        network: {
          networkId: 'acme',
          shards: 1024,
          maxLoadedShards: 128,
          signingSecret: new Uint8Array(32).fill(0xab),
        },
      },
    });
    expect(() => parseRegistryCommand([], { POLLINATE_NETWORK_SECRET: 'abcd' })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
  });

  it('refuses bad values with E_USAGE naming the flag', () => {
    for (const [args, flag] of [
      [['--port', 'abc'], '--port'],
      [['--port', '70000'], '--port'],
      [['--body-limit', '-1'], '--body-limit'],
      [['--rate-limit', 'fast'], '--rate-limit'],
      [['--synchronous', 'off'], '--synchronous'],
      [['--search-cache-bytes', '1.5'], '--search-cache-bytes'],
      [['--max-json-depth', '0'], '--max-json-depth'],
      [['--anonymous-limit', '0/60'], '--anonymous-limit'],
      [['--failed-auth-limit', 'ten'], '--failed-auth-limit'],
      [['--network-shards', '1000'], '--network-shards'],
      [['--network-shards', '0'], '--network-shards'],
      [['--network-loaded-shards', '-1'], '--network-loaded-shards'],
      [['--unknown'], 'unknown'],
    ] as const) {
      expect(() => parseRegistryCommand(args, {})).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
      expect(() => parseRegistryCommand(args, {})).toThrow(flag);
    }
  });

  it('reads the PostgreSQL options and refuses bad ones', () => {
    const command = parseRegistryCommand(
      ['--db', 'postgresql://registry@db:5432/registry', '--pool-size', '20', '--statement-timeout', '0'],
      {},
    );
    expect(command).toMatchObject({
      help: false,
      options: { db: 'postgresql://registry@db:5432/registry', poolSize: 20, statementTimeoutMs: 0 },
    });
    for (const bad of [
      ['--pool-size', '0'],
      ['--pool-size', 'many'],
      ['--statement-timeout', '-1'],
    ])
      expect(() => parseRegistryCommand(bad, {})).toThrowError(expect.objectContaining({ code: 'E_USAGE' }));
  });
});
