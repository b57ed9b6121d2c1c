import { describe, expect, it } from 'vitest';
import { createRegistryApp } from './app.js';
import { samplePackage } from './fixtures.js';
import { openSqliteStore } from './sqlite-store.js';

const TOKEN = 'acme-token-0123456789';

function makeApp() {
  return createRegistryApp({ store: openSqliteStore(':memory:'), tokens: `acme:${TOKEN}` });
}

function publish(app: ReturnType<typeof makeApp>, id: string, version: string, dependencies = {}) {
  return app.fetch(
    new Request(`http://registry/api/v1/patterns/${id}/${version}`, {
      method: 'PUT',
      body: JSON.stringify(samplePackage(id, version, { listing: { dependencies } })),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    }),
  );
}

describe('publish with dependencies (PubGrub on the stored graph)', () => {
  it('refuses a dependency on a pattern the registry does not have, with 422 problem+json', async () => {
    const app = makeApp();
    const response = await publish(app, 'acme/app', '1.0.0', { 'acme/ghost': '^1' });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      code: 'E_UNRESOLVABLE_DEPENDENCIES',
      issues: [
        {
          path: ['listing', 'dependencies', 'acme/ghost'],
          message: 'acme/ghost is not published on this registry',
        },
      ],
      missing: [{ id: 'acme/ghost', requestedBy: 'acme/app@1.0.0', range: '^1' }],
    });
    expect((body.explanation as string[]).at(-1)).toMatch(/version solving failed/);
    // Nothing was stored.
    expect((await app.fetch(new Request('http://registry/api/v1/patterns/acme/app'))).status).toBe(404);
  });

  it('refuses a range no published version satisfies, and one that conflicts deeper in the graph', async () => {
    const app = makeApp();
    expect((await publish(app, 'acme/shared', '1.0.0')).status).toBe(201);
    expect((await publish(app, 'acme/shared', '2.0.0')).status).toBe(201);
    expect((await publish(app, 'acme/lib', '1.0.0', { 'acme/shared': '^1' })).status).toBe(201);
    const tooNew = await publish(app, 'acme/app', '1.0.0', { 'acme/shared': '^3' });
    expect(tooNew.status).toBe(422);
    expect(await tooNew.json()).toMatchObject({
      code: 'E_UNRESOLVABLE_DEPENDENCIES',
      conflicts: [{ id: 'acme/shared', available: ['2.0.0', '1.0.0'] }],
    });
    const deep = await publish(app, 'acme/app', '1.0.0', { 'acme/lib': '^1', 'acme/shared': '^2' });
    expect(deep.status).toBe(422);
    const body = (await deep.json()) as { explanation: string[] };
    expect(body.explanation.join('\n')).toMatch(/acme\/lib@1\.0\.0 depends on acme\/shared \^1/);
  });

  it('accepts dependencies that resolve, including by backtracking to an older version', async () => {
    const app = makeApp();
    expect((await publish(app, 'acme/c', '1.0.0')).status).toBe(201);
    expect((await publish(app, 'acme/c', '2.0.0')).status).toBe(201);
    expect((await publish(app, 'acme/a', '1.0.0', { 'acme/c': '^1' })).status).toBe(201);
    expect((await publish(app, 'acme/a', '2.0.0', { 'acme/c': '^2' })).status).toBe(201);
    expect((await publish(app, 'acme/b', '1.0.0', { 'acme/c': '^1' })).status).toBe(201);
    expect((await publish(app, 'acme/app', '1.0.0', { 'acme/a': '*', 'acme/b': '^1' })).status).toBe(201);
  });
});
