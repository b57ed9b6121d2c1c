import { describe, expect, it } from 'vitest';
import { parseRegistryCommand } from './command-line.js';

describe('parseRegistryCommand', () => {
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

  it('defaults to port 4873 and ./registry.db, and turns the rate limit off on request', () => {
    const command = parseRegistryCommand(['--rate-limit', 'off'], {});
    expect(command).toMatchObject({
      help: false,
      options: { port: 4873, db: './registry.db', rateLimit: false },
    });
    expect(parseRegistryCommand(['--help'], {})).toEqual({ help: true });
  });

  it('reads the network signing secret from POLLINATE_NETWORK_SECRET and refuses a short one', () => {
    const command = parseRegistryCommand(['--network-id', 'acme'], {
      POLLINATE_NETWORK_SECRET: 'ab'.repeat(32),
    });
    expect(command).toMatchObject({
      options: { network: { networkId: 'acme', signingSecret: new Uint8Array(32).fill(0xab) } },
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
      [['--unknown'], 'unknown'],
    ] as const) {
      expect(() => parseRegistryCommand(args, {})).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
      expect(() => parseRegistryCommand(args, {})).toThrow(flag);
    }
  });
});
