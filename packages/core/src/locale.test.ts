// Core's schemas are zod/mini schemas, and zod/mini loads no error messages: core sets zod's
// English ones unless the application chose a locale first. This file imports only zod/mini
// modules (no `zod` classic import, which would set English itself).
import { describe, expect, it, vi } from 'vitest';

describe('validation messages with zod/mini alone', () => {
  it("are zod's English messages", async () => {
    vi.resetModules();
    const { TeamIdSchema, SemverSchema } = await import('./identifiers.js');
    expect(TeamIdSchema.safeParse('').error?.issues[0]?.message).toBe(
      'Too small: expected string to have >=1 characters',
    );
    expect(TeamIdSchema.safeParse(5).error?.issues[0]?.message).toBe(
      'Invalid input: expected string, received number',
    );
    // Core's own messages are unchanged.
    expect(SemverSchema.safeParse('v1').error?.issues[0]?.message).toBe(
      'must be a semantic version such as 1.2.3',
    );
  });

  it('keep a locale the application configured before importing core', async () => {
    vi.resetModules();
    const z = await import('zod/mini');
    const { de } = await import('zod/locales');
    z.config(de());
    const { TeamIdSchema } = await import('./identifiers.js');
    expect(TeamIdSchema.safeParse(5).error?.issues[0]?.message).toBe(
      'Ungültige Eingabe: erwartet string, erhalten Zahl',
    );
  });
});
